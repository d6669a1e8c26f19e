// "Watch until settled" on a details panel: re-read the peer now, then again after a wait that
// doubles up to a maximum, while its status can still change. Pure: the clock is injected, so the
// unit tests (test/unit/details/watchLoop.test.ts) step through the waits without sleeping, and the
// integration tests use a ManualClock through the test API.

export interface WatchTiming {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_WATCH_TIMING: WatchTiming = { initialMs: 5_000, maxMs: 60_000 };

export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Runs `callback` once after `ms` milliseconds, unless cancelled. */
  schedule(callback: () => void, ms: number): Timer;
  /** Milliseconds since the epoch on this clock: the watch timeout and timeline count on it. */
  nowMs(): number;
}

export const systemClock: Clock = {
  schedule(callback, ms) {
    const handle = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(handle) };
  },
  nowMs: () => Date.now(),
};

/** A clock that only moves when told to: `fireNext()` runs the earliest pending callback. */
export class ManualClock implements Clock {
  private readonly timers: { at: number; callback: () => void }[] = [];
  private now = Date.now();

  schedule(callback: () => void, ms: number): Timer {
    const timer = { at: this.now + ms, callback };
    this.timers.push(timer);
    return {
      cancel: () => {
        const i = this.timers.indexOf(timer);
        if (i >= 0) {
          this.timers.splice(i, 1);
        }
      },
    };
  }

  nowMs(): number {
    return this.now;
  }

  /** The waits still pending, counted from now, earliest first. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.now).sort((a, b) => a - b);
  }

  /** Moves time to the earliest pending callback and runs it; false when nothing is pending. */
  fireNext(): boolean {
    if (this.timers.length === 0) {
      return false;
    }
    const next = this.timers.reduce((a, b) => (b.at < a.at ? b : a));
    this.timers.splice(this.timers.indexOf(next), 1);
    this.now = next.at;
    next.callback();
    return true;
  }
}

/** What a check found: keep watching (the status can still change) or stop. */
export type WatchVerdict = 'continue' | 'stop';

export class WatchLoop {
  private timer: Timer | undefined;
  private delay = 0;
  private active = false;

  /**
   * `check` re-reads the peer; its caller reports the verdict with `after()` once the answer is in.
   * `timing` and `clock` are read on every start and wait, so a test can change them between runs.
   */
  constructor(
    private readonly check: () => void,
    private readonly timing: () => WatchTiming,
    private readonly clock: () => Clock = () => systemClock,
  ) {}

  get watching(): boolean {
    return this.active;
  }

  /** Starts watching with the first check right away: the status may already have settled. */
  start(): void {
    this.cancelTimer();
    this.active = true;
    this.delay = this.timing().initialMs;
    this.check();
  }

  stop(): void {
    this.active = false;
    this.cancelTimer();
  }

  /** After a check: wait and check again (each wait twice the last, up to maxMs), or stop. */
  after(verdict: WatchVerdict): void {
    if (!this.active) {
      return;
    }
    if (verdict === 'stop') {
      this.stop();
      return;
    }
    this.cancelTimer();
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.timing().maxMs);
    this.timer = this.clock().schedule(() => {
      this.timer = undefined;
      if (this.active) {
        this.check();
      }
    }, wait);
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
