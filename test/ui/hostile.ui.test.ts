// Hostile Atlas strings in the real browser: the details view of a peer whose every field
// is markup, </script>, markdown/command links, control characters or 100 KB, the tooltip of its
// tree item and the hover over its id in a config file. No script may run (window flags, dialogs),
// no element may come from the data, and no command link other than the extension's own two may
// appear in a hover.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { startAtlasSimulator, type AtlasSimulator } from '../simulator';
import { addHostileProject, HOSTILE } from '../unit/hostile/hostileData';
import { ROOT, Workbench } from './workbench';
import { attackSuite } from '../unit/atlas/attacks';

/** The commands a hover over a peer id links: Open Details, Refresh and the two Generate links. */
const OUR_LINK_COMMANDS = [
  'atlasPeering.showDetails',
  'atlasPeering.refreshPeer',
  'atlasPeering.generateTerraform',
  'atlasPeering.generateKubernetes',
];

describe('workbench UI: hostile Atlas strings', function () {
  const { attack } = attackSuite('workbench UI: hostile Atlas strings');
  this.timeout(600_000);
  let sim: AtlasSimulator;
  let wb: Workbench;
  let hostile: ReturnType<typeof addHostileProject>;
  const dialogs: string[] = [];
  let folder: string | undefined;

  before(async () => {
    sim = await startAtlasSimulator({ seed: 'demo' });
    hostile = addHostileProject(sim);
    // The workspace holds a config file naming the hostile peer, under a hostile resource label.
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-hostile-ui-'));
    fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, 'hostile.tf'),
      `# ${HOSTILE.mdLink}\nresource "mongodbatlas_network_peering" "x](command:workbench.action.terminal.new)" {\n  project_id = "${hostile.groupId}"\n  peering_id = "${hostile.peers.GCP}"\n}\n`,
    );
    wb = await Workbench.start({
      simulator: sim,
      folder,
      settings: { 'atlasPeering.autoRefreshSeconds': 0, 'workbench.hover.delay': 200 },
    });
    wb.page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    // A popup (window.open from injected markup) would be a new page.
    wb.page.context().on('page', (p) => dialogs.push(`popup: ${p.url()}`));
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.reportFailure(`hostile-${this.currentTest.title}`);
    }
    await wb?.page.keyboard.press('Escape').catch(() => undefined);
  });

  after(async () => {
    await wb?.close();
    await sim?.close();
    if (folder) {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  /** Every frame of the page (workbench, webview hosts, webview content) must be free of the flags. */
  async function assertNothingRan(): Promise<void> {
    for (const frame of wb.page.frames()) {
      const flag = await frame
        .evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)
        .catch((e: Error) => (/detached|destroyed/i.test(e.message) ? undefined : `error: ${e.message}`));
      assert.equal(flag, undefined, `window.__pwned in ${frame.url().slice(0, 80)}`);
    }
    assert.deepEqual(dialogs, [], 'no dialog or popup opened');
  }

  /** command: targets of every link in a hover widget (VS Code puts them in data-href or href). */
  async function hoverCommandLinks(hover: Locator): Promise<string[]> {
    return hover.evaluate((el) =>
      Array.from(el.querySelectorAll('a'))
        .map((a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? '')
        .filter((h) => /^command:/i.test(h)),
    );
  }

  function assertOnlyOurCommands(links: string[], where: string): void {
    for (const l of links) {
      const id = /^command:([\w.]+)/i.exec(l)?.[1] ?? l;
      assert.ok(OUR_LINK_COMMANDS.includes(id), `${where}: command link ${l.slice(0, 100)}`);
    }
  }

  attack('details view: every hostile value is text; nothing runs', async () => {
    await wb.lookUp(hostile.groupId, hostile.peers.AWS);
    const frame = wb.webviewFrame();
    const title = frame.locator('h1.title');
    await title.waitFor({ timeout: 60_000 });
    // The markup and the markdown link read as they are, character for character.
    assert.equal(await title.innerText(), `vpc-${HOSTILE.markup}${HOSTILE.mdLink}`);
    assert.equal(await frame.locator('img, svg, iframe, b').count(), 0, 'no element from the data');
    // Our script carries the CSP nonce; VS Code may inject its own (no nonce, no data in it).
    const scripts = await frame.locator('script').evaluateAll((els) =>
      els.map((e) => ({
        nonce: e.getAttribute('nonce') ?? (e as HTMLScriptElement).nonce ?? '',
        text: e.textContent ?? '',
        src: e.getAttribute('src') ?? '',
      })),
    );
    assert.equal(
      scripts.filter((x) => x.nonce !== '').length,
      1,
      `one nonce'd script: ${JSON.stringify(scripts.map((x) => [x.nonce.length, x.src, x.text.slice(0, 60)]))}`,
    );
    assert.ok(
      scripts.every((x) => !x.text.includes('__pwned')),
      'no script from the data',
    );
    assert.equal(await frame.locator('a[href^="command:"]').count(), 0, 'no command link in the page');
    const body = await frame.locator('body').innerText();
    assert.ok(body.includes('</script><script>window.__pwned=2</script>'), 'the </script> value is shown as text');
    assert.ok(body.includes('BIGAAAA'), 'the 100 KB value is shown (or its start)');
    // Once the page has loaded every resource (and failed the ones the CSP blocks), any handler
    // the data could have planted (onerror, onload) has had its chance to run.
    await frame.locator('body').evaluate(
      () =>
        new Promise<void>((resolve) => {
          if (document.readyState === 'complete') {
            resolve();
          } else {
            window.addEventListener('load', () => resolve(), { once: true });
          }
        }),
    );
    await assertNothingRan();
    await wb.screenshot('hostile-details');
  });

  attack("tree: the hostile item's tooltip shows text, runs nothing and links no command", async () => {
    await wb.openAtlasView();
    const projectRow = await wb.treeRow(/click me/, 60_000);
    await wb.clickClear(projectRow);
    const peerRow = await wb.treeRow(/vpc-<img/, 60_000);
    await wb.clearHovers();
    await peerRow.hover();
    const hover = wb.page.locator('.monaco-hover:not(.hidden), .workbench-hover-container .workbench-hover').first();
    await hover.waitFor({ state: 'visible', timeout: 20_000 });
    const text = await hover.innerText();
    assert.match(text, /click me/, 'the markdown link text is shown');
    assert.match(text, /vpc-<img src=x onerror=/, 'the markup is shown as text');
    assert.ok(text.includes('$(alert)'), 'an icon reference in the data stays text');
    assert.equal(await hover.locator('img, svg, script, iframe').count(), 0);
    assertOnlyOurCommands(await hoverCommandLinks(hover), 'tree tooltip');
    assert.equal(await hover.locator('a').count(), 0, 'a tooltip of Atlas data has no links at all');
    await wb.screenshot('hostile-tree-tooltip');
    await assertNothingRan();
  });

  attack("config-file hover on the hostile peer: only the extension's own commands are linked", async () => {
    // Quick Open through the palette box (its '>' removed), which works wherever the focus is.
    await wb.page
      .locator('.monaco-workbench')
      .click({ position: { x: 700, y: 5 } })
      .catch(() => undefined);
    await wb.page.keyboard.press('F1');
    const input = wb.quickInput().locator('input');
    await input.waitFor();
    await input.fill('hostile.tf');
    await wb.quickInput().locator('.monaco-list-row', { hasText: 'hostile.tf' }).first().click({ timeout: 30_000 });
    await wb.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
    const token = wb.page.locator('.view-lines .view-line span', { hasText: hostile.peers.GCP }).last();
    await token.waitFor();
    // The resource's CodeLens, once the simulator has answered: a lens arriving later moves the text under the mouse,
    // and the editor closes the hover.
    await wb.page.locator('.codelens-decoration', { hasText: 'GCP' }).first().waitFor({ timeout: 60_000 });
    await wb.clearHovers();
    await token.hover();
    // The widget shows the diagnostic's part (it names Atlas too) at once, and the provider's part once the simulator
    // has answered: take the widget when the latter, the peer hover's footer line, is there, all read at once.
    const handle = await wb.page.waitForFunction(
      () => {
        const el = Array.from(document.querySelectorAll<HTMLElement>('.monaco-hover:not(.hidden)')).find((h) =>
          /fetched /.test(h.innerText),
        );
        return (
          el && {
            text: el.innerText,
            elements: el.querySelectorAll('img, svg, script, iframe').length,
            links: Array.from(el.querySelectorAll('a'))
              .map((a) => a.getAttribute('data-href') ?? a.getAttribute('href') ?? '')
              .filter((h) => /^command:/i.test(h)),
          }
        );
      },
      undefined,
      { timeout: 30_000 },
    );
    const { text, elements, links } = (await handle.jsonValue()) as { text: string; elements: number; links: string[] };
    assertOnlyOurCommands(links, 'config-file hover');
    assert.ok(
      links.some((l) => l.startsWith('command:atlasPeering.showDetails')),
      `our Show Details link is there: ${links.join(', ')}`,
    );
    assert.equal(elements, 0);
    assert.match(text, /click me/, 'the hostile error text is shown as text');
    assert.ok(text.includes('$(alert)'), 'an icon reference in the data stays text, not an icon');
    await wb.screenshot('hostile-config-hover');
    await assertNothingRan();
  });

  attack('no webview or workbench frame ran injected code at any point', async () => {
    const frames: Frame[] = wb.page.frames();
    assert.ok(frames.length > 1, 'the webview frames were inspected');
    await assertNothingRan();
  });
});
