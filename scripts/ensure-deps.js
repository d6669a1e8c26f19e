#!/usr/bin/env node
// Installs what `npm test` and `npm run demo` need and is missing: node_modules, the Debian packages (chromium for the
// browser, and libkrb5-dev, pkg-config, ripgrep to build code-server), and the code-server host itself.
// When it cannot install something (not root, not Debian) it stops and says exactly what is missing and how to get it.
// Plain Node without dependencies: it runs before node_modules exists.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function log(msg) {
  console.log(`[deps] ${msg}`);
}

function fail(lines) {
  console.error(`[deps] ${lines.join('\n[deps] ')}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) {
    fail([`\`${cmd} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal})`]);
  }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function missingModules() {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  return names.filter((n) => !fs.existsSync(path.join(ROOT, 'node_modules', n, 'package.json')));
}

function codeServerReady() {
  const { codeServerBin, CODE_SERVER_VERSION } = require(path.join(ROOT, 'test/host/codeServer.js'));
  const bin = codeServerBin();
  if (!fs.existsSync(bin)) {
    return false;
  }
  const r = spawnSync(bin, ['--config', '/dev/null', '--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.startsWith(`${CODE_SERVER_VERSION} `);
}

function ensureNodeModules() {
  const missing = missingModules();
  if (missing.length === 0) {
    return;
  }
  log(
    `node_modules lacks ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`,
  );
  if (fs.existsSync(path.join(ROOT, 'package-lock.json'))) {
    run('npm', ['ci', '--no-audit', '--no-fund']);
  } else {
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
}

function ensureSystemPackages(needCodeServerBuild) {
  const wanted = [
    { pkg: 'chromium', present: fs.existsSync(CHROMIUM), why: `${CHROMIUM} (headless browser for the workbench)` },
  ];
  if (needCodeServerBuild) {
    wanted.push(
      {
        pkg: 'libkrb5-dev',
        present: fs.existsSync('/usr/include/gssapi/gssapi.h'),
        why: 'gssapi headers (code-server builds the kerberos addon)',
      },
      { pkg: 'pkg-config', present: onPath('pkg-config'), why: 'pkg-config (native addon builds)' },
      { pkg: 'ripgrep', present: onPath('rg'), why: 'rg (seeds @vscode/ripgrep, whose download needs GitHub)' },
    );
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const isDebian = fs.existsSync('/etc/debian_version') && onPath('apt-get');
  // Optional: Apache httpd with mod_auth_digest, for the unit test of Digest against a server that
  // checks nonce-counts strictly (test/unit/atlas/apacheDigest.test.ts, skipped without it).
  const httpdMissing = !fs.existsSync('/usr/lib/apache2/modules/mod_auth_digest.so');
  if (httpdMissing && isRoot && isDebian) {
    wanted.push({ pkg: 'apache2', present: false, why: 'httpd with mod_auth_digest (strict nonce-count Digest test)' });
  } else if (httpdMissing) {
    log('optional: apache2 is not installed; the Digest test against Apache httpd will be skipped');
  }
  const missing = wanted.filter((w) => !w.present);
  if (missing.length === 0) {
    return;
  }
  const names = missing.map((m) => m.pkg);
  if (!isRoot || !isDebian) {
    fail([
      'Missing system packages:',
      ...missing.map((m) => `  ${m.pkg}: ${m.why}`),
      isDebian
        ? `Install them with: sudo apt-get update && sudo apt-get install -y ${names.join(' ')}`
        : `Install the equivalents with your package manager (Chromium at ${CHROMIUM}, or set CHROMIUM_PATH), then run this again.`,
    ]);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-q'], { env });
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...names], { env });
}

function main() {
  const t0 = Date.now();
  ensureNodeModules();
  const needCodeServer = !codeServerReady();
  ensureSystemPackages(needCodeServer);
  if (needCodeServer) {
    run('bash', [path.join(ROOT, 'scripts/setup-code-server.sh')]);
    if (!codeServerReady()) {
      fail(['code-server did not install; see the output above.']);
    }
  }
  log(`ready (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
}

main();
