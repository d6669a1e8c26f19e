// One table of how each peer and container field is named in the Atlas Admin API, in the Terraform
// provider and in the Kubernetes operator, per cloud provider. Code generation, drift checks and
// hovers read names from here, so a name is written down once. Pure: no `vscode` import.
//
// Sources:
//  - Terraform `mongodbatlas_network_peering`:
//    https://github.com/mongodb/terraform-provider-mongodbatlas/blob/master/docs/resources/network_peering.md
//  - Terraform `mongodbatlas_network_container`:
//    https://github.com/mongodb/terraform-provider-mongodbatlas/blob/master/docs/resources/network_container.md
//  - Operator `AtlasNetworkPeering` / `AtlasNetworkContainer` CRDs:
//    https://github.com/mongodb/mongodb-atlas-kubernetes/blob/main/config/crd/bases/atlas.mongodb.com_atlasnetworkpeerings.yaml
//    https://github.com/mongodb/mongodb-atlas-kubernetes/blob/main/config/crd/bases/atlas.mongodb.com_atlasnetworkcontainers.yaml

import type {
  AwsContainer,
  AwsPeer,
  AzureContainer,
  AzurePeer,
  GcpContainer,
  GcpPeer,
  ProviderName,
} from '../atlas/models';

/**
 * `terraformArgument`: the Terraform configuration sets it (an argument); otherwise Terraform only
 * reads it back from Atlas (a computed attribute), so generated code must not set it. On the
 * operator side the path tells the same: `spec.` is written, `status.` is only read.
 */
export interface FieldMapping<Model> {
  /** The field's name in the API JSON, which is also the model's property name. */
  api: keyof Model & string;
  /** The Terraform argument or attribute; null when the resource has none. */
  terraform: string | null;
  /** Dotted path in the operator resource (`spec.awsConfiguration.vpcId`); null when it has none. */
  operator: string | null;
  terraformArgument: boolean;
}

type PeerModels = { AWS: AwsPeer; AZURE: AzurePeer; GCP: GcpPeer };
type ContainerModels = { AWS: AwsContainer; AZURE: AzureContainer; GCP: GcpContainer };

function field<Model>(
  api: keyof Model & string,
  terraform: string | null,
  operator: string | null,
  terraformArgument: boolean,
): FieldMapping<Model> {
  return { api, terraform, operator, terraformArgument };
}

/** Fields every peer has, whichever the provider. */
function commonPeerFields<Model extends AwsPeer | AzurePeer | GcpPeer>(): FieldMapping<Model>[] {
  return [
    field<Model>('id', 'peer_id', 'spec.id', false),
    field<Model>('containerId', 'container_id', 'spec.containerRef.id', true),
    field<Model>('providerName', 'provider_name', 'spec.provider', true),
  ];
}

export const PEER_FIELDS: { [P in ProviderName]: readonly FieldMapping<PeerModels[P]>[] } = {
  AWS: [
    ...commonPeerFields<AwsPeer>(),
    field<AwsPeer>('accepterRegionName', 'accepter_region_name', 'spec.awsConfiguration.accepterRegionName', true),
    field<AwsPeer>('awsAccountId', 'aws_account_id', 'spec.awsConfiguration.awsAccountId', true),
    field<AwsPeer>('routeTableCidrBlock', 'route_table_cidr_block', 'spec.awsConfiguration.routeTableCidrBlock', true),
    field<AwsPeer>('vpcId', 'vpc_id', 'spec.awsConfiguration.vpcId', true),
    field<AwsPeer>('connectionId', 'connection_id', 'status.awsStatus.connectionId', false),
    field<AwsPeer>('statusName', 'status_name', 'status.status', false),
    field<AwsPeer>('errorStateName', 'error_state_name', null, false),
  ],
  AZURE: [
    ...commonPeerFields<AzurePeer>(),
    field<AzurePeer>('azureDirectoryId', 'azure_directory_id', 'spec.azureConfiguration.azureDirectoryId', true),
    field<AzurePeer>(
      'azureSubscriptionId',
      'azure_subscription_id',
      'spec.azureConfiguration.azureSubscriptionId',
      true,
    ),
    field<AzurePeer>('resourceGroupName', 'resource_group_name', 'spec.azureConfiguration.resourceGroupName', true),
    // The operator spells it vNetName, unlike the API and Terraform.
    field<AzurePeer>('vnetName', 'vnet_name', 'spec.azureConfiguration.vNetName', true),
    field<AzurePeer>('status', 'status', 'status.status', false),
    field<AzurePeer>('errorState', 'error_state', null, false),
  ],
  GCP: [
    ...commonPeerFields<GcpPeer>(),
    field<GcpPeer>('gcpProjectId', 'gcp_project_id', 'spec.gcpConfiguration.gcpProjectId', true),
    field<GcpPeer>('networkName', 'network_name', 'spec.gcpConfiguration.networkName', true),
    field<GcpPeer>('status', 'status', 'status.status', false),
    field<GcpPeer>('errorMessage', 'error_message', null, false),
  ],
};

function commonContainerFields<Model extends AwsContainer | AzureContainer | GcpContainer>(): FieldMapping<Model>[] {
  return [
    field<Model>('id', 'container_id', 'spec.id', false),
    field<Model>('providerName', 'provider_name', 'spec.provider', true),
    field<Model>('atlasCidrBlock', 'atlas_cidr_block', 'spec.cidrBlock', true),
    field<Model>('provisioned', 'provisioned', 'status.provisioned', false),
  ];
}

export const CONTAINER_FIELDS: { [P in ProviderName]: readonly FieldMapping<ContainerModels[P]>[] } = {
  AWS: [
    ...commonContainerFields<AwsContainer>(),
    field<AwsContainer>('regionName', 'region_name', 'spec.region', true),
    field<AwsContainer>('vpcId', 'vpc_id', 'status.awsStatus.vpcId', false),
  ],
  AZURE: [
    ...commonContainerFields<AzureContainer>(),
    field<AzureContainer>('region', 'region', 'spec.region', true),
    // The operator's JSON tag really is azureSubscriptionIDpcId (a typo in its CRD).
    field<AzureContainer>(
      'azureSubscriptionId',
      'azure_subscription_id',
      'status.azureStatus.azureSubscriptionIDpcId',
      false,
    ),
    field<AzureContainer>('vnetName', 'vnet_name', 'status.azureStatus.vNetName', false),
  ],
  GCP: [
    ...commonContainerFields<GcpContainer>(),
    // The operator's container has no regions: its CRD forbids `region` for GCP.
    field<GcpContainer>('regions', 'regions', null, true),
    field<GcpContainer>('gcpProjectId', 'gcp_project_id', 'status.gcpStatus.gcpProjectID', false),
    field<GcpContainer>('networkName', 'network_name', 'status.gcpStatus.networkName', false),
  ],
};

/**
 * Peer arguments Terraform reads from the peer's container rather than the peer (the provider
 * fills them with a second call for the container). Azure's example configuration sets
 * atlas_cidr_block on the peering, so generation copies it there to avoid a plan diff.
 */
export const PEER_ARGUMENTS_FROM_CONTAINER: { [P in ProviderName]: readonly FieldMapping<ContainerModels[P]>[] } = {
  AWS: [],
  AZURE: [field<AzureContainer>('atlasCidrBlock', 'atlas_cidr_block', null, true)],
  GCP: [],
};

export type FieldValue = string | boolean | readonly string[] | null;

/** A model's value for a mapping; the model's property names are the API's field names. */
export function fieldValue<Model>(model: Model, mapping: FieldMapping<Model>): FieldValue {
  const value = model[mapping.api] as unknown;
  if (typeof value === 'string' || typeof value === 'boolean') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string');
  }
  return null;
}

/** The peer field mappings of a provider, typed loosely for callers that hold a `Peer` union. */
export function peerFields<Model extends { providerName: ProviderName }>(model: Model): readonly FieldMapping<Model>[] {
  return PEER_FIELDS[model.providerName] as unknown as readonly FieldMapping<Model>[];
}

export function containerFields<Model extends { providerName: ProviderName }>(
  model: Model,
): readonly FieldMapping<Model>[] {
  return CONTAINER_FIELDS[model.providerName] as unknown as readonly FieldMapping<Model>[];
}

export function peerArgumentsFromContainer<Model extends { providerName: ProviderName }>(
  container: Model,
): readonly FieldMapping<Model>[] {
  return PEER_ARGUMENTS_FROM_CONTAINER[container.providerName] as unknown as readonly FieldMapping<Model>[];
}

export type IacKind = 'peer' | 'container';

function namesOf(
  tables: readonly (readonly FieldMapping<unknown>[])[],
  pick: (m: FieldMapping<unknown>) => string | null,
): ReadonlySet<string> {
  const names = new Set<string>();
  for (const table of tables) {
    for (const m of table) {
      const name = pick(m);
      if (name) {
        names.add(name);
      }
    }
  }
  return names;
}

const peerTables = Object.values(PEER_FIELDS) as unknown as readonly FieldMapping<unknown>[][];
const containerTables = Object.values(CONTAINER_FIELDS) as unknown as readonly FieldMapping<unknown>[][];
const fromContainerTables = Object.values(
  PEER_ARGUMENTS_FROM_CONTAINER,
) as unknown as readonly FieldMapping<unknown>[][];

/**
 * The Terraform arguments of a peering or container resource, across providers: what a
 * configuration (and so a state file) sets, and what the drift check compares with Atlas.
 */
export const TERRAFORM_ARGUMENTS: Record<IacKind, ReadonlySet<string>> = {
  peer: namesOf([...peerTables, ...fromContainerTables], (m) => (m.terraformArgument ? m.terraform : null)),
  container: namesOf(containerTables, (m) => (m.terraformArgument ? m.terraform : null)),
};

/** The `spec.` paths an operator manifest writes (spec.id aside: it names the object), across providers. */
export const OPERATOR_SPEC_PATHS: Record<IacKind, ReadonlySet<string>> = {
  peer: namesOf(peerTables, (m) => (m.operator?.startsWith('spec.') && m.operator !== 'spec.id' ? m.operator : null)),
  container: namesOf(containerTables, (m) =>
    m.operator?.startsWith('spec.') && m.operator !== 'spec.id' ? m.operator : null,
  ),
};
