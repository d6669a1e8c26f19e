// A TTL cache in front of an AtlasClient, shared by the tree, the hovers and the details view.
//
// - In-flight de-duplication: the same resource asked for ten times at once makes one request.
// - Lists are stored as ids, the objects as their own entries, so a peer refreshed on its own
//   shows up in every list that holds it, and list calls fill the per-object entries (a hover
//   after the tree has loaded costs no request).
// - A caller that cancels only stops waiting; the shared request is aborted once every caller
//   waiting on it has cancelled.
// - Errors are not cached.

import type { AtlasClient } from './client';
import { AtlasCancelledError } from './errors';
import { forEachProvider } from './http';
import { Container, Organization, Peer, Project, PROVIDERS, ProviderName, asProviderName } from './models';
import { AccessListEntry, AtlasEvent, Cluster } from './projectModels';
import { requireAtlasId } from './validate';

export type {
  CacheEntry,
  CachedKind,
  FoundById,
  AtlasCacheEvent,
  Disposable,
  AtlasCacheOptions,
  AtlasCache,
} from './cacheTypes';
import type { CacheEntry, CachedKind, AtlasCacheEvent, AtlasCacheOptions, AtlasCache } from './cacheTypes';

/** The providers, in PROVIDERS order, that have at least one network container in `containers`. */
function providersWithContainers(containers: readonly Container[]): ProviderName[] {
  const present = new Set(containers.map((c) => c.providerName));
  return PROVIDERS.filter((p) => present.has(p));
}

interface ObjectEntry {
  kind: CachedKind;
  groupId: string;
  id: string;
  value: Peer | Container | Project;
  fetchedAt: number;
}

interface ListEntry {
  kind: 'peers' | 'containers' | 'projects';
  groupId: string | undefined;
  /** Keys of the object entries, in order. */
  keys: string[];
  fetchedAt: number;
}

interface Shared {
  promise: Promise<unknown>;
  ctrl: AbortController;
  waiters: number;
  /** Set by invalidate(): the answer may predate the invalidation, so it is not stored. */
  stale: boolean;
  groupId: string | undefined;
  ids: string[];
}

/** How long the organizations' names are kept (see listOrganizations). */
const ORGS_TTL_MS = 10 * 60_000;

const objectKey = (kind: CachedKind, groupId: string, id: string): string => `${kind}:${groupId}:${id}`;
const listKey = (kind: ListEntry['kind'], groupId: string | undefined, variant: string): string =>
  `${kind}:${groupId ?? '-'}:${variant}`;

export function createAtlasCache(client: AtlasClient, options: AtlasCacheOptions): AtlasCache {
  const ttlMs = Math.max(0, options.ttlMs);
  const now = options.now ?? Date.now;
  const objects = new Map<string, ObjectEntry>();
  const lists = new Map<string, ListEntry>();
  const inFlight = new Map<string, Shared>();
  /** Access list, clusters and events per project, keyed `${read}:${groupId}`. */
  const projectReads = new Map<string, { groupId: string; value: unknown; fetchedAt: number }>();
  const listeners = new Set<(event: AtlasCacheEvent) => void>();
  let disposed = false;

  const fresh = (fetchedAt: number): boolean => now() - fetchedAt < ttlMs;

  function emit(event: AtlasCacheEvent): void {
    for (const l of [...listeners]) {
      try {
        l(event);
      } catch {
        // A listener's failure must not break the cache or the other listeners.
      }
    }
  }

  /** Joins (or starts) the shared request for `key`; `fetch` gets a signal owned by the cache. */
  function shared<T>(
    key: string,
    meta: { groupId?: string; ids?: string[] },
    fetch: (signal: AbortSignal, stillValid: () => boolean) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    if (disposed) {
      return Promise.reject(new AtlasCancelledError());
    }
    let s = inFlight.get(key);
    if (!s) {
      const ctrl = new AbortController();
      const entry: Shared = {
        promise: Promise.resolve(),
        ctrl,
        waiters: 0,
        stale: false,
        groupId: meta.groupId,
        ids: meta.ids ?? [],
      };
      entry.promise = fetch(ctrl.signal, () => !entry.stale && !ctrl.signal.aborted && !disposed).finally(() => {
        if (inFlight.get(key) === entry) {
          inFlight.delete(key);
        }
      });
      entry.promise.catch(() => undefined);
      inFlight.set(key, entry);
      s = entry;
    }
    return join(key, s, signal) as Promise<T>;
  }

  function join(key: string, s: Shared, signal?: AbortSignal): Promise<unknown> {
    s.waiters++;
    return new Promise((resolve, reject) => {
      let done = false;
      const onAbort = (): void => {
        if (done) {
          return;
        }
        done = true;
        s.waiters--;
        if (s.waiters === 0) {
          // Nobody wants it any more: stop it, and let the next caller start afresh.
          s.ctrl.abort();
          if (inFlight.get(key) === s) {
            inFlight.delete(key);
          }
        }
        reject(new AtlasCancelledError());
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      s.promise.then(
        (v) => {
          if (!done) {
            done = true;
            signal?.removeEventListener('abort', onAbort);
            resolve(v);
          }
        },
        (e: unknown) => {
          if (!done) {
            done = true;
            signal?.removeEventListener('abort', onAbort);
            reject(e);
          }
        },
      );
    });
  }

  function storeObject(kind: CachedKind, groupId: string, value: Peer | Container | Project, at: number): string {
    const key = objectKey(kind, groupId, value.id);
    objects.set(key, { kind, groupId, id: value.id, value, fetchedAt: at });
    return key;
  }

  function readList<T>(key: string, requireFresh: boolean): CacheEntry<T[]> | undefined {
    const l = lists.get(key);
    if (!l || (requireFresh && !fresh(l.fetchedAt))) {
      return undefined;
    }
    const values: T[] = [];
    for (const k of l.keys) {
      const o = objects.get(k);
      if (!o) {
        return undefined; // an item was invalidated: the list is incomplete
      }
      values.push(o.value as T);
    }
    return { value: values, fetchedAt: l.fetchedAt, expired: !fresh(l.fetchedAt) };
  }

  function readObject<T>(key: string, requireFresh: boolean): CacheEntry<T> | undefined {
    const o = objects.get(key);
    if (!o || (requireFresh && !fresh(o.fetchedAt))) {
      return undefined;
    }
    return { value: o.value as T, fetchedAt: o.fetchedAt, expired: !fresh(o.fetchedAt) };
  }

  async function getObject<T extends Peer | Container | Project>(
    kind: CachedKind,
    groupId: string,
    id: string,
    fetch: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const key = objectKey(kind, groupId, id);
    const hit = readObject<T>(key, true);
    if (hit) {
      return hit.value;
    }
    return shared(
      key,
      { groupId, ids: [id] },
      async (sig, stillValid) => {
        const value = await fetch(sig);
        if (stillValid()) {
          storeObject(kind, groupId, value, now());
          emit({ kind, groupId, id: value.id } as AtlasCacheEvent);
        }
        return value;
      },
      signal,
    );
  }

  async function getList<T extends Peer | Container | Project>(
    kind: ListEntry['kind'],
    itemKind: CachedKind,
    groupId: string | undefined,
    variant: string,
    fetch: (signal: AbortSignal) => Promise<T[]>,
    signal?: AbortSignal,
  ): Promise<T[]> {
    const key = listKey(kind, groupId, variant);
    const hit = readList<T>(key, true);
    if (hit) {
      return hit.value;
    }
    return shared(
      key,
      { groupId },
      async (sig, stillValid) => {
        const values = await fetch(sig);
        if (stillValid()) {
          const at = now();
          const keys = values.map((v) =>
            storeObject(itemKind, itemKind === 'project' ? v.id : (groupId as string), v, at),
          );
          lists.set(key, { kind, groupId, keys, fetchedAt: at });
          emit(kind === 'projects' ? { kind } : ({ kind, groupId, provider: variant } as AtlasCacheEvent));
        }
        return values;
      },
      signal,
    );
  }

  /** PEER_CREATED is the AWS name; Azure and GCP prefix their own (Atlas's event type list). */
  const PEER_CREATED_EVENTS = ['PEER_CREATED', 'AZURE_PEER_CREATED', 'GCP_PEER_CREATED'];

  async function getProjectRead<T>(
    read: 'accessList' | 'clusters' | 'events',
    groupId: string,
    fetch: (g: string, signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const g = requireAtlasId(groupId, 'project');
    const key = `${read}:${g}`;
    const hit = projectReads.get(key);
    if (hit && fresh(hit.fetchedAt)) {
      return hit.value as T;
    }
    return shared(
      `project-read:${key}`,
      { groupId: g },
      async (sig, stillValid) => {
        const value = await fetch(g, sig);
        if (stillValid()) {
          projectReads.set(key, { groupId: g, value, fetchedAt: now() });
        }
        return value;
      },
      signal,
    );
  }

  function peekProjectRead<T>(read: 'accessList' | 'clusters', groupId: string): CacheEntry<T> | undefined {
    const hit = projectReads.get(`${read}:${groupId.trim()}`);
    return hit && { value: hit.value as T, fetchedAt: hit.fetchedAt, expired: !fresh(hit.fetchedAt) };
  }

  function dropProjectReads(groupId: string | undefined): void {
    for (const [k, r] of projectReads) {
      if (groupId === undefined || r.groupId === groupId) {
        projectReads.delete(k);
      }
    }
    for (const [k, s] of inFlight) {
      if (k.startsWith('project-read:') && (groupId === undefined || s.groupId === groupId)) {
        s.stale = true;
        inFlight.delete(k);
      }
    }
  }

  function providerVariant(provider: unknown, fallback: string): { p: ProviderName | undefined; variant: string } {
    const p = provider === undefined || provider === null ? undefined : asProviderName(provider);
    // Unknown providers go to the client unchanged, which rejects them.
    return {
      p: p ?? (provider as ProviderName | undefined),
      variant: p ?? (provider === undefined || provider === null ? fallback : String(provider)),
    };
  }

  // Organizations change least of all, and Atlas's bucket for /orgs is small (10, refilled 5 a
  // minute: https://www.mongodb.com/docs/atlas/api/api-rate-limit): one read per ORGS_TTL_MS, shared.
  let organizations: { at: number; value: Promise<Organization[]> } | undefined;

  const cache: AtlasCache = {
    client,

    listOrganizations(signal) {
      if (!organizations || now() - organizations.at > ORGS_TTL_MS) {
        const value = client.listOrganizations(signal);
        organizations = { at: now(), value };
        // A failed read is not kept: the next caller asks again.
        value.catch(() => {
          if (organizations?.value === value) {
            organizations = undefined;
          }
        });
      }
      return organizations.value;
    },

    async getPeer(groupId, peerId, signal) {
      const g = requireAtlasId(groupId, 'project');
      const id = requireAtlasId(peerId, 'peer');
      return getObject<Peer>('peer', g, id, (sig) => client.getPeer(g, id, sig), signal);
    },

    async listPeers(groupId, provider, signal) {
      const g = requireAtlasId(groupId, 'project');
      const { p, variant } = providerVariant(provider, 'DEFAULT');
      return getList<Peer>('peers', 'peer', g, variant, (sig) => client.listPeers(g, p, sig), signal);
    },

    async listAllPeers(groupId, signal) {
      const g = requireAtlasId(groupId, 'project');
      // A peer lives in a network container of its provider, so one /containers/all tells which
      // providers can have peers: most projects have none or one, and theirs cost 1 or 2 requests,
      // not one per provider. Per provider after that, so that these share requests and entries
      // with listPeers(g, provider).
      const providers = providersWithContainers(await cache.listContainers(g, undefined, signal));
      return forEachProvider(providers, (p, sig) => cache.listPeers(g, p, sig), signal);
    },

    async listProjects(signal) {
      return getList<Project>('projects', 'project', undefined, 'all', (sig) => client.listProjects(sig), signal);
    },

    async getProject(groupId, signal) {
      const g = requireAtlasId(groupId, 'project');
      return getObject<Project>('project', g, g, (sig) => client.getProject(g, sig), signal);
    },

    async listContainers(groupId, provider, signal) {
      const g = requireAtlasId(groupId, 'project');
      const { p, variant } = providerVariant(provider, 'ALL');
      return getList<Container>(
        'containers',
        'container',
        g,
        variant,
        (sig) => client.listContainers(g, p, sig),
        signal,
      );
    },

    async getContainer(groupId, containerId, signal) {
      const g = requireAtlasId(groupId, 'project');
      const id = requireAtlasId(containerId, 'container');
      return getObject<Container>('container', g, id, (sig) => client.getContainer(g, id, sig), signal);
    },

    getAccessList(groupId, signal) {
      return getProjectRead<AccessListEntry[]>(
        'accessList',
        groupId,
        (g, sig) => client.listAccessList(g, sig),
        signal,
      );
    },

    getClusters(groupId, signal) {
      return getProjectRead<Cluster[]>('clusters', groupId, (g, sig) => client.listClusters(g, sig), signal);
    },

    getPeerEvents(groupId, signal) {
      return getProjectRead<AtlasEvent[]>(
        'events',
        groupId,
        (g, sig) => client.listEvents(g, PEER_CREATED_EVENTS, sig),
        signal,
      );
    },

    peekClusters(groupId) {
      return peekProjectRead<Cluster[]>('clusters', groupId);
    },

    peekAccessList(groupId) {
      return peekProjectRead<AccessListEntry[]>('accessList', groupId);
    },

    invalidateProjectReads(groupId) {
      dropProjectReads(groupId.trim());
    },

    peekPeer(groupId, peerId) {
      return readObject<Peer>(objectKey('peer', groupId.trim(), peerId.trim()), false);
    },

    peekContainer(groupId, containerId) {
      return readObject<Container>(objectKey('container', groupId.trim(), containerId.trim()), false);
    },

    peekProject(groupId) {
      const g = groupId.trim();
      return readObject<Project>(objectKey('project', g, g), false);
    },

    peekProjects() {
      return readList<Project>(listKey('projects', undefined, 'all'), false);
    },

    peekAllPeers(groupId) {
      const containers = readList<Container>(listKey('containers', groupId.trim(), 'ALL'), false);
      if (!containers) {
        return undefined;
      }
      const parts = providersWithContainers(containers.value).map((p) =>
        readList<Peer>(listKey('peers', groupId.trim(), p), false),
      );
      if (parts.some((x) => x === undefined)) {
        return undefined;
      }
      const entries = [containers, ...(parts as CacheEntry<Peer[]>[])];
      const fetchedAt = Math.min(...entries.map((e) => e.fetchedAt));
      return {
        value: (parts as CacheEntry<Peer[]>[]).flatMap((e) => e.value),
        fetchedAt,
        expired: entries.some((e) => e.expired),
      };
    },

    peekContainers(groupId, provider) {
      return readList<Container>(listKey('containers', groupId.trim(), provider ?? 'ALL'), false);
    },

    findById(id) {
      const wanted = id.trim();
      if (/^pcx-/i.test(wanted)) {
        for (const o of objects.values()) {
          if (
            o.kind === 'peer' &&
            (o.value as Peer).providerName === 'AWS' &&
            (o.value as Extract<Peer, { providerName: 'AWS' }>).connectionId === wanted
          ) {
            return { kind: o.kind, groupId: o.groupId, value: o.value };
          }
        }
        return undefined;
      }
      // Projects first: a project's id is also its groupId, and ids are unique across kinds anyway.
      for (const kind of ['project', 'peer', 'container'] as const) {
        for (const o of objects.values()) {
          if (o.kind === kind && o.id === wanted) {
            return { kind: o.kind, groupId: o.groupId, value: o.value };
          }
        }
      }
      return undefined;
    },

    invalidate(scope) {
      if (!scope) {
        organizations = undefined;
      }
      const groupId = scope?.groupId?.trim();
      const id = scope?.id?.trim();
      const hit = (g: string | undefined, i: string | undefined): boolean =>
        (groupId === undefined || g === groupId) && (id === undefined || i === id);
      for (const [k, o] of objects) {
        // A project's own entry goes only when named by id: refreshing a project's connections
        // should not empty the project list.
        if (hit(o.groupId, o.id) && !(o.kind === 'project' && id === undefined && groupId !== undefined)) {
          objects.delete(k);
        }
      }
      for (const [k, l] of lists) {
        // With an id only, lists are left in place: a list missing one of its objects reads as a miss.
        if (id === undefined && (groupId === undefined || l.groupId === groupId)) {
          lists.delete(k);
        }
      }
      if (id === undefined) {
        dropProjectReads(groupId);
      }
      for (const [k, s] of inFlight) {
        const matches =
          (groupId === undefined || s.groupId === groupId) &&
          (id === undefined || s.ids.includes(id) || s.ids.length === 0);
        if (matches) {
          s.stale = true;
          // New callers start a new request instead of joining one that may predate the change.
          inFlight.delete(k);
        }
      }
      emit({ kind: 'invalidated', ...(groupId !== undefined ? { groupId } : {}), ...(id !== undefined ? { id } : {}) });
    },

    onDidUpdate(listener) {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },

    get isDisposed() {
      return disposed;
    },

    dispose() {
      disposed = true;
      for (const s of inFlight.values()) {
        s.ctrl.abort();
      }
      inFlight.clear();
      listeners.clear();
      objects.clear();
      lists.clear();
      projectReads.clear();
    },
  };
  return cache;
}
