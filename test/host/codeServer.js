// Starts code-server (VS Code 1.100.3 server + web workbench) in an isolated temp folder, for the integration
// harness, the UI tests and the demo. Plain JS so that it runs before anything is compiled.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node before anything is compiled */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const CODE_SERVER_VERSION = '4.100.3';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const DEFAULT_FOLDER = path.join(ROOT, 'test/fixtures/workspace');

function cacheDir() {
  return process.env.ATLAS_PEERING_CACHE || path.join(os.homedir(), '.cache', 'atlas-peering');
}

function codeServerBin() {
  return (
    process.env.CODE_SERVER_BIN ||
    path.join(cacheDir(), `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server')
  );
}

/** Resolves to `preferred` when it is free on 127.0.0.1, otherwise to a port the OS picks. */
function freePort(preferred = 0) {
  const tryPort = (p) =>
    new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.once('error', reject);
      srv.listen(p, '127.0.0.1', () => {
        const { port } = srv.address();
        srv.close(() => resolve(port));
      });
    });
  return preferred ? tryPort(preferred).catch(() => tryPort(0)) : tryPort(0);
}

function get(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** Copies a folder tree (small fixture folders only). */
function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/**
 * Isolated environment: code-server, its extension host and Chromium write below `home` instead of ~ and /tmp
 * (config.yaml, coder-logs, deviceid, vscode-ipc sockets...).
 */
function isolatedEnv(home, tmp, extraEnv = {}) {
  return {
    // '{}' = no gallery, so an offline machine does not look up open-vsx.org.
    EXTENSIONS_GALLERY: '{}',
    ...process.env,
    ...extraEnv,
    HOME: home,
    TMPDIR: tmp,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  };
}

// Process groups of the code-servers this process started and has not stopped yet.
const live = new Set();
let hooked = false;

/**
 * code-server runs in its own process group (so its children can be killed together), which means it would outlive
 * this process: kill the groups on exit, and turn termination signals into an exit where nobody else handles them.
 */
function hookProcessExit() {
  if (hooked) {
    return;
  }
  hooked = true;
  process.on('exit', () => {
    for (const pid of live) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  for (const [sig, n] of [
    ['SIGINT', 2],
    ['SIGTERM', 15],
    ['SIGHUP', 1],
  ]) {
    if (process.listenerCount(sig) === 0) {
      process.on(sig, () => process.exit(128 + n));
    }
  }
}

/**
 * @param {object} o
 * @param {string} [o.work] folder for everything code-server writes (default: a new temp folder)
 * @param {number} [o.port] 0 = any free port; a taken port falls back to a free one
 * @param {string} [o.folder] workspace folder to open (used as is)
 * @param {Record<string,string>} [o.env] extra environment for code-server and so for the extension host
 * @param {object} [o.settings] user settings.json content
 * @param {string[]} [o.installExtensions] .vsix files to install first
 * @param {number} [o.healthTimeoutMs]
 * @param {false} [o.trustWorkspace] false: workspace trust on and the folder untrusted (Restricted Mode); by default
 *   trust is off, so every folder counts as trusted
 */
async function startCodeServer(o = {}) {
  const bin = codeServerBin();
  if (!fs.existsSync(bin)) {
    throw new Error(
      `code-server ${CODE_SERVER_VERSION} is not installed at ${bin}; run: bash scripts/setup-code-server.sh`,
    );
  }
  const work = o.work || fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-cs-'));
  const home = path.join(work, 'home');
  const tmp = path.join(work, 'tmp');
  const userDataDir = path.join(work, 'data', 'user');
  const extensionsDir = path.join(work, 'data', 'ext');
  for (const d of [home, tmp, path.join(userDataDir, 'User'), extensionsDir]) {
    fs.mkdirSync(d, { recursive: true });
  }
  const untrusted = o.trustWorkspace === false;
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
    'security.workspace.trust.enabled': untrusted,
    // Restricted Mode without the startup dialog (a user who chose "Don't Trust").
    ...(untrusted ? { 'security.workspace.trust.startupPrompt': 'never' } : {}),
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    ...(o.settings || {}),
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const port = await freePort(o.port || 0);
  const configFile = path.join(work, 'config.yaml');
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = isolatedEnv(home, tmp, o.env);
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const vsix of o.installExtensions || []) {
    await new Promise((resolve, reject) => {
      const p = spawn(bin, [...common, '--install-extension', vsix, '--force'], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (out += d));
      p.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`installing ${vsix} failed (${code}): ${out.trim()}`)),
      );
    });
  }
  const folder = o.folder || DEFAULT_FOLDER;
  const logFile = path.join(work, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const cs = spawn(
    bin,
    [
      ...common,
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(untrusted ? [] : ['--disable-workspace-trust']),
      '--disable-getting-started-override',
      folder,
    ],
    { cwd: work, detached: true, stdio: ['ignore', log, log], env },
  );
  fs.closeSync(log);
  hookProcessExit();
  live.add(cs.pid);
  const exited = new Promise((resolve) => cs.once('exit', (code, signal) => resolve({ code, signal })));
  let stopped = false;
  const stop = async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    live.delete(cs.pid);
    const killGroup = (sig) => {
      try {
        process.kill(-cs.pid, sig);
      } catch {
        // already gone
      }
    };
    killGroup('SIGTERM');
    const gone = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 5000))]);
    if (!gone) {
      killGroup('SIGKILL');
    }
    // fileWatcher / ptyHost children can outlive the parent for a moment.
    await new Promise((r) => setTimeout(r, 300));
    killGroup('SIGKILL');
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.healthTimeoutMs || 60000);
  let early;
  exited.then((e) => (early = e));
  for (;;) {
    if (early) {
      throw new Error(`code-server exited during start (${JSON.stringify(early)}); log: ${logFile}\n${tail(logFile)}`);
    }
    if ((await get(`${url}/healthz`)) === 200) {
      break;
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${url}/healthz in time; log: ${logFile}\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, port, work, home, tmp, folder, userDataDir, extensionsDir, logFile, pid: cs.pid, exited, stop };
}

function tail(file, lines = 20) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Workbench URL. With `ext`, the folder is loaded as a development extension; with `tests`, the workbench runs the
 * test entry's run() in the extension host and reports through window.codeAutomationExit. code-server rejects
 * --extensionDevelopmentPath on its command line; the web client reads them from the `payload` parameter instead.
 */
function workbenchUrl(server, { folder, ext, tests } = {}) {
  const authority = `127.0.0.1:${server.port}`;
  const payload = [];
  if (ext) {
    payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${path.resolve(ext)}`]);
  }
  if (tests) {
    payload.push(['extensionTestsPath', `vscode-remote://${authority}${path.resolve(tests)}`]);
  }
  let url = `${server.url}/?folder=${encodeURIComponent(folder || server.folder)}`;
  if (payload.length) {
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

/** playwright-core launch options for Debian's Chromium, headless, writing only below `home`. */
function chromiumLaunchOptions(home) {
  return {
    executablePath: CHROMIUM,
    headless: true,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
    },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  };
}

module.exports = {
  ROOT,
  CODE_SERVER_VERSION,
  CHROMIUM,
  DEFAULT_FOLDER,
  cacheDir,
  codeServerBin,
  freePort,
  copyDir,
  isolatedEnv,
  startCodeServer,
  workbenchUrl,
  chromiumLaunchOptions,
  tail,
};
