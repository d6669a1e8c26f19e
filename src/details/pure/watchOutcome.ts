// How a watch ended, from the states it saw: the Atlas CLI's `peering watch` prints the same line
// whether the peer became AVAILABLE, FAILED or waits for the user; this says which, once.
import { StatusCategory } from '../../atlas/models';

export interface SeenState {
  status: string;
  category: StatusCategory;
  /** Milliseconds since the epoch, from the watch loop's injected clock. */
  atMs: number;
  errorText?: string | null;
}

export type WatchOutcome =
  | { kind: 'available' }
  | { kind: 'waitingForYou'; status: string }
  | { kind: 'failed'; reason: string | null }
  | { kind: 'timedOut'; lastStatus: string | null }
  | { kind: 'watching' };

/** One row per change of status, with how long it lasted (the last one up to `nowMs`). */
export interface TimelineRow {
  status: string;
  sinceMs: number;
  durationMs: number;
}

/** The outcome once the states seen say it, or timedOut when `timeoutMs` has passed since the first. */
export function watchOutcome(seen: readonly SeenState[], nowMs: number, timeoutMs: number): WatchOutcome {
  const last = seen[seen.length - 1];
  if (last?.category === 'ready') {
    return { kind: 'available' };
  }
  if (last?.category === 'failed') {
    return { kind: 'failed', reason: last.errorText ?? null };
  }
  if (last?.category === 'needsAction') {
    return { kind: 'waitingForYou', status: last.status };
  }
  if (seen.length > 0 && nowMs - seen[0].atMs >= timeoutMs) {
    return { kind: 'timedOut', lastStatus: last.status };
  }
  return { kind: 'watching' };
}

export function timeline(seen: readonly SeenState[], nowMs: number): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const s of seen) {
    if (rows.length === 0 || rows[rows.length - 1].status !== s.status) {
      rows.push({ status: s.status, sinceMs: s.atMs, durationMs: 0 });
    }
  }
  rows.forEach((row, i) => (row.durationMs = (rows[i + 1]?.sinceMs ?? nowMs) - row.sinceMs));
  return rows;
}

/** One line for the announcement, said once when the outcome is final. */
export function outcomeLine(outcome: WatchOutcome, nextStepTitle?: string): string | null {
  switch (outcome.kind) {
    case 'available':
      return 'The peering connection is AVAILABLE.';
    case 'waitingForYou':
      return `Waiting for you (${outcome.status})${nextStepTitle ? `: ${nextStepTitle}` : ''}.`;
    case 'failed':
      return `The peering connection FAILED${outcome.reason ? `: ${outcome.reason}` : ' (Atlas gave no reason)'}.`;
    case 'timedOut':
      return `Stopped watching after the timeout; the last status was ${outcome.lastStatus ?? 'unknown'}.`;
    case 'watching':
      return null;
  }
}
