// Small helpers for the benchmarks: percentiles, timing, formatting, the table.

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  // Nearest rank: the smallest value with at least p of the samples at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1];
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((s, v) => s + v, 0) / Math.max(1, samples.length);
  return { n: samples.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), mean };
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function fixed(v: number | null | undefined, digits = 2): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);
}

export type Met = 'yes' | 'no' | '—';

export interface Row {
  section: string;
  figure: string;
  ours: string;
  baseline: string;
  ratio: string;
  target: string;
  met: Met;
  /** The raw numbers behind the row, for the JSON file. */
  values: Record<string, number | string | boolean | null>;
}

export function met(ok: boolean | null): Met {
  return ok === null ? '—' : ok ? 'yes' : 'no';
}

export function renderTable(rows: Row[]): string {
  const head = ['#', 'figure', 'ours', 'baseline(s)', 'ratio', 'target', 'met?'];
  const body = rows.map((r) => [r.section, r.figure, r.ours, r.baseline, r.ratio, r.target, r.met]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
