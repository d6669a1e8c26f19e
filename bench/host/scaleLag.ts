// The longest event-loop block of the real extension host (code-server) while a large config file
// is opened, edited and hovered: an extension-host entry (the @vscode/test-electron contract,
// exports run()) that bench/run.ts starts through test/host/runExtTests.js. It measures with
// perf_hooks.monitorEventLoopDelay, which sees every block of the host's one thread (VS Code's own
// work on the document included), and reads the document index's own longest slice beside it.
// Writes its figures as JSON to ATLAS_BENCH_OUT. Prints figures; asserts nothing.

import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ConfigFeatures, TestApi } from '../../src/composition';
import { isTooLarge } from '../../src/configEditor/documentIndex';
import { activateTestApi } from '../../test/integration/support';
import { adversarialShapes, MB, ordinaryShapes, type Shape } from '../scaleShapes';

type Api = TestApi & { configFeatures: ConfigFeatures };

export interface HostLagResult {
  shape: string;
  mb: number;
  /** Longest event-loop block of the host between opening the file and the diagnostics settling (ms). */
  longestBlockMs: number;
  /** Longest slice of the extension's own scans in that time (ms). */
  longestSliceMs: number;
  openToIndexedMs: number;
  /** First hover after an edit, through VS Code's hover command (ms): every hover provider, ours waiting on Atlas too. */
  firstHoverAfterEditMs: number;
  /** The document index's answer for that hover (ms): what the file's size can cost a hover. */
  indexAfterEditMs: number;
  heapMb: number;
  /** The scan worker's heap when it answered (0 when the file was scanned on the host). */
  workerHeapMb: number;
  /**
   * The control: the longest block while the same text is opened, edited and hovered as a `.txt`
   * file in the shape's language (see controlBlock), which none of this extension's features look
   * at. What it shows is VS Code's own work on a document of that size (syncing it into the
   * extension host, its JSON and YAML support), which no extension can avoid.
   */
  controlBlockMs: number;
}

/**
 * Longest event-loop block while `text` is opened, edited and hovered as a file none of this
 * extension's features look at (a `.txt`), given the shape's language where VS Code has it (so
 * VS Code's JSON and YAML support does its own work on it as on the measured file), for as long as
 * the measured run took.
 */
async function controlBlock(
  dir: string,
  text: string,
  shape: Shape,
  hoverAt: number,
  observeMs: number,
): Promise<number> {
  const file = path.join(dir, `control-${Date.now()}.txt`);
  fs.writeFileSync(file, text);
  const languages = await vscode.languages.getLanguages();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const t0 = performance.now();
  let doc = await vscode.workspace.openTextDocument(file);
  if (languages.includes(shape.languageId)) {
    doc = await vscode.languages.setTextDocumentLanguage(doc, shape.languageId);
  }
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await editor.edit((b) => b.insert(doc.lineAt(0).range.end, ' '));
  await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, doc.positionAt(hoverAt));
  // A benchmark, not a test: the control observes for as long as the measured run lasted.
  await new Promise((r) => setTimeout(r, Math.max(0, observeMs - (performance.now() - t0))));
  lag.disable();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  fs.rmSync(file, { force: true });
  return lag.max / 1e6;
}

/**
 * Opens a small file of the shape first, so that what runs once per host (VS Code's JSON or YAML
 * support starting, this extension's first scan and lookups) is not counted against the first size.
 */
async function warmUp(api: Api, dir: string, shape: Shape): Promise<void> {
  const file = path.join(dir, `warm-${path.basename(shape.fileName)}`);
  fs.writeFileSync(file, shape.make(4));
  const doc = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(doc, { preview: false });
  const scan = await api.configFeatures.index.scanned(doc);
  const first = isTooLarge(scan) ? undefined : scan.refs[0];
  if (first) {
    await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, doc.positionAt(first.range.start + 2));
  }
  await api.configFeatures.diagnostics.run();
  await api.configFeatures.diagnostics.settled();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  fs.rmSync(file, { force: true });
}

async function measure(api: Api, dir: string, shape: Shape, mb: number): Promise<HostLagResult> {
  const file = path.join(dir, `${mb}mb-${path.basename(shape.fileName)}`);
  fs.writeFileSync(file, shape.make(Math.max(1, Math.round(shape.unitsPerMb * mb))));
  const features = api.configFeatures;
  features.index.stats.longestSliceMs = 0;
  features.index.stats.workerHeapBytes = 0;
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const t0 = performance.now();
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const scan = await features.index.scanned(doc);
  const openToIndexedMs = performance.now() - t0;
  const refs = isTooLarge(scan) ? [] : scan.refs;
  // A space at the end of the first line, then a hover on an id in the middle of the file.
  await editor.edit((b) => b.insert(doc.lineAt(0).range.end, ' '));
  const target = refs[refs.length >> 1];
  const t2 = performance.now();
  if (target) {
    await features.index.referenceAt(doc, target.range.start + 2);
  }
  const indexAfterEditMs = performance.now() - t2;
  const t1 = performance.now();
  if (target) {
    await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      doc.uri,
      doc.positionAt(target.range.start + 2),
    );
  }
  const firstHoverAfterEditMs = performance.now() - t1;
  await features.diagnostics.run();
  await features.diagnostics.settled();
  lag.disable();
  const measuredMs = performance.now() - t0;
  const heapMb = process.memoryUsage().heapUsed / 1024 / 1024;
  const text = doc.getText();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  fs.rmSync(file, { force: true });
  const controlBlockMs = await controlBlock(dir, text, shape, target ? target.range.start + 2 : 0, measuredMs);
  return {
    shape: shape.name,
    mb: text.length / MB,
    longestBlockMs: lag.max / 1e6,
    longestSliceMs: features.index.stats.longestSliceMs,
    openToIndexedMs,
    firstHoverAfterEditMs,
    indexAfterEditMs,
    heapMb,
    workerHeapMb: features.index.stats.workerHeapBytes / 1024 / 1024,
    controlBlockMs,
  };
}

/**
 * BENCH_PROFILE=<folder>: a CPU profile of the host for each measured file, written there as
 * .cpuprofile (open it in Chrome DevTools or VS Code) to see what a long block was.
 */
async function withProfile<T>(name: string, work: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) {
    return work();
  }
  const session = new inspector.Session();
  session.connect();
  const call = (method: string, params?: object): Promise<unknown> =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 500 });
  await call('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = (await call('Profiler.stop')) as { profile: unknown };
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${name.replace(/[^\w.-]+/g, '_')}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

export async function run(): Promise<void> {
  const out = process.env.ATLAS_BENCH_OUT;
  const sizes = (process.env.BENCH_SCALE_MB ?? '1,10,30').split(',').map(Number);
  const api = (await activateTestApi()) as Api;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-lag-'));
  const results: HostLagResult[] = [];
  try {
    const plan: [Shape, number][] = [
      ...ordinaryShapes().flatMap((s) => sizes.map((mb): [Shape, number] => [s, mb])),
      ...adversarialShapes().map((s): [Shape, number] => [s, 1]),
    ];
    // BENCH_SCALE_SHAPES: a regular expression over the shape names, as in bench/scale.ts.
    const only = process.env.BENCH_SCALE_SHAPES ? new RegExp(process.env.BENCH_SCALE_SHAPES, 'i') : undefined;
    const warm = new Set<string>();
    for (const [shape, mb] of plan) {
      if (only && !only.test(shape.name)) {
        continue;
      }
      if (!warm.has(shape.name)) {
        warm.add(shape.name);
        await warmUp(api, dir, shape);
      }
      const r = await withProfile(`${shape.name}-${mb}mb`, () => measure(api, dir, shape, mb));
      console.log(
        `lag: ${r.shape} ${r.mb.toFixed(1)} MB: longest block ${r.longestBlockMs.toFixed(0)} ms (as plain text ${r.controlBlockMs.toFixed(0)} ms), own slice ${r.longestSliceMs.toFixed(1)} ms, indexed in ${r.openToIndexedMs.toFixed(0)} ms, hover after edit ${r.firstHoverAfterEditMs.toFixed(1)} ms (index ${r.indexAfterEditMs.toFixed(2)} ms)`,
      );
      results.push(r);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    if (out) {
      fs.writeFileSync(out, JSON.stringify(results, null, 2));
    }
  }
}
