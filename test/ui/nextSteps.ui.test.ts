// UI test of the steps to a working connection in the details webview (code-server + Chromium):
// light and dark screenshots of an AWS connection pending acceptance (the accept step with its
// countdown), an Azure connection waiting for its role assignment (the FAILED-for-permissions steps)
// and a GCP connection that is AVAILABLE with its private-IP-for-peering string.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { FrameLocator } from 'playwright-core';
import { SEED_IDS, startAtlasSimulator, type AtlasSimulator } from '../simulator';
import { Workbench } from './workbench';

const { projects, peers } = SEED_IDS;

interface Shot {
  name: string;
  groupId: string;
  peerId: string;
  /** The element the screenshot is about, scrolled into view, and the text it must show. */
  focus: string;
  expect: RegExp;
}

const SHOTS: Shot[] = [
  {
    name: 'aws-pending-acceptance',
    groupId: projects.production,
    peerId: peers.awsPendingAcceptance,
    focus: '[data-step="awsAccept"]',
    expect: /left to accept[\s\S]*accept-vpc-peering-connection/,
  },
  {
    name: 'azure-role-assignment',
    groupId: projects.analytics,
    peerId: peers.azureFailedPermissions,
    focus: '[data-step="azureRoleAssignment"]',
    expect: /az role assignment create/,
  },
  {
    name: 'gcp-available-private-string',
    groupId: projects.production,
    peerId: peers.gcpAvailable,
    focus: 'section[aria-labelledby="connection-strings"]',
    expect: /mongodb\+srv:\/\/ml-pri\.x1abc\.mongodb\.net/,
  },
];

describe('workbench UI: next steps in the details view', function () {
  this.timeout(600_000);
  let sim: AtlasSimulator;
  let wb: Workbench;

  before(async () => {
    sim = await startAtlasSimulator({ seed: 'demo' });
    wb = await Workbench.start({
      simulator: sim,
      settings: { 'workbench.colorTheme': 'Default Light Modern', 'atlasPeering.autoRefreshSeconds': 0 },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.reportFailure(`next-steps-${this.currentTest.title}`);
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

  for (const theme of ['light', 'dark'] as const) {
    it(`shows the generated steps and strings with copy buttons (${theme} theme)`, async () => {
      await setTheme(theme === 'light' ? 'Light Modern' : 'Dark Modern');
      for (const shot of SHOTS) {
        await wb.runPaletteCommand('View: Close All Editors');
        await wb.page
          .locator('iframe.webview.ready')
          .first()
          .waitFor({ state: 'detached', timeout: 10_000 })
          .catch(() => undefined);
        await wb.lookUp(shot.groupId, shot.peerId);
        const target = frame().locator(shot.focus).first();
        await target.waitFor({ timeout: 30_000 });
        assert.match(await target.innerText(), shot.expect, shot.name);
        assert.ok((await target.locator('button.copy').count()) > 0, `${shot.name} has a Copy button`);
        await target.scrollIntoViewIfNeeded();
        await wb.page.mouse.move(0, 0);
        const file = await wb.screenshot(`next-steps-${shot.name}-${theme}`);
        assert.ok(fs.statSync(file).size > 20_000, `${file} is suspiciously small`);
      }
    });
  }
});
