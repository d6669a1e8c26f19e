// Minimal real-HTTP clients for the simulator tests. Deliberately independent of src/atlas (the
// extension's client) so the simulator is tested on its own.

import { randomBytes } from 'node:crypto';
import { DEMO_CREDENTIALS, digestResponse, parseDigestHeader, type AtlasSimulator } from '../../simulator';

export const ACCEPT = 'application/vnd.atlas.2023-01-01+json';

export interface DigestOptions {
  accept?: string | null;
  method?: string;
  publicKey?: string;
  privateKey?: string;
  algorithm?: 'MD5' | 'SHA-256';
}

export function digestAuthorization(
  challenge: string,
  method: string,
  uri: string,
  nc: number,
  o: DigestOptions = {},
): string {
  const c = parseDigestHeader(challenge);
  const username = o.publicKey ?? DEMO_CREDENTIALS.apiKey.publicKey;
  const algorithm = o.algorithm ?? 'MD5';
  const cnonce = randomBytes(8).toString('hex');
  const ncHex = nc.toString(16).padStart(8, '0');
  const response = digestResponse({
    algorithm,
    username,
    password: o.privateKey ?? DEMO_CREDENTIALS.apiKey.privateKey,
    realm: c.realm,
    method,
    uri,
    nonce: c.nonce,
    nc: ncHex,
    cnonce,
    qop: 'auth',
  });
  // RFC 7616 3.4: the client returns the challenge's opaque unchanged (strict nonce-count mode keys on it).
  const opaque = c.opaque !== undefined ? `, opaque="${c.opaque}"` : '';
  return `Digest username="${username}", realm="${c.realm}", nonce="${c.nonce}", uri="${uri}", response="${response}", algorithm=${algorithm}, qop=auth, nc=${ncHex}, cnonce="${cnonce}"${opaque}`;
}

function headers(accept: string | null | undefined, authorization?: string): Record<string, string> {
  const h: Record<string, string> = {};
  if (accept !== null) {
    h.Accept = accept ?? ACCEPT;
  }
  if (authorization) {
    h.Authorization = authorization;
  }
  return h;
}

/** Gets a fresh challenge (one unauthenticated round trip). */
export async function challenge(sim: AtlasSimulator, path = '/api/atlas/v2/groups'): Promise<string> {
  const res = await fetch(sim.url + path, { headers: headers(undefined) });
  await res.arrayBuffer();
  const value = res.headers.get('www-authenticate');
  if (res.status !== 401 || !value) {
    throw new Error(`expected a digest challenge, got ${res.status}`);
  }
  return value;
}

/** The Go clients' flow: unauthenticated request, then one authenticated retry with nc=1. */
export async function digestFetch(sim: AtlasSimulator, path: string, o: DigestOptions = {}): Promise<Response> {
  const method = o.method ?? 'GET';
  const first = await fetch(sim.url + path, { method, headers: headers(o.accept) });
  await first.arrayBuffer();
  const value = first.headers.get('www-authenticate');
  if (first.status !== 401 || !value) {
    return first;
  }
  return fetch(sim.url + path, { method, headers: headers(o.accept, digestAuthorization(value, method, path, 1, o)) });
}

export async function digestJson(
  sim: AtlasSimulator,
  path: string,
  o: DigestOptions = {},
): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await digestFetch(sim, path, o);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, res };
}

export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export async function tokenRequest(
  sim: AtlasSimulator,
  o: { clientId?: string; clientSecret?: string; body?: string } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sim.url}/api/oauth/token`, {
    method: 'POST',
    headers: {
      Authorization: basic(
        o.clientId ?? DEMO_CREDENTIALS.serviceAccount.clientId,
        o.clientSecret ?? DEMO_CREDENTIALS.serviceAccount.clientSecret,
      ),
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: o.body ?? 'grant_type=client_credentials',
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function getToken(sim: AtlasSimulator): Promise<string> {
  const r = await tokenRequest(sim);
  if (r.status !== 200) {
    throw new Error(`token request failed: ${r.status}`);
  }
  return r.body.access_token as string;
}

export function bearerFetch(
  sim: AtlasSimulator,
  path: string,
  token: string,
  accept: string | null = ACCEPT,
): Promise<Response> {
  return fetch(sim.url + path, { headers: headers(accept, `Bearer ${token}`) });
}

export async function bearerJson(
  sim: AtlasSimulator,
  path: string,
  token: string,
  accept: string | null = ACCEPT,
): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await bearerFetch(sim, path, token, accept);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, res };
}

/** A clock that only moves when the test says so: nonce and token lifetimes pass without sleeping. */
export function manualClock(start = Date.UTC(2026, 0, 1)): { now: () => number; advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}
