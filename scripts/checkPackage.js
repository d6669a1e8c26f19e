#!/usr/bin/env node
// Package check (last step of `npm test`): builds the .vsix exactly as `npm run package` does (vscode:prepublish runs
// the production build), then checks what is inside and that code-server can install it.
// Prints one line per check and `N passed, N failed`; exit code 1 when a check fails.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const { packageExtension } = require('./package');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const EXT_ID = `${pkg.publisher}.${pkg.name}`;
// What the extension needs at run time; everything else (sources, tests, maps, node_modules) stays out.
const ALLOWED = [
  /^package\.json$/,
  /^readme\.md$/,
  /^changelog\.md$/,
  /^LICENSE\.txt$/,
  /^dist\/(extension|yaml|smol-toml|details|scanWorker)\.js$/,
  /^media\/.+\.(css|js|svg|png)$/,
  /^media\/walkthrough\/[\w-]+\.md$/,
  /^l10n\/.+\.json$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
];
// dist/yaml.js and dist/smol-toml.js are the lazily loaded parsers, dist/details.js the details webview's page script,
// dist/scanWorker.js the worker thread that scans large config files (see esbuild.js).
const REQUIRED = [
  'package.json',
  'readme.md',
  'changelog.md',
  'LICENSE.txt',
  'dist/extension.js',
  'dist/yaml.js',
  'dist/smol-toml.js',
  'dist/details.js',
  'dist/scanWorker.js',
];
const MAX_VSIX_BYTES = 2 * 1024 * 1024;

function loadYauzl() {
  // yauzl comes with @vscode/vsce; resolve it from there so hoisting changes do not matter.
  const vsceDir = path.dirname(require.resolve('@vscode/vsce/package.json', { paths: [ROOT] }));
  return require(require.resolve('yauzl', { paths: [vsceDir, ROOT] }));
}

function listZip(file) {
  const yauzl = loadYauzl();
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) {
        reject(err);
        return;
      }
      const entries = new Map();
      zip.on('entry', (entry) => {
        // Every file is read: the secrets check below searches all of them.
        if (/\/$/.test(entry.fileName)) {
          entries.set(entry.fileName, null);
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e) {
            reject(e);
            return;
          }
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function main() {
  const results = [];
  const check = (name, fn) => {
    try {
      const detail = fn();
      results.push({ name, ok: true, detail });
      console.log(`  ✔ ${name}${detail ? ` (${detail})` : ''}`);
    } catch (e) {
      results.push({ name, ok: false });
      console.log(`  ✖ ${name}: ${e.message}`);
    }
  };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-vsix-'));
  const vsix = path.join(tmp, `${pkg.name}-${pkg.version}.vsix`);
  console.log('package check');

  const t0 = Date.now();
  // The same packaging as `npm run package` and the demo (scripts/package.js), written here.
  const vsce = packageExtension(vsix);
  const vsceOut = `${vsce.stdout}${vsce.stderr}`;
  check('vsce package succeeds', () => {
    if (vsce.status !== 0 || !fs.existsSync(vsix)) {
      throw new Error(`exit ${vsce.status}\n${vsceOut}`);
    }
    return `${((Date.now() - t0) / 1000).toFixed(1)}s, ${(fs.statSync(vsix).size / 1024).toFixed(0)} KB`;
  });
  check('vsce prints no warning', () => {
    const warnings = vsceOut.split('\n').filter((l) => /WARNING/.test(l));
    if (warnings.length) {
      throw new Error(warnings.join('; '));
    }
  });
  if (!fs.existsSync(vsix)) {
    return finish(results, tmp);
  }

  const entries = await listZip(vsix);
  const files = [...entries.keys()]
    .filter((f) => f.startsWith('extension/') && !f.endsWith('/'))
    .map((f) => f.slice('extension/'.length));
  check('holds only run-time files', () => {
    const extra = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    if (extra.length) {
      throw new Error(`unexpected: ${extra.join(', ')}`);
    }
    return `${files.length} files`;
  });
  check('no sources, tests, node_modules, out/ or source maps', () => {
    const bad = files.filter(
      (f) => /^(src|test|out|node_modules|bench|scripts|\.vscode|\.ci)\//.test(f) || /\.(map|ts)$/.test(f),
    );
    if (bad.length) {
      throw new Error(bad.join(', '));
    }
  });
  check('has manifest, readme, changelog, license, bundle, icons, l10n and walkthrough media', () => {
    const icon = pkg.contributes?.viewsContainers?.activitybar?.[0]?.icon?.replace(/^\.\//, '');
    const walkthrough = (pkg.contributes?.walkthroughs ?? []).flatMap((w) => [
      w.icon,
      ...w.steps.map((s) => s.media?.markdown ?? s.media?.image),
    ]);
    const media = [icon, pkg.icon, ...walkthrough].filter(Boolean).map((f) => f.replace(/^\.\//, ''));
    const l10n = pkg.l10n ? ['package.nls.json', `${pkg.l10n.replace(/^\.\//, '')}/bundle.l10n.json`] : [];
    const missing = [...REQUIRED, ...media, ...l10n].filter((f) => !files.includes(f));
    if (missing.length) {
      throw new Error(`missing ${missing.join(', ')}`);
    }
  });
  check('bundle is the production build', () => {
    const js = entries.get('extension/dist/extension.js') || '';
    if (/sourceMappingURL/.test(js)) {
      throw new Error('dist/extension.js references a source map (not built with --production)');
    }
    // Minified code keeps line breaks only inside template literals: lines are long on average.
    const lines = js.split('\n').length;
    if (js.length / lines < 500) {
      throw new Error(`dist/extension.js averages ${Math.round(js.length / lines)} characters a line: not minified`);
    }
    return `${(js.length / 1024).toFixed(0)} KB`;
  });
  check('packaged manifest points at the bundle', () => {
    const manifest = JSON.parse(entries.get('extension/package.json') || '{}');
    if (manifest.main !== './dist/extension.js') {
      throw new Error(`main is ${manifest.main}`);
    }
  });
  check('no credential, token or test secret inside', () => {
    // The test suites' secrets (the simulator's demo credentials, the secrets suite's distinctive
    // ones) and anything shaped like a live credential.
    const known = [];
    for (const f of ['test/simulator/seed.ts', 'test/integration/secrets.test.ts']) {
      const text = fs.existsSync(path.join(ROOT, f)) ? fs.readFileSync(path.join(ROOT, f), 'utf8') : '';
      for (const m of text.matchAll(/(?:clientSecret|privateKey|publicKey|clientId): '([^']{8,})'/g)) {
        known.push(m[1]);
      }
    }
    if (known.length < 4) {
      throw new Error(`only ${known.length} known test secrets found to search for`);
    }
    const shapes = [
      /mdb_sa_sk_[A-Za-z0-9_-]{6,}/,
      /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\./,
      /\bBearer [A-Za-z0-9._~+/-]{20,}/,
      /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
    ];
    const hits = [];
    for (const [name, text] of entries) {
      if (typeof text !== 'string') {
        continue;
      }
      for (const k of known) {
        if (text.includes(k)) {
          hits.push(`${name}: a test secret`);
        }
      }
      for (const re of shapes) {
        const m = re.exec(text);
        if (m) {
          hits.push(`${name}: ${m[0].slice(0, 16)}…`);
        }
      }
    }
    const secretFiles = files.filter((f) =>
      /(^|\/)(\.env|\.npmrc|.*\.pem|.*\.key|config\.toml|settings\.json)$/i.test(f),
    );
    if (hits.length || secretFiles.length) {
      throw new Error([...hits, ...secretFiles.map((f) => `${f}: a credentials-like file`)].join('; '));
    }
    return `${entries.size} entries, ${known.length} known secrets, ${shapes.length} shapes`;
  });
  check(`vsix is under ${MAX_VSIX_BYTES / 1024 / 1024} MB`, () => {
    const size = fs.statSync(vsix).size;
    if (size > MAX_VSIX_BYTES) {
      throw new Error(`${size} bytes`);
    }
  });

  // The user-facing install path: code-server installs the .vsix and lists it.
  const cs = require(path.join(ROOT, 'test/host/codeServer.js'));
  if (fs.existsSync(cs.codeServerBin())) {
    const home = path.join(tmp, 'home');
    fs.mkdirSync(path.join(home, 'tmp'), { recursive: true });
    const env = cs.isolatedEnv(home, path.join(home, 'tmp'));
    const common = [
      '--config',
      '/dev/null',
      '--user-data-dir',
      path.join(tmp, 'data'),
      '--extensions-dir',
      path.join(tmp, 'ext'),
    ];
    check('code-server installs the vsix', () => {
      const inst = spawnSync(cs.codeServerBin(), [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
      if (inst.status !== 0) {
        throw new Error(`${inst.stdout}${inst.stderr}`);
      }
      const list = spawnSync(cs.codeServerBin(), [...common, '--list-extensions', '--show-versions'], {
        env,
        encoding: 'utf8',
      });
      if (!list.stdout.split('\n').includes(`${EXT_ID}@${pkg.version}`)) {
        throw new Error(`--list-extensions printed: ${list.stdout.trim()}`);
      }
      return `${EXT_ID}@${pkg.version}`;
    });
  } else {
    console.log('  - code-server is not installed: install check skipped (run scripts/setup-code-server.sh)');
  }
  return finish(results, tmp);
}

function finish(results, tmp) {
  fs.rmSync(tmp, { recursive: true, force: true });
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
