// UI test: hovering an Atlas peering id in a Terraform file shows the live status from the
// simulator in the editor's hover widget, with its Open Details / Refresh links.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyFixturesWithSeedIds } from '../fixtures/configs/seedIds';
import { SEED_IDS } from '../simulator';
import { Workbench } from './workbench';

const PEER = SEED_IDS.peers.awsPendingAcceptance;

describe('workbench UI: hover in a Terraform file', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let folder: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-hover-ui-'));
    copyFixturesWithSeedIds(folder, 'terraform');
    wb = await Workbench.start({
      folder: path.join(folder, 'terraform'),
      settings: { 'workbench.startupEditor': 'none', 'editor.hover.delay': 100 },
    });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.reportFailure(`${this.currentTest.title}`);
    }
  });

  after(async () => {
    await wb?.close();
    if (folder) {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('shows provider, status, fields and the links over the peering id', async () => {
    await wb.openFile('main.tf');
    const text = fs.readFileSync(path.join(folder, 'terraform', 'main.tf'), 'utf8');
    const offset = text.indexOf(`peering_id = "${PEER}"`) + 'peering_id = "'.length + 4;
    assert.ok(offset > 20, 'the fixture names the pending AWS peer');
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = before[before.length - 1].length + 1;

    // The CodeLens above the resource, once the simulator has answered: lenses that arrive later insert lines above
    // the cursor, and the editor closes an open hover when its content moves.
    await wb.page
      .locator('.codelens-decoration', { hasText: 'PENDING_ACCEPTANCE' })
      .first()
      .waitFor({ timeout: 60_000 });
    // Put the cursor on the id (Go to Line accepts line:column), then show the hover from the keyboard.
    await wb.page.keyboard.press('Control+G');
    const input = wb.quickInput().locator('input');
    await input.waitFor();
    await input.fill(`:${line}:${column}`);
    await wb.page.keyboard.press('Enter');
    await wb.quickInput().waitFor({ state: 'hidden' });
    await wb.runPaletteCommand('Show or Focus Hover');

    // The widget shows the diagnostic's part at once and ours when the simulator has answered: wait for ours.
    const hover = await wb.hoverTextWhen('AWS peering connection', 30_000);
    assert.match(hover, /Needs your action \(PENDING_ACCEPTANCE\)/);
    assert.match(hover, new RegExp(PEER));
    assert.match(hover, /Next step/);
    assert.match(hover, /Open Details/);
    assert.match(hover, /Refresh/);
    assert.match(hover, /fetched just now/);
    // The codicon rendered as an icon, not as "$(warning)" text.
    assert.doesNotMatch(hover, /\$\(warning\)/);
    // The screenshot (README, walkthrough) is of the hover as the mouse shows it. A mouse hover that starts while
    // the keyboard-opened one is still closing is swallowed, so close that one first and wait until it is gone.
    await wb.page.keyboard.press('Escape');
    await wb.clearHovers();
    const token = wb.page.locator('.view-lines .view-line span', { hasText: PEER }).last();
    await token.hover();
    await wb.page.locator('.monaco-hover:not(.hidden)', { hasText: 'Next step' }).first().waitFor({ state: 'visible' });
    await wb.page.waitForTimeout(500); // the hover fades in: a picture-only pause, no state is read after it
    const file = await wb.screenshot('hover-terraform');
    assert.ok(fs.statSync(file).size > 10_000, 'screenshot is suspiciously small');
    assert.ok(
      wb.sim.requestLog.some((e) => e.path.endsWith(`/peers/${PEER}`) && e.status === 200),
      'the hover asked the simulator',
    );
  });
});
