#!/usr/bin/env node
// `npm test`: every check in order, each timed; stops at the first failing step. Test counts from the unit,
// real-host, UI and package steps are summed into the closing line `N passed, N failed`.
//   node scripts/test.js [--only step,step] [--skip step,step] [--cpu-hog]
// --cpu-hog keeps every core busy with a spinning process while the steps run, to flush out tests that only pass
// on an idle machine (e.g. `node scripts/test.js --only host,ui --cpu-hog`). ATLAS_TEST_CPU_HOG=1 does the same
// for a run started by someone else (`ATLAS_TEST_CPU_HOG=1 bash .ci/run`: a whole CI run on a busy machine).
// The adversarial suites (test/unit/atlas/attacks.ts) print `attacks (suite): N tried, N held`; their sum across
// the steps is the line `attacks: N tried, N held`, and an attack tried but not held fails the run.
// Steps: deps, types, lint, format, compile, build, unit, host, ui, demo, package.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'node_modules', '.bin');

const MOCHA_UI = [
  '--no-config',
  '--ui',
  'bdd',
  '--reporter',
  'spec',
  '--timeout',
  '240000',
  '--spec',
  'out/test/ui/**/*.ui.test.js',
];

/** @type {{ id: string, title: string, cmd: string, args: string[], counts?: 'mocha' | 'summary', before?: () => void }[]} */
const STEPS = [
  { id: 'deps', title: 'ensure dependencies', cmd: process.execPath, args: ['scripts/ensure-deps.js'] },
  { id: 'types', title: 'check types (tsc --noEmit)', cmd: path.join(BIN, 'tsc'), args: ['--noEmit', '-p', '.'] },
  { id: 'lint', title: 'lint (eslint src test)', cmd: path.join(BIN, 'eslint'), args: ['src', 'test'] },
  { id: 'format', title: 'format check (prettier --check)', cmd: path.join(BIN, 'prettier'), args: ['--check', '.'] },
  {
    id: 'compile',
    title: 'compile tests (tsc -> out/)',
    cmd: path.join(BIN, 'tsc'),
    args: ['-p', '.', '--outDir', 'out'],
    before: removeStaleOutput,
  },
  { id: 'build', title: 'build extension (esbuild -> dist/)', cmd: process.execPath, args: ['esbuild.js'] },
  { id: 'unit', title: 'unit tests (mocha)', cmd: path.join(BIN, 'mocha'), args: [], counts: 'mocha' },
  {
    id: 'host',
    title: 'integration tests in the real extension host (code-server)',
    cmd: process.execPath,
    args: ['test/host/runExtTests.js'],
    counts: 'summary',
  },
  {
    id: 'ui',
    title: 'UI tests (Playwright + Chromium)',
    cmd: path.join(BIN, 'mocha'),
    args: MOCHA_UI,
    counts: 'mocha',
  },
  {
    id: 'demo',
    title: 'demo smoke test (npm run demo, driven in Chromium)',
    cmd: path.join(BIN, 'mocha'),
    args: ['--no-config', '--ui', 'bdd', '--reporter', 'spec', '--timeout', '600000', 'out/test/ui/demo.smoke.js'],
    counts: 'mocha',
  },
  {
    id: 'package',
    title: 'package check (vsce package + entries)',
    cmd: process.execPath,
    args: ['scripts/checkPackage.js'],
    counts: 'summary',
  },
];

/** Compiled files whose TypeScript source is gone would still run as tests: remove them before compiling. */
function removeStaleOutput() {
  const out = path.join(ROOT, 'out');
  const walk = (dir) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(full);
      } else if (/\.js(\.map)?$/.test(e.name)) {
        const rel = path.relative(out, full).replace(/\.js(\.map)?$/, '');
        if (!fs.existsSync(path.join(ROOT, `${rel}.ts`))) {
          fs.rmSync(full);
        }
      }
    }
  };
  walk(out);
}

/** One spinning process per core, at normal priority, like a busy neighbour; killed when the steps end. */
function startCpuHogs() {
  const n = require('node:os').availableParallelism();
  console.log(`--cpu-hog: ${n} busy process(es) beside the steps`);
  const hogs = Array.from({ length: n }, () =>
    spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }).on('error', () => undefined),
  );
  process.on('exit', () => hogs.forEach((h) => h.kill('SIGKILL')));
  return hogs;
}

function parseList(flag) {
  const arg = process.argv.find((a) => a.startsWith(`${flag}=`));
  const i = process.argv.indexOf(flag);
  const value = arg ? arg.slice(flag.length + 1) : i >= 0 ? process.argv[i + 1] : undefined;
  return value
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

const stripAnsi = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function runStep(step) {
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, { cwd: ROOT, stdio: ['inherit', 'pipe', 'pipe'], env: process.env });
    let text = '';
    const tee = (stream, into) =>
      stream.on('data', (d) => {
        into.write(d);
        text += d.toString();
        if (text.length > 4_000_000) {
          text = text.slice(-2_000_000);
        }
      });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('error', (e) => resolve({ code: 127, text: `${text}\n${e.message}` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), text: stripAnsi(text) }));
  });
}

function countTests(kind, text) {
  if (kind === 'mocha') {
    const passing = [...text.matchAll(/^\s*(\d+) passing/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const failing = [...text.matchAll(/^\s*(\d+) failing/gm)].reduce((n, m) => n + Number(m[1]), 0);
    return { passed: passing, failed: failing };
  }
  const all = [...text.matchAll(/^(\d+) passed, (\d+) failed\s*$/gm)];
  const last = all[all.length - 1];
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : { passed: 0, failed: 0 };
}

/** Sums the `attacks (suite): N tried, N held` lines of one step's output. */
function countAttacks(text) {
  const suites = [...text.matchAll(/attacks \((.+?)\): (\d+) tried, (\d+) held/g)];
  return {
    suites: suites.map((m) => `${m[1]} ${m[3]}/${m[2]}`),
    tried: suites.reduce((n, m) => n + Number(m[2]), 0),
    held: suites.reduce((n, m) => n + Number(m[3]), 0),
  };
}

// UI tests append what the workbench showed when they failed (test/ui/workbench.ts reportFailure).
const FAILURE_REPORTS = path.join(__dirname, '..', 'test-results', 'ui-failure-reports.txt');

/** Prints the UI failure reports last, where a log that keeps only its end still shows them. */
function printFailureReports() {
  if (!fs.existsSync(FAILURE_REPORTS)) {
    return;
  }
  const lines = fs.readFileSync(FAILURE_REPORTS, 'utf8').trimEnd().split('\n');
  console.log(`\nUI failure reports (${path.relative(process.cwd(), FAILURE_REPORTS)}):`);
  console.log(lines.slice(-120).join('\n'));
}

async function main() {
  const only = parseList('--only');
  const skip = parseList('--skip') || [];
  const known = new Set(STEPS.map((s) => s.id));
  for (const id of [...(only || []), ...skip]) {
    if (!known.has(id)) {
      console.error(`unknown step ${id}; steps: ${[...known].join(', ')}`);
      process.exit(2);
    }
  }
  const steps = STEPS.filter((s) => (!only || only.includes(s.id)) && !skip.includes(s.id));
  fs.rmSync(FAILURE_REPORTS, { force: true });
  const hogs = process.argv.includes('--cpu-hog') || process.env.ATLAS_TEST_CPU_HOG === '1' ? startCpuHogs() : [];
  const total = { passed: 0, failed: 0 };
  const attacks = { tried: 0, held: 0, suites: [] };
  const rows = [];
  const t0 = Date.now();
  let failedStep;
  for (const [i, step] of steps.entries()) {
    console.log(`\n=== [${i + 1}/${steps.length}] ${step.title} ===`);
    const start = Date.now();
    step.before?.();
    const { code, text } = await runStep(step);
    const seconds = (Date.now() - start) / 1000;
    let counts = step.counts ? countTests(step.counts, text) : undefined;
    if (code !== 0 && (!counts || counts.failed === 0)) {
      // A failure with no failing test counted (compile error, crash, lint): count the step itself.
      counts = { passed: counts?.passed ?? 0, failed: 1 };
    }
    const stepAttacks = countAttacks(text);
    attacks.tried += stepAttacks.tried;
    attacks.held += stepAttacks.held;
    attacks.suites.push(...stepAttacks.suites);
    if (counts) {
      total.passed += counts.passed;
      total.failed += counts.failed;
    }
    rows.push({ step, seconds, ok: code === 0, counts });
    console.log(
      `=== ${step.title}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds.toFixed(1)}s${counts ? ` (${counts.passed} passed, ${counts.failed} failed)` : ''} ===`,
    );
    if (code !== 0) {
      failedStep = step;
      break;
    }
  }
  for (const hog of hogs) {
    hog.kill('SIGKILL');
  }
  console.log('\nSummary');
  for (const r of rows) {
    const c = r.counts ? `  ${r.counts.passed} passed, ${r.counts.failed} failed` : '';
    console.log(`  ${r.ok ? 'ok  ' : 'FAIL'}  ${r.step.id.padEnd(8)} ${r.seconds.toFixed(1).padStart(6)}s${c}`);
  }
  for (const s of steps.slice(rows.length)) {
    console.log(`  skip  ${s.id.padEnd(8)}      -   (not run after the failure)`);
  }
  console.log(`  total    ${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s`);
  if (failedStep) {
    console.log(`\nnpm test stopped: step "${failedStep.title}" failed; its output is above.`);
  }
  const attacksFailed = attacks.held < attacks.tried;
  if (attacks.tried > 0) {
    console.log(`attacks: ${attacks.tried} tried, ${attacks.held} held (${attacks.suites.join('; ')})`);
  }
  console.log(`${total.passed} passed, ${total.failed} failed`);
  printFailureReports();
  process.exit(failedStep || total.failed > 0 || attacksFailed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
