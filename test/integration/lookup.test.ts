// "Look Up Peering Connection" called with arguments in a real extension host, against the simulator:
// object and positional arguments, pcx- resolution, errors with their actions, no request for bad input,
// and what the recent-lookups list keeps.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LookupResult } from '../../src/lookup/lookupCommand';
import { RECENT_LOOKUPS_KEY } from '../../src/lookup/pure/lookupArgs';
import { DEMO_CREDENTIALS, SEED_IDS } from '../simulator';
import { apiRequests, HostFixture, startFixture } from './detailsSupport';

const COMMAND = 'atlasPeering.lookUpPeeringConnection';
const { projects, peers } = SEED_IDS;

async function lookUp(...args: unknown[]): Promise<LookupResult> {
  const r = await vscode.commands.executeCommand<LookupResult>(COMMAND, ...args);
  assert.ok(r, 'the command returns its result');
  return r;
}

describe('lookup command (extension host)', function () {
  this.timeout(60_000);
  let fx: HostFixture;

  before(async () => {
    fx = await startFixture();
    await fx.api.services.context.globalState.update(RECENT_LOOKUPS_KEY, undefined);
  });

  afterEach(async () => {
    fx.sim.clearFaults();
    fx.api.details.closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await fx?.api.services.context.globalState.update(RECENT_LOOKUPS_KEY, undefined);
    await fx?.restore();
  });

  it('is contributed to the palette', async () => {
    const all = await vscode.commands.getCommands(true);
    assert.ok(all.includes(COMMAND));
  });

  it('takes { groupId, peerId } and opens the details panel', async () => {
    const r = await lookUp({ groupId: projects.production, peerId: peers.gcpAvailable });
    assert.equal(r.ok, true);
    assert.ok(r.ok);
    assert.equal(r.provider, 'GCP');
    assert.equal(r.label, 'prod-vpc');
    assert.deepEqual(r.ref, { profile: 'default', groupId: projects.production, peerId: peers.gcpAvailable });
    const panel = fx.api.details
      .openPanels()
      .find((p) => p.key === `default/${projects.production}/${peers.gcpAvailable}`);
    assert.ok(panel);
    assert.equal(panel.state, 'details');
  });

  it('takes positional (groupId, peerId, profile) and trims pasted ids', async () => {
    const r = await lookUp(` ${projects.staging} `, `${peers.azureFailed}\n`, 'default');
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.provider, 'AZURE');
    assert.equal(r.ref.peerId, peers.azureFailed);
  });

  it("resolves an AWS pcx- id through the project's AWS peers", async () => {
    // An open details panel lists the project's peers for its counts: start from an empty cache.
    fx.api.sessions.reset();
    fx.sim.clearLog();
    const r = await lookUp({ groupId: projects.production, peerId: SEED_IDS.connectionIds.awsPendingAcceptance });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.ref.peerId, peers.awsPendingAcceptance);
    assert.equal(r.provider, 'AWS');
    const list = apiRequests(fx.sim).find((q) => q.path.endsWith(`/groups/${projects.production}/peers`));
    assert.ok(list, 'listed the peers');
    assert.equal(list.query.providerName, 'AWS');
  });

  it('says so when no AWS peer has that pcx- id', async () => {
    const r = await lookUp({ groupId: projects.production, peerId: 'pcx-0123456789abcdef0' });
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.reason, 'notFound');
    assert.match(r.message ?? '', /pcx-0123456789abcdef0/);
  });

  it('reports a 404 with its message and action', async () => {
    const r = await lookUp({ groupId: projects.production, peerId: SEED_IDS.unknown.peer });
    assert.ok(!r.ok);
    assert.equal(r.reason, 'error');
    assert.match(r.message ?? '', new RegExp(SEED_IDS.unknown.peer));
    assert.match(r.message ?? '', /not found/i);
    assert.equal(r.action, 'refresh');
    assert.equal(fx.api.details.openPanels().length, 0, 'no panel for a failed lookup');
  });

  it('reports wrong credentials with the Set Credentials action, and a 401 status the same way', async () => {
    fx.useCredentials(DEMO_CREDENTIALS.serviceAccount.clientId, 'wrong-secret-value');
    try {
      const r = await lookUp({ groupId: projects.production, peerId: peers.awsAvailable });
      assert.ok(!r.ok);
      assert.equal(r.action, 'setCredentials');
      assert.match(r.message ?? '', /service account|credentials/i);
      assert.ok(!(r.message ?? '').includes('wrong-secret-value'), 'the secret is never shown');
    } finally {
      fx.useCredentials(DEMO_CREDENTIALS.serviceAccount.clientId, DEMO_CREDENTIALS.serviceAccount.clientSecret);
    }
    fx.sim.setFault({ path: new RegExp(`/peers/${peers.awsSameRegion}$`) }, { status: 401 });
    const r = await lookUp({ groupId: projects.production, peerId: peers.awsSameRegion });
    assert.ok(!r.ok);
    assert.equal(r.action, 'setCredentials');
    assert.match(r.message ?? '', /HTTP 401/);
  });

  it('refuses invalid arguments with a clear message and sends no request', async () => {
    fx.sim.clearLog();
    const cases: unknown[][] = [
      [{ groupId: 'abc', peerId: peers.awsAvailable }],
      [{ groupId: projects.production, peerId: 'vpc-0a1b2c3d4e5f60718' }],
      [{ groupId: projects.production, peerId: 'pcx-xyz' }],
      [{ groupId: projects.production, peerId: peers.awsAvailable.toUpperCase() }],
      [{ groupId: projects.production, peerId: peers.awsAvailable, profile: 'bad profile/..' }],
      [projects.production],
      [42],
    ];
    for (const args of cases) {
      const r = await lookUp(...args);
      assert.ok(!r.ok, JSON.stringify(args));
      assert.equal(r.reason, 'invalidArguments', JSON.stringify(args));
      assert.ok((r.message ?? '').length > 10, `a message for ${JSON.stringify(args)}`);
    }
    assert.deepEqual(apiRequests(fx.sim), [], 'no request for invalid arguments');
  });

  it('keeps recent lookups as ids and labels only', async () => {
    await lookUp({ groupId: projects.production, peerId: peers.azureAvailable });
    const stored = fx.api.services.context.globalState.get<unknown[]>(RECENT_LOOKUPS_KEY);
    assert.ok(Array.isArray(stored) && stored.length >= 1);
    const first = stored[0] as Record<string, unknown>;
    assert.equal(first.peerId, peers.azureAvailable);
    assert.equal(first.groupId, projects.production);
    assert.equal(first.label, 'vnet-prod-eastus2');
    for (const entry of stored) {
      assert.deepEqual(
        Object.keys(entry as object).filter(
          (k) => !['profile', 'groupId', 'peerId', 'label', 'projectName', 'provider', 'at'].includes(k),
        ),
        [],
      );
    }
    const text = JSON.stringify(stored);
    assert.ok(!text.includes(DEMO_CREDENTIALS.serviceAccount.clientSecret));
    assert.ok(!text.includes(DEMO_CREDENTIALS.serviceAccount.clientId));
  });
});
