// OAuth 2.0 client credentials for service accounts, as Atlas runs it at /api/oauth/token and
// /api/oauth/revoke: HTTP Basic client authentication with plain base64 of id:secret (no
// form-URL-encoding: Atlas rejects ids whose `_` was encoded as %5F), tokens valid for 1 h, and at
// most 100 live tokens per service account.

import { randomBytes } from 'node:crypto';

export interface ServiceAccountCredentials {
  clientId: string;
  clientSecret: string;
}

interface TokenState {
  clientId: string;
  expiresAt: number;
}

export interface OAuthReply {
  status: number;
  body: Record<string, unknown> | null;
  headers?: Record<string, string>;
}

export const TOKEN_LIMIT_MESSAGE =
  'Access Token limit reached. Please use the existing Access Tokens or create a new Service Account.';

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export class OAuthServer {
  private readonly tokens = new Map<string, TokenState>();

  constructor(
    private readonly accounts: () => ServiceAccountCredentials[],
    private readonly tokenLifetimeSec: number,
    private readonly maxTokensPerAccount: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The client id of a valid Basic header, or undefined. */
  private authenticate(authorization: string | undefined): string | undefined {
    const m = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) {
      return undefined;
    }
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) {
      return undefined;
    }
    const id = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    return this.accounts().some((a) => a.clientId === id && a.clientSecret === secret) ? id : undefined;
  }

  issue(authorization: string | undefined, form: URLSearchParams): OAuthReply {
    const clientId = this.authenticate(authorization);
    if (!clientId) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Invalid client credentials.' },
        headers: { 'WWW-Authenticate': 'Basic realm="MongoDB Atlas"' },
      };
    }
    const grant = form.get('grant_type');
    if (!grant) {
      return { status: 400, body: { error: 'invalid_request', error_description: 'Missing grant_type.' } };
    }
    if (grant !== 'client_credentials') {
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${grant}` },
      };
    }
    const now = this.now();
    let live = 0;
    for (const [token, state] of this.tokens) {
      if (state.expiresAt <= now) {
        this.tokens.delete(token);
      } else if (state.clientId === clientId) {
        live++;
      }
    }
    if (live >= this.maxTokensPerAccount) {
      return { status: 403, body: { error: 'access_denied', error_description: TOKEN_LIMIT_MESSAGE } };
    }
    const token = this.mint(clientId, now);
    this.tokens.set(token, { clientId, expiresAt: now + this.tokenLifetimeSec * 1000 });
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: this.tokenLifetimeSec } };
  }

  /** RFC 7009: 200 whether or not the token existed, so revocation cannot probe tokens. */
  revoke(authorization: string | undefined, form: URLSearchParams): OAuthReply {
    const clientId = this.authenticate(authorization);
    if (!clientId) {
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Invalid client credentials.' },
        headers: { 'WWW-Authenticate': 'Basic realm="MongoDB Atlas"' },
      };
    }
    const token = form.get('token');
    if (!token) {
      return { status: 400, body: { error: 'invalid_request', error_description: 'Missing token.' } };
    }
    const state = this.tokens.get(token);
    if (state && state.clientId === clientId) {
      this.tokens.delete(token);
    }
    return { status: 200, body: null };
  }

  /** The service account of a live bearer token, or undefined. */
  check(token: string): string | undefined {
    const state = this.tokens.get(token);
    if (!state) {
      return undefined;
    }
    if (state.expiresAt <= this.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return state.clientId;
  }

  liveTokensByClient(): Record<string, number> {
    const now = this.now();
    const counts: Record<string, number> = {};
    for (const s of this.tokens.values()) {
      if (s.expiresAt > now) {
        counts[s.clientId] = (counts[s.clientId] ?? 0) + 1;
      }
    }
    return counts;
  }

  liveTokenCount(clientId?: string): number {
    const now = this.now();
    return [...this.tokens.values()].filter((s) => s.expiresAt > now && (!clientId || s.clientId === clientId)).length;
  }

  /** Atlas tokens are JWTs; looking like one lets redaction code be tested on realistic values. */
  private mint(clientId: string, now: number): string {
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        sub: clientId,
        iat: Math.floor(now / 1000),
        exp: Math.floor(now / 1000) + this.tokenLifetimeSec,
        jti: randomBytes(8).toString('hex'),
      }),
    );
    return `${header}.${payload}.${base64url(randomBytes(32))}`;
  }
}
