// Every step from a status to a working connection, per provider, generated from the connection's
// own values: title, prose, copyable commands (values shell-quoted) and the public source. Facts
// and command syntax: MongoDB's VPC peering page (https://www.mongodb.com/docs/atlas/security-vpc-peering/),
// the AWS CLI, Azure CLI and gcloud references. Plain text out; the renderers escape.
import { atlasRegionToAws, Container, Peer } from '../../atlas/models';
import { AtlasEvent } from '../../atlas/projectModels';
import { shellQuote } from './nextStep';

export interface PlanCommand {
  label: string;
  copyText: string;
}

export interface PlanStep {
  id: string;
  title: string;
  prose: string;
  commands: PlanCommand[];
  sourceUrl: string;
}

/** When the peer entered its state: from the project's events when one matches, else first seen here. */
export interface TimeInState {
  sinceMs: number;
  source: 'atlasEvents' | 'firstSeen';
}

const DAY_MS = 86_400_000;
/** AWS expires a peering request that is not accepted within 7 days. */
export const AWS_ACCEPT_WINDOW_MS = 7 * DAY_MS;
/** The app id of MongoDB Atlas's Azure service principal (MongoDB's Azure peering prerequisites). */
export const ATLAS_AZURE_APP_ID = 'e90a1407-55c3-432d-9cb1-3638900a9d22';

const SOURCES = {
  atlas: 'https://www.mongodb.com/docs/atlas/security-vpc-peering/',
  awsAccept: 'https://docs.aws.amazon.com/cli/latest/reference/ec2/accept-vpc-peering-connection.html',
  awsRoute: 'https://docs.aws.amazon.com/cli/latest/reference/ec2/create-route.html',
  awsDns: 'https://docs.aws.amazon.com/cli/latest/reference/ec2/modify-vpc-attribute.html',
  awsEgress: 'https://docs.aws.amazon.com/cli/latest/reference/ec2/authorize-security-group-egress.html',
  azureRole: 'https://learn.microsoft.com/cli/azure/role/definition',
  gcloud: 'https://cloud.google.com/sdk/gcloud/reference/compute/networks/peerings/create',
};

const arg = (value: string | null | undefined, placeholder: string): string =>
  value ? shellQuote(value) : placeholder;

/** The newest event of this peer's creation (PEER_CREATED and its Azure/GCP forms), else first seen. */
export function timeInState(peer: Peer, events: readonly AtlasEvent[], firstSeenMs: number): TimeInState {
  const created = events
    .filter((e) => e.resourceId === peer.id && /(^|_)PEER_CREATED$/.test(e.eventTypeName ?? '') && e.createdMs !== null)
    .sort((a, b) => (b.createdMs ?? 0) - (a.createdMs ?? 0))[0];
  return created
    ? { sinceMs: created.createdMs!, source: 'atlasEvents' }
    : { sinceMs: firstSeenMs, source: 'firstSeen' };
}

export function acceptCountdown(since: TimeInState, nowMs: number): { remainingMs: number; text: string } {
  const remainingMs = Math.max(0, since.sinceMs + AWS_ACCEPT_WINDOW_MS - nowMs);
  const days = Math.floor(remainingMs / DAY_MS);
  const hours = Math.floor((remainingMs % DAY_MS) / 3_600_000);
  const basis =
    since.source === 'atlasEvents'
      ? "counted from the project's PEER_CREATED event"
      : 'counted from when this extension first saw the request, so AWS may expire it sooner';
  return {
    remainingMs,
    text:
      remainingMs === 0 ? `The 7-day window has passed (${basis}).` : `${days} d ${hours} h left to accept (${basis}).`,
  };
}

export interface PlanInput {
  peer: Peer;
  container?: Container;
  /** Atlas regions of the peer's provider used by clusters but without a peering (connectionPlan.ts). */
  regionsWithoutPeering?: readonly string[];
  since?: TimeInState;
  nowMs: number;
}

export function awsSteps(input: PlanInput): PlanStep[] {
  const { peer, container } = input;
  if (peer.providerName !== 'AWS') {
    return [];
  }
  const atlasCidr = container?.atlasCidrBlock;
  const region =
    peer.accepterRegionName ?? (container?.providerName === 'AWS' ? atlasRegionToAws(container.regionName) : null);
  const pcx = arg(peer.connectionId, '<PCX_ID>');
  const cidr = arg(atlasCidr, '<ATLAS_CIDR>');
  const vpc = arg(peer.vpcId, '<VPC_ID>');
  const steps: PlanStep[] = [];
  if ((peer.status ?? '').toUpperCase() === 'PENDING_ACCEPTANCE') {
    const countdown = input.since ? ` ${acceptCountdown(input.since, input.nowMs).text}` : '';
    steps.push({
      id: 'awsAccept',
      title: 'Accept the peering request',
      prose: `Accept ${peer.connectionId ?? 'the request'} in the AWS account ${peer.awsAccountId ?? ''} that owns ${peer.vpcId ?? 'your VPC'}.${countdown}`,
      commands: [
        {
          label: 'Accept',
          copyText: `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${pcx} --region ${arg(region, '<AWS_REGION>')}`,
        },
      ],
      sourceUrl: SOURCES.awsAccept,
    });
  }
  steps.push(
    {
      id: 'awsRoute',
      title: `Route ${atlasCidr ?? 'the Atlas CIDR'} through ${peer.connectionId ?? 'the peering connection'}`,
      prose:
        'In each route table of the subnets your application runs in, send the Atlas CIDR block through the peering connection.',
      commands: [
        {
          label: 'Add the route',
          copyText: `aws ec2 create-route --route-table-id <RTB_ID> --destination-cidr-block ${cidr} --vpc-peering-connection-id ${pcx}`,
        },
      ],
      sourceUrl: SOURCES.awsRoute,
    },
    {
      id: 'awsDns',
      title: 'Enable DNS hostnames and DNS resolution on the VPC',
      prose:
        'Atlas hostnames resolve to private addresses over the peering only when the VPC resolves DNS and has DNS hostnames.',
      commands: [
        {
          label: 'DNS resolution',
          copyText: `aws ec2 modify-vpc-attribute --vpc-id ${vpc} --enable-dns-support '{"Value":true}'`,
        },
        {
          label: 'DNS hostnames',
          copyText: `aws ec2 modify-vpc-attribute --vpc-id ${vpc} --enable-dns-hostnames '{"Value":true}'`,
        },
      ],
      sourceUrl: SOURCES.awsDns,
    },
    {
      id: 'awsEgress',
      title: 'Allow egress on 27015–27017 to the Atlas CIDR',
      prose: "Your instances' security group must allow outbound TCP 27015 to 27017 to the Atlas CIDR block.",
      commands: [
        {
          label: 'Allow egress',
          copyText: `aws ec2 authorize-security-group-egress --group-id <SG_ID> --ip-permissions ${shellQuote(`IpProtocol=tcp,FromPort=27015,ToPort=27017,IpRanges=[{CidrIp=${atlasCidr ?? '<ATLAS_CIDR>'}}]`)}`,
        },
      ],
      sourceUrl: SOURCES.awsEgress,
    },
  );
  const missing = input.regionsWithoutPeering ?? [];
  if (missing.length > 0) {
    steps.push({
      id: 'awsRegions',
      title: `Regions without a peering: ${missing.join(', ')}`,
      prose:
        'Each Atlas region the clusters use needs its own peering connection; clusters in these regions are not reachable through this one.',
      commands: [],
      sourceUrl: SOURCES.atlas,
    });
  }
  return steps;
}

/** The custom role Atlas's service principal needs on this VNet (MongoDB's Azure prerequisites). */
export function azureRoleDefinition(peer: Peer): Record<string, unknown> {
  const p = peer.providerName === 'AZURE' ? peer : undefined;
  const scope = `/subscriptions/${p?.azureSubscriptionId ?? '<SUBSCRIPTION_ID>'}/resourceGroups/${p?.resourceGroupName ?? '<RESOURCE_GROUP>'}/providers/Microsoft.Network/virtualNetworks/${p?.vnetName ?? '<VNET_NAME>'}`;
  return {
    Name: `AtlasPeering/${p?.azureSubscriptionId ?? '<SUBSCRIPTION_ID>'}/${p?.resourceGroupName ?? '<RESOURCE_GROUP>'}/${p?.vnetName ?? '<VNET_NAME>'}`,
    IsCustom: true,
    Description: `Grants MongoDB access to manage peering connections on network ${scope}`,
    Actions: [
      'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read',
      'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write',
      'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete',
      'Microsoft.Network/virtualNetworks/peer/action',
    ],
    AssignableScopes: [scope],
  };
}

/** Atlas's wording for a missing service principal or role varies; these words are what it uses. */
export function failedForPermissions(peer: Peer): boolean {
  return (
    peer.providerName === 'AZURE' &&
    peer.category === 'failed' &&
    /permission|authori[sz]|role|principal|forbidden/i.test(peer.errorText ?? '')
  );
}

export function azureSteps(input: PlanInput): PlanStep[] {
  const { peer } = input;
  if (peer.providerName !== 'AZURE') {
    return [];
  }
  const role = azureRoleDefinition(peer);
  const scope = (role.AssignableScopes as string[])[0];
  const lead = failedForPermissions(peer)
    ? 'The peering FAILED because Atlas lacks permissions on your VNet. Grant them with these steps, then create the peering again. '
    : '';
  return [
    {
      id: 'azureServicePrincipal',
      title: "Create Atlas's service principal",
      prose: `${lead}Once per subscription, create the service principal of MongoDB Atlas's application.`,
      commands: [{ label: 'Create', copyText: `az ad sp create --id ${ATLAS_AZURE_APP_ID}` }],
      sourceUrl: SOURCES.atlas,
    },
    {
      id: 'azureRoleDefinition',
      title: 'Define the peering role for this VNet',
      prose: 'Save this JSON as peering-role.json and create the custom role from it.',
      commands: [
        { label: 'peering-role.json', copyText: JSON.stringify(role, null, 2) },
        { label: 'Create the role', copyText: 'az role definition create --role-definition peering-role.json' },
      ],
      sourceUrl: SOURCES.azureRole,
    },
    {
      id: 'azureRoleAssignment',
      title: 'Assign the role to the service principal on the VNet',
      prose: 'The assignment lets Atlas create the peering from its side.',
      commands: [
        {
          label: 'Assign',
          copyText: `az role assignment create --role ${shellQuote(role.Name as string)} --assignee ${ATLAS_AZURE_APP_ID} --scope ${shellQuote(scope)}`,
        },
      ],
      sourceUrl: SOURCES.atlas,
    },
    {
      id: 'azureRevoke',
      title: 'Revoke the permissions once the peering exists (optional)',
      prose: 'Atlas needs the role only to create the peering; once it is AVAILABLE you may remove the assignment.',
      commands: [],
      sourceUrl: SOURCES.atlas,
    },
  ];
}

export function gcpSteps(input: PlanInput): PlanStep[] {
  const { peer, container } = input;
  if (peer.providerName !== 'GCP') {
    return [];
  }
  const k = container?.providerName === 'GCP' ? container : undefined;
  const name = /^[a-f0-9]{24}$/.test(peer.id) ? `atlas-${peer.id}` : 'atlas-peering';
  return [
    {
      id: 'gcpPeering',
      title: 'Create the peering from your network to Atlas',
      prose: 'One global peering serves every region of the Atlas network.',
      commands: [
        {
          label: 'Create',
          copyText:
            `gcloud compute networks peerings create ${name} --network=${arg(peer.networkName, '<YOUR_NETWORK>')}` +
            ` --peer-project=${arg(k?.gcpProjectId, '<ATLAS_GCP_PROJECT_ID>')} --peer-network=${arg(k?.networkName, '<ATLAS_NETWORK_NAME>')}` +
            ` --project=${arg(peer.gcpProjectId, '<YOUR_GCP_PROJECT_ID>')}`,
        },
      ],
      sourceUrl: SOURCES.gcloud,
    },
    {
      id: 'gcpCustomRoutes',
      title: 'Custom routes do not reach Atlas',
      prose:
        'Atlas does not accept custom routes: route-based GKE clusters, Cloud Run and Cloud Functions (through a connector), and traffic over VPN or Interconnect cannot reach Atlas through this peering.',
      commands: [],
      sourceUrl: SOURCES.atlas,
    },
  ];
}

/** The steps still ahead for this peer: none when AVAILABLE (AWS keeps its VPC-side checklist). */
export function nextStepsPlan(input: PlanInput): PlanStep[] {
  const { peer } = input;
  const status = (peer.status ?? '').toUpperCase();
  switch (peer.providerName) {
    case 'AWS':
      return peer.category === 'ready' || status === 'PENDING_ACCEPTANCE' ? awsSteps(input) : [];
    case 'AZURE':
      return failedForPermissions(peer) ? azureSteps(input) : [];
    case 'GCP':
      return status === 'WAITING_FOR_USER'
        ? gcpSteps(input)
        : peer.category === 'ready'
          ? gcpSteps(input).slice(1)
          : [];
  }
}

/** One line for hover and tree tooltip: the first step, with the countdown when there is one. */
export function planSummary(input: PlanInput, steps: readonly PlanStep[] = nextStepsPlan(input)): string | null {
  const first = steps[0];
  if (!first) {
    return null;
  }
  if (first.id === 'awsAccept' && input.since) {
    return `Next: accept the peering request in AWS (${acceptCountdown(input.since, input.nowMs).text.replace(/ \(.*$/, '')})`;
  }
  return `Next: ${first.title.charAt(0).toLowerCase()}${first.title.slice(1)}`;
}
