// The public shape of the Atlas cache (src/atlas/cache.ts builds it). Pure: no `vscode` import.

import type { AtlasClient, AtlasReads } from './client';
import type { Container, Peer, Project, ProviderName } from './models';
import type { AccessListEntry, AtlasEvent, Cluster } from './projectModels';

export interface CacheEntry<T> {
  value: T;
  /** Date.now() when the value arrived. */
  fetchedAt: number;
  /** True once older than ttlMs (peek still returns it; the read methods refetch). */
  expired: boolean;
}

export type CachedKind = 'peer' | 'container' | 'project';

export interface FoundById {
  kind: CachedKind;
  /** The project; for a project, its own id. */
  groupId: string;
  value: Peer | Container | Project;
}

export type AtlasCacheEvent =
  | { kind: 'peer' | 'container'; groupId: string; id: string }
  | { kind: 'project'; groupId: string; id: string }
  | { kind: 'peers' | 'containers'; groupId: string; provider: ProviderName | 'ALL' | 'DEFAULT' }
  | { kind: 'projects' }
  | { kind: 'invalidated'; groupId?: string; id?: string };

export interface Disposable {
  dispose(): void;
}

export interface AtlasCacheOptions {
  ttlMs: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface AtlasCache extends AtlasReads {
  readonly client: AtlasClient;

  peekPeer(groupId: string, peerId: string): CacheEntry<Peer> | undefined;
  peekContainer(groupId: string, containerId: string): CacheEntry<Container> | undefined;
  peekProject(groupId: string): CacheEntry<Project> | undefined;
  peekProjects(): CacheEntry<Project[]> | undefined;
  /** All three providers, when each has been listed. */
  peekAllPeers(groupId: string): CacheEntry<Peer[]> | undefined;
  peekContainers(groupId: string, provider?: ProviderName): CacheEntry<Container[]> | undefined;
  /** A cached peer, container or project by its Atlas id (or a peer by its AWS pcx-… connection id). */
  findById(id: string): FoundById | undefined;

  /**
   * No scope: everything. groupId: what that project holds (peers, containers, their lists), not
   * the project entry itself. id: that object (a project's id names the project). Both: that object
   * in that project.
   */
  invalidate(scope?: { groupId?: string; id?: string }): void;

  /**
   * The project reads behind the next steps, one entry per project: they are read only by an open
   * details panel or a tree refresh, so each costs at most one request per project until it expires
   * or is invalidated (invalidate() with no id, or invalidateProjectReads).
   */
  getAccessList(groupId: string, signal?: AbortSignal): Promise<AccessListEntry[]>;
  getClusters(groupId: string, signal?: AbortSignal): Promise<Cluster[]>;
  /** The project's peer creation events (PEER_CREATED and its Azure and GCP forms). */
  getPeerEvents(groupId: string, signal?: AbortSignal): Promise<AtlasEvent[]>;
  peekClusters(groupId: string): CacheEntry<Cluster[]> | undefined;
  peekAccessList(groupId: string): CacheEntry<AccessListEntry[]> | undefined;
  invalidateProjectReads(groupId: string): void;
  onDidUpdate(listener: (event: AtlasCacheEvent) => void): Disposable;
  /** True once dispose() ran (a session reset): watchers drop what they hold for it. */
  readonly isDisposed: boolean;
  dispose(): void;
}
