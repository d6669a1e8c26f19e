// The TTL cache: de-duplication, TTL, list -> object entries, peek/findById, invalidation,
// events, and cancellation that never cancels a request other callers still wait for.

import * as assert from 'node:assert/strict';
import { AtlasCacheEvent, AtlasCancelledError, createAtlasCache } from '../../../src/atlas';
import { SEED_IDS } from '../../simulator';
import { rejection, useSimulator } from './helpers';

const PROD = SEED_IDS.projects.production;
const PEER = SEED_IDS.peers.awsPendingAcceptance;

describe('atlas cache', () => {
  const { sim, client } = useSimulator();
  let clock = 1_000_000;
  const now = (): number => clock;
  const apiRequests = (): number =>
    sim().requestLog.filter((e) => e.path.startsWith('/api/atlas') && e.status === 200).length;

  async function setup(ttlMs = 60_000): Promise<ReturnType<typeof createAtlasCache>> {
    const c = client('oauth');
    await c.getProject(SEED_IDS.projects.sandbox);
    sim().clearLog();
    return createAtlasCache(c, { ttlMs, now });
  }

  it('the same peer asked for ten times at once is one request; then served from cache until the TTL', async () => {
    const cache = await setup(60_000);
    const peers = await Promise.all(Array.from({ length: 10 }, () => cache.getPeer(PROD, PEER)));
    assert.ok(peers.every((p) => p === peers[0] && p.id === PEER));
    assert.equal(apiRequests(), 1);
    await cache.getPeer(PROD, PEER);
    assert.equal(apiRequests(), 1);
    const peek = cache.peekPeer(PROD, PEER);
    assert.equal(peek?.value.id, PEER);
    assert.equal(peek?.fetchedAt, clock);
    assert.equal(peek?.expired, false);
    clock += 60_001;
    assert.equal(cache.peekPeer(PROD, PEER)?.expired, true, 'peek still shows an expired value');
    await cache.getPeer(PROD, PEER);
    assert.equal(apiRequests(), 2);
  });

  it('listAllPeers fills the per-peer entries and the per-provider lists', async () => {
    const cache = await setup();
    const all = await cache.listAllPeers(PROD);
    assert.equal(all.length, 6);
    // /containers/all, then the peers of each provider with a container (Production has all three).
    assert.equal(apiRequests(), 4);
    for (const p of all) {
      assert.equal(cache.peekPeer(PROD, p.id)?.value, p);
    }
    await cache.getPeer(PROD, SEED_IDS.peers.gcpWaitingForUser);
    await cache.listPeers(PROD, 'AZURE');
    await cache.listAllPeers(PROD);
    assert.equal(apiRequests(), 4, 'all from the cache');
    assert.equal(cache.peekAllPeers(PROD)?.value.length, 6);
    const found = cache.findById(SEED_IDS.peers.gcpWaitingForUser);
    assert.equal(found?.kind, 'peer');
    assert.equal(found?.groupId, PROD);
    const byPcx = cache.findById(SEED_IDS.connectionIds.awsPendingAcceptance);
    assert.equal(byPcx?.value.id, PEER);
  });

  it('listAllPeers asks only the providers that have a container: 1 request for a project with none', async () => {
    const cache = await setup();
    const empty = sim().data.addProject({ name: 'No peering', containers: [], peers: [] });
    assert.deepEqual(await cache.listAllPeers(empty.id), []);
    assert.equal(apiRequests(), 1, 'only /containers/all');
    assert.deepEqual(cache.peekAllPeers(empty.id)?.value, [], 'known to be empty, not unknown');
    const oneCloud = sim().data.addProject({ name: 'AWS only', containers: [], peers: [] });
    sim().data.addContainer(oneCloud.id, {
      id: 'b0b0b0b0b0b0b0b0b0b0b0b1',
      providerName: 'AWS',
      atlasCidrBlock: '10.8.0.0/21',
      provisioned: true,
      regionName: 'US_EAST_1',
      vpcId: 'vpc-0a1b2c3d4e5f60718',
    });
    sim().clearLog();
    assert.deepEqual(await cache.listAllPeers(oneCloud.id), []);
    assert.deepEqual(
      sim()
        .requestLog.filter((r) => r.path.startsWith('/api/atlas'))
        .map((r) => r.path.replace(`/api/atlas/v2/groups/${oneCloud.id}`, '')),
      ['/containers/all', '/peers'],
      'containers, then the AWS peers',
    );
  });

  it('projects and containers: lists fill entries, findById tells the kind', async () => {
    const cache = await setup();
    const projects = await cache.listProjects();
    assert.equal(projects.length, sim().data.projects.size);
    assert.equal((await cache.getProject(PROD)).name, 'Production');
    assert.equal(cache.peekProject(PROD)?.value.name, 'Production');
    assert.equal(cache.peekProjects()?.value.length, projects.length);
    const containers = await cache.listContainers(PROD);
    assert.equal(containers.length, 4);
    await cache.getContainer(PROD, SEED_IDS.containers.productionGcp);
    assert.equal(apiRequests(), 2);
    assert.equal(cache.findById(PROD)?.kind, 'project');
    assert.deepEqual(
      {
        kind: cache.findById(SEED_IDS.containers.productionAzure)?.kind,
        groupId: cache.findById(SEED_IDS.containers.productionAzure)?.groupId,
      },
      { kind: 'container', groupId: PROD },
    );
    assert.equal(cache.peekContainers(PROD)?.value.length, 4);
    assert.equal(cache.findById(SEED_IDS.unknown.peer), undefined);
  });

  it('invalidate by id refetches that object; the lists holding it show the new value', async () => {
    const cache = await setup();
    await cache.listAllPeers(PROD);
    const events: AtlasCacheEvent[] = [];
    const sub = cache.onDidUpdate((e) => events.push(e));
    sim().data.setPeerStatus(PROD, PEER, 'AVAILABLE');
    cache.invalidate({ id: PEER });
    assert.equal(cache.peekPeer(PROD, PEER), undefined);
    const fresh = await cache.getPeer(PROD, PEER);
    assert.equal(fresh.category, 'ready');
    assert.equal(apiRequests(), 5);
    const list = await cache.listPeers(PROD, 'AWS');
    assert.equal(list.find((p) => p.id === PEER)?.status, 'AVAILABLE');
    assert.equal(apiRequests(), 5, 'the list was complete again, no request');
    assert.deepEqual(events, [
      { kind: 'invalidated', id: PEER },
      { kind: 'peer', groupId: PROD, id: PEER },
    ]);
    sub.dispose();
    cache.invalidate();
    assert.equal(events.length, 2, 'a disposed listener hears nothing');
  });

  it('invalidate by project drops its objects and lists, and not the others', async () => {
    const cache = await setup();
    await cache.listAllPeers(PROD);
    await cache.listAllPeers(SEED_IDS.projects.analytics);
    await cache.listProjects();
    cache.invalidate({ groupId: PROD });
    assert.equal(cache.peekAllPeers(PROD), undefined);
    assert.equal(cache.peekPeer(PROD, PEER), undefined);
    assert.ok(cache.peekAllPeers(SEED_IDS.projects.analytics));
    assert.ok(cache.peekProjects());
    sim().clearLog();
    await cache.listAllPeers(PROD);
    await cache.listAllPeers(SEED_IDS.projects.analytics);
    assert.equal(apiRequests(), 4, 'Production again; Analytics from the cache');
    cache.invalidate();
    assert.equal(cache.peekProjects(), undefined);
    assert.equal(cache.findById(PEER), undefined);
  });

  it('a request in flight when invalidated is not stored, and new callers start a new one', async () => {
    const cache = await setup();
    sim().setFault({ path: `/api/atlas/v2/groups/${PROD}` }, { latencyMs: 150, times: 1 });
    // getProject registers its request in flight before its first await, so it is in flight here
    // whatever the machine's load (a fixed wait could outlast the simulator's 150 ms latency).
    const first = cache.getProject(PROD);
    cache.invalidate({ groupId: PROD });
    const second = cache.getProject(PROD);
    await Promise.all([first, second]);
    assert.equal(apiRequests(), 2);
    assert.ok(cache.peekProject(PROD));
  });

  it('a cancelled caller does not cancel the shared request for the others; all cancelled aborts it', async () => {
    const cache = await setup();
    sim().setFault({ path: `/api/atlas/v2/groups/${PROD}/peers/${PEER}` }, { latencyMs: 200 });
    const quitter = new AbortController();
    const patient = cache.getPeer(PROD, PEER);
    const impatient = cache.getPeer(PROD, PEER, quitter.signal);
    setTimeout(() => quitter.abort(), 30);
    assert.ok((await rejection(impatient)) instanceof AtlasCancelledError);
    assert.equal((await patient).id, PEER);
    assert.equal(apiRequests(), 1);

    cache.invalidate();
    sim().clearLog();
    const a = new AbortController();
    const b = new AbortController();
    const pa = cache.getPeer(PROD, PEER, a.signal);
    const pb = cache.getPeer(PROD, PEER, b.signal);
    setTimeout(() => a.abort(), 20);
    setTimeout(() => b.abort(), 40);
    const started = Date.now();
    assert.ok((await rejection(pa)) instanceof AtlasCancelledError);
    assert.ok((await rejection(pb)) instanceof AtlasCancelledError);
    assert.ok(Date.now() - started < 150);
    assert.equal(cache.peekPeer(PROD, PEER), undefined, 'nothing stored');
    sim().clearFaults();
    assert.equal((await cache.getPeer(PROD, PEER)).id, PEER, 'the next caller starts afresh');
  });

  it('errors are not cached, and validation happens before anything', async () => {
    const cache = await setup();
    sim().setFault({ path: `/api/atlas/v2/groups/${PROD}` }, { status: 404, errorCode: 'GROUP_NOT_FOUND', times: 1 });
    await rejection(cache.getProject(PROD));
    assert.equal((await cache.getProject(PROD)).id, PROD);
    sim().clearLog();
    await assert.rejects(cache.getPeer(PROD, 'pcx-123'), /AWS VPC peering connection ID/);
    assert.equal(sim().requestLog.length, 0);
  });
});
