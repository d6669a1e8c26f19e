// The details webview panel in a real extension host, against the simulator over HTTP: one panel per
// connection for each provider, error states with their actions, refresh, watch, typed messages.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { escapeHtml } from '../../src/util/html';
import { SEED_IDS } from '../simulator';
import { apiRequests, HostFixture, startFixture } from './detailsSupport';

const { projects, peers } = SEED_IDS;

function key(groupId: string, peerId: string, profile = 'default'): string {
  return `${profile}/${groupId}/${peerId}`;
}

describe('details panel (extension host)', function () {
  this.timeout(60_000);
  let fx: HostFixture;

  before(async () => {
    fx = await startFixture();
  });

  afterEach(async () => {
    fx.api.details.closeAll();
    fx.api.details.setWatchTiming({ initialMs: 5_000, maxMs: 60_000 });
    fx.sim.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await fx?.restore();
  });

  async function open(groupId: string, peerId: string): Promise<{ k: string; html: string }> {
    await vscode.commands.executeCommand('atlasPeering.showDetails', { groupId, peerId });
    const k = key(groupId, peerId);
    await fx.api.details.whenIdle(k);
    const html = fx.api.details.getPanelHtml(k);
    assert.ok(html, `panel ${k} is open; log:\n${fx.api.logLines().slice(-10).join('\n')}`);
    return { k, html };
  }

  function info(k: string) {
    const p = fx.api.details.openPanels().find((x) => x.key === k);
    assert.ok(
      p,
      `panel ${k} in ${fx.api.details
        .openPanels()
        .map((x) => x.key)
        .join(', ')}`,
    );
    return p;
  }

  function assertHasAll(html: string, values: (string | null | undefined)[]): void {
    for (const v of values) {
      assert.ok(v, 'seed value present');
      assert.ok(html.includes(escapeHtml(v)), `page shows ${v}`);
    }
  }

  it('opens an AWS connection with its fields, its container and the project name', async () => {
    const seed = fx.sim.data.getPeer(projects.production, peers.awsAvailable);
    assert.ok(seed && seed.providerName === 'AWS');
    const container = fx.sim.data.getContainer(projects.production, seed.containerId)!;
    const { k, html } = await open(projects.production, peers.awsAvailable);
    const p = info(k);
    assert.equal(p.state, 'details');
    assert.equal(p.provider, 'AWS');
    assert.equal(p.status, 'AVAILABLE');
    assert.equal(p.title, `${seed.vpcId} · Atlas`);
    assertHasAll(html, [
      seed.vpcId,
      seed.awsAccountId,
      seed.routeTableCidrBlock,
      seed.connectionId,
      seed.accepterRegionName,
      seed.containerId,
      container.atlasCidrBlock,
    ]);
    assert.match(html, /Production/);
    assert.match(html, /data-category="ready"/);
    // CSP with a nonce; the only script carries it.
    const nonce = /script-src &#39;nonce-([A-Za-z0-9+/=]+)&#39;/.exec(html)?.[1];
    assert.ok(nonce, 'CSP names a nonce');
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.ok(html.includes(`<script nonce="${escapeHtml(nonce)}"`));
  });

  it('opens an Azure connection with its fields', async () => {
    const seed = fx.sim.data.getPeer(projects.production, peers.azureAvailable);
    assert.ok(seed && seed.providerName === 'AZURE');
    const { k, html } = await open(projects.production, peers.azureAvailable);
    assert.equal(info(k).provider, 'AZURE');
    assert.equal(info(k).title, `${seed.vnetName} · Atlas`);
    assertHasAll(html, [seed.vnetName, seed.resourceGroupName, seed.azureDirectoryId, seed.azureSubscriptionId]);
  });

  it('opens a GCP connection with its fields and the Atlas side needed for the reciprocal peering', async () => {
    const seed = fx.sim.data.getPeer(projects.production, peers.gcpWaitingForUser);
    assert.ok(seed && seed.providerName === 'GCP');
    const container = fx.sim.data.getContainer(projects.production, seed.containerId);
    assert.ok(container && container.providerName === 'GCP');
    const { k, html } = await open(projects.production, peers.gcpWaitingForUser);
    assert.equal(info(k).provider, 'GCP');
    assert.equal(info(k).category, 'needsAction');
    assertHasAll(html, [seed.networkName, seed.gcpProjectId, container.gcpProjectId, container.networkName]);
    assert.match(html, /data-kind="createGcpPeering"/);
  });

  it('keeps one panel per connection and reveals it instead of opening another', async () => {
    await open(projects.production, peers.awsAvailable);
    await open(projects.production, peers.azureAvailable);
    const before = fx.api.details.openPanels().length;
    const peerGets = apiRequests(fx.sim).filter((r) => r.path.endsWith(`/peers/${peers.awsAvailable}`)).length;
    await open(projects.production, peers.awsAvailable);
    assert.equal(fx.api.details.openPanels().length, before);
    assert.equal(
      fx.api.details.openPanels().filter((p) => p.key === key(projects.production, peers.awsAvailable)).length,
      1,
    );
    // Revealing reads the cache, not Atlas.
    assert.equal(apiRequests(fx.sim).filter((r) => r.path.endsWith(`/peers/${peers.awsAvailable}`)).length, peerGets);
  });

  it('shows a 404 with its message and a Refresh action, and Retry asks Atlas again', async () => {
    const { k, html } = await open(projects.production, SEED_IDS.unknown.peer);
    const p = info(k);
    assert.equal(p.state, 'error');
    assert.match(p.errorMessage ?? '', new RegExp(SEED_IDS.unknown.peer));
    assert.match(p.errorMessage ?? '', /not found/i);
    assert.deepEqual(p.errorActions, ['refresh']);
    assert.match(html, /id="btn-action-refresh"/);
    assert.match(html, /id="btn-action-retry"/);
    assert.match(html, /HTTP 404/);
    const gets = () => apiRequests(fx.sim).filter((r) => r.path.endsWith(`/peers/${SEED_IDS.unknown.peer}`)).length;
    const before = gets();
    await fx.api.details.receive(k, { type: 'action', action: 'retry' });
    await fx.api.details.whenIdle(k);
    assert.equal(gets(), before + 1);
    assert.equal(info(k).state, 'error');
  });

  it('shows a 401 with its message and the Set Credentials action', async () => {
    // A peer no earlier test opened; the tree's background pass may have listed it, so the cache
    // forgets the project and cannot answer.
    (await fx.api.services.session())?.cache.invalidate({ groupId: projects.analytics });
    fx.sim.setFault(
      { path: new RegExp(`/peers/${peers.awsCidrOverlap}$`) },
      { status: 401, errorCode: 'NOT_ORG_GROUP_CREATOR' },
    );
    const { k, html } = await open(projects.analytics, peers.awsCidrOverlap);
    const p = info(k);
    assert.equal(p.state, 'error');
    assert.match(p.errorMessage ?? '', /rejected the credentials/);
    assert.deepEqual(p.errorActions, ['setCredentials']);
    assert.match(html, /id="btn-action-setCredentials"/);
    assert.match(html, /Set Credentials/);
    // Once Atlas answers again, Retry shows the connection.
    fx.sim.clearFaults();
    await fx.api.details.receive(k, { type: 'action', action: 'retry' });
    await fx.api.details.whenIdle(k);
    assert.equal(info(k).state, 'details');
  });

  it('Refresh fetches again and shows the new status', async () => {
    const { k } = await open(projects.staging, peers.azureAddingPeer);
    assert.equal(info(k).status, 'ADDING_PEER');
    fx.sim.data.setPeerStatus(projects.staging, peers.azureAddingPeer, 'AVAILABLE');
    await fx.api.details.receive(k, { type: 'refresh' });
    await fx.api.details.whenIdle(k);
    assert.equal(info(k).status, 'AVAILABLE');
    assert.match(fx.api.details.getPanelHtml(k) ?? '', /data-category="ready"/);
    fx.sim.data.setPeerStatus(projects.staging, peers.azureAddingPeer, 'ADDING_PEER');
  });

  it('Watch polls with backoff while in progress, re-renders only on change, announces once and stops when settled', async () => {
    // The loop waits on a clock this test moves (pure/watchLoop.ts): no sleeping, no timing race.
    const clock = fx.api.details.useManualClock();
    const { k } = await open(projects.staging, peers.awsFinalizing);
    const gets = () => apiRequests(fx.sim).filter((r) => r.path.endsWith(`/peers/${peers.awsFinalizing}`)).length;
    const start = gets();
    await fx.api.details.receive(k, { type: 'toggleWatch' });
    assert.equal(info(k).watching, true);
    assert.match(fx.api.details.getPanelHtml(k) ?? '', /Stop watching/);
    await fx.api.details.whenIdle(k);
    assert.equal(gets(), start + 1, 'the first check is immediate');
    const renders = info(k).renderCount;
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      waits.push(...clock.pending());
      assert.ok(clock.fireNext());
      await fx.api.details.whenIdle(k);
    }
    assert.deepEqual(waits, [5_000, 10_000, 20_000], 'each wait twice the last');
    assert.equal(gets(), start + 4);
    assert.equal(info(k).renderCount, renders, 'no re-render while nothing changed');
    assert.equal(info(k).announcements.length, 0);
    fx.sim.data.setPeerStatus(projects.staging, peers.awsFinalizing, 'AVAILABLE');
    assert.ok(clock.fireNext());
    await fx.api.details.whenIdle(k);
    const p = info(k);
    assert.equal(p.watching, false);
    assert.equal(p.status, 'AVAILABLE');
    assert.equal(p.announcements.length, 1);
    assert.match(p.announcements[0], /AVAILABLE/);
    assert.match(fx.api.details.getPanelHtml(k) ?? '', /Watch until settled/);
    assert.deepEqual(clock.pending(), [], 'no polling after it settled');
    fx.sim.data.setPeerStatus(projects.staging, peers.awsFinalizing, 'FINALIZING');
  });

  it('Stop watching and closing the panel both end the polling', async () => {
    const clock = fx.api.details.useManualClock();
    const { k } = await open(projects.staging, peers.gcpAddingPeer);
    const gets = () => apiRequests(fx.sim).filter((r) => r.path.endsWith(`/peers/${peers.gcpAddingPeer}`)).length;
    await fx.api.details.receive(k, { type: 'toggleWatch' });
    await fx.api.details.whenIdle(k);
    assert.deepEqual(clock.pending(), [5_000], 'waiting for the next check');
    await fx.api.details.receive(k, { type: 'toggleWatch' });
    assert.equal(info(k).watching, false);
    await fx.api.details.whenIdle(k);
    assert.deepEqual(clock.pending(), [], 'stopped');
    const n = gets();
    await fx.api.details.receive(k, { type: 'toggleWatch' });
    await fx.api.details.whenIdle(k);
    assert.equal(gets(), n + 1, 'polling again, at once');
    assert.deepEqual(clock.pending(), [5_000], 'from the initial wait again');
    fx.api.details.closeAll();
    assert.deepEqual(clock.pending(), [], 'closing the panel stops the loop');
    assert.equal(fx.api.details.openPanels().length, 0);
  });

  it('drops malformed messages and copies only model values', async () => {
    const seed = fx.sim.data.getPeer(projects.production, peers.awsAvailable);
    assert.ok(seed && seed.providerName === 'AWS');
    const { k } = await open(projects.production, peers.awsAvailable);
    const gets = () => apiRequests(fx.sim).length;
    const before = gets();
    for (const bad of [
      null,
      'refresh',
      { type: 'copy', field: 'process.env' },
      { type: 'eval' },
      {},
      [],
      { type: 'action', action: 'rm -rf' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
    ]) {
      await fx.api.details.receive(k, bad);
    }
    assert.equal(info(k).lastCopied, undefined);
    assert.equal(gets(), before, 'nothing was fetched');
    await fx.api.details.receive(k, { type: 'copy', field: 'peer.vpcId' });
    assert.equal(info(k).lastCopied, 'peer.vpcId');
    const clip = await vscode.env.clipboard.readText();
    // code-server proxies the clipboard to the browser; where that one has no clipboard the read is empty.
    if (clip !== '') {
      assert.equal(clip, seed.vpcId);
    }
  });

  it('refuses malformed ids before any request', async () => {
    const before = apiRequests(fx.sim).length;
    for (const arg of [
      { groupId: 'not-a-project', peerId: peers.awsAvailable },
      { groupId: projects.production, peerId: 'BBBBBBBBBBBBBBBBBBBBBBBB' },
      { groupId: projects.production, peerId: '../../groups' },
    ]) {
      await vscode.commands.executeCommand('atlasPeering.showDetails', arg);
    }
    assert.equal(fx.api.details.openPanels().length, 0);
    assert.equal(apiRequests(fx.sim).length, before);
  });
});
