// Another extension against Atlas Peering in a production host: code-server with the packaged
// .vsix installed (so the extension runs in ExtensionMode.Production, as users get it) and a second
// small extension, test/fixtures/exports-probe, that activates it and tries every path through its
// exports. It must reach no credential, client, session or token: the secret-hygiene check of what
// another extension can reach. The workbench is opened in headless Chromium so the host starts.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_CREDENTIALS, startAtlasSimulator, type AtlasSimulator } from '../simulator';
import { ROOT } from './workbench';
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

describe('exports: another extension in a production host', function () {
  const { attack } = attackSuite('another extension in a production host');
  this.timeout(240_000);
  let sim: AtlasSimulator;
  let server: Awaited<ReturnType<typeof codeServer.startCodeServer>> | undefined;
  let browser: Browser | undefined;
  let work = '';

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-exports-'));
    sim = await startAtlasSimulator({
      seed: 'demo',
      serviceAccounts: [{ clientId: DEMO_CREDENTIALS.serviceAccount.clientId, clientSecret: SECRET }],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    await sim?.close();
    fs.rmSync(work, { recursive: true, force: true });
  });

  attack('reaches nothing through the exports: no API, no client, no secret', async () => {
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
      settings: { 'atlasPeering.profiles': { default: { baseUrl: sim.url } } },
    });
    browser = await chromium.launch(codeServer.chromiumLaunchOptions(server.home));
    const page = await browser.newPage();
    const probe = path.join(ROOT, 'test', 'fixtures', 'exports-probe');
    await page.goto(codeServer.workbenchUrl(server, { ext: probe }), { timeout: 120_000 });
    // The probe writes its report once it has walked everything: wait for that state.
    const deadline = Date.now() + 120_000;
    while (!fs.existsSync(report)) {
      assert.ok(Date.now() < deadline, `the probe wrote no report; code-server log: ${server.logFile}`);
      await page.waitForTimeout(250);
    }
    const r = JSON.parse(fs.readFileSync(report, 'utf8')) as ProbeReport;
    const text = r.texts.join('\n');
    const secretsReached = [SECRET, DEMO_CREDENTIALS.serviceAccount.clientSecret].filter((s) => text.includes(s));
    const tokensReached = /Bearer |eyJ[A-Za-z0-9_-]{10,}\./.test(text);
    console.log(
      `      probe: exports ${r.exportsType}, ${r.nodes} values walked, ${r.capabilities.length} Atlas-capable objects, ${secretsReached.length} secrets, tokens ${tokensReached}`,
    );
    assert.equal(r.error, undefined, r.error);
    assert.ok(r.found && r.active, 'the probe found and activated Atlas Peering');
    assert.deepEqual(
      {
        exports: r.exportsType,
        capabilities: r.capabilities.slice(0, 5),
        secretsReached: secretsReached.length,
        tokensReached,
      },
      { exports: 'undefined', capabilities: [], secretsReached: 0, tokensReached: false },
      `reached: ${r.paths.slice(0, 10).join(', ')}`,
    );
  });
});
