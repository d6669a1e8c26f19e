// Generated Terraform, checked with HashiCorp's HCL parser: it must parse, and parsing it must give
// back the live values (round trip) and the provider's import ids, for every provider and status
// of the demo seed, for hostile values, and for arbitrary strings.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseContainer, parsePeer, type Container, type Peer, type ProviderName } from '../../../src/atlas/models';
import {
  CONTAINER_RESOURCE,
  hclString,
  PEERING_RESOURCE,
  terraformForPeer,
  terraformForProject,
} from '../../../src/iac/pure/terraform';
import { HOSTILE } from '../hostile/hostileData';
import {
  importIds,
  literalBody,
  parseTerraform,
  providersOf,
  resourceBody,
  resourceLabels,
  seedPeers,
  seedProjects,
  type Json,
  modelsWithEveryField,
} from './helpers';

// The resources' arguments and the API fields they hold, written out here from the provider docs
// (not read from the field table, so a wrong table entry fails these tests):
// https://github.com/mongodb/terraform-provider-mongodbatlas/blob/master/docs/resources/network_peering.md
// https://github.com/mongodb/terraform-provider-mongodbatlas/blob/master/docs/resources/network_container.md
const PEER_ARGUMENTS: Record<ProviderName, Record<string, string>> = {
  AWS: {
    container_id: 'containerId',
    provider_name: 'providerName',
    accepter_region_name: 'accepterRegionName',
    aws_account_id: 'awsAccountId',
    route_table_cidr_block: 'routeTableCidrBlock',
    vpc_id: 'vpcId',
  },
  AZURE: {
    container_id: 'containerId',
    provider_name: 'providerName',
    azure_directory_id: 'azureDirectoryId',
    azure_subscription_id: 'azureSubscriptionId',
    resource_group_name: 'resourceGroupName',
    vnet_name: 'vnetName',
  },
  GCP: {
    container_id: 'containerId',
    provider_name: 'providerName',
    gcp_project_id: 'gcpProjectId',
    network_name: 'networkName',
  },
};
const CONTAINER_ARGUMENTS: Record<ProviderName, Record<string, string>> = {
  AWS: { provider_name: 'providerName', atlas_cidr_block: 'atlasCidrBlock', region_name: 'regionName' },
  AZURE: { provider_name: 'providerName', atlas_cidr_block: 'atlasCidrBlock', region: 'region' },
  GCP: { provider_name: 'providerName', atlas_cidr_block: 'atlasCidrBlock', regions: 'regions' },
};

/** HCL reads strings in Unicode NFC form, so that is the most a round trip can give back. */
function nfc(value: unknown): unknown {
  return typeof value === 'string' ? value.normalize('NFC') : Array.isArray(value) ? value.map(nfc) : value;
}

/** The arguments a resource should hold: the live JSON's non-null values under the docs' names. */
function expectedArguments(projectId: string, raw: unknown, names: Record<string, string>): Json {
  const live = raw as Json;
  const out: Json = { project_id: nfc(projectId) };
  for (const [argument, apiField] of Object.entries(names)) {
    if (live[apiField] !== null && live[apiField] !== undefined) {
      out[argument] = nfc(live[apiField]);
    }
  }
  return out;
}

function expectedPeerArguments(projectId: string, peer: Peer, container: Container | undefined): Json {
  const out = expectedArguments(projectId, peer.raw, PEER_ARGUMENTS[peer.providerName]);
  // Azure's peering also carries the container's CIDR (the provider's Azure example sets it).
  const cidr = (container?.raw as Json | undefined)?.atlasCidrBlock;
  if (peer.providerName === 'AZURE' && typeof cidr === 'string') {
    out.atlas_cidr_block = nfc(cidr);
  }
  return out;
}

/** Finds the label of the resource whose import id is `importId`. */
function labelImportedAs(parsed: Json, type: string, importId: string): string {
  const match = [...importIds(parsed)].find(([, id]) => id === importId.normalize('NFC'));
  assert.ok(match, `no import block with id ${importId.slice(0, 80)}`);
  const [resourceType, label] = match[0].split('.');
  assert.equal(resourceType, type);
  return label;
}

async function assertRoundTrip(
  text: string,
  projectId: string,
  containers: readonly Container[],
  peers: readonly { peer: Peer; container: Container | undefined }[],
): Promise<Json> {
  const parsed = await parseTerraform(text);
  for (const container of containers) {
    const label = labelImportedAs(parsed, CONTAINER_RESOURCE, `${projectId}-${container.id}`);
    assert.deepEqual(
      literalBody(resourceBody(parsed, CONTAINER_RESOURCE, label)),
      expectedArguments(projectId, container.raw, CONTAINER_ARGUMENTS[container.providerName]),
    );
  }
  for (const { peer, container } of peers) {
    const label = labelImportedAs(parsed, PEERING_RESOURCE, `${projectId}-${peer.id}-${peer.providerName}`);
    assert.deepEqual(
      literalBody(resourceBody(parsed, PEERING_RESOURCE, label)),
      expectedPeerArguments(projectId, peer, container),
    );
  }
  // Nothing else: no extra resource or import a value could have smuggled in.
  assert.equal(resourceLabels(parsed, CONTAINER_RESOURCE).length, containers.length);
  assert.equal(resourceLabels(parsed, PEERING_RESOURCE).length, peers.length);
  assert.equal(importIds(parsed).size, containers.length + peers.length);
  assert.deepEqual(Object.keys(parsed).sort(), ['import', 'resource']);
  return parsed;
}

describe('Generated Terraform (HashiCorp HCL parser)', () => {
  const peers = seedPeers();

  it('the seed covers every provider and every status the generator is run on', () => {
    assert.deepEqual([...providersOf(peers)].sort(), ['AWS', 'AZURE', 'GCP']);
    const statuses = new Set(peers.map((p) => `${p.peer.providerName}:${p.peer.status}`));
    assert.ok(statuses.size >= 15, `only ${statuses.size} provider statuses`);
  });

  for (const { projectId, peer, container } of peers) {
    it(`round-trips the ${peer.providerName} ${peer.status} peer ${peer.id} and its container`, async () => {
      const text = terraformForPeer(projectId, peer, container);
      assert.ok(container, 'every seed peer has its container');
      await assertRoundTrip(text, projectId, [container], [{ peer, container }]);
      assert.match(
        text,
        new RegExp(
          `^#   terraform import ${PEERING_RESOURCE}\\.peer_${peer.id} ${projectId}-${peer.id}-${peer.providerName}$`,
          'm',
        ),
      );
      assert.match(
        text,
        new RegExp(
          `^#   terraform import ${CONTAINER_RESOURCE}\\.container_${container.id} ${projectId}-${container.id}$`,
          'm',
        ),
      );
    });
  }

  for (const project of seedProjects()) {
    it(`round-trips the whole ${project.name} project: every container and peer in one file`, async () => {
      const text = terraformForProject(project.id, project.containers, project.peers);
      const withContainers = project.peers.map((peer) => ({
        peer,
        container: project.containers.find((c) => c.id === peer.containerId),
      }));
      await assertRoundTrip(text, project.id, project.containers, withContainers);
    });
  }

  it('writes a peer whose container is missing with its literal container id and no container', async () => {
    const { projectId, peer } = peers[0];
    await assertRoundTrip(
      terraformForPeer(projectId, peer, undefined),
      projectId,
      [],
      [{ peer, container: undefined }],
    );
  });

  it('gives peers with the same id distinct labels in a project file', async () => {
    const project = seedProjects()[0];
    const twice = [project.peers[0], project.peers[0]];
    const parsed = await parseTerraform(terraformForProject(project.id, [], twice));
    assert.equal(resourceLabels(parsed, PEERING_RESOURCE).length, 2);
  });

  describe('hostile values from Atlas stay values', function () {
    // The 100 KB value in some 45 fields takes the WebAssembly parser over ten seconds.
    this.timeout(120_000);
    const hostileValues = Object.entries(HOSTILE).map(([name, value]) => [name, value] as const);
    const template = `\${file("/etc/passwd")} %{ if true }x%{ endif } "} resource "x" "y" { #\n}\\`;
    const cases = [...hostileValues, ['template', template] as const];

    for (const [name, value] of cases) {
      it(`${name}: every field of a peer and container of each provider round-trips`, async () => {
        for (const provider of ['AWS', 'AZURE', 'GCP'] as const) {
          const { peer, container } = modelsWithEveryField(provider, value);
          const projectId = `g${value}`;
          const text = terraformForPeer(projectId, peer, container);
          await assertRoundTrip(text, projectId, [container], [{ peer, container }]);
          // The command lines are left out when an id could break a shell line or the comment.
          assert.doesNotMatch(text, /terraform import mongodbatlas/);
        }
      });
    }
  });

  it('round-trips arbitrary strings in every argument and id (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ unit: 'binary-ascii', maxLength: 40 }),
        fc.constantFrom<ProviderName>('AWS', 'AZURE', 'GCP'),
        async (text, ascii, provider) => {
          const container = parseContainer({
            id: ascii,
            providerName: provider,
            atlasCidrBlock: text,
            regionName: text,
            region: text,
            regions: [text],
          });
          const peer = parsePeer({
            id: text,
            containerId: ascii,
            providerName: provider,
            vpcId: text,
            awsAccountId: ascii,
            vnetName: text,
            resourceGroupName: ascii,
            networkName: text,
            gcpProjectId: ascii,
          });
          const generated = terraformForPeer(ascii, peer, container);
          await assertRoundTrip(generated, ascii, [container], [{ peer, container }]);
          // A value HCL will normalize is flagged in the file.
          assert.equal(generated.includes('not in Unicode NFC form'), text !== text.normalize('NFC'));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('escapes every sequence HCL gives a meaning inside a quoted string', () => {
    assert.equal(hclString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(hclString('${x}%{y}'), '"$${x}%%{y}"');
    assert.equal(hclString('l1\nl2\u2028\u202e'), '"l1\\u000al2\\u2028\\u202e"');
  });
});
