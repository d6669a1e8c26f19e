// Errors of the Atlas API core. Each carries a one-line `userMessage` and, where one exists, the
// action that fixes it. None of them ever holds a request header, a credential, a token or the
// fetch response object: they are built from plain values only, so JSON.stringify, util.inspect and
// stack traces are safe to log.

export type ErrorAction = 'setCredentials' | 'retry' | 'openSettings' | 'checkAccessList' | 'checkRole' | 'refresh';

export abstract class AtlasError extends Error {
  abstract readonly userMessage: string;
  readonly action?: ErrorAction;

  // The name is passed in because a minified bundle renames classes.
  protected constructor(name: string, message: string, action?: ErrorAction) {
    super(message);
    this.name = name;
    if (action !== undefined) {
      this.action = action;
    }
  }
}

export interface FieldViolation {
  field: string;
  description: string;
}

export interface AtlasApiErrorInit {
  status: number;
  errorCode?: string | null;
  detail?: string | null;
  reason?: string | null;
  parameters?: unknown[];
  badRequestDetail?: { fields: FieldViolation[] } | null;
  /** Method and path+query of the request (ids only, never credentials). */
  method?: string;
  path?: string;
  /** Milliseconds Atlas asked us to wait (Retry-After), for 429 and 503. */
  retryAfterMs?: number;
}

/** An HTTP error answer from Atlas (ApiError body, or just a status when the body was not one). */
export class AtlasApiError extends AtlasError {
  readonly status: number;
  readonly errorCode: string | null;
  readonly detail: string | null;
  readonly reason: string | null;
  readonly parameters: unknown[];
  readonly badRequestDetail: { fields: FieldViolation[] } | null;
  readonly method: string | null;
  readonly path: string | null;
  readonly retryAfterMs: number | null;
  readonly userMessage: string;

  constructor(raw: AtlasApiErrorInit) {
    const init = capServerText(raw);
    const { message, action } = describeApiError(init);
    super('AtlasApiError', message, action);
    this.status = init.status;
    this.errorCode = init.errorCode ?? null;
    this.detail = init.detail ?? null;
    this.reason = init.reason ?? null;
    this.parameters = init.parameters ?? [];
    this.badRequestDetail = init.badRequestDetail ?? null;
    this.method = init.method ?? null;
    this.path = init.path ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.userMessage = message;
  }
}

/** The request never got an HTTP answer (DNS, refused, reset, TLS...). */
export class AtlasNetworkError extends AtlasError {
  readonly code: string | null;
  readonly userMessage: string;

  constructor(origin: string, code: string | null, reason: string) {
    const badAddress =
      code === 'ENOTFOUND' || code === 'ECONNREFUSED' || code === 'EAI_AGAIN' || code === 'ERR_INVALID_URL';
    const message = `Could not reach Atlas at ${origin}: ${reason}${code && !reason.includes(code) ? ` (${code})` : ''}. ${
      badAddress
        ? 'Check the base URL setting and your network or proxy.'
        : 'Check your network connection, then retry.'
    }`;
    super('AtlasNetworkError', message, badAddress ? 'openSettings' : 'retry');
    this.code = code;
    this.userMessage = message;
  }
}

export class AtlasTimeoutError extends AtlasError {
  readonly timeoutMs: number;
  readonly userMessage: string;

  constructor(timeoutMs: number, path: string) {
    const message = `Atlas did not answer within ${formatDuration(timeoutMs)} (${path}). Retry, or raise the timeout setting.`;
    super('AtlasTimeoutError', message, 'retry');
    this.timeoutMs = timeoutMs;
    this.userMessage = message;
  }
}

export class AtlasCancelledError extends AtlasError {
  readonly userMessage = 'The request to Atlas was cancelled.';

  constructor() {
    super('AtlasCancelledError', 'The request to Atlas was cancelled.');
  }
}

export type UnreadableKind = 'html' | 'empty' | 'notJson' | 'truncated' | 'tooLarge';

/** Atlas (or something in between, like a proxy or captive portal) answered with a body we cannot use. */
export class AtlasUnreadableResponseError extends AtlasError {
  readonly kind: UnreadableKind;
  readonly status: number;
  readonly userMessage: string;

  constructor(kind: UnreadableKind, status: number, path: string, limitBytes?: number) {
    const what: Record<UnreadableKind, string> = {
      html: 'an HTML page instead of JSON (a proxy, captive portal or wrong base URL?)',
      empty: 'an empty body',
      notJson: 'a body that is not JSON',
      truncated: 'a body that was cut off',
      tooLarge: `a body larger than ${formatBytes(limitBytes ?? 0)}`,
    };
    const message = `Atlas sent ${what[kind]} for ${path} (HTTP ${status}). ${
      kind === 'html' ? 'Check the base URL setting, then retry.' : 'Retry later.'
    }`;
    super('AtlasUnreadableResponseError', message, kind === 'html' ? 'openSettings' : 'retry');
    this.kind = kind;
    this.status = status;
    this.userMessage = message;
  }
}

/** The OAuth token endpoint refused the service account (RFC 6749 error response). */
export class AtlasAuthError extends AtlasError {
  readonly status: number;
  readonly oauthError: string | null;
  readonly oauthErrorDescription: string | null;
  readonly userMessage: string;

  constructor(status: number, oauthError: string | null, rawDescription: string | null) {
    // Server text: one line, capped, so a hostile token endpoint cannot fill a notification.
    const description = rawDescription === null ? null : capText(rawDescription, MAX_SERVER_TEXT) || null;
    let message: string;
    let action: ErrorAction | undefined = 'setCredentials';
    switch (oauthError) {
      case 'invalid_client':
      case 'unauthorized_client':
        message = 'Atlas rejected the service account client ID or secret. Check or set the credentials.';
        break;
      case 'access_denied':
        message = `Atlas refused a new access token${description ? `: ${description}` : ''}. Wait for old tokens to expire, or use another service account.`;
        action = 'retry';
        break;
      case 'invalid_grant':
      case 'unsupported_grant_type':
      case 'invalid_request':
      case 'invalid_scope':
        message = `Atlas refused the token request (${oauthError}${description ? `: ${description}` : ''}). Check the service account credentials.`;
        break;
      default:
        message =
          status === 401 || status === 400
            ? 'Atlas rejected the service account credentials. Check or set the credentials.'
            : `Atlas could not issue an access token (HTTP ${status}${oauthError ? `, ${oauthError}` : ''}). Retry later.`;
        action = status === 401 || status === 400 ? 'setCredentials' : 'retry';
    }
    super('AtlasAuthError', message, action);
    this.status = status;
    this.oauthError = oauthError;
    this.oauthErrorDescription = description;
    this.userMessage = message;
  }
}

/** An argument was rejected before any request was sent. */
export class AtlasValidationError extends AtlasError {
  readonly userMessage: string;

  constructor(message: string) {
    super('AtlasValidationError', message);
    this.userMessage = message;
  }
}

// ---------------------------------------------------------------------------------------------

function describeApiError(init: AtlasApiErrorInit): { message: string; action?: ErrorAction } {
  const code = init.errorCode ?? undefined;
  const label = `HTTP ${init.status}${code ? ` ${code}` : ''}`;
  const firstParam = init.parameters?.find((p) => typeof p === 'string' || typeof p === 'number');
  const ids = idsInPath(init.path ?? '');
  switch (code) {
    case 'GROUP_NOT_FOUND':
      return {
        message: `${named('Project', firstParam ?? ids.groupId, 'The project')} was not found in Atlas (${label}). Check the project ID, then refresh.`,
        action: 'refresh',
      };
    case 'NOT_IN_GROUP':
      return {
        message:
          `Project ${ids.groupId ?? ''} does not exist or these credentials are not a member of it (${label}). Give them the Project Read Only role.`.replace(
            '  ',
            ' ',
          ),
        action: 'checkRole',
      };
    case 'PEER_NOT_FOUND':
      return {
        message: `${named('Peering connection', ids.peerId ?? firstParam, 'A peering connection')} was not found in project ${ids.groupId ?? '?'} (${label}). It may have been deleted; refresh.`,
        action: 'refresh',
      };
    case 'CLOUD_PROVIDER_CONTAINER_NOT_FOUND':
      return {
        message: `${named('Network peering container', ids.containerId ?? firstParam, 'A network peering container')} was not found in project ${ids.groupId ?? '?'} (${label}). Refresh.`,
        action: 'refresh',
      };
    case 'GLOBAL_USER_OUTSIDE_SUBNET':
      return {
        message: `Atlas refused the call because this machine's IP address is not on the API access list (${label}). Add it to the access list of the API key or service account.`,
        action: 'checkAccessList',
      };
    case 'PATH_PARAM_PARSE_ERROR':
      return {
        message: `Atlas could not parse an ID in the request (${label}). Use the 24-character Atlas ID, not an AWS pcx-… connection ID.`,
      };
    case 'INVALID_VERSION_DATE':
      return { message: `Atlas refused API version 2023-01-01 (${label}). Update the Atlas Peering extension.` };
    case 'VERSION_GONE':
      return {
        message: `Atlas no longer serves API version 2023-01-01 (${label}). Update the Atlas Peering extension.`,
      };
  }
  switch (init.status) {
    case 401:
      return {
        message: `Atlas rejected the credentials (${label}). Check or set the API key or service account.`,
        action: 'setCredentials',
      };
    case 403:
      return {
        message: `These credentials may not read this resource (${label}). They need at least the Project Read Only role on the project.`,
        action: 'checkRole',
      };
    case 404:
      return {
        message: `Atlas has no ${describeResource(ids)} (${label}). It may have been deleted; refresh.`,
        action: 'refresh',
      };
    case 406:
      return { message: `Atlas refused the requested API version (${label}). Update the Atlas Peering extension.` };
    case 410:
      return { message: `This Atlas API version has been retired (${label}). Update the Atlas Peering extension.` };
    case 429: {
      // Retry-After: 0 means "now"; "retry in 0 ms" reads like a glitch.
      const wait =
        init.retryAfterMs != null && init.retryAfterMs > 0
          ? `retry in ${formatDuration(init.retryAfterMs)}`
          : 'retry in a minute';
      return { message: `Atlas rate limit reached (${label}); ${wait}.`, action: 'retry' };
    }
  }
  if (init.status >= 500) {
    const wait =
      init.retryAfterMs != null && init.retryAfterMs > 0 ? ` in ${formatDuration(init.retryAfterMs)}` : ' later';
    return { message: `Atlas had a server error (${label}). Retry${wait}.`, action: 'retry' };
  }
  const detail = init.detail ? `: ${oneLine(init.detail)}` : '';
  const fields = init.badRequestDetail?.fields?.length
    ? ` (${init.badRequestDetail.fields.map((f) => `${f.field}: ${f.description}`).join('; ')})`
    : '';
  return { message: `Atlas refused the request (${label})${detail}${fields}` };
}

/** "Peering connection <id>", or the fallback when the answer named no id (a list route). */
function named(noun: string, id: unknown, fallback: string): string {
  return (typeof id === 'string' && id !== '') || typeof id === 'number' ? `${noun} ${id}` : fallback;
}

interface PathIds {
  groupId?: string;
  peerId?: string;
  containerId?: string;
}

function idsInPath(path: string): PathIds {
  const m = /\/groups\/([^/?]+)(?:\/(peers|containers)\/([^/?]+))?/.exec(path);
  if (!m) {
    return {};
  }
  const ids: PathIds = { groupId: safeDecode(m[1]) };
  if (m[2] === 'peers' && m[3]) {
    ids.peerId = safeDecode(m[3]);
  } else if (m[2] === 'containers' && m[3] && m[3] !== 'all') {
    ids.containerId = safeDecode(m[3]);
  }
  return ids;
}

/** A path segment decoded, or as sent when its `%` escapes are malformed (a redirect can carry any path). */
function safeDecode(segment: string): string {
  try {
    return capText(decodeURIComponent(segment), 64);
  } catch {
    return capText(segment, 64);
  }
}

function describeResource(ids: PathIds): string {
  if (ids.peerId) {
    return `peering connection ${ids.peerId} in project ${ids.groupId}`;
  }
  if (ids.containerId) {
    return `container ${ids.containerId} in project ${ids.groupId}`;
  }
  if (ids.groupId) {
    return `project ${ids.groupId}`;
  }
  return 'such resource';
}

/** Longest server text (detail, error_description, a field violation) an error keeps. */
export const MAX_SERVER_TEXT = 300;
const MAX_FIELD_VIOLATIONS = 10;

/** `s` on one line and at most `max` characters (an ellipsis marks the cut). */
export function capText(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function oneLine(s: string): string {
  return capText(s, MAX_SERVER_TEXT);
}

/** The error's server-supplied strings, capped: `detail`, `reason` and `badRequestDetail` come from the body. */
function capServerText(init: AtlasApiErrorInit): AtlasApiErrorInit {
  const cap = (v: string | null | undefined, max = MAX_SERVER_TEXT): string | null | undefined =>
    typeof v === 'string' ? capText(v, max) : v;
  const fields = init.badRequestDetail?.fields;
  return {
    ...init,
    errorCode: cap(init.errorCode, 64),
    detail: cap(init.detail),
    reason: cap(init.reason, 64),
    parameters: init.parameters
      ?.slice(0, MAX_FIELD_VIOLATIONS)
      .map((p) => (typeof p === 'string' ? capText(p, 100) : typeof p === 'object' && p !== null ? null : p)),
    badRequestDetail: fields
      ? {
          fields: fields.slice(0, MAX_FIELD_VIOLATIONS).map((f) => ({
            field: capText(f.field, 64),
            description: capText(f.description, 120),
          })),
        }
      : init.badRequestDetail,
  };
}

export function formatDuration(ms: number): string {
  if (ms < 1000) {
    return `${Math.max(0, Math.round(ms))} ms`;
  }
  const s = ms / 1000;
  return s < 120 ? `${Number.isInteger(s) ? s : s.toFixed(1)} s` : `${Math.round(s / 60)} min`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024
    ? `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MB`
    : `${Math.round(n / 1024)} KB`;
}

/**
 * One line and an optional action for any thrown value, for the UI. Non-Atlas errors are shown by
 * their message only (their other properties may hold anything).
 */
export function formatAtlasError(e: unknown): { message: string; action?: ErrorAction } {
  if (e instanceof AtlasError) {
    return e.action !== undefined ? { message: e.userMessage, action: e.action } : { message: e.userMessage };
  }
  if (e instanceof Error) {
    return { message: oneLine(e.message || e.name || 'Unknown error') };
  }
  if (typeof e === 'string') {
    return { message: oneLine(e) || 'Unknown error' };
  }
  return { message: 'Unknown error' };
}

export function isAtlasError(e: unknown): e is AtlasError {
  return e instanceof AtlasError;
}
