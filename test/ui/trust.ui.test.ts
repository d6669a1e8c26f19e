// Workspace trust in the real workbench: every other run disables trust, so this one turns it on and opens a folder
// the user has not trusted (Restricted Mode). The folder's settings try what a hostile repository would: name its
// own projects (restricted: atlasPeering.projects) and send the credentials elsewhere (application-scoped:
// atlasPeering.profiles, atlasPeering.defaultProfile). README, Security: the extension still runs, lists what the
// credentials see, ignores all three, and sends nothing to the folder's host. Trusting the folder then brings its
// projects in (so the test sees the setting when it is allowed), while the credentials still never go elsewhere.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEED_IDS } from '../simulator';
import { ROOT, Workbench } from './workbench';
import { attackSuite } from '../unit/atlas/attacks';

const WORKSPACE_NAME = 'Named by the workspace';

describe('workbench UI: untrusted workspace (Restricted Mode)', function () {
  const { attack } = attackSuite('workbench UI: untrusted workspace');
  this.timeout(600_000);
  let wb: Workbench;
  let folder: string;
  let elsewhere: http.Server;
  const elsewhereRequests: string[] = [];

  before(async () => {
    // Where the folder's settings want the credentials to go: it records whatever reaches it.
    elsewhere = http.createServer((req, res) => {
      elsewhereRequests.push(`${req.method} ${req.url} ${req.headers.authorization ? '(with authorization)' : ''}`);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
    const elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-trust-ui-'));
    fs.cpSync(path.join(ROOT, 'test', 'fixtures', 'workspace'), folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, '.vscode', 'settings.json'),
      JSON.stringify(
        {
          'atlasPeering.projects': [{ id: SEED_IDS.projects.production, name: WORKSPACE_NAME }],
          'atlasPeering.profiles': { default: { baseUrl: elsewhereUrl }, elsewhere: { baseUrl: elsewhereUrl } },
          'atlasPeering.defaultProfile': 'elsewhere',
        },
        null,
        2,
      ),
    );
    wb = await Workbench.start({ folder, trustWorkspace: false, settings: { 'atlasPeering.autoRefreshSeconds': 0 } });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.reportFailure(`trust-${this.currentTest.title}`);
    }
  });

  after(async () => {
    await wb?.close();
    await new Promise((resolve) => elsewhere?.close(resolve));
    if (folder) {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  attack("runs in Restricted Mode, ignores the folder's projects and profiles, sends nothing elsewhere", async () => {
    // The workbench itself says the folder is untrusted.
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor();
    await wb.openAtlasView();
    // The demo projects, by their Atlas names, through the environment's credentials at the simulator.
    await wb.treeRow(/^Production/, 60_000);
    await wb.treeRow(/^Staging/);
    const rows = await wb.treeRows();
    assert.ok(
      !rows.some((r) => r.includes(WORKSPACE_NAME)),
      `the folder's project name is ignored: ${JSON.stringify(rows)}`,
    );
    assert.ok(
      wb.sim.requestLog.some((e) => e.authScheme === 'bearer' && e.status === 200),
      'the extension signed in at the simulator',
    );
    assert.deepEqual(elsewhereRequests, [], "nothing went to the folder's base URL");
  });

  attack(
    "after the user trusts the folder, its projects count; credentials still go only to the user's hosts",
    async () => {
      await wb.runPaletteCommand('Workspaces: Manage Workspace Trust');
      const trust = wb.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
      await trust.click();
      await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'hidden' });
      await wb.openAtlasView();
      await wb.treeRow(WORKSPACE_NAME, 60_000);
      assert.deepEqual(elsewhereRequests, [], "nothing went to the folder's base URL");
    },
  );
});
