// OAuth 2.0 client credentials for Atlas service accounts (POST {base}/api/oauth/token).
//
// Atlas allows 100 live tokens per service account, each valid 1 h, and the account is often shared
// with Terraform and CI; the token endpoint is also rate limited. So tokens live in a pool that
// outlives clients: a client made after a refresh, a settings change or a credentials check finds
// the token its predecessor fetched. The pool holds at most one live token per (base URL, client
// id): when a token is fetched for it, the token it replaces (an older one of the same source, or
// one fetched with another secret of the same client id) is revoked, best effort.
// Within a source, one token request serves every call that needs it at the same moment.

import { createHash } from 'node:crypto';
import { AtlasApiError, AtlasAuthError, AtlasUnreadableResponseError, capText } from './errors';
import { HttpResponse, HttpTransport, raceAbort } from './http';

/** Milliseconds since the epoch. Tests inject one so lifetimes do not depend on machine load. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();

/**
 * The shortest lifetime we believe. A server answering `expires_in: 0.001` would otherwise cost a
 * token request per call; if the token really dies sooner, the API's 401 gets a new one.
 */
export const MIN_TOKEN_LIFETIME_MS = 60_000;
const DEFAULT_TOKEN_LIFETIME_MS = 3600_000;

/** Refresh this long before expiry: 60 s, or 10 % of the lifetime for short-lived tokens. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs * 0.1);
}

interface CachedToken {
  value: string;
  /** When we stop using it (expiry minus the margin), in clock terms. */
  refreshAt: number;
}

export class OAuthTokenSource {
  private token: CachedToken | undefined;
  private pending: Promise<string> | undefined;
  private readonly basic: string;
  private readonly tokenUrl: URL;
  private readonly revokeUrl: URL;

  constructor(
    private readonly http: HttpTransport,
    baseUrl: URL,
    clientId: string,
    clientSecret: string,
    private readonly now: Clock = systemClock,
    /** Called when this source has fetched a new token (the pool revokes the one it replaces). */
    private readonly onNewToken: (source: OAuthTokenSource) => void = () => undefined,
  ) {
    // Plain base64 of id:secret, not form-encoded first: Atlas refuses an id whose `_` was encoded.
    this.basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
    this.tokenUrl = new URL(`${trimSlash(baseUrl.pathname)}/api/oauth/token`, baseUrl);
    this.revokeUrl = new URL(`${trimSlash(baseUrl.pathname)}/api/oauth/revoke`, baseUrl);
  }

  /** Whether a token is cached and still in use (not past its refresh time). */
  get hasLiveToken(): boolean {
    return this.token !== undefined && this.now() < this.token.refreshAt;
  }

  /**
   * A usable access token. `fresh` says it was fetched while this caller waited (so a 401 with it
   * is not worth another token).
   */
  async get(signal?: AbortSignal): Promise<{ token: string; fresh: boolean }> {
    const cached = this.token;
    if (cached && this.now() < cached.refreshAt) {
      return { token: cached.value, fresh: false };
    }
    if (!this.pending) {
      // Not tied to the caller's signal: other callers (and later clients) may wait on it.
      const p = this.fetchToken().finally(() => {
        if (this.pending === p) {
          this.pending = undefined;
        }
      });
      this.pending = p;
    }
    return { token: await raceAbort(this.pending, signal), fresh: true };
  }

  /** Forget `token` (after Atlas refused it), unless a newer one has replaced it already. */
  invalidate(token: string): void {
    if (this.token?.value === token) {
      this.token = undefined;
    }
  }

  /** Best effort: revokes the cached token (if any) and forgets it. Never throws. */
  async revoke(): Promise<void> {
    let value = this.token?.value;
    if (this.pending) {
      value = await this.pending.catch(() => undefined);
    }
    this.token = undefined;
    if (value) {
      await this.revokeValue(value);
    }
  }

  private async revokeValue(value: string): Promise<void> {
    const body = new URLSearchParams({ token: value, token_type_hint: 'access_token' }).toString();
    // The token is gone from memory either way; a failed revoke only leaves it to expire on its own.
    await this.http
      .send({
        method: 'POST',
        url: this.revokeUrl,
        body,
        contentType: 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authFor: () => this.basic,
      })
      .catch(() => undefined);
  }

  private async fetchToken(): Promise<string> {
    const startedAt = this.now();
    const previous = this.token?.value;
    // Retried like a GET: a client-credentials grant has no effect beyond minting a token, and a
    // 429/5xx answer minted none.
    const res = await this.http.withRetries(async () => {
      const r = await this.http.send({
        method: 'POST',
        url: this.tokenUrl,
        body: 'grant_type=client_credentials',
        contentType: 'application/x-www-form-urlencoded',
        accept: 'application/json',
        authFor: () => this.basic,
      });
      if (r.status === 429 || r.status >= 500) {
        throw new AtlasApiError({
          status: r.status,
          method: 'POST',
          path: r.path,
          retryAfterMs: r.retryAfterMs ?? undefined,
        });
      }
      return r;
    });
    const body = parseJsonObject(res);
    if (res.status < 200 || res.status >= 300) {
      const error = typeof body?.error === 'string' ? capText(body.error, 64) : null;
      const description = typeof body?.error_description === 'string' ? body.error_description : null;
      throw new AtlasAuthError(res.status, error, description);
    }
    if (!body) {
      throw unreadable(res);
    }
    const token = body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new AtlasUnreadableResponseError('notJson', res.status, res.path);
    }
    const expiresIn = Number(body.expires_in);
    const lifetimeMs =
      Number.isFinite(expiresIn) && expiresIn > 0
        ? Math.max(MIN_TOKEN_LIFETIME_MS, expiresIn * 1000)
        : DEFAULT_TOKEN_LIFETIME_MS;
    this.token = { value: token, refreshAt: startedAt + lifetimeMs - refreshMarginMs(lifetimeMs) };
    // The token this one replaces (refreshed shortly before expiry, or refused by Atlas) is still
    // counted by Atlas until it expires: revoke it so the account holds one.
    if (previous && previous !== token) {
      void this.revokeValue(previous);
    }
    this.onNewToken(this);
    return token;
  }
}

/** What a client holds: always the pool's current source for its credentials. */
export interface OAuthTokenLease {
  get(signal?: AbortSignal): Promise<{ token: string; fresh: boolean }>;
  invalidate(token: string): void;
  /** Revokes the token of these credentials (sign out) and forgets it. */
  revoke(): Promise<void>;
}

/**
 * Token sources shared by every client of an extension session. Keyed by base URL, client id and
 * a hash of the secret (a changed secret is another source); at most one of the sources of a
 * (base URL, client id) holds a token at a time.
 */
export class OAuthTokenPool {
  private readonly sources = new Map<string, { source: OAuthTokenSource; http: HttpTransport }>();
  /** (base URL, client id) → the key of the source whose token is live. */
  private readonly holders = new Map<string, string>();
  private disposed = false;

  constructor(private readonly now: Clock = systemClock) {}

  /** Sources in the pool (for tests and leak checks). */
  get size(): number {
    return this.sources.size;
  }

  /**
   * A lease on the source for these credentials. `transport` makes the HTTP transport of a new
   * source; it belongs to the pool, so a token request survives the client that started it.
   */
  lease(baseUrl: URL, clientId: string, clientSecret: string, transport: () => HttpTransport): OAuthTokenLease {
    const account = `${baseUrl.href}\n${clientId}`;
    const key = `${account}\n${createHash('sha256').update(clientSecret, 'utf8').digest('hex')}`;
    const current = (): OAuthTokenSource => {
      let entry = this.sources.get(key);
      if (!entry || this.disposed) {
        const http = transport();
        const source = new OAuthTokenSource(http, baseUrl, clientId, clientSecret, this.now, (s) =>
          this.replaced(account, key, s),
        );
        entry = { source, http };
        if (!this.disposed) {
          this.sources.set(key, entry);
        }
      }
      return entry.source;
    };
    return {
      get: (signal) => current().get(signal),
      invalidate: (token) => this.sources.get(key)?.source.invalidate(token),
      revoke: async () => {
        const entry = this.sources.get(key);
        if (!entry) {
          return;
        }
        this.sources.delete(key);
        if (this.holders.get(account) === key) {
          this.holders.delete(account);
        }
        await entry.source.revoke();
        entry.http.dispose();
      },
    };
  }

  /** A source of `account` fetched a token: revoke and drop the other source's, if any. */
  private replaced(account: string, key: string, source: OAuthTokenSource): void {
    const previousKey = this.holders.get(account);
    this.holders.set(account, key);
    if (previousKey === undefined || previousKey === key) {
      return;
    }
    const previous = this.sources.get(previousKey);
    if (previous && previous.source !== source) {
      this.sources.delete(previousKey);
      void previous.source.revoke().finally(() => previous.http.dispose());
    }
  }

  /** Revokes every token (best effort) and closes the transports. Never throws. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const entries = [...this.sources.values()];
    this.sources.clear();
    this.holders.clear();
    await Promise.all(
      entries.map(async (e) => {
        await e.source.revoke();
        e.http.dispose();
      }),
    );
  }
}

function parseJsonObject(res: HttpResponse): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(res.text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function unreadable(res: HttpResponse): AtlasUnreadableResponseError {
  const t = res.text.trim();
  const kind = t === '' ? 'empty' : t.startsWith('<') || /text\/html/i.test(res.contentType) ? 'html' : 'notJson';
  return new AtlasUnreadableResponseError(kind, res.status, res.path);
}

function trimSlash(p: string): string {
  return p.replace(/\/+$/, '');
}
