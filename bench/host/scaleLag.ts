// The longest event-loop block of the real extension host (code-server) while a large config file
// is opened, edited and hovered: an extension-host entry (the @vscode/test-electron contract,
// exports run()) that bench/run.ts starts through test/host/runExtTests.js. It measures with
// perf_hooks.monitorEventLoopDelay, which sees every block of the host's one thread (VS Code's own
// work on the document included), and reads the document index's own longest slice beside it.
// Writes its figures as JSON to ATLAS_BENCH_OUT. Prints figures; asserts nothing.

import * as fs from 'node:fs';
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
  /**
   * The control: the longest block while the same text is opened and edited as a `.txt` file,
   * which none of this extension's features look at, for as long as the measured run took. What
   * it shows is VS Code's own work on a document of that size (syncing it into the extension
   * host, other extensions' listeners), which no extension can avoid.
   */
  controlBlockMs: number;
}

/** Longest event-loop block while `text` is opened, edited and left alone as plain text for `observeMs`. */
async function controlBlock(dir: string, text: string, observeMs: number): Promise<number> {
  const file = path.join(dir, `control-${Date.now()}.txt`);
  fs.writeFileSync(file, text);
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const t0 = performance.now();
  const doc = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await editor.edit((b) => b.insert(doc.lineAt(0).range.end, ' '));
  // A benchmark, not a test: the control observes for as long as the measured run lasted.
  await new Promise((r) => setTimeout(r, Math.max(0, observeMs - (performance.now() - t0))));
  lag.disable();
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  fs.rmSync(file, { force: true });
  return lag.max / 1e6;
}

async function measure(api: Api, dir: string, shape: Shape, mb: number): Promise<HostLagResult> {
  const file = path.join(dir, `${mb}mb-${path.basename(shape.fileName)}`);
  fs.writeFileSync(file, shape.make(Math.max(1, Math.round(shape.unitsPerMb * mb))));
  const features = api.configFeatures;
  features.index.stats.longestSliceMs = 0;
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
  const controlBlockMs = await controlBlock(dir, text, measuredMs);
  return {
    shape: shape.name,
    mb: text.length / MB,
    longestBlockMs: lag.max / 1e6,
    longestSliceMs: features.index.stats.longestSliceMs,
    openToIndexedMs,
    firstHoverAfterEditMs,
    indexAfterEditMs,
    heapMb,
    controlBlockMs,
  };
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
    for (const [shape, mb] of plan) {
      if (only && !only.test(shape.name)) {
        continue;
      }
      const r = await measure(api, dir, shape, mb);
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
