// The HTTP layer of the Atlas client: node-fetch v2 over keep-alive agents, a per-client limit on
// requests in flight, a timeout per request, caller cancellation, manual redirects (credentials
// stay on the Atlas origin), a body size cap, and retries with backoff for idempotent requests.
// Authentication is layered on top by client.ts through the `authFor` callback.

import { setMaxListeners } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import fetch from 'node-fetch';
import {
  AtlasApiError,
  AtlasCancelledError,
  AtlasError,
  AtlasNetworkError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  capText,
} from './errors';
import type { ProviderName } from './models';

export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;
const MAX_REDIRECTS = 5;

/** A counting semaphore whose waiters can give up (cancellation) without leaking a slot. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  get inUse(): number {
    return this.active;
  }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) {
      throw new AtlasCancelledError();
    }
    if (this.active < this.limit) {
      this.active++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(grant);
        if (i >= 0) {
          this.waiters.splice(i, 1);
        }
        reject(new AtlasCancelledError());
      };
      this.waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    // The slot was handed over by release() without decrementing `active`.
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      const next = this.waiters.shift();
      if (next) {
        next();
      } else {
        this.active--;
      }
    };
  }
}

export interface HttpOptions {
  baseUrl: URL;
  timeoutMs: number;
  maxConcurrentRequests: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  maxResponseBytes: number;
  userAgent: string;
  accept: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  /** Form or JSON body for POST. */
  body?: string;
  contentType?: string;
  accept?: string;
  /**
   * The Authorization value for one hop, or undefined. Called again for each redirect hop; only
   * same-origin redirects are followed, so credentials never go elsewhere.
   */
  authFor?: (url: URL) => string | undefined;
}

/** A fully read response. Holds no request headers, so it is safe to keep around. */
export interface HttpResponse {
  status: number;
  text: string;
  contentType: string;
  wwwAuthenticate: string | null;
  retryAfterMs: number | null;
  /** RateLimit-Limit and RateLimit-Remaining, when the answer carries both (Atlas may not). */
  rateLimit: RateLimitState | null;
  /** Whether the request that got this answer carried an Authorization header. */
  authorized: boolean;
  /** Path and query of the final URL, for messages. */
  path: string;
}

export class HttpTransport {
  readonly slots: Semaphore;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly lifetime = new AbortController();

  constructor(readonly options: HttpOptions) {
    this.slots = new Semaphore(options.maxConcurrentRequests);
    // Every request in flight or queued listens on the client's lifetime signal (and removes its
    // listener when done), so dozens at once are normal, not a leak.
    setMaxListeners(0, this.lifetime.signal);
    // maxSockets matches the semaphore, so every admitted request gets a socket immediately.
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets: options.maxConcurrentRequests });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets: options.maxConcurrentRequests });
  }

  get disposed(): boolean {
    return this.lifetime.signal.aborted;
  }

  dispose(): void {
    this.lifetime.abort();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  /**
   * One request (following same-origin GET redirects, refusing others), holding one concurrency
   * slot, bounded by the timeout, body read in full.
   */
  async send(req: HttpRequest, signal?: AbortSignal): Promise<HttpResponse> {
    if (signal?.aborted || this.disposed) {
      throw new AtlasCancelledError();
    }
    const waiting = linkSignals(signal, this.lifetime.signal);
    let release: () => void;
    try {
      release = await this.slots.acquire(waiting.signal);
    } finally {
      waiting.unlink();
    }
    const ctrl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctrl.abort();
    }, this.options.timeoutMs);
    const onAbort = (): void => ctrl.abort();
    signal?.addEventListener('abort', onAbort);
    this.lifetime.signal.addEventListener('abort', onAbort);
    const why = (): AtlasError =>
      timedOut && !signal?.aborted
        ? new AtlasTimeoutError(this.options.timeoutMs, pathOf(req.url))
        : new AtlasCancelledError();
    try {
      let url = req.url;
      for (let hop = 0; ; hop++) {
        const headers: Record<string, string> = {
          Accept: req.accept ?? this.options.accept,
          'User-Agent': this.options.userAgent,
        };
        if (req.contentType) {
          headers['Content-Type'] = req.contentType;
        }
        const auth = url.origin === this.options.baseUrl.origin ? req.authFor?.(url) : undefined;
        if (auth) {
          headers.Authorization = auth;
        }
        let res: fetch.Response;
        try {
          res = await fetch(url.href, {
            method: req.method,
            headers,
            body: req.body,
            redirect: 'manual',
            signal: ctrl.signal,
            agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
            size: this.options.maxResponseBytes,
          });
        } catch (e) {
          if (ctrl.signal.aborted) {
            throw why();
          }
          throw networkError(url, e);
        }
        const location = res.headers.get('location');
        if (isRedirect(res.status) && location && req.method === 'GET' && hop < MAX_REDIRECTS) {
          await res.text().catch(() => undefined);
          const target = resolveRedirect(location, url);
          // Only the Atlas origin speaks for Atlas: another origin's answer (a captive portal, a
          // hijacked DNS name, an https → http downgrade, which is another origin too) is
          // never read as Atlas data, and credentials never go there.
          if (!target || target.origin !== this.options.baseUrl.origin) {
            throw new AtlasApiError({
              status: res.status,
              detail: target
                ? `Atlas redirected the request to ${capText(target.origin, 100)}, another origin; it was not followed. Check the base URL setting.`
                : 'Atlas redirected the request to an unusable URL; it was not followed.',
              method: req.method,
              path: pathOf(req.url),
            });
          }
          url = target;
          continue;
        }
        let text: string;
        try {
          text = await res.text();
        } catch (e) {
          if (ctrl.signal.aborted) {
            throw why();
          }
          const tooLarge = (e as { type?: string }).type === 'max-size';
          throw new AtlasUnreadableResponseError(
            tooLarge ? 'tooLarge' : 'truncated',
            res.status,
            pathOf(url),
            this.options.maxResponseBytes,
          );
        }
        return {
          status: res.status,
          text,
          contentType: res.headers.get('content-type') ?? '',
          wwwAuthenticate: res.headers.get('www-authenticate'),
          retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
          rateLimit: parseRateLimit(res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')),
          authorized: auth !== undefined,
          path: pathOf(url),
        };
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.lifetime.signal.removeEventListener('abort', onAbort);
      release();
    }
  }

  /**
   * Runs `attempt` again on 429, 502, 503, 504 and connection resets, with exponential backoff and
   * full jitter (a random wait between 0 and base·2^n, capped), waiting at least Retry-After. Only
   * for requests that are safe to repeat.
   */
  async withRetries<T>(attempt: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (e) {
        if (n >= this.options.maxRetries || !isRetryable(e)) {
          throw e;
        }
        const cap = this.options.maxRetryDelayMs;
        const retryAfter = e instanceof AtlasApiError ? e.retryAfterMs : null;
        // A Retry-After beyond the cap would fail again if we came back sooner: give up and let the
        // message tell the user when to retry.
        if (retryAfter !== null && retryAfter > cap) {
          throw e;
        }
        const backoff = Math.random() * Math.min(cap, this.options.retryBaseDelayMs * 2 ** n);
        const waiting = linkSignals(signal, this.lifetime.signal);
        try {
          await sleep(Math.max(retryAfter ?? 0, backoff), waiting.signal);
        } finally {
          waiting.unlink();
        }
      }
    }
  }
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

export function isRetryable(e: unknown): boolean {
  if (e instanceof AtlasApiError) {
    return RETRYABLE_STATUS.has(e.status);
  }
  if (e instanceof AtlasNetworkError) {
    return e.code !== null && RESET_CODES.has(e.code);
  }
  return false;
}

/** The absolute http(s) URL a Location header points to, or undefined. */
function resolveRedirect(location: string, from: URL): URL | undefined {
  try {
    const target = new URL(location, from);
    return target.protocol === 'https:' || target.protocol === 'http:' ? target : undefined;
  } catch {
    return undefined;
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

export function pathOf(url: URL): string {
  return url.pathname + url.search;
}

function networkError(url: URL, e: unknown): AtlasNetworkError {
  const err = e as { code?: unknown; errno?: unknown; message?: unknown };
  const code = typeof err.code === 'string' ? err.code : typeof err.errno === 'string' ? err.errno : null;
  // node-fetch's message is "request to <url> failed, reason: <why>"; keep only the reason.
  const message = typeof err.message === 'string' ? err.message : '';
  const reason = (/reason: (.*)$/s.exec(message)?.[1] ?? message).replace(/\s+/g, ' ').trim() || 'connection failed';
  return new AtlasNetworkError(url.origin, code, reason.length > 200 ? `${reason.slice(0, 197)}...` : reason);
}

/** What Atlas's RateLimit-* headers said of the bucket a request drew from. */
export interface RateLimitState {
  limit: number;
  remaining: number;
}

/**
 * RateLimit-Limit and RateLimit-Remaining (https://www.mongodb.com/docs/atlas/api/api-rate-limit):
 * whole numbers, remaining at most the limit; anything else reads as no information.
 */
export function parseRateLimit(limit: string | null, remaining: string | null): RateLimitState | null {
  const whole = (v: string | null): number | null => (v !== null && /^\s*\d{1,9}\s*$/.test(v) ? Number(v) : null);
  const l = whole(limit);
  const r = whole(remaining);
  return l === null || r === null || l === 0 ? null : { limit: l, remaining: Math.min(r, l) };
}

export function parseRetryAfter(value: string | null): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) {
    return Math.round(Number(v) * 1000);
  }
  const date = Date.parse(v);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AtlasCancelledError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AtlasCancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A signal that aborts when any of the given ones does, and a function that unhooks it. Used instead
 * of AbortSignal.any, which keeps listeners on long-lived signals (the client's lifetime) alive.
 */
export function linkSignals(...signals: Array<AbortSignal | undefined>): { signal: AbortSignal; unlink: () => void } {
  const ctrl = new AbortController();
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  const onAbort = (): void => ctrl.abort();
  for (const s of present) {
    if (s.aborted) {
      ctrl.abort();
      break;
    }
    s.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: ctrl.signal,
    unlink: () => {
      for (const s of present) {
        s.removeEventListener('abort', onAbort);
      }
    },
  };
}

/**
 * Runs `fetchOne` for every provider at once and joins the results; the first failure aborts the
 * other providers' requests (one error is enough to report, and the rest would only queue behind
 * the concurrency limit).
 */
export async function forEachProvider<T>(
  providers: readonly ProviderName[],
  fetchOne: (provider: ProviderName, signal: AbortSignal) => Promise<T[]>,
  signal?: AbortSignal,
): Promise<T[]> {
  const linked = linkSignals(signal);
  const abortOthers = new AbortController();
  const both = linkSignals(linked.signal, abortOthers.signal);
  try {
    const lists = await Promise.all(
      providers.map((p) =>
        fetchOne(p, both.signal).catch((e: unknown) => {
          abortOthers.abort();
          throw e;
        }),
      ),
    );
    return lists.flat();
  } finally {
    both.unlink();
    linked.unlink();
  }
}

/** Rejects with AtlasCancelledError as soon as `signal` aborts; otherwise settles like `promise`. */
export function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) {
    return promise;
  }
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new AtlasCancelledError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AtlasCancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
