// Wire shapes the simulator stores and serves. They are the Atlas Admin API v2 JSON objects
// exactly as they go over the wire (the Atlas Admin API v2 OpenAPI spec, https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/), so
// the routes can return stored objects without a mapping layer and seed files can be written by
// copying real responses.

export type ProviderName = 'AWS' | 'AZURE' | 'GCP';

export interface AwsPeerJson {
  id: string;
  containerId: string;
  providerName: 'AWS';
  /** AWS-style region of the customer VPC; null when it is the container's region (as Atlas does). */
  accepterRegionName: string | null;
  awsAccountId: string;
  /** `pcx-…`; absent until AWS has created the request. */
  connectionId?: string;
  errorStateName?: 'REJECTED' | 'EXPIRED' | 'INVALID_ARGUMENT';
  routeTableCidrBlock: string;
  statusName: string;
  vpcId: string;
}

export interface AzurePeerJson {
  id: string;
  containerId: string;
  providerName: 'AZURE';
  azureDirectoryId: string;
  azureSubscriptionId: string;
  errorState?: string;
  resourceGroupName: string;
  status: string;
  vnetName: string;
}

export interface GcpPeerJson {
  id: string;
  containerId: string;
  providerName: 'GCP';
  errorMessage?: string;
  gcpProjectId: string;
  networkName: string;
  status: string;
}

export type PeerJson = AwsPeerJson | AzurePeerJson | GcpPeerJson;

export interface AwsContainerJson {
  id: string;
  providerName: 'AWS';
  atlasCidrBlock: string;
  provisioned: boolean;
  /** Atlas-style region (US_EAST_1). */
  regionName: string;
  /** The Atlas-side VPC. */
  vpcId: string;
}

export interface AzureContainerJson {
  id: string;
  providerName: 'AZURE';
  atlasCidrBlock: string;
  provisioned: boolean;
  region: string;
  /** Atlas-side subscription: 24 hex, not a UUID. */
  azureSubscriptionId: string;
  vnetName: string;
}

export interface GcpContainerJson {
  id: string;
  providerName: 'GCP';
  atlasCidrBlock: string;
  provisioned: boolean;
  /** Atlas-side project, `p-` + 24 [0-9a-z]. */
  gcpProjectId: string;
  /** Atlas-side network, `nt-` + 24 hex + `-` + 8 [0-9a-z]. */
  networkName: string;
  regions: string[];
}

export type ContainerJson = AwsContainerJson | AzureContainerJson | GcpContainerJson;

export interface ResourceTag {
  key: string;
  value: string;
}

/**
 * One project of a seed. `links` are not stored: the server builds them from its own URL.
 */
export interface SeedProject {
  id: string;
  name: string;
  /** Defaults to SeedData.orgId. */
  orgId?: string;
  /** ISO 8601; defaults to a fixed date so responses are stable. */
  created?: string;
  clusterCount?: number;
  tags?: ResourceTag[];
  withDefaultAlertsSettings?: boolean;
  containers: ContainerJson[];
  peers: PeerJson[];
  /** GET /groups/{groupId}/accessList; none when omitted. */
  accessList?: AccessListEntryJson[];
  /** GET /groups/{groupId}/clusters; none when omitted. */
  clusters?: ClusterJson[];
  /** GET /groups/{groupId}/events, oldest first as stored (served newest first). */
  events?: EventJson[];
}

/**
 * The shape of a seed, in memory or in a JSON file given with `dataFile` / `--data`:
 *
 * {
 *   "orgId": "24-hex org id (optional)",
 *   "projects": [
 *     { "id": "24 hex", "name": "Production", "orgId"?: "...", "created"?: "2024-01-01T00:00:00Z",
 *       "clusterCount"?: 3, "tags"?: [{ "key": "env", "value": "prod" }], "withDefaultAlertsSettings"?: true,
 *       "containers": [ <CloudProviderContainer JSON as Atlas returns it, with providerName> ],
 *       "peers": [ <BaseNetworkPeeringConnectionSettings JSON as Atlas returns it, with providerName> ] }
 *   ]
 * }
 */
export interface SeedData {
  orgId?: string;
  /** Names of the organizations GET /orgs lists (the default org is "Demo Organization"). */
  orgs?: { id: string; name: string }[];
  projects: SeedProject[];
}

/** One IP access list entry (NetworkPermissionEntry) as stored; the server adds groupId and links. */
export interface AccessListEntryJson {
  /** Atlas sets cidrBlock `a.b.c.d/32` beside ipAddress for a single address. */
  cidrBlock?: string;
  ipAddress?: string;
  awsSecurityGroup?: string;
  comment?: string;
}

export interface ClusterRegionConfigJson {
  providerName: ProviderName;
  /** Atlas-style region: US_EAST_1 (AWS), US_EAST_2 (Azure), CENTRAL_US (GCP). */
  regionName: string;
  priority: number;
  electableSpecs: { instanceSize: string; nodeCount: number };
}

/** A cluster (ClusterDescription20240805) as stored; the server adds groupId and may drop private strings. */
export interface ClusterJson {
  id: string;
  name: string;
  clusterType: 'REPLICASET' | 'SHARDED' | 'GEOSHARDED';
  stateName: string;
  mongoDBMajorVersion: string;
  replicationSpecs: { id: string; zoneName: string; regionConfigs: ClusterRegionConfigJson[] }[];
  connectionStrings: { standard: string; standardSrv: string; private?: string; privateSrv?: string };
}

/** A project event (EventViewForNdsGroup) as stored; the server adds groupId. */
export interface EventJson {
  id: string;
  eventTypeName: string;
  /** ISO 8601 UTC. */
  created: string;
  /** The peer the event is about (a simulator choice: which field Atlas fills for peer events is not documented). */
  resourceId?: string;
}
