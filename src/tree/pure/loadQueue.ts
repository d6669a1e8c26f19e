// The background load of every project's peers: projects in the order the tree shows them, a few
// at a time, paused while the view is hidden, and backing off when Atlas rate-limits. Pure (no
// vscode): the tree provider gives it the work and tells it when the view shows or hides.

/** What one load reports: done (loaded or failed for good), or rate-limited (try again later). */
export type LoadOutcome = { kind: 'done' } | { kind: 'rateLimited'; retryAfterMs?: number };

export interface LoadQueueOptions<K> {
  /**
   * Loads at once; the HTTP client has its own limit, this one keeps the tree's share of it small.
   * A function is asked before each start (the rate-limit budget, see budgetedConcurrency); when
   * it says 0, the queue looks again after `recheckMs`.
   */
  concurrency: number | (() => number);
  /** How long a queue held at 0 by its budget waits before it asks again (default 1 s). */
  recheckMs?: number;
  run(key: K): Promise<LoadOutcome>;
  /** First wait after a rate limit without Retry-After; doubles with each rate limit in a row. */
  backoffMs?: number;
  /** The longest wait between two tries. */
  maxBackoffMs?: number;
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

/**
 * Projects the tree's background pass loads at once: as many as the HTTP client's default request
 * limit (6), so that the pass keeps every slot busy (bench/estateMix.ts measures it against the
 * ideal) while a user's own request waits behind at most a few of its projects.
 */
export const BACKGROUND_CONCURRENCY = 6;

/**
 * How many background loads the rate-limit bucket allows now. Atlas says in RateLimit-Remaining
 * how many requests the bucket still takes (https://www.mongodb.com/docs/atlas/api/api-rate-limit);
 * the background pass leaves a reserve of a tenth of it (at least 5) for what the user does
 * meanwhile, and each load costs about 2 requests (/containers/all and a peer list). Without the
 * headers, the full concurrency; with a reading older than RATE_LIMIT_FRESH_MS, one load, whose
 * answer tells how the bucket refilled (a held pass never waits on a reading that cannot change).
 */
export function budgetedConcurrency(
  state: { limit: number; remaining: number; at?: number } | undefined,
  now = Date.now(),
  concurrency = BACKGROUND_CONCURRENCY,
): number {
  if (!state) {
    return concurrency;
  }
  if (state.at !== undefined && now - state.at >= RATE_LIMIT_FRESH_MS) {
    return Math.min(1, concurrency);
  }
  const reserve = Math.max(5, Math.ceil(state.limit / 10));
  return Math.max(0, Math.min(concurrency, Math.floor((state.remaining - reserve) / 2)));
}

/** How long a RateLimit-Remaining reading holds the background pass back. */
export const RATE_LIMIT_FRESH_MS = 2_000;

const DEFAULT_RECHECK_MS = 1_000;
const DEFAULT_BACKOFF_MS = 2_000;
const DEFAULT_MAX_BACKOFF_MS = 60_000;

export class LoadQueue<K> {
  private queue: K[] = [];
  private readonly queued = new Set<K>();
  private running = 0;
  private paused = false;
  private waiting: { cancel(): void } | undefined;
  private rateLimitsInARow = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly setTimer: NonNullable<LoadQueueOptions<K>['setTimer']>;

  constructor(private readonly options: LoadQueueOptions<K>) {
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        return { cancel: () => clearTimeout(t) };
      });
  }

  /** Replaces what is still to load with `keys`, in this order (the ones running go on). */
  setWork(keys: readonly K[]): void {
    this.queue = [];
    this.queued.clear();
    for (const k of keys) {
      if (!this.queued.has(k)) {
        this.queued.add(k);
        this.queue.push(k);
      }
    }
    this.pump();
  }

  /** Stops starting loads (the view is hidden); the ones running finish. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  /** Drops everything still queued and any wait (a full refresh starts over). */
  clear(): void {
    this.queue = [];
    this.queued.clear();
    this.waiting?.cancel();
    this.waiting = undefined;
    this.settleIdle();
  }

  get pending(): number {
    return this.queue.length + this.running;
  }

  /** Resolves once nothing is queued or running (a paused queue with work never is). */
  idle(): Promise<void> {
    if (this.pending === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private concurrencyNow(): number {
    const c = this.options.concurrency;
    return typeof c === 'number' ? c : c();
  }

  private pump(): void {
    while (!this.paused && !this.waiting && this.queue.length > 0) {
      const allowed = this.concurrencyNow();
      if (this.running >= allowed) {
        if (allowed <= 0 && this.running === 0) {
          // Held by the budget with nothing running to end and pump again: look again later.
          this.waiting = this.setTimer(() => {
            this.waiting = undefined;
            this.pump();
          }, this.options.recheckMs ?? DEFAULT_RECHECK_MS);
        }
        break;
      }
      const key = this.queue.shift() as K;
      this.queued.delete(key);
      this.running++;
      void this.start(key);
    }
    this.settleIdle();
  }

  private async start(key: K): Promise<void> {
    let outcome: LoadOutcome;
    try {
      outcome = await this.options.run(key);
    } catch {
      outcome = { kind: 'done' }; // run reports its own failures; a throw must not stop the queue
    }
    this.running--;
    if (outcome.kind === 'rateLimited') {
      // Back to the front, and no new load until the wait is over: every load now would be refused too.
      if (!this.queued.has(key)) {
        this.queued.add(key);
        this.queue.unshift(key);
      }
      this.rateLimitsInARow++;
      const backoff = Math.min(
        (this.options.backoffMs ?? DEFAULT_BACKOFF_MS) * 2 ** (this.rateLimitsInARow - 1),
        this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
      );
      const wait = Math.min(
        Math.max(outcome.retryAfterMs ?? 0, backoff),
        this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
      );
      if (!this.waiting) {
        this.waiting = this.setTimer(() => {
          this.waiting = undefined;
          this.pump();
        }, wait);
      }
    } else {
      this.rateLimitsInARow = 0;
    }
    this.pump();
  }

  private settleIdle(): void {
    if (this.pending === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) {
        w();
      }
    }
  }
}
