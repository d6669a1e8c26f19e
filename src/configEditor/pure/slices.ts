// Runs a stepped computation (a generator that yields after each bounded piece of work, such as
// the config-file scanners) in time slices: steps run until the slice's budget is spent, then the
// event loop gets a turn. The extension host is one thread shared by every extension, so no slice
// of ours should hold it long. Pure: no `vscode` import; clock and yield are injectable.

export const SLICE_MS = 8;

export interface SliceStats {
  /** The longest slice run so far (ms): one step can exceed the budget, this says by how much. */
  longestSliceMs: number;
  slices: number;
}

export interface SliceOptions {
  sliceMs?: number;
  now?: () => number;
  /** Gives the event loop a turn (default: setImmediate). */
  yieldToLoop?: () => Promise<void>;
  signal?: AbortSignal;
  stats?: SliceStats;
}

export class SlicesAbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'SlicesAbortedError';
  }
}

const defaultNow = (): number => performance.now();
const defaultYield = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function runInSlices<T>(steps: Generator<void, T>, options: SliceOptions = {}): Promise<T> {
  const budget = options.sliceMs ?? SLICE_MS;
  const now = options.now ?? defaultNow;
  const yieldToLoop = options.yieldToLoop ?? defaultYield;
  for (;;) {
    if (options.signal?.aborted) {
      steps.return(undefined as T);
      throw new SlicesAbortedError();
    }
    const start = now();
    let r = steps.next();
    while (!r.done && now() - start < budget) {
      r = steps.next();
    }
    if (options.stats) {
      options.stats.longestSliceMs = Math.max(options.stats.longestSliceMs, now() - start);
      options.stats.slices++;
    }
    if (r.done) {
      return r.value;
    }
    await yieldToLoop();
  }
}
