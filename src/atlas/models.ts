// Typed models of the Atlas Admin API v2 peering, container and project resources
// (the official OpenAPI spec, https://github.com/mongodb/atlas-sdk-go/tree/main/openapi; the excerpt the
// simulator is checked against is test/unit/simulator/fixtures/atlas-openapi-peering.yaml). Pure: no `vscode` import.
//
// Parsing never throws: Atlas has changed these shapes over time (providerName was once missing,
// nulls appear where the spec says string), so every field is read defensively, unknown fields are
// kept in `extra`, and the untouched JSON is kept in `raw` for the raw view.

export type ProviderName = 'AWS' | 'AZURE' | 'GCP';
export const PROVIDERS: readonly ProviderName[] = ['AWS', 'AZURE', 'GCP'];

export const PROVIDER_LABELS: Record<ProviderName, string> = { AWS: 'AWS', AZURE: 'Azure', GCP: 'Google Cloud' };

/** What a status means for the user, across the three providers' status enums. */
export type StatusCategory = 'ready' | 'inProgress' | 'needsAction' | 'failed' | 'deleting' | 'unknown';

export const AWS_STATUSES = [
  'INITIATING',
  'PENDING_ACCEPTANCE',
  'FAILED',
  'FINALIZING',
  'AVAILABLE',
  'TERMINATING',
] as const;
export const AZURE_STATUSES = ['ADDING_PEER', 'AVAILABLE', 'FAILED', 'DELETION_FAILED', 'DELETING'] as const;
export const GCP_STATUSES = ['ADDING_PEER', 'WAITING_FOR_USER', 'AVAILABLE', 'FAILED', 'DELETING'] as const;
export const AWS_ERROR_STATES = ['REJECTED', 'EXPIRED', 'INVALID_ARGUMENT'] as const;

const CATEGORY_OF_STATUS: Record<string, StatusCategory> = {
  AVAILABLE: 'ready',
  INITIATING: 'inProgress',
  FINALIZING: 'inProgress',
  ADDING_PEER: 'inProgress',
  PENDING_ACCEPTANCE: 'needsAction',
  WAITING_FOR_USER: 'needsAction',
  FAILED: 'failed',
  DELETION_FAILED: 'failed',
  TERMINATING: 'deleting',
  DELETING: 'deleting',
};

export function statusCategory(status: string | null | undefined): StatusCategory {
  if (!status) {
    return 'unknown';
  }
  return CATEGORY_OF_STATUS[status.toUpperCase()] ?? 'unknown';
}

/** Higher is worse; a project's icon shows its worst connection. */
const SEVERITY: Record<StatusCategory, number> = {
  ready: 0,
  unknown: 1,
  deleting: 2,
  inProgress: 3,
  needsAction: 4,
  failed: 5,
};

export function worstCategory(categories: Iterable<StatusCategory>): StatusCategory | undefined {
  let worst: StatusCategory | undefined;
  for (const c of categories) {
    if (worst === undefined || SEVERITY[c] > SEVERITY[worst]) {
      worst = c;
    }
  }
  return worst;
}

/** Statuses that change on their own; the UI polls while a connection is in one. */
export function isTransitional(category: StatusCategory): boolean {
  return category === 'inProgress' || category === 'deleting';
}

export const STATUS_CATEGORY_LABELS: Record<StatusCategory, string> = {
  ready: 'Ready',
  inProgress: 'In progress',
  needsAction: 'Needs your action',
  failed: 'Failed',
  deleting: 'Deleting',
  unknown: 'Unknown',
};

interface PeerBase {
  /** Atlas peer id (24 hex); '' when the response lacked it. */
  id: string;
  containerId: string;
  providerName: ProviderName;
  /** True when `providerName` was missing and inferred from the fields (older responses). */
  providerInferred: boolean;
  /** `statusName` (AWS) or `status` (Azure, GCP), whichever is set. */
  status: string | null;
  category: StatusCategory;
  /** `errorStateName`, `errorState` or `errorMessage`, whichever is set. */
  errorText: string | null;
  /** Fields the schema does not name, kept as they came. */
  extra: Record<string, unknown>;
  /** The JSON object exactly as Atlas returned it. */
  raw: unknown;
}

export interface AwsPeer extends PeerBase {
  providerName: 'AWS';
  accepterRegionName: string | null;
  awsAccountId: string | null;
  connectionId: string | null;
  errorStateName: string | null;
  routeTableCidrBlock: string | null;
  statusName: string | null;
  vpcId: string | null;
}

export interface AzurePeer extends PeerBase {
  providerName: 'AZURE';
  azureDirectoryId: string | null;
  azureSubscriptionId: string | null;
  errorState: string | null;
  resourceGroupName: string | null;
  vnetName: string | null;
}

export interface GcpPeer extends PeerBase {
  providerName: 'GCP';
  errorMessage: string | null;
  gcpProjectId: string | null;
  networkName: string | null;
}

export type Peer = AwsPeer | AzurePeer | GcpPeer;

interface ContainerBase {
  id: string;
  providerName: ProviderName;
  atlasCidrBlock: string | null;
  provisioned: boolean | null;
  extra: Record<string, unknown>;
  raw: unknown;
}

export interface AwsContainer extends ContainerBase {
  providerName: 'AWS';
  /** Atlas-style region, e.g. US_EAST_1. */
  regionName: string | null;
  /** The Atlas-side VPC. */
  vpcId: string | null;
}

export interface AzureContainer extends ContainerBase {
  providerName: 'AZURE';
  region: string | null;
  /** Atlas-side subscription: a 24-hex Atlas id, not a UUID. */
  azureSubscriptionId: string | null;
  vnetName: string | null;
}

export interface GcpContainer extends ContainerBase {
  providerName: 'GCP';
  /** Atlas-side GCP project, needed for the reciprocal peering. */
  gcpProjectId: string | null;
  networkName: string | null;
  regions: string[];
}

export type Container = AwsContainer | AzureContainer | GcpContainer;

export interface Project {
  id: string;
  name: string;
  orgId: string | null;
  clusterCount: number | null;
  created: string | null;
  extra: Record<string, unknown>;
  raw: unknown;
}

// ---------------------------------------------------------------------------------------------
// Parsing

export type Json = Record<string, unknown>;

export function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

export function str(o: Json, key: string): string | null {
  const v = o[key];
  if (typeof v === 'string') {
    return v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') {
    return String(v);
  }
  return null;
}

function bool(o: Json, key: string): boolean | null {
  const v = o[key];
  return typeof v === 'boolean' ? v : null;
}

function num(o: Json, key: string): number | null {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function extraFields(o: Json, known: readonly string[]): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!known.includes(k)) {
      extra[k] = v;
    }
  }
  return extra;
}

export function asProviderName(value: unknown): ProviderName | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const upper = value.toUpperCase();
  return upper === 'AWS' || upper === 'AZURE' || upper === 'GCP' ? upper : undefined;
}

const PEER_COMMON = ['id', 'containerId', 'providerName'] as const;
const AWS_PEER_FIELDS = [
  ...PEER_COMMON,
  'accepterRegionName',
  'awsAccountId',
  'connectionId',
  'errorStateName',
  'routeTableCidrBlock',
  'statusName',
  'vpcId',
];
const AZURE_PEER_FIELDS = [
  ...PEER_COMMON,
  'azureDirectoryId',
  'azureSubscriptionId',
  'errorState',
  'resourceGroupName',
  'status',
  'vnetName',
];
const GCP_PEER_FIELDS = [...PEER_COMMON, 'errorMessage', 'gcpProjectId', 'networkName', 'status'];

/**
 * The provider of a peer: its `providerName`, else the provider the list was queried for, else
 * inferred from its fields as Terraform's plural data source does (vnetName → Azure,
 * networkName/gcpProjectId → GCP, otherwise AWS).
 */
function peerProvider(o: Json, queried?: ProviderName): { provider: ProviderName; inferred: boolean } {
  const named = asProviderName(o.providerName);
  if (named) {
    return { provider: named, inferred: false };
  }
  if (queried) {
    return { provider: queried, inferred: true };
  }
  if (o.vnetName != null || o.azureDirectoryId != null) {
    return { provider: 'AZURE', inferred: true };
  }
  if (o.networkName != null || o.gcpProjectId != null) {
    return { provider: 'GCP', inferred: true };
  }
  return { provider: 'AWS', inferred: true };
}

export function parsePeer(json: unknown, queriedProvider?: ProviderName): Peer {
  const o = asObject(json);
  const { provider, inferred } = peerProvider(o, queriedProvider);
  // statusName is AWS's field, status Azure's and GCP's; read both, as the Kubernetes operator does.
  const status = str(o, 'statusName') ?? str(o, 'status');
  const errorText = str(o, 'errorStateName') ?? str(o, 'errorState') ?? str(o, 'errorMessage');
  const base = {
    id: str(o, 'id') ?? '',
    containerId: str(o, 'containerId') ?? '',
    providerInferred: inferred,
    status,
    category: statusCategory(status),
    errorText,
    raw: json,
  };
  // Object.assign, not `{ ...base, more }`: V8 adds each property after a spread one at a time through
  // its runtime, which made parsing ~15x slower (9 µs a peer; npm run bench).
  switch (provider) {
    case 'AWS':
      return Object.assign(base, {
        providerName: 'AWS' as const,
        accepterRegionName: str(o, 'accepterRegionName'),
        awsAccountId: str(o, 'awsAccountId'),
        connectionId: str(o, 'connectionId'),
        errorStateName: str(o, 'errorStateName'),
        routeTableCidrBlock: str(o, 'routeTableCidrBlock'),
        statusName: str(o, 'statusName'),
        vpcId: str(o, 'vpcId'),
        extra: extraFields(o, AWS_PEER_FIELDS),
      });
    case 'AZURE':
      return Object.assign(base, {
        providerName: 'AZURE' as const,
        azureDirectoryId: str(o, 'azureDirectoryId'),
        azureSubscriptionId: str(o, 'azureSubscriptionId'),
        errorState: str(o, 'errorState'),
        resourceGroupName: str(o, 'resourceGroupName'),
        vnetName: str(o, 'vnetName'),
        extra: extraFields(o, AZURE_PEER_FIELDS),
      });
    case 'GCP':
      return Object.assign(base, {
        providerName: 'GCP' as const,
        errorMessage: str(o, 'errorMessage'),
        gcpProjectId: str(o, 'gcpProjectId'),
        networkName: str(o, 'networkName'),
        extra: extraFields(o, GCP_PEER_FIELDS),
      });
  }
}

/** The name users know a connection by: the VPC id, VNet name or network name. */
export function peerLabel(peer: Peer): string {
  const name =
    peer.providerName === 'AWS' ? peer.vpcId : peer.providerName === 'AZURE' ? peer.vnetName : peer.networkName;
  return name || peer.id || '(unnamed connection)';
}

const CONTAINER_COMMON = ['id', 'providerName', 'atlasCidrBlock', 'provisioned'] as const;

export function parseContainer(json: unknown, queriedProvider?: ProviderName): Container {
  const o = asObject(json);
  const provider =
    asProviderName(o.providerName) ??
    queriedProvider ??
    (o.vnetName != null || o.region != null
      ? 'AZURE'
      : o.networkName != null || o.gcpProjectId != null
        ? 'GCP'
        : 'AWS');
  const base = {
    id: str(o, 'id') ?? '',
    atlasCidrBlock: str(o, 'atlasCidrBlock'),
    provisioned: bool(o, 'provisioned'),
    raw: json,
  };
  switch (provider) {
    case 'AWS':
      return Object.assign(base, {
        providerName: 'AWS' as const,
        regionName: str(o, 'regionName'),
        vpcId: str(o, 'vpcId'),
        extra: extraFields(o, [...CONTAINER_COMMON, 'regionName', 'vpcId']),
      });
    case 'AZURE':
      return Object.assign(base, {
        providerName: 'AZURE' as const,
        region: str(o, 'region'),
        azureSubscriptionId: str(o, 'azureSubscriptionId'),
        vnetName: str(o, 'vnetName'),
        extra: extraFields(o, [...CONTAINER_COMMON, 'region', 'azureSubscriptionId', 'vnetName']),
      });
    case 'GCP':
      return Object.assign(base, {
        providerName: 'GCP' as const,
        gcpProjectId: str(o, 'gcpProjectId'),
        networkName: str(o, 'networkName'),
        regions: Array.isArray(o.regions) ? o.regions.filter((r): r is string => typeof r === 'string') : [],
        extra: extraFields(o, [...CONTAINER_COMMON, 'gcpProjectId', 'networkName', 'regions']),
      });
  }
}

/** The container's region in Atlas style, whichever provider field holds it. */
export function containerRegion(container: Container): string | null {
  switch (container.providerName) {
    case 'AWS':
      return container.regionName;
    case 'AZURE':
      return container.region;
    case 'GCP':
      return container.regions.length > 0 ? container.regions.join(', ') : null;
  }
}

export function parseProject(json: unknown): Project {
  const o = asObject(json);
  const id = str(o, 'id') ?? '';
  return {
    id,
    name: str(o, 'name') ?? id,
    orgId: str(o, 'orgId'),
    clusterCount: num(o, 'clusterCount'),
    created: str(o, 'created'),
    extra: extraFields(o, ['id', 'name', 'orgId', 'clusterCount', 'created']),
    raw: json,
  };
}

/**
 * AtlasOrganization (listOrgs, https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/operation/operation-listorgs):
 * id (24-hex), name, isDeleted; the rest stays in raw.
 */
export interface Organization {
  id: string;
  name: string;
  isDeleted: boolean;
  raw: unknown;
}

export function parseOrganization(json: unknown): Organization {
  const o = asObject(json);
  const id = str(o, 'id') ?? '';
  return { id, name: str(o, 'name') ?? id, isDeleted: o.isDeleted === true, raw: json };
}

/** Atlas region names (US_EAST_1) in AWS style (us-east-1), for accepterRegionName's fallback. */
export function atlasRegionToAws(regionName: string | null): string | null {
  return regionName ? regionName.toLowerCase().replace(/_/g, '-') : null;
}

// ---------------------------------------------------------------------------------------------
// Pages (PaginatedContainerPeerView, PaginatedCloudProviderContainerView, PaginatedAtlasGroupView)

export interface PageLink {
  href: string;
  rel: string;
}

export interface Page<T> {
  results: T[];
  /** Atlas's estimate of the total; null when the response omitted it (includeCount=false). */
  totalCount: number | null;
  links: PageLink[];
  /** True when the page carries a `next` link. */
  hasNext: boolean;
}

/** Parses a paginated list body. Never throws: a body without `results` is an empty page. */
export function parsePage<T>(json: unknown, parseItem: (item: unknown) => T): Page<T> {
  const o = asObject(json);
  const items = Array.isArray(o.results) ? o.results : [];
  const links = Array.isArray(o.links)
    ? o.links
        .map(asObject)
        .filter((l) => typeof l.href === 'string' && typeof l.rel === 'string')
        .map((l) => ({ href: l.href as string, rel: l.rel as string }))
    : [];
  const total = num(o, 'totalCount');
  return {
    results: items.map(parseItem),
    totalCount: total !== null && total >= 0 ? total : null,
    links,
    hasNext: links.some((l) => l.rel === 'next'),
  };
}
