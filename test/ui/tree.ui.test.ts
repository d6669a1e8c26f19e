// The Peering Connections tree in the browser: expand a project, see the providers and peers with
// their status, open a peer's context menu; and the welcome view when there are no credentials.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Workbench } from './workbench';

describe('workbench UI: peering tree', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.start({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.reportFailure(`tree-${this.currentTest.title}`);
    }
  });

  after(async () => {
    await wb?.close();
  });

  it('expands a project into providers and peers with their status', async () => {
    await wb.openAtlasView();
    await wb.treeRow('Using credentials from environment variables', 60_000);
    const production = await wb.treeRow(/^Production/);
    assert.ok(!wb.sim.requestLog.some((e) => e.path.includes('/peers')), 'peers are fetched only on expand');
    await wb.clickClear(production);
    await wb.treeRow(/^AWS/);
    await wb.treeRow(/^Azure/);
    await wb.treeRow(/^Google Cloud/);
    const pending = await wb.treeRow(/PENDING_ACCEPTANCE/);
    await wb.treeRow(/WAITING_FOR_USER/);
    const rows = await wb.treeRows();
    assert.ok(
      rows.some((r) => /^Production\s*6 connections · needs your action/.test(r)),
      JSON.stringify(rows),
    );
    assert.equal(rows.filter((r) => /AVAILABLE$/.test(r)).length, 4, JSON.stringify(rows));
    // The status icon is a codicon with a theme colour.
    assert.equal(await pending.locator('.codicon-warning').count(), 1);

    await wb.clickClear(pending, { button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.waitFor();
    const items = (await menu.locator('.action-label').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
    for (const expected of [
      'Show Details',
      'Open in Atlas',
      'Copy Peer ID',
      'Copy Connection ID (pcx-…)',
      'Copy as JSON',
    ]) {
      assert.ok(items.includes(expected), `context menu lacks ${expected}: ${JSON.stringify(items)}`);
    }
    await wb.page.keyboard.press('Escape');

    // Open Staging too, for a screenshot with every status category.
    await wb.clickClear(await wb.treeRow(/^Staging/));
    await wb.treeRow(/INITIATING/);
    // Widen the side bar so that descriptions are readable in the screenshot.
    const box = await wb.sideBar().boundingBox();
    if (box) {
      await wb.page.mouse.move(box.x + box.width, box.y + 400);
      await wb.page.mouse.down();
      await wb.page.mouse.move(box.x + 560, box.y + 400, { steps: 8 });
      await wb.page.mouse.up();
    }
    await wb.page.mouse.move(900, 700);
    const file = await wb.screenshot('tree-expanded');
    assert.ok(fs.statSync(file).size > 10_000);
  });
});

describe('workbench UI: welcome view without credentials', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.start({ credentials: false });
  });

  after(async () => {
    await wb?.close();
  });

  it('offers Set Credentials and Import from Atlas CLI', async () => {
    await wb.openAtlasView();
    const welcome = wb.sideBar().locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 60_000 });
    await welcome.locator('a.monaco-button', { hasText: 'Set Credentials' }).first().waitFor();
    await welcome.locator('a.monaco-button', { hasText: 'Import from Atlas CLI' }).first().waitFor();
    assert.match(await welcome.innerText(), /system keychain/);
    await wb.page.mouse.move(900, 500);
    await wb.screenshot('tree-welcome');
    // The button runs the command: its first prompt is the profile picker.
    await welcome.locator('a.monaco-button', { hasText: 'Set Credentials' }).first().click();
    await wb.quickInput().locator('.monaco-list-row', { hasText: 'New profile' }).first().waitFor();
    await wb.screenshot('set-credentials-profile');
    await wb.page.keyboard.press('Escape');
  });
});
