#!/usr/bin/env node
// Runs the extension's integration tests inside the real VS Code extension host (code-server 4.100.3, Node),
// driven by headless Chromium through playwright-core. The test entry follows the @vscode/test-electron contract
// (exports.run), so test/host/runElectron.js runs the same entry in desktop VS Code where it can be downloaded.
//
// node test/host/runExtTests.js [--ext DIR] [--tests FILE] [--folder DIR] [--port N] [--timeout SECONDS]
//                               [--screenshot FILE.png] [--keep]
// Environment is passed through to code-server and so to the extension host (e.g. MOCHA_GREP).
// Prints the extension host's mocha output, then `N passed, N failed`; the exit code is the result.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node before anything is compiled */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const cs = require('./codeServer');

function parseArgs(argv) {
  const args = {
    ext: cs.ROOT,
    tests: path.join(cs.ROOT, 'out/test/integration/index.js'),
    folder: cs.DEFAULT_FOLDER,
    port: 0,
    timeout: 900,
    screenshot: undefined,
    keep: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case '--ext':
        args.ext = path.resolve(value());
        break;
      case '--tests':
        args.tests = path.resolve(value());
        break;
      case '--folder':
        args.folder = path.resolve(value());
        break;
      case '--port':
        args.port = Number(value());
        break;
      case '--timeout':
        args.timeout = Number(value());
        break;
      case '--screenshot':
        args.screenshot = path.resolve(value());
        break;
      case '--keep':
        args.keep = true;
        break;
      case '-h':
      case '--help':
        console.log(
          'usage: node test/host/runExtTests.js [--ext DIR] [--tests FILE] [--folder DIR] [--port N] [--timeout S] [--screenshot FILE] [--keep]',
        );
        process.exit(0);
        break;
      default:
        console.error(`unknown option ${argv[i]}`);
        process.exit(2);
    }
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const ts = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
  for (const [what, p] of [
    ['extension folder', path.join(args.ext, 'package.json')],
    ['test entry', args.tests],
    ['workspace folder', args.folder],
  ]) {
    if (!fs.existsSync(p)) {
      console.error(
        `[harness] ${what} not found: ${p}${what === 'test entry' ? ' (run npm run compile-tests first)' : ''}`,
      );
      return 2;
    }
  }
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch {
    console.error('[harness] playwright-core is missing: run npm ci');
    return 2;
  }
  if (!fs.existsSync(cs.CHROMIUM)) {
    console.error(`[harness] ${cs.CHROMIUM} is missing: apt-get install chromium`);
    return 2;
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-host-'));
  // Tests may write the workspace's .vscode/settings.json: give them a copy, never the tracked fixture.
  const folder = path.join(work, 'workspace', path.basename(args.folder));
  cs.copyDir(args.folder, folder);

  const counts = { passed: 0, failed: 0, pending: 0 };
  let exitCode = null;
  let interrupted = false;
  let server;
  let browser;
  const cleanup = async () => {
    try {
      await browser?.close();
    } catch {
      // browser already gone
    }
    await server?.stop();
  };
  for (const [sig, n] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ]) {
    process.once(sig, async () => {
      interrupted = true;
      console.error(`[harness] ${sig}: stopping`);
      await cleanup();
      process.exit(128 + n);
    });
  }
  const timer = setTimeout(async () => {
    console.error(`[harness] TIMEOUT after ${args.timeout}s; code-server log: ${path.join(work, 'code-server.log')}`);
    console.log(`${counts.passed} passed, ${Math.max(counts.failed, 1)} failed`);
    await cleanup();
    process.exit(124);
  }, args.timeout * 1000);

  try {
    server = await cs.startCodeServer({ work, port: args.port, folder, healthTimeoutMs: 90000 });
    console.log(`[harness] code-server up on ${server.url} after ${ts()}`);
    browser = await chromium.launch({
      ...cs.chromiumLaunchOptions(server.home),
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    let resolveDone;
    const done = new Promise((r) => (resolveDone = r));
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
      resolveDone();
    });
    // Extension-host console output (the mocha reporter) arrives here.
    await page.exposeFunction('codeAutomationLog', (type, a) => {
      const line = util.format(...(Array.isArray(a) ? a : [a]));
      let m;
      if ((m = /^\s*(\d+) passing/.exec(line))) counts.passed += Number(m[1]);
      if ((m = /^\s*(\d+) failing/.exec(line))) counts.failed += Number(m[1]);
      if ((m = /^\s*(\d+) pending/.exec(line))) counts.pending += Number(m[1]);
      (type === 'error' ? console.error : console.log)(line);
    });
    page.on('pageerror', (e) => console.error('[browser pageerror]', e.message));
    page.on('crash', () => {
      console.error('[harness] browser page crashed');
      exitCode = 3;
      resolveDone();
    });
    server.exited.then((e) => {
      if (exitCode === null && !interrupted) {
        console.error(`[harness] code-server exited early: ${JSON.stringify(e)}`);
        exitCode = 3;
        resolveDone();
      }
    });
    await page.goto(cs.workbenchUrl(server, { folder, ext: args.ext, tests: args.tests }), { timeout: 120000 });
    console.log(`[harness] workbench requested after ${ts()}`);
    await done;
    if (args.screenshot) {
      fs.mkdirSync(path.dirname(args.screenshot), { recursive: true });
      await page
        .screenshot({ path: args.screenshot })
        .catch((e) => console.error('[harness] screenshot failed', e.message));
    }
    console.log(`[harness] extension tests exited with code ${exitCode} after ${ts()}`);
  } catch (e) {
    console.error('[harness] error:', e && e.message ? e.message : e);
    exitCode = 2;
  }
  clearTimeout(timer);
  await cleanup();
  if (exitCode !== 0 && counts.failed === 0) {
    // The run failed without a mocha failure (crash, load error, timeout): count it so the summary is not "0 failed".
    counts.failed = 1;
  }
  if (counts.pending) {
    console.log(`[harness] ${counts.pending} pending`);
  }
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  if (exitCode !== 0 || args.keep) {
    console.error(`[harness] work folder kept: ${work} (code-server log: ${path.join(work, 'code-server.log')})`);
  } else {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code ?? 1),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
