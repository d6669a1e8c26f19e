// Error classes and messages, retries, timeouts, cancellation, unreadable bodies, redirects, and
// the guarantee that no error carries a credential.

import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import {
  AtlasApiError,
  AtlasCancelledError,
  AtlasError,
  AtlasNetworkError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  AtlasValidationError,
  createAtlasClient,
  formatAtlasError,
} from '../../../src/atlas';
import { SEED_IDS } from '../../simulator';
import { proxyTo, RecordedRequest, rejection, SCHEMES, SECRETS, startTinyServer, useSimulator } from './helpers';

const PROD = SEED_IDS.projects.production;
const PROJECT_PATH = `/api/atlas/v2/groups/${PROD}`;

/** Every error any test here produced, for the no-secrets check at the end. */
const collected: unknown[] = [];
async function failure(p: Promise<unknown>): Promise<unknown> {
  const e = await rejection(p);
  collected.push(e);
  return e;
}

describe('atlas client: errors', () => {
  const { sim, client } = useSimulator();
  const apiRequests = (): number => sim().requestLog.filter((e) => e.path.startsWith('/api/atlas')).length;

  async function warm(scheme: 'digest' | 'oauth' = 'digest', extra = {}): Promise<ReturnType<typeof client>> {
    const c = client(scheme, extra);
    await c.getProject(SEED_IDS.projects.sandbox);
    sim().clearLog();
    return c;
  }

  describe('Atlas error answers', () => {
    it('404s name what was not found and offer a refresh', async () => {
      const c = await warm();
      const group = await failure(c.getProject(SEED_IDS.unknown.project));
      assert.ok(group instanceof AtlasApiError);
      assert.equal(group.status, 404);
      assert.equal(group.errorCode, 'GROUP_NOT_FOUND');
      assert.equal(group.reason, 'Not Found');
      assert.deepEqual(group.parameters, [SEED_IDS.unknown.project]);
      assert.match(group.userMessage, new RegExp(`Project ${SEED_IDS.unknown.project} was not found`));
      assert.equal(group.action, 'refresh');
      const peer = await failure(c.getPeer(PROD, SEED_IDS.unknown.peer));
      assert.ok(peer instanceof AtlasApiError && peer.errorCode === 'PEER_NOT_FOUND');
      assert.match(
        peer.userMessage,
        new RegExp(`Peering connection ${SEED_IDS.unknown.peer} was not found in project ${PROD}`),
      );
      const container = await failure(c.getContainer(PROD, SEED_IDS.unknown.container));
      assert.ok(container instanceof AtlasApiError && container.errorCode === 'CLOUD_PROVIDER_CONTAINER_NOT_FOUND');
      assert.match(container.userMessage, new RegExp(`container ${SEED_IDS.unknown.container} was not found`));
      assert.equal(apiRequests(), 3, 'a 404 is not retried');
    });

    it('401 asks for credentials; 403 points to the role or the access list', async () => {
      const c = await warm('oauth');
      sim().setFault(
        { path: PROJECT_PATH },
        {
          status: 403,
          errorCode: 'GLOBAL_USER_OUTSIDE_SUBNET',
          detail: 'IP address 10.1.2.3 is not allowed to access this resource.',
          times: 1,
        },
      );
      const subnet = await failure(c.getProject(PROD));
      assert.ok(subnet instanceof AtlasApiError && subnet.status === 403);
      assert.equal(subnet.action, 'checkAccessList');
      assert.match(subnet.userMessage, /API access list/);
      assert.equal(subnet.detail, 'IP address 10.1.2.3 is not allowed to access this resource.');
      sim().setFault({ path: PROJECT_PATH }, { status: 403, times: 1 });
      const role = await failure(c.getProject(PROD));
      assert.ok(role instanceof AtlasApiError && role.action === 'checkRole');
      assert.match(role.userMessage, /Project Read Only/);
      const d = await warm('digest');
      sim().setFault({ path: PROJECT_PATH }, { status: 401, times: 5 });
      const unauthorized = await failure(d.getProject(PROD));
      assert.ok(
        unauthorized instanceof AtlasApiError &&
          unauthorized.status === 401 &&
          unauthorized.action === 'setCredentials',
      );
    });

    it('400 carries badRequestDetail; 406 and 410 say to update the extension', async () => {
      const c = await warm();
      sim().setFault(
        { path: PROJECT_PATH },
        { status: 400, errorCode: 'VALIDATION_ERROR', detail: 'Bad things.', times: 1 },
      );
      const bad = await failure(c.getProject(PROD));
      assert.ok(bad instanceof AtlasApiError && bad.status === 400 && bad.errorCode === 'VALIDATION_ERROR');
      assert.match(bad.userMessage, /Bad things/);
      sim().setFault({ path: PROJECT_PATH }, { status: 406, errorCode: 'INVALID_VERSION_DATE', times: 1 });
      const v406 = await failure(c.getProject(PROD));
      assert.ok(v406 instanceof AtlasApiError && v406.status === 406);
      assert.match(v406.userMessage, /Update the Atlas Peering extension/);
      sim().setFault({ path: PROJECT_PATH }, { status: 410, errorCode: 'VERSION_GONE', times: 1 });
      const v410 = await failure(c.getProject(PROD));
      assert.ok(v410 instanceof AtlasApiError && v410.status === 410);
      assert.match(v410.userMessage, /no longer serves API version/);
    });

    it('reads badRequestDetail field violations', async () => {
      const body = {
        detail: 'An invalid enumeration value ORACLE was specified.',
        error: 400,
        errorCode: 'INVALID_ENUM_VALUE',
        parameters: ['ORACLE'],
        reason: 'Bad Request',
        badRequestDetail: { fields: [{ field: 'providerName', description: 'must be one of AWS, AZURE, GCP' }] },
      };
      const server = await startTinyServer((_req, res) => {
        res.writeHead(400, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      });
      try {
        const c = client('digest', { baseUrl: server.url });
        const e = await failure(c.listPeers(PROD, 'GCP'));
        assert.ok(e instanceof AtlasApiError && e.status === 400);
        assert.deepEqual(e.badRequestDetail, body.badRequestDetail);
        assert.deepEqual(e.parameters, ['ORACLE']);
        assert.equal(e.reason, 'Bad Request');
        assert.match(
          e.userMessage,
          /INVALID_ENUM_VALUE.*invalid enumeration value ORACLE.*providerName: must be one of AWS, AZURE, GCP/,
        );
        assert.equal(server.recorded.length, 1, 'not retried');
      } finally {
        await server.close();
      }
    });
  });

  describe('retries', () => {
    it('retries 429 after Retry-After and then succeeds', async () => {
      const c = await warm('digest', { maxRetryDelayMs: 5000 });
      sim().setFault({ path: PROJECT_PATH }, { status: 429, retryAfterSec: 1, times: 1 });
      const started = Date.now();
      const p = await c.getProject(PROD);
      const elapsed = Date.now() - started;
      assert.equal(p.id, PROD);
      assert.ok(elapsed >= 950, `waited ${elapsed} ms, Retry-After was 1 s`);
      assert.deepEqual(
        sim().requestLog.map((e) => e.status),
        [429, 200],
      );
    });

    it('does not wait past the cap: a long Retry-After is reported with when to retry', async () => {
      const c = await warm('oauth', { maxRetryDelayMs: 500 });
      sim().setFault({ path: PROJECT_PATH }, { status: 429, retryAfterSec: 55, times: 1 });
      const started = Date.now();
      const e = await failure(c.getProject(PROD));
      assert.ok(Date.now() - started < 400);
      assert.ok(e instanceof AtlasApiError && e.status === 429);
      assert.equal(e.retryAfterMs, 55_000);
      assert.match(e.userMessage, /rate limit.*retry in 55 s/i);
      assert.equal(e.action, 'retry');
      assert.equal(apiRequests(), 1);
    });

    for (const status of [502, 503, 504]) {
      it(`retries ${status} with backoff up to maxRetries`, async () => {
        const c = await warm('digest', { maxRetries: 3 });
        sim().setFault({ path: PROJECT_PATH }, { status, retryAfterSec: 0, times: 2 });
        assert.equal((await c.getProject(PROD)).id, PROD);
        assert.deepEqual(
          sim().requestLog.map((e) => e.status),
          [status, status, 200],
        );
        sim().clearLog();
        sim().setFault({ path: PROJECT_PATH }, { status, retryAfterSec: 0 });
        const e = await failure(c.getProject(PROD));
        assert.ok(e instanceof AtlasApiError && e.status === status && e.action === 'retry');
        assert.equal(apiRequests(), 4, '1 + maxRetries');
      });
    }

    it('retries a connection reset', async () => {
      const c = await warm('oauth');
      sim().setFault({ path: PROJECT_PATH }, { reset: true, times: 1 });
      assert.equal((await c.getProject(PROD)).id, PROD);
      assert.equal(apiRequests(), 2);
      sim().clearLog();
      sim().setFault({ path: PROJECT_PATH }, { reset: true });
      const e = await failure(c.getProject(PROD));
      assert.ok(e instanceof AtlasNetworkError, String(e));
      assert.equal(e.code, 'ECONNRESET');
      assert.equal(e.action, 'retry');
      assert.equal(apiRequests(), 4);
    });

    for (const status of [400, 401, 403, 404]) {
      it(`does not retry ${status}`, async () => {
        for (const scheme of SCHEMES) {
          const c = await warm(scheme);
          sim().setFault({ path: PROJECT_PATH }, { status });
          const e = await failure(c.getProject(PROD));
          assert.ok(e instanceof AtlasApiError && e.status === status);
          // A 401 with a cached token costs one attempt with a new token, never more; this 401
          // carries no new digest challenge, so digest has nothing new to try.
          assert.equal(apiRequests(), status === 401 && scheme === 'oauth' ? 2 : 1, `${scheme} ${status}`);
          sim().clearFaults();
          sim().clearLog();
        }
      });
    }
  });

  describe('network, timeout, cancellation', () => {
    it('a refused connection is a network error pointing to the settings', async () => {
      const dead = await startTinyServer(() => undefined);
      const url = dead.url;
      await dead.close();
      const c = createAtlasClient({
        baseUrl: url,
        credentials: { kind: 'apiKey', publicKey: 'pub', privateKey: SECRETS[0] },
      });
      try {
        const e = await failure(c.getProject(PROD));
        assert.ok(e instanceof AtlasNetworkError, String(e));
        assert.equal(e.code, 'ECONNREFUSED');
        assert.equal(e.action, 'openSettings');
        assert.match(e.userMessage, new RegExp(`Could not reach Atlas at ${url.replace(/\./g, '\\.')}`));
      } finally {
        c.dispose();
      }
    });

    it('times out a slow answer, and a stalled body, without retrying', async () => {
      const c = await warm('digest', { timeoutMs: 300 });
      sim().setFault({ path: PROJECT_PATH }, { latencyMs: 3000 });
      let started = Date.now();
      const slow = await failure(c.getProject(PROD));
      assert.ok(slow instanceof AtlasTimeoutError, String(slow));
      assert.ok(Date.now() - started < 1500);
      assert.equal(slow.timeoutMs, 300);
      assert.match(slow.userMessage, /did not answer within 300 ms/);
      sim().clearFaults();
      sim().setFault({ path: PROJECT_PATH }, { stall: true });
      started = Date.now();
      const stalled = await failure(c.getProject(PROD));
      assert.ok(stalled instanceof AtlasTimeoutError, String(stalled));
      // One timeout, not four: a retried timeout would take at least 4 x 300 ms.
      assert.ok(Date.now() - started < 600, `${Date.now() - started} ms`);
    });

    it('cancels through the AbortSignal, before or during a request', async () => {
      const c = await warm('oauth');
      const pre = new AbortController();
      pre.abort();
      const early = await failure(c.getProject(PROD, pre.signal));
      assert.ok(early instanceof AtlasCancelledError);
      assert.equal(apiRequests(), 0, 'nothing sent');
      sim().setFault({ path: PROJECT_PATH }, { latencyMs: 3000 });
      const ctrl = new AbortController();
      setTimeout(() => ctrl.abort(), 100);
      const started = Date.now();
      const e = await failure(c.getProject(PROD, ctrl.signal));
      assert.ok(e instanceof AtlasCancelledError, String(e));
      assert.ok(Date.now() - started < 1500);
      assert.equal(formatAtlasError(e).action, undefined);
    });

    it('cancels during the retry wait and while queued for a slot', async () => {
      const c = await warm('digest', { maxConcurrentRequests: 1, maxRetryDelayMs: 5000 });
      sim().setFault({ path: PROJECT_PATH }, { status: 503, retryAfterSec: 3 });
      const waiting = new AbortController();
      const retrying = c.getProject(PROD, waiting.signal);
      setTimeout(() => waiting.abort(), 150);
      let started = Date.now();
      assert.ok((await failure(retrying)) instanceof AtlasCancelledError);
      assert.ok(Date.now() - started < 1500);
      assert.equal(apiRequests(), 1, 'cancelled during the 3 s Retry-After wait');
      sim().clearFaults();
      sim().setFault({ path: PROJECT_PATH }, { latencyMs: 3000 });
      const ctrl = new AbortController();
      const holder = c.getProject(PROD, ctrl.signal);
      const queued = c.getPeer(PROD, SEED_IDS.peers.awsAvailable, ctrl.signal);
      setTimeout(() => ctrl.abort(), 150);
      started = Date.now();
      assert.ok((await failure(holder)) instanceof AtlasCancelledError);
      assert.ok((await failure(queued)) instanceof AtlasCancelledError);
      assert.ok(Date.now() - started < 1500);
      assert.equal(
        sim().requestLog.filter((e) => e.path.includes('/peers/')).length,
        0,
        'the queued call never went out',
      );
      sim().clearFaults();
      assert.equal((await c.getProject(PROD)).id, PROD, 'the slot was given back');
    });

    it('keeps no more than maxConcurrentRequests in flight, token requests included', async () => {
      for (const scheme of SCHEMES) {
        const c = client(scheme, { maxConcurrentRequests: 3 });
        sim().setFault({ path: '/api/*' }, { latencyMs: 30 });
        sim().inFlight.resetPeak();
        await Promise.all(Array.from({ length: 20 }, () => c.getPeer(PROD, SEED_IDS.peers.gcpAvailable)));
        assert.ok(sim().inFlight.peak <= 3, `${scheme}: peak ${sim().inFlight.peak}`);
        assert.equal(sim().inFlight.peak, 3, `${scheme}: the limit is used`);
        sim().clearFaults();
      }
    });

    it('dispose() aborts what is in flight', async () => {
      const c = await warm('oauth');
      sim().setFault({ path: PROJECT_PATH }, { latencyMs: 3000 });
      const pending = c.getProject(PROD);
      setTimeout(() => c.dispose(), 50);
      assert.ok((await failure(pending)) instanceof AtlasCancelledError);
      assert.ok((await failure(c.getProject(PROD))) instanceof AtlasCancelledError);
    });
  });

  describe('unreadable answers', () => {
    const cases: Array<[string, object, string]> = [
      ['an HTML page', { html: true, status: 200 }, 'html'],
      ['an empty body', { empty: true }, 'empty'],
      ['a body that is not JSON', { notJson: true }, 'notJson'],
      ['a truncated body', { truncate: true }, 'truncated'],
      ['a body over the size cap', { hugeBodyBytes: 300_000 }, 'tooLarge'],
    ];
    for (const [what, fault, kind] of cases) {
      it(`${what} -> AtlasUnreadableResponseError(${kind}), not retried`, async () => {
        const c = await warm('oauth', { maxResponseBytes: 100_000 });
        sim().setFault({ path: PROJECT_PATH }, fault);
        const e = await failure(c.getProject(PROD));
        assert.ok(e instanceof AtlasUnreadableResponseError, String(e));
        assert.equal(e.kind, kind);
        assert.equal(e.status, 200);
        assert.match(e.userMessage, new RegExp(`Atlas sent .* for ${PROJECT_PATH}`));
        assert.equal(apiRequests(), 1);
      });
    }

    it('the default cap is 8 MB: a 9 MB body is refused, a 1 MB one read', async () => {
      const c = await warm('digest');
      sim().setFault({ path: PROJECT_PATH }, { hugeBodyBytes: 1_000_000, times: 1 });
      assert.equal((await c.getProject(PROD)).id, PROD);
      sim().setFault({ path: PROJECT_PATH }, { hugeBodyBytes: 9 * 1024 * 1024, times: 1 });
      const e = await failure(c.getProject(PROD));
      assert.ok(e instanceof AtlasUnreadableResponseError && e.kind === 'tooLarge');
      assert.match(e.userMessage, /larger than 8 MB/);
    });

    it("a proxy's HTML 502 page is retried, then reported as a 502", async () => {
      const c = await warm('digest', { maxRetries: 1 });
      sim().setFault({ path: PROJECT_PATH }, { html: true });
      const e = await failure(c.getProject(PROD));
      assert.ok(e instanceof AtlasApiError && e.status === 502 && e.errorCode === null);
      assert.equal(apiRequests(), 2);
    });
  });

  describe('redirects', () => {
    for (const scheme of SCHEMES) {
      it(`a redirect to another origin is refused, its body never read as Atlas data (${scheme}); same-origin redirects keep credentials`, async () => {
        const elsewhere = await startTinyServer((req, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ id: PROD, name: 'Elsewhere' }));
        });
        const front = await startTinyServer((req, res) => {
          if (req.url?.startsWith(`${PROJECT_PATH}?`) || req.url === PROJECT_PATH) {
            res.writeHead(302, { Location: `${elsewhere.url}${req.url}` });
            res.end();
          } else if (
            req.url?.startsWith(`/api/atlas/v2/groups/${SEED_IDS.projects.staging}`) &&
            !req.url.includes('moved')
          ) {
            res.writeHead(307, { Location: `/api/atlas/v2/groups/${SEED_IDS.projects.staging}?moved=1` });
            res.end();
          } else {
            proxyTo(sim().url, req, res);
          }
        });
        try {
          const c = client(scheme, { baseUrl: front.url });
          await c.getProject(SEED_IDS.projects.sandbox); // warm-up: credentials in play
          const moved = await c.getProject(SEED_IDS.projects.staging);
          assert.equal(
            moved.name,
            'Staging',
            'same-origin redirect followed, with credentials re-signed for the new URI',
          );
          const e = await failure(c.getProject(PROD));
          assert.ok(e instanceof AtlasApiError && e.status === 302, String(e));
          assert.match(e.userMessage, /another origin; it was not followed/);
          const auth = (r: RecordedRequest | undefined): string | undefined => r?.headers.authorization;
          const toFront = front.recorded.find(
            (r) => r.url.startsWith(PROJECT_PATH) && r.url.split('?')[0] === PROJECT_PATH,
          );
          assert.ok(
            auth(toFront)?.startsWith(scheme === 'digest' ? 'Digest ' : 'Bearer '),
            'the Atlas origin got credentials',
          );
          assert.equal(elsewhere.recorded.length, 0, 'the other origin got no request at all');
        } finally {
          await front.close();
          await elsewhere.close();
        }
      });
    }
  });

  describe('no secret in any error', () => {
    it('JSON.stringify, inspect, toString and stack of every error hold no credential or token', async () => {
      // Capture the bearer tokens and digest headers actually sent, to look for them too.
      const proxy = await startTinyServer((req, res) => proxyTo(sim().url, req, res));
      try {
        for (const scheme of SCHEMES) {
          const c = client(scheme, { baseUrl: proxy.url, timeoutMs: 300 });
          await c.getProject(PROD);
          sim().setFault({ path: PROJECT_PATH }, { status: 401 });
          collected.push(await rejection(c.getProject(PROD)));
          sim().setFault({ path: PROJECT_PATH }, { latencyMs: 2000 });
          collected.push(await rejection(c.getProject(PROD)));
          sim().clearFaults();
          collected.push(await rejection(c.getPeer(PROD, SEED_IDS.unknown.peer)));
        }
        const badSecret = createAtlasClient({
          baseUrl: sim().url,
          credentials: { kind: 'serviceAccount', clientId: 'mdb_sa_id_x', clientSecret: 'mdb_sa_sk_SECRET_VALUE' },
        });
        collected.push(await rejection(badSecret.getProject(PROD)));
        badSecret.dispose();
        try {
          createAtlasClient({
            baseUrl: 'https://user:hunter2secret@cloud.mongodb.com',
            credentials: { kind: 'apiKey', publicKey: 'a', privateKey: 'b' },
          });
        } catch (e) {
          collected.push(e);
        }
        const sent = proxy.recorded.map((r) => r.headers.authorization).filter((a): a is string => !!a);
        assert.ok(
          sent.some((a) => a.startsWith('Bearer ')) &&
            sent.some((a) => a.startsWith('Digest ')) &&
            sent.some((a) => a.startsWith('Basic ')),
        );
        const needles = [
          ...SECRETS,
          'mdb_sa_sk_SECRET_VALUE',
          'hunter2secret',
          ...sent.map((a) => a.split(' ')[1].replace(/,$/, '')), // token, Basic blob, digest username part
          ...sent.filter((a) => a.startsWith('Digest ')).map((a) => /response="([^"]+)"/.exec(a)?.[1] ?? 'x'),
          'Authorization',
          'authorization',
        ];
        assert.ok(collected.length >= 30, `${collected.length} errors collected`);
        for (const e of collected) {
          assert.ok(e instanceof AtlasError, String(e));
          const views = [
            JSON.stringify(e),
            inspect(e, { depth: Infinity, showHidden: true }),
            String(e),
            String(e.stack),
            e.userMessage,
            JSON.stringify(formatAtlasError(e)),
          ];
          for (const view of views) {
            for (const needle of needles) {
              assert.ok(!view.includes(needle), `${e.name} exposes ${needle.slice(0, 6)}…: ${view.slice(0, 200)}`);
            }
            assert.ok(!/[\r\n]/.test(e.userMessage), 'one line');
          }
        }
      } finally {
        await proxy.close();
      }
    });
  });
});

describe('formatAtlasError', () => {
  it('formats any thrown value', () => {
    assert.deepEqual(formatAtlasError(new AtlasValidationError('Bad id.')), { message: 'Bad id.' });
    assert.deepEqual(formatAtlasError(new AtlasApiError({ status: 503, retryAfterMs: 2000 })), {
      message: 'Atlas had a server error (HTTP 503). Retry in 2 s.',
      action: 'retry',
    });
    assert.deepEqual(formatAtlasError(new Error('boom\nsecond line')), { message: 'boom second line' });
    assert.deepEqual(formatAtlasError('text'), { message: 'text' });
    assert.deepEqual(formatAtlasError(undefined), { message: 'Unknown error' });
    assert.deepEqual(formatAtlasError({ token: 'abc' }), { message: 'Unknown error' });
  });
});
