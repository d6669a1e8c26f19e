// Drift between files and Atlas in a real extension host, against the simulator: a .tf generated
// from a seed peer, one literal changed, shows the drift diagnostic; its quick fix rewrites only
// that literal and the next pass finds the resource in sync. A state file gets the diagnostic and
// no fix. The drift report lists a workspace folder holding in-sync, drifted, missing, not
// checked and unreadable resources.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseContainer, parsePeer, type AwsPeer } from '../../src/atlas/models';
import type { ConfigFeatures, TestApi } from '../../src/composition';
import { manifestsForPeer } from '../../src/iac/pure/kubernetes';
import { terraformForPeer } from '../../src/iac/pure/terraform';
import { AtlasSimulator, DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator } from '../simulator';
import { demoSeed } from '../simulator/seed';
import { activateTestApi, clearAtlasEnvironment, clearSettings, waitFor } from './support';

type Api = TestApi & { configFeatures: ConfigFeatures };

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'diagnostics'];
const OURS = 'Atlas Peering';

describe('drift between files and Atlas (extension host)', function () {
  this.timeout(60_000);
  let sim: AtlasSimulator;
  let api: Api;
  let dir: string;
  let restoreEnvironment = (): void => undefined;
  const groupId = SEED_IDS.peerProjects.awsAvailable;
  const peerId = SEED_IDS.peers.awsAvailable;
  const seedProject = demoSeed().projects.find((p) => p.id === groupId);
  const peer = parsePeer(seedProject?.peers.find((p) => p.id === peerId)) as AwsPeer;
  const containerJson = seedProject?.containers.find((c) => c.id === peer.containerId);
  const container = parseContainer(containerJson);
  const generated = terraformForPeer(groupId, peer, container);
  const liveCidr = peer.routeTableCidrBlock as string;
  const fileCidr = '10.254.0.0/24';

  const drifted = (): string => {
    const before = `route_table_cidr_block = "${liveCidr}"`;
    assert.ok(generated.includes(before), 'the generated code sets route_table_cidr_block');
    return generated.replace(before, `route_table_cidr_block = "${fileCidr}"`);
  };
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const ours = (uri: vscode.Uri): vscode.Diagnostic[] =>
    vscode.languages.getDiagnostics(uri).filter((d) => d.source === OURS);
  async function driftDiagnostics(doc: vscode.TextDocument, want: (d: vscode.Diagnostic[]) => boolean) {
    return waitFor(`drift diagnostics of ${path.basename(doc.fileName)}`, async () => {
      await api.configFeatures.diagnostics.settled();
      const d = ours(doc.uri).filter((x) => x.code === 'drift');
      return want(d) ? d : undefined;
    });
  }

  before(async () => {
    assert.ok(containerJson && peer.routeTableCidrBlock, 'the seed peer has a container and a CIDR');
    restoreEnvironment = clearAtlasEnvironment();
    sim = await startAtlasSimulator({ seed: 'demo' });
    api = (await activateTestApi()) as Api;
    await clearSettings(SETTINGS);
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
    api.sessions.reset();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the host has a workspace folder');
    dir = path.join(folder, 'drift-check');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    await clearSettings(SETTINGS);
    restoreEnvironment();
    api?.sessions.reset();
    await sim?.close();
  });

  it('a drifted .tf shows the diagnostic; its quick fix rewrites only the literal; the next pass is in sync', async () => {
    const doc = await vscode.workspace.openTextDocument(write('drifted.tf', drifted()));
    await vscode.window.showTextDocument(doc);
    const [d] = await driftDiagnostics(doc, (x) => x.length > 0);
    assert.equal(
      d.message,
      `Atlas has ${liveCidr}, this file says ${fileCidr} (route_table_cidr_block of mongodbatlas_network_peering.peer_${peerId}).`,
    );
    assert.equal(doc.getText(d.range), fileCidr, 'the diagnostic marks the literal');
    assert.equal(ours(doc.uri).filter((x) => x.code === 'drift').length, 1, 'only the changed value drifts');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === `Use Atlas's value ${liveCidr}`);
    assert.ok(fix?.edit, `a quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.getText(), generated, 'only the literal changed');
    await driftDiagnostics(doc, (x) => x.length === 0);
    await api.configFeatures.diagnostics.run();
    assert.deepEqual(
      ours(doc.uri).filter((x) => x.code === 'drift'),
      [],
    );
  });

  it('a drifted operator manifest shows the diagnostic on its YAML value; the quick fix restores the generated text', async () => {
    const manifests = manifestsForPeer(groupId, peer, container);
    const line = `routeTableCidrBlock: ${liveCidr}`;
    assert.equal(manifests.split(line).length, 2, 'the manifest sets the CIDR once');
    const doc = await vscode.workspace.openTextDocument(
      write('network.yaml', manifests.replace(line, `routeTableCidrBlock: "${fileCidr}"`)),
    );
    await vscode.window.showTextDocument(doc);
    const found = await driftDiagnostics(doc, (x) => x.length > 0);
    assert.equal(found.length, 1, found.map((d) => d.message).join(' | '));
    assert.match(
      found[0].message,
      new RegExp(`^Atlas has ${liveCidr.replace(/\./g, '\\.')}, this file says ${fileCidr.replace(/\./g, '\\.')} \\(`),
    );
    assert.match(
      doc.getText(found[0].range),
      new RegExp(fileCidr.replace(/\./g, '\\.')),
      'the diagnostic marks the value',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      found[0].range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => a.title === `Use Atlas's value ${liveCidr}`);
    assert.ok(fix?.edit, `a quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    // The double-quoted value stays double-quoted: the YAML still reads Atlas's value.
    assert.equal(doc.getText(), manifests.replace(line, `routeTableCidrBlock: "${liveCidr}"`));
    await driftDiagnostics(doc, (x) => x.length === 0);
  });

  it('a value set by an expression is not compared and gets no quick fix', async () => {
    const text = drifted().replace(`route_table_cidr_block = "${fileCidr}"`, 'route_table_cidr_block = var.cidr');
    // The tree's background pass may have listed this project's peers into the cache: forget them,
    // so that the lookup below shows on the wire.
    (await api.services.session())?.cache.invalidate({ groupId });
    const mark = sim.requestLog.length;
    const doc = await vscode.workspace.openTextDocument(write('expression.tf', text));
    await vscode.window.showTextDocument(doc);
    await api.configFeatures.diagnostics.run();
    await api.configFeatures.diagnostics.settled();
    // The pass ran (the peer was looked up) and found nothing to compare on that line.
    assert.ok(sim.requestLog.slice(mark).some((r) => r.path.endsWith(`/peers/${peerId}`)));
    assert.deepEqual(
      ours(doc.uri).filter((x) => x.code === 'drift'),
      [],
    );
  });

  it('a drifted state file gets the diagnostic with the refresh-only hint and no quick fix', async () => {
    const state = JSON.stringify(
      {
        version: 4,
        resources: [
          {
            mode: 'managed',
            type: 'mongodbatlas_network_container',
            name: 'main',
            instances: [
              {
                attributes: {
                  project_id: groupId,
                  container_id: container.id,
                  provider_name: 'AWS',
                  atlas_cidr_block: fileCidr,
                },
              },
            ],
          },
        ],
      },
      null,
      2,
    );
    const doc = await vscode.workspace.openTextDocument(write('terraform.tfstate', state));
    await vscode.window.showTextDocument(doc);
    const [d] = await driftDiagnostics(doc, (x) => x.length > 0);
    assert.match(
      d.message,
      new RegExp(`^Atlas has ${String(container.atlasCidrBlock).replace(/\./g, '\\.')}, this file says`),
    );
    assert.match(d.message, /terraform plan -refresh-only/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    assert.deepEqual(
      actions.filter((a) => a.title.startsWith("Use Atlas's value")),
      [],
    );
  });

  it('Show Drift Report lists in-sync, drifted, missing, not checked and unreadable resources', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir);
    write('in-sync.tf', generated);
    // A new name: drifted.tf is still open (fixed, unsaved) from the first test, and the report reads open documents as they are.
    write('drifted-too.tf', drifted());
    write(
      'missing.yaml',
      [
        'apiVersion: atlas.mongodb.com/v1',
        'kind: AtlasNetworkContainer',
        'metadata:',
        '  name: gone',
        'spec:',
        `  id: ${SEED_IDS.unknown.container}`,
        '  provider: AWS',
        '  cidrBlock: 10.9.0.0/21',
        '  region: US_EAST_1',
        '  externalProjectRef:',
        `    id: ${groupId}`,
        '',
      ].join('\n'),
    );
    write(
      'not-imported.tf',
      `resource "mongodbatlas_network_peering" "by_hand" {\n  project_id = "${groupId}"\n  vpc_id     = "vpc-1"\n}\n`,
    );
    write('broken.tf', 'resource "mongodbatlas_network_peering" {\n  vpc_id = "vpc-1"\n}\n');
    const report = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.driftReport');
    assert.ok(report, 'the command returned the report');
    assert.equal(report.languageId, 'markdown');
    const text = report.getText();
    const section = (title: string): string => {
      const start = text.indexOf(`\n## ${title}`);
      assert.ok(start >= 0, `no ${title} section in:\n${text}`);
      const end = text.indexOf('\n## ', start + 1);
      return text.slice(start, end < 0 ? undefined : end);
    };
    const inDir = (s: string): string[] => s.split('\n').filter((l) => l.includes('drift\\-check\\/'));
    const driftedRows = inDir(section('Drifted'));
    assert.equal(driftedRows.length, 1, section('Drifted'));
    assert.match(driftedRows[0], /drifted\\-too\\.tf/);
    assert.match(driftedRows[0], new RegExp(`Atlas has \`${liveCidr}\`, the file says \`${fileCidr}\``));
    assert.match(inDir(section('Missing in Atlas')).join('\n'), /missing\\\.yaml.*AtlasNetworkContainer\/gone/);
    assert.match(inDir(section('Not checked')).join('\n'), /not\\-imported\\\.tf.*import block/);
    // The generated file: its peering and its container, both in sync.
    assert.equal(inDir(section('In sync')).filter((l) => /in\\-sync\\\.tf/.test(l)).length, 2, section('In sync'));
    assert.match(inDir(section('Unreadable files')).join('\n'), /broken\\\.tf.*1 of its 1/);
  });
});
