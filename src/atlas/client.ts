// The Atlas Admin API v2 client for peering connections, containers and projects.
// Pure Node (node-fetch, node:crypto): no `vscode` import, so it runs in unit tests and benchmarks.

import { createHash } from 'node:crypto';
import { DigestSession } from './digestSession';
import {
  AtlasApiError,
  AtlasCancelledError,
  AtlasUnreadableResponseError,
  AtlasValidationError,
  FieldViolation,
} from './errors';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  HttpOptions,
  HttpResponse,
  HttpTransport,
  forEachProvider,
  type RateLimitState,
} from './http';
import {
  Container,
  Organization,
  Peer,
  Project,
  PROVIDERS,
  ProviderName,
  asProviderName,
  parseContainer,
  parseOrganization,
  parsePage,
  parsePeer,
  parseProject,
} from './models';
import { Clock, OAuthTokenPool, systemClock } from './oauth';
import { AtlasProjectReads, Query, projectReads } from './projectReads';
import { requireAtlasId } from './validate';
import { defaultUserAgent } from './version';

export const ATLAS_ACCEPT = 'application/vnd.atlas.2023-01-01+json';
/** The spec's maximum page size: fewer round trips for big projects. */
export const MAX_ITEMS_PER_PAGE = 500;
const MAX_PAGES = 1000;
/**
 * Most items one list call collects. Far above any real project or peer count, low enough that a
 * server reporting `totalCount: 1e12` cannot make one call hold hundreds of megabytes.
 */
export const MAX_LIST_ITEMS = 10_000;

export type AtlasCredentials =
  | { kind: 'serviceAccount'; clientId: string; clientSecret: string }
  | { kind: 'apiKey'; publicKey: string; privateKey: string };

export interface AtlasClientOptions {
  /** e.g. https://cloud.mongodb.com (no /api/atlas/v2 suffix). */
  baseUrl: string;
  credentials: AtlasCredentials;
  /** Per HTTP request, including reading the body. Default 30000. */
  timeoutMs?: number;
  /** Requests in flight at once, token requests included. Default 6. */
  maxConcurrentRequests?: number;
  /** Retries of an idempotent request on 429, 502, 503, 504 or a connection reset. Default 3. */
  maxRetries?: number;
  userAgent?: string;
  /** Ask Atlas to wrap bodies in an envelope (unwrapped again here). */
  envelope?: boolean;
  pretty?: boolean;
  /** Base of the exponential backoff. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Longest wait before a retry, Retry-After included. Default 30000 ms. */
  maxRetryDelayMs?: number;
  /** Bodies above this size are refused as unreadable. Default 8 MiB. */
  maxResponseBytes?: number;
  /** itemsPerPage for list calls (1..500). Default 500. */
  pageSize?: number;
  /**
   * Where service account tokens live. Pass one pool to every client of a session so a token
   * outlives the client that fetched it (refresh, settings change). Default: a pool of this client
   * alone, whose token is revoked on dispose.
   */
  tokenPool?: OAuthTokenPool;
  /** Time source for token lifetimes; tests inject one. */
  now?: Clock;
}

/** The read operations; the client answers them from Atlas, the cache (cache.ts) from memory or the client. */
export interface AtlasReads {
  getPeer(groupId: string, peerId: string, signal?: AbortSignal): Promise<Peer>;
  /** All pages. Without a provider Atlas lists AWS peers only (its default); see listAllPeers. */
  listPeers(groupId: string, provider?: ProviderName, signal?: AbortSignal): Promise<Peer[]>;
  /** AWS, Azure and GCP peers, fetched concurrently, in that order. */
  listAllPeers(groupId: string, signal?: AbortSignal): Promise<Peer[]>;
  listProjects(signal?: AbortSignal): Promise<Project[]>;
  /** The organizations the credentials see (GET /orgs, all pages). */
  listOrganizations(signal?: AbortSignal): Promise<Organization[]>;
  getProject(groupId: string, signal?: AbortSignal): Promise<Project>;
  /** All pages; without a provider, every provider's containers (/containers/all). */
  listContainers(groupId: string, provider?: ProviderName, signal?: AbortSignal): Promise<Container[]>;
  getContainer(groupId: string, containerId: string, signal?: AbortSignal): Promise<Container>;
}

export interface AtlasClient extends AtlasReads, AtlasProjectReads {
  readonly baseUrl: string;
  readonly authKind: 'apiKey' | 'serviceAccount';
  /** Revokes the service account token (best effort) or forgets the digest challenge. */
  signOut(): Promise<void>;
  /** Aborts requests in flight and closes the keep-alive sockets. */
  dispose(): void;
  /** The RateLimit headers of the last API answer that had them, and when it came. */
  rateLimit(): (RateLimitState & { at: number }) | undefined;
}

export function createAtlasClient(options: AtlasClientOptions): AtlasClient {
  const baseUrl = parseBaseUrl(options.baseUrl);
  const credentials = checkCredentials(options.credentials);
  const pageSize = clampInt(options.pageSize, 1, MAX_ITEMS_PER_PAGE, MAX_ITEMS_PER_PAGE);
  const httpOptions: HttpOptions = {
    baseUrl,
    timeoutMs: positive(options.timeoutMs, 30_000),
    maxConcurrentRequests: clampInt(options.maxConcurrentRequests, 1, 64, 6),
    maxRetries: clampInt(options.maxRetries, 0, 10, 3),
    retryBaseDelayMs: positive(options.retryBaseDelayMs, 500),
    maxRetryDelayMs: positive(options.maxRetryDelayMs, 30_000),
    maxResponseBytes: positive(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES),
    userAgent: options.userAgent?.trim() || defaultUserAgent(),
    accept: ATLAS_ACCEPT,
  };
  const http = new HttpTransport(httpOptions);
  const apiPrefix = `${baseUrl.pathname.replace(/\/+$/, '')}/api/atlas/v2`;

  // Credentials never sit on the returned client object, which callers may log or inspect. A call
  // obtains its token (or digest challenge) before it asks for a slot, and a slot is only ever held
  // during one HTTP exchange, so waiting for a token cannot deadlock the slots.
  let sendAuthorized: (url: URL, signal?: AbortSignal, accept?: string) => Promise<HttpResponse>;
  let signOut: () => Promise<void>;

  let dispose = (): void => undefined;
  if (credentials.kind === 'apiKey') {
    const digest = new DigestSession(http, { username: credentials.publicKey, password: credentials.privateKey });
    sendAuthorized = (url, signal, accept) => digest.send(url, signal, accept);
    signOut = async () => digest.forget();
  } else {
    const ownPool = options.tokenPool === undefined;
    const pool = options.tokenPool ?? new OAuthTokenPool(options.now ?? systemClock);
    // Token requests are few and precede the calls that wait for them, so a small transport of
    // their own (which survives this client) does not add to the concurrency the calls use.
    const tokenTransport = (): HttpTransport => new HttpTransport({ ...httpOptions, maxConcurrentRequests: 2 });
    const tokens = pool.lease(baseUrl, credentials.clientId, credentials.clientSecret, tokenTransport);
    sendAuthorized = async (url, signal, accept) => {
      let { token, fresh } = await tokens.get(signal);
      for (;;) {
        const used = token;
        const res = await http.send({ method: 'GET', url, accept, authFor: () => `Bearer ${used}` }, signal);
        // A cached token may have been revoked or expired early: get a new one and retry once.
        if (res.status === 401 && !fresh) {
          tokens.invalidate(used);
          ({ token, fresh } = await tokens.get(signal));
          fresh = true;
          continue;
        }
        return res;
      }
    };
    signOut = () => tokens.revoke();
    if (ownPool) {
      dispose = () => void pool.dispose();
    }
  }

  function apiUrl(path: string, query: Query = {}): URL {
    const url = new URL(apiPrefix + path, baseUrl);
    const all: Query = {
      ...query,
      envelope: options.envelope ? true : undefined,
      pretty: options.pretty ? true : undefined,
    };
    for (const [k, v] of Object.entries(all)) {
      if (Array.isArray(v)) {
        v.forEach((item: string) => url.searchParams.append(k, item));
      } else if (v !== undefined) {
        url.searchParams.set(k, String(v));
      }
    }
    return url;
  }

  let lastRateLimit: (RateLimitState & { at: number }) | undefined;

  async function getJson(path: string, query: Query, signal?: AbortSignal, accept?: string): Promise<unknown> {
    if (http.disposed) {
      throw new AtlasCancelledError();
    }
    const url = apiUrl(path, query);
    return http.withRetries(async () => {
      const res = await sendAuthorized(url, signal, accept);
      if (res.rateLimit) {
        lastRateLimit = { ...res.rateLimit, at: Date.now() };
      }
      return interpret(res, options.envelope === true);
    }, signal);
  }

  async function listAll<T>(
    path: string,
    query: Query,
    parse: (item: unknown) => T,
    signal?: AbortSignal,
    accept?: string,
  ): Promise<T[]> {
    const all: T[] = [];
    // A server that ignores pageNum answers the same page forever: stop at the first repeat.
    const seenPages = new Set<string>();
    for (let pageNum = 1; pageNum <= MAX_PAGES; pageNum++) {
      const body = await getJson(
        path,
        { ...query, pageNum, itemsPerPage: pageSize, includeCount: true },
        signal,
        accept,
      );
      const fingerprint = pageFingerprint(body);
      if (seenPages.has(fingerprint)) {
        break;
      }
      seenPages.add(fingerprint);
      const page = parsePage(body, parse);
      all.push(...page.results.slice(0, MAX_LIST_ITEMS - all.length));
      // Stop on an empty page or once totalCount is reached (as the Kubernetes operator and
      // Terraform do); without a count, follow the `next` link or a full page.
      if (page.results.length === 0 || all.length >= MAX_LIST_ITEMS) {
        break;
      }
      if (
        page.totalCount !== null
          ? all.length >= page.totalCount
          : page.links.length > 0
            ? !page.hasNext
            : page.results.length < pageSize
      ) {
        break;
      }
    }
    return all;
  }

  function provider(value: unknown): ProviderName | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    const p = asProviderName(value);
    if (!p) {
      throw new AtlasValidationError(`Unknown cloud provider "${String(value).slice(0, 20)}": use AWS, AZURE or GCP.`);
    }
    return p;
  }

  const client: AtlasClient = {
    baseUrl: baseUrl.href.replace(/\/+$/, ''),
    authKind: credentials.kind,

    async getPeer(groupId, peerId, signal) {
      const gid = requireAtlasId(groupId, 'project');
      const pid = requireAtlasId(peerId, 'peer');
      return parsePeer(await getJson(`/groups/${gid}/peers/${pid}`, {}, signal));
    },

    async listPeers(groupId, providerName, signal) {
      const gid = requireAtlasId(groupId, 'project');
      const p = provider(providerName);
      return listAll(`/groups/${gid}/peers`, { providerName: p }, (item) => parsePeer(item, p), signal);
    },

    async listAllPeers(groupId, signal) {
      const gid = requireAtlasId(groupId, 'project');
      return forEachProvider(PROVIDERS, (p, sig) => client.listPeers(gid, p, sig), signal);
    },

    async listProjects(signal) {
      return listAll('/groups', {}, parseProject, signal);
    },

    async listOrganizations(signal) {
      return listAll('/orgs', {}, parseOrganization, signal);
    },

    async getProject(groupId, signal) {
      const gid = requireAtlasId(groupId, 'project');
      return parseProject(await getJson(`/groups/${gid}`, {}, signal));
    },

    async listContainers(groupId, providerName, signal) {
      const gid = requireAtlasId(groupId, 'project');
      const p = provider(providerName);
      return p
        ? listAll(`/groups/${gid}/containers`, { providerName: p }, (item) => parseContainer(item, p), signal)
        : listAll(`/groups/${gid}/containers/all`, {}, (item) => parseContainer(item), signal);
    },

    async getContainer(groupId, containerId, signal) {
      const gid = requireAtlasId(groupId, 'project');
      const cid = requireAtlasId(containerId, 'container');
      return parseContainer(await getJson(`/groups/${gid}/containers/${cid}`, {}, signal));
    },

    ...projectReads(listAll),

    signOut: () => signOut(),

    rateLimit: () => lastRateLimit,

    dispose() {
      http.dispose();
      dispose();
    },
  };
  return client;
}

// ---------------------------------------------------------------------------------------------

/** The JSON of a successful answer, or the error it stands for. */
function interpret(res: HttpResponse, envelope: boolean): unknown {
  if (res.status < 200 || res.status >= 300) {
    throw apiError(res.status, tryParse(res.text), res);
  }
  const body = parseBody(res);
  if (envelope && isObject(body) && typeof body.status === 'number') {
    // With envelope=true Atlas answers 200 and puts the real status in the body.
    if (body.status >= 400) {
      throw apiError(body.status, 'content' in body ? body.content : body, res);
    }
    if ('content' in body) {
      return body.content;
    }
  }
  return body;
}

function parseBody(res: HttpResponse): unknown {
  const text = res.text.trim();
  if (text === '') {
    throw new AtlasUnreadableResponseError('empty', res.status, res.path);
  }
  if (/text\/html/i.test(res.contentType) || text.startsWith('<')) {
    throw new AtlasUnreadableResponseError('html', res.status, res.path);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    // JSON that starts well and ends early was cut off on the way.
    const cut =
      (text.startsWith('{') || text.startsWith('[')) &&
      /end of (JSON|data)|Unterminated|Expected/i.test(String((e as Error).message));
    throw new AtlasUnreadableResponseError(cut ? 'truncated' : 'notJson', res.status, res.path);
  }
}

/** Identifies a page by its results, so a page served twice is recognised. */
function pageFingerprint(body: unknown): string {
  const results = isObject(body) && Array.isArray(body.results) ? body.results : [];
  return createHash('sha256').update(JSON.stringify(results)).digest('hex');
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function apiError(status: number, body: unknown, res: HttpResponse): AtlasApiError {
  const o = isObject(body) ? body : {};
  const s = (k: string): string | null => (typeof o[k] === 'string' ? (o[k] as string) : null);
  const bad =
    isObject(o.badRequestDetail) && Array.isArray(o.badRequestDetail.fields)
      ? {
          fields: o.badRequestDetail.fields
            .filter(isObject)
            .map((f): FieldViolation => ({ field: String(f.field ?? ''), description: String(f.description ?? '') })),
        }
      : null;
  const detail = s('detail');
  let retryAfterMs = res.retryAfterMs;
  if (retryAfterMs === null && status === 429 && detail) {
    // Atlas's token-bucket message says "Please retry after 55 seconds." even without the header.
    const m = /retry after (\d+) seconds?/i.exec(detail);
    retryAfterMs = m ? Number(m[1]) * 1000 : null;
  }
  return new AtlasApiError({
    status,
    errorCode: s('errorCode'),
    detail,
    reason: s('reason'),
    parameters: Array.isArray(o.parameters) ? o.parameters : [],
    badRequestDetail: bad,
    method: 'GET',
    path: res.path,
    retryAfterMs: retryAfterMs ?? undefined,
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseBaseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(String(value ?? '').trim());
  } catch {
    throw new AtlasValidationError(
      `The Atlas base URL "${String(value).slice(0, 80)}" is not a valid URL (e.g. https://cloud.mongodb.com).`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AtlasValidationError(`The Atlas base URL must start with https:// (got ${url.protocol}).`);
  }
  if (url.username || url.password) {
    // Never echo the URL here: its user info may be a secret.
    throw new AtlasValidationError(
      'The Atlas base URL must not contain a user name or password; set credentials separately.',
    );
  }
  url.search = '';
  url.hash = '';
  return url;
}

function checkCredentials(c: AtlasCredentials): AtlasCredentials {
  const filled = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  if (c?.kind === 'apiKey') {
    if (!filled(c.publicKey) || !filled(c.privateKey)) {
      throw new AtlasValidationError('The Atlas API key needs both a public key and a private key.');
    }
    return { kind: 'apiKey', publicKey: c.publicKey.trim(), privateKey: c.privateKey.trim() };
  }
  if (c?.kind === 'serviceAccount') {
    if (!filled(c.clientId) || !filled(c.clientSecret)) {
      throw new AtlasValidationError('The Atlas service account needs both a client ID and a client secret.');
    }
    return { kind: 'serviceAccount', clientId: c.clientId.trim(), clientSecret: c.clientSecret.trim() };
  }
  throw new AtlasValidationError('No Atlas credentials: set an API key or a service account.');
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallback;
}

function clampInt(v: number | undefined, min: number, max: number, fallback: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, Math.floor(v)));
}
