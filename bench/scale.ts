// Scale benchmark of the config-file scanners (plain Node): each format at 1, 10 and 30 MB and the
// adversarial shapes at two sizes, with, for each: the full scan, the longest step between two
// yields (what one slice of the extension host can cost at least), the first hover after an edit
// (p50/p99, through the same shifted index the extension uses), the heap the result keeps, and
// the growth per doubling of the file. The figures of the code before this scanner (one parse of
// the whole text, rescanned after every edit) were measured on the same shapes and are kept in
// bench/scaleBaseline.json: that code path no longer exists in the repository.
// The longest block in the real extension host is measured by bench/host/scaleLag.ts.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat, scanSteps, type DocumentFormat, type ScanResult } from '../src/configFiles';
import { runToEnd } from '../src/configFiles/jsonTree';
import { ShiftedReferences, shiftScopeOf } from '../src/configEditor/pure/shiftedReferences';
import { adversarialShapes, MB, ordinaryShapes, type Shape } from './scaleShapes';
import { fixed, met, nowMs, summarize, type Row } from './stats';

interface Measure {
  shape: string;
  mb: number;
  refs: number;
  fullMs: number;
  longestStepMs: number;
  hoverP50Ms: number;
  hoverP99Ms: number;
  staleHovers: number;
  heapMb: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Full scan, stepping the generator by hand to time the longest step. */
function timedScan(text: string, format: DocumentFormat): { result: ScanResult; ms: number; longestStepMs: number } {
  const steps = scanSteps(text, format);
  let longest = 0;
  const t0 = nowMs();
  for (;;) {
    const s0 = nowMs();
    const r = steps.next();
    longest = Math.max(longest, nowMs() - s0);
    if (r.done) {
      return { result: r.value, ms: nowMs() - t0, longestStepMs: longest };
    }
  }
}

function measure(shape: Shape, units: number, samples: number): Measure {
  const text = shape.make(units);
  const format = detectFormat({ fileName: shape.fileName, languageId: shape.languageId });
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const scanned = timedScan(text, format);
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heap0) / MB;
  // First hover after an edit: a space typed at the end of some line, then a hover on some id.
  const index = new ShiftedReferences(runToEnd(scanSteps(text, format)), shiftScopeOf(format), text);
  const refs = index.references;
  const times: number[] = [];
  let stale = 0;
  // Edits in the coordinates of the edited text; the text itself is only built when a hover
  // needs a rescan (building a 30 MB string per sample would put its garbage collection into
  // the timed part).
  const edits: number[] = [];
  const edited = (): string => {
    let out = text;
    for (const at of edits) {
      out = out.slice(0, at) + ' ' + out.slice(at);
    }
    return out;
  };
  const started = nowMs();
  // A hover in the edited block waits for a rescan: on a file that is one block, every sample
  // does; stop after a few seconds of those (at least 10 samples).
  for (let i = 0; i < samples && (i < 10 || nowMs() - started < 3000); i++) {
    const lineEnd = text.indexOf('\n', Math.floor(((i + 0.5) / samples) * text.length));
    let offset = lineEnd < 0 ? text.length : lineEnd;
    for (const at of edits) {
      if (at <= offset) {
        offset++;
      }
    }
    const target = refs.length > 0 ? refs[(i * 7919) % refs.length] : undefined;
    // The index keeps the scan's offsets: the probe follows the spaces typed so far, this one included.
    let probe = target ? (target.range.start + target.range.end) >> 1 : undefined;
    for (const at of [...edits, offset]) {
      if (probe !== undefined && at <= probe) {
        probe++;
      }
    }
    const t0 = nowMs();
    index.apply({ offset, removed: 0, inserted: 1, text: ' ' });
    const answer = probe !== undefined ? index.at(probe) : undefined;
    let t1 = nowMs();
    edits.push(offset);
    if (answer === 'stale' && probe !== undefined) {
      const current = edited();
      // The edits built `current` as a rope; its first read would flatten all of it (6–7 ms at
      // 10 MB) inside the timed part. The extension reads the window through
      // TextDocument.getText(range), whose cost is the window's length: flatten before timing.
      void current.charCodeAt(current.length >> 1);
      // As the extension: a state file's resources are scanned again on their own first.
      const w0 = nowMs();
      const local = index.rescanWindow(probe, (start, end) => current.slice(start, end));
      t1 += nowMs() - w0;
      if (local === 'stale') {
        // The extension waits for the rescan of this version: count it in full.
        stale++;
        const r0 = nowMs();
        runToEnd(scanSteps(current, format));
        t1 += nowMs() - r0;
      }
    }
    times.push(t1 - t0);
  }
  const s = summarize(times);
  return {
    shape: shape.name,
    mb: text.length / MB,
    refs: scanned.result.refs.length,
    fullMs: scanned.ms,
    longestStepMs: scanned.longestStepMs,
    hoverP50Ms: s.p50,
    hoverP99Ms: s.p99,
    staleHovers: stale,
    heapMb,
  };
}

/** Growth of the scan time per doubling of the file, from two sizes. */
function perDoubling(a: Measure, b: Measure): number {
  return Math.pow(b.fullMs / a.fullMs, Math.log(2) / Math.log(b.mb / a.mb));
}

interface Baseline {
  measuredAt: string;
  note: string;
  rows: { shape: string; mb: number; fullMs: number; afterEditMs: number; perDoubling?: number }[];
}

function loadBaseline(): Baseline | undefined {
  const file = path.resolve(__dirname, '..', '..', 'bench', 'scaleBaseline.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Baseline) : undefined;
}

export async function scale(details: Record<string, unknown>): Promise<Row[]> {
  const sizes = (process.env.BENCH_SCALE_MB ?? '1,2,10,30').split(',').map(Number);
  const baseline = loadBaseline();
  const measures: Measure[] = [];
  const rows: Row[] = [];
  const plan: [Shape, number[]][] = [
    ...ordinaryShapes().map((s): [Shape, number[]] => [s, sizes]),
    ...adversarialShapes().map((s): [Shape, number[]] => [s, [0.5, 1]]),
  ];
  // BENCH_SCALE_SHAPES: a regular expression over the shape names, to measure only some of them.
  const only = process.env.BENCH_SCALE_SHAPES ? new RegExp(process.env.BENCH_SCALE_SHAPES, 'i') : undefined;
  for (const [shape, mbs] of plan) {
    if (only && !only.test(shape.name)) {
      continue;
    }
    let previous: Measure | undefined;
    for (const mb of mbs) {
      process.stderr.write(`bench: scale ${shape.name} ${mb} MB…\n`);
      const m = measure(shape, Math.max(1, Math.round(shape.unitsPerMb * mb)), 200);
      measures.push(m);
      const growth = previous ? perDoubling(previous, m) : undefined;
      const before = baseline?.rows.find((r) => r.shape === shape.name && Math.abs(r.mb - m.mb) / m.mb < 0.2);
      rows.push({
        section: '7',
        figure: `${shape.name}, ${fixed(m.mb, 1)} MB (${m.refs} ids): full scan / longest step / first hover after edit p50, p99 / heap${growth !== undefined ? ' / ×per doubling' : ''}`,
        ours: `${fixed(m.fullMs, 0)} ms / ${fixed(m.longestStepMs, 1)} ms / ${fixed(m.hoverP50Ms * 1000, 0)} µs, ${fixed(m.hoverP99Ms, 2)} ms / ${fixed(m.heapMb, 0)} MB${growth !== undefined ? ` / ×${fixed(growth)}` : ''}`,
        baseline: before
          ? `before: ${fixed(before.fullMs, 0)} ms, after edit ${fixed(before.afterEditMs, 0)} ms${before.perDoubling ? `, ×${fixed(before.perDoubling)}` : ''}`
          : '—',
        ratio: before ? fixed(m.fullMs / before.fullMs) : '—',
        target: '≤250 ms/MB, ×≤2.5, hover p99 ≤10 ms',
        met: met(
          m.fullMs / m.mb <= 250 && (growth === undefined || growth <= 2.5) && (m.mb > 11 || m.hoverP99Ms <= 10),
        ),
        values: { ...m, perDoubling: growth ?? null },
      });
      previous = m;
    }
  }
  details.scale = { measures, baseline: baseline?.measuredAt ?? null };
  return rows;
}
