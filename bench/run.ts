// `npm run bench`: every comparison measured side by side in this run, printed as one
// table and written to bench-results/bench-<timestamp>.json and bench-results/latest.json.
// Prints figures only: nothing here asserts, so a slow machine never fails a build.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import fetch from 'node-fetch';
import {
  ATLAS_ACCEPT,
  createAtlasCache,
  createAtlasClient,
  type AtlasClient,
  type AtlasCredentials,
  type Peer,
  type Project,
} from '../src/atlas';
import { findAllReferences, findReference, type DocumentInfo } from '../src/configFiles';
import { mergeProjects, peerNodes, providerNodes } from '../src/tree/pure/treeModel';
import {
  DEMO_CREDENTIALS,
  SEED_IDS,
  awsContainer,
  awsPeer,
  makeLargeSeed,
  startAtlasSimulator,
} from '../test/simulator';
import { createAlwaysChallengeClient } from './alwaysChallengeDigest';
import { estateMix } from './estateMix';
import { estateScale } from './estateScale';
import type { HostLagResult } from './host/scaleLag';
import type { HostPaintResult } from './host/snapshotPaint';
import { scale } from './scale';
import { fixed, met, nowMs, renderTable, summarize, type Row } from './stats';

const ROOT = path.resolve(__dirname, '..', '..');
const RESULTS = path.join(ROOT, 'bench-results');

const API_KEY: AtlasCredentials = { kind: 'apiKey', ...DEMO_CREDENTIALS.apiKey };
const SERVICE_ACCOUNT: AtlasCredentials = { kind: 'serviceAccount', ...DEMO_CREDENTIALS.serviceAccount };
const DIGEST_USER = { username: DEMO_CREDENTIALS.apiKey.publicKey, password: DEMO_CREDENTIALS.apiKey.privateKey };

interface Lookup {
  groupId: string;
  peerId: string;
}

function demoLookups(): Lookup[] {
  const projects = SEED_IDS.peerProjects as Record<string, string>;
  return Object.entries(SEED_IDS.peers as Record<string, string>).map(([key, peerId]) => ({
    groupId: projects[key],
    peerId,
  }));
}

function basicAuth(): string {
  const { clientId, clientSecret } = DEMO_CREDENTIALS.serviceAccount;
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

function peerPath(l: Lookup): string {
  return `/api/atlas/v2/groups/${l.groupId}/peers/${l.peerId}`;
}

/** Runs `count` jobs with at most `concurrency` at once. */
async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      await job(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

// ---------------------------------------------------------------------------------------------
// 1. Round trips per lookup

interface DigestFetchClient {
  fetch(
    url: string,
    options?: { headers?: Record<string, string> },
  ): Promise<{ status: number; text(): Promise<string> }>;
}

function loadDigestFetch(): new (user: string, password: string) => DigestFetchClient {
  // digest-fetch 3 is an ES module; Node 20.19+ loads it through require(). With a global fetch
  // present (Node 18+) it uses that (undici) rather than node-fetch.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('digest-fetch') as { default: new (user: string, password: string) => DigestFetchClient };
  return mod.default;
}

async function roundTrips(details: Record<string, unknown>): Promise<Row[]> {
  const sim = await startAtlasSimulator({ seed: 'demo' });
  const lookups = demoLookups();
  const N = 200;
  const WARM = 10;
  type Get = (l: Lookup) => Promise<boolean>;
  const measure = async (
    get: Get,
    concurrency: number,
  ): Promise<{ perLookup: number; challenges: number; failures: number }> => {
    for (let i = 0; i < WARM; i++) {
      await get(lookups[i % lookups.length]);
    }
    sim.clearLog();
    let failures = 0;
    await pool(N, concurrency, async (i) => {
      const ok = await get(lookups[i % lookups.length]).catch(() => false);
      if (!ok) {
        failures++;
      }
    });
    const log = sim.requestLog.filter((e) => e.path.startsWith('/api/'));
    return { perLookup: log.length / N, challenges: log.filter((e) => e.status === 401).length, failures };
  };

  const ours = (credentials: AtlasCredentials): { get: Get; client: AtlasClient } => {
    const client = createAtlasClient({ baseUrl: sim.url, credentials, maxRetries: 0 });
    return { client, get: async (l) => (await client.getPeer(l.groupId, l.peerId)).id === l.peerId };
  };
  const goStyle = (): { get: Get; dispose: () => void } => {
    const c = createAlwaysChallengeClient(sim.url, DIGEST_USER, ATLAS_ACCEPT);
    return { dispose: () => c.dispose(), get: async (l) => (await c.getJson(peerPath(l))) !== undefined };
  };
  const DigestClient = loadDigestFetch();
  const digestFetch = (): Get => {
    const c = new DigestClient(DIGEST_USER.username, DIGEST_USER.password);
    return async (l) => {
      const res = await c.fetch(sim.url + peerPath(l), { headers: { Accept: ATLAS_ACCEPT } });
      await res.text();
      return res.status === 200;
    };
  };

  const results: Record<string, Record<string, { perLookup: number; challenges: number; failures: number }>> = {};
  for (const concurrency of [1, 6]) {
    const r: Record<string, { perLookup: number; challenges: number; failures: number }> = {};
    const a = ours(API_KEY);
    r.oursApiKey = await measure(a.get, concurrency);
    a.client.dispose();
    const s = ours(SERVICE_ACCOUNT);
    r.oursServiceAccount = await measure(s.get, concurrency);
    s.client.dispose();
    const g = goStyle();
    r.alwaysChallenge = await measure(g.get, concurrency);
    g.dispose();
    r.digestFetch = await measure(digestFetch(), concurrency);
    results[`concurrency${concurrency}`] = r;
  }
  await sim.close();
  details.roundTrips = { lookups: N, warmUp: WARM, digestFetchVersion: packageVersion('digest-fetch'), results };

  const rows: Row[] = [];
  for (const concurrency of [1, 6]) {
    const r = results[`concurrency${concurrency}`];
    const fails = (x: { failures: number }): string => (x.failures ? ` (${x.failures} failed)` : '');
    for (const [label, key] of [
      ['API key', 'oursApiKey'],
      ['service account', 'oursServiceAccount'],
    ] as const) {
      const o = r[key];
      rows.push({
        section: '1',
        figure: `Round trips/lookup, ${label}, ${concurrency === 1 ? 'one at a time' : '6 at a time'}`,
        ours: fixed(o.perLookup) + fails(o),
        baseline: `always-challenge ${fixed(r.alwaysChallenge.perLookup)}; digest-fetch ${fixed(r.digestFetch.perLookup)}${fails(r.digestFetch)}`,
        ratio: `${fixed(o.perLookup / r.alwaysChallenge.perLookup)}; ${fixed(o.perLookup / r.digestFetch.perLookup)}`,
        target: 'ours 1.00',
        met: met(o.perLookup === 1 && o.failures === 0),
        values: {
          ours: o.perLookup,
          oursFailures: o.failures,
          alwaysChallenge: r.alwaysChallenge.perLookup,
          digestFetch: r.digestFetch.perLookup,
          digestFetchFailures: r.digestFetch.failures,
          concurrency,
        },
      });
    }
  }
  // A server that checks nonce-counts strictly in arrival order (Apache httpd's AuthDigestNcCheck
  // On): concurrent calls fall back to fresh challenges, sequential ones keep reusing.
  const strict = await startAtlasSimulator({ seed: 'demo', digestNonceCountCheck: 'strict' });
  for (const concurrency of [1, 6]) {
    const client = createAtlasClient({ baseUrl: strict.url, credentials: API_KEY, maxRetries: 0 });
    const get = async (l: Lookup): Promise<boolean> => (await client.getPeer(l.groupId, l.peerId)).id === l.peerId;
    for (let i = 0; i < WARM; i++) {
      await get(lookups[i % lookups.length]);
    }
    strict.clearLog();
    let failures = 0;
    await pool(N, concurrency, async (i) => {
      if (!(await get(lookups[i % lookups.length]).catch(() => false))) {
        failures++;
      }
    });
    client.dispose();
    const perLookup = strict.requestLog.filter((e) => e.path.startsWith('/api/')).length / N;
    const limit = concurrency === 1 ? 1 : 2;
    rows.push({
      section: '1',
      figure: `Round trips/lookup, API key, strict nonce-count server, ${concurrency === 1 ? 'one at a time' : '6 at a time'}`,
      ours: fixed(perLookup) + (failures ? ` (${failures} failed)` : ''),
      baseline: '-',
      ratio: '-',
      target: `ours ≤ ${fixed(limit)}, none failed`,
      met: met(perLookup <= limit && failures === 0),
      values: { ours: perLookup, oursFailures: failures, concurrency },
    });
  }
  await strict.close();
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 2. Tree load

async function treeLoad(details: Record<string, unknown>): Promise<Row[]> {
  const LATENCY = 50;
  const LIMIT = 6;
  const sim = await startAtlasSimulator({
    seed: makeLargeSeed({ projects: 100, peersPerProvider: 20 }),
    latencyMs: LATENCY,
  });
  const load = async (
    limit: number,
  ): Promise<{ wallMs: number; requests: number; peak: number; peers: number; projects: number }> => {
    const client = createAtlasClient({ baseUrl: sim.url, credentials: SERVICE_ACCOUNT, maxConcurrentRequests: limit });
    sim.clearLog();
    sim.inFlight.resetPeak();
    const t0 = nowMs();
    const projects = await client.listProjects();
    const peers = await Promise.all(projects.map((p) => client.listAllPeers(p.id)));
    const wallMs = nowMs() - t0;
    const out = {
      wallMs,
      requests: sim.requestLog.length,
      peak: sim.inFlight.peak,
      peers: peers.flat().length,
      projects: projects.length,
    };
    client.dispose();
    return out;
  };
  // The same 302 requests (token, project list, 300 peer lists) by bare node-fetch, 6 at a time:
  // what this machine and the simulator allow, without the client's bookkeeping.
  const bareLoad = async (): Promise<{ wallMs: number; requests: number }> => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: LIMIT });
    sim.clearLog();
    const t0 = nowMs();
    const tokenRes = await fetch(`${sim.url}/api/oauth/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        Authorization: basicAuth(),
      },
      agent,
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const headers = { Accept: ATLAS_ACCEPT, Authorization: `Bearer ${token}` };
    const page = '&pageNum=1&itemsPerPage=500&includeCount=true';
    const get = async (u: string): Promise<{ results: Array<{ id: string }> }> =>
      JSON.parse(await (await fetch(u, { headers, agent })).text()) as { results: Array<{ id: string }> };
    const projects = (await get(`${sim.url}/api/atlas/v2/groups?${page.slice(1)}`)).results;
    const urls = projects.flatMap((p) =>
      ['AWS', 'AZURE', 'GCP'].map((pr) => `${sim.url}/api/atlas/v2/groups/${p.id}/peers?providerName=${pr}${page}`),
    );
    await pool(urls.length, LIMIT, async (i) => {
      await get(urls[i]);
    });
    const wallMs = nowMs() - t0;
    agent.destroy();
    return { wallMs, requests: sim.requestLog.length };
  };
  // The first load in a fresh process also pays for JIT warm-up (of the simulator too); it is
  // reported on its own row, and the comparison uses a second, warm load.
  const cold = await load(LIMIT);
  const concurrent = await load(LIMIT);
  const bare = await bareLoad();
  const serial = await load(1);
  await sim.close();
  const ideal = (concurrent.requests / LIMIT) * LATENCY;
  details.treeLoad = { latencyMs: LATENCY, limit: LIMIT, idealMs: ideal, cold, concurrent, bare, serial };
  return [
    {
      section: '2',
      figure: `Tree load ${concurrent.projects}×3×20 (${concurrent.peers} peers, ${concurrent.requests} req, ${LATENCY} ms RTT), limit ${LIMIT}`,
      ours: `${fixed(concurrent.wallMs, 0)} ms`,
      baseline: `ideal ${fixed(ideal, 0)}; bare node-fetch ×6 ${fixed(bare.wallMs, 0)}; one at a time ${fixed(serial.wallMs, 0)} ms`,
      ratio: `${fixed(concurrent.wallMs / ideal)}; ${fixed(concurrent.wallMs / bare.wallMs)}; ${fixed(concurrent.wallMs / serial.wallMs)}`,
      target: '≤ 1.20 × ideal',
      met: met(concurrent.wallMs <= 1.2 * ideal),
      values: {
        oursMs: concurrent.wallMs,
        idealMs: ideal,
        bareMs: bare.wallMs,
        serialMs: serial.wallMs,
        requests: concurrent.requests,
        peers: concurrent.peers,
      },
    },
    {
      section: '2',
      figure: 'Tree load, first in a fresh process (JIT cold)',
      ours: `${fixed(cold.wallMs, 0)} ms`,
      baseline: `ideal ${fixed(ideal, 0)} ms`,
      ratio: fixed(cold.wallMs / ideal),
      target: '— (info)',
      met: '—',
      values: { oursMs: cold.wallMs, idealMs: ideal },
    },
    {
      section: '2',
      figure: 'Tree load: peak requests in flight (limit 6; limit 1)',
      ours: `${Math.max(cold.peak, concurrent.peak)}; ${serial.peak}`,
      baseline: `limit ${LIMIT}; limit 1`,
      ratio: fixed(concurrent.peak / LIMIT),
      target: '≤ limit',
      met: met(Math.max(cold.peak, concurrent.peak) <= LIMIT && serial.peak <= 1),
      values: { peakCold: cold.peak, peak: concurrent.peak, peakSerial: serial.peak, limit: LIMIT },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// 3. Client overhead against a bare GET

/** The simulator CLI in its own process, so its work does not share our event loop. */
async function startSimulatorProcess(): Promise<{ url: string; child: ChildProcess }> {
  const cli = path.join(ROOT, 'out', 'test', 'simulator', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0', '--seed', 'demo'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('simulator process did not start')), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`simulator process exited (${code})`)));
  });
  child.stdout?.resume();
  return { url, child };
}

async function overhead(details: Record<string, unknown>): Promise<Row[]> {
  const { url, child } = await startSimulatorProcess();
  try {
    const WARM = 200;
    const N = 2000;
    const lookup = demoLookups()[0];
    const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
    const tokenRes = await fetch(`${url}/api/oauth/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        Authorization: basicAuth(),
      },
      agent,
    });
    const token = ((await tokenRes.json()) as { access_token: string }).access_token;
    const bareHeaders = { Accept: ATLAS_ACCEPT, Authorization: `Bearer ${token}`, 'User-Agent': 'bench-bare' };
    const bareUrl = url + peerPath(lookup);
    const bare = async (): Promise<void> => {
      const res = await fetch(bareUrl, { headers: bareHeaders, agent });
      const body = JSON.parse(await res.text()) as { id?: string };
      if (res.status !== 200 || body.id !== lookup.peerId) {
        throw new Error(`bare GET failed: ${res.status}`);
      }
    };
    const sa = createAtlasClient({ baseUrl: url, credentials: SERVICE_ACCOUNT });
    const key = createAtlasClient({ baseUrl: url, credentials: API_KEY });
    const runners: Array<[string, () => Promise<unknown>]> = [
      ['bare', bare],
      ['serviceAccount', () => sa.getPeer(lookup.groupId, lookup.peerId)],
      ['apiKey', () => key.getPeer(lookup.groupId, lookup.peerId)],
    ];
    const samples: Record<string, number[]> = { bare: [], serviceAccount: [], apiKey: [] };
    for (let i = 0; i < WARM + N; i++) {
      // Rotate the order so no runner always goes first (warm socket, idle GC, timer phase).
      for (let k = 0; k < runners.length; k++) {
        const [name, run] = runners[(i + k) % runners.length];
        const t0 = nowMs();
        await run();
        const dt = nowMs() - t0;
        if (i >= WARM) {
          samples[name].push(dt);
        }
      }
    }
    sa.dispose();
    key.dispose();
    agent.destroy();
    const s = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)]));
    details.overhead = {
      warmUp: WARM,
      iterations: N,
      simulator: 'separate process (out/test/simulator/cli.js)',
      summaries: s,
    };
    const us = (ms: number): string => `${fixed(ms * 1000, 0)} µs`;
    const row = (who: 'serviceAccount' | 'apiKey', p: 'p50' | 'p99', target: boolean): Row => {
      const ratio = s[who][p] / s.bare[p];
      return {
        section: '3',
        figure: `getPeer ${p}, ${who === 'serviceAccount' ? 'service account' : 'API key (digest)'} vs bare bearer GET`,
        ours: us(s[who][p]),
        baseline: `bare ${us(s.bare[p])}`,
        ratio: fixed(ratio),
        target: target ? '≤ 1.30' : '— (info)',
        met: target ? met(ratio <= 1.3) : '—',
        values: { oursMs: s[who][p], bareMs: s.bare[p], ratio },
      };
    };
    return [
      row('serviceAccount', 'p50', true),
      row('serviceAccount', 'p99', true),
      row('apiKey', 'p50', false),
      row('apiKey', 'p99', false),
    ];
  } finally {
    child.kill('SIGTERM');
  }
}

// ---------------------------------------------------------------------------------------------
// 4. Hover

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

function languageIdOf(file: string): string {
  const base = path.basename(file);
  if (base.endsWith('.tf') || base.endsWith('.tfvars')) {
    return 'terraform';
  }
  if (base.endsWith('.yaml') || base.endsWith('.yml')) {
    return 'yaml';
  }
  if (base === 'settings.json') {
    return 'jsonc';
  }
  return base.endsWith('.json') || base.endsWith('.tfstate') ? 'json' : 'plaintext';
}

async function hover(details: Record<string, unknown>): Promise<Row[]> {
  const files = walk(path.join(ROOT, 'test', 'fixtures', 'configs')).map((f) => ({ f, size: fs.statSync(f).size }));
  files.sort((a, b) => b.size - a.size);
  const rows: Row[] = [];
  const sim = await startAtlasSimulator({ seed: 'demo' });
  try {
    const client = createAtlasClient({ baseUrl: sim.url, credentials: SERVICE_ACCOUNT });
    if (files.length > 0) {
      const file = files[0];
      const text = fs.readFileSync(file.f, 'utf8');
      const doc: DocumentInfo = { fileName: file.f, languageId: languageIdOf(file.f) };
      const refs = findAllReferences(text, doc);
      // Put every peer/container/project the file names into the simulator, then into the cache,
      // so the hover's lookup is a cache hit as it is once the tree has loaded.
      const cache = createAtlasCache(client, { ttlMs: 10 * 60_000 });
      const isId = (s: string | undefined): s is string => s !== undefined && /^[a-f0-9]{24}$/.test(s);
      for (const ref of refs) {
        if (!isId(ref.projectId) || !isId(ref.id)) {
          continue;
        }
        let project = sim.data.getProject(ref.projectId);
        if (!project) {
          project = sim.data.addProject({
            id: ref.projectId,
            name: `Fixture ${ref.projectId.slice(0, 6)}`,
            containers: [],
            peers: [],
          });
        }
        const container = awsContainer(`fixture:${ref.id}`, 'US_EAST_1', '10.8.0.0/21');
        if (ref.kind === 'peer' && !sim.data.getPeer(ref.projectId, ref.id)) {
          sim.data.addContainer(ref.projectId, container);
          sim.data.addPeer(ref.projectId, {
            ...awsPeer(`fixture:${ref.id}`, container, { statusName: 'AVAILABLE' }),
            id: ref.id,
          });
        } else if (ref.kind === 'container' && !sim.data.getContainer(ref.projectId, ref.id)) {
          sim.data.addContainer(ref.projectId, { ...container, id: ref.id });
        }
        await (
          ref.kind === 'peer'
            ? cache.getPeer(ref.projectId, ref.id)
            : ref.kind === 'container'
              ? cache.getContainer(ref.projectId, ref.id)
              : cache.getProject(ref.projectId)
        ).catch(() => undefined);
      }
      const offsets =
        refs.length > 0 ? refs.map((r) => (r.range.start + r.range.end) >> 1) : [0, text.length >> 1, text.length];
      let hits = 0;
      const answer = (offset: number): boolean => {
        const ref = findReference(text, doc, offset);
        if (!ref) {
          return false;
        }
        const cached =
          ref.kind === 'peer' && ref.projectId
            ? cache.peekPeer(ref.projectId, ref.id)
            : ref.kind === 'container' && ref.projectId
              ? cache.peekContainer(ref.projectId, ref.id)
              : cache.findById(ref.id);
        return cached !== undefined;
      };
      const WARM = 500;
      const N = 5000;
      const samples: number[] = [];
      for (let i = 0; i < WARM + N; i++) {
        const offset = offsets[i % offsets.length];
        const t0 = nowMs();
        const hit = answer(offset);
        const dt = nowMs() - t0;
        if (i >= WARM) {
          samples.push(dt);
          hits += hit ? 1 : 0;
        }
      }
      const s = summarize(samples);
      // The first hover after an edit: findReference memoises the scan of the last few texts, so
      // cycle through more distinct texts than it keeps (trailing newlines change no reference).
      const variants = Array.from({ length: 16 }, (_, k) => text + '\n'.repeat(k + 1));
      const coldSamples: number[] = [];
      for (let i = 0; i < 200 + 2000; i++) {
        const t = variants[i % variants.length];
        const t0 = nowMs();
        const ref = findReference(t, doc, offsets[i % offsets.length]);
        if (ref) {
          cache.findById(ref.id);
        }
        const dt = nowMs() - t0;
        if (i >= 200) {
          coldSamples.push(dt);
        }
      }
      const c = summarize(coldSamples);
      const rel = path.relative(ROOT, file.f);
      details.hover = {
        file: rel,
        bytes: file.size,
        references: refs.length,
        iterations: N,
        hitRate: hits / N,
        summary: s,
        afterEdit: c,
      };
      cache.dispose();
      rows.push({
        section: '4',
        figure: `Hover: find reference + cached answer, p50/p99 (${rel}, ${file.size} B, ${refs.length} ids, ${fixed((100 * hits) / N, 0)}% hits)`,
        ours: `${fixed(s.p50 * 1000, 1)} / ${fixed(s.p99 * 1000, 1)} µs`,
        baseline: '—',
        ratio: '—',
        target: '— (no target set)',
        met: '—',
        values: { p50Us: s.p50 * 1000, p99Us: s.p99 * 1000, hitRate: hits / N, bytes: file.size },
      });
      rows.push({
        section: '4',
        figure: 'Hover after an edit (document rescanned) + cached answer, p50/p99',
        ours: `${fixed(c.p50 * 1000, 1)} / ${fixed(c.p99 * 1000, 1)} µs`,
        baseline: '—',
        ratio: '—',
        target: '— (no target set)',
        met: '—',
        values: { p50Us: c.p50 * 1000, p99Us: c.p99 * 1000 },
      });
    } else {
      rows.push({
        section: '4',
        figure: 'Hover: find reference + cached answer',
        ours: 'not measured',
        baseline: 'no fixture files',
        ratio: '—',
        target: '—',
        met: '—',
        values: {},
      });
    }

    // 20 simultaneous lookups of one cold id: through the cache against straight through the client.
    await client.listProjects(); // token in hand, so only peer requests are counted
    const target = demoLookups()[1];
    const simultaneous = async (get: () => Promise<unknown>): Promise<number> => {
      sim.clearLog();
      await Promise.all(Array.from({ length: 20 }, get));
      return sim.requestLog.filter((e) => e.path === peerPath(target)).length;
    };
    const cache = createAtlasCache(client, { ttlMs: 60_000 });
    const viaCache = await simultaneous(() => cache.getPeer(target.groupId, target.peerId));
    const direct = await simultaneous(() => client.getPeer(target.groupId, target.peerId));
    cache.dispose();
    client.dispose();
    details.coldLookups = { lookups: 20, viaCache, direct };
    rows.push({
      section: '4',
      figure: 'Requests for 20 simultaneous lookups of one cold id (cache)',
      ours: String(viaCache),
      baseline: `client without cache ${direct}`,
      ratio: fixed(viaCache / direct),
      target: '1',
      met: met(viaCache === 1),
      values: { viaCache, direct },
    });
  } finally {
    await sim.close();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 5. Activation and size

function packageVersion(name: string): string | null {
  try {
    return (
      JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }
    ).version;
  } catch {
    return null;
  }
}

async function activationAndSize(details: Record<string, unknown>): Promise<Row[]> {
  const rows: Row[] = [];

  // Written by test/integration/activation.test.ts when the integration tests run in the real host.
  const activationFile = path.join(RESULTS, 'activation.json');
  let activation: { activationMs?: unknown; measuredAt?: unknown } | undefined;
  try {
    activation = JSON.parse(fs.readFileSync(activationFile, 'utf8')) as typeof activation;
  } catch {
    activation = undefined;
  }
  const ms = typeof activation?.activationMs === 'number' ? activation.activationMs : null;
  const harness = fs.existsSync(path.join(ROOT, 'test', 'host', 'runExtTests.js'));
  const reason = harness
    ? 'not measured: no bench-results/activation.json yet (run the integration tests in the host)'
    : 'not measured: real-host harness (test/host/runExtTests.js) not there yet';
  details.activation = ms === null ? { measured: false, reason } : { measured: true, ...activation };
  rows.push({
    section: '5',
    figure: 'activate() in the real host (code-server)',
    ours: ms === null ? 'not measured' : `${fixed(ms, 1)} ms`,
    baseline:
      ms === null
        ? reason.replace('not measured: ', '')
        : `from ${typeof activation?.measuredAt === 'string' ? activation.measuredAt : 'activation.json'}`,
    ratio: '—',
    target: '< 15 ms',
    met: ms === null ? '—' : met(ms < 15),
    values: { activationMs: ms },
  });

  // npm run package builds dist/ with esbuild.js --production; the bundle is measured from that build.
  rows.push(...packageVsix(details));
  return rows;
}

/**
 * `npm run package`, as a user would. Its vscode:prepublish step rewrites dist/extension.js as a
 * production build; the development build is put back afterwards if there was one.
 */
function packageVsix(details: Record<string, unknown>): Row[] {
  const vsix = path.join(ROOT, 'atlas-peering.vsix');
  const hadDevBuild = fs.existsSync(path.join(ROOT, 'dist', 'extension.js.map'));
  if (process.env.BENCH_SKIP_VSIX) {
    return [
      {
        section: '5',
        figure: '.vsix size and bundle',
        ours: 'not measured',
        baseline: 'BENCH_SKIP_VSIX set',
        ratio: '—',
        target: '—',
        met: '—',
        values: {},
      },
    ];
  }
  fs.rmSync(vsix, { force: true });
  const r = spawnSync('npm', ['run', 'package', '--silent'], {
    cwd: ROOT,
    input: 'y\ny\ny\n',
    encoding: 'utf8',
    timeout: 120_000,
  });
  const bundleRows = productionBundleRows(details);
  if (hadDevBuild) {
    spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  }
  if (r.status !== 0 || !fs.existsSync(vsix)) {
    const why = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
    details.vsix = { built: false, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-2000) };
    return [
      {
        section: '5',
        figure: '.vsix size (npm run package)',
        ours: 'not measured',
        baseline: why.trim().slice(0, 70),
        ratio: '—',
        target: '—',
        met: '—',
        values: {},
      },
    ];
  }
  const bytes = fs.statSync(vsix).size;
  details.vsix = { built: true, bytes };
  return [
    ...bundleRows,
    {
      section: '5',
      figure: '.vsix size (npm run package)',
      ours: `${fixed(bytes / 1024, 1)} KB`,
      baseline: '—',
      ratio: '—',
      target: '— (no target set)',
      met: '—',
      values: { bytes },
    },
  ];
}

/** Sizes of the production build that npm run package just wrote: the bundle and its lazily loaded parsers. */
function productionBundleRows(details: Record<string, unknown>): Row[] {
  const size = (name: string): number | null => {
    const file = path.join(ROOT, 'dist', name);
    return fs.existsSync(file) ? fs.statSync(file).size : null;
  };
  const bytes = size('extension.js');
  const lazy = ['yaml.js', 'smol-toml.js'].map((n) => ({ name: n, bytes: size(n) }));
  details.bundle = { bytes, lazy };
  if (bytes === null || fs.readFileSync(path.join(ROOT, 'dist', 'extension.js'), 'utf8').includes('sourceMappingURL')) {
    return [
      {
        section: '5',
        figure: 'Production bundle dist/extension.js',
        ours: 'not measured',
        baseline: 'npm run package did not leave a production build',
        ratio: '—',
        target: '< 200 KB',
        met: '—',
        values: {},
      },
    ];
  }
  return [
    {
      section: '5',
      figure: 'Production bundle dist/extension.js (minified)',
      ours: `${fixed(bytes / 1024, 1)} KB`,
      baseline: `loaded on first use: ${lazy.map((l) => `${l.name} ${l.bytes === null ? '?' : fixed(l.bytes / 1024, 1)} KB`).join(', ')}`,
      ratio: '—',
      target: '< 200 KB',
      met: met(bytes < 200 * 1024),
      values: { bytes },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// 6. Memory

type Gc = () => void;

async function memory(details: Record<string, unknown>): Promise<Row[]> {
  const gc = (globalThis as { gc?: Gc }).gc;
  if (!gc) {
    return [
      {
        section: '6',
        figure: 'Heap growth, 10,000 connections',
        ours: 'not measured',
        baseline: 'run node with --expose-gc',
        ratio: '—',
        target: '—',
        met: '—',
        values: {},
      },
    ];
  }
  // 100 projects × 100 peers (34 AWS, 33 Azure, 33 GCP each) = exactly 10,000 connections.
  const seed = makeLargeSeed({ projects: 100, peersPerProvider: 34 });
  for (const p of seed.projects) {
    p.peers = p.peers.slice(0, 100);
  }
  const sim = await startAtlasSimulator({ seed });
  try {
    const client = createAtlasClient({ baseUrl: sim.url, credentials: SERVICE_ACCOUNT });
    const cache = createAtlasCache(client, { ttlMs: 10 * 60_000 });
    await client.listProjects(); // token and sockets exist before the baseline
    const settle = async (): Promise<number> => {
      sim.clearLog();
      await new Promise((r) => setImmediate(r));
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const before = await settle();
    const projects = await cache.listProjects();
    const lists = await Promise.all(projects.map((p) => cache.listAllPeers(p.id)));
    const count = lists.reduce((s, l) => s + l.length, 0);
    const model = buildTreeModel(projects, lists);
    const after = await settle();
    const bytes = after - before;
    // Keep everything alive until after the measurement.
    details.memory = {
      connections: count,
      heapBeforeMB: before / 2 ** 20,
      heapAfterMB: after / 2 ** 20,
      growthMB: bytes / 2 ** 20,
      treeNodes: model.nodes,
    };
    cache.dispose();
    client.dispose();
    return [
      {
        section: '6',
        figure: `Heap growth, ${count.toLocaleString('en-US')} connections loaded (client + cache + tree model, ${model.nodes} nodes)`,
        ours: `${fixed(bytes / 2 ** 20, 1)} MB`,
        baseline: `${fixed(bytes / count, 0)} B/connection`,
        ratio: '—',
        target: '— (no target set)',
        met: '—',
        values: { bytes, connections: count, treeNodes: model.nodes },
      },
    ];
  } finally {
    await sim.close();
  }
}

/** The tree's nodes for every project, provider and peer, as the sidebar builds them. */
function buildTreeModel(projects: readonly Project[], lists: readonly Peer[][]): { nodes: number; tree: unknown[] } {
  const projectNodes = mergeProjects([], { profile: 'default', isDefault: true, discovered: projects });
  const byId = new Map(projects.map((p, i) => [p.id, lists[i]]));
  let nodes = projectNodes.length;
  const tree = projectNodes.map((project) => {
    const peers = byId.get(project.projectId) ?? [];
    const providers = providerNodes(project, peers).map((provider) => {
      const children = peerNodes(provider, peers);
      nodes += 1 + children.length;
      return { provider, children };
    });
    return { project, providers };
  });
  return { nodes, tree };
}

// ---------------------------------------------------------------------------------------------
// 8. Config-file scale in the real extension host (bench/host/scaleLag.ts)

/** Runs one bench/host entry in a real extension host and returns the JSON it wrote. */
function runHostBench<T>(entry: string, prefix: string): Promise<T> {
  const out = path.join(os.tmpdir(), `atlas-${entry}-${process.pid}.json`);
  const build = spawnSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    throw new Error('esbuild failed');
  }
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        path.join(ROOT, 'test', 'host', 'runExtTests.js'),
        '--tests',
        path.join(ROOT, 'out', 'bench', 'host', `${entry}.js`),
        '--timeout',
        '1800',
      ],
      { cwd: ROOT, env: { ...process.env, ATLAS_BENCH_OUT: out }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    child.stdout?.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (line.startsWith(prefix)) {
          process.stderr.write(`bench: ${line}\n`);
        }
      }
    });
    child.on('error', reject);
    child.on('exit', () => {
      if (!fs.existsSync(out)) {
        reject(new Error('the extension host wrote no figures'));
        return;
      }
      const results = JSON.parse(fs.readFileSync(out, 'utf8')) as T;
      fs.rmSync(out, { force: true });
      resolve(results);
    });
  });
}

/** The snapshot paint of 1,000 projects in the real extension host (bench/host/snapshotPaint.ts). */
async function hostPaint(details: Record<string, unknown>): Promise<Row[]> {
  const r = await runHostBench<HostPaintResult>('snapshotPaint', 'paint: ');
  details.hostPaint = r;
  const painted = summarize(r.paintedMs);
  const items = summarize(r.itemsMs);
  const live = summarize(r.liveMs);
  const requests = Math.max(...r.requestsBeforePaint);
  return [
    {
      section: '2',
      figure: `Real host: fresh start to the painted top level from the snapshot, ${r.projects} projects (and to their ${r.projects} tree items)`,
      ours: `p50 ${fixed(painted.p50, 1)} ms (${fixed(items.p50, 1)} ms), max ${requests} requests before it`,
      baseline: `without the snapshot (${r.latencyMs} ms RTT): p50 ${fixed(live.p50, 0)} ms`,
      ratio: fixed(painted.p50 / live.p50, 3),
      target: '≤ 100 ms, 0 requests before paint',
      met: met(Math.max(...r.itemsMs) <= 100 && requests === 0),
      values: { paintedP50: painted.p50, itemsP50: items.p50, liveP50: live.p50, requests },
    },
  ];
}

async function hostLag(details: Record<string, unknown>): Promise<Row[]> {
  const results = await runHostBench<HostLagResult[]>('scaleLag', 'lag: ');
  details.hostLag = results;
  return results.map((r) => ({
    section: '8',
    figure: `Real host, ${r.shape}, ${fixed(r.mb, 1)} MB: longest event-loop block / own longest slice / first hover after edit (index answer)`,
    ours: `${fixed(r.longestBlockMs, 0)} ms / ${fixed(r.longestSliceMs, 1)} ms / ${fixed(r.firstHoverAfterEditMs, 1)} ms (${fixed(r.indexAfterEditMs, 2)} ms)`,
    baseline: `same text unwatched (.txt in its language): block ${fixed(r.controlBlockMs, 0)} ms; indexed in ${fixed(r.openToIndexedMs, 0)} ms, heap ${fixed(r.heapMb, 0)} MB (scan worker ${fixed(r.workerHeapMb, 0)} MB)`,
    ratio: fixed(r.longestBlockMs / Math.max(1, r.controlBlockMs), 2),
    // The host's longest block includes VS Code's own work (the control, and the ratio to it),
    // which no extension avoids; the own slice is the part this extension controls.
    target: `block ≤50 ms (own slice ≤50 ms: ${met(r.longestSliceMs <= 50)})`,
    met: met(r.longestBlockMs <= 50),
    values: { ...r },
  }));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = new Date();
  const t0 = nowMs();
  const details: Record<string, unknown> = {};
  const rows: Row[] = [];
  const sections: Array<[string, string, (d: Record<string, unknown>) => Promise<Row[]>]> = [
    ['1', 'round trips', roundTrips],
    [
      '2',
      'tree load',
      async (d) => [
        ...(await treeLoad(d)),
        ...(await estateMix(d, SERVICE_ACCOUNT)),
        ...(await estateScale(d, SERVICE_ACCOUNT)),
        ...(await hostPaint(d)),
      ],
    ],
    ['3', 'client overhead', overhead],
    ['4', 'hover', hover],
    ['5', 'activation and size', activationAndSize],
    ['6', 'memory', memory],
    ['7', 'config-file scale', scale],
    ['8', 'config-file scale in the real host', hostLag],
  ];
  const only = process.argv.slice(2);
  for (const [id, name, run] of sections) {
    if (only.length > 0 && !only.includes(id)) {
      continue;
    }
    process.stderr.write(`bench: ${id}. ${name}…\n`);
    const s0 = nowMs();
    try {
      rows.push(...(await run(details)));
    } catch (e) {
      rows.push({
        section: id,
        figure: name,
        ours: 'error',
        baseline: String((e as Error).message).slice(0, 80),
        ratio: '—',
        target: '—',
        met: '—',
        values: {},
      });
    }
    details[`section${id}Ms`] = nowMs() - s0;
  }
  const durationMs = nowMs() - t0;
  const table = renderTable(rows);
  console.log(
    `\nAtlas Peering benchmarks — ${started.toISOString()} — node ${process.version}, ${os.cpus().length} CPUs, ${fixed(durationMs / 1000, 1)} s\n`,
  );
  console.log(table);
  fs.mkdirSync(RESULTS, { recursive: true });
  const json = JSON.stringify(
    {
      startedAt: started.toISOString(),
      durationMs,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      rows,
      details,
    },
    null,
    2,
  );
  const name = `bench-${started.toISOString().replace(/[:.]/g, '-')}.json`;
  fs.writeFileSync(path.join(RESULTS, name), json);
  fs.writeFileSync(path.join(RESULTS, 'latest.json'), json);
  console.log(`\nWritten: bench-results/${name}, bench-results/latest.json`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
