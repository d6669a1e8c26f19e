// UI test of the lookup command and the details webview in the real workbench (code-server + Chromium):
// typed ids in the palette, fields read from the webview, screenshots per provider in light and dark
// themes, hostile API strings shown literally without running, and the panel restored after a reload.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { FrameLocator } from 'playwright-core';
import { SEED_IDS, startAtlasSimulator, type AtlasSimulator } from '../simulator';
import { Workbench } from './workbench';

const { projects, peers, containers } = SEED_IDS;

const HOSTILE = {
  vpcId: `vpc-<img src=x onerror="window.__pwned=1;parent.postMessage('pwned','*')">`,
  awsAccountId: `"1234'56789012"`,
  errorStateName: `</script><script>window.__pwned=2</script>`,
  accepterRegionName: `us-east-1'"><svg onload=alert(1)>`,
  routeTableCidrBlock: '10.99.0.0/16',
  connectionId: 'pcx-0aaaabbbbccccdddd',
};

interface Case {
  provider: 'aws' | 'azure' | 'gcp';
  groupId: string;
  peerId: string;
  /** API field name → value expected on the page. */
  fields: Record<string, string>;
  title: string;
}

describe('workbench UI: lookup and details view', function () {
  this.timeout(600_000);
  let sim: AtlasSimulator;
  let wb: Workbench;
  let hostileId: string;
  let dialogs = 0;
  const cases: Case[] = [];

  before(async () => {
    sim = await startAtlasSimulator({ seed: 'demo' });
    hostileId = sim.data.addPeer(projects.production, {
      providerName: 'AWS',
      containerId: containers.productionAwsUsEast1,
      statusName: 'FAILED',
      ...HOSTILE,
    } as Parameters<AtlasSimulator['data']['addPeer']>[1]).id;
    const aws = sim.data.getPeer(projects.production, peers.awsPendingAcceptance);
    const azure = sim.data.getPeer(projects.staging, peers.azureFailed);
    const gcp = sim.data.getPeer(projects.production, peers.gcpWaitingForUser);
    assert.ok(aws?.providerName === 'AWS' && azure?.providerName === 'AZURE' && gcp?.providerName === 'GCP');
    cases.push(
      {
        provider: 'aws',
        groupId: projects.production,
        peerId: aws.id,
        title: aws.vpcId,
        fields: {
          vpcId: aws.vpcId,
          awsAccountId: aws.awsAccountId,
          routeTableCidrBlock: aws.routeTableCidrBlock,
          connectionId: aws.connectionId ?? '',
        },
      },
      {
        provider: 'azure',
        groupId: projects.staging,
        peerId: azure.id,
        title: azure.vnetName,
        fields: {
          vnetName: azure.vnetName,
          resourceGroupName: azure.resourceGroupName,
          azureSubscriptionId: azure.azureSubscriptionId,
        },
      },
      {
        provider: 'gcp',
        groupId: projects.production,
        peerId: gcp.id,
        title: gcp.networkName,
        fields: { networkName: gcp.networkName, gcpProjectId: gcp.gcpProjectId },
      },
    );
    wb = await Workbench.start({
      simulator: sim,
      settings: { 'workbench.colorTheme': 'Default Light Modern', 'atlasPeering.autoRefreshSeconds': 0 },
    });
    wb.page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.reportFailure(`details-${this.currentTest.title}`);
    }
    await wb?.page.keyboard.press('Escape').catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    await sim?.close();
  });

  function frame(): FrameLocator {
    return wb.webviewFrame();
  }

  async function closeEditors(): Promise<void> {
    await wb.runPaletteCommand('View: Close All Editors');
    await wb.page
      .locator('iframe.webview.ready')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
  }

  /** Runs the lookup from the palette, typing the project id and then the peer id. */
  async function lookUp(groupId: string, peerId: string): Promise<void> {
    await wb.lookUp(groupId, peerId);
  }

  async function fieldValue(api: string): Promise<string> {
    const field = frame()
      .locator('.field', { has: frame().locator('.api', { hasText: new RegExp(`^${api}$`) }) })
      .first();
    return (await field.locator('dd .value').first().innerText()).trim();
  }

  /** Switches the color theme through the palette's theme picker. */
  async function setTheme(theme: 'Light Modern' | 'Dark Modern'): Promise<void> {
    const cls = theme === 'Dark Modern' ? 'vs-dark' : 'vs';
    if ((await wb.page.locator(`.monaco-workbench.${cls}`).count()) > 0) {
      return;
    }
    await wb.runPaletteCommand('Preferences: Color Theme');
    const qi = wb.quickInput();
    await qi.locator('.monaco-list-row', { hasText: theme }).first().waitFor();
    await qi.locator('input').fill(theme);
    await qi.locator('.monaco-list-row', { hasText: theme }).first().click();
    await wb.page.locator(`.monaco-workbench.${cls}`).waitFor({ timeout: 30_000 });
  }

  it('rejects a malformed peer id as it is typed, before any request', async () => {
    const before = sim.requestLog.length;
    await wb.startLookup(projects.production);
    const qi = wb.quickInput();
    await qi.locator('input').fill('vpc-0123');
    const message = qi.locator('.quick-input-message');
    await message.filter({ hasText: /AWS VPC ID/ }).waitFor();
    await qi.locator('input').fill(peers.awsAvailable.toUpperCase());
    await message.filter({ hasText: /lowercase/ }).waitFor();
    await wb.page.keyboard.press('Enter');
    await wb.page.keyboard.press('Escape');
    const peerRequests = sim.requestLog.slice(before).filter((r) => r.path.includes('/peers/'));
    assert.deepEqual(peerRequests, []);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`shows each provider's fields from a typed lookup (${theme} theme)`, async () => {
      await setTheme(theme === 'light' ? 'Light Modern' : 'Dark Modern');
      for (const c of cases) {
        await closeEditors();
        await lookUp(c.groupId, c.peerId);
        await frame().locator('h1.title').filter({ hasText: c.title }).waitFor({ timeout: 30_000 });
        for (const [api, expected] of Object.entries(c.fields)) {
          assert.equal(await fieldValue(api), expected, `${c.provider} ${api}`);
        }
        assert.equal(await frame().locator('h1.title').innerText(), c.title);
        // The editor tab carries the connection's name.
        await wb.page
          .locator('.tab', { hasText: `${c.title} · Atlas` })
          .first()
          .waitFor();
        await wb.page.mouse.move(0, 0);
        const file = await wb.screenshot(`details-${c.provider}-${theme}`);
        assert.ok(fs.statSync(file).size > 20_000, `${file} is suspiciously small`);
      }
    });
  }

  it('shows hostile API strings literally and runs none of them', async () => {
    await setTheme('Light Modern');
    await closeEditors();
    await lookUp(projects.production, hostileId);
    const title = frame().locator('h1.title');
    await title.waitFor({ timeout: 30_000 });
    assert.equal(await title.innerText(), HOSTILE.vpcId);
    assert.equal(await fieldValue('vpcId'), HOSTILE.vpcId);
    assert.equal(await fieldValue('awsAccountId'), HOSTILE.awsAccountId);
    assert.equal(await fieldValue('errorStateName'), HOSTILE.errorStateName);
    assert.equal(await fieldValue('accepterRegionName'), HOSTILE.accepterRegionName);
    assert.equal((await frame().locator('.error-text').first().innerText()).trim(), HOSTILE.errorStateName);
    // No element came from the strings, no handler ran, no dialog opened.
    assert.equal(await frame().locator('img, svg').count(), 0);
    // VS Code adds its own script to the frame; none may carry the strings' code.
    const scripts = await frame()
      .locator('body')
      .evaluate(() => Array.from(document.querySelectorAll('script'), (x) => x.textContent ?? ''));
    assert.ok(
      scripts.every((t) => !t.includes('__pwned')),
      'no script element from the strings',
    );
    const pwned = await frame()
      .locator('body')
      .evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
    assert.equal(pwned, undefined);
    const outer = await wb.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
    assert.equal(outer, undefined);
    assert.equal(dialogs, 0);
    await wb.screenshot('details-hostile-light');
  });

  it('restores the open panel after a window reload', async () => {
    const c = cases[1];
    await closeEditors();
    // The page stores its connection with setState, which its host frame passes to the workbench through a
    // MessagePort as 'do-update-state'. Record those in every new frame, to reload only once the state holds it.
    await wb.page.context().addInitScript(() => {
      const w = globalThis as unknown as { webviewStates?: string[] };
      w.webviewStates = [];
      const post = MessagePort.prototype.postMessage;
      MessagePort.prototype.postMessage = function (
        this: MessagePort,
        ...args: Parameters<MessagePort['postMessage']>
      ) {
        const message = args[0] as { channel?: string; data?: unknown } | undefined;
        if (message?.channel === 'do-update-state') {
          w.webviewStates?.push(String(message.data));
        }
        return post.apply(this, args);
      } as MessagePort['postMessage'];
    });
    await lookUp(c.groupId, c.peerId);
    await frame().locator('h1.title').filter({ hasText: c.title }).waitFor({ timeout: 30_000 });
    const hostFrames = wb.page.frames().filter((f) => f.url().includes('/webview/browser/pre/index.html'));
    assert.ok(hostFrames.length > 0, 'the details view has a webview host frame');
    await Promise.any(
      hostFrames.map((f) =>
        f.waitForFunction(
          (peerId) =>
            ((globalThis as unknown as { webviewStates?: string[] }).webviewStates ?? []).some((s) =>
              s.includes(peerId),
            ),
          c.peerId,
          { timeout: 30_000 },
        ),
      ),
    );
    // Reload Window lets the workbench save its editors first (a bare page reload may not).
    await wb.runPaletteCommand('Developer: Reload Window');
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await frame().locator('h1.title').filter({ hasText: c.title }).waitFor({ timeout: 90_000 });
    assert.equal(await fieldValue('vnetName'), c.fields.vnetName);
  });
});
