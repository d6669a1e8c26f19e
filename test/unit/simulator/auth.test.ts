// Digest and OAuth behaviour of the simulator, over real HTTP.

import * as assert from 'node:assert/strict';
import { DEMO_CREDENTIALS, TOKEN_LIMIT_MESSAGE, startAtlasSimulator, type AtlasSimulator } from '../../simulator';
import {
  ACCEPT,
  basic,
  bearerFetch,
  challenge,
  digestAuthorization,
  digestFetch,
  getToken,
  manualClock,
  tokenRequest,
} from './helpers';

const PATH = '/api/atlas/v2/groups';

describe('simulator auth: HTTP Digest', function () {
  let sim: AtlasSimulator;
  const clock = manualClock();
  before(async () => {
    sim = await startAtlasSimulator({ nonceLifetimeMs: 300, now: clock.now });
  });
  after(() => sim.close());
  beforeEach(() => sim.clearLog());

  it('challenges exactly like Atlas', async () => {
    const res = await fetch(sim.url + PATH, { headers: { Accept: ACCEPT } });
    assert.equal(res.status, 401);
    const body = (await res.json()) as { errorCode: string; error: number };
    assert.equal(body.error, 401);
    assert.equal(body.errorCode, 'UNAUTHORIZED');
    assert.match(
      res.headers.get('www-authenticate') ?? '',
      /^Digest realm="MMS Public API", domain="", nonce="[0-9a-f]+", algorithm=MD5, qop="auth", stale=false$/,
    );
    assert.equal(sim.requestLog[0].authScheme, 'none');
    assert.equal(sim.requestLog[0].status, 401);
  });

  it('accepts a correct MD5 response (two round trips, logged as digest)', async () => {
    const res = await digestFetch(sim, `${PATH}?pageNum=1&itemsPerPage=2`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { results: unknown[] }).results.length, 2);
    assert.deepEqual(
      sim.requestLog.map((e) => [e.authScheme, e.status]),
      [
        ['none', 401],
        ['digest', 200],
      ],
    );
  });

  it('accepts SHA-256 when the client says so', async () => {
    const res = await digestFetch(sim, PATH, { algorithm: 'SHA-256' });
    assert.equal(res.status, 200);
  });

  it('refuses a wrong private key with a fresh, non-stale challenge', async () => {
    const res = await digestFetch(sim, PATH, { privateKey: 'wrong-key' });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /stale=false$/);
  });

  it('refuses an unknown public key', async () => {
    const res = await digestFetch(sim, PATH, { publicKey: 'someone' });
    assert.equal(res.status, 401);
  });

  it('refuses a response signed for another uri (the query is part of it)', async () => {
    const c = await challenge(sim);
    const auth = digestAuthorization(c, 'GET', `${PATH}?pageNum=1`, 1);
    const res = await fetch(`${sim.url}${PATH}?pageNum=2`, { headers: { Accept: ACCEPT, Authorization: auth } });
    assert.equal(res.status, 401);
  });

  it('marks an expired nonce stale and sends a new one', async () => {
    const c = await challenge(sim);
    clock.advance(301);
    const res = await fetch(sim.url + PATH, {
      headers: { Accept: ACCEPT, Authorization: digestAuthorization(c, 'GET', PATH, 1) },
    });
    assert.equal(res.status, 401);
    const next = res.headers.get('www-authenticate') ?? '';
    assert.match(next, /stale=true$/);
    assert.notEqual(/nonce="([^"]+)"/.exec(next)?.[1], /nonce="([^"]+)"/.exec(c)?.[1]);
    // The new nonce works.
    const retry = await fetch(sim.url + PATH, {
      headers: { Accept: ACCEPT, Authorization: digestAuthorization(next, 'GET', PATH, 1) },
    });
    assert.equal(retry.status, 200);
  });

  it('refuses a reused nonce count (stale=true) but allows counts out of order', async () => {
    const c = await challenge(sim);
    const send = (nc: number) =>
      fetch(sim.url + PATH, { headers: { Accept: ACCEPT, Authorization: digestAuthorization(c, 'GET', PATH, nc) } });
    assert.equal((await send(2)).status, 200);
    assert.equal((await send(1)).status, 200, 'nc 1 after 2: concurrent requests can arrive out of order');
    const replay = await send(2);
    assert.equal(replay.status, 401);
    assert.match(replay.headers.get('www-authenticate') ?? '', /stale=true$/);
    assert.equal((await send(3)).status, 200);
  });

  it('answers 401 with a challenge to Basic auth on the API', async () => {
    const res = await fetch(sim.url + PATH, {
      headers: {
        Accept: ACCEPT,
        Authorization: basic(DEMO_CREDENTIALS.apiKey.publicKey, DEMO_CREDENTIALS.apiKey.privateKey),
      },
    });
    assert.equal(res.status, 401);
    assert.match(res.headers.get('www-authenticate') ?? '', /^Digest /);
    assert.equal(sim.requestLog.at(-1)?.authScheme, 'basic');
  });
});

describe('simulator auth: strict Digest nonce-count (Apache httpd AuthDigestNcCheck On)', function () {
  let strict: AtlasSimulator;
  let lenient: AtlasSimulator;
  before(async () => {
    strict = await startAtlasSimulator({ digestNonceCountCheck: 'strict' });
    lenient = await startAtlasSimulator({ digestNonceCountCheck: 'lenient' });
  });
  after(async () => {
    await strict.close();
    await lenient.close();
  });

  const send = (sim: AtlasSimulator, c: string, nc: number) =>
    fetch(sim.url + PATH, { headers: { Accept: ACCEPT, Authorization: digestAuthorization(c, 'GET', PATH, nc) } });
  const nonceOf = (header: string) => /nonce="([^"]+)"/.exec(header)?.[1];

  it('accepts nonce counts that increase in arrival order, and refuses a repeated or lower one with a fresh challenge', async () => {
    const c = await challenge(strict);
    assert.match(c, /, opaque="[0-9a-f]+"$/, 'strict challenges name the client');
    assert.equal((await send(strict, c, 1)).status, 200);
    assert.equal((await send(strict, c, 3)).status, 200, 'a gap is fine: only the order matters');
    const refused = await send(strict, c, 2);
    assert.equal(refused.status, 401, 'nc 2 after 3 is late in arrival order');
    const next = refused.headers.get('www-authenticate') ?? '';
    assert.match(next, /^Digest realm="MMS Public API", .*stale=false, opaque="[0-9a-f]+"$/);
    assert.notEqual(nonceOf(next), nonceOf(c), 'the refusal carries a new nonce');
    assert.equal(/opaque="([^"]+)"/.exec(next)?.[1], /opaque="([^"]+)"/.exec(c)?.[1], 'for the same opaque');
    // Issuing that nonce reset the opaque's count (httpd's note_digest_auth_failure): 1 is above it again.
    assert.equal((await send(strict, next, 1)).status, 200, 'the new nonce starts again at 1');
    const reuse = await send(strict, next, 1);
    assert.equal(reuse.status, 401, 'a repeated count is refused');
    assert.match(reuse.headers.get('www-authenticate') ?? '', /stale=false, opaque=/);
  });

  it('lenient mode (as Atlas) accepts a lower count and refuses only an exact reuse', async () => {
    const c = await challenge(lenient);
    assert.doesNotMatch(c, /opaque=/);
    assert.equal((await send(lenient, c, 3)).status, 200);
    assert.equal((await send(lenient, c, 2)).status, 200, 'out of order is accepted');
    assert.equal((await send(lenient, c, 3)).status, 401, 'an exact reuse is a replay');
  });
});

describe('simulator auth: OAuth client credentials', function () {
  let sim: AtlasSimulator;
  const clock = manualClock();
  before(async () => {
    sim = await startAtlasSimulator({ tokenLifetimeSec: 1, maxTokensPerServiceAccount: 3, now: clock.now });
  });
  after(() => sim.close());

  it('issues a bearer token that works on the API', async () => {
    const r = await tokenRequest(sim);
    assert.equal(r.status, 200);
    assert.equal(r.body.token_type, 'Bearer');
    assert.equal(r.body.expires_in, 1);
    assert.equal(typeof r.body.access_token, 'string');
    const res = await bearerFetch(sim, PATH, r.body.access_token as string);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('www-authenticate'), null);
    assert.equal(sim.requestLog.at(-1)?.authScheme, 'bearer');
  });

  it('refuses bad client credentials with invalid_client', async () => {
    const r = await tokenRequest(sim, { clientSecret: 'wrong' });
    assert.equal(r.status, 401);
    assert.equal(r.body.error, 'invalid_client');
    assert.equal(typeof r.body.error_description, 'string');
  });

  it('refuses a form-URL-encoded client id (as Atlas does with %5F)', async () => {
    const r = await tokenRequest(sim, { clientId: DEMO_CREDENTIALS.serviceAccount.clientId.replace(/_/g, '%5F') });
    assert.equal(r.status, 401);
  });

  it('refuses other grant types', async () => {
    const r = await tokenRequest(sim, { body: 'grant_type=password' });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'unsupported_grant_type');
  });

  it('rejects an expired token on the API without a digest challenge', async () => {
    const token = await getToken(sim);
    assert.equal((await bearerFetch(sim, PATH, token)).status, 200);
    clock.advance(1000);
    const res = await bearerFetch(sim, PATH, token);
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { errorCode: string }).errorCode, 'UNAUTHORIZED');
    assert.doesNotMatch(res.headers.get('www-authenticate') ?? '', /Digest/);
  });

  it('revokes a token', async () => {
    const token = await getToken(sim);
    const res = await fetch(`${sim.url}/api/oauth/revoke`, {
      method: 'POST',
      headers: {
        Authorization: basic(DEMO_CREDENTIALS.serviceAccount.clientId, DEMO_CREDENTIALS.serviceAccount.clientSecret),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    });
    assert.equal(res.status, 200);
    assert.equal((await bearerFetch(sim, PATH, token)).status, 401);
  });

  it('limits live tokens per service account (access_denied), and expiry frees them', async () => {
    clock.advance(1000);
    assert.equal(sim.liveTokenCount(), 0);
    for (let i = 0; i < 3; i++) {
      assert.equal((await tokenRequest(sim)).status, 200);
    }
    const r = await tokenRequest(sim);
    assert.equal(r.status, 403);
    assert.equal(r.body.error, 'access_denied');
    assert.equal(r.body.error_description, TOKEN_LIMIT_MESSAGE);
    clock.advance(1000);
    assert.equal((await tokenRequest(sim)).status, 200);
  });

  it('defaults to 100 tokens per account', async () => {
    const big = await startAtlasSimulator({ seed: 'empty' });
    try {
      for (let i = 0; i < 100; i++) {
        assert.equal((await tokenRequest(big)).status, 200);
      }
      assert.equal((await tokenRequest(big)).status, 403);
    } finally {
      await big.close();
    }
  });
});
