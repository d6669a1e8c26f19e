// Secret hygiene: with distinctive credentials — a service account from the environment,
// an API key and a second service account in SecretStorage — every command, view and a run of
// faults; then the secrets, and every bearer token and digest answer actually sent, are searched for
// in the log (the LogOutputChannel file on disk and the in-memory lines), the settings files,
// globalState / workspaceState (API and state files), webview HTML, error and notification texts,
// tree items, hovers and clipboard writes. None may appear.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/composition';
import type { TreeNode } from '../../src/tree/pure/treeModel';
import { AtlasSimulator, SEED_IDS, startAtlasSimulator, type Fault } from '../simulator';
import { proxyTo, RecordedRequest, startTinyServer } from '../unit/atlas/helpers';
import { activateTestApi, ATLAS_ENV_KEYS, writeWorkspaceSettings } from './support';
import { attackSuite } from '../unit/atlas/attacks';

type Api = TestApi;
const SETTINGS = [
  'projects',
  'discoverProjects',
  'profiles',
  'defaultProfile',
  'autoRefreshSeconds',
  'requestTimeoutSeconds',
];

/** Distinctive: any hit is a leak, not a coincidence. */
export const SECRET_CREDENTIALS = {
  envServiceAccount: {
    clientId: 'mdb_sa_id_5ec0e7c1e47000000000000a1',
    clientSecret: 'mdb_sa_sk_ENVsecretQuokka7Zebra3Narwhal9xYq2',
  },
  storedServiceAccount: {
    clientId: 'mdb_sa_id_5ec0e7c1e47000000000000b2',
    clientSecret: 'mdb_sa_sk_STOREDsecretOcelot4Ibis8Tapir1kPw',
  },
  uiServiceAccount: {
    clientId: 'mdb_sa_id_5ec0e7c1e47000000000000c3',
    clientSecret: 'mdb_sa_sk_TYPEDsecretMarmot2Dingo6Lemur5rTz',
  },
  apiKey: { publicKey: 'zqsecpub', privateKey: '5ec2e7ab-7c0d-4e1f-9a2b-PRIVATEKEYf00d' },
};
const S = SECRET_CREDENTIALS;
const PROD = SEED_IDS.projects.production;
function walkFiles(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 8 || !fs.existsSync(dir)) {
    return out;
  }
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      walkFiles(full, out, depth + 1);
    } else if (e.isFile()) {
      out.push(full);
    }
  }
  return out;
}

describe('secrets: hygiene and trust in the extension host', function () {
  const { attack } = attackSuite('secrets in the extension host');
  this.timeout(180_000);
  let api: Api;
  let sim: AtlasSimulator;
  let proxy: Awaited<ReturnType<typeof startTinyServer>>;
  let dir: string;
  const savedEnv: Record<string, string | undefined> = {};
  /** Every user-visible or stored text gathered during the run: [where, text]. */
  const haystack: [string, string][] = [];
  const add = (where: string, text: unknown): void => {
    haystack.push([where, typeof text === 'string' ? text : (JSON.stringify(text) ?? String(text))]);
  };
  type Win = typeof vscode.window;
  const win = vscode.window as { -readonly [K in keyof Win]: Win[K] };
  let restoreWindow: (() => void) | undefined;

  before(async () => {
    for (const k of ATLAS_ENV_KEYS) {
      savedEnv[k] = process.env[k];
      delete process.env[k];
    }
    sim = await startAtlasSimulator({
      seed: 'demo',
      serviceAccounts: [S.envServiceAccount, S.storedServiceAccount, S.uiServiceAccount],
      apiKeys: [S.apiKey],
    });
    // Every request goes through a recording proxy, so the tokens and digest answers actually sent
    // can be searched for too.
    proxy = await startTinyServer((req, res) => proxyTo(sim.url, req, res));
    api = await activateTestApi();
    const c = vscode.workspace.getConfiguration('atlasPeering');
    for (const key of SETTINGS) {
      await c.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await c.update('autoRefreshSeconds', 0, vscode.ConfigurationTarget.Global);
    process.env.MONGODB_ATLAS_BASE_URL = proxy.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = S.envServiceAccount.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = S.envServiceAccount.clientSecret;
    await api.services.settings.setProfile('seckey', proxy.url);
    await api.services.settings.setProfile('secsa', proxy.url);
    await api.services.credentials.store('seckey', { kind: 'apiKey', ...S.apiKey });
    await api.services.credentials.store('secsa', { kind: 'serviceAccount', ...S.storedServiceAccount });
    await api.tree.refresh();

    const saved = {
      showErrorMessage: win.showErrorMessage,
      showWarningMessage: win.showWarningMessage,
      showInformationMessage: win.showInformationMessage,
      showQuickPick: win.showQuickPick,
      showInputBox: win.showInputBox,
    };
    restoreWindow = () => Object.assign(win, saved);
    const record = (kind: string) => async (m: string) => {
      add(`notification (${kind})`, m);
      return undefined;
    };
    win.showErrorMessage = record('error') as Win['showErrorMessage'];
    win.showWarningMessage = record('warning') as Win['showWarningMessage'];
    win.showInformationMessage = record('info') as Win['showInformationMessage'];

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-secrets-'));
  });

  after(async () => {
    restoreWindow?.();
    api.details.closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const p of ['seckey', 'secsa', 'sec-ui']) {
      await api.services.credentials.delete(p).catch(() => undefined);
    }
    const c = vscode.workspace.getConfiguration('atlasPeering');
    for (const key of SETTINGS) {
      await c.update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    for (const k of ATLAS_ENV_KEYS) {
      if (savedEnv[k] === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = savedEnv[k];
      }
    }
    api?.sessions.reset();
    await proxy?.close();
    await sim?.close();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Walks the whole tree (loading every project) and records every label, description and tooltip. */
  async function walkTree(where: string): Promise<TreeNode[]> {
    const all: TreeNode[] = [];
    const visit = async (node: TreeNode | undefined, depth: number): Promise<void> => {
      const kids = await api.tree.getChildren(node);
      for (const k of kids) {
        all.push(k);
        const item = api.tree.getTreeItem(k);
        const tip = item.tooltip;
        add(`${where} tree item`, [
          item.label,
          item.description,
          typeof tip === 'string' ? tip : tip?.value,
          item.command,
        ]);
        if (
          depth < 4 &&
          (k.kind === 'profile' ||
            k.kind === 'provider' ||
            (k.kind === 'project' && (k.projectId === PROD || k.name === 'Sandbox')))
        ) {
          await visit(k, depth + 1);
        }
      }
    };
    await visit(undefined, 0);
    return all;
  }

  async function hoverAll(where: string): Promise<void> {
    const file = path.join(dir, 'main.tf');
    const text = [SEED_IDS.peers.awsAvailable, SEED_IDS.peers.gcpWaitingForUser, SEED_IDS.unknown.peer]
      .map(
        (id, i) =>
          `data "mongodbatlas_network_peering" "p${i}" {\n  project_id = "${PROD}"\n  peering_id = "${id}"\n}\n`,
      )
      .join('\n');
    fs.writeFileSync(file, text);
    const doc = await vscode.workspace.openTextDocument(file);
    for (const id of [PROD, SEED_IDS.peers.awsAvailable, SEED_IDS.peers.gcpWaitingForUser, SEED_IDS.unknown.peer]) {
      const hovers =
        (await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          doc.positionAt(doc.getText().lastIndexOf(id) + 2),
        )) ?? [];
      add(
        `${where} hover`,
        hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')),
      );
    }
    const lenses =
      (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10)) ?? [];
    add(
      `${where} codelens`,
      lenses.map((l) => [l.command?.title, l.command?.tooltip, l.command?.arguments]),
    );
    add(
      `${where} diagnostics`,
      vscode.languages.getDiagnostics(doc.uri).map((d) => [d.message, d.code, d.source]),
    );
  }

  async function detailsOf(where: string, profile: string, peerId: string): Promise<void> {
    const key = `${profile}/${PROD}/${peerId}`;
    await vscode.commands.executeCommand('atlasPeering.showDetails', { groupId: PROD, peerId, profile });
    await api.details.whenIdle(key);
    const info = api.details.openPanels().find((p) => p.key === key);
    add(`${where} details state`, info);
    add(`${where} details html`, api.details.getPanelHtml(key) ?? '');
    await api.details.receive(key, { type: 'refresh' });
    await api.details.whenIdle(key);
    add(`${where} details html after refresh`, api.details.getPanelHtml(key) ?? '');
  }

  async function clipboard(where: string): Promise<string> {
    const text = await vscode.env.clipboard.readText();
    add(`${where} clipboard`, text);
    return text;
  }

  attack('runs every command and view with the credentials', async () => {
    const nodes = await walkTree('initial');
    const profiles = nodes
      .filter((n) => n.kind === 'profile')
      .map((n) => n.kind === 'profile' && n.profile)
      .sort();
    assert.deepEqual(profiles, ['default', 'seckey', 'secsa'], 'three profiles with credentials');
    const peers = nodes.filter((n): n is Extract<TreeNode, { kind: 'peer' }> => n.kind === 'peer');
    assert.ok(peers.length >= 12, `peers of every profile: ${peers.length}`);
    assert.ok(
      proxy.recorded.some((r) => r.headers.authorization?.startsWith('Bearer ')),
      'bearer tokens were sent',
    );
    assert.ok(
      proxy.recorded.some((r) => r.headers.authorization?.startsWith('Digest ')),
      'digest answers were sent',
    );

    for (const profile of ['default', 'seckey', 'secsa']) {
      const awsPeer = peers.find((p) => p.profile === profile && p.peer.providerName === 'AWS' && p.peer.connectionId);
      assert.ok(awsPeer, `an AWS peer with a connection id under ${profile}`);
      for (const cmd of ['atlasPeering.copyPeerId', 'atlasPeering.copyConnectionId', 'atlasPeering.copyJson']) {
        await vscode.commands.executeCommand(cmd, awsPeer);
        await clipboard(`${profile} ${cmd}`);
      }
      await detailsOf(profile, profile, awsPeer.peer.id);
      const key = `${profile}/${PROD}/${awsPeer.peer.id}`;
      for (const field of ['peer.vpcId', 'peer.connectionId', 'rawJson']) {
        await api.details.receive(key, { type: 'copy', field });
        await clipboard(`${profile} details copy ${field}`);
      }
      await vscode.commands.executeCommand('atlasPeering.refreshPeer', {
        groupId: PROD,
        peerId: awsPeer.peer.id,
        profile,
      });
      await vscode.commands.executeCommand(
        'atlasPeering.refreshNode',
        nodes.find((n) => n.kind === 'project' && n.profile === profile && n.projectId === PROD),
      );
      const r = await vscode.commands.executeCommand('atlasPeering.lookUpPeeringConnection', {
        groupId: PROD,
        peerId: awsPeer.peer.id,
        profile,
      });
      add(`${profile} lookup result`, r);
      const pcx = await vscode.commands.executeCommand(
        'atlasPeering.lookUpPeeringConnection',
        PROD,
        awsPeer.peer.providerName === 'AWS' ? awsPeer.peer.connectionId : '',
        profile,
      );
      add(`${profile} lookup by pcx`, pcx);
    }
    await hoverAll('initial');
    await vscode.commands.executeCommand('atlasPeering.refresh');
    await vscode.commands.executeCommand('atlasPeering.importFromAtlasCli');
    await walkTree('after commands');
  });

  attack('Set Credentials with typed secrets (prompts answered by stubs), then a sign-out', async () => {
    win.showQuickPick = (async (
      items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
      options?: vscode.QuickPickOptions,
    ) => {
      const list = await items;
      const title = options?.title ?? '';
      add('quick pick title', title);
      const pick = (re: RegExp): vscode.QuickPickItem | undefined => list.find((i) => re.test(i.label));
      if (title.includes('base URL')) {
        return pick(/Other URL/);
      }
      if (title.includes('profile') && !title.includes('for profile')) {
        return pick(/New profile/);
      }
      return pick(/Service account/);
    }) as unknown as Win['showQuickPick'];
    win.showInputBox = (async (options?: vscode.InputBoxOptions) => {
      const title = options?.title ?? '';
      add('input box', [title, options?.prompt, options?.placeHolder, options?.value]);
      if (title.includes('name')) {
        return 'sec-ui';
      }
      if (title.includes('base URL')) {
        return proxy.url;
      }
      return title.includes('client ID') ? S.uiServiceAccount.clientId : S.uiServiceAccount.clientSecret;
    }) as Win['showInputBox'];
    await vscode.commands.executeCommand('atlasPeering.setCredentials');
    assert.deepEqual(
      await api.services.credentials.get('sec-ui'),
      { kind: 'serviceAccount', ...S.uiServiceAccount },
      `stored; seen: ${haystack
        .filter(([w]) => /notification|quick pick|input box/.test(w))
        .slice(-8)
        .map(([w, t]) => `${w}: ${t}`)
        .join(' | ')}`,
    );
    await walkTree('after set credentials');
    await vscode.commands.executeCommand('atlasPeering.signOut', { profile: 'sec-ui' });
    assert.equal(await api.services.credentials.get('sec-ui'), undefined);
    assert.ok(
      proxy.recorded.some((r) => r.url === '/api/oauth/revoke'),
      'the token was revoked',
    );
  });

  const FAULTS: [string, Fault][] = [
    ['401', { status: 401 }],
    ['403 subnet', { status: 403, errorCode: 'GLOBAL_USER_OUTSIDE_SUBNET' }],
    ['404', { status: 404, errorCode: 'PEER_NOT_FOUND' }],
    ['500', { status: 500 }],
    ['reset', { reset: true }],
    ['html', { html: true, status: 200 }],
    ['truncated', { truncate: true }],
    ['stall', { stall: true }],
  ];

  attack(`goes through ${FAULTS.length} faults on every profile`, async () => {
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('requestTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      for (const [name, fault] of FAULTS) {
        sim.setFault({ path: new RegExp(`^/api/atlas/v2/groups/${PROD}/peers`) }, fault);
        api.details.closeAll();
        await api.tree.refresh();
        const nodes = await walkTree(`fault ${name}`);
        assert.ok(
          nodes.some((n) => n.kind === 'message' && n.message === 'error'),
          `${name}: error nodes`,
        );
        for (const profile of ['default', 'seckey', 'secsa']) {
          await detailsOf(`fault ${name} ${profile}`, profile, SEED_IDS.peers.awsAvailable);
        }
        api.sessions.reset();
        await hoverAll(`fault ${name}`);
        sim.clearFaults();
      }
      // A bad secret: the rejection message must not echo it.
      process.env.MONGODB_ATLAS_CLIENT_SECRET = 'mdb_sa_sk_WRONGsecretPangolin3Gecko8';
      await api.tree.refresh();
      await walkTree('wrong secret');
      await detailsOf('wrong secret', 'default', SEED_IDS.peers.gcpAvailable);
      process.env.MONGODB_ATLAS_CLIENT_SECRET = S.envServiceAccount.clientSecret;
      await api.tree.refresh();
    } finally {
      sim.clearFaults();
      await vscode.workspace
        .getConfiguration('atlasPeering')
        .update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  attack('a workspace that points profiles elsewhere reaches no other host', async function () {
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
    const decoyUrl = `http://127.0.0.1:${(decoy.address() as { port: number }).port}`;
    const file = path.join(folder!.uri.fsPath, '.vscode', 'settings.json');
    const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    try {
      // Every setting that could move credentials: each profile's base URL, a new profile, the default profile.
      await writeWorkspaceSettings(
        file,
        JSON.stringify(
          {
            'atlasPeering.profiles': {
              default: { baseUrl: decoyUrl },
              seckey: { baseUrl: decoyUrl },
              secsa: { baseUrl: decoyUrl },
              evil: { baseUrl: decoyUrl },
            },
            'atlasPeering.defaultProfile': 'evil',
            'atlasPeering.projects': [
              { id: PROD, name: 'WS default', profile: 'evil' },
              { id: SEED_IDS.projects.staging, name: 'WS seckey', profile: 'seckey' },
            ],
          },
          null,
          2,
        ),
      );
      await api.tree.refresh();
      proxy.recorded.length = 0;
      await walkTree('workspace override');
      await vscode.commands.executeCommand('atlasPeering.showDetails', {
        groupId: PROD,
        peerId: SEED_IDS.peers.awsAvailable,
        profile: 'seckey',
      });
      await api.details.whenIdle(`seckey/${PROD}/${SEED_IDS.peers.awsAvailable}`);
      await vscode.commands.executeCommand('atlasPeering.lookUpPeeringConnection', {
        groupId: PROD,
        peerId: SEED_IDS.peers.awsAvailable,
        profile: 'evil',
      });
      await hoverAll('workspace override');
      assert.ok(proxy.recorded.length > 0, 'the user-level base URLs still got the requests');
      assert.deepEqual(hits, [], 'the workspace-configured server received nothing');
    } finally {
      await writeWorkspaceSettings(file, previous);
      await new Promise<void>((r) => decoy.close(() => r()));
    }
  });

  attack('finds no secret, token or digest answer anywhere', async () => {
    const sent = proxy.recorded.map((r: RecordedRequest) => r.headers.authorization).filter((a): a is string => !!a);
    const tokens = [...new Set(sent.filter((a) => a.startsWith('Bearer ')).map((a) => a.slice(7).trim()))];
    const basics = [...new Set(sent.filter((a) => a.startsWith('Basic ')).map((a) => a.slice(6).trim()))];
    const digestResponses = [
      ...new Set(
        sent
          .filter((a) => a.startsWith('Digest '))
          .map((a) => /response="([^"]+)"/.exec(a)?.[1])
          .filter((x): x is string => !!x),
      ),
    ];
    assert.ok(tokens.length >= 2, `live bearer tokens captured: ${tokens.length}`);
    assert.ok(digestResponses.length >= 1, `digest answers captured: ${digestResponses.length}`);
    const needles: [string, string][] = [
      ['env client secret', S.envServiceAccount.clientSecret],
      ['stored client secret', S.storedServiceAccount.clientSecret],
      ['typed client secret', S.uiServiceAccount.clientSecret],
      ['API private key', S.apiKey.privateKey],
      ['wrong secret', 'mdb_sa_sk_WRONGsecretPangolin3Gecko8'],
      ...tokens.map((t, i): [string, string] => [`bearer token #${i}`, t]),
      ...tokens.map((t, i): [string, string] => [`bearer token #${i} (signature)`, t.split('.').pop() ?? t]),
      ...basics.map((b, i): [string, string] => [`basic credentials #${i}`, b]),
      ...digestResponses.map((d, i): [string, string] => [`digest response #${i}`, d]),
    ];

    // The extension's own log: the in-memory lines and the LogOutputChannel's file on disk.
    add('log lines', api.logLines().join('\n'));
    const logRoot = path.dirname(path.dirname(api.services.context.logUri.fsPath));
    const logFiles = walkFiles(logRoot).filter((f) => /Atlas Peering|atlas-peering/i.test(f));
    let logText = '';
    for (const f of logFiles) {
      logText += fs.readFileSync(f, 'utf8');
    }
    add(`log files (${logFiles.map((f) => path.basename(f)).join(', ')})`, logText);
    // Vacuity check: the file really is our log, with lines from this run.
    assert.ok(
      /\[tree\] tree root/.test(logText),
      `the LogOutputChannel file was found under ${logRoot}: ${logFiles.join(', ')}`,
    );

    // Settings files and state, through the API and on disk.
    const c = vscode.workspace.getConfiguration('atlasPeering');
    add(
      'settings (API)',
      ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'requestTimeoutSeconds'].map((k) => c.inspect(k)),
    );
    const userDir = path.dirname(path.dirname(api.services.context.globalStorageUri.fsPath));
    const userSettings = path.join(userDir, 'settings.json');
    assert.ok(fs.existsSync(userSettings), `user settings at ${userSettings}`);
    add('user settings.json', fs.readFileSync(userSettings, 'utf8'));
    assert.match(fs.readFileSync(userSettings, 'utf8'), /seckey/, 'the profiles were written there');
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const f = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
      if (fs.existsSync(f)) {
        add('workspace settings.json', fs.readFileSync(f, 'utf8'));
      }
    }
    const mementos = (m: vscode.Memento): unknown => m.keys().map((k) => [k, m.get(k)]);
    add('globalState', mementos(api.services.context.globalState));
    add('workspaceState', mementos(api.services.context.workspaceState));
    // Files under globalStorage / workspaceStorage are written by whoever writes them, at once; the
    // state database itself is not on this disk (see below), so there is nothing to wait for.
    const stateFiles = [
      ...walkFiles(path.join(userDir, 'globalStorage')),
      ...walkFiles(path.join(userDir, 'workspaceStorage')),
    ].filter((f) => fs.statSync(f).size < 50_000_000);
    for (const f of stateFiles) {
      add(`state file ${path.relative(userDir, f)}`, fs.readFileSync(f).toString('latin1'));
    }
    // code-server keeps the state database in the browser (IndexedDB) until shutdown; where VS Code
    // writes state.vscdb files they are searched too. The API view is what the extension stored.
    assert.ok(
      api.services.context.globalState.keys().length > 0,
      'globalState holds something to search (recent lookups)',
    );
    console.log(`secrets: ${stateFiles.length} state file(s) on disk, ${logFiles.length} log file(s)`);

    const leaks: string[] = [];
    for (const [where, text] of haystack) {
      for (const [what, needle] of needles) {
        if (needle.length >= 8 && text.includes(needle)) {
          leaks.push(`${what} in ${where}`);
        }
      }
    }
    console.log(
      `secrets: ${tokens.length} bearer tokens, ${basics.length} Basic blobs, ${digestResponses.length} digest answers captured`,
    );
    console.log(
      `secrets: searched ${haystack.length} texts (${(haystack.reduce((n, [, t]) => n + t.length, 0) / 1024).toFixed(0)} KB) for ${needles.length} needles`,
    );
    assert.deepEqual(leaks, []);
    // Non-vacuous: the haystack holds what the user saw.
    assert.ok(haystack.some(([w, t]) => w.includes('details html') && t.includes('<html')));
    assert.ok(haystack.some(([w, t]) => w.startsWith('fault') && /rejected the credentials/.test(t)));
  });
});
