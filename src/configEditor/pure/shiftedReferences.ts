// The references of a document kept valid across edits without a rescan: VS Code reports each
// edit as (offset, removed length, inserted text), and every reference after it moves by the
// difference. References the edit touches, and the ones in a block it touched (an edited
// project_id changes what the block's peer_id means), are "stale" until the next scan: a hover
// there waits for it, a hover anywhere else answers at once. Pure: no `vscode` import.

import {
  referenceIndexAt,
  type ConfigProblem,
  type DocumentFormat,
  type FoundReference,
  type ScanResult,
} from '../../configFiles';

/**
 * How far an edit's effect can reach:
 * - `text` (HCL, YAML): an edit can open a string or a comment that runs on, so everything after it is stale;
 * - `json`: the text is one tree, every answer waits for the rescan after any edit;
 * - `tfstate`: an edit with no structural character changes only the string or number it touches,
 *   so only the Terraform resource around it is stale (see `isStructural`); any other edit is as `json`.
 */
export type ShiftScope = 'text' | 'json' | 'tfstate';

export function shiftScopeOf(format: DocumentFormat): ShiftScope {
  return format === 'tfstate' ? 'tfstate' : format === 'atlasJson' || format === 'settings' ? 'json' : 'text';
}

/**
 * Characters that can change how a JSON (with comments) text tokenizes beyond the token they are
 * in: quotes, brackets, separators, the escape, comment starts, and line breaks (a line break ends
 * a line comment and, in jsonc-parser's scanner, a string).
 */
const STRUCTURAL = /["{}[\],:\\/*\n\r\u2028\u2029]/;

export function isStructural(text: string): boolean {
  return STRUCTURAL.test(text);
}

export interface TextChange {
  /** Offset in the text before the change. */
  offset: number;
  removed: number;
  inserted: number;
  /** The inserted text, when known: a `tfstate` index needs it to keep answering (else the edit counts as structural). */
  text?: string;
}

interface Span {
  start: number;
  end: number;
  /** Length now minus length in the scanned text (tracked while no structural edit happened). */
  delta?: number;
}

export class ShiftedReferences {
  private refs: FoundReference[];
  private problemList: ConfigProblem[];
  /** Spans (in the current text) changed since the scan, merged and sorted. */
  private dirty: Span[] = [];
  /** A structural edit in a JSON text: every answer waits for the rescan. */
  private wholeStale = false;

  /**
   * @param scope how far an edit reaches (see ShiftScope).
   * @param scanned the scanned text, for `tfstate`: whether removed text was structural is read from
   *   it (VS Code reports only the removed length). Without it every removal counts as structural.
   */
  constructor(
    result: ScanResult,
    private readonly scope: ShiftScope = 'text',
    private readonly scanned?: string,
  ) {
    this.refs = result.refs;
    this.problemList = result.problems;
  }

  /** Whether the change can alter the JSON structure beyond the token it touches. */
  private structuralChange(change: TextChange): boolean {
    if (change.text === undefined || isStructural(change.text)) {
      return true;
    }
    if (change.removed === 0) {
      return false;
    }
    if (this.scanned === undefined) {
      return true;
    }
    const end = change.offset + change.removed;
    // Removed text that an earlier edit typed is not in the scanned text: count it as structural.
    let shift = 0;
    for (const s of this.dirty) {
      if (change.offset < s.end && end > s.start) {
        return true;
      }
      if (s.end <= change.offset) {
        shift += s.delta ?? 0;
      }
    }
    const from = change.offset - shift;
    return isStructural(this.scanned.slice(from, from + change.removed));
  }

  get edited(): boolean {
    return this.dirty.length > 0;
  }

  /** Applies one change. Changes of one VS Code event are applied from the last to the first. */
  apply(change: TextChange): void {
    const { offset, removed, inserted } = change;
    if (this.scope === 'json' || (this.scope === 'tfstate' && !this.wholeStale && this.structuralChange(change))) {
      this.wholeStale = true;
    }
    const end = offset + removed;
    const delta = inserted - removed;
    // In place and in one pass over the references after the change: a keystroke in a 30 MB
    // state file with 100,000 references costs well under a millisecond.
    let first = 0;
    let last = this.refs.length;
    while (first < last) {
      const mid = (first + last) >> 1;
      if (this.refs[mid].range.end <= offset) {
        first = mid + 1;
      } else {
        last = mid;
      }
    }
    let after = first;
    while (after < this.refs.length && this.refs[after].range.start < end) {
      after++;
    }
    // The references the change touched are gone until the rescan: their whole old span counts as
    // changed, so a hover anywhere on one (not only where the change was) waits instead of finding nothing.
    const vanished =
      after > first
        ? {
            start: this.refs[first].range.start,
            end: Math.max(...this.refs.slice(first, after).map((r) => r.range.end)),
          }
        : undefined;
    this.refs.splice(first, after - first);
    for (let i = first; i < this.refs.length; i++) {
      const r = this.refs[i];
      r.range.start += delta;
      r.range.end += delta;
      if (r.blockStart !== undefined && r.blockStart >= end) {
        r.blockStart += delta;
      }
    }
    this.problemList = this.problemList
      .filter((p) => p.range.end <= offset || p.range.start >= end)
      .map((p) =>
        p.range.start >= end ? { ...p, range: { start: p.range.start + delta, end: p.range.end + delta } } : p,
      );
    const spans = this.dirty.map((s) =>
      s.start >= end ? { start: s.start + delta, end: s.end + delta, delta: s.delta } : s,
    );
    spans.push({ start: offset, end: offset + inserted, delta });
    if (vanished) {
      spans.push({ start: Math.min(vanished.start, offset), end: Math.max(vanished.end + delta, offset), delta: 0 });
    }
    spans.sort((a, b) => a.start - b.start);
    const merged: Span[] = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s.start <= last.end) {
        last.end = Math.max(last.end, s.end);
        last.delta = (last.delta ?? 0) + (s.delta ?? 0);
      } else {
        merged.push({ ...s });
      }
    }
    this.dirty = merged;
  }

  /** The first dirty span that overlaps [start, end] (ends included: an insertion at a boundary counts). */
  private touched(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.dirty.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.dirty[mid];
      if (s.end < start) {
        lo = mid + 1;
      } else if (s.start > end) {
        hi = mid - 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** The span a reference's meaning depends on: its block, up to where the next block begins. */
  private blockSpan(index: number): Span {
    const r = this.refs[index];
    if (r.blockStart === undefined) {
      return r.range;
    }
    // Bare ids inside the block have no blockStart: the block ends where another block's reference starts.
    let next = index + 1;
    while (
      next < this.refs.length &&
      (this.refs[next].blockStart === undefined || this.refs[next].blockStart === r.blockStart)
    ) {
      next++;
    }
    const end = next < this.refs.length ? this.refs[next].range.start : Number.MAX_SAFE_INTEGER;
    return { start: Math.min(r.blockStart, r.range.start), end };
  }

  /**
   * The reference at `offset`: `stale` when an edit since the scan may have changed it (or may
   * have typed a new one there), else the reference or undefined.
   */
  at(offset: number): FoundReference | undefined | 'stale' {
    if (this.dirty.length > 0 && (this.wholeStale || this.scope === 'json')) {
      return 'stale';
    }
    if (this.dirty.length > 0 && this.scope === 'tfstate') {
      return this.inResourceWindow(offset);
    }
    // An edit can open a string, a comment or a block that runs on to the end of the text, so
    // nothing after the first edit keeps its meaning; what lies wholly before it does.
    if (this.dirty.length === 0) {
      const index = referenceIndexAt(this.refs, offset);
      return index < 0 ? undefined : this.refs[index];
    }
    const firstEdit = this.dirty[0].start;
    if (offset >= firstEdit) {
      return 'stale';
    }
    const index = referenceIndexAt(this.refs, offset);
    if (index < 0) {
      return this.touched(offset, offset) ? 'stale' : undefined;
    }
    const span = this.blockSpan(index);
    return span.end >= firstEdit || this.touched(span.start, span.end) ? 'stale' : this.refs[index];
  }

  /**
   * After edits with no structural character in a state file: an edit changes at most the string or
   * number it is in, and what that token means reaches no further than its resource (type, name,
   * module, mode, instances: one object of `resources`). Resources are told apart by the block
   * name up to its index key, which the instances of one resource share (unrelated resources may
   * share it too: that only widens the window). An offset is answered unless an edit lies between
   * the last reference of the resource before its neighbours and the first one after them.
   * A reference-free resource can become an Atlas one (its type edited): its new ids lie in the
   * gap the edit is in, which is inside the window of every offset there.
   */
  private inResourceWindow(offset: number): FoundReference | undefined | 'stale' {
    const refs = this.refs;
    // Text before the first reference holds the root's keys ("resources"): an edit there reaches everything.
    if (refs.length === 0 || this.dirty[0].start <= refs[0].range.start) {
      return 'stale';
    }
    const index = referenceIndexAt(refs, offset);
    let before = index >= 0 ? index : lastStartingBefore(refs, offset);
    let after = index >= 0 ? index : before + 1;
    // Widen to the resource of `before`, whose header lies after the last reference of the resource before it.
    before = groupStart(refs, before);
    const windowStart = before > 0 ? refs[before - 1].range.end : 0;
    after = groupEnd(refs, after);
    const windowEnd = after < refs.length - 1 ? refs[after + 1].range.start : Number.MAX_SAFE_INTEGER;
    if (this.touched(windowStart, windowEnd)) {
      return 'stale';
    }
    return index < 0 ? undefined : refs[index];
  }

  /** Every reference, shifted (only meaningful when not edited; the index rescans first). */
  get references(): readonly FoundReference[] {
    return this.refs;
  }

  get problems(): readonly ConfigProblem[] {
    return this.problemList;
  }
}

/** Index of the last reference starting at or before `offset`, -1 if none. */
function lastStartingBefore(refs: readonly FoundReference[], offset: number): number {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].range.start <= offset) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo - 1;
}

/** The resource a state reference belongs to: its block name up to the index key; none for a bare id. */
function resourceOf(r: FoundReference): string | undefined {
  const name = r.blockName;
  if (name === undefined) {
    return undefined;
  }
  const bracket = name.indexOf('[');
  return bracket < 0 ? name : name.slice(0, bracket);
}

/**
 * The run of references around refs[i] that belong to one resource, walking by `step` (-1 or 1):
 * bare ids (no block) inside a resource belong to it, so they never end a run.
 */
function groupEdge(refs: readonly FoundReference[], i: number, step: 1 | -1): number {
  let key = resourceOf(refs[i]);
  for (let j = i + step; j >= 0 && j < refs.length; j += step) {
    const k = resourceOf(refs[j]);
    if (k !== undefined && key !== undefined && k !== key) {
      break;
    }
    key ??= k;
    i = j;
  }
  return i;
}

/** First index of the run of references of the same resource as refs[i] (i may be -1). */
function groupStart(refs: readonly FoundReference[], i: number): number {
  return i < 0 ? -1 : groupEdge(refs, i, -1);
}

/** Last index of the run of references of the same resource as refs[i] (i may be refs.length). */
function groupEnd(refs: readonly FoundReference[], i: number): number {
  return i >= refs.length ? refs.length : groupEdge(refs, i, 1);
}
