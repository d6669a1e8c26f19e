// Scans large config files in a worker thread (scanWorker.ts), so that neither the scan nor the
// garbage its parse makes holds the extension host, which every extension shares. The host's own
// part is bounded work per event-loop turn: it reads the text in chunks (a whole-document
// getText() of 30 MB was a 90 ms block by itself) in time slices, and takes the answer back one
// batch per turn. Pure: no `vscode` import; the document is reached through `read`.

import { Worker } from 'node:worker_threads';
import type { DocumentFormat, ScanResult } from '../../configFiles';
import { runInSlices, SlicesAbortedError, type SliceStats } from './slices';
import { ResultAssembler, type FromWorker, type ToWorker } from './workerProtocol';

/** Characters read and sent per step: about a millisecond of the host's time. */
export const CHUNK_CHARS = 256 * 1024;
/** A worker with no job is stopped after this long, which gives its memory back. */
const IDLE_MS = 30_000;

export interface WorkerScanRequest {
  format: DocumentFormat;
  /** The text's length, and its [start, end) stretch: read a chunk at a time, never all at once. */
  length: number;
  read(start: number, end: number): string;
  /** False once the text changed since the scan began: the chunks read would mix two versions. */
  isCurrent(): boolean;
  /** Also return the whole text (a state file's shifted index keeps it). */
  keepText?: boolean;
  signal?: AbortSignal;
  stats?: SliceStats;
}

export interface WorkerScan {
  result: ScanResult;
  text?: string;
  /** The worker's heap when it answered. */
  workerHeapBytes: number;
}

/** The worker could not be started (its script is missing, or threads are not allowed): scan on the host. */
export class WorkerUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the scan worker could not start: ${String(cause)}`);
    this.name = 'WorkerUnavailableError';
  }
}

interface Pending {
  assembler: ResultAssembler;
  resolve(r: { result: ScanResult; workerHeapBytes: number }): void;
  reject(e: Error): void;
}

export class WorkerScanner {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextJob = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Why the worker's script could not load, once it failed to: every later scan runs on the host. */
  private unavailable: string | undefined;

  /**
   * @param script the worker's entry file (dist/scanWorker.js in the bundle).
   * @param maxOldGenerationSizeMb the worker's heap limit: a hostile file fails its own scan,
   *   not the extension host.
   */
  constructor(
    private readonly script: string,
    private readonly maxOldGenerationSizeMb = 2048,
  ) {}

  async scan(request: WorkerScanRequest): Promise<WorkerScan> {
    const worker = this.started();
    const job = this.nextJob++;
    const chunks: string[] = [];
    const answer = new Promise<{ result: ScanResult; workerHeapBytes: number }>((resolve, reject) => {
      this.pending.set(job, { assembler: new ResultAssembler(request.format), resolve, reject });
    });
    // Until `answer` is awaited below, a failure must not count as unhandled.
    answer.catch(() => undefined);
    const cancel = (): void => {
      this.settle(job)?.reject(new SlicesAbortedError());
      this.post(worker, { kind: 'cancel', job });
    };
    request.signal?.addEventListener('abort', cancel, { once: true });
    try {
      await runInSlices(
        sendChunks(request, (chunk) => {
          this.post(worker, { kind: 'text', job, chunk });
          if (request.keepText) {
            chunks.push(chunk);
          }
        }),
        { signal: request.signal, stats: request.stats },
      );
      this.post(worker, { kind: 'scan', job, format: request.format });
      const { result, workerHeapBytes } = await answer;
      return { result, workerHeapBytes, ...(request.keepText ? { text: chunks.join('') } : {}) };
    } catch (e) {
      if (this.pending.has(job)) {
        cancel();
      }
      throw e;
    } finally {
      request.signal?.removeEventListener('abort', cancel);
    }
  }

  private started(): Worker {
    if (this.disposed) {
      throw new WorkerUnavailableError('disposed');
    }
    if (this.unavailable) {
      throw new WorkerUnavailableError(this.unavailable);
    }
    clearTimeout(this.idleTimer);
    if (this.worker) {
      return this.worker;
    }
    let worker: Worker;
    try {
      worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: this.maxOldGenerationSizeMb } });
    } catch (e) {
      throw new WorkerUnavailableError(e);
    }
    // An idle worker must not keep a process (a test run, a benchmark) alive.
    worker.unref();
    let ready = false;
    worker.on('message', (m: FromWorker) => {
      if (m.kind === 'ready') {
        ready = true;
      } else {
        this.onMessage(worker, m);
      }
    });
    const lost = (why: string): void => {
      // A worker this scanner stopped itself (idle, disposed) is no longer `this.worker`: its
      // exit must not fail the jobs of the worker that replaced it.
      if (this.worker !== worker) {
        return;
      }
      this.worker = undefined;
      // Lost before its script loaded (a missing or broken entry): no worker will do better.
      const error = ready ? new Error(why) : new WorkerUnavailableError(why);
      if (!ready) {
        this.unavailable = why;
      }
      for (const job of [...this.pending.keys()]) {
        this.settle(job)?.reject(error);
      }
    };
    worker.on('error', (e) => lost(`the scan worker failed: ${e.message}`));
    worker.on('exit', (code) => lost(`the scan worker stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }

  private onMessage(worker: Worker, m: Exclude<FromWorker, { kind: 'ready' }>): void {
    const pending = this.pending.get(m.job);
    if (!pending) {
      return;
    }
    switch (m.kind) {
      case 'batch':
        pending.assembler.add(m);
        // The next batch after the event loop's turn: each batch is deserialised in its own task.
        setImmediate(() => this.post(worker, { kind: 'next', job: m.job }));
        return;
      case 'done':
        this.settle(m.job)?.resolve({ result: pending.assembler.result(m.rootKeys), workerHeapBytes: m.heapUsedBytes });
        return;
      case 'failed':
        this.settle(m.job)?.reject(new Error(m.message));
        return;
    }
  }

  /** Takes the job off the pending list; when none is left, the idle worker stops after IDLE_MS. */
  private settle(job: number): Pending | undefined {
    const pending = this.pending.get(job);
    this.pending.delete(job);
    if (this.pending.size === 0 && this.worker) {
      clearTimeout(this.idleTimer);
      const worker = this.worker;
      this.idleTimer = setTimeout(() => {
        if (this.worker === worker && this.pending.size === 0) {
          this.worker = undefined;
          void worker.terminate();
        }
      }, IDLE_MS);
      this.idleTimer.unref();
    }
    return pending;
  }

  private post(worker: Worker, message: ToWorker): void {
    if (this.worker === worker) {
      worker.postMessage(message);
    }
  }

  /** Whether a worker is running now (tests). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    for (const job of [...this.pending.keys()]) {
      this.pending.get(job)?.reject(new SlicesAbortedError());
      this.pending.delete(job);
    }
    void worker?.terminate();
  }
}

/** One chunk read and sent per step; a text that changed meanwhile ends the scan as superseded. */
function* sendChunks(request: WorkerScanRequest, send: (chunk: string) => void): Generator<void, void> {
  let sent = 0;
  for (let start = 0; start < request.length; start += CHUNK_CHARS) {
    if (!request.isCurrent()) {
      throw new SlicesAbortedError();
    }
    const chunk = request.read(start, Math.min(request.length, start + CHUNK_CHARS));
    sent += chunk.length;
    send(chunk);
    yield;
  }
  if (!request.isCurrent() || sent !== request.length) {
    throw new SlicesAbortedError();
  }
}
