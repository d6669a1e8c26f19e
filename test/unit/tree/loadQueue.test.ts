import * as assert from 'node:assert/strict';
import { LoadQueue, type LoadOutcome } from '../../../src/tree/pure/loadQueue';

/** A load that finishes when the test says so, to see what runs at once and in which order. */
class Loads {
  readonly started: string[] = [];
  private readonly pending = new Map<string, (o: LoadOutcome) => void>();
  run = (key: string): Promise<LoadOutcome> => {
    this.started.push(key);
    return new Promise((resolve) => this.pending.set(key, resolve));
  };
  finish(key: string, outcome: LoadOutcome = { kind: 'done' }): void {
    const resolve = this.pending.get(key);
    assert.ok(resolve, `${key} is running`);
    this.pending.delete(key);
    resolve(outcome);
  }
  get running(): string[] {
    return [...this.pending.keys()];
  }
}

/** Timers the test fires by hand. */
class Timers {
  readonly waits: { ms: number; fn: () => void; cancelled: boolean }[] = [];
  set = (fn: () => void, ms: number): { cancel(): void } => {
    const t = { ms, fn, cancelled: false };
    this.waits.push(t);
    return { cancel: () => (t.cancelled = true) };
  };
  fireLast(): number {
    const t = this.waits[this.waits.length - 1];
    t.fn();
    return t.ms;
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('tree/loadQueue', () => {
  it('loads in the given order, at most `concurrency` at once, and is idle when all are done', async () => {
    const loads = new Loads();
    const q = new LoadQueue<string>({ concurrency: 2, run: loads.run });
    q.setWork(['a', 'b', 'c', 'a']);
    assert.deepEqual(loads.running, ['a', 'b']);
    let idle = false;
    void q.idle().then(() => (idle = true));
    loads.finish('a');
    await tick();
    assert.deepEqual(loads.running, ['b', 'c']);
    loads.finish('b');
    loads.finish('c');
    await tick();
    assert.equal(idle, true);
    assert.deepEqual(loads.started, ['a', 'b', 'c'], 'a key given twice loads once');
  });

  it('starts nothing while paused and goes on from where it was when resumed', async () => {
    const loads = new Loads();
    const q = new LoadQueue<string>({ concurrency: 1, run: loads.run });
    q.pause();
    q.setWork(['a', 'b']);
    assert.deepEqual(loads.started, []);
    q.resume();
    assert.deepEqual(loads.started, ['a']);
    q.pause();
    loads.finish('a');
    await tick();
    assert.deepEqual(loads.started, ['a'], 'the running load ends, no new one starts');
    q.resume();
    assert.deepEqual(loads.started, ['a', 'b']);
  });

  it('after a rate limit: the project goes back first, nothing starts during the wait, waits grow and honour Retry-After', async () => {
    const loads = new Loads();
    const timers = new Timers();
    const q = new LoadQueue<string>({
      concurrency: 2,
      run: loads.run,
      backoffMs: 1000,
      maxBackoffMs: 8000,
      setTimer: timers.set,
    });
    q.setWork(['a', 'b', 'c']);
    loads.finish('a', { kind: 'rateLimited' });
    await tick();
    assert.deepEqual(loads.running, ['b'], 'no new load while Atlas refuses');
    assert.equal(timers.waits.length, 1);
    loads.finish('b');
    await tick();
    assert.deepEqual(loads.running, [], 'still waiting');
    assert.equal(timers.fireLast(), 1000);
    assert.deepEqual(loads.running, ['a', 'c'], 'the refused project is first again');
    loads.finish('a', { kind: 'rateLimited', retryAfterMs: 5000 });
    await tick();
    assert.equal(timers.fireLast(), 5000, 'Retry-After beats the second backoff (2000)');
    loads.finish('c');
    loads.finish('a', { kind: 'rateLimited', retryAfterMs: 60_000 });
    await tick();
    assert.equal(timers.fireLast(), 8000, 'capped');
    loads.finish('a');
    await tick();
    await q.idle();
    assert.deepEqual(loads.started, ['a', 'b', 'a', 'c', 'a', 'a']);
  });

  it('clear drops the queue and the wait; a throwing load does not stop the queue', async () => {
    const timers = new Timers();
    const started: string[] = [];
    const q = new LoadQueue<string>({
      concurrency: 1,
      setTimer: timers.set,
      run: async (k) => {
        started.push(k);
        if (k === 'boom') {
          throw new Error('boom');
        }
        return k === 'limited' ? { kind: 'rateLimited' } : { kind: 'done' };
      },
    });
    q.setWork(['boom', 'x']);
    await q.idle();
    assert.deepEqual(started, ['boom', 'x']);
    q.setWork(['limited', 'y']);
    await tick();
    assert.equal(q.pending, 2);
    q.clear();
    assert.ok(timers.waits[0].cancelled);
    await q.idle();
    assert.deepEqual(started, ['boom', 'x', 'limited']);
  });
});
