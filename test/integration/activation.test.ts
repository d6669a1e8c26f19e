// The extension as the real extension host sees it: present, activates, contributes its view and commands.
// Also records the activation time to bench-results/activation.json, which `npm run bench` reads.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, VIEW_ID } from '../../src/config/pure/commands';
import type { TestApi } from '../../src/composition';
import { EXTENSION_ID } from './support';

const CONTAINER_ID = 'atlasPeering';

interface Manifest {
  version: string;
  main: string;
  contributes: {
    viewsContainers: { activitybar: { id: string; title: string; icon: string }[] };
    views: Record<string, { id: string; name: string }[]>;
    commands: { command: string; title: string }[];
  };
}

describe('activation (extension host)', function () {
  this.timeout(60_000);

  it('is installed under its id and activates', async () => {
    const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
    assert.ok(
      ext,
      `${EXTENSION_ID} is not loaded; loaded: ${vscode.extensions.all
        .map((e) => e.id)
        .filter((id) => !id.startsWith('vscode.'))
        .join(', ')}`,
    );
    const api = await ext.activate();
    assert.equal(ext.isActive, true);
    // The test API exists only because this host runs the extension in ExtensionMode.Test.
    assert.ok(api, 'activate() returned no test API in a test host');
    const manifest = ext.packageJSON as Manifest;
    assert.equal(api.version, manifest.version);
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0 && api.activationMs < 10_000, `activation took ${api.activationMs} ms`);
  });

  it('runs in the Node extension host from the bundled entry', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = ext.packageJSON as Manifest;
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(ext.extensionKind, vscode.ExtensionKind.Workspace);
    assert.equal(typeof process.versions.node, 'string');
  });

  it('contributes the Atlas Peering view container and its view', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
    const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === CONTAINER_ID);
    assert.ok(container, 'no activity-bar container atlasPeering');
    assert.equal(container.title, 'Atlas Peering');
    const views = manifest.contributes.views[CONTAINER_ID] ?? [];
    assert.deepEqual(
      views.map((v) => v.id),
      [VIEW_ID],
    );
    // The workbench creates `<view id>.focus` for every registered view: running it proves the view exists.
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    await vscode.commands.executeCommand(`workbench.view.extension.${CONTAINER_ID}`);
  });

  it('registers every command in src/commands.ts, and the manifest lists them', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const ids = Object.values(Commands);
    assert.ok(ids.length >= 10, `only ${ids.length} commands in src/commands.ts`);
    const missing = ids.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Manifest;
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(contributed, [...ids].sort());
  });

  it('reports how long activate() took and records it for the benchmarks', async () => {
    const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the host`);
    const api = await ext.activate();
    assert.ok(api, 'activate() returned no test API in a test host');
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs is ${api.activationMs}`);
    // out/test/integration -> repository root
    const dir = path.resolve(__dirname, '..', '..', '..', 'bench-results');
    fs.mkdirSync(dir, { recursive: true });
    const record = {
      activationMs: api.activationMs,
      measuredAt: new Date().toISOString(),
      host: `${vscode.env.appName} ${vscode.version}`,
    };
    fs.writeFileSync(path.join(dir, 'activation.json'), `${JSON.stringify(record, null, 2)}\n`);
  });
});
