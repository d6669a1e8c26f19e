// UI test: infrastructure as code both ways in the workbench. A .tf file that says another CIDR
// than Atlas shows the drift diagnostic in its hover, the Quick Fix menu offers Atlas's value and
// applying it rewrites the literal; Generate Terraform… from the tree's context menu opens the
// generated code. Screenshots: drift-diagnostic, drift-quick-fix, generated-terraform.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseContainer, parsePeer, type AwsPeer } from '../../src/atlas/models';
import { terraformForPeer } from '../../src/iac/pure/terraform';
import { SEED_IDS } from '../simulator';
import { demoSeed } from '../simulator/seed';
import { Workbench } from './workbench';

const GROUP = SEED_IDS.peerProjects.awsAvailable;
const PEER = SEED_IDS.peers.awsAvailable;
const FILE_CIDR = '10.254.0.0/24';

describe('workbench UI: drift between a Terraform file and Atlas, and generated code', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let folder: string;
  const project = demoSeed().projects.find((p) => p.id === GROUP);
  const peerJson = project?.peers.find((p) => p.id === PEER);
  const peer = parsePeer(peerJson) as AwsPeer;
  const container = parseContainer(project?.containers.find((c) => c.id === peer.containerId));
  const liveCidr = peer.routeTableCidrBlock as string;

  before(async () => {
    const generated = terraformForPeer(GROUP, peer, container);
    const literal = `route_table_cidr_block = "${liveCidr}"`;
    assert.ok(generated.includes(literal), 'the generated code sets the CIDR');
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-drift-ui-'));
    fs.writeFileSync(
      path.join(folder, 'network.tf'),
      generated.replace(literal, `route_table_cidr_block = "${FILE_CIDR}"`),
    );
    wb = await Workbench.start({
      folder,
      settings: { 'workbench.startupEditor': 'none', 'editor.hover.delay': 100, 'editor.codeLens': false },
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

  it('shows the drift diagnostic, offers the quick fix and applies it', async () => {
    await wb.openFile('network.tf');
    // The diagnostic's squiggle under the literal, once the simulator has answered.
    await wb.page.locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });
    // The cursor on the literal (Go to Line accepts line:column), then the hover from the keyboard.
    const text = fs.readFileSync(path.join(folder, 'network.tf'), 'utf8');
    const before = text.slice(0, text.indexOf(FILE_CIDR) + 3).split('\n');
    await wb.page.keyboard.press('Control+G');
    const input = wb.quickInput().locator('input');
    await input.waitFor();
    await input.fill(`:${before.length}:${before[before.length - 1].length + 1}`);
    await wb.page.keyboard.press('Enter');
    await wb.quickInput().waitFor({ state: 'hidden' });
    await wb.runPaletteCommand('Show or Focus Hover');
    // The marker hover shows the message at once and its Quick Fix link once the code actions are in.
    const hover = await wb.hoverTextWhen('Quick Fix', 30_000);
    assert.match(
      hover,
      new RegExp(`Atlas has ${liveCidr.replace(/\./g, '\\.')}, this file says ${FILE_CIDR.replace(/\./g, '\\.')}`),
    );
    await wb.page.waitForTimeout(300); // the hover fades in: a picture-only pause, no state is read after it
    const diagnosticShot = await wb.screenshot('drift-diagnostic');
    assert.ok(fs.statSync(diagnosticShot).size > 10_000, 'screenshot is suspiciously small');

    // The Quick Fix menu from the keyboard, the cursor still on the literal.
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.press('Control+.');
    const item = wb.page.locator('.action-widget .monaco-list-row', {
      hasText: `Use Atlas's value ${liveCidr}`,
    });
    await item.first().waitFor({ timeout: 30_000 });
    const fixShot = await wb.screenshot('drift-quick-fix');
    assert.ok(fs.statSync(fixShot).size > 10_000, 'screenshot is suspiciously small');
    // The preferred fix is the focused row: Enter applies it, as a user does.
    await wb.page.keyboard.press('Enter');
    // The literal now reads Atlas's value, and the squiggle goes with the next pass.
    await wb.page.locator('.view-lines .view-line span', { hasText: liveCidr }).first().waitFor();
    assert.equal(await wb.page.locator('.view-lines .view-line span', { hasText: FILE_CIDR }).count(), 0);
    await wb.page.locator('.squiggly-warning').first().waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('Generate Terraform… from the tree opens the code that adopts the peer', async () => {
    await wb.page.keyboard.press('Escape');
    await wb.openAtlasView();
    // Its state first: the background pass has loaded the project, so expanding it redraws nothing
    // under the menu (a project redrawn while a command runs from a peer's menu would drop the peer).
    const projectRow = await wb.treeRow(new RegExp(`^${project?.name ?? GROUP}\\s*\\d+ connection`), 60_000);
    if ((await projectRow.getAttribute('aria-expanded')) !== 'true') {
      await wb.clickClear(projectRow);
    }
    const providerRow = await wb.treeRow(/^\s*AWS/);
    if ((await providerRow.getAttribute('aria-expanded')) !== 'true') {
      await wb.clickClear(providerRow);
    }
    const peerRow = await wb.treeRow(peer.vpcId ?? PEER);
    await wb.runContextMenuItem(peerRow, 'Generate Terraform');
    // network.tf is the active editor, so the command asks where the code goes: a new editor.
    const newEditor = wb.quickInput().locator('.monaco-list-row', { hasText: 'Open in a new editor' });
    await newEditor.waitFor();
    await newEditor.click();
    await wb.quickInput().waitFor({ state: 'hidden' });
    const tab = wb.page.locator('.tabs-container .tab.active', { hasText: /Untitled/ });
    await tab.waitFor({ timeout: 30_000 });
    const editor = wb.page.locator(
      '.editor-instance .monaco-editor.focused .view-lines, .editor-group-container.active .view-lines',
    );
    await editor
      .filter({ hasText: `${GROUP}-${PEER}-AWS` })
      .first()
      .waitFor({ timeout: 30_000 });
    // The editor draws spaces as no-break spaces.
    const text = (await editor.first().innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /import \{/);
    assert.match(text, /resource "mongodbatlas_network_peering"/);
    const shot = await wb.screenshot('generated-terraform');
    assert.ok(fs.statSync(shot).size > 10_000, 'screenshot is suspiciously small');
  });
});
