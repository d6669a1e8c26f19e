// The entry of the scan worker thread (bundled by esbuild.js as dist/scanWorker.js): it scans large
// config files off the extension host's one thread. Building a 30 MB state file's JSON tree makes
// millions of short-lived objects; on the host, the garbage collector's pauses for them held every
// extension for 100–450 ms at a time, however finely the scan itself was sliced. Here they pause
// only this thread. Pure: no `vscode` import; the protocol is in workerProtocol.ts.
//
// The host sends the text in chunks, then `scan`; the answer goes back in batches, one per `next`
// the host sends, so that the host handles them one per event-loop turn (a burst of queued
// messages is delivered in one go, and deserialising them all would be one long block).

import { parentPort } from 'node:worker_threads';
import { scanSteps } from '../../configFiles';
import { runInSlices, SlicesAbortedError } from './slices';
import { toBatches, type FromWorker, type ToWorker, type WorkerBatch } from './workerProtocol';

interface Job {
  chunks: string[];
  abort: AbortController;
  batches?: WorkerBatch[];
  rootKeys?: number[];
}

const jobs = new Map<number, Job>();
const port = parentPort;

function post(message: FromWorker): void {
  port?.postMessage(message);
}

async function scan(id: number, job: Job, format: Parameters<typeof scanSteps>[1]): Promise<void> {
  const text = job.chunks.join('');
  job.chunks = [];
  try {
    // In slices here too, so that a `cancel` for a superseded version is read between them.
    const result = await runInSlices(scanSteps(text, format), { sliceMs: 50, signal: job.abort.signal });
    job.batches = toBatches(result);
    job.rootKeys = result.rootKeys;
    next(id);
  } catch (e) {
    jobs.delete(id);
    if (!(e instanceof SlicesAbortedError)) {
      post({ kind: 'failed', job: id, message: String(e) });
    }
  }
}

function next(id: number): void {
  const job = jobs.get(id);
  const batch = job?.batches?.shift();
  if (!job) {
    return;
  }
  if (batch) {
    post({ kind: 'batch', job: id, ...batch });
    return;
  }
  jobs.delete(id);
  post({
    kind: 'done',
    job: id,
    ...(job.rootKeys ? { rootKeys: job.rootKeys } : {}),
    heapUsedBytes: process.memoryUsage().heapUsed,
  });
}

post({ kind: 'ready' });

port?.on('message', (m: ToWorker) => {
  switch (m.kind) {
    case 'text': {
      let job = jobs.get(m.job);
      if (!job) {
        job = { chunks: [], abort: new AbortController() };
        jobs.set(m.job, job);
      }
      job.chunks.push(m.chunk);
      return;
    }
    case 'scan': {
      const job = jobs.get(m.job) ?? { chunks: [], abort: new AbortController() };
      jobs.set(m.job, job);
      void scan(m.job, job, m.format);
      return;
    }
    case 'next':
      next(m.job);
      return;
    case 'cancel':
      jobs.get(m.job)?.abort.abort();
      jobs.delete(m.job);
      return;
  }
});
