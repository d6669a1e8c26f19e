import * as assert from 'node:assert/strict';
import {
  BACKGROUND_CONCURRENCY,
  LoadQueue,
  RATE_LIMIT_FRESH_MS,
  budgetedConcurrency,
  type LoadOutcome,
} from '../../../src/tree/pure/loadQueue';
import { parseRateLimit } from '../../../src/atlas/http';

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

  it('follows its budget: none while it says 0, then as many as it allows, looking again after recheckMs', async () => {
    const loads = new Loads();
    const timers = new Timers();
    let budget = 0;
    const q = new LoadQueue<string>({
      concurrency: () => budget,
      run: loads.run,
      setTimer: timers.set,
      recheckMs: 700,
    });
    q.setWork(['a', 'b', 'c', 'd']);
    assert.deepEqual(loads.running, [], 'held by the budget');
    assert.equal(timers.waits.length, 1);
    budget = 2;
    assert.equal(timers.fireLast(), 700);
    assert.deepEqual(loads.running, ['a', 'b']);
    budget = 1; // the bucket emptied while a and b ran: one at a time from here
    loads.finish('a');
    await tick();
    assert.deepEqual(loads.running, ['b'], 'b still counts against the budget of 1');
    loads.finish('b');
    await tick();
    assert.deepEqual(loads.running, ['c']);
  });

  it('reads its budget from RateLimit-Remaining, keeping a reserve for the user', () => {
    assert.equal(budgetedConcurrency(undefined), BACKGROUND_CONCURRENCY, 'no headers: full speed');
    assert.equal(budgetedConcurrency({ limit: 1200, remaining: 1198 }), BACKGROUND_CONCURRENCY);
    assert.equal(budgetedConcurrency({ limit: 1200, remaining: 130 }), 5, 'reserve 120, 2 requests a load');
    assert.equal(budgetedConcurrency({ limit: 1200, remaining: 121 }), 0);
    assert.equal(budgetedConcurrency({ limit: 10, remaining: 9 }), 2, 'a reserve of at least 5');
    assert.equal(budgetedConcurrency({ limit: 10, remaining: 0 }), 0);
    const at = 1_000_000;
    assert.equal(budgetedConcurrency({ limit: 10, remaining: 0, at }, at + RATE_LIMIT_FRESH_MS - 1), 0);
    assert.equal(
      budgetedConcurrency({ limit: 10, remaining: 0, at }, at + RATE_LIMIT_FRESH_MS),
      1,
      'an old reading lets one load through, to learn how the bucket refilled',
    );
    assert.deepEqual(parseRateLimit('1200', '1198'), { limit: 1200, remaining: 1198 });
    assert.deepEqual(parseRateLimit('10', '99'), { limit: 10, remaining: 10 }, 'remaining capped at the limit');
    for (const [l, r] of [
      [null, '1'],
      ['10', null],
      ['0', '0'],
      ['-1', '5'],
      ['1e3', '5'],
      ['10', 'lots'],
    ]) {
      assert.equal(parseRateLimit(l, r), null, `${l} ${r}`);
    }
  });
});
