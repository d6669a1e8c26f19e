// Activation time in a real extension host, as the extension measures it itself. The figure goes to
// bench-results/activation.json, which `npm run bench` (issue #7) reads; nothing here is timed.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/services';

const EXTENSION_ID = 'atlas-peering.atlas-peering';

describe('activation (extension host)', function () {
  it('reports how long activate() took and records it for the benchmarks', async () => {
    const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed in the host`);
    const api = (await ext.activate()) as ExtensionApi;
    assert.equal(typeof api.activationMs, 'number');
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs >= 0, `activationMs is ${api.activationMs}`);
    // out/test/integration -> repository root
    const dir = path.resolve(__dirname, '..', '..', '..', 'bench-results');
    fs.mkdirSync(dir, { recursive: true });
    const record = { activationMs: api.activationMs, measuredAt: new Date().toISOString(), host: `${vscode.env.appName} ${vscode.version}` };
    fs.writeFileSync(path.join(dir, 'activation.json'), `${JSON.stringify(record, null, 2)}\n`);
  });
});
