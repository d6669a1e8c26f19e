// The client's project reads beside peering (access list, clusters, events), over the client's own
// paginated listAll, so ids are validated and pages capped exactly as for peers.

import { AccessListEntry, AtlasEvent, Cluster, parseAccessListEntry, parseCluster, parseEvent } from './projectModels';
import { requireAtlasId } from './validate';

/** listClusters with regionConfigs and connection strings is versioned 2024-08-05 in the spec. */
export const ATLAS_CLUSTERS_ACCEPT = 'application/vnd.atlas.2024-08-05+json';

/** The project reads behind the next steps: access list, clusters, events (all pages). */
export interface AtlasProjectReads {
  listAccessList(groupId: string, signal?: AbortSignal): Promise<AccessListEntry[]>;
  listClusters(groupId: string, signal?: AbortSignal): Promise<Cluster[]>;
  /** Newest first, as Atlas lists them; `eventTypes` narrows them (repeated eventType parameters). */
  listEvents(groupId: string, eventTypes?: readonly string[], signal?: AbortSignal): Promise<AtlasEvent[]>;
}

/** Query parameters; an array repeats the parameter. */
export type Query = Record<string, string | number | boolean | readonly string[] | undefined>;

export type ListAll = <T>(
  path: string,
  query: Query,
  parse: (item: unknown) => T,
  signal?: AbortSignal,
  accept?: string,
) => Promise<T[]>;

export function projectReads(listAll: ListAll): AtlasProjectReads {
  return {
    async listAccessList(groupId, signal) {
      const gid = requireAtlasId(groupId, 'project');
      return listAll(`/groups/${gid}/accessList`, {}, parseAccessListEntry, signal);
    },

    async listClusters(groupId, signal) {
      const gid = requireAtlasId(groupId, 'project');
      return listAll(`/groups/${gid}/clusters`, {}, parseCluster, signal, ATLAS_CLUSTERS_ACCEPT);
    },

    async listEvents(groupId, eventTypes, signal) {
      const gid = requireAtlasId(groupId, 'project');
      // Event type names go into the query: keep them to Atlas's own alphabet.
      const types = (eventTypes ?? []).filter((t) => /^[A-Z0-9_]{1,100}$/.test(t));
      return listAll(`/groups/${gid}/events`, { eventType: types }, parseEvent, signal);
    },
  };
}
