// What an id found in a config file is in Atlas, for the hover, the diagnostics and the CodeLens.
// Pure (no `vscode`): it only talks to the sessions' caches, so unit tests run it against the
// simulator.
//
// Where the project of a peer or container comes from, cheapest first: the reference itself (same
// block, instance, object or document), then any cache that already holds the id (findById), and
// only then the configured projects (atlasPeering.projects) — getPeer/getContainer on each in turn,
// at most MAX_PROBED_PROJECTS of them, stopping at the first hit.

import {
  AtlasApiError,
  AtlasCancelledError,
  formatAtlasError,
  isAtlasId,
  validateAtlasId,
  type AtlasCache,
  type Container,
  type Peer,
  type Project,
} from '../../atlas';
import type { AtlasIdKind } from '../../atlas/validate';
import type { FoundReference } from '../../configFiles';
import type { ReadySession, SessionLookup } from '../../credentials/pure/sessionLookup';

export const MAX_PROBED_PROJECTS = 3;

/** What lookups need from the extension (the composition root adapts its services to this). */
export interface LookupServices {
  /** The session of a profile (the default profile when omitted). Must not make requests. */
  getSession(profile?: string): Promise<SessionLookup>;
  /** The configured projects (atlasPeering.projects), in order. */
  projects(): readonly { id: string; profile?: string }[];
}

export type Resolution =
  | {
      kind: 'peer';
      peer: Peer;
      groupId: string;
      profile?: string;
      fetchedAt: number;
      container?: Container;
      projectName?: string;
    }
  | { kind: 'project'; project: Project; peers?: Peer[]; fetchedAt: number; profile?: string }
  | {
      kind: 'container';
      container: Container;
      groupId: string;
      fetchedAt: number;
      projectName?: string;
      profile?: string;
    }
  | { kind: 'malformed'; what: AtlasIdKind; id: string }
  | {
      kind: 'notFound';
      what: AtlasIdKind;
      id: string;
      groupId?: string;
      errorCode?: string;
      profile?: string;
      searched?: number;
    }
  /** `rejected`: credentials are set but Atlas refused them (401), as opposed to none being set. */
  | { kind: 'noCredentials'; message?: string; rejected?: boolean }
  | { kind: 'error'; message: string; errorCode?: string };

export interface ResolveOptions {
  signal?: AbortSignal;
  /** Hover: also the container and the project name / connection counts. Diagnostics: the peer only. */
  detail?: boolean;
  /** Try the configured projects when the project is unknown (hover: yes; diagnostics: no). */
  probe?: boolean;
}

const DEFAULT = 'default';

function profileKey(profile: string | undefined): string {
  return profile ?? DEFAULT;
}

/** The profile a project is configured with (undefined: the default profile). */
export function profileFor(services: LookupServices, groupId: string): string | undefined {
  return services.projects().find((p) => p.id === groupId)?.profile;
}

/** Distinct sessions to search caches in: the default profile's, then the configured projects'. */
async function candidateSessions(services: LookupServices): Promise<{ profile?: string; session: ReadySession }[]> {
  const seen = new Set<string>();
  const out: { profile?: string; session: ReadySession }[] = [];
  for (const profile of [undefined, ...services.projects().map((p) => p.profile)]) {
    const key = profileKey(profile);
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const s = await services.getSession(profile);
    if (s.kind === 'ready') {
      out.push({ profile, session: s.session });
    }
  }
  return out;
}

function isNotFound(e: unknown): e is AtlasApiError {
  return e instanceof AtlasApiError && e.status === 404;
}

function failure(e: unknown): Resolution {
  if (e instanceof AtlasCancelledError) {
    throw e;
  }
  const { message, action } = formatAtlasError(e);
  if (action === 'setCredentials') {
    return { kind: 'noCredentials', message, rejected: true };
  }
  const errorCode = e instanceof AtlasApiError && e.errorCode ? e.errorCode : undefined;
  return errorCode ? { kind: 'error', message, errorCode } : { kind: 'error', message };
}

/** The cache entry of an id in any ready session, without a request. */
export async function findCached(
  services: LookupServices,
  id: string,
): Promise<
  { profile?: string; cache: AtlasCache; groupId: string; kind: 'peer' | 'container' | 'project' } | undefined
> {
  for (const { profile, session } of await candidateSessions(services)) {
    const hit = session.cache.findById(id);
    if (hit) {
      return { profile, cache: session.cache, groupId: hit.groupId, kind: hit.kind };
    }
  }
  return undefined;
}

/**
 * Resolves one reference. Throws AtlasCancelledError when `signal` aborts; every other failure is
 * a Resolution. Returns undefined for a bare id nobody knows (random hex is not worth a request).
 */
export async function resolveReference(
  services: LookupServices,
  ref: FoundReference,
  options: ResolveOptions = {},
): Promise<Resolution | undefined> {
  let kind = ref.kind;
  let groupId = ref.projectId;
  if (kind === 'unknown') {
    if (!isAtlasId(ref.id)) {
      return undefined;
    }
    const cached = await findCached(services, ref.id);
    if (cached) {
      kind = cached.kind;
      groupId = cached.groupId;
    } else if (services.projects().some((p) => p.id === ref.id)) {
      kind = 'project';
    } else {
      return undefined;
    }
  }
  const check = validateAtlasId(ref.id, kind);
  if (!check.ok) {
    return { kind: 'malformed', what: kind, id: ref.id };
  }
  const id = check.id;
  groupId = isAtlasId(groupId) ? groupId : undefined;
  switch (kind) {
    case 'project':
      return resolveProject(services, id, options);
    case 'peer':
      return resolvePeer(services, id, groupId, options);
    case 'container':
      return resolveContainer(services, id, groupId, options);
  }
}

/** What to show when there is no usable session: how to set credentials, or why it failed. */
function unavailable(lookup: Exclude<SessionLookup, { kind: 'ready' }>): Resolution {
  return lookup.kind === 'noCredentials'
    ? { kind: 'noCredentials', message: lookup.message }
    : { kind: 'error', message: lookup.message };
}

async function sessionFor(
  services: LookupServices,
  groupId: string,
): Promise<{ profile?: string; lookup: SessionLookup }> {
  const profile = profileFor(services, groupId);
  return { profile, lookup: await services.getSession(profile) };
}

async function resolveProject(services: LookupServices, id: string, options: ResolveOptions): Promise<Resolution> {
  const { profile, lookup } = await sessionFor(services, id);
  if (lookup.kind !== 'ready') {
    return unavailable(lookup);
  }
  const cache = lookup.session.cache;
  try {
    const [project, peers] = await Promise.all([
      cache.getProject(id, options.signal),
      options.detail
        ? cache
            .listAllPeers(id, options.signal)
            .catch((e: unknown) => (e instanceof AtlasCancelledError ? Promise.reject(e) : undefined))
        : Promise.resolve(undefined),
    ]);
    const fetchedAt = cache.peekProject(id)?.fetchedAt ?? Date.now();
    return peers
      ? { kind: 'project', project, peers, fetchedAt, profile }
      : { kind: 'project', project, fetchedAt, profile };
  } catch (e) {
    if (isNotFound(e)) {
      return { kind: 'notFound', what: 'project', id, errorCode: e.errorCode ?? undefined, profile };
    }
    return failure(e);
  }
}

/** The project an object lives in, when the reference did not say: caches, then the configured projects. */
async function locate(
  services: LookupServices,
  id: string,
  kind: 'peer' | 'container',
  options: ResolveOptions,
): Promise<{ groupId: string; profile?: string } | { searched: number } | Resolution> {
  const cached = await findCached(services, id);
  if (cached && cached.kind === kind) {
    return { groupId: cached.groupId, profile: cached.profile };
  }
  if (!options.probe) {
    return { searched: 0 };
  }
  const projects = services.projects().slice(0, MAX_PROBED_PROJECTS);
  if (projects.length === 0) {
    const any = await services.getSession();
    if (any.kind !== 'ready') {
      return unavailable(any);
    }
  }
  let lastError: unknown;
  let searched = 0;
  for (const p of projects) {
    const s = await services.getSession(p.profile);
    if (s.kind !== 'ready') {
      continue;
    }
    searched++;
    try {
      if (kind === 'peer') {
        await s.session.cache.getPeer(p.id, id, options.signal);
      } else {
        await s.session.cache.getContainer(p.id, id, options.signal);
      }
      return { groupId: p.id, profile: p.profile };
    } catch (e) {
      if (e instanceof AtlasCancelledError) {
        throw e;
      }
      if (!isNotFound(e)) {
        lastError = e;
      }
    }
  }
  if (searched === 0 && projects.length > 0) {
    return { kind: 'noCredentials' };
  }
  return lastError !== undefined && searched > 0 ? failure(lastError) : { searched };
}

/**
 * Where a peer or container lives (the reference's project, else the caches, else the configured
 * projects) and the session to ask; a Resolution when that already settles the hover.
 */
async function placeOf(
  services: LookupServices,
  id: string,
  kind: 'peer' | 'container',
  knownGroup: string | undefined,
  options: ResolveOptions,
): Promise<{ groupId: string; profile?: string; cache: AtlasCache } | Resolution> {
  let groupId = knownGroup;
  let profile: string | undefined;
  if (!groupId) {
    const where = await locate(services, id, kind, options);
    if ('searched' in where) {
      return { kind: 'notFound', what: kind, id, searched: where.searched };
    }
    if ('kind' in where) {
      return where;
    }
    groupId = where.groupId;
    profile = where.profile;
  } else {
    profile = profileFor(services, groupId);
  }
  const lookup = await services.getSession(profile);
  if (lookup.kind !== 'ready') {
    return unavailable(lookup);
  }
  return { groupId, profile, cache: lookup.session.cache };
}

async function resolvePeer(
  services: LookupServices,
  id: string,
  knownGroup: string | undefined,
  options: ResolveOptions,
): Promise<Resolution> {
  const place = await placeOf(services, id, 'peer', knownGroup, options);
  if ('kind' in place) {
    return place;
  }
  const { groupId, profile, cache } = place;
  let peer: Peer;
  try {
    peer = await cache.getPeer(groupId, id, options.signal);
  } catch (e) {
    if (isNotFound(e)) {
      return { kind: 'notFound', what: 'peer', id, groupId, errorCode: e.errorCode ?? undefined, profile };
    }
    return failure(e);
  }
  const fetchedAt = cache.peekPeer(groupId, id)?.fetchedAt ?? Date.now();
  const result: Extract<Resolution, { kind: 'peer' }> = { kind: 'peer', peer, groupId, fetchedAt };
  if (profile !== undefined) {
    result.profile = profile;
  }
  if (options.detail) {
    // The container gives the Atlas CIDR and region (and the AWS accepter region when Atlas says
    // "same region"); a failure only costs those rows.
    const peekC = isAtlasId(peer.containerId) ? cache.peekContainer(groupId, peer.containerId) : undefined;
    const container =
      peekC?.value ??
      (isAtlasId(peer.containerId)
        ? await cache
            .getContainer(groupId, peer.containerId, options.signal)
            .catch((e: unknown) => (e instanceof AtlasCancelledError ? Promise.reject(e) : undefined))
        : undefined);
    if (container) {
      result.container = container;
    }
    const name = cache.peekProject(groupId)?.value.name;
    if (name) {
      result.projectName = name;
    }
  }
  return result;
}

async function resolveContainer(
  services: LookupServices,
  id: string,
  knownGroup: string | undefined,
  options: ResolveOptions,
): Promise<Resolution> {
  const place = await placeOf(services, id, 'container', knownGroup, options);
  if ('kind' in place) {
    return place;
  }
  const { groupId, profile, cache } = place;
  try {
    const container = await cache.getContainer(groupId, id, options.signal);
    const fetchedAt = cache.peekContainer(groupId, id)?.fetchedAt ?? Date.now();
    const name = cache.peekProject(groupId)?.value.name;
    return {
      kind: 'container',
      container,
      groupId,
      fetchedAt,
      ...(name ? { projectName: name } : {}),
      ...(profile !== undefined ? { profile } : {}),
    };
  } catch (e) {
    if (isNotFound(e)) {
      return { kind: 'notFound', what: 'container', id, groupId, errorCode: e.errorCode ?? undefined, profile };
    }
    return failure(e);
  }
}
