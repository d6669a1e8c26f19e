// Generate Terraform… and Generate Kubernetes Manifest… in a real extension host, against the
// simulator: the opened document must parse (HashiCorp's HCL parser, the yaml library) and hold
// the seed peer's live values.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { AtlasSimulator, DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator } from '../simulator';
import { demoSeed } from '../simulator/seed';
import { importIds, literalBody, parseTerraform, pathValue, resourceBody, type Json } from '../unit/iac/helpers';
import { activateTestApi, clearAtlasEnvironment, clearSettings } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile'];

describe('generate infrastructure code (extension host)', function () {
  this.timeout(60_000);
  let sim: AtlasSimulator;
  let restoreEnvironment = (): void => undefined;
  const groupId = SEED_IDS.peerProjects.azureAvailable;
  const peerId = SEED_IDS.peers.azureAvailable;
  const livePeer = demoSeed()
    .projects.flatMap((p) => p.peers)
    .find((p) => p.id === peerId) as unknown as Record<string, string>;

  before(async () => {
    restoreEnvironment = clearAtlasEnvironment();
    sim = await startAtlasSimulator({ seed: 'demo' });
    const api = await activateTestApi();
    await clearSettings(SETTINGS);
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
    await api.tree.refresh();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearSettings(SETTINGS);
    restoreEnvironment();
    await sim?.close();
  });

  it('Generate Terraform opens a terraform document that parses and holds the peer values', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.generateTerraform', {
      groupId,
      peerId,
    });
    assert.ok(doc, 'the command returned the document');
    assert.equal(doc.languageId, 'terraform');
    const parsed = await parseTerraform(doc.getText());
    assert.equal(importIds(parsed).get(`mongodbatlas_network_peering.peer_${peerId}`), `${groupId}-${peerId}-AZURE`);
    const body = literalBody(resourceBody(parsed, 'mongodbatlas_network_peering', `peer_${peerId}`));
    assert.equal(body.vnet_name, livePeer.vnetName);
    assert.equal(body.azure_directory_id, livePeer.azureDirectoryId);
    assert.equal(body.resource_group_name, livePeer.resourceGroupName);
    assert.equal(body.container_id, livePeer.containerId);
  });

  it('Generate Kubernetes Manifest opens YAML adopting the peer by spec.id', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.generateKubernetes', {
      groupId,
      peerId,
    });
    assert.ok(doc, 'the command returned the document');
    assert.equal(doc.languageId, 'yaml');
    const docs = parseAllDocuments(doc.getText());
    assert.ok(Array.isArray(docs));
    const peering = docs.map((d) => d.toJS() as Json).find((d) => d.kind === 'AtlasNetworkPeering');
    assert.equal(pathValue(peering, 'spec.id'), peerId);
    assert.equal(pathValue(peering, 'spec.azureConfiguration.vNetName'), livePeer.vnetName);
  });

  it('Generate Terraform for a whole project holds every peer of the project', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.generateTerraform', {
      groupId,
    });
    assert.ok(doc, 'the command returned the document');
    assert.equal(doc.languageId, 'terraform');
    const ids = [...importIds(await parseTerraform(doc.getText())).values()];
    const seedProject = demoSeed().projects.find((p) => p.id === groupId);
    for (const peer of seedProject?.peers ?? []) {
      assert.ok(ids.includes(`${groupId}-${peer.id}-${peer.providerName}`), `import for ${peer.id}`);
    }
  });
});
