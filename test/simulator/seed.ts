// Seed data: the 'demo' and 'empty' seeds, a large synthetic seed for benchmarks, and loading a
// seed from a JSON file. Every id is derived from a label with a hash, so ids look like real
// Atlas ids (24 lowercase hex) yet stay identical across runs and machines — tests, screenshots
// and the demo can name them.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cluster, peerEvent, productionAccessList } from './seedProjectReads';
import type {
  AwsContainerJson,
  AwsPeerJson,
  AzureContainerJson,
  AzurePeerJson,
  ContainerJson,
  GcpContainerJson,
  GcpPeerJson,
  PeerJson,
  SeedData,
  SeedProject,
} from './types';

function digest(label: string): string {
  return createHash('sha256').update(`atlas-sim:${label}`).digest('hex');
}

/** A deterministic 24-hex Atlas id for a label. */
export function atlasId(label: string): string {
  return digest(label).slice(0, 24);
}

function hex(label: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) {
    out += digest(`${label}#${i}`);
  }
  return out.slice(0, length);
}

/** Lowercase base-36 characters, for GCP's `p-…` and `nt-…-xxxxxxxx` names. */
function base36(label: string, length: number): string {
  const h = hex(label, length * 2);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += (parseInt(h.slice(i * 2, i * 2 + 2), 16) % 36).toString(36);
  }
  return out;
}

function digits(label: string, length: number): string {
  return hex(label, length)
    .split('')
    .map((c) => String(parseInt(c, 16) % 10))
    .join('');
}

function uuid(label: string): string {
  const h = hex(label, 32);
  // Version 4 / RFC 4122 variant bits, so the value looks like what Azure hands out.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Builders (exported so tests can add realistic objects through data.addPeer)

export function awsContainer(label: string, regionName: string, atlasCidrBlock: string): AwsContainerJson {
  return {
    id: atlasId(`container:${label}`),
    providerName: 'AWS',
    atlasCidrBlock,
    provisioned: true,
    regionName,
    vpcId: `vpc-${hex(`vpc:${label}`, 17)}`,
  };
}

export function azureContainer(label: string, region: string, atlasCidrBlock: string): AzureContainerJson {
  const id = atlasId(`container:${label}`);
  return {
    id,
    providerName: 'AZURE',
    atlasCidrBlock,
    provisioned: true,
    region,
    azureSubscriptionId: atlasId(`azure-sub:${label}`),
    vnetName: `vnet_${id}_${base36(`vnet:${label}`, 8)}`,
  };
}

export function gcpContainer(label: string, regions: string[], atlasCidrBlock: string): GcpContainerJson {
  return {
    id: atlasId(`container:${label}`),
    providerName: 'GCP',
    atlasCidrBlock,
    provisioned: true,
    gcpProjectId: `p-${base36(`gcp-project:${label}`, 24)}`,
    networkName: `nt-${hex(`gcp-net:${label}`, 24)}-${base36(`gcp-net-suffix:${label}`, 8)}`,
    regions,
  };
}

export function awsPeer(
  label: string,
  container: AwsContainerJson,
  fields: {
    statusName: string;
    accepterRegionName?: string | null;
    routeTableCidrBlock?: string;
    errorStateName?: AwsPeerJson['errorStateName'];
    connectionId?: string | null;
  },
): AwsPeerJson {
  const peer: AwsPeerJson = {
    id: atlasId(`peer:${label}`),
    containerId: container.id,
    providerName: 'AWS',
    accepterRegionName: fields.accepterRegionName === undefined ? 'us-west-2' : fields.accepterRegionName,
    awsAccountId: digits(`aws-account:${label}`, 12),
    routeTableCidrBlock: fields.routeTableCidrBlock ?? '172.31.0.0/16',
    statusName: fields.statusName,
    vpcId: `vpc-${hex(`peer-vpc:${label}`, 17)}`,
  };
  // AWS only has a pcx- id once Atlas has sent the request; INITIATING peers have none yet.
  if (fields.connectionId !== null && fields.statusName !== 'INITIATING') {
    peer.connectionId = fields.connectionId ?? `pcx-${hex(`pcx:${label}`, 17)}`;
  }
  if (fields.errorStateName) {
    peer.errorStateName = fields.errorStateName;
  }
  return peer;
}

export function azurePeer(
  label: string,
  container: AzureContainerJson,
  fields: { status: string; errorState?: string; resourceGroupName?: string; vnetName?: string },
): AzurePeerJson {
  const peer: AzurePeerJson = {
    id: atlasId(`peer:${label}`),
    containerId: container.id,
    providerName: 'AZURE',
    azureDirectoryId: uuid(`azure-dir:${label}`),
    azureSubscriptionId: uuid(`azure-sub-peer:${label}`),
    resourceGroupName: fields.resourceGroupName ?? `rg-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
    status: fields.status,
    vnetName: fields.vnetName ?? `vnet-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
  };
  if (fields.errorState) {
    peer.errorState = fields.errorState;
  }
  return peer;
}

export function gcpPeer(
  label: string,
  container: GcpContainerJson,
  fields: { status: string; errorMessage?: string; gcpProjectId?: string; networkName?: string },
): GcpPeerJson {
  const peer: GcpPeerJson = {
    id: atlasId(`peer:${label}`),
    containerId: container.id,
    providerName: 'GCP',
    gcpProjectId: fields.gcpProjectId ?? `acme-${base36(`gcp-peer-project:${label}`, 6)}`,
    networkName: fields.networkName ?? `vpc-${label.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`,
    status: fields.status,
  };
  if (fields.errorMessage) {
    peer.errorMessage = fields.errorMessage;
  }
  return peer;
}

// ---------------------------------------------------------------------------------------------
// The demo seed

const ORG_ID = atlasId('org:demo');

/** Real Azure failure text (terraform-provider-mongodbatlas PR 2766). */
export const AZURE_OVERLAP_ERROR =
  'Could not create peering connection in Atlas Azure account because a peer with an overlapping CIDR block already exists.';

/** See azureFailedPermissions below. */
export const AZURE_PERMISSIONS_ERROR =
  'Could not create peering connection in Atlas Azure account because Atlas does not have permission to peer with the VNet. Grant the Atlas service principal the peering role on the VNet.';

const c = {
  prodAwsUsEast1: awsContainer('production:aws:us-east-1', 'US_EAST_1', '10.8.0.0/21'),
  prodAwsEuWest1: awsContainer('production:aws:eu-west-1', 'EU_WEST_1', '10.8.8.0/21'),
  prodAzure: azureContainer('production:azure', 'US_EAST_2', '10.8.16.0/21'),
  prodGcp: gcpContainer('production:gcp', ['CENTRAL_US', 'WESTERN_EUROPE'], '10.12.0.0/18'),
  stagingAws: awsContainer('staging:aws:us-west-2', 'US_WEST_2', '192.168.248.0/21'),
  stagingAzure: azureContainer('staging:azure', 'EUROPE_WEST', '192.168.240.0/21'),
  stagingGcp: gcpContainer('staging:gcp', ['EASTERN_US'], '192.168.192.0/18'),
  analyticsAws: awsContainer('analytics:aws:ap-southeast-2', 'AP_SOUTHEAST_2', '10.0.0.0/21'),
  analyticsAzure: azureContainer('analytics:azure', 'UK_SOUTH', '10.1.0.0/21'),
  analyticsGcp: gcpContainer('analytics:gcp', ['EUROPE_WEST_3'], '10.64.0.0/18'),
  loadTestAws: awsContainer('load-test:aws:us-east-1', 'US_EAST_1', '10.200.0.0/21'),
};

const p = {
  // Production: healthy connections plus the two "needs your action" states.
  awsAvailable: awsPeer('production:aws:billing', c.prodAwsUsEast1, {
    statusName: 'AVAILABLE',
    accepterRegionName: 'us-west-2',
    routeTableCidrBlock: '172.31.0.0/16',
  }),
  awsSameRegion: awsPeer('production:aws:checkout', c.prodAwsUsEast1, {
    statusName: 'AVAILABLE',
    accepterRegionName: null,
    routeTableCidrBlock: '172.20.0.0/16',
  }),
  awsPendingAcceptance: awsPeer('production:aws:reporting', c.prodAwsEuWest1, {
    statusName: 'PENDING_ACCEPTANCE',
    accepterRegionName: 'eu-central-1',
    routeTableCidrBlock: '172.21.0.0/16',
  }),
  azureAvailable: azurePeer('production:azure:app', c.prodAzure, {
    status: 'AVAILABLE',
    resourceGroupName: 'rg-prod-network',
    vnetName: 'vnet-prod-eastus2',
  }),
  gcpAvailable: gcpPeer('production:gcp:app', c.prodGcp, {
    status: 'AVAILABLE',
    gcpProjectId: 'acme-prod-network',
    networkName: 'prod-vpc',
  }),
  gcpWaitingForUser: gcpPeer('production:gcp:ml', c.prodGcp, {
    status: 'WAITING_FOR_USER',
    gcpProjectId: 'acme-ml-platform',
    networkName: 'ml-vpc',
  }),
  // Staging: connections on their way up or down, and failures.
  awsInitiating: awsPeer('staging:aws:api', c.stagingAws, {
    statusName: 'INITIATING',
    accepterRegionName: 'us-east-1',
    routeTableCidrBlock: '172.22.0.0/16',
  }),
  awsFailedRejected: awsPeer('staging:aws:legacy', c.stagingAws, {
    statusName: 'FAILED',
    errorStateName: 'REJECTED',
    accepterRegionName: 'us-east-2',
    routeTableCidrBlock: '172.23.0.0/16',
  }),
  awsFinalizing: awsPeer('staging:aws:workers', c.stagingAws, {
    statusName: 'FINALIZING',
    accepterRegionName: 'ca-central-1',
    routeTableCidrBlock: '172.24.0.0/16',
  }),
  awsTerminating: awsPeer('staging:aws:old-vpc', c.stagingAws, {
    statusName: 'TERMINATING',
    accepterRegionName: 'us-east-1',
    routeTableCidrBlock: '172.25.0.0/16',
  }),
  azureAddingPeer: azurePeer('staging:azure:app', c.stagingAzure, {
    status: 'ADDING_PEER',
    resourceGroupName: 'rg-staging-network',
    vnetName: 'vnet-staging-westeurope',
  }),
  azureFailed: azurePeer('staging:azure:overlap', c.stagingAzure, {
    status: 'FAILED',
    errorState: AZURE_OVERLAP_ERROR,
    resourceGroupName: 'rg-staging-network',
    vnetName: 'vnet-staging-overlap',
  }),
  azureDeletionFailed: azurePeer('staging:azure:retired', c.stagingAzure, {
    status: 'DELETION_FAILED',
    errorState:
      'Could not delete the peering connection because the Atlas service principal no longer has the Network Contributor role on the VNet.',
    resourceGroupName: 'rg-staging-retired',
    vnetName: 'vnet-staging-retired',
  }),
  gcpAddingPeer: gcpPeer('staging:gcp:app', c.stagingGcp, {
    status: 'ADDING_PEER',
    gcpProjectId: 'acme-staging-net',
    networkName: 'staging-vpc',
  }),
  gcpFailed: gcpPeer('staging:gcp:broken', c.stagingGcp, {
    status: 'FAILED',
    errorMessage: 'An IP range in the peer network overlaps with an IP range in the local network.',
    gcpProjectId: 'acme-staging-net',
    networkName: 'staging-shared-vpc',
  }),
  // Analytics: a CIDR overlap, an expired request and teardowns.
  awsCidrOverlap: awsPeer('analytics:aws:warehouse', c.analyticsAws, {
    statusName: 'FAILED',
    errorStateName: 'INVALID_ARGUMENT',
    accepterRegionName: 'ap-southeast-1',
    // Overlaps the container's 10.0.0.0/21 on purpose: the extension warns about it.
    routeTableCidrBlock: '10.0.0.0/16',
  }),
  awsFailedExpired: awsPeer('analytics:aws:bi', c.analyticsAws, {
    statusName: 'FAILED',
    errorStateName: 'EXPIRED',
    accepterRegionName: 'ap-southeast-2',
    routeTableCidrBlock: '172.26.0.0/16',
  }),
  azureDeleting: azurePeer('analytics:azure:etl', c.analyticsAzure, {
    status: 'DELETING',
    resourceGroupName: 'rg-analytics',
    vnetName: 'vnet-analytics-uksouth',
  }),
  // Azure refuses Atlas until its service principal has the peering role on the VNet. Illustrative
  // wording: Atlas's exact text for this failure is not published; it opens like the overlap text.
  azureFailedPermissions: azurePeer('analytics:azure:warehouse', c.analyticsAzure, {
    status: 'FAILED',
    errorState: AZURE_PERMISSIONS_ERROR,
    resourceGroupName: 'rg-analytics',
    vnetName: 'vnet-analytics-warehouse',
  }),
  gcpDeleting: gcpPeer('analytics:gcp:etl', c.analyticsGcp, {
    status: 'DELETING',
    gcpProjectId: 'acme-analytics',
    networkName: 'analytics-vpc',
  }),
};

/** Number of AWS peers in the load-test project: more than one page of 500. */
export const LOAD_TEST_AWS_PEERS = 620;

const LOAD_STATUSES = ['AVAILABLE', 'AVAILABLE', 'AVAILABLE', 'PENDING_ACCEPTANCE', 'INITIATING', 'FAILED'];

function loadTestPeers(): AwsPeerJson[] {
  const peers: AwsPeerJson[] = [];
  for (let i = 0; i < LOAD_TEST_AWS_PEERS; i++) {
    const statusName = LOAD_STATUSES[i % LOAD_STATUSES.length];
    peers.push(
      awsPeer(`load-test:aws:${i}`, c.loadTestAws, {
        statusName,
        errorStateName: statusName === 'FAILED' ? 'REJECTED' : undefined,
        accepterRegionName: i % 4 === 0 ? null : 'us-west-2',
        routeTableCidrBlock: `172.${16 + (i % 16)}.${Math.floor(i / 16) % 256}.0/24`,
      }),
    );
  }
  return peers;
}

const PEERS_BY_PROJECT: Record<'production' | 'staging' | 'analytics', (keyof typeof p)[]> = {
  production: [
    'awsAvailable',
    'awsSameRegion',
    'awsPendingAcceptance',
    'azureAvailable',
    'gcpAvailable',
    'gcpWaitingForUser',
  ],
  staging: [
    'awsInitiating',
    'awsFailedRejected',
    'awsFinalizing',
    'awsTerminating',
    'azureAddingPeer',
    'azureFailed',
    'azureDeletionFailed',
    'gcpAddingPeer',
    'gcpFailed',
  ],
  analytics: ['awsCidrOverlap', 'awsFailedExpired', 'azureDeleting', 'azureFailedPermissions', 'gcpDeleting'],
};

function peerProjects(): { [K in keyof typeof p]: string } {
  const out: Partial<Record<keyof typeof p, string>> = {};
  for (const [project, keys] of Object.entries(PEERS_BY_PROJECT) as [
    keyof typeof PEERS_BY_PROJECT,
    (keyof typeof p)[],
  ][]) {
    for (const key of keys) {
      out[key] = projects[project];
    }
  }
  return out as { [K in keyof typeof p]: string };
}

const projects = {
  production: atlasId('project:production'),
  staging: atlasId('project:staging'),
  analytics: atlasId('project:analytics'),
  sandbox: atlasId('project:sandbox'),
  loadTest: atlasId('project:load-test'),
};

/**
 * Production's four clusters (its clusterCount): orders in US_EAST_1 (AWS peers there), search in
 * AP_SOUTHEAST_1 (no AWS container or peer there), app on Azure, ml on GCP with private strings,
 * which the simulator serves because production's GCP peer gcpAvailable is AVAILABLE.
 */
const clusters = {
  orders: cluster(
    atlasId('cluster:production:orders'),
    'orders',
    'x1abc',
    [{ providerName: 'AWS', regionName: 'US_EAST_1' }],
    true,
  ),
  search: cluster(
    atlasId('cluster:production:search'),
    'search',
    'x1abc',
    [{ providerName: 'AWS', regionName: 'AP_SOUTHEAST_1' }],
    false,
  ),
  app: cluster(
    atlasId('cluster:production:app'),
    'app',
    'x1abc',
    [{ providerName: 'AZURE', regionName: 'US_EAST_2' }],
    true,
  ),
  ml: cluster(
    atlasId('cluster:production:ml'),
    'ml',
    'x1abc',
    [{ providerName: 'GCP', regionName: 'CENTRAL_US' }],
    true,
  ),
};

/** Production's peering events, oldest first: when each peer entered its current state. */
const events = {
  reportingCreated: peerEvent(
    atlasId('event:production:reporting:created'),
    'PEER_CREATED',
    '2026-11-28T09:00:00Z',
    p.awsPendingAcceptance.id,
  ),
  gcpMlCreated: peerEvent(
    atlasId('event:production:gcp-ml:created'),
    'GCP_PEER_CREATED',
    '2026-11-30T12:00:00Z',
    p.gcpWaitingForUser.id,
  ),
  gcpAppActive: peerEvent(
    atlasId('event:production:gcp-app:active'),
    'GCP_PEER_ACTIVE',
    '2026-11-01T08:00:00Z',
    p.gcpAvailable.id,
  ),
  azureAppActive: peerEvent(
    atlasId('event:production:azure-app:active'),
    'AZURE_PEER_ACTIVE',
    '2026-10-15T08:00:00Z',
    p.azureAvailable.id,
  ),
};

/** Ids of the demo seed, for tests and the demo script. `peerProjects` maps each peer to its project. */
export const SEED_IDS = {
  orgId: ORG_ID,
  projects,
  containers: {
    productionAwsUsEast1: c.prodAwsUsEast1.id,
    productionAwsEuWest1: c.prodAwsEuWest1.id,
    productionAzure: c.prodAzure.id,
    productionGcp: c.prodGcp.id,
    stagingAws: c.stagingAws.id,
    stagingAzure: c.stagingAzure.id,
    stagingGcp: c.stagingGcp.id,
    analyticsAws: c.analyticsAws.id,
    analyticsAzure: c.analyticsAzure.id,
    analyticsGcp: c.analyticsGcp.id,
    loadTestAws: c.loadTestAws.id,
  },
  peers: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.id])) as { [K in keyof typeof p]: string },
  /** The AWS `pcx-…` ids, for "search by connection id" features. */
  connectionIds: {
    awsAvailable: p.awsAvailable.connectionId as string,
    awsPendingAcceptance: p.awsPendingAcceptance.connectionId as string,
  },
  /** Well-formed ids that exist nowhere, for 404 tests. */
  unknown: {
    project: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    peer: 'bbbbbbbbbbbbbbbbbbbbbbbb',
    container: 'cccccccccccccccccccccccc',
  },
  /** groupId of every named peer. */
  peerProjects: peerProjects(),
  /** Production's clusters and events (see seedProjectReads.ts). */
  clusters: Object.fromEntries(Object.entries(clusters).map(([k, v]) => [k, v.id])) as {
    [K in keyof typeof clusters]: string;
  },
  events: Object.fromEntries(Object.entries(events).map(([k, v]) => [k, v.id])) as {
    [K in keyof typeof events]: string;
  },
} as const;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A fresh copy of the demo seed (each simulator mutates its own). */
export function demoSeed(): SeedData {
  const tag = (value: string) => [{ key: 'environment', value }];
  return clone({
    orgId: ORG_ID,
    projects: [
      {
        id: projects.production,
        name: 'Production',
        created: '2023-03-14T09:26:53Z',
        clusterCount: 4,
        tags: tag('production'),
        withDefaultAlertsSettings: true,
        containers: [c.prodAwsUsEast1, c.prodAwsEuWest1, c.prodAzure, c.prodGcp],
        peers: PEERS_BY_PROJECT.production.map((k) => p[k]),
        accessList: productionAccessList(),
        clusters: Object.values(clusters),
        events: [events.azureAppActive, events.gcpAppActive, events.reportingCreated, events.gcpMlCreated],
      },
      {
        id: projects.staging,
        name: 'Staging',
        created: '2023-06-02T14:05:11Z',
        clusterCount: 2,
        tags: tag('staging'),
        withDefaultAlertsSettings: true,
        containers: [c.stagingAws, c.stagingAzure, c.stagingGcp],
        peers: PEERS_BY_PROJECT.staging.map((k) => p[k]),
      },
      {
        id: projects.analytics,
        name: 'Analytics',
        created: '2024-01-22T17:40:00Z',
        clusterCount: 1,
        tags: tag('analytics'),
        withDefaultAlertsSettings: false,
        containers: [c.analyticsAws, c.analyticsAzure, c.analyticsGcp],
        peers: PEERS_BY_PROJECT.analytics.map((k) => p[k]),
      },
      {
        id: projects.sandbox,
        name: 'Sandbox',
        created: '2024-09-30T08:00:00Z',
        clusterCount: 0,
        tags: [],
        withDefaultAlertsSettings: true,
        containers: [],
        peers: [],
      },
      {
        id: projects.loadTest,
        name: 'Load-Test',
        created: '2025-02-11T11:11:11Z',
        clusterCount: 1,
        tags: tag('test'),
        withDefaultAlertsSettings: true,
        containers: [c.loadTestAws],
        peers: loadTestPeers(),
      },
    ] satisfies SeedProject[],
  });
}

export function emptySeed(): SeedData {
  return { orgId: ORG_ID, projects: [] };
}

const AWS_CYCLE = ['AVAILABLE', 'PENDING_ACCEPTANCE', 'INITIATING', 'FINALIZING', 'FAILED', 'TERMINATING'];
const AZURE_CYCLE = ['AVAILABLE', 'ADDING_PEER', 'FAILED', 'DELETION_FAILED', 'DELETING'];
const GCP_CYCLE = ['AVAILABLE', 'WAITING_FOR_USER', 'ADDING_PEER', 'FAILED', 'DELETING'];

/** A synthetic seed for benchmarks: `projects` projects, each with one container and `peersPerProvider` peers per provider. */
export function makeLargeSeed(options: {
  projects: number;
  /** Peers of each provider that has a container, per project (index i). */
  peersPerProvider: number | ((i: number) => number);
  /** The providers with a network container in project i (default: all three). */
  providersOf?: (i: number) => readonly ('AWS' | 'AZURE' | 'GCP')[];
}): SeedData {
  const out: SeedProject[] = [];
  for (let i = 0; i < options.projects; i++) {
    const l = `large:${i}`;
    const providers = new Set(options.providersOf?.(i) ?? ['AWS', 'AZURE', 'GCP']);
    const count = typeof options.peersPerProvider === 'number' ? options.peersPerProvider : options.peersPerProvider(i);
    const aws = awsContainer(`${l}:aws`, 'US_EAST_1', `10.${i % 256}.0.0/21`);
    const azure = azureContainer(`${l}:azure`, 'US_EAST_2', `10.${i % 256}.8.0/21`);
    const gcp = gcpContainer(`${l}:gcp`, ['CENTRAL_US'], `10.${i % 256}.64.0/18`);
    const peers: PeerJson[] = [];
    for (let j = 0; j < count; j++) {
      const awsStatus = AWS_CYCLE[j % AWS_CYCLE.length];
      const azStatus = AZURE_CYCLE[j % AZURE_CYCLE.length];
      const gcpStatus = GCP_CYCLE[j % GCP_CYCLE.length];
      if (providers.has('AWS')) {
        peers.push(
          awsPeer(`${l}:aws:${j}`, aws, {
            statusName: awsStatus,
            errorStateName: awsStatus === 'FAILED' ? 'REJECTED' : undefined,
          }),
        );
      }
      if (providers.has('AZURE')) {
        peers.push(
          azurePeer(`${l}:azure:${j}`, azure, {
            status: azStatus,
            errorState: azStatus === 'FAILED' ? AZURE_OVERLAP_ERROR : undefined,
          }),
        );
      }
      if (providers.has('GCP')) {
        peers.push(
          gcpPeer(`${l}:gcp:${j}`, gcp, {
            status: gcpStatus,
            errorMessage: gcpStatus === 'FAILED' ? 'Peering failed.' : undefined,
          }),
        );
      }
    }
    const containers: ContainerJson[] = [aws, azure, gcp].filter((c) => providers.has(c.providerName));
    out.push({
      id: atlasId(`project:${l}`),
      name: `Project-${String(i + 1).padStart(3, '0')}`,
      created: '2024-01-01T00:00:00Z',
      clusterCount: 1,
      tags: [],
      withDefaultAlertsSettings: true,
      containers,
      peers,
    });
  }
  return { orgId: ORG_ID, projects: out };
}

/** Reads a seed file (shape: SeedData in ./types.ts). Throws with the file name when it is not usable. */
export function loadSeedFile(file: string): SeedData {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Cannot read simulator data file ${file}: ${(err as Error).message}`);
  }
  const projectsIn = (parsed as { projects?: unknown }).projects;
  if (!Array.isArray(projectsIn)) {
    throw new Error(`Simulator data file ${file} has no "projects" array (see SeedData in test/simulator/types.ts).`);
  }
  for (const proj of projectsIn as Partial<SeedProject>[]) {
    if (typeof proj.id !== 'string' || typeof proj.name !== 'string') {
      throw new Error(`Simulator data file ${file}: every project needs a string "id" and "name".`);
    }
    proj.containers = proj.containers ?? [];
    proj.peers = proj.peers ?? [];
  }
  return parsed as SeedData;
}

/**
 * Credentials the simulator accepts by default. They only work against the simulator; their
 * shapes follow Atlas (8-char public key + UUID private key; mdb_sa_id_/mdb_sa_sk_ service
 * account) so format checks in the extension see realistic values. The `_` in the client id
 * catches clients that form-URL-encode the Basic header.
 */
export const DEMO_CREDENTIALS = {
  apiKey: { publicKey: 'qzvbtmfa', privateKey: '5d2c9a41-7e3b-4f08-9c6d-1a2b3c4d5e6f' },
  serviceAccount: {
    clientId: 'mdb_sa_id_66f1b2c3d4e5f60718293a4b',
    clientSecret: 'mdb_sa_sk_Zt8qL2vXw9NcR4pYkH6sJ3mD1fGa7bEuQ0oWiT5y',
  },
} as const;
