// Adversarial suite of the Atlas core: servers that misbehave (on purpose or not), nonce-count
// checks stricter than Atlas's, and users who press Refresh hundreds of times. Each attack states
// what must hold; the suite ends with `attacks: N tried, N held`.

import * as assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AtlasApiError,
  AtlasAuthError,
  AtlasClient,
  AtlasTimeoutError,
  MAX_LIST_ITEMS,
  OAuthTokenPool,
  createAtlasClient,
} from '../../../src/atlas';
import { DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator, type AtlasSimulator } from '../../simulator';
import { attackSuite } from './attacks';
import { credentialsFor, manualClock, rejection, startTinyServer, useSimulator, waitFor } from './helpers';

const PROD = SEED_IDS.projects.production;
const SERVICE_ACCOUNT = { kind: 'serviceAccount' as const, ...DEMO_CREDENTIALS.serviceAccount };
const { attack } = attackSuite('Atlas core');

/** A server that speaks just enough OAuth to hand out a token, and lets `api` answer the rest. */
async function fakeAtlas(
  api: (req: IncomingMessage, res: ServerResponse) => void,
  token: Record<string, unknown> = { access_token: 'tok', token_type: 'Bearer', expires_in: 3600 },
): Promise<Awaited<ReturnType<typeof startTinyServer>>> {
  return startTinyServer((req, res) => {
    if (req.url === '/api/oauth/token') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(token));
      return;
    }
    api(req, res);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

function project(i: number): Record<string, unknown> {
  return { id: i.toString(16).padStart(24, '0'), name: `p${i}` };
}

describe('adversarial: servers and habits against the Atlas core', () => {
  describe('Refresh pressed 500 times (service account)', () => {
    const clock = manualClock();
    let sim: AtlasSimulator;
    const secondSecret = 'mdb_sa_sk_second-secret-of-the-same-account-0000';
    before(async () => {
      sim = await startAtlasSimulator({
        now: clock.now,
        serviceAccounts: [
          { ...DEMO_CREDENTIALS.serviceAccount },
          { clientId: DEMO_CREDENTIALS.serviceAccount.clientId, clientSecret: secondSecret },
        ],
      });
    });
    after(() => sim.close());
    const tokenRequests = (): number => sim.requestLog.filter((e) => e.path === '/api/oauth/token').length;

    attack(
      '500 refreshes (a new client each, as a session reset makes) leave at most 1 live token and fetch 1',
      async () => {
        const pool = new OAuthTokenPool(clock.now);
        let current: AtlasClient | undefined;
        let mostLive = 0;
        for (let i = 0; i < 500; i++) {
          current?.dispose();
          current = createAtlasClient({
            baseUrl: sim.url,
            credentials: SERVICE_ACCOUNT,
            tokenPool: pool,
            now: clock.now,
          });
          await current.getProject(PROD);
          mostLive = Math.max(mostLive, sim.liveTokenCount());
        }
        console.log(`      500 refreshes: ${tokenRequests()} token request(s), at most ${mostLive} live token(s)`);
        assert.equal(mostLive, 1);
        assert.equal(tokenRequests(), 1, 'a live token was there for every refresh');
        current?.dispose();
        await pool.dispose();
        assert.equal(sim.liveTokenCount(), 0, 'closing the pool (deactivation) revokes the token');
      },
    );

    attack('a credentials change to another secret of the same account replaces the token, not adds one', async () => {
      const pool = new OAuthTokenPool(clock.now);
      const make = (clientSecret: string): AtlasClient =>
        createAtlasClient({
          baseUrl: sim.url,
          credentials: { ...SERVICE_ACCOUNT, clientSecret },
          tokenPool: pool,
          now: clock.now,
        });
      const before = make(DEMO_CREDENTIALS.serviceAccount.clientSecret);
      await before.getProject(PROD);
      const check = make(secondSecret); // the credential check of Set Credentials
      await check.listProjects();
      check.dispose();
      before.dispose();
      const after = make(secondSecret); // the session after the reset
      await after.getProject(PROD);
      await waitFor(() => sim.liveTokenCount() === 1, 'the first secret’s token is revoked');
      after.dispose();
      await pool.dispose();
    });

    attack('a wrong secret tried in Set Credentials does not cost the working token', async () => {
      const pool = new OAuthTokenPool(clock.now);
      const good = createAtlasClient({
        baseUrl: sim.url,
        credentials: SERVICE_ACCOUNT,
        tokenPool: pool,
        now: clock.now,
      });
      await good.getProject(PROD);
      sim.clearLog();
      const wrong = createAtlasClient({
        baseUrl: sim.url,
        credentials: { ...SERVICE_ACCOUNT, clientSecret: 'mdb_sa_sk_wrong' },
        tokenPool: pool,
        now: clock.now,
      });
      assert.ok((await rejection(wrong.listProjects())) instanceof AtlasAuthError);
      wrong.dispose();
      await good.getProject(PROD);
      assert.equal(tokenRequests(), 1, 'only the wrong secret’s refused request');
      assert.equal(sim.liveTokenCount(), 1);
      good.dispose();
      await pool.dispose();
    });
  });

  describe('Digest against a strict nonce-count server (Apache httpd AuthDigestNcCheck On)', () => {
    for (const mode of ['strict', 'lenient'] as const) {
      describe(`${mode} server`, () => {
        const { sim, client } = useSimulator({ digestNonceCountCheck: mode });

        attack(`${mode}: 24 concurrent calls, 3 rounds: every call succeeds, at most 2 requests per call`, async () => {
          const c = client('digest');
          sim().clearLog();
          let failures = 0;
          for (let round = 0; round < 3; round++) {
            const results = await Promise.allSettled(
              Array.from({ length: 24 }, () => c.getPeer(PROD, SEED_IDS.peers.gcpAvailable)),
            );
            failures += results.filter((r) => r.status === 'rejected').length;
          }
          const perCall = sim().requestLog.length / 72;
          console.log(
            `      ${mode}: 72 concurrent calls, ${failures} failed, ${perCall.toFixed(2)} requests per call`,
          );
          assert.equal(failures, 0);
          assert.ok(perCall <= 2, `${perCall} requests per call`);
          // The same client, now one call at a time: the kept challenge serves each in one request.
          sim().clearLog();
          for (let i = 0; i < 20; i++) {
            await c.getProject(PROD);
          }
          assert.equal(sim().requestLog.length, 20, `${mode}: sequential after the concurrent rounds`);
        });

        attack(`${mode}: sequential calls stay at one request each after warm-up`, async () => {
          const c = client('digest');
          await c.getProject(PROD);
          sim().clearLog();
          for (let i = 0; i < 30; i++) {
            await c.getProject(PROD);
          }
          assert.equal(sim().requestLog.length, 30);
        });
      });
    }
  });

  describe('a server that never answers the first (challenge) request', () => {
    attack('6 calls waiting for the first challenge share its timeout: one request, six timeouts', async () => {
      const silent = await startTinyServer(() => undefined); // accepts, never answers
      const c = createAtlasClient({
        baseUrl: silent.url,
        credentials: credentialsFor('digest'),
        timeoutMs: 300,
        maxRetries: 0,
      });
      try {
        const errors = await Promise.all(Array.from({ length: 6 }, () => rejection(c.getProject(PROD))));
        assert.ok(
          errors.every((e) => e instanceof AtlasTimeoutError),
          errors.map(String).join('; '),
        );
        // Before, each waiter became the next probe when the previous one timed out: 6 requests,
        // one after another, the last failing after 6 timeouts.
        console.log(`      first challenge never comes: ${silent.recorded.length} request(s) for 6 calls`);
        assert.equal(silent.recorded.length, 1, 'only the probe went out');
      } finally {
        c.dispose();
        await silent.close();
      }
    });
  });

  describe('lists that never end', () => {
    attack('a list that ignores pageNum and reports totalCount 1e12 stops at the first repeated page', async () => {
      let requests = 0;
      const server = await fakeAtlas((req, res) => {
        requests++;
        json(res, 200, { results: [project(1), project(2)], totalCount: 1e12, links: [] });
      });
      const c = createAtlasClient({ baseUrl: server.url, credentials: SERVICE_ACCOUNT });
      try {
        const projects = await c.listProjects();
        console.log(`      pageNum ignored: ${requests} page requests, ${projects.length} items`);
        assert.equal(requests, 2);
        assert.equal(projects.length, 2);
      } finally {
        c.dispose();
        await server.close();
      }
    });

    attack(`a list whose pages never end is capped at ${MAX_LIST_ITEMS} items`, async () => {
      let requests = 0;
      const server = await fakeAtlas((req, res) => {
        requests++;
        const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('pageNum'));
        json(res, 200, {
          results: Array.from({ length: 500 }, (_, i) => project(page * 500 + i)),
          totalCount: 1e12,
          links: [],
        });
      });
      const c = createAtlasClient({ baseUrl: server.url, credentials: SERVICE_ACCOUNT });
      try {
        const projects = await c.listProjects();
        assert.equal(projects.length, MAX_LIST_ITEMS);
        assert.equal(requests, MAX_LIST_ITEMS / 500);
      } finally {
        c.dispose();
        await server.close();
      }
    });
  });

  describe('tokens and text from a hostile token endpoint', () => {
    attack('expires_in 0.001 does not cost a token request per call', async () => {
      let tokenRequests = 0;
      const server = await startTinyServer((req, res) => {
        if (req.url === '/api/oauth/token') {
          tokenRequests++;
          json(res, 200, { access_token: `tok${tokenRequests}`, token_type: 'Bearer', expires_in: 0.001 });
          return;
        }
        json(res, 200, project(1));
      });
      const c = createAtlasClient({ baseUrl: server.url, credentials: SERVICE_ACCOUNT });
      try {
        for (let i = 0; i < 20; i++) {
          await c.getProject(PROD);
        }
        console.log(`      expires_in 0.001: ${tokenRequests} token request(s) for 20 calls`);
        assert.equal(tokenRequests, 1);
      } finally {
        c.dispose();
        await server.close();
      }
    });

    attack(
      'a 1 MB error_description, a 1 MB detail and 10,000 badRequestDetail fields are capped in the error',
      async () => {
        const huge = 'x'.repeat(1024 * 1024);
        const tokenServer = await startTinyServer((req, res) =>
          json(res, 403, { error: 'access_denied', error_description: huge }),
        );
        const apiServer = await fakeAtlas((req, res) =>
          json(res, 400, {
            error: 400,
            errorCode: 'VALIDATION_ERROR',
            detail: huge,
            badRequestDetail: {
              fields: Array.from({ length: 10_000 }, () => ({ field: 'f'.repeat(100), description: 'd'.repeat(300) })),
            },
          }),
        );
        const a = createAtlasClient({ baseUrl: tokenServer.url, credentials: SERVICE_ACCOUNT, maxRetries: 0 });
        const b = createAtlasClient({ baseUrl: apiServer.url, credentials: SERVICE_ACCOUNT, maxRetries: 0 });
        try {
          const auth = await rejection(a.getProject(PROD));
          assert.ok(auth instanceof AtlasAuthError);
          assert.ok(auth.userMessage.length < 500, `${auth.userMessage.length} characters`);
          assert.ok((auth.oauthErrorDescription ?? '').length <= 300);
          const api = await rejection(b.getProject(PROD));
          assert.ok(api instanceof AtlasApiError);
          assert.ok(api.userMessage.length < 3000, `${api.userMessage.length} characters`);
          assert.ok(JSON.stringify(api).length < 10_000, `${JSON.stringify(api).length} characters serialised`);
        } finally {
          a.dispose();
          b.dispose();
          await tokenServer.close();
          await apiServer.close();
        }
      },
    );
  });

  describe('redirects', () => {
    attack(
      'a same-origin redirect to a path with a malformed % escape gives an Atlas error, not a URIError',
      async () => {
        const server = await fakeAtlas((req, res) => {
          if (req.url?.startsWith(`/api/atlas/v2/groups/${PROD}`)) {
            res.writeHead(302, { Location: '/api/atlas/v2/groups/%E0%A4%A/peers/%zz' });
            res.end();
            return;
          }
          json(res, 404, { error: 404, detail: 'gone' });
        });
        const c = createAtlasClient({ baseUrl: server.url, credentials: SERVICE_ACCOUNT, maxRetries: 0 });
        try {
          const e = await rejection(c.getProject(PROD));
          assert.ok(e instanceof AtlasApiError, String(e));
          assert.equal(e.status, 404);
        } finally {
          c.dispose();
          await server.close();
        }
      },
    );

    for (const target of ['https://127.0.0.1:1/x', 'http://localhost:{port}/x', 'ftp://127.0.0.1/x']) {
      attack(
        `a redirect to another origin or scheme (${target}) is refused before any request goes there`,
        async () => {
          let followed = 0;
          const server = await fakeAtlas((req, res) => {
            if (req.url === '/x') {
              followed++;
              json(res, 200, project(1));
              return;
            }
            const port = new URL(`http://${req.headers.host ?? ''}`).port;
            res.writeHead(301, { Location: target.replace('{port}', port) });
            res.end();
          });
          const c = createAtlasClient({ baseUrl: server.url, credentials: credentialsFor('oauth'), maxRetries: 0 });
          try {
            const e = await rejection(c.getProject(PROD));
            assert.ok(e instanceof AtlasApiError && e.status === 301, String(e));
            assert.equal(followed, 0);
          } finally {
            c.dispose();
            await server.close();
          }
        },
      );
    }
  });
});
