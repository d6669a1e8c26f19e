import * as assert from 'node:assert/strict';
import { detectFormat, findAllReferences, findReference } from '../../../src/configFiles';
import { expectNone, expectRef, load, locate, type Doc } from './helpers';

const PROJECT = '1112222b3bf99403840e8934';
const PROJECT2 = '64b7a1c2d3e4f5a6b7c8d9e0';
const PEER_AWS = '5cbf563d87d9d67253be590a';
const CONTAINER_AWS = '5cbf5d4c3b2a190817263544';
const PEER_GCP = '6a0e3f1b2c4d5e6f70819a2b';
const CONTAINER_GCP = '6a0e3f1b2c4d5e6f70819c3d';
const PEER_AZURE = '7b1f4a2c3d5e6f708192a3b4';
const CONTAINER_AZURE = '7b1f4a2c3d5e6f708192b4c5';
const ORG = '5f1a2b3c4d5e6f7081920a1b';

describe('detectFormat', () => {
  const cases: [string, string | undefined, string][] = [
    ['/w/main.tf', undefined, 'terraform'],
    ['/w/prod.tfvars', undefined, 'tfvars'],
    ['/w/terraform.tfstate', 'json', 'tfstate'],
    ['/w/terraform.tfstate.backup', undefined, 'tfstate'],
    ['/w/.vscode/settings.json', 'jsonc', 'settings'],
    ['C:\\w\\.vscode\\settings.json', 'jsonc', 'settings'],
    ['/w/team.code-workspace', 'jsonc', 'settings'],
    ['/w/config/settings.json', 'json', 'atlasJson'],
    ['/w/k8s/peering.YAML', undefined, 'kubernetes'],
    ['/w/k8s/peering.yml', undefined, 'kubernetes'],
    ['/w/out/peers.json', undefined, 'atlasJson'],
    ['Untitled-1', 'terraform', 'terraform'],
    ['Untitled-2', 'yaml', 'kubernetes'],
    ['Untitled-3', 'jsonc', 'atlasJson'],
    ['/w/README.md', 'markdown', 'plain'],
    ['/w/notes', undefined, 'plain'],
  ];
  for (const [fileName, languageId, expected] of cases) {
    it(`${fileName} (${languageId ?? 'no language'}) -> ${expected}`, () => {
      assert.equal(detectFormat({ fileName, languageId }), expected);
    });
  }
});

describe('findReference: Kubernetes AtlasProject (networkPeers spec + status)', () => {
  const doc = load('kubernetes/atlasproject.yaml');

  it('resolves spec.networkPeers[].containerId with the project from status.id and the AWS default provider', () => {
    expectRef(doc, `containerId: ${CONTAINER_AWS}\n      routeTableCidrBlock`, CONTAINER_AWS, {
      kind: 'container',
      projectId: PROJECT,
      provider: 'AWS',
      source: 'kubernetes',
      context: 'AtlasProject/payments spec.networkPeers[0].containerId',
      blockName: 'AtlasProject/payments',
      blockStart: doc.text.indexOf('apiVersion:'),
    });
    // Quoted scalars: the range excludes the quotes.
    expectRef(doc, `containerId: "${CONTAINER_AZURE}"`, CONTAINER_AZURE, {
      kind: 'container',
      provider: 'AZURE',
      projectId: PROJECT,
    });
  });

  it('resolves status.id and status.networkPeers[] ids, keeping a malformed id', () => {
    expectRef(doc, `  id: ${PROJECT}`, PROJECT, { kind: 'project', context: 'AtlasProject/payments status.id' });
    expectRef(doc, `- id: ${PEER_AWS}`, PEER_AWS, { kind: 'peer', projectId: PROJECT, provider: 'AWS' });
    const bad = PEER_AZURE.slice(0, 23);
    expectRef(doc, `- id: ${bad}\n`, bad, {
      kind: 'peer',
      projectId: PROJECT,
      provider: 'AZURE',
      context: 'AtlasProject/payments status.networkPeers[1].id',
    });
    expectRef(doc, `containerId: ${CONTAINER_AZURE}\n`, CONTAINER_AZURE, {
      kind: 'container',
      context: 'AtlasProject/payments status.networkPeers[1].containerId',
    });
  });

  it('offers bare ids in other text, and nothing on other fields', () => {
    expectRef(doc, `peering ${PEER_AZURE} is FAILED`, PEER_AZURE, { kind: 'unknown', source: 'bare' });
    expectNone(doc, 'awsAccountId: "123456789012"', '123456789012');
    expectNone(doc, 'vpcId: vpc-0d3f1e2a4b5c6d7e8\n      atlasCidrBlock', 'vpc-0d3f1e2a4b5c6d7e8');
    expectNone(doc, 'kind: AtlasProject', 'AtlasProject');
  });
});

describe('findReference: Kubernetes AtlasNetworkPeering and AtlasNetworkContainer (separate files)', () => {
  it('AtlasNetworkPeering: externalProjectRef.id, containerRef.id, spec.id, status.id', () => {
    const doc = load('kubernetes/atlasnetworkpeering.yaml');
    expectRef(doc, `    id: ${PROJECT}`, PROJECT, {
      kind: 'project',
      context: 'AtlasNetworkPeering/payments-aws spec.externalProjectRef.id',
    });
    expectRef(doc, `id: "${CONTAINER_AWS}"`, CONTAINER_AWS, {
      kind: 'container',
      projectId: PROJECT,
      provider: 'AWS',
      context: 'AtlasNetworkPeering/payments-aws spec.containerRef.id',
    });
    expectRef(doc, `id: '${PEER_AWS}'`, PEER_AWS, {
      kind: 'peer',
      projectId: PROJECT,
      provider: 'AWS',
      context: 'AtlasNetworkPeering/payments-aws spec.id',
    });
    expectRef(doc, `  id: ${PEER_AWS}\n  status`, PEER_AWS, {
      kind: 'peer',
      context: 'AtlasNetworkPeering/payments-aws status.id',
    });
    expectNone(doc, 'connectionId: pcx-0f1e2d3c4b5a69788', 'pcx-0f1e2d3c4b5a69788');
  });

  it('AtlasNetworkContainer: spec.id, status.id and the project', () => {
    const doc = load('kubernetes/atlasnetworkcontainer.yaml');
    expectRef(doc, `  id: ${CONTAINER_AWS}\nstatus`, CONTAINER_AWS, {
      kind: 'container',
      projectId: PROJECT,
      provider: 'AWS',
      context: 'AtlasNetworkContainer/payments-us-east-1 spec.id',
    });
    expectRef(doc, `status:\n  id: ${CONTAINER_AWS}`, CONTAINER_AWS, {
      kind: 'container',
      context: 'AtlasNetworkContainer/payments-us-east-1 status.id',
    });
    expectRef(doc, `id: ${PROJECT}`, PROJECT, { kind: 'project' });
    expectNone(doc, 'cidrBlock: 192.168.248.0/21', '192.168.248.0/21');
  });
});

describe('findReference: Kubernetes multi-document file', () => {
  const doc = load('kubernetes/atlas-networking.yaml');

  it('keeps each document’s project, provider and block start separate', () => {
    const containerDoc = doc.text.indexOf('apiVersion: atlas.mongodb.com/v1\nkind: AtlasNetworkContainer');
    expectRef(doc, `status:\n  id: ${CONTAINER_GCP}`, CONTAINER_GCP, {
      kind: 'container',
      projectId: PROJECT2,
      provider: 'GCP',
      blockName: 'AtlasNetworkContainer/analytics-gcp',
      blockStart: containerDoc,
    });
    expectRef(doc, `status:\n  id: ${PEER_GCP}`, PEER_GCP, {
      kind: 'peer',
      projectId: PROJECT2,
      provider: 'GCP',
      blockName: 'AtlasNetworkPeering/analytics-gcp',
    });
    expectRef(doc, `id: "${PROJECT2}"`, PROJECT2, { kind: 'project', blockName: 'AtlasNetworkPeering/analytics-gcp' });
    expectRef(doc, `- id: ${PEER_AWS}`, PEER_AWS, {
      kind: 'peer',
      projectId: PROJECT,
      blockName: 'AtlasProject/payments',
    });
  });

  it('returns malformed ids in id fields (pcx- in containerRef.id, uppercase spec.id)', () => {
    expectRef(doc, 'id: pcx-0a1b2c3d4e5f67890', 'pcx-0a1b2c3d4e5f67890', {
      kind: 'container',
      projectId: PROJECT2,
      provider: 'AZURE',
    });
    expectRef(doc, 'id: 7B1F4A2C3D5E6F708192A3B4', '7B1F4A2C3D5E6F708192A3B4', { kind: 'peer', provider: 'AZURE' });
  });

  it('ignores non-Atlas manifests except bare ids, and containerRef.name', () => {
    expectRef(doc, `orgId: ${ORG}`, ORG, { kind: 'unknown', source: 'bare' });
    expectNone(doc, 'containerRef:\n    name: analytics-gcp', 'analytics-gcp');
    expectNone(doc, 'privateApiKey: 00000000-0000-0000-0000-000000000000', '00000000-0000');
  });
});

describe('findReference: Atlas CLI / API JSON', () => {
  it('`atlas networking peering list -o json`: a JSON array of peers', () => {
    const doc = load('atlas-cli/peering-list.json');
    const r = expectRef(doc, `"id": "${PEER_AWS}"`, PEER_AWS, {
      kind: 'peer',
      provider: 'AWS',
      source: 'atlasJson',
      blockName: 'peering connection vpc-0d3f1e2a4b5c6d7e8',
    });
    assert.equal(r.projectId, undefined, 'the CLI list carries no project');
    expectRef(doc, '"id": "5cbf563d87d9d67253be590b"', '5cbf563d87d9d67253be590b', { kind: 'peer', provider: 'AWS' });
    expectRef(doc, `"containerId": "${CONTAINER_AWS}",\n    "errorStateName": null`, CONTAINER_AWS, {
      kind: 'container',
    });
    expectNone(doc, '"connectionId": "pcx-0f1e2d3c4b5a69788"', 'pcx-0f1e2d3c4b5a69788');
    expectNone(doc, '"awsAccountId": "123456789012"', '123456789012');
  });

  it('`atlas api networkPeering getGroupPeer`: one peer, its project from the self link', () => {
    const doc = load('atlas-cli/get-group-peer.json');
    expectRef(doc, `"id": "${PEER_AZURE}"`, PEER_AZURE, {
      kind: 'peer',
      provider: 'AZURE',
      projectId: PROJECT,
      blockStart: 0,
    });
    expectRef(doc, `"containerId": "${CONTAINER_AZURE}"`, CONTAINER_AZURE, {
      kind: 'container',
      provider: 'AZURE',
      projectId: PROJECT,
    });
    expectRef(doc, `groups/${PROJECT}/peers`, PROJECT, { kind: 'project', context: 'Atlas API URL' });
    expectRef(doc, `/peers/${PEER_AZURE}"`, PEER_AZURE, { kind: 'peer', projectId: PROJECT });
    expectNone(doc, '"vnetName": "payments-vnet"', 'payments-vnet');
  });

  it('containers list {results: […]}: every provider, project from the page link', () => {
    const doc = load('atlas-cli/containers-list.json');
    expectRef(doc, `"id": "${CONTAINER_GCP}"`, CONTAINER_GCP, {
      kind: 'container',
      provider: 'GCP',
      projectId: PROJECT2,
      blockName: 'container 10.8.0.0/18',
    });
    expectRef(doc, '"id": "64b7a1c2d3e4f5a6b7c8d9f1"', '64b7a1c2d3e4f5a6b7c8d9f1', {
      kind: 'container',
      provider: 'AWS',
      projectId: PROJECT2,
    });
    expectRef(doc, '"id": "64b7a1c2d3e4f5a6b7c8daa2"', '64b7a1c2d3e4f5a6b7c8daa2', {
      kind: 'container',
      provider: 'AZURE',
    });
    expectRef(doc, `"networkName": "nt-${CONTAINER_GCP}-abcde"`, CONTAINER_GCP, { kind: 'unknown', source: 'bare' });
    expectNone(doc, '"atlasCidrBlock": "10.8.0.0/18"', '10.8.0.0/18');
  });

  it('projects list: group objects', () => {
    const doc = load('atlas-cli/projects-list.json');
    expectRef(doc, `"id": "${PROJECT}"`, PROJECT, { kind: 'project', blockName: 'project Payments' });
    expectRef(doc, `"id": "${PROJECT2}"`, PROJECT2, { kind: 'project' });
    const orgs = findAllReferences(doc.text, doc).filter((r) => r.id === ORG);
    assert.equal(orgs.length, 2);
    assert.ok(orgs.every((r) => r.kind === 'unknown'));
  });
});

describe('findReference: .vscode/settings.json', () => {
  const doc = load('workspace/.vscode/settings.json');

  it('resolves atlasPeering.projects[].id and peers[] (JSONC: comments, trailing commas)', () => {
    expectRef(doc, `"id": "${PROJECT}"`, PROJECT, {
      kind: 'project',
      source: 'settings',
      blockName: 'Payments',
      context: 'atlasPeering.projects[0].id',
    });
    expectRef(doc, `"peers": ["${PEER_AWS}"`, PEER_AWS, {
      kind: 'peer',
      projectId: PROJECT,
      context: 'atlasPeering.projects[0].peers[0]',
    });
    expectRef(doc, `"${PEER_AZURE}",]`, PEER_AZURE, { kind: 'peer', projectId: PROJECT });
  });

  it('keeps a malformed project id and gives its peers no project', () => {
    const bad = PROJECT2.slice(0, 23);
    expectRef(doc, `"id": "${bad}"`, bad, { kind: 'project' });
    const r = expectRef(doc, `["${PEER_GCP}"]`, PEER_GCP, { kind: 'peer' });
    assert.equal(r.projectId, undefined);
    expectNone(doc, '"editor.formatOnSave": true', 'formatOnSave');
  });

  it('reads the same setting inside a .code-workspace file', () => {
    const text = `{ "folders": [], "settings": { "atlasPeering.projects": [{ "id": "${PROJECT}", "peers": ["${PEER_AWS}"] }] } }`;
    const doc2: Doc = { text, fileName: '/w/team.code-workspace' };
    expectRef(doc2, `"${PEER_AWS}"`, PEER_AWS, { kind: 'peer', projectId: PROJECT, source: 'settings' });
  });
});

describe('findReference: any other file', () => {
  const text = [
    '# Runbook',
    `Adopt it: terraform import mongodbatlas_network_peering.main ${PROJECT}-${PEER_AWS}-AWS`,
    `Project ${PROJECT2} and https://cloud.mongodb.com/api/atlas/v2/groups/${PROJECT}/containers/${CONTAINER_AWS}`,
    `Too short ${PEER_AWS.slice(0, 23)}, too long ${PEER_AWS}0, upper ${PEER_AWS.toUpperCase()}, glued x${PEER_GCP}`,
  ].join('\n');
  const doc: Doc = { text, fileName: '/w/RUNBOOK.md', languageId: 'markdown' };

  it('resolves terraform import commands and Atlas URLs', () => {
    expectRef(doc, `.main ${PROJECT}-${PEER_AWS}-AWS`, PEER_AWS, {
      kind: 'peer',
      projectId: PROJECT,
      provider: 'AWS',
      source: 'terraform',
    });
    expectRef(doc, `/containers/${CONTAINER_AWS}`, CONTAINER_AWS, {
      kind: 'container',
      projectId: PROJECT,
      source: 'bare',
    });
  });

  it('returns well-formed bare ids only', () => {
    expectRef(doc, `Project ${PROJECT2} and`, PROJECT2, { kind: 'unknown', source: 'bare' });
    expectNone(doc, `short ${PEER_AWS.slice(0, 23)},`, PEER_AWS.slice(0, 23));
    expectNone(doc, `long ${PEER_AWS}0,`, `${PEER_AWS}0`);
    expectNone(doc, `upper ${PEER_AWS.toUpperCase()},`, PEER_AWS.toUpperCase());
    expectNone(doc, `glued x${PEER_GCP}`, `x${PEER_GCP}`);
  });

  it('handles offsets outside the text', () => {
    for (const offset of [-1, text.length + 1, Number.NaN, 1.5, Number.MAX_SAFE_INTEGER]) {
      assert.equal(findReference(text, doc, offset), undefined);
    }
    const end = findReference(`x ${PEER_AWS}`, doc, 26);
    assert.equal(end?.id, PEER_AWS, 'a cursor at the very end of the text still counts');
    assert.equal(locate(text, '# Runbook', 'R'), 2);
  });
});
