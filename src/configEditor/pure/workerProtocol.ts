// The messages between the extension host and the scan worker (scanWorker.ts, workerScans.ts), and
// how a scan result is cut into batches and put back together. Pure: no `vscode` import.

import type { ConfigProblem, DocumentFormat, FoundReference, IacResource, ScanResult } from '../../configFiles';

/**
 * Items per batch: a batch is deserialised on the host in one go, and 2,000 references take about
 * a millisecond there. A state resource with its values weighs about ten references.
 */
export const BATCH_ITEMS = { refs: 2000, problems: 2000, resources: 200, spans: 16_384 } as const;

export type WorkerBatch =
  | { field: 'refs'; items: FoundReference[] }
  | { field: 'problems'; items: ConfigProblem[] }
  | { field: 'resources'; items: IacResource[] }
  | { field: 'spans'; items: number[] };

export type ToWorker =
  | { kind: 'text'; job: number; chunk: string }
  | { kind: 'scan'; job: number; format: DocumentFormat }
  | { kind: 'next'; job: number }
  | { kind: 'cancel'; job: number };

export type FromWorker =
  /** Sent once the worker's script has loaded: a worker lost before it is not available at all. */
  | { kind: 'ready' }
  | ({ kind: 'batch'; job: number } & WorkerBatch)
  | { kind: 'done'; job: number; rootKeys?: number[]; heapUsedBytes: number }
  | { kind: 'failed'; job: number; message: string };

function cut<T>(items: readonly T[] | undefined, size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; items && i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** The result's lists, in batches (rootKeys, at most a few dozen numbers, goes with `done`). */
export function toBatches(result: ScanResult): WorkerBatch[] {
  return [
    ...cut(result.refs, BATCH_ITEMS.refs).map((items): WorkerBatch => ({ field: 'refs', items })),
    ...cut(result.problems, BATCH_ITEMS.problems).map((items): WorkerBatch => ({ field: 'problems', items })),
    ...cut(result.resources, BATCH_ITEMS.resources).map((items): WorkerBatch => ({ field: 'resources', items })),
    ...cut(result.spans, BATCH_ITEMS.spans).map((items): WorkerBatch => ({ field: 'spans', items })),
  ];
}

/** Puts batches back into the ScanResult they came from, with the same optional fields present. */
export class ResultAssembler {
  private readonly refs: FoundReference[] = [];
  private readonly problems: ConfigProblem[] = [];
  private readonly resources: IacResource[] = [];
  private spans: number[] | undefined;

  constructor(private readonly format: DocumentFormat) {
    // scanSteps gives a state file's result `spans` even when empty.
    this.spans = format === 'tfstate' ? [] : undefined;
  }

  add(batch: WorkerBatch): void {
    // Appended item by item: a spread of a batch into push() would be bounded by the stack.
    const into: unknown[] =
      batch.field === 'refs'
        ? this.refs
        : batch.field === 'problems'
          ? this.problems
          : batch.field === 'resources'
            ? this.resources
            : (this.spans ??= []);
    for (const item of batch.items) {
      into.push(item);
    }
  }

  result(rootKeys: number[] | undefined): ScanResult {
    const resources = this.resources.length ? { resources: this.resources } : {};
    return this.spans && this.format === 'tfstate'
      ? { refs: this.refs, problems: this.problems, spans: this.spans, ...(rootKeys ? { rootKeys } : {}), ...resources }
      : { refs: this.refs, problems: this.problems, ...resources };
  }
}
