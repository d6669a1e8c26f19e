// Generated operator manifests, read back with the `yaml` library: every field they name must be
// one the operator's CRDs define (test/fixtures/operator-crd-fields.json), and the values must be
// the live ones, for every seed provider and status, whole projects, hostile and arbitrary values.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { atlasRegionToAws, parseContainer, parsePeer, type Container, type Peer } from '../../../src/atlas/models';
import { manifestsForPeer, manifestsForProject } from '../../../src/iac/pure/kubernetes';
import { HOSTILE } from '../hostile/hostileData';
import { CRD_FIELDS, leafPaths, pathValue, seedPeers, seedProjects, type Json, modelsWithEveryField } from './helpers';

/** Fields of every Kubernetes object, not the CRD's own schema. */
const OBJECT_FIELDS = ['apiVersion', 'kind', 'metadata.name'];
const RFC_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function parseManifests(text: string): Json[] {
  const docs = parseAllDocuments(text);
  assert.ok(Array.isArray(docs), 'a document stream');
  for (const doc of docs) {
    assert.deepEqual(doc.errors, [], 'the YAML parses without errors');
  }
  return docs.map((d) => d.toJS() as Json);
}

/** Checks a document names only CRD fields and holds what the CRD requires. */
function assertCrdShaped(doc: Json): void {
  const kind = doc.kind as string;
  const fields = CRD_FIELDS.kinds[kind];
  assert.ok(fields, `unknown kind ${kind}`);
  assert.equal(doc.apiVersion, CRD_FIELDS.apiVersion);
  assert.match(String(pathValue(doc, 'metadata.name')), RFC_1123_LABEL);
  for (const path of leafPaths(doc).filter((p) => !OBJECT_FIELDS.includes(p))) {
    assert.ok(fields.includes(path), `${kind} has no field ${path}`);
  }
  for (const required of CRD_FIELDS.requiredSpec[kind]) {
    assert.notEqual(pathValue(doc, `spec.${required}`), undefined, `${kind} lacks spec.${required}`);
  }
  assert.ok(CRD_FIELDS.providerEnum.includes(String(pathValue(doc, 'spec.provider'))));
}

// Expected spec values, written out from the CRDs (not read from the field table).
function expectedPeerSpec(projectId: string, peer: Peer, container: Container | undefined): Json {
  const raw = peer.raw as Json;
  const spec: Json = {
    'spec.externalProjectRef.id': projectId,
    'spec.id': raw.id,
    'spec.containerRef.id': raw.containerId,
    'spec.provider': raw.providerName,
  };
  const configuration: Record<string, [string, string][]> = {
    AWS: [
      ['awsConfiguration.awsAccountId', 'awsAccountId'],
      ['awsConfiguration.routeTableCidrBlock', 'routeTableCidrBlock'],
      ['awsConfiguration.vpcId', 'vpcId'],
    ],
    AZURE: [
      ['azureConfiguration.azureDirectoryId', 'azureDirectoryId'],
      ['azureConfiguration.azureSubscriptionId', 'azureSubscriptionId'],
      ['azureConfiguration.resourceGroupName', 'resourceGroupName'],
      ['azureConfiguration.vNetName', 'vnetName'],
    ],
    GCP: [
      ['gcpConfiguration.gcpProjectId', 'gcpProjectId'],
      ['gcpConfiguration.networkName', 'networkName'],
    ],
  };
  for (const [path, apiField] of configuration[peer.providerName]) {
    spec[`spec.${path}`] = raw[apiField];
  }
  if (peer.providerName === 'AWS') {
    // Null means "the container's region"; the CRD requires the field, so it is spelled out.
    const containerRegion = container?.providerName === 'AWS' ? atlasRegionToAws(container.regionName) : undefined;
    spec['spec.awsConfiguration.accepterRegionName'] = raw.accepterRegionName ?? containerRegion;
  }
  return spec;
}

function expectedContainerSpec(projectId: string, container: Container): Json {
  const raw = container.raw as Json;
  const spec: Json = {
    'spec.externalProjectRef.id': projectId,
    'spec.id': raw.id,
    'spec.provider': raw.providerName,
    'spec.cidrBlock': raw.atlasCidrBlock,
  };
  // The CRD requires a region for AWS and Azure and forbids one for GCP.
  const region =
    container.providerName === 'AWS' ? raw.regionName : container.providerName === 'AZURE' ? raw.region : undefined;
  if (region !== undefined) {
    spec['spec.region'] = region;
  }
  return spec;
}

function assertValues(doc: Json, expected: Json): void {
  for (const [path, value] of Object.entries(expected)) {
    assert.deepEqual(pathValue(doc, path), value, path);
  }
  const specPaths = leafPaths(doc).filter((p) => p.startsWith('spec.') && p !== 'spec.connectionSecret.name');
  assert.deepEqual(specPaths.sort(), Object.keys(expected).sort(), 'no spec field beyond the expected ones');
}

function assertRoundTrip(
  text: string,
  projectId: string,
  containers: readonly Container[],
  peers: readonly { peer: Peer; container: Container | undefined }[],
): void {
  const docs = parseManifests(text);
  assert.equal(docs.length, containers.length + peers.length, 'one document per container and peer');
  docs.forEach(assertCrdShaped);
  containers.forEach((c, i) => {
    assert.equal(docs[i].kind, 'AtlasNetworkContainer');
    assertValues(docs[i], expectedContainerSpec(projectId, c));
  });
  peers.forEach(({ peer, container }, i) => {
    const doc = docs[containers.length + i];
    assert.equal(doc.kind, 'AtlasNetworkPeering');
    assertValues(doc, expectedPeerSpec(projectId, peer, container));
  });
  const names = docs.map((d) => `${String(d.kind)}/${String(pathValue(d, 'metadata.name'))}`);
  assert.equal(new Set(names).size, names.length, 'object names are unique');
}

describe('Generated Kubernetes manifests (operator CRD fields)', () => {
  for (const { projectId, peer, container } of seedPeers()) {
    it(`round-trips the ${peer.providerName} ${peer.status} peer ${peer.id} and its container`, () => {
      assertRoundTrip(manifestsForPeer(projectId, peer, container), projectId, container ? [container] : [], [
        { peer, container },
      ]);
    });
  }

  for (const project of seedProjects()) {
    it(`round-trips the whole ${project.name} project in one file`, () => {
      const peers = project.peers.map((peer) => ({
        peer,
        container: project.containers.find((c) => c.id === peer.containerId),
      }));
      assertRoundTrip(
        manifestsForProject(project.id, project.containers, project.peers),
        project.id,
        project.containers,
        peers,
      );
    });
  }

  it('adopts an AWS peer in its container region with that region, as the CRD requires one', () => {
    const same = seedPeers().find((p) => p.peer.providerName === 'AWS' && p.peer.accepterRegionName === null);
    assert.ok(same?.container, 'the seed has a same-region AWS peer');
    const [, peerDoc] = parseManifests(manifestsForPeer(same.projectId, same.peer, same.container));
    assert.equal(pathValue(peerDoc, 'spec.awsConfiguration.accepterRegionName'), 'us-east-1');
  });

  const yamlHostile = {
    ...HOSTILE,
    documentBreak: 'x\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: stolen',
    keyInjection: 'a: b\nspec:\n  id: other',
    anchors: '&a [*a, *a] !!binary',
    flow: '{ "x": [1, 2] }',
    indicators: "- '# ' \" | > % @ `",
    numberLike: '0x1F',
    boolLike: 'yes',
    nullLike: '~',
  };
  for (const [name, value] of Object.entries(yamlHostile)) {
    it(`keeps the hostile ${name} value one scalar in every field`, () => {
      for (const provider of ['AWS', 'AZURE', 'GCP'] as const) {
        const { peer, container } = modelsWithEveryField(provider, value);
        assertRoundTrip(manifestsForPeer(value, peer, container), value, [container], [{ peer, container }]);
      }
    });
  }

  it('round-trips arbitrary strings in every field and id (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.constantFrom('AWS', 'AZURE', 'GCP'),
        (text, provider) => {
          const container = parseContainer({
            id: text,
            providerName: provider,
            atlasCidrBlock: text,
            regionName: text,
            region: text,
          });
          const peer = parsePeer({
            id: text,
            containerId: text,
            providerName: provider,
            accepterRegionName: text,
            awsAccountId: text,
            routeTableCidrBlock: text,
            vpcId: text,
            vnetName: text,
            resourceGroupName: text,
            azureDirectoryId: text,
            azureSubscriptionId: text,
            networkName: text,
            gcpProjectId: text,
          });
          assertRoundTrip(manifestsForPeer(text, peer, container), text, [container], [{ peer, container }]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
