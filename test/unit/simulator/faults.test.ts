// Each fault kind, over a real socket: what a client actually receives.

import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { SEED_IDS, startAtlasSimulator, type AtlasSimulator } from '../../simulator';
import { ACCEPT, bearerFetch, digestFetch, getToken } from './helpers';

const PATH = `/api/atlas/v2/groups/${SEED_IDS.projects.production}/peers`;

describe('simulator faults', function () {
  let sim: AtlasSimulator;
  let token: string;
  before(async () => {
    sim = await startAtlasSimulator();
    token = await getToken(sim);
  });
  after(() => sim.close());
  beforeEach(() => {
    sim.clearFaults();
    sim.clearLog();
  });

  const get = (p = PATH) => bearerFetch(sim, p, token);

  it('adds latency', async () => {
    sim.setFault({ path: PATH }, { latencyMs: 200 });
    const t0 = Date.now();
    assert.equal((await get()).status, 200);
    assert.ok(Date.now() - t0 >= 190);
    assert.ok(sim.requestLog[0].durationMs >= 190);
  });

  it('answers a status with an Atlas error body, Retry-After on 503, only `times` times', async () => {
    sim.setFault({ method: 'GET', path: PATH }, { status: 503, retryAfterSec: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const r = await get();
      assert.equal(r.status, 503);
      assert.equal(r.headers.get('retry-after'), '7');
      assert.equal(((await r.json()) as { errorCode: string }).errorCode, 'SERVICE_UNAVAILABLE');
    }
    assert.equal((await get()).status, 200);
    assert.deepEqual(
      sim.requestLog.map((e) => e.status),
      [503, 503, 200],
    );
    assert.equal(sim.requestLog[0].fault, 'status');
  });

  it('uses a custom errorCode and detail', async () => {
    sim.setFault(
      { path: /\/peers$/ },
      { status: 403, errorCode: 'GLOBAL_USER_OUTSIDE_SUBNET', detail: 'Not on the access list.', times: 1 },
    );
    const body = (await (await get()).json()) as Record<string, unknown>;
    assert.deepEqual(
      [body.error, body.errorCode, body.detail],
      [403, 'GLOBAL_USER_OUTSIDE_SUBNET', 'Not on the access list.'],
    );
  });

  it('does not spend a fault on the digest challenge round trip', async () => {
    sim.setFault({ path: PATH }, { status: 500, times: 1 });
    const first = await digestFetch(sim, PATH);
    assert.equal(first.status, 500);
    const second = await digestFetch(sim, PATH);
    assert.equal(second.status, 200);
  });

  it('matches a RegExp against the query too, and prefix strings ending in *', async () => {
    sim.setFault({ path: /providerName=GCP/ }, { status: 500 });
    assert.equal((await get(`${PATH}?providerName=GCP`)).status, 500);
    assert.equal((await get(`${PATH}?providerName=AWS`)).status, 200);
    sim.clearFaults();
    sim.setFault({ path: `/api/atlas/v2/groups/${SEED_IDS.projects.production}/*` }, { status: 502 });
    assert.equal((await get(`${PATH}/${SEED_IDS.peers.awsAvailable}`)).status, 502);
    assert.equal((await get(`/api/atlas/v2/groups/${SEED_IDS.projects.staging}/peers`)).status, 200);
  });

  it('resets the connection', async () => {
    sim.setFault({ path: PATH }, { reset: true, times: 1 });
    await assert.rejects(get());
    assert.equal(sim.requestLog[0].status, 0);
    assert.equal((await get()).status, 200);
  });

  it('truncates the JSON body', async () => {
    sim.setFault({ path: PATH }, { truncate: true, times: 1 });
    const r = await get();
    assert.equal(r.status, 200);
    const text = await r.text();
    assert.ok(text.startsWith('{'));
    assert.throws(() => JSON.parse(text));
  });

  it('sends an HTML error page', async () => {
    sim.setFault({ path: PATH }, { html: true, times: 1 });
    const r = await get();
    assert.equal(r.status, 502);
    assert.match(r.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await r.text(), /<html>/);
  });

  it('sends an empty body', async () => {
    sim.setFault({ path: PATH }, { empty: true, times: 1 });
    const r = await get();
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '');
  });

  it('sends a non-JSON body under the JSON content type', async () => {
    sim.setFault({ path: PATH }, { notJson: true, times: 1 });
    const r = await get();
    assert.match(r.headers.get('content-type') ?? '', /json/);
    const text = await r.text();
    assert.throws(() => JSON.parse(text));
  });

  it('sends a huge but valid JSON body', async () => {
    sim.setFault({ path: PATH }, { hugeBodyBytes: 10 * 1024 * 1024, times: 1 });
    const r = await get();
    const text = await r.text();
    assert.ok(text.length >= 10 * 1024 * 1024 - 100);
    const parsed = JSON.parse(text) as { results: unknown[] };
    assert.ok(parsed.results.length > 0);
  });

  it('drips the body slowly', async () => {
    sim.setFault({ path: PATH }, { slowBodyMs: 300, times: 1 });
    const t0 = Date.now();
    const r = await get();
    const headersAt = Date.now() - t0;
    const body = (await r.json()) as { results: unknown[] };
    assert.ok(body.results.length > 0);
    assert.ok(Date.now() - t0 >= 250, 'body took the drip time');
    assert.ok(headersAt < 250, 'headers came first');
  });

  it('stalls after the headers until the client gives up, and close() still ends', async () => {
    const own = await startAtlasSimulator();
    const t = await getToken(own);
    own.setFault({ path: PATH }, { stall: true });
    const url = new URL(own.url + PATH);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(url, { headers: { Accept: ACCEPT, Authorization: `Bearer ${t}` } }, (res) => {
        res.on('data', () => undefined);
        res.on('error', () => undefined);
        res.on('aborted', () => undefined);
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 200);
    // A keep-alive fetch connection is open too; close() must not wait for either.
    await bearerFetch(own, '/api/atlas/v2/groups', t)
      .then((r) => r.text())
      .catch(() => undefined);
    const t0 = Date.now();
    await own.close();
    assert.ok(Date.now() - t0 < 1000);
  });

  it('faults the OAuth token endpoint too', async () => {
    sim.setFault({ method: 'POST', path: '/api/oauth/token' }, { status: 503, times: 1 });
    const r = await fetch(`${sim.url}/api/oauth/token`, { method: 'POST' });
    assert.equal(r.status, 503);
  });

  it('takes faults over HTTP (POST/DELETE /__sim/faults) without auth', async () => {
    const set = await fetch(`${sim.url}/__sim/faults`, {
      method: 'POST',
      body: JSON.stringify({ pathRegex: '/peers$', fault: { status: 500 } }),
    });
    assert.equal(set.status, 200);
    assert.equal((await get()).status, 500);
    const del = await fetch(`${sim.url}/__sim/faults`, { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.equal((await get()).status, 200);
    const bad = await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: '{"path":"/x"}' });
    assert.equal(bad.status, 400);
  });
});
