// Test entry loaded by the extension host (the @vscode/test-electron contract: exports run()).
// test/host/runExtTests.js passes it to code-server; test/host/runElectron.js to desktop VS Code.
// MOCHA_GREP (environment) narrows the run, e.g. MOCHA_GREP=tree npm run test:host.

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found.push(...findTests(full));
    } else if (entry.name.endsWith('.test.js')) {
      found.push(full);
    }
  }
  return found.sort();
}

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    // The host forwards console output as plain text: escape codes would only clutter it.
    color: false,
    reporter: 'spec',
  });
  const grep = process.env.MOCHA_GREP;
  if (grep) {
    mocha.grep(grep);
  }
  for (const file of findTests(__dirname)) {
    mocha.addFile(file);
  }
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) {
          reject(new Error(`${failures} integration test(s) failed`));
        } else {
          resolve();
        }
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
