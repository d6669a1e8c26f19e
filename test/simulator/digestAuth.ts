// HTTP Digest (RFC 7616) as Atlas does it for API keys: realm "MMS Public API", qop=auth, MD5 by
// default and SHA-256 when the client asks for it. Nonces expire so that clients which cache a
// nonce meet `stale=true`, and every nonce-count may be used only once per nonce (replay guard).
// Two nonce-count checks, both allowed by RFC 7616 section 3.4:
//  - 'lenient' (Atlas as observed): used nc values are kept as a set, so concurrent requests that
//    reuse a nonce may arrive out of order;
//  - 'strict' (Apache httpd 2.4 with `AuthDigestNcCheck On`, as observed): challenges carry an
//    opaque naming the client, and each nc must be above the last one accepted for that opaque, in
//    arrival order and across its nonces; a late one is refused with a new nonce for the same
//    opaque (stale=false), and issuing that nonce resets the opaque's count to 0 (httpd's
//    note_digest_auth_failure). Only a request without credentials gets a new opaque.

import { createHash, randomBytes } from 'node:crypto';

export const DIGEST_REALM = 'MMS Public API';

export interface DigestCredentials {
  publicKey: string;
  privateKey: string;
}

interface NonceState {
  issuedAt: number;
  usedNc: Set<number>;
}

export type NonceCountCheck = 'lenient' | 'strict';

export type DigestResult = { ok: true; username: string } | { ok: false; stale: boolean; reason: string };

/** Parses `Digest a="b", c=d` (quoted or token values). */
export function parseDigestHeader(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const body = header.replace(/^\s*Digest\s+/i, '');
  const re = /([a-zA-Z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    out[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return out;
}

function hashFor(algorithm: string): ((s: string) => string) | undefined {
  const alg = algorithm.toUpperCase();
  if (alg === 'MD5') {
    return (s) => createHash('md5').update(s).digest('hex');
  }
  if (alg === 'SHA-256') {
    return (s) => createHash('sha256').update(s).digest('hex');
  }
  return undefined;
}

/** Computes the `response` value; exported so tests can act as a client. */
export function digestResponse(p: {
  algorithm?: string;
  username: string;
  password: string;
  realm: string;
  method: string;
  uri: string;
  nonce: string;
  nc: string;
  cnonce: string;
  qop: string;
}): string {
  const h = hashFor(p.algorithm ?? 'MD5');
  if (!h) {
    throw new Error(`unsupported digest algorithm ${p.algorithm}`);
  }
  const ha1 = h(`${p.username}:${p.realm}:${p.password}`);
  const ha2 = h(`${p.method}:${p.uri}`);
  return h(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
}

export class DigestAuthenticator {
  private readonly nonces = new Map<string, NonceState>();
  /** Strict mode: highest nc accepted per opaque. */
  private readonly highestNc = new Map<string, number>();
  private nextOpaque = 1;

  constructor(
    private readonly keys: () => DigestCredentials[],
    private readonly nonceLifetimeMs: number,
    private readonly now: () => number = Date.now,
    private readonly ncCheck: NonceCountCheck = 'lenient',
  ) {}

  /** A fresh challenge header value; `authorization` is the refused request's header, if any. */
  challenge(stale: boolean, authorization?: string): string {
    this.purge();
    const nonce = randomBytes(24).toString('hex');
    this.nonces.set(nonce, { issuedAt: this.now(), usedNc: new Set() });
    const base = `Digest realm="${DIGEST_REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`;
    if (this.ncCheck !== 'strict') {
      return base;
    }
    const sent = authorization ? parseDigestHeader(authorization).opaque : undefined;
    const opaque = sent !== undefined && this.highestNc.has(sent) ? sent : (this.nextOpaque++).toString(16);
    this.highestNc.set(opaque, 0);
    return `${base}, opaque="${opaque}"`;
  }

  verify(header: string, method: string, requestUri: string): DigestResult {
    const f = parseDigestHeader(header);
    const required = ['username', 'realm', 'nonce', 'uri', 'response', 'qop', 'nc', 'cnonce'];
    const missing = required.filter((k) => !f[k]);
    if (missing.length > 0) {
      return { ok: false, stale: false, reason: `missing ${missing.join(', ')}` };
    }
    if (f.realm !== DIGEST_REALM) {
      return { ok: false, stale: false, reason: 'wrong realm' };
    }
    if (f.qop !== 'auth') {
      return { ok: false, stale: false, reason: 'qop must be auth' };
    }
    const algorithm = f.algorithm ?? 'MD5';
    if (!hashFor(algorithm)) {
      return { ok: false, stale: false, reason: `unsupported algorithm ${algorithm}` };
    }
    // The uri covers path and query (Go's RequestURI()), so a signed request cannot be replayed
    // against another resource.
    if (f.uri !== requestUri) {
      return { ok: false, stale: false, reason: 'uri does not match the request' };
    }
    if (!/^[0-9a-fA-F]{8}$/.test(f.nc)) {
      return { ok: false, stale: false, reason: 'bad nc' };
    }
    const key = this.keys().find((k) => k.publicKey === f.username);
    if (!key) {
      return { ok: false, stale: false, reason: 'unknown public key' };
    }
    const expected = digestResponse({
      algorithm,
      username: f.username,
      password: key.privateKey,
      realm: DIGEST_REALM,
      method,
      uri: f.uri,
      nonce: f.nonce,
      nc: f.nc,
      cnonce: f.cnonce,
      qop: f.qop,
    });
    if (expected !== f.response.toLowerCase()) {
      return { ok: false, stale: false, reason: 'bad response (wrong private key?)' };
    }
    // Credentials are right from here on: any nonce problem is reported as stale=true (RFC 7616
    // 3.3), which tells the client to retry with the new nonce without asking the user again.
    const state = this.nonces.get(f.nonce);
    if (!state) {
      return { ok: false, stale: true, reason: 'unknown nonce' };
    }
    if (this.now() - state.issuedAt > this.nonceLifetimeMs) {
      this.nonces.delete(f.nonce);
      return { ok: false, stale: true, reason: 'nonce expired' };
    }
    const nc = parseInt(f.nc, 16);
    if (this.ncCheck === 'strict') {
      const highest = f.opaque !== undefined ? this.highestNc.get(f.opaque) : undefined;
      if (highest === undefined) {
        return { ok: false, stale: false, reason: 'unknown opaque' };
      }
      if (nc <= highest) {
        return { ok: false, stale: false, reason: `nonce count ${nc} is not above ${highest}` };
      }
      this.highestNc.set(f.opaque, nc);
      return { ok: true, username: f.username };
    }
    if (state.usedNc.has(nc)) {
      return { ok: false, stale: true, reason: 'nonce count reused' };
    }
    state.usedNc.add(nc);
    return { ok: true, username: f.username };
  }

  /** Drops long-expired nonces so a benchmark issuing thousands of challenges stays bounded. */
  private purge(): void {
    if (this.nonces.size < 1000) {
      return;
    }
    const now = this.now();
    for (const [nonce, state] of this.nonces) {
      if (now - state.issuedAt > this.nonceLifetimeMs) {
        this.nonces.delete(nonce);
      }
    }
  }
}
