// The references of a document kept valid across edits without a rescan: VS Code reports each
// edit as (offset, removed length, inserted text), and every reference after it moves by the
// difference. References the edit touches, and the ones in a block it touched (an edited
// project_id changes what the block's peer_id means), are "stale" until the next scan: a hover
// there waits for it, a hover anywhere else answers at once. Pure: no `vscode` import.

import { referenceIndexAt, type ConfigProblem, type FoundReference, type ScanResult } from '../../configFiles';

export interface TextChange {
  /** Offset in the text before the change. */
  offset: number;
  removed: number;
  inserted: number;
}

interface Span {
  start: number;
  end: number;
}

export class ShiftedReferences {
  private refs: FoundReference[];
  private problemList: ConfigProblem[];
  /** Spans (in the current text) changed since the scan, merged and sorted. */
  private dirty: Span[] = [];

  /**
   * @param wholeDocument true for formats parsed as one tree (JSON): one unbalanced quote or brace
   *   anywhere changes how the whole text parses, so after any edit every answer waits for the rescan.
   */
  constructor(
    result: ScanResult,
    private readonly wholeDocument = false,
  ) {
    this.refs = result.refs;
    this.problemList = result.problems;
  }

  get edited(): boolean {
    return this.dirty.length > 0;
  }

  /** Applies one change. Changes of one VS Code event are applied from the last to the first. */
  apply(change: TextChange): void {
    const { offset, removed, inserted } = change;
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
    const spans = this.dirty.map((s) => (s.start >= end ? { start: s.start + delta, end: s.end + delta } : s));
    spans.push({ start: offset, end: offset + inserted });
    spans.sort((a, b) => a.start - b.start);
    const merged: Span[] = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s.start <= last.end) {
        last.end = Math.max(last.end, s.end);
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
    if (this.dirty.length > 0 && this.wholeDocument) {
      return 'stale';
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

  /** Every reference, shifted (only meaningful when not edited; the index rescans first). */
  get references(): readonly FoundReference[] {
    return this.refs;
  }

  get problems(): readonly ConfigProblem[] {
    return this.problemList;
  }
}
