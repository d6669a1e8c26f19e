// Adversarial suite in the real extension host: the user's habits (Refresh pressed 500 times) and
// a hostile environment (MONGODB_ATLAS_BASE_URL pointing elsewhere), against the simulator over
// real HTTP. Each attack states what must hold; the suite ends with `attacks: N tried, N held`,
// and no unhandled rejection may have been raised by the extension meanwhile.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/composition';
import { AtlasSimulator, DEMO_CREDENTIALS, startAtlasSimulator } from '../simulator';
import { attackSuite } from '../unit/atlas/attacks';
import { startTinyServer } from '../unit/atlas/helpers';
import { activateTestApi, ATLAS_ENV_KEYS, clearSettings } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile'];
const SA = DEMO_CREDENTIALS.serviceAccount;

describe('adversarial (extension host): habits and environments', function () {
  this.timeout(120_000);
  const { attack } = attackSuite('extension host');
  let api: TestApi;
  let sim: AtlasSimulator;
  const savedEnv: Record<string, string | undefined> = {};
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  before(async () => {
    for (const k of ATLAS_ENV_KEYS) {
      savedEnv[k] = process.env[k];
      delete process.env[k];
    }
    process.on('unhandledRejection', onUnhandled);
    sim = await startAtlasSimulator({ seed: 'demo' });
    api = await activateTestApi();
    await clearSettings(SETTINGS);
    await api.services.credentials.delete('default');
    await api.tree.refresh();
  });

  afterEach(async () => {
    for (const k of ATLAS_ENV_KEYS) {
      delete process.env[k];
    }
    await api.services.credentials.delete('default');
    await clearSettings(SETTINGS);
    await api.tree.refresh();
  });

  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    for (const k of ATLAS_ENV_KEYS) {
      if (savedEnv[k] !== undefined) {
        process.env[k] = savedEnv[k];
      }
    }
    await api?.tree.refresh();
    await sim?.close();
    assert.deepEqual(unhandled.map(String), [], 'unhandled rejections in the extension host');
  });

  attack('Refresh pressed 500 times leaves at most 1 live token of the service account', async () => {
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('profiles', { default: { baseUrl: sim.url } }, vscode.ConfigurationTarget.Global);
    await api.services.credentials.store('default', { kind: 'serviceAccount', ...SA });
    await api.tree.refresh();
    assert.ok((await api.tree.getChildren()).length > 0, 'the tree loads');
    let mostLive = sim.liveTokenCount(SA.clientId);
    for (let i = 0; i < 500; i++) {
      await vscode.commands.executeCommand('atlasPeering.refresh');
      await api.tree.getChildren(); // the new session's first call
      mostLive = Math.max(mostLive, sim.liveTokenCount(SA.clientId));
    }
    const tokenRequests = sim.requestLog.filter((e) => e.path === '/api/oauth/token').length;
    console.log(`      500 refreshes: ${tokenRequests} token request(s), at most ${mostLive} live token(s)`);
    // Before: a new token per refresh, and refresh #101 was refused ("Access Token limit reached").
    assert.ok(mostLive <= 1, `${mostLive} live tokens`);
    assert.equal(tokenRequests, 1);
  });

  attack('50 session resets leave one cache subscription, not 50', async () => {
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('profiles', { default: { baseUrl: sim.url } }, vscode.ConfigurationTarget.Global);
    await api.services.credentials.store('default', { kind: 'serviceAccount', ...SA });
    const watcher = api.configFeatures.watcher;
    for (let i = 0; i < 50; i++) {
      await api.tree.refresh();
      // What a hover or the diagnostics do: take the session through the watcher.
      await watcher.services.getSession();
    }
    // Before: one subscription (and a reference to a dead cache) kept per reset.
    assert.equal(watcher.watchedCount, 1);
  });

  attack('a keychain entry with a blank secret fails the session without an unhandled rejection', async () => {
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('profiles', { default: { baseUrl: sim.url } }, vscode.ConfigurationTarget.Global);
    // Written past the store's checks, as another version or a hand edit of the keychain could.
    await api.services.context.secrets.store(
      'atlasPeering.credentials/default',
      JSON.stringify({ kind: 'serviceAccount', clientId: SA.clientId, clientSecret: ' ' }),
    );
    for (let i = 0; i < 3; i++) {
      await api.tree.refresh();
      await api.tree.getChildren().catch(() => undefined);
    }
    assert.deepEqual(unhandled.map(String), []);
  });

  attack('MONGODB_ATLAS_BASE_URL never receives credentials stored with Set Credentials', async () => {
    const elsewhere = await startTinyServer((req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' });
      res.end();
    });
    try {
      process.env.MONGODB_ATLAS_BASE_URL = elsewhere.url;
      await api.services.credentials.store('default', { kind: 'serviceAccount', ...SA });
      await api.tree.refresh();
      const session = await api.services.session();
      assert.ok(session);
      assert.equal(session.source, 'secretStorage');
      assert.notEqual(session.baseUrl, elsewhere.url);
      await api.tree.getChildren();
      assert.equal(elsewhere.recorded.length, 0, 'the environment’s host got a request');
    } finally {
      await elsewhere.close();
    }
  });

  attack('MONGODB_ATLAS_BASE_URL still applies to credentials from the environment', async () => {
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = SA.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = SA.clientSecret;
    await api.tree.refresh();
    const session = await api.services.session();
    assert.equal(session?.source, 'environment');
    assert.equal(session?.baseUrl, sim.url);
  });
});
