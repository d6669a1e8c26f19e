// resolveReference against the simulator: where the project comes from, the probe bound, 404s,
// malformed ids, bare ids, no credentials, request sharing and cancellation.

import * as assert from 'node:assert/strict';
import { AtlasCancelledError, createAtlasCache, type AtlasCache } from '../../../src/atlas';
import type { FoundReference } from '../../../src/configFiles';
import { MAX_PROBED_PROJECTS, resolveReference, type LookupServices } from '../../../src/configEditor/pure/resolve';
import { SEED_IDS } from '../../simulator';
import { useSimulator } from '../atlas/helpers';

const PROD = SEED_IDS.projects.production;
const STAGING = SEED_IDS.projects.staging;
const P = SEED_IDS.peers;

function ref(
  id: string,
  kind: FoundReference['kind'],
  projectId?: string,
  source: FoundReference['source'] = 'terraform',
): FoundReference {
  return { id, kind, range: { start: 0, end: id.length }, source, ...(projectId ? { projectId } : {}) };
}

describe('hover resolve (simulator)', () => {
  const { sim, client } = useSimulator();
  let cache: AtlasCache;
  let projects: { id: string; profile?: string }[];
  const services = (): LookupServices => ({
    getSession: async () => ({ kind: 'ready', session: { cache, profileName: 'default', baseUrl: sim().url } }),
    projects: () => projects,
  });
  const api = (pathPart: string): number =>
    sim().requestLog.filter((e) => e.path.startsWith('/api/atlas') && e.path.includes(pathPart)).length;
  const apiAll = (): number => sim().requestLog.filter((e) => e.path.startsWith('/api/atlas')).length;

  beforeEach(async () => {
    const c = client('oauth');
    await c.getProject(SEED_IDS.projects.sandbox); // token fetched outside the counted requests
    cache = createAtlasCache(c, { ttlMs: 60_000 });
    projects = [];
    sim().clearLog();
  });

  it('a peer with its project: provider, status, container and age; one request per id', async () => {
    const r = await resolveReference(services(), ref(P.awsPendingAcceptance, 'peer', PROD), { detail: true });
    assert.equal(r?.kind, 'peer');
    if (r?.kind !== 'peer') {
      return;
    }
    assert.equal(r.peer.providerName, 'AWS');
    assert.equal(r.peer.status, 'PENDING_ACCEPTANCE');
    assert.equal(r.groupId, PROD);
    assert.equal(r.container?.id, SEED_IDS.containers.productionAwsEuWest1);
    assert.ok(Math.abs(r.fetchedAt - Date.now()) < 5000);
    assert.equal(api(`/peers/${P.awsPendingAcceptance}`), 1);
    assert.equal(api(`/containers/${SEED_IDS.containers.productionAwsEuWest1}`), 1);
  });

  it('20 simultaneous lookups of one cold peer make exactly one request', async () => {
    const all = await Promise.all(
      Array.from({ length: 20 }, () => resolveReference(services(), ref(P.gcpFailed, 'peer', STAGING))),
    );
    assert.ok(all.every((r) => r?.kind === 'peer' && r.peer.status === 'FAILED'));
    assert.equal(api(`/peers/${P.gcpFailed}`), 1);
  });

  it('an unknown peer in a known project is notFound with its errorCode', async () => {
    const r = await resolveReference(services(), ref(SEED_IDS.unknown.peer, 'peer', PROD));
    assert.deepEqual(
      r && {
        kind: r.kind,
        errorCode: 'errorCode' in r ? r.errorCode : undefined,
        groupId: 'groupId' in r ? r.groupId : undefined,
      },
      { kind: 'notFound', errorCode: 'PEER_NOT_FOUND', groupId: PROD },
    );
  });

  it('without a project: the configured projects are probed in order, at most MAX_PROBED_PROJECTS, stopping at the first hit', async () => {
    projects = [{ id: SEED_IDS.projects.sandbox }, { id: STAGING }, { id: PROD }];
    const hit = await resolveReference(services(), ref(P.awsFailedRejected, 'peer'), { probe: true });
    assert.equal(hit?.kind === 'peer' && hit.groupId, STAGING);
    assert.equal(api('/peers/'), 2, 'sandbox (404), then staging (hit); production not asked');
    sim().clearLog();
    projects = [
      { id: SEED_IDS.projects.sandbox },
      { id: SEED_IDS.projects.analytics },
      { id: SEED_IDS.projects.loadTest },
      { id: PROD },
    ];
    const miss = await resolveReference(services(), ref(P.awsAvailable, 'peer'), { probe: true });
    assert.equal(miss?.kind, 'notFound');
    assert.equal(api('/peers/'), MAX_PROBED_PROJECTS, 'the fourth project is not asked');
  });

  it('without a project and without probing: the cache answers, else no request', async () => {
    const none = await resolveReference(services(), ref(P.azureFailed, 'peer'));
    assert.equal(none?.kind, 'notFound');
    assert.equal(apiAll(), 0);
    await cache.listPeers(STAGING, 'AZURE');
    const cached = await resolveReference(services(), ref(P.azureFailed, 'peer'));
    assert.equal(cached?.kind === 'peer' && cached.groupId, STAGING);
    assert.equal(api('/peers'), 1, 'only the list');
  });

  it('malformed ids never reach Atlas', async () => {
    for (const id of ['pcx-0a1b2c3d4e5f67890', '5cbf563d87d9d67253be590', '7B1F4A2C3D5E6F708192A3B4']) {
      const r = await resolveReference(services(), ref(id, 'peer', PROD), { probe: true });
      assert.equal(r?.kind, 'malformed', id);
    }
    assert.equal(apiAll(), 0);
  });

  it('bare ids: undefined unless a cache or the settings know them', async () => {
    assert.equal(await resolveReference(services(), ref(P.awsAvailable, 'unknown', undefined, 'bare')), undefined);
    assert.equal(apiAll(), 0);
    await cache.getPeer(PROD, P.awsAvailable);
    const r = await resolveReference(services(), ref(P.awsAvailable, 'unknown', undefined, 'bare'));
    assert.equal(r?.kind === 'peer' && r.groupId, PROD);
    projects = [{ id: STAGING }];
    const p = await resolveReference(services(), ref(STAGING, 'unknown', undefined, 'bare'));
    assert.equal(p?.kind === 'project' && p.project.name, 'Staging');
  });

  it('a project: name and its connections (all providers)', async () => {
    const r = await resolveReference(services(), ref(PROD, 'project'), { detail: true });
    assert.equal(r?.kind, 'project');
    if (r?.kind !== 'project') {
      return;
    }
    assert.equal(r.project.name, 'Production');
    assert.equal(r.peers?.length, 6);
    const missing = await resolveReference(services(), ref(SEED_IDS.unknown.project, 'project'));
    assert.equal(missing?.kind === 'notFound' && missing.errorCode, 'GROUP_NOT_FOUND');
  });

  it('a container: CIDR and region', async () => {
    const r = await resolveReference(services(), ref(SEED_IDS.containers.stagingAws, 'container', STAGING));
    assert.equal(r?.kind === 'container' && r.container.atlasCidrBlock, '192.168.248.0/21');
  });

  it('no credentials', async () => {
    const none: LookupServices = {
      getSession: async () => ({ kind: 'noCredentials', message: 'no credentials' }),
      projects: () => [{ id: PROD }],
    };
    assert.equal((await resolveReference(none, ref(P.awsAvailable, 'peer', PROD)))?.kind, 'noCredentials');
    assert.equal((await resolveReference(none, ref(P.awsAvailable, 'peer'), { probe: true }))?.kind, 'noCredentials');
    assert.equal(apiAll(), 0);
  });

  it('a cancelled lookup rejects with AtlasCancelledError and aborts the request nobody else waits for', async () => {
    sim().setFault({ path: new RegExp(`/peers/${P.awsFinalizing}$`) }, { latencyMs: 2000 });
    const ctrl = new AbortController();
    const pending = resolveReference(services(), ref(P.awsFinalizing, 'peer', STAGING), { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 50);
    await assert.rejects(pending, AtlasCancelledError);
    // The next caller starts afresh rather than joining the aborted request.
    sim().clearFaults();
    const again = await resolveReference(services(), ref(P.awsFinalizing, 'peer', STAGING));
    assert.equal(again?.kind, 'peer');
  });
});
