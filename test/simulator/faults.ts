// Fault injection: per-route misbehaviour that tests switch on at run time to exercise the
// client's retries, timeouts, error messages and size limits against a real socket.

export interface Fault {
  /** Added delay before the response starts. */
  latencyMs?: number;
  /** Answer with this status and an Atlas error body instead of the real response. */
  status?: number;
  errorCode?: string;
  detail?: string;
  /** Retry-After seconds on 429/503 (default 1). */
  retryAfterSec?: number;
  /** Destroy the socket without an answer (ECONNRESET / "socket hang up" on the client). */
  reset?: boolean;
  /** Send only the first half of the JSON body (with a matching Content-Length). */
  truncate?: boolean;
  /** Send a proxy-style text/html error page (status defaults to 502). */
  html?: boolean;
  /** Send an empty body. */
  empty?: boolean;
  /** Send a body that is not JSON, under the JSON content type. */
  notJson?: boolean;
  /** Pad the JSON body to about this many bytes (valid JSON). */
  hugeBodyBytes?: number;
  /** Drip the body over this many milliseconds. */
  slowBodyMs?: number;
  /** Send the headers and part of the body, then never finish (until close()). */
  stall?: boolean;
  /** Apply to this many matching requests only (default: every one). */
  times?: number;
}

/**
 * Which requests a fault hits. `path` as a string matches the URL path exactly, or as a prefix
 * when it ends with `*`; a RegExp is tried on the path and on path+query (so /providerName=GCP/
 * works). `method` is compared case-insensitively.
 */
export interface FaultMatch {
  method?: string;
  path?: string | RegExp;
}

interface FaultEntry {
  match: FaultMatch;
  fault: Fault;
  remaining: number;
}

export const DEFAULT_ERROR_CODES: Record<number, [string, string]> = {
  400: ['VALIDATION_ERROR', 'Bad Request'],
  401: ['UNAUTHORIZED', 'Unauthorized'],
  403: ['FORBIDDEN', 'Forbidden'],
  404: ['RESOURCE_NOT_FOUND', 'Not Found'],
  409: ['CONFLICT', 'Conflict'],
  429: ['RATE_LIMITED', 'Too Many Requests'],
  500: ['UNEXPECTED_ERROR', 'Internal Server Error'],
  502: ['BAD_GATEWAY', 'Bad Gateway'],
  503: ['SERVICE_UNAVAILABLE', 'Service Unavailable'],
  504: ['GATEWAY_TIMEOUT', 'Gateway Timeout'],
};

export class FaultTable {
  private entries: FaultEntry[] = [];

  set(match: FaultMatch, fault: Fault): void {
    // Newest first, so a test can override a broader fault for one route.
    this.entries.unshift({ match, fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.entries = [];
  }

  list(): { match: { method?: string; path?: string }; fault: Fault; remaining: number | null }[] {
    return this.entries.map((e) => ({
      match: { method: e.match.method, path: e.match.path instanceof RegExp ? String(e.match.path) : e.match.path },
      fault: e.fault,
      remaining: Number.isFinite(e.remaining) ? e.remaining : null,
    }));
  }

  /** The fault for this request, consuming one of its `times`. */
  take(method: string, path: string, pathAndQuery: string): Fault | undefined {
    const entry = this.entries.find((e) => e.remaining > 0 && matches(e.match, method, path, pathAndQuery));
    if (!entry) {
      return undefined;
    }
    entry.remaining--;
    if (entry.remaining <= 0) {
      this.entries = this.entries.filter((e) => e !== entry);
    }
    return entry.fault;
  }
}

function matches(match: FaultMatch, method: string, path: string, pathAndQuery: string): boolean {
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) {
    return false;
  }
  const p = match.path;
  if (p === undefined) {
    return true;
  }
  if (p instanceof RegExp) {
    p.lastIndex = 0;
    if (p.test(path)) {
      return true;
    }
    p.lastIndex = 0;
    return p.test(pathAndQuery);
  }
  return p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p;
}

/** Parses the JSON body of POST /__sim/faults: `{ method?, path?, pathRegex?, fault }` or an array of them. */
export function parseFaultRequest(json: unknown): { match: FaultMatch; fault: Fault }[] {
  const items = Array.isArray(json) ? json : [json];
  return items.map((item) => {
    const o = (item ?? {}) as { method?: string; path?: string; pathRegex?: string; fault?: Fault };
    if (!o.fault || typeof o.fault !== 'object') {
      throw new Error('each fault request needs a "fault" object');
    }
    const path = o.pathRegex ? new RegExp(o.pathRegex) : o.path;
    return { match: { method: o.method, path }, fault: o.fault };
  });
}
