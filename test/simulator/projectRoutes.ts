// The project reads beside peering: the IP access list, clusters and project events. Each returns
// the items of one list (the server paginates them) as Atlas would serve them for this project.

import type { ProjectRecord } from './data';
import type { ClusterJson, EventJson } from './types';

export const PROJECT_READS = new Set(['accessList', 'clusters', 'events']);

/**
 * listClusters exists in the spec excerpt only as version 2024-08-05 (ClusterDescription20240805);
 * Atlas resolves a requested date to the newest version on or before it, so an older date would
 * get a legacy shape the simulator does not serve.
 */
export const CLUSTERS_VERSION = '2024-08-05';

export function acceptsClustersVersion(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((part) => {
    const m = /^application\/vnd\.atlas\.(\d{4}-\d{2}-\d{2})\+json$/i.exec(part.split(';')[0].trim());
    return m !== null && m[1] >= CLUSTERS_VERSION;
  });
}

/**
 * On GCP the private-IP-for-peering strings appear only once the project's peering is AVAILABLE
 * (MongoDB's VPC peering page, https://www.mongodb.com/docs/atlas/security-vpc-peering/), so a GCP
 * cluster loses them while no GCP peer of the project is AVAILABLE.
 */
function servedCluster(project: ProjectRecord, cluster: ClusterJson): Record<string, unknown> {
  const onGcp = cluster.replicationSpecs.some((s) => s.regionConfigs.some((r) => r.providerName === 'GCP'));
  const gcpAvailable = project.peers.some((p) => p.providerName === 'GCP' && p.status === 'AVAILABLE');
  const connectionStrings: Record<string, string | undefined> = { ...cluster.connectionStrings };
  if (onGcp && !gcpAvailable) {
    delete connectionStrings.private;
    delete connectionStrings.privateSrv;
  }
  return { ...cluster, groupId: project.id, connectionStrings };
}

function servedEvents(project: ProjectRecord, eventTypes: string[]): Record<string, unknown>[] {
  const wanted = new Set(eventTypes.map((t) => t.toUpperCase()));
  return project.events
    .filter((e: EventJson) => wanted.size === 0 || wanted.has(e.eventTypeName))
    .sort((a, b) => b.created.localeCompare(a.created))
    .map((e) => ({ ...e, groupId: project.id }));
}

/** The items of GET /groups/{groupId}/{read}, before pagination. */
export function projectReadItems(project: ProjectRecord, read: string, query: URLSearchParams): unknown[] {
  switch (read) {
    case 'accessList':
      return project.accessList.map((e) => ({ ...e, groupId: project.id }));
    case 'clusters':
      return project.clusters.map((c) => servedCluster(project, c));
    default:
      // eventType repeats for several types (eventType=A&eventType=B), as the spec's array parameter.
      return servedEvents(project, query.getAll('eventType'));
  }
}
