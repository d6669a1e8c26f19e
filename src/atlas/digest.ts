// HTTP Digest access authentication (RFC 7616) for Atlas programmatic API keys.
//
// Written on node:crypto instead of the digest-fetch package, because digest-fetch shares one
// nonce-count across concurrent requests (so parallel calls can send the same nc), draws its
// cnonce from Math.random, and logs request options (which hold the credentials).
//
// The official Go clients send every request twice (unauthenticated, then with the answer to the
// challenge). Here the challenge is kept and reused with an incrementing nonce-count, so that after
// the first call each call costs one round trip; a 401 (stale=true, or a refused nonce) hands us a
// new challenge and the request is retried once (see transport.ts).

import { createHash, randomBytes } from 'node:crypto';

export type DigestAlgorithm = 'MD5' | 'SHA-256';

export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  algorithm: DigestAlgorithm;
  /** 'auth' when the server offered it; undefined for an RFC 2069 challenge without qop. */
  qop: 'auth' | undefined;
  stale: boolean;
  /** The last nonce-count used with this nonce. Incremented synchronously, so each request gets its own. */
  nc: number;
}

/**
 * Parses a WWW-Authenticate value, which may hold several challenges (node-fetch joins repeated
 * headers with ", "). Tolerant: unknown schemes and parameters are kept, malformed parts skipped.
 */
export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let i = 0;
  const n = header.length;
  const skipSpace = (): void => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) {
      i++;
    }
  };
  const readToken = (): string => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z]/.test(header[i])) {
      i++;
    }
    return header.slice(start, i);
  };
  let current: AuthChallenge | undefined;
  while (i < n) {
    skipSpace();
    if (header[i] === ',') {
      i++;
      continue;
    }
    const token = readToken();
    if (!token) {
      i++; // skip one unexpected character
      continue;
    }
    skipSpace();
    if (header[i] === '=' && current) {
      i++;
      skipSpace();
      let value: string;
      if (header[i] === '"') {
        i++;
        let v = '';
        while (i < n && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < n) {
            i++;
          }
          v += header[i];
          i++;
        }
        i++; // closing quote
        value = v;
      } else {
        const start = i;
        while (i < n && header[i] !== ',' && header[i] !== ' ') {
          i++;
        }
        value = header.slice(start, i);
      }
      current.params[token.toLowerCase()] = value;
    } else if (header[i] === '=' && !current) {
      // token68 or a parameter without a scheme: skip to the next comma.
      while (i < n && header[i] !== ',') {
        i++;
      }
    } else {
      current = { scheme: token, params: {} };
      challenges.push(current);
    }
  }
  return challenges;
}

/** The strongest Digest challenge we support in a WWW-Authenticate value, or undefined. */
export function pickDigestChallenge(header: string | null | undefined): DigestChallenge | undefined {
  if (!header) {
    return undefined;
  }
  const candidates: DigestChallenge[] = [];
  for (const c of parseWwwAuthenticate(header)) {
    if (c.scheme.toLowerCase() !== 'digest' || c.params.nonce === undefined) {
      continue;
    }
    const alg = (c.params.algorithm ?? 'MD5').toUpperCase();
    if (alg !== 'MD5' && alg !== 'SHA-256') {
      continue; // -sess variants and SHA-512-256 are not used by Atlas
    }
    let qop: 'auth' | undefined;
    if (c.params.qop !== undefined) {
      const offered = c.params.qop.split(',').map((q) => q.trim().toLowerCase());
      if (!offered.includes('auth')) {
        continue; // auth-int only: not supported
      }
      qop = 'auth';
    }
    candidates.push({
      realm: c.params.realm ?? '',
      nonce: c.params.nonce,
      opaque: c.params.opaque,
      algorithm: alg,
      qop,
      stale: (c.params.stale ?? '').toLowerCase() === 'true',
      nc: 0,
    });
  }
  return candidates.find((c) => c.algorithm === 'SHA-256') ?? candidates[0];
}

function hash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm === 'MD5' ? 'md5' : 'sha256')
    .update(data, 'utf8')
    .digest('hex');
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export interface DigestCredentials {
  username: string;
  password: string;
}

/**
 * The Authorization header for one request. Takes the next nonce-count of the challenge, so calls
 * made at the same time never share one. `uri` is the request target: path plus query string.
 */
export function digestAuthorization(
  challenge: DigestChallenge,
  credentials: DigestCredentials,
  method: string,
  uri: string,
  cnonce: string = randomBytes(16).toString('hex'),
): string {
  const alg = challenge.algorithm;
  const ha1 = hash(alg, `${credentials.username}:${challenge.realm}:${credentials.password}`);
  const ha2 = hash(alg, `${method.toUpperCase()}:${uri}`);
  const parts = [
    `username=${quote(credentials.username)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(uri)}`,
  ];
  let response: string;
  if (challenge.qop === 'auth') {
    challenge.nc += 1;
    const nc = challenge.nc.toString(16).padStart(8, '0');
    response = hash(alg, `${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`);
    parts.push(`response=${quote(response)}`, `algorithm=${alg}`, 'qop=auth', `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  } else {
    response = hash(alg, `${ha1}:${challenge.nonce}:${ha2}`);
    parts.push(`response=${quote(response)}`, `algorithm=${alg}`);
  }
  if (challenge.opaque !== undefined) {
    parts.push(`opaque=${quote(challenge.opaque)}`);
  }
  return `Digest ${parts.join(', ')}`;
}
