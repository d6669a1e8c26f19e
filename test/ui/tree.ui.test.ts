// The Peering Connections tree in the browser: every collapsed project with its state, the status
// bar item and the tree it filters; expand a project, see the providers and peers with their status,
// open a peer's context menu; and the welcome view when there are no credentials.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parsePeer } from '../../src/atlas/models';
import { estateCounts, estateStatusText, summarize } from '../../src/tree/pure/treeModel';
import { demoSeed } from '../simulator/seed';
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

  it('shows every collapsed project with its state, the status bar item, and the tree it filters', async () => {
    await wb.openAtlasView();
    await wb.treeRow('Using credentials from environment variables', 60_000);
    // Nothing expanded: the background pass gives each project its count and worst state.
    await wb.treeRow(/^Production\s*6 connections · needs your action/);
    await wb.treeRow(/^Sandbox\s*no peering/);
    // Each project gets its line when its own load ends (Load-Test, 620 peers, ends last): wait for each row.
    for (const name of ['Staging', 'Analytics', 'Load-Test']) {
      await wb.treeRow(new RegExp(`^${name}\\s*\\d+ connections? · `));
    }
    const rows = await wb.treeRows();
    assert.equal(rows.filter((r) => /^(Production|Staging|Analytics|Sandbox|Load-Test)/.test(r)).length, 5);
    // The status bar says what the seed holds.
    const counts = estateCounts(demoSeed().projects.map((p) => summarize(p.peers.map((peer) => parsePeer(peer)))));
    const text = estateStatusText(counts);
    assert.ok(text, 'the demo seed has connections that need the user');
    const item = wb.page.locator('.statusbar-item', { hasText: text });
    await item.waitFor();
    await wb.page.mouse.move(900, 700);
    const collapsed = await wb.screenshot('tree-estate-collapsed');
    assert.ok(fs.statSync(collapsed).size > 10_000);

    // Clicking it filters the tree to those connections.
    await wb.clickClear(item);
    await wb.sideBar().locator('.message', { hasText: 'Showing only connections that need attention' }).waitFor();
    await wb
      .sideBar()
      .locator('.monaco-list-row', { hasText: /^Sandbox/ })
      .waitFor({ state: 'detached' });
    const production = await wb.treeRow(/^Production/);
    await wb.clickClear(production);
    await wb.treeRow(/PENDING_ACCEPTANCE/);
    const filteredRows = await wb.treeRows();
    assert.equal(filteredRows.filter((r) => /AVAILABLE$/.test(r)).length, 0, JSON.stringify(filteredRows));
    await wb.page.mouse.move(900, 700);
    const filtered = await wb.screenshot('tree-estate-filtered');
    assert.ok(fs.statSync(filtered).size > 10_000);
    await wb.runPaletteCommand('Atlas Peering: Show All Connections');
    await wb.treeRow(/^Sandbox/);
    await wb.clickClear(await wb.treeRow(/^Production/)); // collapsed again, as the next test expects
    await wb
      .sideBar()
      .locator('.monaco-list-row', { hasText: /PENDING_ACCEPTANCE/ })
      .waitFor({ state: 'detached' });
  });

  it('expands a project into providers and peers with their status', async () => {
    await wb.openAtlasView();
    await wb.treeRow('Using credentials from environment variables', 60_000);
    // The collapsed project already shows its state: expanding answers from what the pass loaded.
    const production = await wb.treeRow(/^Production\s*6 connections/);
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
