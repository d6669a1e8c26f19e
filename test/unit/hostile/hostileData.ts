// Hostile strings served by the simulator in every field Atlas returns, shared by the in-host
// hostile suite and the browser UI test (no tests here, no vscode import).

import type { AtlasSimulator } from '../../simulator';

export const HOSTILE = {
  markup: `<img src=x onerror="window.__pwned=1;parent.postMessage('pwned','*')"><b>bold</b>`,
  script: `</script><script>window.__pwned=2</script><!--`,
  mdLink: `[click me](command:workbench.action.terminal.new) ![i](https://evil.example/x.png) <https://evil.example> $(alert)`,
  cmdUri: `command:atlasPeering.signOut?%5B%7B%7D%5D`,
  control: `ctl\u0000\u0007\u001b[31mred\u202eevil\u2028line\r\nbreak\u200b`,
  big: `BIG${'A'.repeat(100 * 1024)}END`,
};

type PeerInput = Parameters<AtlasSimulator['data']['addPeer']>[1];

/** A project whose every Atlas-provided string is hostile, with one peer per provider. */
export function addHostileProject(sim: AtlasSimulator): {
  groupId: string;
  peers: Record<'AWS' | 'AZURE' | 'GCP', string>;
} {
  const project = sim.data.addProject({ name: `**${HOSTILE.mdLink}** ${HOSTILE.markup}`, containers: [], peers: [] });
  const g = project.id;
  const aws = sim.data.addContainer(g, {
    id: 'a0a0a0a0a0a0a0a0a0a0a0a1',
    providerName: 'AWS',
    atlasCidrBlock: HOSTILE.markup,
    provisioned: true,
    regionName: HOSTILE.control,
    vpcId: HOSTILE.script,
  });
  const azure = sim.data.addContainer(g, {
    id: 'a0a0a0a0a0a0a0a0a0a0a0a2',
    providerName: 'AZURE',
    atlasCidrBlock: '10.9.0.0/21',
    provisioned: true,
    region: HOSTILE.mdLink,
    azureSubscriptionId: HOSTILE.cmdUri,
    vnetName: HOSTILE.big,
  });
  const gcp = sim.data.addContainer(g, {
    id: 'a0a0a0a0a0a0a0a0a0a0a0a3',
    providerName: 'GCP',
    atlasCidrBlock: '10.8.0.0/18',
    provisioned: true,
    gcpProjectId: HOSTILE.script,
    networkName: HOSTILE.mdLink,
    regions: [HOSTILE.markup, HOSTILE.control],
  });
  const awsPeer = sim.data.addPeer(g, {
    providerName: 'AWS',
    containerId: aws.id,
    statusName: 'FAILED',
    errorStateName: HOSTILE.script as 'REJECTED',
    vpcId: `vpc-${HOSTILE.markup}${HOSTILE.mdLink}`,
    awsAccountId: HOSTILE.cmdUri,
    accepterRegionName: HOSTILE.control,
    routeTableCidrBlock: HOSTILE.big,
    connectionId: `pcx-${HOSTILE.mdLink}`,
  } as PeerInput);
  const azurePeer = sim.data.addPeer(g, {
    providerName: 'AZURE',
    containerId: azure.id,
    status: 'FAILED',
    errorState: HOSTILE.big,
    vnetName: HOSTILE.mdLink,
    resourceGroupName: HOSTILE.script,
    azureDirectoryId: HOSTILE.control,
    azureSubscriptionId: HOSTILE.markup,
  } as PeerInput);
  const gcpPeer = sim.data.addPeer(g, {
    providerName: 'GCP',
    containerId: gcp.id,
    status: HOSTILE.markup,
    errorMessage: `${HOSTILE.mdLink} ${HOSTILE.script}`,
    gcpProjectId: HOSTILE.cmdUri,
    networkName: `${HOSTILE.script}${HOSTILE.control}`,
  } as PeerInput);
  return { groupId: g, peers: { AWS: awsPeer.id, AZURE: azurePeer.id, GCP: gcpPeer.id } };
}
