#!/usr/bin/env node
// `npm run test:electron`: the same integration entry (out/test/integration/index.js) in desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code. Not part of `npm test`: on an offline machine the
// download fails, and this says so and exits non-zero. `npm run test:host` runs the same tests in code-server.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node directly */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');

async function main() {
  const { downloadAndUnzipVSCode, runTests } = require('@vscode/test-electron');
  const extensionTestsPath = path.join(ROOT, 'out/test/integration/index.js');
  if (!fs.existsSync(extensionTestsPath)) {
    console.error(`${extensionTestsPath} is missing: run npm run compile-tests first`);
    return 2;
  }
  const version = process.env.VSCODE_TEST_VERSION || 'stable';
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: path.join(ROOT, '.vscode-test') });
  } catch (err) {
    console.error(`Could not download VS Code (${version}): ${err && err.message ? err.message : err}`);
    console.error(
      'This machine cannot reach update.code.visualstudio.com. Run the same tests in code-server instead: npm run test:host',
    );
    console.log('0 passed, 1 failed');
    return 1;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-electron-'));
  const workspace = path.join(work, 'workspace');
  fs.cpSync(path.join(ROOT, 'test/fixtures/workspace'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        path.join(work, 'user-data'),
        '--extensions-dir',
        path.join(work, 'extensions'),
      ],
      extensionTestsEnv: { ...process.env },
    });
    return 0;
  } catch (err) {
    console.error(`Integration tests failed: ${err && err.message ? err.message : err}`);
    return 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
