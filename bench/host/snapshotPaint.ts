// The tree's snapshot paint in the real extension host (code-server) with 1,000 projects: the
// time from a fresh start of the tree (sessions reset) to VS Code's first answer for the top level
// and to the 1,000 tree items it then asks for, and how many requests the simulator saw before
// that answer; beside it, the same start without the snapshot (Atlas's paginated project list).
// An extension-host entry (exports run()) that bench/run.ts starts through test/host/runExtTests.js.
// Writes its figures as JSON to ATLAS_BENCH_OUT. Prints figures; asserts nothing.

import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { DEMO_CREDENTIALS, makeLargeSeed, startAtlasSimulator } from '../../test/simulator';
import { activateTestApi, clearAtlasEnvironment } from '../../test/integration/support';

export interface HostPaintResult {
  projects: number;
  latencyMs: number;
  /** Fresh start to the painted top level, and to its items, per run (ms). */
  paintedMs: number[];
  itemsMs: number[];
  requestsBeforePaint: number[];
  /** The same without the snapshot: Atlas's answer (ms). */
  liveMs: number[];
}

const PROJECTS = 1_000;
const LATENCY = 50;
const RUNS = 5;

export async function run(): Promise<void> {
  const out = process.env.ATLAS_BENCH_OUT;
  const restore = clearAtlasEnvironment();
  const sim = await startAtlasSimulator({
    seed: makeLargeSeed({ projects: PROJECTS, peersPerProvider: 0, providersOf: () => [] }),
    latencyMs: LATENCY,
  });
  const config = vscode.workspace.getConfiguration('atlasPeering');
  try {
    const api = await activateTestApi();
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
    await config.update('autoRefreshSeconds', 0, vscode.ConfigurationTarget.Global);
    await api.tree.refresh();
    await api.tree.loadEstate();
    await api.tree.saveSnapshot();
    const result: HostPaintResult = {
      projects: PROJECTS,
      latencyMs: LATENCY,
      paintedMs: [],
      itemsMs: [],
      requestsBeforePaint: [],
      liveMs: [],
    };
    const start = async (): Promise<{ paintMs: number; itemsMs: number; requests: number }> => {
      await api.tree.loadEstate(); // the last pass is over before the mark
      const mark = sim.requestLog.length;
      await api.tree.refresh();
      const t0 = performance.now();
      const nodes = await api.tree.paintedChildren();
      const paintMs = performance.now() - t0;
      const requests = sim.requestLog.length - mark;
      for (const n of nodes) {
        api.tree.getTreeItem(n);
      }
      return { paintMs, itemsMs: performance.now() - t0, requests };
    };
    for (let i = 0; i < RUNS; i++) {
      const r = await start();
      result.paintedMs.push(r.paintMs);
      result.itemsMs.push(r.itemsMs);
      result.requestsBeforePaint.push(r.requests);
    }
    await config.update('rememberTree', false, vscode.ConfigurationTarget.Global);
    for (let i = 0; i < RUNS; i++) {
      result.liveMs.push((await start()).paintMs);
    }
    console.log(
      `paint: ${PROJECTS} projects: painted ${result.paintedMs.map((v) => v.toFixed(1)).join(', ')} ms (requests ${result.requestsBeforePaint.join(', ')}); live ${result.liveMs.map((v) => v.toFixed(0)).join(', ')} ms`,
    );
    if (out) {
      fs.writeFileSync(out, JSON.stringify(result));
    }
  } finally {
    await config.update('rememberTree', undefined, vscode.ConfigurationTarget.Global);
    await config.update('autoRefreshSeconds', undefined, vscode.ConfigurationTarget.Global);
    restore();
    await sim.close();
  }
}
