#!/usr/bin/env node
// The one packaging definition: `npm run package`, the demo (scripts/demo.js) and the package check
// (scripts/checkPackage.js) all build the .vsix through packageExtension(), so their vsce flags cannot drift apart.
//   node scripts/package.js [--out FILE]      (default: atlas-peering.vsix in the repository root)
// vsce runs `vscode:prepublish` (the production build) first.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

// --allow-missing-repository and --no-rewrite-relative-links: there is no public repository yet, so vsce can neither
// find one nor rewrite the README's relative screenshot links against it (README, "Packaging").
const VSCE_FLAGS = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];

/** vsce's command line for a .vsix written to `out`. */
function vsceArgs(out) {
  return ['package', ...VSCE_FLAGS, '--out', out];
}

/**
 * Builds the .vsix at `out`. Returns vsce's exit status and output; `inherit` streams the output instead.
 * ATLAS_PEERING_BREAK_PACKAGING breaks it on purpose, for the demo smoke test (test/ui/demo.smoke.ts) that proves a
 * broken step stops the demo: `fail` fails the packaging, `corrupt` "succeeds" with a file no VS Code can install.
 */
function packageExtension(out, { inherit = false } = {}) {
  const broken = process.env.ATLAS_PEERING_BREAK_PACKAGING;
  if (broken === 'fail') {
    const message = 'packaging failed on purpose (ATLAS_PEERING_BREAK_PACKAGING=fail)\n';
    if (inherit) {
      process.stderr.write(message);
    }
    return { status: 1, stdout: '', stderr: message };
  }
  if (broken === 'corrupt') {
    fs.writeFileSync(out, 'not a zip file\n');
    return { status: 0, stdout: '', stderr: '' };
  }
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), vsceArgs(out), {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? `${r.error.message}\n` : '') };
}

module.exports = { VSCE_FLAGS, vsceArgs, packageExtension };

if (require.main === module) {
  const i = process.argv.indexOf('--out');
  const out = path.resolve(i >= 0 ? process.argv[i + 1] : path.join(ROOT, 'atlas-peering.vsix'));
  process.exit(packageExtension(out, { inherit: true }).status);
}
