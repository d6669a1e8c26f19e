import * as assert from 'node:assert/strict';
import { ManualClock, WatchLoop, type WatchTiming } from '../../../src/details/pure/watchLoop';

describe('details watch loop (manual clock)', () => {
  let clock: ManualClock;
  let checks: number;
  let timing: WatchTiming;
  let loop: WatchLoop;

  beforeEach(() => {
    clock = new ManualClock();
    checks = 0;
    timing = { initialMs: 5_000, maxMs: 60_000 };
    loop = new WatchLoop(
      () => checks++,
      () => timing,
      () => clock,
    );
  });

  it('checks at once, then waits twice as long each time up to the maximum', () => {
    loop.start();
    assert.equal(checks, 1);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      loop.after('continue');
      waits.push(...clock.pending());
      assert.ok(clock.fireNext());
      assert.equal(checks, i + 2);
    }
    assert.deepEqual(waits, [5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
  });

  it('stops when a check says the status settled: nothing left pending', () => {
    loop.start();
    loop.after('continue');
    clock.fireNext();
    loop.after('stop');
    assert.equal(loop.watching, false);
    assert.deepEqual(clock.pending(), []);
    assert.equal(clock.fireNext(), false);
    assert.equal(checks, 2);
  });

  it('stop() cancels the pending wait, and a late verdict does not restart it', () => {
    loop.start();
    loop.after('continue');
    loop.stop();
    assert.deepEqual(clock.pending(), []);
    loop.after('continue');
    assert.deepEqual(clock.pending(), []);
    assert.equal(checks, 1);
  });

  it('a restart begins again from the initial wait', () => {
    loop.start();
    loop.after('continue');
    clock.fireNext();
    loop.after('continue');
    assert.deepEqual(clock.pending(), [10_000]);
    loop.stop();
    timing = { initialMs: 100, maxMs: 400 };
    loop.start();
    loop.after('continue');
    assert.deepEqual(clock.pending(), [100]);
    assert.equal(checks, 3);
  });
});
