// The Peering Connections tree in a real extension host, against the simulator over HTTP.
// Credentials come from the environment here (as in the demo); credentials.test.ts covers storage.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { AtlasSimulator, DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator } from '../simulator';
import type { TestApi } from '../../src/composition';
import type { TreeNode } from '../../src/tree/pure/treeModel';
import { activateTestApi, ATLAS_ENV_KEYS, clearSettings, waitFor, writeWorkspaceSettings } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds'];

function label(api: TestApi, node: TreeNode): string {
  const l = api.tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

function icon(api: TestApi, node: TreeNode): string | undefined {
  const i = api.tree.getTreeItem(node).iconPath;
  return i instanceof vscode.ThemeIcon ? i.id : undefined;
}

describe('tree (extension host)', function () {
  this.timeout(60_000);
  let api: TestApi;
  let sim: AtlasSimulator;
  const savedEnv: Record<string, string | undefined> = {};

  before(async () => {
    for (const k of ATLAS_ENV_KEYS) {
      savedEnv[k] = process.env[k];
      delete process.env[k];
    }
    sim = await startAtlasSimulator({ seed: 'demo' });
    api = await activateTestApi();
    await clearSettings(SETTINGS);
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
    await vscode.commands.executeCommand('atlasPeering.connections.focus');
  });

  beforeEach(async () => {
    await api.tree.refresh();
  });

  after(async () => {
    await clearSettings(SETTINGS);
    for (const k of ATLAS_ENV_KEYS) {
      if (savedEnv[k] === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = savedEnv[k];
      }
    }
    await api?.tree.refresh();
    await sim?.close();
  });

  async function project(name: string): Promise<TreeNode> {
    const root = await api.tree.getChildren();
    const p = root.find((n) => n.kind === 'project' && n.name === name);
    assert.ok(p, `project ${name} in ${root.map((n) => label(api, n)).join(', ')}`);
    return p;
  }

  it('activates quickly, without network', () => {
    assert.equal(typeof api.version, 'string');
    assert.ok(api.activationMs >= 0 && api.activationMs < 2000, `activation took ${api.activationMs} ms`);
  });

  it('shows the discovered projects and that the credentials come from the environment', async () => {
    const root = await api.tree.getChildren();
    assert.equal(root[0].kind, 'message');
    assert.match(label(api, root[0]), /environment variables/);
    assert.equal(api.tree.getTreeItem(root[0]).description, 'MONGODB_ATLAS_CLIENT_ID, MONGODB_ATLAS_CLIENT_SECRET');
    const names = root
      .filter((n) => n.kind === 'project')
      .map((n) => label(api, n))
      .sort();
    assert.deepEqual(names, ['Analytics', 'Load-Test', 'Production', 'Sandbox', 'Staging']);
    const prod = root.find((n) => n.kind === 'project' && n.projectId === SEED_IDS.projects.production)!;
    assert.equal(prod.id, `default/${SEED_IDS.projects.production}`);
    const tooltip = api.tree.getTreeItem(prod).tooltip as vscode.MarkdownString;
    assert.ok(tooltip.value.includes(SEED_IDS.projects.production));
  });

  it('shows the peers of all three providers with status icons, from what the background pass loaded', async () => {
    await api.tree.loadEstate();
    const prod = await project('Production');
    assert.match(String(api.tree.getTreeItem(prod).description), /^6 connections · needs your action$/);
    const before = sim.requestLog.filter((r) => r.path.includes('/peers')).length;
    const providers = await api.tree.getChildren(prod);
    assert.equal(
      sim.requestLog.filter((r) => r.path.includes('/peers')).length,
      before,
      'expanding lists no peers again',
    );
    assert.deepEqual(
      providers.map((n) => label(api, n)),
      ['AWS', 'Azure', 'Google Cloud'],
    );
    const peers = new Map<string, TreeNode>();
    for (const p of providers) {
      for (const peer of await api.tree.getChildren(p)) {
        assert.equal(peer.kind, 'peer');
        if (peer.kind === 'peer') {
          peers.set(peer.peer.id, peer);
          assert.equal(peer.id, `default/${SEED_IDS.projects.production}/${peer.provider}/${peer.peer.id}`);
        }
      }
    }
    assert.equal(peers.size, 6);
    const available = peers.get(SEED_IDS.peers.awsAvailable)!;
    assert.equal(icon(api, available), 'pass-filled');
    assert.equal(api.tree.getTreeItem(available).description, 'AVAILABLE');
    assert.equal(api.tree.getTreeItem(available).contextValue, 'peerAwsConnection');
    const pending = peers.get(SEED_IDS.peers.awsPendingAcceptance)!;
    assert.equal(icon(api, pending), 'warning');
    assert.equal(icon(api, peers.get(SEED_IDS.peers.gcpWaitingForUser)!), 'warning');
    // The project shows its count and worst status once loaded.
    const item = api.tree.getTreeItem(prod);
    assert.equal(item.description, '6 connections · needs your action');
    assert.equal(icon(api, prod), 'warning');

    const staging = await project('Staging');
    const stagingPeers: TreeNode[] = [];
    for (const p of await api.tree.getChildren(staging)) {
      stagingPeers.push(...(await api.tree.getChildren(p)));
    }
    const byId = new Map(stagingPeers.map((n) => [n.kind === 'peer' ? n.peer.id : n.id, n]));
    assert.equal(icon(api, byId.get(SEED_IDS.peers.awsInitiating)!), 'sync~spin');
    assert.equal(icon(api, byId.get(SEED_IDS.peers.azureFailed)!), 'error');
    assert.equal(icon(api, byId.get(SEED_IDS.peers.awsTerminating)!), 'trash');
    const failedTooltip = api.tree.getTreeItem(byId.get(SEED_IDS.peers.gcpFailed)!).tooltip as vscode.MarkdownString;
    assert.match(failedTooltip.value, /overlaps/);
    assert.ok(!failedTooltip.isTrusted, 'tooltips are never trusted markdown');
  });

  it('says why a project is empty', async () => {
    const children = await api.tree.getChildren(await project('Sandbox'));
    assert.equal(children.length, 1);
    assert.equal(label(api, children[0]), 'No peering connections in this project for AWS, Azure or GCP');
  });

  it('turns bad credentials into an error node that offers Set Credentials', async () => {
    process.env.MONGODB_ATLAS_CLIENT_SECRET = 'mdb_sa_sk_wrong';
    try {
      await api.tree.refresh();
      const root = await api.tree.getChildren();
      const error = root.find((n) => n.kind === 'message' && n.message === 'error');
      assert.ok(error, `error node in ${root.map((n) => label(api, n)).join(' | ')}`);
      const item = api.tree.getTreeItem(error);
      assert.equal(item.contextValue, 'errorAuth');
      assert.equal(item.command?.command, 'atlasPeering.setCredentials');
      assert.match(label(api, error), /Could not list projects: .*(rejected|credentials)/i);
      assert.ok(!label(api, error).includes('mdb_sa_sk_wrong'));
    } finally {
      process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
    }
  });

  it('turns a server error into a retry node, and retry recovers', async () => {
    sim.setFault({ path: new RegExp(`/groups/${SEED_IDS.projects.analytics}/peers`) }, { status: 500, times: 30 });
    const analytics = await project('Analytics');
    const children = await api.tree.getChildren(analytics);
    assert.equal(children.length, 1);
    const item = api.tree.getTreeItem(children[0]);
    assert.equal(item.contextValue, 'error');
    assert.equal(item.command?.command, 'atlasPeering.refreshNode');
    sim.clearFaults();
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const again = await api.tree.getChildren(analytics);
    assert.deepEqual(
      again.map((n) => n.kind),
      ['provider', 'provider', 'provider'],
    );
  });

  it('shows only the configured peers of configured projects', async () => {
    const c = vscode.workspace.getConfiguration('atlasPeering');
    await c.update('discoverProjects', false, vscode.ConfigurationTarget.Global);
    // One peer by Atlas id, one by its GCP network name.
    await c.update(
      'projects',
      [
        {
          id: SEED_IDS.projects.production,
          name: 'Prod (configured)',
          peers: [SEED_IDS.peers.awsAvailable, 'prod-vpc'],
        },
      ],
      vscode.ConfigurationTarget.Global,
    );
    try {
      const root = await waitFor('configured project', async () => {
        const r = await api.tree.getChildren();
        return r.some((n) => n.kind === 'project' && n.name === 'Prod (configured)') ? r : undefined;
      });
      assert.deepEqual(
        root.filter((n) => n.kind === 'project').map((n) => label(api, n)),
        ['Prod (configured)'],
      );
      const prod = root.find((n) => n.kind === 'project')!;
      const providers = await api.tree.getChildren(prod);
      assert.deepEqual(
        providers.map((n) => label(api, n)),
        ['AWS', 'Google Cloud'],
      );
      const peers: TreeNode[] = [];
      for (const p of providers) {
        peers.push(...(await api.tree.getChildren(p)));
      }
      const ids = peers.map((n) => (n.kind === 'peer' ? n.peer.id : '')).sort();
      assert.deepEqual(ids, [SEED_IDS.peers.awsAvailable, SEED_IDS.peers.gcpAvailable].sort());
      assert.match(String(api.tree.getTreeItem(prod).description), /\(filtered\)/);
    } finally {
      await clearSettings(SETTINGS);
    }
  });

  it('refreshes connections in transition automatically and announces the change', async () => {
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('autoRefreshSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('atlasPeering.connections.focus');
      const staging = await project('Staging');
      await api.tree.getChildren(staging);
      const peerStatus = async (): Promise<string | null | undefined> => {
        const aws = (await api.tree.getChildren(staging)).find((n) => n.kind === 'provider' && n.provider === 'AWS');
        const peer =
          aws &&
          (await api.tree.getChildren(aws)).find(
            (n) => n.kind === 'peer' && n.peer.id === SEED_IDS.peers.awsInitiating,
          );
        return peer?.kind === 'peer' ? peer.peer.status : undefined;
      };
      assert.equal(await peerStatus(), 'INITIATING');
      sim.data.setPeerStatus(SEED_IDS.projects.staging, SEED_IDS.peers.awsInitiating, 'PENDING_ACCEPTANCE');
      await waitFor(
        'auto refresh',
        async () => ((await peerStatus()) === 'PENDING_ACCEPTANCE' ? true : undefined),
        15_000,
      );
      await waitFor(
        'announcement',
        () =>
          api.logLines().some((l) => l.includes(`${SEED_IDS.peers.awsInitiating} INITIATING -> PENDING_ACCEPTANCE`)) ||
          undefined,
      );
    } finally {
      await clearSettings(SETTINGS);
    }
  });

  it('does not let a workspace move where credentials are sent', async function () {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) {
      this.skip();
    }
    const hits: string[] = [];
    const decoy = http.createServer((req, res) => {
      hits.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"results":[],"totalCount":0}');
    });
    await new Promise<void>((r) => decoy.listen(0, '127.0.0.1', r));
    const decoyUrl = `http://127.0.0.1:${(decoy.address() as AddressInfo).port}`;
    const dir = path.join(folder!.uri.fsPath, '.vscode');
    const file = path.join(dir, 'settings.json');
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    try {
      await writeWorkspaceSettings(
        file,
        JSON.stringify(
          {
            'atlasPeering.profiles': { default: { baseUrl: decoyUrl }, evil: { baseUrl: decoyUrl } },
            'atlasPeering.defaultProfile': 'evil',
            'atlasPeering.requestTimeoutSeconds': 1,
            // Proves the file was read: this (workspace-allowed) setting must take effect.
            'atlasPeering.projects': [{ id: SEED_IDS.projects.production, name: 'From workspace' }],
            'atlasPeering.discoverProjects': false,
          },
          null,
          2,
        ),
      );
      await api.tree.refresh();
      sim.clearLog();
      const root = await api.tree.getChildren();
      const prod = root.find((n) => n.kind === 'project' && n.name === 'From workspace');
      assert.ok(prod, `workspace project shown: ${root.map((n) => label(api, n)).join(', ')}`);
      await api.tree.getChildren(prod);
      assert.ok(sim.requestLog.length > 0, 'the simulator (the user-level base URL) got the requests');
      assert.deepEqual(hits, [], 'the workspace-configured server received nothing');
    } finally {
      await writeWorkspaceSettings(file, previous);
      await new Promise<void>((r) => decoy.close(() => r()));
    }
  });
});
