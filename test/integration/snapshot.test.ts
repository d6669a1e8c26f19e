// The tree's snapshot in a real extension host against the simulator over HTTP: the view paints the
// last-known projects and states with no request, marked "as of", then Atlas's answer replaces it;
// a snapshot kept for other credentials or another base URL is never shown; Sign Out and turning
// the setting off delete it; the file holds no credential and no host.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AtlasSimulator, DEMO_CREDENTIALS, makeLargeSeed, startAtlasSimulator } from '../simulator';
import type { TestApi } from '../../src/composition';
import type { ProjectNode, TreeNode } from '../../src/tree/pure/treeModel';
import type { SeedData } from '../simulator/types';
import { activateTestApi, clearAtlasEnvironment, clearSettings } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds', 'rememberTree'];
const PROJECTS = 8;
const SA = DEMO_CREDENTIALS.serviceAccount;
const KEY = DEMO_CREDENTIALS.apiKey;

describe('snapshot: the tree paints before Atlas answers (extension host)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let sim: AtlasSimulator;
  let other: AtlasSimulator;
  let seed: SeedData;
  let restoreEnvironment: (() => void) | undefined;

  const useServiceAccount = (url: string): void => {
    delete process.env.MONGODB_ATLAS_PUBLIC_API_KEY;
    delete process.env.MONGODB_ATLAS_PRIVATE_API_KEY;
    process.env.MONGODB_ATLAS_BASE_URL = url;
    process.env.MONGODB_ATLAS_CLIENT_ID = SA.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = SA.clientSecret;
  };
  const useApiKey = (url: string): void => {
    delete process.env.MONGODB_ATLAS_CLIENT_ID;
    delete process.env.MONGODB_ATLAS_CLIENT_SECRET;
    process.env.MONGODB_ATLAS_BASE_URL = url;
    process.env.MONGODB_ATLAS_PUBLIC_API_KEY = KEY.publicKey;
    process.env.MONGODB_ATLAS_PRIVATE_API_KEY = KEY.privateKey;
  };

  before(async () => {
    restoreEnvironment = clearAtlasEnvironment();
    seed = makeLargeSeed({ projects: PROJECTS, peersPerProvider: () => 2, providersOf: () => ['AWS'] });
    sim = await startAtlasSimulator({ seed });
    other = await startAtlasSimulator({ seed });
    api = await activateTestApi();
    await clearSettings(SETTINGS);
    useServiceAccount(sim.url);
    await vscode.commands.executeCommand('atlasPeering.connections.focus');
    // The sessions of the file before ours (its environment) go: environment variables are read
    // when a session is made, and nothing else here resets them.
    await api.tree.refresh();
  });

  after(async () => {
    await clearSettings(SETTINGS);
    await api?.services.credentials.delete('default');
    restoreEnvironment?.();
    await api?.tree.refresh();
    await sim?.close();
    await other?.close();
  });

  const snapshotFile = (): string => path.join(api.services.context.globalStorageUri.fsPath, 'tree-snapshot.json');
  const projects = (nodes: TreeNode[]): ProjectNode[] => nodes.filter((n): n is ProjectNode => n.kind === 'project');
  const description = (node: TreeNode): string => String(api.tree.getTreeItem(node).description ?? '');
  const firstName = (nodes: TreeNode[]): string | undefined =>
    projects(nodes).find((p) => p.projectId === seed.projects[0].id)?.name;
  const rename = (name: string): void => {
    const record = sim.data.projects.get(seed.projects[0].id);
    assert.ok(record);
    record.name = name;
  };

  /** Loads everything live, keeps the snapshot, and starts over: returns the top level VS Code is given first. */
  async function reopen(change?: () => void | Promise<void>): Promise<{ nodes: TreeNode[]; requestsBefore: number }> {
    await api.tree.loadEstate();
    await api.tree.saveSnapshot();
    await change?.();
    const mark = sim.requestLog.length + other.requestLog.length;
    await api.tree.refresh();
    const nodes = await api.tree.paintedChildren();
    const requestsBefore = sim.requestLog.length + other.requestLog.length - mark;
    if (requestsBefore > 0) {
      const seen = [...sim.requestLog, ...other.requestLog].slice(-requestsBefore);
      console.log(`  requests before the paint: ${seen.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    }
    return { nodes, requestsBefore };
  }

  it('paints the last-known projects and states with 0 requests, marked "as of", then Atlas replaces them', async () => {
    rename('Kept name');
    const painted = await reopen(() => rename('Live name'));
    assert.equal(painted.requestsBefore, 0, 'no request before the paint');
    assert.equal(projects(painted.nodes).length, PROJECTS);
    assert.equal(firstName(painted.nodes), 'Kept name', 'the snapshot, not Atlas');
    for (const p of projects(painted.nodes)) {
      assert.match(description(p), /^2 connections · .+ · as of \d\d:\d\d$/, p.name);
    }
    // Atlas's answer, in place: the new name, no "as of", the same ids.
    const live = await api.tree.getChildren();
    await api.tree.loadEstate();
    assert.equal(firstName(live), 'Live name');
    assert.deepEqual(
      projects(live).map((p) => p.id),
      projects(painted.nodes).map((p) => p.id),
    );
    for (const p of projects(live)) {
      assert.doesNotMatch(description(p), /as of/, p.name);
    }
    // Expanding a painted project shows Atlas's peers, never the snapshot's.
    const again = await reopen();
    const first = projects(again.nodes)[0];
    const mark = sim.requestLog.length;
    const providers = await api.tree.getChildren(first);
    assert.ok(providers.length > 0);
    assert.ok(
      sim.requestLog.slice(mark).some((r) => r.path.endsWith(`/groups/${first.projectId}/containers/all`)),
      'the expansion asked Atlas',
    );

    const text = fs.readFileSync(snapshotFile(), 'utf8');
    for (const secret of [SA.clientId, SA.clientSecret, KEY.publicKey, KEY.privateKey, sim.url, '127.0.0.1']) {
      assert.ok(!text.includes(secret), `the snapshot holds ${secret}`);
    }
  });

  it('never paints the snapshot of other credentials or of another base URL', async () => {
    rename('Seen by the service account');
    await reopen(); // the service account's snapshot holds that name
    // The API key of the same Atlas: no snapshot of its own yet, so Atlas answers first.
    const byKey = await reopen(() => {
      rename('Seen by the API key');
      useApiKey(sim.url);
    });
    assert.ok(byKey.requestsBefore > 0, 'the API key waited for Atlas');
    assert.equal(firstName(byKey.nodes), 'Seen by the API key');
    assert.ok(projects(byKey.nodes).every((p) => !description(p).includes('as of')));
    // Back to the service account: its own snapshot, not the API key's.
    const bySa = await reopen(() => {
      rename('Live again');
      useServiceAccount(sim.url);
    });
    assert.equal(bySa.requestsBefore, 0);
    assert.equal(firstName(bySa.nodes), 'Seen by the service account');
    // The same credentials at another base URL: nothing painted.
    const elsewhere = await reopen(() => useServiceAccount(other.url));
    assert.ok(elsewhere.requestsBefore > 0, 'another base URL waited for Atlas');
    assert.ok(projects(elsewhere.nodes).every((p) => !description(p).includes('as of')));
    useServiceAccount(sim.url);
  });

  it("Sign Out deletes its profile's snapshot, and turning the setting off deletes the file", async () => {
    // Stored credentials for the default profile, at the simulator.
    delete process.env.MONGODB_ATLAS_CLIENT_ID;
    delete process.env.MONGODB_ATLAS_CLIENT_SECRET;
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('profiles', { default: { baseUrl: sim.url } }, vscode.ConfigurationTarget.Global);
    await api.services.credentials.store('default', { kind: 'serviceAccount', ...SA });
    // The same credentials as the environment's: the snapshot kept for them is theirs.
    await reopen();
    await api.tree.loadEstate();
    await api.tree.saveSnapshot();
    const before = JSON.parse(fs.readFileSync(snapshotFile(), 'utf8')) as { entries: { profile: string }[] };
    assert.ok(before.entries.some((e) => e.profile === 'default'));

    await vscode.commands.executeCommand('atlasPeering.signOut', { profile: 'default' });
    const after = JSON.parse(fs.readFileSync(snapshotFile(), 'utf8')) as { entries: { profile: string }[] };
    assert.ok(!after.entries.some((e) => e.profile === 'default'), 'Sign Out kept the snapshot');

    // Credentials again, a snapshot again, then the setting off: the file goes and nothing is painted.
    await api.services.credentials.store('default', { kind: 'serviceAccount', ...SA });
    await reopen();
    assert.ok(fs.existsSync(snapshotFile()));
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('rememberTree', false, vscode.ConfigurationTarget.Global);
    const off = await reopen();
    assert.ok(!fs.existsSync(snapshotFile()), 'the setting off left the file');
    assert.ok(off.requestsBefore > 0, 'painted with the setting off');
  });
});
