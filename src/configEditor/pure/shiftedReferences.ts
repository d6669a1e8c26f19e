// The references of a document kept valid across edits without a rescan: VS Code reports each
// edit as (offset, removed length, inserted text), and every reference after it moves by the
// difference. References the edit touches, and the ones in a block it touched (an edited
// project_id changes what the block's peer_id means), are "stale" until the next scan: a hover
// there waits for it, a hover anywhere else answers at once. Pure: no `vscode` import.

import {
  referenceIndexAt,
  scanSteps,
  type ConfigProblem,
  type DocumentFormat,
  type FoundReference,
  type IacResource,
  type ScanResult,
} from '../../configFiles';
import { runToEnd } from '../../configFiles/jsonTree';

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
/** A character of a number or a literal (true, false, null): blanks between two of them split a token. */
const LITERAL = /[A-Za-z0-9.+\-_]/;
/** How far back a line is searched for its start; a longer line (a minified state) counts as structural. */
const MAX_LINE_SEARCH = 64 * 1024;
/**
 * The most text a hover scans again on its own, synchronously (a few milliseconds); a bigger
 * window (one resource with thousands of instances) waits for the sliced full rescan.
 */
const MAX_WINDOW_RESCAN = 64 * 1024;

/**
 * Whether `offset` of a JSON text lies inside a string (after its opening quote, up to its closing
 * one). A JSON string holds no line break, so an odd number of quotes since the line start says so.
 */
function insideString(text: string, offset: number): boolean {
  let start = offset;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') {
    start--;
    if (offset - start > MAX_LINE_SEARCH) {
      return false;
    }
  }
  let inside = false;
  for (let i = start; i < offset; i++) {
    const c = text[i];
    if (c === '\\' && inside) {
      // Right after a backslash, typed text joins the escape.
      if (i + 1 === offset) {
        return false;
      }
      i++;
    } else if (c === '"') {
      inside = !inside;
    }
  }
  return inside;
}

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

/**
 * A stretch of the scanned text that edits replaced: scanned [start, end) is now [at, at + length)
 * of the current text. Regions do not overlap nor touch, and are sorted.
 */
interface Region {
  start: number;
  end: number;
  at: number;
  length: number;
}

export class ShiftedReferences {
  /** In the coordinates of the scanned text: never moved, so an edit costs nothing per reference. */
  private readonly refs: FoundReference[];
  private problemList: ConfigProblem[];
  /** What the edits since the scan replaced; also every reference they touched (those are gone until the rescan). */
  private regions: Region[] = [];
  /** A structural edit in a JSON text: every answer waits for the rescan. */
  private wholeStale = false;
  /** A state file's resources, in the scanned text (see ScanResult). */
  private readonly spans: readonly number[];
  /** A state file's root-level key tokens, in the scanned text (see ScanResult); undefined if not recorded. */
  private readonly rootKeys: readonly number[] | undefined;
  /** The scan's peering and container resources: valid while nothing is edited (the drift check reads them then). */
  private readonly scannedResources: readonly IacResource[] | undefined;

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
    this.spans = result.spans ?? [];
    this.rootKeys = result.rootKeys;
    this.scannedResources = result.resources;
  }

  /** The scan's resources while the text is as scanned; undefined after an edit (they are not shifted). */
  get resources(): readonly IacResource[] | undefined {
    return this.edited ? undefined : this.scannedResources;
  }

  /**
   * Whether the change can alter the JSON structure beyond the token it touches. Text without a
   * structural character still breaks the tree when it lands between tokens (a word there is an
   * invalid token, and the parser's recovery changes what follows), so it is local only inside a
   * string, or as blanks that split no literal.
   */
  private structuralChange(change: TextChange): boolean {
    const { offset, removed, text } = change;
    if (text === undefined || isStructural(text) || this.scanned === undefined) {
      return true;
    }
    const scanned = this.scanned;
    const end = offset + removed;
    const i = this.regionFrom(offset);
    const region = this.regions[i] as Region | undefined;
    const inRegion = region !== undefined && region.at < offset && offset < region.at + region.length;
    let removedText = '';
    if (removed > 0) {
      // Removed text that an earlier edit typed is not in the scanned text: count it as structural.
      if (this.regions.some((r) => offset < r.at + r.length && end > r.at)) {
        return true;
      }
      const from = this.toScanned(offset);
      removedText = scanned.slice(from, from + removed);
      if (isStructural(removedText)) {
        return true;
      }
    }
    // Inside a region all edits so far were local, so the region lies in one string or one run of blanks.
    const at = inRegion ? region.start : this.toScanned(offset);
    if (insideString(scanned, at)) {
      return false;
    }
    const blanks = /^[ \t]*$/;
    return (
      inRegion ||
      !blanks.test(text) ||
      !blanks.test(removedText) ||
      (LITERAL.test(scanned.charAt(at - 1)) && LITERAL.test(scanned.charAt(at + removed)))
    );
  }

  get edited(): boolean {
    return this.regions.length > 0;
  }

  /** Index of the first region for which `before` is false (regions.length if none); `before` is monotone. */
  private firstRegion(before: (r: Region) => boolean): number {
    let lo = 0;
    let hi = this.regions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(this.regions[mid])) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Index of the first region that ends at or after the current offset (regions.length if none). */
  private regionFrom(offset: number): number {
    return this.firstRegion((r) => r.at + r.length < offset);
  }

  /** A current offset outside every region (or at one's end), in the scanned text. */
  private toScanned(offset: number): number {
    const r = this.regions[this.firstRegion((s) => s.at + s.length <= offset) - 1] as Region | undefined;
    return r ? offset - (r.at + r.length) + r.end : offset;
  }

  /** A scanned offset outside every region (or at one's end), in the current text. */
  private toCurrent(offset: number): number {
    const r = this.regions[this.firstRegion((s) => s.end <= offset) - 1] as Region | undefined;
    return r ? offset - r.end + r.at + r.length : offset;
  }

  /**
   * Applies one change. Changes of one VS Code event are applied from the last to the first.
   * Costs the number of regions, not of references: a keystroke in a 30 MB state file moves nothing;
   * the references are placed in the current text when asked for.
   */
  apply(change: TextChange): void {
    const { offset, removed, inserted } = change;
    if (this.scope === 'json' || (this.scope === 'tfstate' && !this.wholeStale && this.structuralChange(change))) {
      this.wholeStale = true;
    }
    const end = offset + removed;
    const delta = inserted - removed;
    // The regions the change reaches or touches merge with it into one.
    const first = this.regionFrom(offset);
    let last = first;
    while (last < this.regions.length && this.regions[last].at <= end) {
      last++;
    }
    const merged = this.regions.slice(first, last);
    const head = merged[0];
    const tail = merged[merged.length - 1];
    const at = head && head.at < offset ? head.at : offset;
    const currentEnd = tail && tail.at + tail.length > end ? tail.at + tail.length : end;
    const region: Region = {
      start: head && head.at < offset ? head.start : this.toScanned(offset),
      end: tail && tail.at + tail.length > end ? tail.end : this.toScanned(end),
      at,
      length: currentEnd - at + delta,
    };
    for (let i = last; i < this.regions.length; i++) {
      this.regions[i].at += delta;
    }
    this.regions.splice(first, last - first, region);
    // The references the change touched are gone until the rescan: their whole old span counts as
    // changed, so a hover anywhere on one (not only where the change was) waits instead of finding nothing.
    this.widen(first);
    this.problemList = this.problemList
      .filter((p) => p.range.end <= offset || p.range.start >= end)
      .map((p) =>
        p.range.start >= end ? { ...p, range: { start: p.range.start + delta, end: p.range.end + delta } } : p,
      );
  }

  /** Widens regions[i] over the references it cuts into, merging the neighbours it then reaches. */
  private widen(i: number): void {
    const r = this.regions[i];
    for (;;) {
      // A pure insertion strictly inside a reference cuts it; one at its start or end does not.
      let k = lastStartingBefore(this.refs, r.start - 1);
      while (k >= 0 && this.refs[k].range.end > r.start) {
        k--;
      }
      let grew = false;
      for (let j = k + 1; j < this.refs.length && this.refs[j].range.start < r.end; j++) {
        const ref = this.refs[j].range;
        if (ref.end > r.start && ref.start < r.end) {
          if (ref.start < r.start) {
            r.at -= r.start - ref.start;
            r.length += r.start - ref.start;
            r.start = ref.start;
            grew = true;
          }
          if (ref.end > r.end) {
            r.length += ref.end - r.end;
            r.end = ref.end;
            grew = true;
          }
        }
      }
      const before = this.regions[i - 1];
      const after = this.regions[i + 1];
      if (before && before.at + before.length >= r.at) {
        r.length += r.at - before.at;
        r.at = before.at;
        r.start = before.start;
        this.regions.splice(i - 1, 1);
        i--;
        grew = true;
      }
      if (after && after.at <= r.at + r.length) {
        r.length = after.at + after.length - r.at;
        r.end = after.end;
        this.regions.splice(i + 1, 1);
        grew = true;
      }
      if (!grew) {
        return;
      }
    }
  }

  /** Whether a region overlaps the scanned span [start, end] (ends included: an insertion at a boundary counts). */
  private touched(start: number, end: number): boolean {
    let lo = 0;
    let hi = this.regions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.regions[mid];
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

  /** The reference, placed in the current text (it lies outside every region). */
  private placed(r: FoundReference): FoundReference {
    if (this.regions.length === 0) {
      return r;
    }
    const moved = this.toCurrent(r.range.start) - r.range.start;
    const out: FoundReference = { ...r, range: { start: r.range.start + moved, end: r.range.end + moved } };
    if (r.blockStart !== undefined) {
      out.blockStart = this.toCurrent(r.blockStart);
    }
    return out;
  }

  /** The span a reference's meaning depends on: its block, up to where the next block begins. */
  private blockSpan(index: number): { start: number; end: number } {
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
    const regions = this.regions;
    if (regions.length > 0 && (this.wholeStale || this.scope === 'json')) {
      return 'stale';
    }
    if (regions.length > 0 && this.scope === 'tfstate') {
      return this.inResourceWindow(offset);
    }
    // An edit can open a string, a comment or a block that runs on to the end of the text, so
    // nothing after the first edit keeps its meaning; what lies wholly before it (unmoved) does.
    if (regions.length === 0) {
      const index = referenceIndexAt(this.refs, offset);
      return index < 0 ? undefined : this.refs[index];
    }
    const firstEdit = regions[0].start;
    if (offset >= firstEdit) {
      return 'stale';
    }
    const index = referenceIndexAt(this.refs, offset);
    if (index < 0) {
      return undefined;
    }
    return this.blockSpan(index).end >= firstEdit ? 'stale' : this.refs[index];
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
  private inResourceWindow(current: number): FoundReference | undefined | 'stale' {
    const w = this.resourceWindow(current);
    if (w === undefined || this.touched(w.start, w.end)) {
      return 'stale';
    }
    return w.index < 0 ? undefined : this.placed(this.refs[w.index]);
  }

  /**
   * Whether an edit reaches everything through the root object: typed into a root key, it can turn
   * that key into a second "resources" (the first of equal keys wins) or rename the real one. Other
   * text before the first reference (the root's values, a non-Atlas resource) stays local. Without
   * the scan's root keys, any edit before the first reference counts.
   */
  private rootKeyEdited(): boolean {
    const keys = this.rootKeys;
    if (keys === undefined) {
      return this.regions[0].start <= this.refs[0].range.start;
    }
    for (let i = 0; i < keys.length; i += 2) {
      if (this.touched(keys[i], keys[i + 1])) {
        return true;
      }
    }
    return false;
  }

  /**
   * The window of a current offset, in the scanned text, with the reference there (index -1 if
   * none); undefined when an edit reaches everything (before the first reference).
   */
  private resourceWindow(current: number): { start: number; end: number; index: number } | undefined {
    const refs = this.refs;
    if (refs.length === 0 || this.rootKeyEdited()) {
      return undefined;
    }
    // An offset in a region is in its own window: from the region's start, in the scanned text.
    const r = this.regions[this.regionFrom(current)] as Region | undefined;
    const inRegion = r !== undefined && r.at <= current;
    const offset = inRegion ? r.start : this.toScanned(current);
    const index = inRegion ? -1 : referenceIndexAt(refs, offset);
    let before = index >= 0 ? index : lastStartingBefore(refs, offset);
    let after = index >= 0 ? index : before + 1;
    // Widen to the resource of `before`, whose header lies after the last reference of the resource before it.
    before = groupStart(refs, before);
    const start = before > 0 ? refs[before - 1].range.end : 0;
    after = groupEnd(refs, after);
    const end = after < refs.length - 1 ? refs[after + 1].range.start : Number.MAX_SAFE_INTEGER;
    return { start, end: inRegion ? Math.max(end, r.end) : end, index };
  }

  /**
   * A state file's answer where `at` said stale after edits with no structural character: the
   * resources of the offset's window are scanned again on their own (what a reference in a state
   * file means depends on its resource alone), from their current text that `read` gives
   * (current offsets, end excluded). Undefined when that cannot answer: wait for the full rescan.
   */
  rescanWindow(current: number, read: (start: number, end: number) => string): FoundReference | undefined | 'stale' {
    if (this.scope !== 'tfstate' || this.wholeStale || this.regions.length === 0 || this.spans.length === 0) {
      return 'stale';
    }
    const w = this.resourceWindow(current);
    if (w === undefined) {
      return 'stale';
    }
    // The resources the window reaches into, whole.
    let lo = 0;
    let hi = this.spans.length >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.spans[2 * mid + 1] < w.start) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    const first = lo;
    let last = first;
    while (last < this.spans.length >> 1 && this.spans[2 * last] <= w.end) {
      last++;
    }
    if (last === first) {
      return 'stale';
    }
    const start = this.toCurrent(this.spans[2 * first]);
    const end = this.toCurrent(this.spans[2 * last - 1]);
    if (current < start || current > end || end - start > MAX_WINDOW_RESCAN) {
      return 'stale';
    }
    const prefix = '{"resources":[';
    const result = runToEnd(scanSteps(`${prefix}${read(start, end)}]}`, 'tfstate'));
    const moved = start - prefix.length;
    const index = referenceIndexAt(result.refs, current - moved);
    if (index < 0) {
      return undefined;
    }
    const found = result.refs[index];
    return {
      ...found,
      range: { start: found.range.start + moved, end: found.range.end + moved },
      ...(found.blockStart !== undefined ? { blockStart: found.blockStart + moved } : {}),
    };
  }

  /**
   * Every reference, placed in the current text, without those an edit touched (the index
   * rescans before it relies on the list; tests read it after edits).
   */
  get references(): readonly FoundReference[] {
    if (this.regions.length === 0) {
      return this.refs;
    }
    return this.refs.filter((r) => !this.touched(r.range.start + 1, r.range.end - 1)).map((r) => this.placed(r));
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
