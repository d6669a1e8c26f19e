#!/usr/bin/env node
// `npm run demo`: the extension against the Atlas simulator's demo data, in VS Code in your browser.
// Builds and packages the extension, starts the simulator (port 18700 unless taken) and code-server (127.0.0.1:18080
// unless taken, no password) with the .vsix installed and the demo service account in its environment, then prints
// the URL. Runs until Ctrl-C, then stops everything it started.
//   node scripts/demo.js [--port N] [--sim-port N] [--dev]     (N = 0: any free port)
//   --dev loads the working tree as a development extension instead of installing the .vsix (no packaging step).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function arg(flag, fallback) {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

function step(title, cmd, args) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    console.error(`[demo] ${title} failed`);
    process.exit(1);
  }
  console.log(`[demo] ${title} (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
}

async function main() {
  const dev = process.argv.includes('--dev');
  const deps = spawnSync(process.execPath, [path.join(ROOT, 'scripts/ensure-deps.js')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (deps.status !== 0) {
    process.exit(1);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-demo-'));
  const bin = path.join(ROOT, 'node_modules', '.bin');
  step('compiled the simulator', path.join(bin, 'tsc'), ['-p', '.', '--outDir', 'out']);
  const vsix = path.join(work, 'atlas-peering.vsix');
  if (dev) {
    step('built dist/extension.js', process.execPath, ['esbuild.js']);
  } else {
    step('packaged the extension', process.execPath, [path.join(ROOT, 'scripts', 'package.js'), '--out', vsix]);
  }

  const cs = require(path.join(ROOT, 'test/host/codeServer.js'));
  const { startAtlasSimulator, DEMO_CREDENTIALS } = require(path.join(ROOT, 'out/test/simulator/index.js'));
  const simPort = await cs.freePort(Number(arg('--sim-port', 18700)));
  const sim = await startAtlasSimulator({ port: simPort, seed: 'demo' });

  // A demo folder with sample config files, when the repository has one; otherwise the test workspace.
  const source = fs.existsSync(path.join(ROOT, 'demo/workspace'))
    ? path.join(ROOT, 'demo/workspace')
    : cs.DEFAULT_FOLDER;
  const folder = path.join(work, 'atlas-demo');
  cs.copyDir(source, folder);

  let server;
  let stopping = false;
  const shutdown = async (code) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log('\n[demo] stopping...');
    await server?.stop();
    await sim.close().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('SIGHUP', () => void shutdown(0));

  try {
    server = await cs.startCodeServer({
      work,
      port: Number(arg('--port', 18080)),
      folder,
      installExtensions: dev ? [] : [vsix],
      env: {
        MONGODB_ATLAS_BASE_URL: sim.url,
        MONGODB_ATLAS_CLIENT_ID: DEMO_CREDENTIALS.serviceAccount.clientId,
        MONGODB_ATLAS_CLIENT_SECRET: DEMO_CREDENTIALS.serviceAccount.clientSecret,
      },
      healthTimeoutMs: 90000,
    });
  } catch (err) {
    console.error(`[demo] ${err.message}`);
    await shutdown(1);
    return;
  }
  server.exited.then((e) => {
    if (!stopping) {
      console.error(`[demo] code-server stopped unexpectedly (${JSON.stringify(e)}); log: ${server.logFile}`);
      void shutdown(1);
    }
  });
  const url = cs.workbenchUrl(server, { folder, ext: dev ? ROOT : undefined });
  console.log('');
  console.log(`[demo] Atlas simulator (demo data): ${sim.url}`);
  console.log(
    `[demo] The extension signs in with the simulator's demo service account (MONGODB_ATLAS_CLIENT_ID=${DEMO_CREDENTIALS.serviceAccount.clientId}).`,
  );
  console.log(`[demo] code-server log: ${server.logFile}`);
  console.log('');
  console.log('  Open this URL in your browser, then click the Atlas Peering icon in the activity bar:');
  console.log(`  ${url}`);
  console.log('');
  console.log('[demo] Press Ctrl-C to stop.');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
