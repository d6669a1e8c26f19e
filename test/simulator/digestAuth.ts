// HTTP Digest (RFC 7616) as Atlas does it for API keys: realm "MMS Public API", qop=auth, MD5 by
// default and SHA-256 when the client asks for it. Nonces expire so that clients which cache a
// nonce meet `stale=true`, and every nonce-count may be used only once per nonce (replay guard).
// Used nc values are kept as a set, not a high-water mark, because a client that reuses a nonce
// for concurrent requests can have them arrive out of order.

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

  constructor(
    private readonly keys: () => DigestCredentials[],
    private readonly nonceLifetimeMs: number,
  ) {}

  /** A fresh challenge header value. */
  challenge(stale: boolean): string {
    this.purge();
    const nonce = randomBytes(24).toString('hex');
    this.nonces.set(nonce, { issuedAt: Date.now(), usedNc: new Set() });
    return `Digest realm="${DIGEST_REALM}", domain="", nonce="${nonce}", algorithm=MD5, qop="auth", stale=${stale}`;
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
    if (Date.now() - state.issuedAt > this.nonceLifetimeMs) {
      this.nonces.delete(f.nonce);
      return { ok: false, stale: true, reason: 'nonce expired' };
    }
    const nc = parseInt(f.nc, 16);
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
    const now = Date.now();
    for (const [nonce, state] of this.nonces) {
      if (now - state.issuedAt > this.nonceLifetimeMs) {
        this.nonces.delete(nonce);
      }
    }
  }
}
