// Demo smoke test (the `demo` step of `npm test`): starts `npm run demo` the way the README tells a newcomer to, on
// free ports, opens the URL it prints in Chromium and uses the extension there: the tree lists the demo projects and
// a lookup by AWS pcx-… id opens the details view. Ctrl-C (SIGINT to its process group, as a terminal sends it) must
// then stop everything the demo started: every process of its tree is gone afterwards. Broken packaging and a
// .vsix code-server cannot install must make the demo exit with an error instead of printing a URL.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoSeed, SEED_IDS } from '../simulator';
import { ROOT, WorkbenchPage } from './workbench';

const PCX = SEED_IDS.connectionIds.awsPendingAcceptance;
const URL_LINE = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)\s*$/m;

interface ProcInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Start time in clock ticks since boot: tells a live process from a later one that reuses its pid. */
  start: string;
  state: string;
  /** Command line when it was seen (a process that is gone has none to read). */
  cmd: string;
}

/** /proc/<pid>/stat of one process, or undefined when it is gone. */
function procInfo(pid: number): ProcInfo | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: split after its closing one.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: rest[0], ppid: Number(rest[1]), pgid: Number(rest[2]), start: rest[19], cmd: cmdline(pid) };
}

function allProcs(): ProcInfo[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => procInfo(Number(d)))
    .filter((p): p is ProcInfo => p !== undefined);
}

/** `root` and every process below it (code-server runs in a process group of its own, so groups are not enough). */
function processTree(root: number): ProcInfo[] {
  const procs = allProcs();
  const tree = procs.filter((p) => p.pid === root);
  for (let i = 0; i < tree.length; i++) {
    tree.push(...procs.filter((p) => p.ppid === tree[i].pid));
  }
  return tree;
}

/** The processes of `seen` still alive (same pid and start time, not a zombie), plus any left in their groups. */
function survivors(seen: ProcInfo[]): ProcInfo[] {
  const alive = seen.filter((p) => {
    const now = procInfo(p.pid);
    return now !== undefined && now.start === p.start && now.state !== 'Z';
  });
  const groups = new Set(seen.map((p) => p.pgid));
  const inGroups = allProcs().filter(
    (p) => groups.has(p.pgid) && p.state !== 'Z' && !alive.some((a) => a.pid === p.pid) && p.pid !== process.pid,
  );
  // This process's own group is among the groups when mocha runs in the foreground; only the demo's count.
  return [...alive, ...inGroups.filter((p) => p.pgid !== procInfo(process.pid)?.pgid)];
}

function cmdline(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

function describeProcs(procs: ProcInfo[]): string {
  return procs.map((p) => `${p.pid} (pgid ${p.pgid}, ${p.state}) ${p.cmd.slice(0, 160)}`).join('\n');
}

/** Waits until the process is gone (or a zombie) and says so, or says 'running' after `limitMs`. */
async function exitOf(p: ProcInfo, limitMs: number): Promise<'gone' | 'running'> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const now = procInfo(p.pid);
    if (!now || now.start !== p.start || now.state === 'Z') {
      return 'gone';
    }
    if (Date.now() > deadline) {
      return 'running';
    }
    // A process that is not our child offers no exit event to wait on: look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface DemoRun {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm run demo -- --port 0 --sim-port 0` in a process group of its own, as a terminal runs it. */
function startDemo(env: Record<string, string> = {}): DemoRun {
  const child = spawn('npm', ['run', 'demo', '--', '--port', '0', '--sim-port', '0'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => text, exited };
}

/** Resolves with the workbench URL the demo prints, or rejects when the demo exits first. */
function demoUrl(run: DemoRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const m = URL_LINE.exec(run.output());
      if (m) {
        run.child.stdout?.off('data', check);
        resolve(m[1]);
      }
    };
    run.child.stdout?.on('data', check);
    void run.exited.then((e) =>
      reject(new Error(`npm run demo exited (${JSON.stringify(e)}) before printing its URL:\n${run.output()}`)),
    );
    check();
  });
}

function signalGroup(run: DemoRun, signal: NodeJS.Signals): void {
  try {
    process.kill(-(run.child.pid as number), signal);
  } catch {
    // the group is gone
  }
}

describe('npm run demo (smoke test)', function () {
  this.timeout(600_000);
  const leftovers: ProcInfo[] = [];

  after(() => {
    // Whatever a failed test left running, so that it does not hold ports or CPU after the suite.
    for (const p of survivors(leftovers)) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  });

  it('prints a URL whose workbench lists the demo projects and looks up a pcx- id; Ctrl-C leaves no process', async () => {
    const seedPeer = demoSeed()
      .projects.flatMap((p) => p.peers)
      .find((p) => p.providerName === 'AWS' && p.connectionId === PCX);
    assert.ok(seedPeer?.providerName === 'AWS', 'the demo seed has the AWS peer of the pcx- id');

    const run = startDemo();
    let wb: WorkbenchPage | undefined;
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-demo-smoke-'));
    let tree: ProcInfo[] = [];
    try {
      const url = await demoUrl(run);
      assert.match(run.output(), /\[demo\] packaged the extension/, 'the demo installed the packaged extension');
      wb = await WorkbenchPage.open(url, home);
      await wb.openAtlasView();
      for (const name of ['Production', 'Staging', 'Analytics']) {
        await wb.treeRow(new RegExp(`^${name}`), 60_000);
      }
      await wb.lookUp(SEED_IDS.projects.production, PCX);
      const frame = wb.webviewFrame();
      await frame.locator('h1.title').filter({ hasText: seedPeer.vpcId }).waitFor({ timeout: 60_000 });
      const connection = frame
        .locator('.field', { has: frame.locator('.api', { hasText: /^connectionId$/ }) })
        .locator('dd .value')
        .first();
      assert.equal((await connection.innerText()).trim(), PCX);
      await wb.close();
      wb = undefined;

      // Everything the demo runs, seen while it runs: npm, node, code-server and its children.
      tree = processTree(run.child.pid as number);
      leftovers.push(...tree);
      assert.ok(
        tree.length >= 3 && tree.some((p) => p.pgid !== tree[0].pgid),
        `the tree holds the demo and its code-server group:\n${describeProcs(tree)}`,
      );
    } finally {
      await wb?.close();
      fs.rmSync(home, { recursive: true, force: true });
      if (tree.length === 0) {
        tree = processTree(run.child.pid as number);
        leftovers.push(...tree);
      }
      signalGroup(run, 'SIGINT');
    }
    // npm passes Ctrl-C on and then ends by the same signal, as in a terminal; the demo itself exits 0.
    const npmExit = await run.exited;
    assert.ok(npmExit.code === 0 || npmExit.signal === 'SIGINT', `npm ends by Ctrl-C: ${JSON.stringify(npmExit)}`);
    const demo = tree.find((p) => p.cmd.includes('scripts/demo.js'));
    assert.ok(demo, `the demo's node process is in the tree:\n${describeProcs(tree)}`);
    assert.equal(await exitOf(demo, 60_000), 'gone', `the demo stops within a minute of Ctrl-C:\n${run.output()}`);
    assert.match(run.output(), /\[demo\] stopping/);
    // The demo exits only after its shutdown has awaited code-server's stop: nothing of the tree may be left now.
    const left = survivors(tree);
    assert.deepEqual(left, [], `processes left behind:\n${describeProcs(left)}`);
  });

  for (const [mode, expected] of [
    ['fail', /\[demo\] packaged the extension failed/],
    ['corrupt', /installing .*atlas-peering\.vsix failed/],
  ] as const) {
    it(`exits with an error and no URL when ${mode === 'fail' ? 'packaging fails' : 'code-server cannot install the .vsix'}`, async () => {
      const run = startDemo({ ATLAS_PEERING_BREAK_PACKAGING: mode });
      const seen: ProcInfo[] = [];
      // Snapshot the tree whenever the demo writes, to check later that none of it outlived the failure.
      const snapshot = (): void => {
        seen.push(...processTree(run.child.pid as number).filter((p) => !seen.some((s) => s.pid === p.pid)));
      };
      run.child.stdout?.on('data', snapshot);
      run.child.stderr?.on('data', snapshot);
      const { code } = await run.exited;
      leftovers.push(...seen);
      assert.ok(code !== null && code !== 0, `the demo fails (${code}):\n${run.output()}`);
      assert.match(run.output(), expected);
      assert.doesNotMatch(run.output(), URL_LINE, 'no URL is printed');
      const left = survivors(seen);
      assert.deepEqual(left, [], `processes left behind:\n${describeProcs(left)}`);
    });
  }
});
