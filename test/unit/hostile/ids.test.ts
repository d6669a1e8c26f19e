// Hostile input: 10,000 generated bad ids through every entry point of the Atlas core
// that takes one. Each is refused with a readable message, and not one request (not even a token
// request) reaches the simulator.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { badIdArbitrary } from './arbitraries';
import {
  AtlasValidationError,
  createAtlasCache,
  createAtlasClient,
  validateAtlasId,
  type AtlasCache,
  type AtlasClient,
  type AtlasIdKind,
} from '../../../src/atlas';
import { AtlasSimulator, DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator } from '../../simulator';

export const RUNS = 10_000;
const GOOD_GROUP = SEED_IDS.projects.production;
const GOOD_PEER = SEED_IDS.peers.awsAvailable;
const GOOD_CONTAINER = SEED_IDS.containers.productionAwsEuWest1;

const KINDS: AtlasIdKind[] = ['project', 'peer', 'container'];

type Call = (target: AtlasClient | AtlasCache, bad: string) => Promise<unknown>;

/** Every method that takes an id, with the bad id in each id position in turn. */
export const ENTRY_POINTS: [string, Call][] = [
  ['getProject(bad)', (c, b) => c.getProject(b)],
  ['listPeers(bad)', (c, b) => c.listPeers(b)],
  ['listPeers(bad, AWS)', (c, b) => c.listPeers(b, 'AWS')],
  ['listAllPeers(bad)', (c, b) => c.listAllPeers(b)],
  ['getPeer(bad, good)', (c, b) => c.getPeer(b, GOOD_PEER)],
  ['getPeer(good, bad)', (c, b) => c.getPeer(GOOD_GROUP, b)],
  ['listContainers(bad)', (c, b) => c.listContainers(b)],
  ['listContainers(bad, GCP)', (c, b) => c.listContainers(b, 'GCP')],
  ['getContainer(bad, good)', (c, b) => c.getContainer(b, GOOD_CONTAINER)],
  ['getContainer(good, bad)', (c, b) => c.getContainer(GOOD_GROUP, b)],
];

function assertReadable(message: string, where: string): void {
  assert.ok(
    message.length > 10 && message.length < 400,
    `${where}: length ${message.length}: ${JSON.stringify(message)}`,
  );
  // One line: a pasted value cannot break the message (or a log line) in two.
  assert.ok(!/[\r\n\u2028\u2029\u0085]/.test(message), `${where}: line break in ${JSON.stringify(message)}`);
  assert.ok(
    !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(message),
    `${where}: control character in ${JSON.stringify(message)}`,
  );
}

describe('hostile ids: 10,000 generated bad ids through every entry point', function () {
  this.timeout(120_000);
  let sim: AtlasSimulator;
  let clients: { name: string; target: AtlasClient | AtlasCache }[] = [];

  before(async () => {
    sim = await startAtlasSimulator({ seed: 'demo' });
    const digest = createAtlasClient({ baseUrl: sim.url, credentials: { kind: 'apiKey', ...DEMO_CREDENTIALS.apiKey } });
    const oauth = createAtlasClient({
      baseUrl: sim.url,
      credentials: { kind: 'serviceAccount', ...DEMO_CREDENTIALS.serviceAccount },
    });
    clients = [
      { name: 'client(apiKey)', target: digest },
      { name: 'client(serviceAccount)', target: oauth },
      { name: 'cache(serviceAccount)', target: createAtlasCache(oauth, { ttlMs: 60_000 }) },
    ];
  });

  after(async () => {
    for (const c of clients) {
      c.target.dispose();
    }
    await sim?.close();
  });

  it(`validateAtlasId refuses ${RUNS.toLocaleString('en')} of them, each with a one-line message, and every client and cache method rejects them before any request`, async () => {
    let tried = 0;
    let calls = 0;
    await fc.assert(
      fc.asyncProperty(badIdArbitrary, async (bad) => {
        tried++;
        for (const kind of KINDS) {
          const r = validateAtlasId(bad, kind);
          assert.equal(r.ok, false, `${kind} accepted ${JSON.stringify(bad)}`);
          if (!r.ok) {
            assertReadable(r.message, `validateAtlasId(${kind})`);
          }
        }
        for (const { name, target } of clients) {
          for (const [entry, call] of ENTRY_POINTS) {
            calls++;
            let error: unknown;
            try {
              await call(target, bad as string);
            } catch (e) {
              error = e;
            }
            assert.ok(
              error instanceof AtlasValidationError,
              `${name}.${entry} with ${JSON.stringify(bad)}: ${String(error)}`,
            );
            assertReadable(error.userMessage, `${name}.${entry}`);
          }
        }
      }),
      { numRuns: RUNS },
    );
    assert.ok(tried >= RUNS, `tried ${tried}`);
    assert.equal(calls, tried * clients.length * ENTRY_POINTS.length);
    assert.deepEqual(sim.requestLog, [], 'no request reached the simulator');
  });

  it('a good id still goes through (the check is not vacuous)', async () => {
    const c = clients[0].target;
    assert.equal((await c.getPeer(GOOD_GROUP, GOOD_PEER)).id, GOOD_PEER);
    assert.ok(sim.requestLog.length > 0);
  });
});
