// The HTTP server: request pipeline (log, latency, auth, rate limit, faults, versioning), the
// Atlas routes and response encoding. A real node:http server on 127.0.0.1 so the client under
// test goes through its genuine network stack (keep-alive, timeouts, resets, partial bodies).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SimulatorData } from './data';
import { DigestAuthenticator, type DigestCredentials, type NonceCountCheck } from './digestAuth';
import { DEFAULT_ERROR_CODES, FaultTable, parseFaultRequest, type Fault, type FaultMatch } from './faults';
import { OAuthServer, type ServiceAccountCredentials } from './oauth';
import { DEMO_CREDENTIALS, demoSeed, emptySeed, loadSeedFile } from './seed';
import { PROJECT_READS, acceptsClustersVersion, projectReadItems } from './projectRoutes';
import type { ContainerJson, PeerJson, ProviderName, SeedData } from './types';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  seed?: 'demo' | 'empty' | SeedData;
  /** JSON file with the SeedData shape; wins over `seed`. */
  dataFile?: string;
  /** Digest nonce lifetime (default 5 minutes). */
  nonceLifetimeMs?: number;
  /** OAuth access token lifetime (default 3600 s, as Atlas). */
  tokenLifetimeSec?: number;
  /** Added to every request, authenticated or not (network round-trip time). */
  latencyMs?: number;
  apiKeys?: DigestCredentials[];
  serviceAccounts?: ServiceAccountCredentials[];
  /** Live tokens allowed per service account (default 100, as Atlas). */
  maxTokensPerServiceAccount?: number;
  /**
   * Nonce-count check of Digest: 'lenient' (default, as Atlas) accepts any unused count, 'strict'
   * only counts above the highest accepted so far (Apache httpd's `AuthDigestNcCheck On`).
   */
  digestNonceCountCheck?: NonceCountCheck;
  /** Time source for nonce and token lifetimes (default Date.now); tests pass a clock they move. */
  now?: () => number;
  /** Token-bucket rate limit over authenticated API calls; off by default. */
  rateLimit?: { capacity: number; refillPerSecond: number };
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  authScheme: 'digest' | 'bearer' | 'basic' | 'none';
  status: number;
  durationMs: number;
  /** Which fault shaped the response, when one did. */
  fault?: string;
}

export interface AtlasSimulator {
  url: string;
  port: number;
  close(): Promise<void>;
  requestLog: RequestLogEntry[];
  clearLog(): void;
  setFault(match: FaultMatch, fault: Fault): void;
  clearFaults(): void;
  data: SimulatorData;
  inFlight: { current: number; peak: number; resetPeak(): void };
  /** Live OAuth tokens (for the token-limit and sign-out tests). */
  liveTokenCount(clientId?: string): number;
}

const API_PREFIX = '/api/atlas/v2';
export const SUCCESS_CONTENT_TYPE = 'application/vnd.atlas.2023-01-01+json;charset=utf-8';
const ERROR_CONTENT_TYPE = 'application/json';
/** Version dates published for the Admin API v2 (atlas-sdk-go openapi/versions.json). */
export const KNOWN_VERSION_DATES = [
  '2023-01-01',
  '2023-02-01',
  '2023-10-01',
  '2023-11-15',
  '2024-05-30',
  '2024-08-05',
  '2024-10-23',
  '2024-11-13',
  '2025-02-19',
  '2025-03-12',
];
const ID_RE = /^[a-f0-9]{24}$/;
const MAX_ITEMS_PER_PAGE = 500;
/** Reported on every response when no rate limit is configured, as Atlas always sends the headers. */
const NOMINAL_RATE_LIMIT = 1200;

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type AuthScheme = RequestLogEntry['authScheme'];

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  path: string;
  query: URLSearchParams;
  start: number;
  authScheme: AuthScheme;
  logged: boolean;
  faultName?: string;
}

export function apiErrorBody(
  status: number,
  errorCode: string,
  detail: string,
  parameters: unknown[] = [],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    detail,
    error: status,
    errorCode,
    parameters,
    reason: DEFAULT_ERROR_CODES[status]?.[1] ?? reasonPhrase(status),
    ...extra,
  };
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    413: 'Payload Too Large',
  };
  return phrases[status] ?? 'Error';
}

function errorReply(
  status: number,
  errorCode: string,
  detail: string,
  parameters: unknown[] = [],
  extra: Record<string, unknown> = {},
): Reply {
  return {
    status,
    headers: { 'Content-Type': ERROR_CONTENT_TYPE },
    body: JSON.stringify(apiErrorBody(status, errorCode, detail, parameters, extra)),
  };
}

function schemeOf(authorization: string | undefined): AuthScheme {
  const scheme = (authorization ?? '').trim().split(/\s+/)[0].toLowerCase();
  return scheme === 'digest' || scheme === 'bearer' || scheme === 'basic' ? scheme : 'none';
}

/** True when the Accept header names a version date that resolves to 2023-01-01 for these resources. */
export function acceptsKnownVersion(accept: string | undefined): boolean {
  if (!accept) {
    return false;
  }
  return accept.split(',').some((part) => {
    const m = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/i.exec(part.split(';')[0].trim());
    // Every known date is on or after 2023-01-01, the only version of peers, containers and
    // groups, so Atlas resolves each of them to that version.
    return m !== null && KNOWN_VERSION_DATES.includes(m[1]);
  });
}

function parseProvider(raw: string | null): ProviderName | undefined | 'invalid' {
  if (raw === null || raw === '') {
    return undefined;
  }
  // The Atlas CLI sends "Azure"; Atlas accepts any case.
  const upper = raw.toUpperCase();
  return upper === 'AWS' || upper === 'AZURE' || upper === 'GCP' ? upper : 'invalid';
}

class RateLimiter {
  private tokens: number;
  private last = Date.now();

  constructor(
    readonly capacity: number,
    private readonly refillPerSecond: number,
  ) {
    this.tokens = capacity;
  }

  take(): { ok: boolean; remaining: number; retryAfterSec: number } {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
    if (this.tokens < 1) {
      return {
        ok: false,
        remaining: 0,
        retryAfterSec: Math.max(1, Math.ceil((1 - this.tokens) / this.refillPerSecond)),
      };
    }
    this.tokens -= 1;
    return { ok: true, remaining: Math.floor(this.tokens), retryAfterSec: 0 };
  }
}

export async function startAtlasSimulator(options: SimulatorOptions = {}): Promise<AtlasSimulator> {
  const seed: SeedData = options.dataFile
    ? loadSeedFile(options.dataFile)
    : options.seed === 'empty'
      ? emptySeed()
      : options.seed === undefined || options.seed === 'demo'
        ? demoSeed()
        : (JSON.parse(JSON.stringify(options.seed)) as SeedData);
  const data = new SimulatorData(seed);
  const apiKeys = options.apiKeys ?? [{ ...DEMO_CREDENTIALS.apiKey }];
  const serviceAccounts = options.serviceAccounts ?? [{ ...DEMO_CREDENTIALS.serviceAccount }];
  const now = options.now ?? Date.now;
  const digest = new DigestAuthenticator(
    () => apiKeys,
    options.nonceLifetimeMs ?? 5 * 60 * 1000,
    now,
    options.digestNonceCountCheck ?? 'lenient',
  );
  const oauth = new OAuthServer(
    () => serviceAccounts,
    options.tokenLifetimeSec ?? 3600,
    options.maxTokensPerServiceAccount ?? 100,
    now,
  );
  const limiter = options.rateLimit
    ? new RateLimiter(options.rateLimit.capacity, options.rateLimit.refillPerSecond)
    : undefined;
  const faults = new FaultTable();
  const requestLog: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = {
    current: 0,
    peak: 0,
    resetPeak(): void {
      inFlight.peak = inFlight.current;
    },
  };
  let baseUrl = '';
  let closed = false;

  function delay(ms: number): Promise<void> {
    if (ms <= 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  }

  function log(ctx: Ctx, status: number): void {
    if (ctx.logged || ctx.path.startsWith('/__sim/')) {
      return;
    }
    ctx.logged = true;
    const entry: RequestLogEntry = {
      method: ctx.method,
      path: ctx.path,
      query: Object.fromEntries(ctx.query.entries()),
      authScheme: ctx.authScheme,
      status,
      durationMs: Date.now() - ctx.start,
    };
    if (ctx.faultName) {
      entry.fault = ctx.faultName;
    }
    requestLog.push(entry);
  }

  function rateHeaders(remaining?: number): Record<string, string> {
    return limiter
      ? { 'RateLimit-Limit': String(limiter.capacity), 'RateLimit-Remaining': String(remaining ?? 0) }
      : { 'RateLimit-Limit': String(NOMINAL_RATE_LIMIT), 'RateLimit-Remaining': String(NOMINAL_RATE_LIMIT - 1) };
  }

  function send(ctx: Ctx, reply: Reply): void {
    log(ctx, reply.status);
    if (ctx.res.destroyed) {
      return;
    }
    const body = Buffer.from(reply.body, 'utf8');
    ctx.res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(body.length) });
    ctx.res.end(body);
  }

  /** Sends a reply reshaped by a fault's body options (html, empty, notJson, truncate, huge, slow, stall). */
  function sendWithFault(ctx: Ctx, reply: Reply, fault: Fault): void {
    let r = reply;
    if (fault.html) {
      const status = fault.status ?? 502;
      const title = `${status} ${DEFAULT_ERROR_CODES[status]?.[1] ?? 'Error'}`;
      r = {
        status,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      };
    } else if (fault.empty) {
      r = { ...r, body: '' };
    } else if (fault.notJson) {
      r = {
        ...r,
        body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination',
      };
    } else if (fault.truncate) {
      r = { ...r, body: r.body.slice(0, Math.floor(r.body.length / 2)) };
    } else if (fault.hugeBodyBytes && fault.hugeBodyBytes > r.body.length) {
      // Still valid JSON, so only a size limit (not a parse error) can stop the client.
      const rest = r.body.trim().slice(1);
      const pad = 'x'.repeat(Math.max(0, fault.hugeBodyBytes - r.body.length - 16));
      r = { ...r, body: rest.trim() === '}' ? `{"_padding":"${pad}"}` : `{"_padding":"${pad}",${rest}` };
    }
    if (fault.stall) {
      log(ctx, r.status);
      const body = Buffer.from(r.body, 'utf8');
      ctx.res.writeHead(r.status, { ...r.headers, 'Content-Length': String(body.length) });
      // Half the body, then silence: the client must time out on its own.
      ctx.res.write(body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    if (fault.slowBodyMs && fault.slowBodyMs > 0) {
      const body = Buffer.from(r.body, 'utf8');
      ctx.res.writeHead(r.status, { ...r.headers, 'Content-Length': String(body.length) });
      const chunks = Math.max(1, Math.min(20, body.length));
      const size = Math.ceil(body.length / chunks);
      let i = 0;
      const drip = (): void => {
        if (ctx.res.destroyed) {
          return;
        }
        const chunk = body.subarray(i * size, (i + 1) * size);
        i++;
        if (i >= chunks) {
          log(ctx, r.status);
          ctx.res.end(chunk);
          return;
        }
        ctx.res.write(chunk);
        const t = setTimeout(() => {
          timers.delete(t);
          drip();
        }, fault.slowBodyMs! / chunks);
        timers.add(t);
      };
      drip();
      return;
    }
    send(ctx, r);
  }

  function faultName(fault: Fault): string {
    const kinds = [
      'reset',
      'stall',
      'html',
      'empty',
      'notJson',
      'truncate',
      'hugeBodyBytes',
      'slowBodyMs',
      'status',
      'latencyMs',
    ] as const;
    return kinds.filter((k) => fault[k] !== undefined && fault[k] !== false).join('+') || 'none';
  }

  function faultStatusReply(fault: Fault, status: number): Reply {
    const [code] = DEFAULT_ERROR_CODES[status] ?? ['UNEXPECTED_ERROR'];
    const reply = errorReply(
      status,
      fault.errorCode ?? code,
      fault.detail ?? `Simulated ${status} from the Atlas simulator.`,
    );
    if (status === 429 || status === 503) {
      reply.headers['Retry-After'] = String(fault.retryAfterSec ?? 1);
    }
    if (status === 429) {
      Object.assign(reply.headers, rateHeaders(0));
    }
    return reply;
  }

  // ------------------------------------------------------------------------------------------
  // Routes

  function encode(ctx: Ctx, status: number, value: unknown, kind: 'single' | 'list'): Reply {
    let payload = value;
    if (ctx.query.get('envelope') === 'true') {
      // Single objects become {status, content}; lists keep their shape and gain "status".
      payload = kind === 'single' ? { status, content: value } : { ...(value as object), status };
    }
    const body = ctx.query.get('pretty') === 'true' ? JSON.stringify(payload, null, 2) : JSON.stringify(payload);
    return { status, headers: { 'Content-Type': SUCCESS_CONTENT_TYPE }, body };
  }

  function link(path: string, params: URLSearchParams, rel: string): { href: string; rel: string } {
    const qs = params.toString();
    return { href: `${baseUrl}${path}${qs ? `?${qs}` : ''}`, rel };
  }

  function paginate(ctx: Ctx, items: unknown[]): Reply {
    const q = ctx.query;
    const intParam = (name: string, def: number): number | undefined => {
      const raw = q.get(name);
      if (raw === null || raw === '') {
        return def;
      }
      return /^-?\d+$/.test(raw) ? parseInt(raw, 10) : undefined;
    };
    const rawPage = intParam('pageNum', 1);
    const perPage = intParam('itemsPerPage', 100);
    if (rawPage === undefined) {
      return errorReply(
        400,
        'INVALID_QUERY_PARAMETER',
        'Invalid query parameter pageNum: it must be an integer.',
        ['pageNum'],
        { badRequestDetail: { fields: [{ field: 'pageNum', description: 'must be an integer' }] } },
      );
    }
    if (perPage === undefined || perPage < 1 || perPage > MAX_ITEMS_PER_PAGE) {
      return errorReply(
        400,
        'INVALID_QUERY_PARAMETER',
        `Invalid query parameter itemsPerPage: it must be an integer between 1 and ${MAX_ITEMS_PER_PAGE}.`,
        ['itemsPerPage'],
        {
          badRequestDetail: {
            fields: [{ field: 'itemsPerPage', description: `must be between 1 and ${MAX_ITEMS_PER_PAGE}` }],
          },
        },
      );
    }
    // The Atlas CLI sends pageNum=0 and it works: Atlas treats anything below 1 as page 1.
    const page = Math.max(1, rawPage);
    const includeCount = (q.get('includeCount') ?? 'true').toLowerCase() !== 'false';
    const results = items.slice((page - 1) * perPage, page * perPage);
    const params = new URLSearchParams(q);
    params.set('includeCount', String(includeCount));
    params.set('itemsPerPage', String(perPage));
    params.set('pageNum', String(page));
    const links = [link(ctx.path, params, 'self')];
    if (page * perPage < items.length) {
      const next = new URLSearchParams(params);
      next.set('pageNum', String(page + 1));
      links.push(link(ctx.path, next, 'next'));
    }
    if (page > 1) {
      const prev = new URLSearchParams(params);
      prev.set('pageNum', String(page - 1));
      links.push(link(ctx.path, prev, 'previous'));
    }
    const body: Record<string, unknown> = { links, results };
    if (includeCount) {
      body.totalCount = items.length;
    }
    return encode(ctx, 200, body, 'list');
  }

  function groupJson(groupId: string): Record<string, unknown> | undefined {
    const p = data.getProject(groupId);
    if (!p) {
      return undefined;
    }
    const self = `${baseUrl}${API_PREFIX}/groups/${p.id}`;
    return {
      clusterCount: p.clusterCount,
      created: p.created,
      id: p.id,
      links: [
        { href: self, rel: 'self' },
        { href: `${self}/containers`, rel: 'https://cloud.mongodb.com/containers' },
        { href: `${self}/peers`, rel: 'https://cloud.mongodb.com/peers' },
      ],
      name: p.name,
      orgId: p.orgId,
      tags: p.tags,
      withDefaultAlertsSettings: p.withDefaultAlertsSettings,
    };
  }

  function groupNotFound(groupId: string): Reply {
    return errorReply(404, 'GROUP_NOT_FOUND', `No group with ID ${groupId} exists.`, [groupId]);
  }

  function route(ctx: Ctx): Reply {
    const rest = ctx.path.slice(API_PREFIX.length).replace(/\/+$/, '');
    const seg = rest.split('/').filter((s) => s.length > 0);
    const notFound = (): Reply =>
      errorReply(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${ctx.path}.`, [ctx.path]);
    if (seg[0] === 'orgs' && seg.length === 1 && ctx.method === 'GET') {
      // listOrgs: PaginatedOrganizationView of AtlasOrganization (id, name, isDeleted, links,
      // skipDefaultAlertsSettings), the organizations of the projects the caller sees.
      const ids = new Set([...data.projects.values()].map((p) => p.orgId));
      return paginate(
        ctx,
        [...ids].map((id) => ({
          id,
          isDeleted: false,
          links: [{ href: `${baseUrl}${API_PREFIX}/orgs/${id}`, rel: 'self' }],
          name: data.orgNames.get(id) ?? id,
          skipDefaultAlertsSettings: false,
        })),
      );
    }
    if (seg[0] !== 'groups' || seg.length > 4) {
      return notFound();
    }
    const knownShape =
      seg.length <= 2 ||
      ((seg[2] === 'peers' || seg[2] === 'containers') && seg.length <= 4) ||
      (PROJECT_READS.has(seg[2]) && seg.length === 3);
    if (!knownShape) {
      return notFound();
    }
    if (ctx.method !== 'GET') {
      return errorReply(405, 'METHOD_NOT_ALLOWED', `The simulator only serves GET on ${ctx.path}.`, [ctx.method]);
    }
    // Malformed ids (an AWS pcx-… pasted as a peer id) fail before any lookup, as in Atlas.
    const idSegments = [
      seg[1],
      seg[2] !== undefined && seg[3] !== undefined && !(seg[2] === 'containers' && seg[3] === 'all')
        ? seg[3]
        : undefined,
    ];
    if (idSegments.some((s) => s !== undefined && !ID_RE.test(s))) {
      return errorReply(
        400,
        'PATH_PARAM_PARSE_ERROR',
        `One or more path parameter in the request URI '${ctx.path}' is malformed.`,
        [ctx.path],
      );
    }
    if (seg.length === 1) {
      return paginate(
        ctx,
        [...data.projects.keys()].map((id) => groupJson(id)),
      );
    }
    const groupId = seg[1];
    const group = groupJson(groupId);
    if (!group) {
      return groupNotFound(groupId);
    }
    if (seg.length === 2) {
      return encode(ctx, 200, group, 'single');
    }
    if (PROJECT_READS.has(seg[2])) {
      if (seg[2] === 'clusters' && !acceptsClustersVersion(ctx.req.headers.accept)) {
        return errorReply(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.');
      }
      return paginate(ctx, projectReadItems(data.getProject(groupId)!, seg[2], ctx.query));
    }
    const provider = parseProvider(ctx.query.get('providerName'));
    if (provider === 'invalid') {
      const raw = ctx.query.get('providerName') ?? '';
      return errorReply(400, 'INVALID_ENUM_VALUE', `An invalid enumeration value ${raw} was specified.`, [raw], {
        badRequestDetail: { fields: [{ field: 'providerName', description: 'must be one of AWS, AZURE, GCP' }] },
      });
    }
    if (seg[2] === 'peers') {
      if (seg.length === 3) {
        // No providerName means AWS only — the trap the extension must avoid.
        return paginate(ctx, data.listPeers(groupId, provider ?? 'AWS'));
      }
      const peer: PeerJson | undefined = data.getPeer(groupId, seg[3]);
      return peer
        ? encode(ctx, 200, peer, 'single')
        : errorReply(404, 'PEER_NOT_FOUND', `No peer with ID ${seg[3]} exists in group ${groupId}.`, [seg[3], groupId]);
    }
    if (seg.length === 3) {
      return paginate(ctx, data.listContainers(groupId, provider ?? 'AWS'));
    }
    if (seg[3] === 'all') {
      return paginate(ctx, data.listContainers(groupId));
    }
    const container: ContainerJson | undefined = data.getContainer(groupId, seg[3]);
    return container
      ? encode(ctx, 200, container, 'single')
      : errorReply(404, 'CLOUD_PROVIDER_CONTAINER_NOT_FOUND', `Cannot find container ${seg[3]} in group ${groupId}.`, [
          seg[3],
        ]);
  }

  // ------------------------------------------------------------------------------------------
  // Pipeline

  function readBody(req: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > 1024 * 1024) {
          reject(new Error('request body too large'));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
    return {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: value === null ? '' : JSON.stringify(value),
    };
  }

  function privateRoute(ctx: Ctx, body: string): Reply {
    const { method, path } = ctx;
    try {
      if (path === '/__sim/faults' && method === 'POST') {
        for (const { match, fault } of parseFaultRequest(JSON.parse(body || 'null'))) {
          faults.set(match, fault);
        }
        return json(200, { faults: faults.list() });
      }
      if (path === '/__sim/faults' && method === 'DELETE') {
        faults.clear();
        return json(200, { faults: [] });
      }
      if (path === '/__sim/faults' && method === 'GET') {
        return json(200, { faults: faults.list() });
      }
      if (path === '/__sim/tokens' && method === 'GET') {
        // Live OAuth tokens per service account, for tests outside this process (the extension host).
        return json(200, { live: oauth.liveTokenCount(), byClient: oauth.liveTokensByClient() });
      }
      if (path === '/__sim/log' && method === 'GET') {
        return json(200, requestLog);
      }
      if (path === '/__sim/log' && method === 'DELETE') {
        requestLog.length = 0;
        return json(200, []);
      }
      if (path === '/__sim/peerStatus' && method === 'POST') {
        const o = JSON.parse(body) as { groupId: string; peerId: string; status: string; errorText?: string };
        return json(200, data.setPeerStatus(o.groupId, o.peerId, o.status, o.errorText));
      }
    } catch (err) {
      return json(400, { error: (err as Error).message });
    }
    return json(404, { error: `unknown simulator route ${method} ${path}` });
  }

  async function handle(ctx: Ctx): Promise<void> {
    const { req, method, path } = ctx;
    await delay(options.latencyMs ?? 0);
    const body =
      method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE' ? await readBody(req) : '';
    if (path.startsWith('/__sim/')) {
      send(ctx, privateRoute(ctx, body));
      return;
    }
    const isOAuth = path === '/api/oauth/token' || path === '/api/oauth/revoke';
    if (!isOAuth && !path.startsWith(API_PREFIX)) {
      send(ctx, errorReply(404, 'RESOURCE_NOT_FOUND', `Cannot find resource ${path}.`, [path]));
      return;
    }
    let rate: { remaining: number } | undefined;
    if (!isOAuth) {
      // Authentication comes first, and unauthenticated requests never consume a fault: a
      // digest client's challenge round trip must not eat a `times: 1` fault meant for the call.
      const authorization = req.headers.authorization;
      const fail = (detail: string, stale: boolean): void => {
        const reply = errorReply(401, 'UNAUTHORIZED', detail);
        if (ctx.authScheme === 'bearer') {
          reply.headers['WWW-Authenticate'] = 'Bearer error="invalid_token"';
        } else {
          reply.headers['WWW-Authenticate'] = digest.challenge(stale, authorization);
        }
        send(ctx, reply);
      };
      if (ctx.authScheme === 'bearer') {
        const token = (authorization ?? '').trim().split(/\s+/)[1] ?? '';
        if (!oauth.check(token)) {
          fail('The access token is invalid or has expired.', false);
          return;
        }
      } else if (ctx.authScheme === 'digest') {
        const result = digest.verify(authorization ?? '', method, req.url ?? path);
        if (!result.ok) {
          fail(
            result.stale
              ? 'The nonce is stale; retry with the new nonce.'
              : 'You are not authorized for this resource.',
            result.stale,
          );
          return;
        }
      } else {
        fail('You are not authorized for this resource.', false);
        return;
      }
      if (limiter) {
        const taken = limiter.take();
        if (!taken.ok) {
          const reply = errorReply(
            429,
            'RATE_LIMITED',
            `Rate limit exceeded for ${path}. Please retry after ${taken.retryAfterSec} seconds.`,
            [path, taken.retryAfterSec],
          );
          Object.assign(reply.headers, rateHeaders(0), { 'Retry-After': String(taken.retryAfterSec) });
          send(ctx, reply);
          return;
        }
        rate = { remaining: taken.remaining };
      }
    }
    const fault = faults.take(method, path, req.url ?? path);
    if (fault) {
      ctx.faultName = faultName(fault);
      await delay(fault.latencyMs ?? 0);
      if (closed || ctx.res.destroyed) {
        return;
      }
      if (fault.reset) {
        log(ctx, 0);
        req.socket.destroy();
        return;
      }
    }
    let reply: Reply;
    if (fault?.status !== undefined && !fault.html) {
      reply = faultStatusReply(fault, fault.status);
    } else if (isOAuth) {
      if (method !== 'POST') {
        reply = json(405, { error: 'invalid_request', error_description: 'Use POST.' });
      } else {
        const form = new URLSearchParams(body);
        const r =
          path === '/api/oauth/token'
            ? oauth.issue(req.headers.authorization, form)
            : oauth.revoke(req.headers.authorization, form);
        reply = json(r.status, r.body, r.headers);
      }
    } else if (!acceptsKnownVersion(req.headers.accept)) {
      reply = errorReply(406, 'INVALID_VERSION_DATE', 'Invalid accept header or version date.');
    } else {
      reply = route(ctx);
    }
    if (!isOAuth && reply.status !== 429) {
      Object.assign(reply.headers, rateHeaders(rate?.remaining));
    }
    if (fault) {
      sendWithFault(ctx, reply, fault);
    } else {
      send(ctx, reply);
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ctx: Ctx = {
      req,
      res,
      method: (req.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      start: Date.now(),
      authScheme: schemeOf(req.headers.authorization),
      logged: false,
    };
    const counted = !ctx.path.startsWith('/__sim/');
    if (counted) {
      inFlight.current++;
      inFlight.peak = Math.max(inFlight.peak, inFlight.current);
      let done = false;
      res.on('close', () => {
        if (!done) {
          done = true;
          inFlight.current--;
        }
      });
    }
    handle(ctx).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        send(ctx, errorReply(500, 'UNEXPECTED_ERROR', `Simulator error: ${(err as Error).message}`));
      }
    });
  });
  // Headers-only keep-alive default (5 s) is fine; sockets are tracked so close() can cut them.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    requestLog,
    data,
    inFlight,
    clearLog(): void {
      requestLog.length = 0;
    },
    setFault(match: FaultMatch, fault: Fault): void {
      faults.set(match, fault);
    },
    clearFaults(): void {
      faults.clear();
    },
    liveTokenCount(clientId?: string): number {
      return oauth.liveTokenCount(clientId);
    },
    close(): Promise<void> {
      if (closed) {
        return Promise.resolve();
      }
      closed = true;
      for (const t of timers) {
        clearTimeout(t);
      }
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stalled and keep-alive connections would hold server.close() open forever.
        for (const socket of sockets) {
          socket.destroy();
        }
        server.closeAllConnections();
      });
    },
  };
}
