// Another extension against Atlas Peering in a production host: code-server with the packaged
// .vsix installed (so the extension runs in ExtensionMode.Production, as users get it) and a second
// small extension, test/fixtures/exports-probe, that activates it and tries every path through its
// exports. It must reach no credential, client, session or token: the secret-hygiene check of what
// another extension can reach. It walks twice: at startup, with credentials from the environment, and
// again after the user stored a service account through Set Credentials (so it sits in SecretStorage
// and in a live session). The workbench is opened in headless Chromium so the host starts.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_CREDENTIALS, startAtlasSimulator, type AtlasSimulator } from '../simulator';
import { ROOT, WorkbenchPage } from './workbench';
import { attackSuite } from '../unit/atlas/attacks';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const codeServer = require(path.join(ROOT, 'test', 'host', 'codeServer.js')) as typeof import('../host/codeServer');

interface ProbeReport {
  found: boolean;
  active: boolean;
  exportsType: string;
  paths: string[];
  texts: string[];
  capabilities: string[];
  nodes: number;
  error?: string;
}

const SECRET = 'mdb_sa_sk_PROBEsecretWombat3Heron8Kiwi5mQz';
// The service account the user types into Set Credentials (stored in SecretStorage, never in the environment).
const STORED = {
  clientId: 'mdb_sa_id_77a2c3d4e5f60718293a4b5c',
  clientSecret: 'mdb_sa_sk_STOREDsecretOtter7Finch2Yak9pLw',
};

/** Waits for the probe's report file and reads it. */
async function probeReport(wb: WorkbenchPage, file: string, logFile: string): Promise<ProbeReport> {
  const deadline = Date.now() + 120_000;
  while (!fs.existsSync(file)) {
    assert.ok(Date.now() < deadline, `the probe wrote no report; code-server log: ${logFile}`);
    await wb.page.waitForTimeout(250);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ProbeReport;
}

/** What a report reached, in the shape the test expects to be empty. */
function reached(r: ProbeReport, label: string): Record<string, unknown> {
  const text = r.texts.join('\n');
  const secretsReached = [SECRET, STORED.clientSecret, DEMO_CREDENTIALS.serviceAccount.clientSecret].filter((s) =>
    text.includes(s),
  );
  const tokensReached = /Bearer |eyJ[A-Za-z0-9_-]{10,}\./.test(text);
  console.log(
    `      probe (${label}): exports ${r.exportsType}, ${r.nodes} values walked, ${r.capabilities.length} Atlas-capable objects, ${secretsReached.length} secrets, tokens ${tokensReached}`,
  );
  assert.equal(r.error, undefined, r.error);
  assert.ok(r.found && r.active, 'the probe found and activated Atlas Peering');
  return {
    exports: r.exportsType,
    capabilities: r.capabilities.slice(0, 5),
    secretsReached: secretsReached.length,
    tokensReached,
  };
}

const NOTHING = { exports: 'undefined', capabilities: [], secretsReached: 0, tokensReached: false };

describe('exports: another extension in a production host', function () {
  const { attack } = attackSuite('another extension in a production host');
  this.timeout(240_000);
  let sim: AtlasSimulator;
  let server: Awaited<ReturnType<typeof codeServer.startCodeServer>> | undefined;
  let wb: WorkbenchPage | undefined;
  let work = '';

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-exports-'));
    sim = await startAtlasSimulator({
      seed: 'demo',
      serviceAccounts: [{ clientId: DEMO_CREDENTIALS.serviceAccount.clientId, clientSecret: SECRET }, STORED],
    });
  });

  after(async () => {
    await wb?.browser.close();
    await server?.stop();
    await sim?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  attack(
    'reaches nothing through the exports (no API, client or secret), with credentials from the environment and then from SecretStorage',
    async () => {
      // The package users install: vsce runs the production build (vscode:prepublish).
      // EXPORTS_PROBE_VSIX points the probe at another build (e.g. an older commit's) to compare.
      const vsix = process.env.EXPORTS_PROBE_VSIX ?? path.join(work, 'atlas-peering.vsix');
      if (!process.env.EXPORTS_PROBE_VSIX) {
        const pack = spawnSync(
          path.join(ROOT, 'node_modules', '.bin', 'vsce'),
          ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix],
          { cwd: ROOT, encoding: 'utf8' },
        );
        assert.equal(pack.status, 0, `vsce package failed: ${pack.stdout}${pack.stderr}`);
      }
      const report = path.join(work, 'probe-report.json');
      server = await codeServer.startCodeServer({
        work: path.join(work, 'cs'),
        installExtensions: [vsix],
        env: {
          EXPORTS_PROBE_REPORT: report,
          MONGODB_ATLAS_BASE_URL: sim.url,
          MONGODB_ATLAS_CLIENT_ID: DEMO_CREDENTIALS.serviceAccount.clientId,
          MONGODB_ATLAS_CLIENT_SECRET: SECRET,
        },
        settings: { 'atlasPeering.profiles': { default: { baseUrl: sim.url }, stored: { baseUrl: sim.url } } },
      });
      const probe = path.join(ROOT, 'test', 'fixtures', 'exports-probe');
      wb = await WorkbenchPage.open(codeServer.workbenchUrl(server, { ext: probe }), server.home);
      const r = await probeReport(wb, report, server.logFile);
      assert.deepEqual(reached(r, 'environment credentials'), NOTHING, `reached: ${r.paths.slice(0, 10).join(', ')}`);

      // The user stores a service account for the second profile, typed into Set Credentials.
      await wb.runPaletteCommand('Atlas Peering: Set Credentials…');
      const quick = wb.quickInput();
      const row = (label: string) =>
        quick
          .locator('.monaco-list-row')
          .filter({ has: wb!.page.locator('.label-name', { hasText: new RegExp(`^\\s*${label}\\s*$`) }) })
          .first();
      await row('stored').click();
      await row('Service account').click();
      await quick.locator('.quick-input-title', { hasText: '(1/2)' }).waitFor();
      await quick.locator('input').fill(STORED.clientId);
      await quick.locator('input').press('Enter');
      await quick.locator('.quick-input-title', { hasText: '(2/2)' }).waitFor();
      await quick.locator('input').fill(STORED.clientSecret);
      await quick.locator('input').press('Enter');
      // Shown after the credentials were checked with the simulator and stored.
      await wb.page
        .locator('.notifications-toasts', { hasText: 'Atlas credentials saved for profile "stored"' })
        .waitFor({ timeout: 60_000 });
      // Its token is live while the probe walks again: there is something to leak.
      assert.equal(sim.liveTokenCount(STORED.clientId), 1, 'one live token of the stored service account');

      await wb.runPaletteCommand('Exports Probe: Walk Again');
      const again = await probeReport(wb, `${report}.again`, server.logFile);
      assert.deepEqual(
        reached(again, 'credentials in SecretStorage'),
        NOTHING,
        `reached: ${again.paths.slice(0, 10).join(', ')}`,
      );
    },
  );
});
