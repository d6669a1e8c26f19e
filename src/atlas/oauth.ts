// OAuth 2.0 client credentials for Atlas service accounts (POST {base}/api/oauth/token).
//
// One token is cached per client until shortly before it expires, and one token request serves
// every call that needs it at the same moment (single flight). Tokens are limited to 100 active per
// service account, so a token is never requested per call.

import { AtlasApiError, AtlasAuthError, AtlasUnreadableResponseError } from './errors';
import { HttpResponse, HttpTransport, raceAbort } from './http';

/** Refresh this long before expiry: 60 s, or 10 % of the lifetime for short-lived tokens. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs * 0.1);
}

interface CachedToken {
  value: string;
  /** When we stop using it (expiry minus the margin), in Date.now() terms. */
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
  ) {
    // Plain base64 of id:secret, not form-encoded first (see the reference notes, section 4.2).
    this.basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64')}`;
    this.tokenUrl = new URL(`${trimSlash(baseUrl.pathname)}/api/oauth/token`, baseUrl);
    this.revokeUrl = new URL(`${trimSlash(baseUrl.pathname)}/api/oauth/revoke`, baseUrl);
  }

  /**
   * A usable access token. `fresh` says it was fetched while this caller waited (so a 401 with it
   * is not worth another token).
   */
  async get(signal?: AbortSignal): Promise<{ token: string; fresh: boolean }> {
    const cached = this.token;
    if (cached && Date.now() < cached.refreshAt) {
      return { token: cached.value, fresh: false };
    }
    if (!this.pending) {
      // Not tied to the caller's signal: other callers may be waiting on the same request.
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
    if (!value) {
      return;
    }
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

  clear(): void {
    this.token = undefined;
  }

  private async fetchToken(): Promise<string> {
    const startedAt = Date.now();
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
      const error = typeof body?.error === 'string' ? body.error : null;
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
    const lifetimeMs = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn * 1000 : 3600_000;
    this.token = { value: token, refreshAt: startedAt + lifetimeMs - refreshMarginMs(lifetimeMs) };
    return token;
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
