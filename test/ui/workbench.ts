// Drives the real workbench for UI tests: the Atlas simulator, code-server with this extension loaded as a
// development extension, and headless Debian Chromium through playwright-core. Selectors were checked against
// code-server 4.100.3 / VS Code 1.100.3. WorkbenchPage holds the helpers that only need the page, so that the demo
// smoke test can drive the workbench `npm run demo` serves.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { DEMO_CREDENTIALS, startAtlasSimulator, type AtlasSimulator, type SimulatorOptions } from '../simulator';

/** Repository root (this file runs from out/test/ui). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');
/** Every failed UI test's report, appended; scripts/test.js prints it last and clears it first. */
export const FAILURE_REPORTS = path.join(ROOT, 'test-results', 'ui-failure-reports.txt');

// Plain JS shared with the integration harness and the demo; tsc does not copy it to out/, so load it from test/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const codeServer = require(path.join(ROOT, 'test', 'host', 'codeServer.js')) as typeof import('../host/codeServer');
type CodeServer = import('../host/codeServer').CodeServer;

export interface WorkbenchOptions {
  /** Simulator options (default: demo seed, random port). Ignored when `simulator` is given. */
  simulatorOptions?: SimulatorOptions;
  /** Reuse a running simulator (the caller closes it). */
  simulator?: AtlasSimulator;
  /** false: start the extension without the demo service account in its environment. */
  credentials?: boolean;
  /** Extra environment for code-server and so for the extension host. */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Folder copied to a temp workspace and opened (default test/fixtures/workspace). */
  folder?: string;
  viewport?: { width: number; height: number };
  /** Workspace trust: undefined = trust disabled (every folder trusted); false = enabled, this folder untrusted. */
  trustWorkspace?: false;
}

const ATLAS_CONTAINER = '.activitybar [aria-label^="Atlas Peering"]';
export const LOOKUP_TITLE = 'Atlas Peering: Look Up Peering Connection…';
// Editor hovers and the workbench hover (tree tooltips, activity bar and status bar hovers).
const HOVERS = '.monaco-hover:not(.hidden), .workbench-hover-container .workbench-hover';

/** The helpers that only need a workbench page (any code-server: the tests' own or the demo's). */
export class WorkbenchPage {
  constructor(
    readonly browser: Browser,
    readonly page: Page,
    /** Browser console errors and page errors, for assertions and failure reports. */
    readonly consoleErrors: string[],
  ) {}

  /** Opens `url` in a new headless Chromium writing below `home`, once the Atlas Peering container is there. */
  static async open(url: string, home: string, viewport = { width: 1400, height: 900 }): Promise<WorkbenchPage> {
    const browser = await chromium.launch(codeServer.chromiumLaunchOptions(home));
    try {
      const wb = new WorkbenchPage(browser, ...(await WorkbenchPage.newPage(browser, url, viewport)));
      await wb.load(url);
      return wb;
    } catch (err) {
      await browser.close().catch(() => undefined);
      throw err;
    }
  }

  protected static async newPage(
    browser: Browser,
    url: string,
    viewport: { width: number; height: number },
  ): Promise<[Page, string[]]> {
    const context = await browser.newContext({ viewport });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') {
        errors.push(m.text());
      }
    });
    return [page, errors];
  }

  protected async load(url: string): Promise<void> {
    await this.page.goto(url, { timeout: 120_000 });
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
    await this.page.locator('.statusbar').waitFor();
    // The container icon appears once the extension host has read the extension's manifest.
    await this.page.locator(ATLAS_CONTAINER).first().waitFor({ timeout: 120_000 });
  }

  /** Locator of the Atlas Peering activity-bar item. */
  activityBarItem(): Locator {
    return this.page.locator(ATLAS_CONTAINER).first();
  }

  /** The Atlas Peering side bar (its view pane). */
  sideBar(): Locator {
    return this.page.locator('.part.sidebar');
  }

  /** Opens the Atlas Peering view container (no-op when it is already open). */
  async openAtlasView(): Promise<void> {
    // With a single view the pane header is hidden and the side bar title names the container.
    const title = this.sideBar()
      .locator('.composite.title .title-label', { hasText: /Atlas Peering/i })
      .first();
    // Clicking the item of the container that is already open would close the side bar.
    if (!(await title.isVisible())) {
      await this.activityBarItem().click();
    }
    await title.waitFor();
    await this.sideBar()
      .locator('.pane-header', { hasText: /Peering Connections/i })
      .first()
      .waitFor({ state: 'attached' });
  }

  /** Runs a command from the palette by its title, e.g. 'Atlas Peering: Refresh'. */
  async runPaletteCommand(title: string): Promise<void> {
    // No click first: it would move focus, and commands such as 'Show or Focus Hover' act on the focused editor.
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    if (
      !(await input.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      // The page had no keyboard focus yet (nothing clicked since load).
      await this.page.locator('.part.editor').click({ position: { x: 20, y: 20 } });
      await this.page.keyboard.press('F1');
      await input.waitFor();
    }
    await input.fill(`>${title}`);
    // Exact label first: 'View: Close All Editors' must not pick 'View: Close All Editors in Group'.
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const rows = this.page.locator('.quick-input-widget .monaco-list-row');
    const row = rows.filter({ has: this.page.locator('.label-name', { hasText: exact }) }).first();
    await row.waitFor();
    await row.click();
  }

  /** The quick input (palette, input boxes, quick picks). */
  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Texts of the visible rows of the Atlas Peering tree (label and description run together, as on screen). */
  async treeRows(): Promise<string[]> {
    const rows = this.sideBar().locator('.monaco-list-row');
    return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Waits until a tree row with this text is shown and returns it. */
  async treeRow(text: string | RegExp, timeout = 30_000): Promise<Locator> {
    const row = this.sideBar().locator('.monaco-list-row', { hasText: text }).first();
    await row.waitFor({ timeout });
    return row;
  }

  /** The content frame of the active webview (the details view). */
  webviewFrame(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
  }

  /** Text of the hover widget once it is visible. */
  async hoverText(timeout = 15_000): Promise<string> {
    const hover = this.page
      .locator('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents')
      .first();
    await hover.waitFor({ state: 'visible', timeout });
    return (await hover.innerText()).trim();
  }

  /**
   * Text of the first visible hover widget that contains `part`, read in the same moment it is found: a hover can
   * close again at any time (the editor closes it when its content moves), so waiting and reading apart would race.
   */
  async hoverTextWhen(part: string, timeout = 15_000): Promise<string> {
    const handle = await this.page.waitForFunction(
      (p) =>
        Array.from(document.querySelectorAll<HTMLElement>('.monaco-hover:not(.hidden)'))
          .map((el) => el.innerText)
          .find((t) => t.includes(p)),
      part,
      { timeout },
    );
    return ((await handle.jsonValue()) as string).trim();
  }

  /** Opens a workspace file by its relative path through Quick Open. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relativePath);
    const row = this.page.locator('.quick-input-widget .monaco-list-row').first();
    await row.waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.editor-instance .monaco-editor').first().waitFor();
  }

  /** Notification toasts' messages currently shown. */
  notifications(): Locator {
    return this.page.locator('.notifications-toasts .notification-list-item-message');
  }

  /** Saves test-results/screenshots/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /**
   * Moves the mouse to an empty spot and waits until no hover or tooltip is shown. A tree tooltip opened by an
   * earlier click lies over the rows below it and would take the next click.
   */
  async clearHovers(): Promise<void> {
    // The bottom middle of the editor area: the empty watermark, or the blank space below a short file's last line
    // (no text, no minimap, no tooltip there).
    const box = await this.page.locator('.part.editor').first().boundingBox();
    await this.page.mouse.move(box ? box.x + box.width / 2 : 700, box ? box.y + box.height - 10 : 700);
    await this.page.locator(HOVERS).first().waitFor({ state: 'hidden' });
  }

  /** Clicks a row (or anything under where tooltips open) with no tooltip left over it. */
  async clickClear(target: Locator, options?: Parameters<Locator['click']>[0]): Promise<void> {
    await this.clearHovers();
    await target.click(options);
  }

  /**
   * Opens `row`'s context menu and runs the item labelled `label`. VS Code's menu items take a mouse
   * click only from 100 ms after they are drawn (menu.ts enables mouseup late "to avoid accidental
   * clicks"), so a click as fast as Playwright's can be ignored without a trace. The item is chosen
   * as a user can at any moment: the pointer on it (the menu focuses it), then Enter.
   */
  async runContextMenuItem(row: Locator, label: string | RegExp): Promise<void> {
    await this.clickClear(row, { button: 'right' });
    const item = this.page.locator('.context-view .monaco-menu .action-item', { hasText: label }).first();
    await item.hover();
    await this.page.locator('.context-view .monaco-menu .action-item.focused', { hasText: label }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });
  }

  /**
   * Starts Look Up Peering Connection and picks the project `groupId` the way a user does: types its id and presses
   * Enter once the discovered project (its name, with the id beside it) is listed, not while the list is still
   * loading. Returns with step 2 (the peer id box) shown.
   */
  async startLookup(groupId: string): Promise<void> {
    await this.runPaletteCommand(LOOKUP_TITLE);
    const qi = this.quickInput();
    await qi.locator('.quick-input-title', { hasText: '(1/2)' }).waitFor();
    await qi.locator('input').fill(groupId);
    await qi
      .locator('.monaco-list-row', { has: this.page.locator('.label-description', { hasText: groupId }) })
      .first()
      .waitFor();
    await this.page.keyboard.press('Enter');
    await qi.locator('.quick-input-title', { hasText: '(2/2)' }).waitFor();
  }

  /** Looks up a peer (its Atlas id or an AWS pcx-… id) in project `groupId` through the palette. */
  async lookUp(groupId: string, peerId: string): Promise<void> {
    await this.startLookup(groupId);
    await this.quickInput().locator('input').fill(peerId);
    await this.page.keyboard.press('Enter');
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
  }
}

/** A workbench of its own: the Atlas simulator, code-server with this extension as a development extension, Chromium. */
export class Workbench extends WorkbenchPage {
  private constructor(
    readonly sim: AtlasSimulator,
    private readonly ownsSim: boolean,
    readonly server: CodeServer,
    browser: Browser,
    page: Page,
    consoleErrors: string[],
  ) {
    super(browser, page, consoleErrors);
  }

  static async start(options: WorkbenchOptions = {}): Promise<Workbench> {
    const ownsSim = !options.simulator;
    const sim = options.simulator ?? (await startAtlasSimulator({ seed: 'demo', ...options.simulatorOptions }));
    let server: CodeServer | undefined;
    let browser: Browser | undefined;
    try {
      const env: Record<string, string> = { MONGODB_ATLAS_BASE_URL: sim.url, ...options.env };
      if (options.credentials !== false) {
        env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
        env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
      }
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-ui-'));
      const folder = path.join(work, 'workspace', 'workspace');
      codeServer.copyDir(options.folder ?? codeServer.DEFAULT_FOLDER, folder);
      server = await codeServer.startCodeServer({
        work,
        folder,
        env,
        settings: options.settings,
        trustWorkspace: options.trustWorkspace,
        healthTimeoutMs: 90_000,
      });
      browser = await chromium.launch(codeServer.chromiumLaunchOptions(server.home));
      const url = codeServer.workbenchUrl(server, { folder, ext: ROOT });
      const [page, errors] = await WorkbenchPage.newPage(
        browser,
        url,
        options.viewport ?? { width: 1400, height: 900 },
      );
      const wb = new Workbench(sim, ownsSim, server, browser, page, errors);
      await wb.load(url);
      return wb;
    } catch (err) {
      await browser?.close().catch(() => undefined);
      await server?.stop();
      if (ownsSim) {
        await sim.close();
      }
      throw err;
    }
  }

  /**
   * After a failed test: a screenshot, and on stderr what the page and the extension were doing (the notifications,
   * the quick input, the active tab, the simulator's last requests and the extension's log), so that a failure on CI
   * names its cause without a rerun.
   */
  async reportFailure(title: string): Promise<void> {
    await this.screenshot(`failed-${title}`).catch(() => undefined);
    const texts = async (selector: string): Promise<string[]> =>
      this.page
        .locator(selector)
        .allInnerTexts()
        .catch(() => []);
    // What the user saw comes last: a log that keeps only its end (CI's) still shows it.
    const lines = [
      `--- failure report: ${title}`,
      'last simulator requests:',
      ...this.sim.requestLog
        .slice(-15)
        .map((r) => `  ${r.method} ${r.path} -> ${r.status}${r.fault ? ` (${r.fault})` : ''}`),
      'extension log (last 25 lines):',
      ...extensionLogTail(this.server.work, 25).map((l) => `  ${l}`),
      `browser console errors: ${JSON.stringify(this.consoleErrors.slice(-5))}`,
      `notifications: ${JSON.stringify(await texts('.notification-list-item-message'))}`,
      `quick input: ${JSON.stringify(await texts('.quick-input-widget:visible .quick-input-title, .quick-input-widget:visible .monaco-list-row'))}`,
      `active tab: ${JSON.stringify(await texts('.tabs-container .tab.active'))}`,
      `--- end of failure report: ${title}`,
    ];
    console.error(lines.join('\n'));
    // Also kept in a file that `npm test` prints after its summary: CI shows the end of the output.
    fs.mkdirSync(path.dirname(FAILURE_REPORTS), { recursive: true });
    fs.appendFileSync(FAILURE_REPORTS, `${lines.join('\n')}\n`);
  }

  override async close(): Promise<void> {
    await super.close();
    await this.server.stop();
    if (this.ownsSim) {
      await this.sim.close();
    }
    fs.rmSync(this.server.work, { recursive: true, force: true });
  }
}

/** The last lines of the extension's output channel log that code-server wrote below `work`. */
function extensionLogTail(work: string, count: number): string[] {
  const found: string[] = [];
  const walk = (dir: string, depth: number): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && depth < 8 && entry.name !== 'extensions' && entry.name !== 'workspace') {
        walk(full, depth + 1);
      } else if (entry.isFile() && entry.name.endsWith('Atlas Peering.log')) {
        found.push(full);
      }
    }
  };
  try {
    walk(work, 0);
  } catch {
    return ['(no log found)'];
  }
  return found.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').slice(-count));
}
