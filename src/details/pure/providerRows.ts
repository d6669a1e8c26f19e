// The provider-specific rows of the details page (AWS, Azure, GCP) and of its container. Pure.
import { atlasRegionToAws, AwsPeer, AzurePeer, Container, GcpPeer, Peer } from '../../atlas/models';
import { awsAccepterRegion } from './nextStep';
import { type Row } from './htmlParts';

export function awsRows(peer: AwsPeer, container?: Container): Row[] {
  const { region, fromContainer } = awsAccepterRegion(peer, container);
  return [
    {
      label: 'Your AWS account id',
      api: 'awsAccountId',
      value: peer.awsAccountId,
      mono: true,
      copy: 'peer.awsAccountId',
    },
    { label: 'Your VPC id', api: 'vpcId', value: peer.vpcId, mono: true, copy: 'peer.vpcId' },
    {
      label: 'Route table CIDR block',
      api: 'routeTableCidrBlock',
      value: peer.routeTableCidrBlock,
      mono: true,
      copy: 'peer.routeTableCidrBlock',
    },
    {
      label: 'Accepter region (your VPC)',
      api: 'accepterRegionName',
      value: region,
      mono: true,
      copy: 'peer.accepterRegionName',
      note: fromContainer ? '(same as Atlas, from the container)' : undefined,
      missing: 'not set (same region as Atlas; container not loaded)',
    },
    {
      label: 'AWS peering connection id',
      api: 'connectionId',
      value: peer.connectionId,
      mono: true,
      copy: 'peer.connectionId',
      missing: 'not assigned yet',
    },
    { label: 'Status name', api: 'statusName', value: peer.statusName, mono: true },
    { label: 'Error state name', api: 'errorStateName', value: peer.errorStateName, mono: true, missing: 'none' },
  ];
}

export function azureRows(peer: AzurePeer): Row[] {
  return [
    {
      label: 'Directory (tenant) id',
      api: 'azureDirectoryId',
      value: peer.azureDirectoryId,
      mono: true,
      copy: 'peer.azureDirectoryId',
    },
    {
      label: 'Subscription id',
      api: 'azureSubscriptionId',
      value: peer.azureSubscriptionId,
      mono: true,
      copy: 'peer.azureSubscriptionId',
    },
    {
      label: 'Resource group',
      api: 'resourceGroupName',
      value: peer.resourceGroupName,
      mono: true,
      copy: 'peer.resourceGroupName',
    },
    { label: 'VNet name', api: 'vnetName', value: peer.vnetName, mono: true, copy: 'peer.vnetName' },
    { label: 'Status', api: 'status', value: peer.status, mono: true },
    { label: 'Error state', api: 'errorState', value: peer.errorState, multiline: true, missing: 'none' },
  ];
}

export function gcpRows(peer: GcpPeer): Row[] {
  return [
    { label: 'GCP project id', api: 'gcpProjectId', value: peer.gcpProjectId, mono: true, copy: 'peer.gcpProjectId' },
    { label: 'VPC network name', api: 'networkName', value: peer.networkName, mono: true, copy: 'peer.networkName' },
    { label: 'Status', api: 'status', value: peer.status, mono: true },
    { label: 'Error message', api: 'errorMessage', value: peer.errorMessage, multiline: true, missing: 'none' },
  ];
}

export function providerRows(peer: Peer, container?: Container): Row[] {
  switch (peer.providerName) {
    case 'AWS':
      return awsRows(peer, container);
    case 'AZURE':
      return azureRows(peer);
    case 'GCP':
      return gcpRows(peer);
  }
}

export const PROVIDER_SIDE_TITLES: Record<Peer['providerName'], string> = {
  AWS: 'Your AWS side',
  AZURE: 'Your Azure side',
  GCP: 'Your Google Cloud side',
};

export function provisionedText(p: boolean | null): string | null {
  return p === null ? null : p ? 'Yes: clusters exist in this container' : 'No: no clusters in this container yet';
}

export function containerRows(container: Container): Row[] {
  const rows: Row[] = [
    { label: 'Container id', api: 'id', value: container.id, mono: true, copy: 'container.id' },
    {
      label: 'Atlas CIDR block',
      api: 'atlasCidrBlock',
      value: container.atlasCidrBlock,
      mono: true,
      copy: 'container.atlasCidrBlock',
    },
  ];
  const untilCluster = container.provisioned === false ? 'not set until a cluster exists' : 'not set';
  switch (container.providerName) {
    case 'AWS': {
      const aws = atlasRegionToAws(container.regionName);
      rows.push({
        label: 'Region',
        api: 'regionName',
        value: container.regionName,
        mono: true,
        note: aws ? `(${aws} in AWS)` : undefined,
      });
      rows.push({ label: 'Provisioned', api: 'provisioned', value: provisionedText(container.provisioned) });
      rows.push({
        label: 'Atlas VPC id',
        api: 'vpcId',
        value: container.vpcId,
        mono: true,
        copy: 'container.vpcId',
        missing: untilCluster,
      });
      break;
    }
    case 'AZURE':
      rows.push({ label: 'Region', api: 'region', value: container.region, mono: true });
      rows.push({ label: 'Provisioned', api: 'provisioned', value: provisionedText(container.provisioned) });
      rows.push({
        label: 'Atlas subscription id',
        api: 'azureSubscriptionId',
        value: container.azureSubscriptionId,
        mono: true,
        copy: 'container.azureSubscriptionId',
        missing: untilCluster,
      });
      rows.push({
        label: 'Atlas VNet name',
        api: 'vnetName',
        value: container.vnetName,
        mono: true,
        copy: 'container.vnetName',
        missing: untilCluster,
      });
      break;
    case 'GCP':
      rows.push({
        label: 'Regions',
        api: 'regions',
        value: container.regions.join(', ') || null,
        mono: true,
        missing: 'not set',
      });
      rows.push({ label: 'Provisioned', api: 'provisioned', value: provisionedText(container.provisioned) });
      rows.push({
        label: 'Atlas GCP project id',
        api: 'gcpProjectId',
        value: container.gcpProjectId,
        mono: true,
        copy: 'container.gcpProjectId',
        missing: untilCluster,
      });
      rows.push({
        label: 'Atlas network name',
        api: 'networkName',
        value: container.networkName,
        mono: true,
        copy: 'container.networkName',
        missing: untilCluster,
      });
      break;
  }
  return rows;
}
