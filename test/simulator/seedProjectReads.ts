// The demo seed's access lists, clusters and events: the data behind the "from a status to a
// working connection" steps. Builders only; seed.ts calls them with its own peers and containers,
// so the existing seed ids and counts stay as they were.

import type { AccessListEntryJson, ClusterJson, ClusterRegionConfigJson, EventJson, ProviderName } from './types';

/** Hostnames follow Atlas's `<name>-shard-00-0N.<tag>.mongodb.net` and `<name>-pri` private forms. */
export function cluster(
  id: string,
  name: string,
  tag: string,
  regions: { providerName: ProviderName; regionName: string }[],
  withPrivate: boolean,
): ClusterJson {
  const host = (i: number, pri: string): string => `${name}-shard-00-0${i}${pri}.${tag}.mongodb.net:27017`;
  const seedList = (pri: string): string =>
    `mongodb://${[0, 1, 2].map((i) => host(i, pri)).join(',')}/?ssl=true&authSource=admin&replicaSet=atlas-${tag}-shard-0`;
  const regionConfigs: ClusterRegionConfigJson[] = regions.map((r, i) => ({
    ...r,
    priority: 7 - i,
    electableSpecs: { instanceSize: 'M10', nodeCount: 3 },
  }));
  return {
    id,
    name,
    clusterType: 'REPLICASET',
    stateName: 'IDLE',
    mongoDBMajorVersion: '8.0',
    replicationSpecs: [{ id: `${id.slice(0, 20)}0001`, zoneName: 'Zone 1', regionConfigs }],
    connectionStrings: {
      standard: seedList(''),
      standardSrv: `mongodb+srv://${name}.${tag}.mongodb.net`,
      ...(withPrivate ? { private: seedList('-pri'), privateSrv: `mongodb+srv://${name}-pri.${tag}.mongodb.net` } : {}),
    },
  };
}

/**
 * Production's access list against its AWS peers: billing (172.31.0.0/16) covered by one entry,
 * checkout (172.20.0.0/16) half covered, reporting (172.21.0.0/16) not covered. The IPv6 entry,
 * the single address and the security group must not count for any of them.
 */
export function productionAccessList(): AccessListEntryJson[] {
  return [
    { cidrBlock: '172.31.0.0/16', comment: 'billing VPC' },
    { cidrBlock: '172.20.0.0/17', comment: 'checkout VPC, first half' },
    { cidrBlock: '203.0.113.7/32', ipAddress: '203.0.113.7', comment: 'office' },
    // Uncompressed: the spec's cidrBlock pattern takes IPv6 with a slash only in the 8-group form.
    { cidrBlock: '2001:db8:0:0:0:0:0:0/48', comment: 'IPv6 office range' },
    { awsSecurityGroup: 'sg-0123456789abcdef0', comment: 'app servers' },
  ];
}

export function peerEvent(id: string, eventTypeName: string, created: string, resourceId?: string): EventJson {
  return { id, eventTypeName, created, ...(resourceId ? { resourceId } : {}) };
}
