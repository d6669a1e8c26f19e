// Both authentication flows: digest challenge reuse, nonce expiry, nonce-count uniqueness; OAuth
// token caching, single flight, expiry, 401 refresh, OAuth errors and sign-out.

import * as assert from 'node:assert/strict';
import { AtlasApiError, AtlasAuthError, createAtlasClient } from '../../../src/atlas';
import {
  DigestChallenge,
  digestAuthorization,
  parseWwwAuthenticate,
  pickDigestChallenge,
} from '../../../src/atlas/digest';
import { refreshMarginMs } from '../../../src/atlas/oauth';
import { DEMO_CREDENTIALS, digestResponse, parseDigestHeader, SEED_IDS } from '../../simulator';
import { manualClock, rejection, SECRETS, useSimulator, waitFor } from './helpers';

const PROD = SEED_IDS.projects.production;

describe('digest (RFC 7616) building blocks', () => {
  const challenge = (algorithm: 'MD5' | 'SHA-256'): DigestChallenge => ({
    realm: 'MMS Public API',
    nonce: 'abc123',
    opaque: undefined,
    algorithm,
    qop: 'auth',
    stale: false,
    nc: 0,
  });

  it("parses Atlas's challenge and picks the strongest of several", () => {
    const header = 'Digest realm="MMS Public API", domain="", nonce="n1", algorithm=MD5, qop="auth", stale=false';
    const c = pickDigestChallenge(header);
    assert.deepEqual(
      { ...c },
      { realm: 'MMS Public API', nonce: 'n1', opaque: undefined, algorithm: 'MD5', qop: 'auth', stale: false, nc: 0 },
    );
    const two = pickDigestChallenge(
      `Bearer error="invalid_token", ${header}, Digest realm="r", nonce="n2", algorithm=SHA-256, qop="auth,auth-int", stale=TRUE`,
    );
    assert.equal(two?.algorithm, 'SHA-256');
    assert.equal(two?.nonce, 'n2');
    assert.equal(two?.stale, true);
    assert.equal(pickDigestChallenge('Digest realm="r", nonce="n", qop="auth-int"'), undefined);
    assert.equal(pickDigestChallenge('Basic realm="MongoDB Atlas"'), undefined);
    assert.deepEqual(parseWwwAuthenticate('Digest realm="a \\"b\\", c"')[0].params, { realm: 'a "b", c' });
  });

  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    it(`computes a response the server-side check accepts (${algorithm}), uri = path + query`, () => {
      const c = challenge(algorithm);
      const uri = '/api/atlas/v2/groups/x/peers?providerName=GCP&pageNum=1';
      const header = digestAuthorization(c, { username: 'user', password: 'pass' }, 'GET', uri);
      const f = parseDigestHeader(header);
      assert.equal(f.uri, uri);
      assert.equal(f.algorithm, algorithm);
      assert.equal(f.qop, 'auth');
      assert.equal(f.nc, '00000001');
      assert.match(f.cnonce, /^[0-9a-f]{32}$/);
      const expected = digestResponse({
        algorithm,
        username: 'user',
        password: 'pass',
        realm: 'MMS Public API',
        method: 'GET',
        uri,
        nonce: 'abc123',
        nc: f.nc,
        cnonce: f.cnonce,
        qop: 'auth',
      });
      assert.equal(f.response, expected);
      assert.ok(!header.includes('pass'));
    });
  }

  it('gives 50 requests sharing a challenge 50 distinct nonce-counts and cnonces', () => {
    const c = challenge('MD5');
    const headers = Array.from({ length: 50 }, () =>
      parseDigestHeader(digestAuthorization(c, { username: 'u', password: 'p' }, 'GET', '/')),
    );
    assert.equal(new Set(headers.map((h) => h.nc)).size, 50);
    assert.equal(new Set(headers.map((h) => h.cnonce)).size, 50);
    assert.equal(headers.at(-1)?.nc, '00000032');
  });
});

describe('atlas client: API key (digest), nonce reuse', () => {
  const { sim, client } = useSimulator();

  it('reuses the challenge: 50 concurrent calls after warm-up are 50 requests, none refused', async () => {
    const c = client('digest', { maxConcurrentRequests: 16 });
    await c.getProject(PROD);
    sim().clearLog();
    const results = await Promise.all(Array.from({ length: 50 }, () => c.getPeer(PROD, SEED_IDS.peers.gcpAvailable)));
    assert.equal(results.length, 50);
    // The simulator refuses a nonce-count it has seen (401 stale=true): no 401 means all were unique.
    assert.equal(sim().requestLog.length, 50);
    assert.ok(sim().requestLog.every((e) => e.status === 200 && e.authScheme === 'digest'));
  });
});

describe('atlas client: API key (digest) with short-lived nonces', () => {
  const clock = manualClock();
  const { sim, client } = useSimulator({ nonceLifetimeMs: 500, now: clock.now });

  it('takes the new challenge when the nonce expires mid-run, and the call still succeeds', async () => {
    const c = client('digest');
    await c.getProject(PROD);
    sim().clearLog();
    await c.getProject(PROD);
    assert.equal(sim().requestLog.length, 1);
    clock.advance(600); // past nonceLifetimeMs
    sim().clearLog();
    const peer = await c.getPeer(PROD, SEED_IDS.peers.awsAvailable);
    assert.equal(peer.id, SEED_IDS.peers.awsAvailable);
    assert.deepEqual(
      sim().requestLog.map((e) => `${e.authScheme} ${e.status}`),
      ['digest 401', 'digest 200'],
    );
    sim().clearLog();
    await c.getPeer(PROD, SEED_IDS.peers.awsAvailable);
    assert.equal(sim().requestLog.length, 1, 'back to one request per call with the new nonce');
  });

  it('handles expiry under concurrency: every call succeeds with at most one retry each', async () => {
    const c = client('digest', { maxConcurrentRequests: 8 });
    await c.getProject(PROD);
    clock.advance(600);
    sim().clearLog();
    await Promise.all(Array.from({ length: 20 }, () => c.getProject(PROD)));
    const ok = sim().requestLog.filter((e) => e.status === 200).length;
    assert.equal(ok, 20);
    assert.ok(sim().requestLog.length <= 40, `${sim().requestLog.length} requests`);
  });

  it('a wrong private key fails with 401 and asks for credentials, after one retry', async () => {
    const c = createAtlasClient({
      baseUrl: sim().url,
      credentials: {
        kind: 'apiKey',
        publicKey: DEMO_CREDENTIALS.apiKey.publicKey,
        privateKey: 'wrong-private-key-123',
      },
    });
    try {
      sim().clearLog();
      const e = await rejection(c.getProject(PROD));
      assert.ok(e instanceof AtlasApiError);
      assert.equal(e.status, 401);
      assert.equal(e.action, 'setCredentials');
      assert.match(e.userMessage, /credentials/);
      assert.deepEqual(
        sim().requestLog.map((x) => `${x.authScheme} ${x.status}`),
        ['none 401', 'digest 401'],
      );
      assert.ok(!JSON.stringify(e).includes('wrong-private-key-123'));
    } finally {
      c.dispose();
    }
  });

  it('signOut forgets the challenge', async () => {
    const c = client('digest');
    await c.getProject(PROD);
    await c.signOut();
    sim().clearLog();
    await c.getProject(PROD);
    assert.deepEqual(
      sim().requestLog.map((x) => `${x.authScheme} ${x.status}`),
      ['none 401', 'digest 200'],
    );
  });
});

describe('atlas client: service account (OAuth) against the simulator', () => {
  // Atlas's 1 h lifetime on a clock the test moves: expiry without sleeping, and no token of an
  // earlier test expires in the middle of a count.
  const clock = manualClock();
  const { sim, client } = useSimulator({ now: clock.now });
  const clientId = DEMO_CREDENTIALS.serviceAccount.clientId;
  const tokenRequests = (): number => sim().requestLog.filter((e) => e.path === '/api/oauth/token').length;

  it('refreshes shortly before expiry: 60 s, or 10 % of a short lifetime', () => {
    assert.equal(refreshMarginMs(3600_000), 60_000);
    assert.equal(refreshMarginMs(2000), 200);
  });

  it('one token request for 50 concurrent calls, then a new one after expiry', async () => {
    const c = client('oauth', { maxConcurrentRequests: 10 });
    sim().clearLog();
    await Promise.all(Array.from({ length: 50 }, () => c.getPeer(PROD, SEED_IDS.peers.azureAvailable)));
    assert.equal(tokenRequests(), 1);
    assert.equal(sim().requestLog.filter((e) => e.authScheme === 'bearer' && e.status === 200).length, 50);
    const token = sim().requestLog.find((e) => e.path === '/api/oauth/token');
    assert.equal(token?.authScheme, 'basic');
    assert.equal(token?.method, 'POST');
    clock.advance(3600_000 - refreshMarginMs(3600_000) + 1); // past 1 h minus the 60 s margin
    sim().clearLog();
    await Promise.all(Array.from({ length: 50 }, () => c.getProject(PROD)));
    assert.equal(tokenRequests(), 1, 'one new token for the next 50');
    assert.equal(sim().requestLog.filter((e) => e.status === 401).length, 0, 'refreshed before Atlas refused it');
    // The replaced token, still valid for a minute, is revoked in the background.
    await waitFor(() => sim().liveTokenCount(clientId) === 1, 'the replaced token is revoked');
  });

  it('a 401 with a cached token drops it, fetches a new one and retries once', async () => {
    const c = client('oauth');
    await c.getProject(PROD);
    sim().clearLog();
    sim().setFault({ path: `/api/atlas/v2/groups/${PROD}` }, { status: 401, errorCode: 'UNAUTHORIZED', times: 1 });
    const p = await c.getProject(PROD);
    assert.equal(p.id, PROD);
    assert.deepEqual(
      sim().requestLog.map((e) => `${e.path.replace(/\/api\/atlas\/v2.*/, 'api')} ${e.status}`),
      ['api 401', '/api/oauth/token 200', 'api 200'],
    );
  });

  it('a 401 that persists is reported once, after a single new token', async () => {
    const c = client('oauth');
    await c.getProject(PROD);
    sim().clearLog();
    sim().setFault({ path: `/api/atlas/v2/groups/${PROD}` }, { status: 401, errorCode: 'UNAUTHORIZED' });
    const e = await rejection(c.getProject(PROD));
    assert.ok(e instanceof AtlasApiError && e.status === 401 && e.action === 'setCredentials');
    assert.equal(sim().requestLog.length, 3);
  });

  it('invalid_client becomes an AtlasAuthError asking for credentials, without the secret', async () => {
    const secret = 'mdb_sa_sk_this-is-not-right-0000';
    const c = createAtlasClient({
      baseUrl: sim().url,
      credentials: { kind: 'serviceAccount', clientId: DEMO_CREDENTIALS.serviceAccount.clientId, clientSecret: secret },
    });
    try {
      const e = await rejection(c.listProjects());
      assert.ok(e instanceof AtlasAuthError, String(e));
      assert.equal(e.oauthError, 'invalid_client');
      assert.equal(e.status, 401);
      assert.equal(e.action, 'setCredentials');
      assert.match(e.userMessage, /client ID or secret/);
      for (const s of [secret, ...SECRETS]) {
        assert.ok(!JSON.stringify(e).includes(s) && !String(e.stack).includes(s));
      }
    } finally {
      c.dispose();
    }
  });

  it('signOut revokes the token; the next call gets a new one', async () => {
    const c = client('oauth');
    const before = sim().liveTokenCount(clientId);
    await c.getProject(PROD);
    assert.equal(sim().liveTokenCount(clientId), before + 1);
    sim().clearLog();
    await c.signOut();
    assert.deepEqual(
      sim().requestLog.map((e) => `${e.method} ${e.path} ${e.authScheme} ${e.status}`),
      ['POST /api/oauth/revoke basic 200'],
    );
    assert.equal(sim().liveTokenCount(clientId), before);
    sim().clearLog();
    await c.getProject(PROD);
    assert.equal(tokenRequests(), 1);
  });
});

describe('atlas client: OAuth token limit', () => {
  const { sim } = useSimulator({ maxTokensPerServiceAccount: 1 });

  it("access_denied (token limit) is an AtlasAuthError with Atlas's explanation", async () => {
    const opts = {
      baseUrl: sim().url,
      credentials: { kind: 'serviceAccount' as const, ...DEMO_CREDENTIALS.serviceAccount },
    };
    const first = createAtlasClient(opts);
    const second = createAtlasClient(opts);
    try {
      await first.getProject(PROD);
      const e = await rejection(second.getProject(PROD));
      assert.ok(e instanceof AtlasAuthError);
      assert.equal(e.oauthError, 'access_denied');
      assert.equal(e.status, 403);
      assert.match(e.userMessage, /Access Token limit reached/);
    } finally {
      first.dispose();
      second.dispose();
    }
  });
});
