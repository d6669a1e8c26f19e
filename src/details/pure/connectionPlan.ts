// What the application needs beyond the peering itself: which connection string works over it per
// cluster, which cluster regions have no peering, the Atlas side of the network (CIDR, whether it
// can still change, its size) and the project's peer count against Atlas's limits. Facts from
// MongoDB's VPC peering page, https://www.mongodb.com/docs/atlas/security-vpc-peering/. Plain text out.
import { Container, Peer, ProviderName } from '../../atlas/models';
import { Cluster } from '../../atlas/projectModels';
import { parseCidr } from '../../util/cidr';

export interface ClusterConnection {
  clusterName: string;
  /** The string to use over this peering, or null when Atlas has not published it (yet). */
  uri: string | null;
  kind: 'standard' | 'privateSrv' | 'private';
  note: string | null;
}

/**
 * AWS peering uses the standard string (unless custom DNS); Azure and GCP use the private-IP-for-
 * peering strings, which on GCP appear only once the peering is AVAILABLE. Clusters on no region of
 * the peer's provider are left out: this peering does not reach them.
 */
export function connectionStringsFor(peer: Peer, clusters: readonly Cluster[]): ClusterConnection[] {
  return clusters
    .filter((c) => c.regions.some((r) => r.providerName === peer.providerName))
    .map((c): ClusterConnection => {
      const cs = c.connectionStrings;
      if (peer.providerName === 'AWS') {
        return { clusterName: c.name, uri: cs.standardSrv ?? cs.standard, kind: 'standard', note: null };
      }
      const uri = cs.privateSrv ?? cs.private;
      const waiting =
        peer.providerName === 'GCP' && uri === null
          ? 'On GCP, Atlas publishes the private-IP-for-peering string only once the peering is AVAILABLE.'
          : null;
      return {
        clusterName: c.name,
        uri,
        kind: cs.privateSrv ? 'privateSrv' : 'private',
        note: waiting ?? (uri === null ? 'Atlas has not published a private-IP-for-peering string yet.' : null),
      };
    });
}

/**
 * AWS and Azure need one peering per Atlas region the clusters use (GCP peers globally): the
 * cluster regions of `provider` with no container that has a peer of this project.
 */
export function regionsWithoutPeering(
  provider: ProviderName,
  clusters: readonly Cluster[],
  containers: readonly Container[],
  peers: readonly Peer[],
): string[] {
  if (provider === 'GCP') {
    return [];
  }
  const peered = new Set(
    containers
      .filter((k) => k.providerName === provider && peers.some((p) => p.containerId === k.id))
      .map((k) => (k.providerName === 'AWS' ? k.regionName : k.providerName === 'AZURE' ? k.region : null)),
  );
  const used = clusters.flatMap((c) => c.regions.filter((r) => r.providerName === provider).map((r) => r.regionName));
  return [...new Set(used)].filter((r) => !peered.has(r)).sort();
}

export interface AtlasSide {
  atlasCidrBlock: string | null;
  /** Atlas lets the CIDR change only while the project has no M10+ cluster and no peering. */
  changeable: boolean;
  addresses: number | null;
  /** GCP containers need at least a /18. */
  belowGcpMinimum: boolean;
}

export function atlasSide(container: Container, projectPeers: number, dedicatedClusters: number): AtlasSide {
  const cidr = parseCidr(container.atlasCidrBlock);
  const prefix = cidr?.version === 4 ? cidr.prefix : null;
  return {
    atlasCidrBlock: container.atlasCidrBlock,
    changeable: projectPeers === 0 && dedicatedClusters === 0,
    addresses: prefix === null ? null : 2 ** (32 - prefix),
    belowGcpMinimum: container.providerName === 'GCP' && prefix !== null && prefix > 18,
  };
}

/** Atlas allows 50 peering connections per project, at most 25 of them pending. */
export const PEER_LIMITS = { total: 50, pending: 25 } as const;

export function peerCounts(peers: readonly Peer[]): { total: number; pending: number; atLimit: boolean } {
  const pending = peers.filter((p) => p.category === 'needsAction' || p.category === 'inProgress').length;
  return {
    total: peers.length,
    pending,
    atLimit: peers.length >= PEER_LIMITS.total || pending >= PEER_LIMITS.pending,
  };
}
