// Routing, versioning, pagination, envelope/pretty, the request log, in-flight counters and the
// data mutation API of the simulator.

import * as assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  LOAD_TEST_AWS_PEERS,
  SEED_IDS,
  awsPeer,
  makeLargeSeed,
  startAtlasSimulator,
  type AtlasSimulator,
  type SeedData,
} from '../../simulator';
import { bearerFetch, bearerJson, getToken, digestJson } from './helpers';

const G = SEED_IDS.projects;

interface List {
  links: { href: string; rel: string }[];
  results: { id: string; providerName?: string; statusName?: string; status?: string }[];
  totalCount?: number;
}

describe('simulator API', function () {
  let sim: AtlasSimulator;
  let token: string;
  before(async () => {
    sim = await startAtlasSimulator();
    token = await getToken(sim);
  });
  after(() => sim.close());
  beforeEach(() => sim.clearLog());

  const get = (p: string, accept?: string | null) => bearerJson(sim, p, token, accept);

  describe('versioning', () => {
    it('accepts 2023-01-01 and resolves a later known date such as 2025-03-12', async () => {
      assert.equal((await get('/api/atlas/v2/groups', 'application/vnd.atlas.2023-01-01+json')).status, 200);
      assert.equal((await get('/api/atlas/v2/groups', 'application/vnd.atlas.2025-03-12+json')).status, 200);
      const r = await get('/api/atlas/v2/groups', 'application/vnd.atlas.2025-03-12+json');
      assert.equal(r.res.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
    });

    for (const accept of [
      null,
      'application/json',
      '*/*',
      'application/vnd.atlas.2022-01-01+json',
      'application/vnd.atlas.2024-13-45+json',
      'application/vnd.atlas.preview+json',
    ]) {
      it(`answers 406 INVALID_VERSION_DATE to Accept: ${String(accept)}`, async () => {
        const r = await get('/api/atlas/v2/groups', accept);
        assert.equal(r.status, 406);
        assert.deepEqual(
          [(r.body as { errorCode: string }).errorCode, (r.body as { detail: string }).detail],
          ['INVALID_VERSION_DATE', 'Invalid accept header or version date.'],
        );
      });
    }
  });

  describe('pagination', () => {
    it('pages past 500 with self/next links holding the full query on the simulator URL', async () => {
      const first = (await get(`/api/atlas/v2/groups/${G.loadTest}/peers?providerName=AWS&itemsPerPage=500`))
        .body as List;
      assert.equal(first.results.length, 500);
      assert.equal(first.totalCount, LOAD_TEST_AWS_PEERS);
      const self = first.links.find((l) => l.rel === 'self');
      const next = first.links.find((l) => l.rel === 'next');
      assert.ok(self && next);
      assert.ok(next.href.startsWith(`${sim.url}/api/atlas/v2/groups/${G.loadTest}/peers?`));
      const nextUrl = new URL(next.href);
      assert.deepEqual(Object.fromEntries(nextUrl.searchParams), {
        providerName: 'AWS',
        itemsPerPage: '500',
        includeCount: 'true',
        pageNum: '2',
      });
      const second = (await get(nextUrl.pathname + nextUrl.search)).body as List;
      assert.equal(second.results.length, LOAD_TEST_AWS_PEERS - 500);
      assert.equal(
        second.links.find((l) => l.rel === 'next'),
        undefined,
      );
      const ids = new Set([...first.results, ...second.results].map((p) => p.id));
      assert.equal(ids.size, LOAD_TEST_AWS_PEERS, 'pages must not overlap');
      const beyond = (await get(`/api/atlas/v2/groups/${G.loadTest}/peers?itemsPerPage=500&pageNum=3`)).body as List;
      assert.deepEqual(beyond.results, []);
    });

    it('defaults to 100 per page and refuses more than 500', async () => {
      const r = (await get(`/api/atlas/v2/groups/${G.loadTest}/peers`)).body as List;
      assert.equal(r.results.length, 100);
      assert.equal((await get(`/api/atlas/v2/groups/${G.loadTest}/peers?itemsPerPage=501`)).status, 400);
      assert.equal((await get(`/api/atlas/v2/groups/${G.loadTest}/peers?itemsPerPage=0`)).status, 400);
      assert.equal((await get(`/api/atlas/v2/groups/${G.loadTest}/peers?pageNum=abc`)).status, 400);
    });

    it('treats pageNum=0 as page 1, as the CLI relies on', async () => {
      const a = (await get(`/api/atlas/v2/groups/${G.loadTest}/peers?pageNum=0&itemsPerPage=3`)).body as List;
      const b = (await get(`/api/atlas/v2/groups/${G.loadTest}/peers?pageNum=1&itemsPerPage=3`)).body as List;
      assert.deepEqual(a.results, b.results);
    });

    it('omits totalCount when includeCount=false', async () => {
      const r = (await get(`/api/atlas/v2/groups/${G.loadTest}/peers?includeCount=false&itemsPerPage=10`)).body as List;
      assert.equal('totalCount' in r, false);
      assert.equal(r.results.length, 10);
      assert.ok(r.links.find((l) => l.rel === 'next'));
    });
  });

  describe('providers', () => {
    it('lists only AWS peers when providerName is omitted', async () => {
      const r = (await get(`/api/atlas/v2/groups/${G.production}/peers`)).body as List;
      assert.ok(r.results.length > 0);
      assert.ok(r.results.every((p) => p.providerName === 'AWS'));
      const containers = (await get(`/api/atlas/v2/groups/${G.production}/containers`)).body as List;
      assert.ok(containers.results.every((c) => c.providerName === 'AWS'));
      const all = (await get(`/api/atlas/v2/groups/${G.production}/containers/all`)).body as List;
      assert.deepEqual(new Set(all.results.map((c) => c.providerName)), new Set(['AWS', 'AZURE', 'GCP']));
    });

    it('accepts providerName in mixed case (the CLI sends "Azure")', async () => {
      const r = (await get(`/api/atlas/v2/groups/${G.production}/peers?providerName=Azure`)).body as List;
      assert.ok(r.results.length > 0);
      assert.ok(r.results.every((p) => p.providerName === 'AZURE'));
    });

    it('gets a peer of any provider by id', async () => {
      for (const key of ['awsPendingAcceptance', 'azureFailed', 'gcpWaitingForUser'] as const) {
        const r = await get(`/api/atlas/v2/groups/${SEED_IDS.peerProjects[key]}/peers/${SEED_IDS.peers[key]}`);
        assert.equal(r.status, 200, key);
        assert.equal((r.body as { id: string }).id, SEED_IDS.peers[key]);
      }
    });

    it('has the notable seed peers', async () => {
      const same = (await get(`/api/atlas/v2/groups/${G.production}/peers/${SEED_IDS.peers.awsSameRegion}`))
        .body as Record<string, unknown>;
      assert.equal(same.accepterRegionName, null);
      const overlap = (await get(`/api/atlas/v2/groups/${G.analytics}/peers/${SEED_IDS.peers.awsCidrOverlap}`))
        .body as Record<string, unknown>;
      const container = (await get(`/api/atlas/v2/groups/${G.analytics}/containers/${overlap.containerId as string}`))
        .body as Record<string, unknown>;
      assert.equal(overlap.routeTableCidrBlock, '10.0.0.0/16');
      assert.equal(container.atlasCidrBlock, '10.0.0.0/21');
      const empty = (await get(`/api/atlas/v2/groups/${G.sandbox}/peers?providerName=GCP`)).body as List;
      assert.deepEqual([empty.results, empty.totalCount], [[], 0]);
    });
  });

  describe('envelope and pretty', () => {
    it('wraps single objects as {status, content} and adds status to lists', async () => {
      const one = (await get(`/api/atlas/v2/groups/${G.production}?envelope=true`)).body as {
        status: number;
        content: { id: string };
      };
      assert.equal(one.status, 200);
      assert.equal(one.content.id, G.production);
      const list = (await get(`/api/atlas/v2/groups?envelope=true`)).body as List & { status: number };
      assert.equal(list.status, 200);
      assert.ok(Array.isArray(list.results));
    });

    it('indents with pretty=true and not otherwise', async () => {
      const pretty = await (await bearerFetch(sim, `/api/atlas/v2/groups/${G.production}?pretty=true`, token)).text();
      const plain = await (await bearerFetch(sim, `/api/atlas/v2/groups/${G.production}`, token)).text();
      assert.match(pretty, /\n {2}"id"/);
      assert.doesNotMatch(plain, /\n/);
      assert.deepEqual(JSON.parse(pretty), JSON.parse(plain));
    });
  });

  describe('request log and counters', () => {
    it('records method, path, query, auth scheme, status and duration', async () => {
      await get(`/api/atlas/v2/groups/${G.staging}/peers?providerName=GCP&pageNum=1`);
      await digestJson(sim, `/api/atlas/v2/groups/${SEED_IDS.unknown.project}`);
      assert.equal(sim.requestLog.length, 3);
      const [a, b, c] = sim.requestLog;
      assert.deepEqual(
        { ...a, durationMs: 0 },
        {
          method: 'GET',
          path: `/api/atlas/v2/groups/${G.staging}/peers`,
          query: { providerName: 'GCP', pageNum: '1' },
          authScheme: 'bearer',
          status: 200,
          durationMs: 0,
        },
      );
      assert.ok(a.durationMs >= 0);
      assert.deepEqual([b.authScheme, b.status, c.authScheme, c.status], ['none', 401, 'digest', 404]);
      const viaHttp = (await (await fetch(`${sim.url}/__sim/log`)).json()) as unknown[];
      assert.equal(viaHttp.length, 3, 'private routes are not logged');
    });

    it('counts requests in flight and their peak', async () => {
      const slow = await startAtlasSimulator({ latencyMs: 150 });
      try {
        const t = await getToken(slow);
        slow.inFlight.resetPeak();
        await Promise.all(
          Array.from({ length: 5 }, () => bearerFetch(slow, '/api/atlas/v2/groups', t).then((r) => r.text())),
        );
        assert.equal(slow.inFlight.peak, 5);
        assert.equal(slow.inFlight.current, 0);
        slow.inFlight.resetPeak();
        assert.equal(slow.inFlight.peak, 0);
      } finally {
        await slow.close();
      }
    });
  });

  describe('data', () => {
    it('setPeerStatus, addPeer, removePeer and addProject show up in responses', async () => {
      const g = G.staging;
      sim.data.setPeerStatus(g, SEED_IDS.peers.gcpAddingPeer, 'FAILED', 'quota exceeded');
      let r = (await get(`/api/atlas/v2/groups/${g}/peers/${SEED_IDS.peers.gcpAddingPeer}`)).body as Record<
        string,
        unknown
      >;
      assert.deepEqual([r.status, r.errorMessage], ['FAILED', 'quota exceeded']);
      sim.data.setPeerStatus(g, SEED_IDS.peers.awsInitiating, 'AVAILABLE');
      r = (await get(`/api/atlas/v2/groups/${g}/peers/${SEED_IDS.peers.awsInitiating}`)).body as Record<
        string,
        unknown
      >;
      assert.equal(r.statusName, 'AVAILABLE');
      assert.equal('status' in r, false);
      sim.data.setPeerStatus(g, SEED_IDS.peers.azureFailed, 'AVAILABLE');
      r = (await get(`/api/atlas/v2/groups/${g}/peers/${SEED_IDS.peers.azureFailed}`)).body as Record<string, unknown>;
      assert.deepEqual([r.status, 'errorState' in r], ['AVAILABLE', false]);

      const container = sim.data.listContainers(g, 'AWS')[0];
      const added = sim.data.addPeer(g, awsPeer('test:new', container as never, { statusName: 'INITIATING' }));
      assert.equal((await get(`/api/atlas/v2/groups/${g}/peers/${added.id}`)).status, 200);
      assert.equal(sim.data.removePeer(g, added.id), true);
      assert.equal((await get(`/api/atlas/v2/groups/${g}/peers/${added.id}`)).status, 404);

      const project = sim.data.addProject({ name: 'Brand-New' });
      assert.match(project.id, /^[a-f0-9]{24}$/);
      const list = (await get('/api/atlas/v2/groups')).body as List;
      assert.ok(list.results.some((p) => p.id === project.id));
    });

    it('builds a large seed and loads seeds from a file; ids are stable', async () => {
      const large = makeLargeSeed({ projects: 3, peersPerProvider: 4 });
      assert.equal(large.projects.length, 3);
      assert.equal(large.projects[0].peers.length, 12);
      assert.deepEqual(makeLargeSeed({ projects: 3, peersPerProvider: 4 }), large);
      const dir = mkdtempSync(path.join(tmpdir(), 'atlas-sim-'));
      const file = path.join(dir, 'seed.json');
      writeFileSync(file, JSON.stringify(large satisfies SeedData));
      const fromFile = await startAtlasSimulator({ dataFile: file });
      try {
        const t = await getToken(fromFile);
        const r = (await bearerJson(fromFile, '/api/atlas/v2/groups', t)).body as List;
        assert.deepEqual(
          r.results.map((p) => p.id),
          large.projects.map((p) => p.id),
        );
      } finally {
        await fromFile.close();
      }
      const empty = await startAtlasSimulator({ seed: 'empty' });
      try {
        const t = await getToken(empty);
        assert.equal(((await bearerJson(empty, '/api/atlas/v2/groups', t)).body as List).totalCount, 0);
      } finally {
        await empty.close();
      }
    });
  });

  it('sends RateLimit headers on normal responses and 429 + Retry-After from the bucket', async () => {
    const r = await get('/api/atlas/v2/groups');
    assert.ok(Number(r.res.headers.get('ratelimit-limit')) > 0);
    assert.ok(r.res.headers.get('ratelimit-remaining') !== null);
    const limited = await startAtlasSimulator({ rateLimit: { capacity: 2, refillPerSecond: 0.5 } });
    try {
      const t = await getToken(limited);
      const a = await bearerFetch(limited, '/api/atlas/v2/groups', t);
      assert.deepEqual(
        [a.status, a.headers.get('ratelimit-limit'), a.headers.get('ratelimit-remaining')],
        [200, '2', '1'],
      );
      await bearerFetch(limited, '/api/atlas/v2/groups', t);
      const c = await bearerFetch(limited, '/api/atlas/v2/groups', t);
      assert.equal(c.status, 429);
      assert.equal(((await c.json()) as { errorCode: string }).errorCode, 'RATE_LIMITED');
      assert.ok(Number(c.headers.get('retry-after')) >= 1);
      assert.equal(c.headers.get('ratelimit-remaining'), '0');
    } finally {
      await limited.close();
    }
  });
});
