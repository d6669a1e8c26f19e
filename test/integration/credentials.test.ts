// Credentials in a real extension host: SecretStorage round trip (and nowhere else), the
// environment fallback, API keys, sign-out with token revocation.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AtlasSimulator, DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator } from '../simulator';
import type { TestApi } from '../../src/composition';
import type { TreeNode } from '../../src/tree/pure/treeModel';
import { activateTestApi, ATLAS_ENV_KEYS, clearSettings } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile'];
const SA = DEMO_CREDENTIALS.serviceAccount;
const KEY = DEMO_CREDENTIALS.apiKey;

function label(api: TestApi, node: TreeNode): string {
  const l = api.tree.getTreeItem(node).label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

function allSettingsText(): string {
  const c = vscode.workspace.getConfiguration('atlasPeering');
  const keys = [
    'projects',
    'discoverProjects',
    'profiles',
    'defaultProfile',
    'requestTimeoutSeconds',
    'maxConcurrentRequests',
    'autoRefreshSeconds',
  ];
  return JSON.stringify(keys.map((k) => c.inspect(k)));
}

function stateText(memento: vscode.Memento): string {
  return JSON.stringify(memento.keys().map((k) => [k, memento.get(k)]));
}

describe('credentials (extension host)', function () {
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
    await api.services.credentials.delete('default');
    await api.services.credentials.delete('itest');
    await api.tree.refresh();
  });

  afterEach(async () => {
    for (const k of ATLAS_ENV_KEYS) {
      delete process.env[k];
    }
    await api.services.credentials.delete('itest');
    await api.services.credentials.delete('default');
    await clearSettings(SETTINGS);
    await api.tree.refresh();
  });

  after(async () => {
    for (const k of ATLAS_ENV_KEYS) {
      if (savedEnv[k] !== undefined) {
        process.env[k] = savedEnv[k];
      }
    }
    await api?.tree.refresh();
    await sim?.close();
  });

  it('shows nothing (the welcome view) without credentials', async () => {
    assert.deepEqual(await api.tree.getChildren(), []);
    assert.equal(await api.services.session(), undefined);
  });

  it('keeps stored credentials in SecretStorage only, and uses them', async () => {
    await api.services.settings.setProfile('itest', sim.url);
    await api.services.credentials.store('itest', {
      kind: 'serviceAccount',
      clientId: SA.clientId,
      clientSecret: SA.clientSecret,
    });
    assert.deepEqual(await api.services.credentials.get('itest'), {
      kind: 'serviceAccount',
      clientId: SA.clientId,
      clientSecret: SA.clientSecret,
    });
    assert.equal((await api.services.context.secrets.get('atlasPeering.credentials/itest')) !== undefined, true);

    const session = await api.services.session('itest');
    assert.ok(session);
    assert.equal(session.source, 'secretStorage');
    assert.equal(session.baseUrl, sim.url);

    // Only the itest profile has credentials, so the tree is flat and lists its projects.
    const root = await api.tree.getChildren();
    const prod = root.find((n) => n.kind === 'project' && n.projectId === SEED_IDS.projects.production);
    assert.ok(prod, root.map((n) => label(api, n)).join(', '));
    assert.equal(prod.id, `itest/${SEED_IDS.projects.production}`);
    assert.equal((await api.tree.getChildren(prod)).length, 3);
    assert.ok(sim.requestLog.some((r) => r.authScheme === 'bearer'));

    for (const [where, text] of [
      ['settings', allSettingsText()],
      ['globalState', stateText(api.services.context.globalState)],
      ['workspaceState', stateText(api.services.context.workspaceState)],
      ['log', api.logLines().join('\n')],
    ]) {
      assert.ok(!text.includes(SA.clientSecret), `the secret leaked into ${where}`);
    }
    assert.ok(api.logLines().length > 0, 'the log has lines to check');
  });

  it('signs out: revokes the token and removes the secret', async () => {
    await api.services.settings.setProfile('itest', sim.url);
    await api.services.credentials.store('itest', {
      kind: 'serviceAccount',
      clientId: SA.clientId,
      clientSecret: SA.clientSecret,
    });
    await api.tree.getChildren();
    sim.clearLog();
    await vscode.commands.executeCommand('atlasPeering.signOut', { profile: 'itest' });
    assert.equal(await api.services.credentials.get('itest'), undefined);
    assert.ok(
      sim.requestLog.some((r) => r.path === '/api/oauth/revoke'),
      JSON.stringify(sim.requestLog.map((r) => r.path)),
    );
    assert.equal(await api.services.session('itest'), undefined);
  });

  describe('Set Credentials command (prompts answered by stubs)', () => {
    type Win = typeof vscode.window;
    const win = vscode.window as { -readonly [K in keyof Win]: Win[K] };
    let restore: (() => void) | undefined;
    const messages: string[] = [];
    const inputs: vscode.InputBoxOptions[] = [];

    function answer(secret: string): void {
      const saved = {
        showQuickPick: win.showQuickPick,
        showInputBox: win.showInputBox,
        showInformationMessage: win.showInformationMessage,
        showErrorMessage: win.showErrorMessage,
      };
      restore = () => Object.assign(win, saved);
      win.showQuickPick = (async (
        items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
        options?: vscode.QuickPickOptions,
      ) => {
        const list = await items;
        const title = options?.title ?? '';
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
        inputs.push(options ?? {});
        const title = options?.title ?? '';
        if (title.includes('name')) {
          return 'ui-test';
        }
        if (title.includes('base URL')) {
          return sim.url;
        }
        return title.includes('client ID') ? SA.clientId : secret;
      }) as Win['showInputBox'];
      win.showInformationMessage = (async (m: string) => {
        messages.push(m);
        return undefined;
      }) as Win['showInformationMessage'];
      win.showErrorMessage = (async (m: string) => {
        messages.push(`error: ${m}`);
        return undefined;
      }) as Win['showErrorMessage'];
    }

    afterEach(async () => {
      restore?.();
      restore = undefined;
      messages.length = 0;
      inputs.length = 0;
      await api.services.credentials.delete('ui-test');
    });

    it('creates a profile, checks the credentials with Atlas, and stores them', async () => {
      answer(SA.clientSecret);
      sim.clearLog();
      await vscode.commands.executeCommand('atlasPeering.setCredentials');
      restore?.();
      assert.deepEqual(await api.services.credentials.get('ui-test'), {
        kind: 'serviceAccount',
        clientId: SA.clientId,
        clientSecret: SA.clientSecret,
      });
      assert.deepEqual(vscode.workspace.getConfiguration('atlasPeering').inspect('profiles')?.globalValue, {
        'ui-test': { baseUrl: sim.url },
      });
      assert.ok(
        messages.some((m) => /saved for profile "ui-test"\. They can see 5 projects\./.test(m)),
        messages.join(' | '),
      );
      assert.ok(
        sim.requestLog.some((r) => r.path === '/api/atlas/v2/groups'),
        'checked with one listProjects call',
      );
      const secretBoxes = inputs.filter((o) => /client (ID|secret)/.test(o.title ?? ''));
      assert.equal(secretBoxes.length, 2);
      assert.ok(
        secretBoxes.every((o) => o.password === true),
        'id and secret are typed in password boxes',
      );
      const validate = secretBoxes[1].validateInput!;
      const empty = (await validate('   ')) as vscode.InputBoxValidationMessage;
      assert.equal(empty.severity, vscode.InputBoxValidationSeverity.Error);
      assert.ok(!allSettingsText().includes(SA.clientSecret));
      assert.ok(!api.logLines().join('\n').includes(SA.clientSecret));
    });

    it('does not save credentials Atlas rejects', async () => {
      answer('mdb_sa_sk_not-the-right-one');
      await vscode.commands.executeCommand('atlasPeering.setCredentials');
      restore?.();
      assert.equal(await api.services.credentials.get('ui-test'), undefined);
      assert.ok(
        messages.some((m) => m.startsWith('error: Atlas did not accept the check')),
        messages.join(' | '),
      );
      assert.ok(!messages.join(' ').includes('not-the-right-one'));
    });
  });

  it('falls back to environment variables, shows it, and prefers stored credentials', async () => {
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = SA.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = SA.clientSecret;
    await api.tree.refresh();
    const session = await api.services.session();
    assert.ok(session);
    assert.equal(session.source, 'environment');
    assert.deepEqual(session.envVariables, ['MONGODB_ATLAS_CLIENT_ID', 'MONGODB_ATLAS_CLIENT_SECRET']);
    const root = await api.tree.getChildren();
    assert.match(label(api, root[0]), /environment variables/);

    // Stored credentials of the default profile win over the environment.
    await api.services.credentials.store('default', {
      kind: 'apiKey',
      publicKey: KEY.publicKey,
      privateKey: KEY.privateKey,
    });
    await api.tree.refresh();
    const stored = await api.services.session();
    assert.equal(stored?.source, 'secretStorage');
    assert.equal(stored?.kind, 'apiKey');
    // Not sent to MONGODB_ATLAS_BASE_URL, which belongs to the environment's credentials: user
    // settings give the default profile no URL, so stored credentials go to Atlas itself.
    assert.equal(stored?.baseUrl, 'https://cloud.mongodb.com');
  });

  it('uses API keys (digest) from the older variable names', async () => {
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_PUBLIC_KEY = KEY.publicKey;
    process.env.MONGODB_ATLAS_PRIVATE_KEY = KEY.privateKey;
    await api.tree.refresh();
    sim.clearLog();
    const root = await api.tree.getChildren();
    assert.ok(root.some((n) => n.kind === 'project'));
    assert.ok(sim.requestLog.some((r) => r.authScheme === 'digest' && r.status === 200));
    assert.ok(!api.logLines().join('\n').includes(KEY.privateKey));
  });

  it('refuses a plain-http base URL that is not loopback, with a clear message', async () => {
    process.env.MONGODB_ATLAS_BASE_URL = 'http://atlas.example.com';
    process.env.MONGODB_ATLAS_CLIENT_ID = SA.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = SA.clientSecret;
    await api.tree.refresh();
    const root = await api.tree.getChildren();
    const error = root.find((n) => n.kind === 'message' && n.message === 'error');
    assert.ok(error, root.map((n) => label(api, n)).join(' | '));
    assert.match(label(api, error), /plain http to atlas\.example\.com/);
    assert.equal(api.tree.getTreeItem(error).command?.command, 'workbench.action.openSettings');
  });

  it('shows a profile level when several profiles have credentials', async () => {
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = SA.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = SA.clientSecret;
    await api.services.settings.setProfile('itest', sim.url);
    await api.services.credentials.store('itest', {
      kind: 'apiKey',
      publicKey: KEY.publicKey,
      privateKey: KEY.privateKey,
    });
    await api.tree.refresh();
    const root = await api.tree.getChildren();
    assert.deepEqual(
      root.map((n) => [n.kind, label(api, n)]),
      [
        ['profile', 'default'],
        ['profile', 'itest'],
      ],
    );
    assert.match(String(api.tree.getTreeItem(root[0]).description), /environment variables/);
    const itestProjects = await api.tree.getChildren(root[1]);
    assert.ok(itestProjects.some((n) => n.kind === 'project' && n.id === `itest/${SEED_IDS.projects.staging}`));
  });
});
