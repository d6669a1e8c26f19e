// Finds Atlas ids (peers, containers, projects) in configuration files, with what each id is and
// where it sits, using the field names of each tool (each format's file names its source).
// Pure: no `vscode` import, so it runs in unit tests and benchmarks.
//
// Every format is scanned into a sorted list of references; findReference() then binary-searches
// that list. The scan is a generator (scanSteps) that yields after each bounded piece of work, so
// the extension host runs it in time slices (configEditor/documentIndex.ts keeps one scan per
// document version); the synchronous functions below run it to the end and memoise the last few
// texts, for tests, benchmarks and small texts.
//
// This index detects a document's format and dispatches to the scanner of that format (one file
// each beside this one); every scanner reports into a Collector, and the result is normalised here.

import { collectAtlasJson } from './atlasCliJson';
import { collectBare } from './bare';
import { collectKubernetes } from './kubernetes';
import type { Collector, ConfigProblem, DocumentFormat, DocumentInfo, FoundReference, IacResource } from './references';
import { collectSettings } from './settings';
import { collectImportCommands, collectTerraform } from './terraform';
import { collectTfstate } from './tfstate';
import { collectTfvars } from './tfvars';
import { runToEnd } from './jsonTree';

export type {
  ConfigProblem,
  DocumentFormat,
  DocumentInfo,
  FoundReference,
  IacResource,
  IacValue,
  ReferenceKind,
  ReferenceSource,
} from './references';

// ---------------------------------------------------------------------------------------------
// Public API

/** Which scanner applies to a document: by file name first, then by language id. */
export function detectFormat(file: DocumentInfo): DocumentFormat {
  const fileName = typeof file?.fileName === 'string' ? file.fileName : '';
  const lower = fileName.toLowerCase();
  const base = lower.slice(Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\')) + 1);
  if (base.endsWith('.tfstate') || base.endsWith('.tfstate.backup')) {
    return 'tfstate';
  }
  if (base.endsWith('.tf')) {
    return 'terraform';
  }
  if (base.endsWith('.tfvars')) {
    return 'tfvars';
  }
  if (/(^|[\\/])\.vscode[\\/]settings\.json$/.test(lower) || base.endsWith('.code-workspace')) {
    return 'settings';
  }
  if (base.endsWith('.yaml') || base.endsWith('.yml')) {
    return 'kubernetes';
  }
  if (base.endsWith('.json') || base.endsWith('.jsonc')) {
    return 'atlasJson';
  }
  switch (file?.languageId) {
    case 'terraform':
      return 'terraform';
    case 'terraform-vars':
      return 'tfvars';
    case 'yaml':
      return 'kubernetes';
    case 'json':
    case 'jsonc':
      return 'atlasJson';
    default:
      return 'plain';
  }
}

/** The id under `offset` (a cursor at the end of an id counts), or undefined. Never throws. */
export function findReference(text: string, file: DocumentInfo, offset: number): FoundReference | undefined {
  if (typeof text !== 'string' || !Number.isInteger(offset) || offset < 0 || offset > text.length) {
    return undefined;
  }
  const refs = scan(text, detectFormat(file)).refs;
  const index = referenceIndexAt(refs, offset);
  return index >= 0 ? copy(refs[index]) : undefined;
}

/** Every id in the document, sorted by offset (for diagnostics and CodeLens). Never throws. */
export function findAllReferences(text: string, file: DocumentInfo): FoundReference[] {
  if (typeof text !== 'string') {
    return [];
  }
  return scan(text, detectFormat(file)).refs.map(copy);
}

/**
 * Syntax that is not an id but is a known mistake: `container_id = mongodbatlas_network_container.x.id`
 * passes the provider's encoded state id instead of `.container_id` (terraform-provider-mongodbatlas#17, #320).
 */
export function findConfigProblems(text: string, file: DocumentInfo): ConfigProblem[] {
  if (typeof text !== 'string') {
    return [];
  }
  return scan(text, detectFormat(file)).problems.map((p) => ({ ...p, range: { ...p.range } }));
}

// ---------------------------------------------------------------------------------------------
// Scanning and memoisation

export interface ScanResult {
  /** Every reference, sorted by offset, none overlapping. */
  refs: FoundReference[];
  problems: ConfigProblem[];
  /**
   * A state file's resources, as start, end, start, end… (flat: a 30 MB state has hundreds of
   * thousands): what each reference in one of them means depends on its text alone.
   */
  spans?: number[];
  /** A state file's root-level key tokens (see Collector.rootKeys). */
  rootKeys?: number[];
  /** Peering and container resources with the values they set, for the drift check; absent when there are none. */
  resources?: IacResource[];
}

/** The peering and container resources of a text, with the values they set (for the drift check). Never throws. */
export function findIacResources(text: string, file: DocumentInfo): IacResource[] {
  if (typeof text !== 'string') {
    return [];
  }
  return scan(text, detectFormat(file)).resources ?? [];
}

const CACHE_SIZE = 4;
const cache: { text: string; format: DocumentFormat; result: ScanResult }[] = [];

function scan(text: string, format: DocumentFormat): ScanResult {
  for (let i = 0; i < cache.length; i++) {
    const c = cache[i];
    if (c.format === format && c.text === text) {
      return c.result;
    }
  }
  const result = runToEnd(scanSteps(text, format));
  cache.unshift({ text, format, result });
  if (cache.length > CACHE_SIZE) {
    cache.pop();
  }
  return result;
}

function collectorSteps(format: DocumentFormat, text: string, out: Collector): Generator<void, void> | undefined {
  switch (format) {
    case 'terraform':
      return collectTerraform(text, out);
    case 'tfvars':
      return collectTfvars(text, out);
    case 'tfstate':
      return collectTfstate(text, out);
    case 'kubernetes':
      return collectKubernetes(text, out);
    case 'atlasJson':
      return collectAtlasJson(text, out);
    case 'settings':
      return collectSettings(text, out);
    case 'plain':
      collectImportCommands(text, 0, text, out);
      return undefined;
  }
}

/**
 * Scans a text in steps: the generator yields after each bounded piece of work (a few thousand
 * tokens or YAML lines, a window of the bare-id search), so a caller on the extension host can
 * yield to the event loop between steps. Every scanner is linear in the text. Never throws.
 */
export function* scanSteps(text: string, format: DocumentFormat): Generator<void, ScanResult> {
  const out: Collector = { refs: [], problems: [], spans: format === 'tfstate' ? [] : undefined, resources: [] };
  try {
    const steps = collectorSteps(format, text, out);
    if (steps) {
      yield* steps;
    }
  } catch {
    // A parser bug on odd input must not cost the hover: fall back to the bare ids found so far.
  }
  yield* collectBare(text, out);
  const refs = yield* normalise(text, out.refs);
  const resources = out.resources?.length ? { resources: out.resources } : {};
  return out.spans
    ? {
        refs,
        problems: out.problems,
        spans: out.spans,
        ...(out.rootKeys ? { rootKeys: out.rootKeys } : {}),
        ...resources,
      }
    : { refs, problems: out.problems, ...resources };
}

/** Index of the reference under `offset` in a sorted list (a cursor at the end of an id counts), or -1. */
export function referenceIndexAt(refs: readonly FoundReference[], offset: number): number {
  let lo = 0;
  let hi = refs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = refs[mid].range;
    if (offset < r.start) {
      hi = mid - 1;
    } else if (offset >= r.end) {
      lo = mid + 1;
    } else {
      return mid;
    }
  }
  // No id strictly contains the offset: a cursor just after an id still means that id.
  return lo > 0 && refs[lo - 1].range.end === offset ? lo - 1 : -1;
}

/** References checked between two yields of normalise(). */
const REFS_PER_STEP = 4096;

/** Sorts, drops empty or out-of-range tokens, and keeps the first of overlapping references. */
function* normalise(text: string, refs: FoundReference[]): Generator<void, FoundReference[]> {
  const valid: FoundReference[] = [];
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    if (
      r.range.start >= 0 &&
      r.range.end <= text.length &&
      r.range.end > r.range.start &&
      r.id === text.slice(r.range.start, r.range.end)
    ) {
      valid.push(r);
    }
    if (i % REFS_PER_STEP === REFS_PER_STEP - 1) {
      yield;
    }
  }
  const sorted = yield* sortSteps(valid);
  const result: FoundReference[] = [];
  for (const r of sorted) {
    const last = result[result.length - 1];
    if (last && r.range.start < last.range.end) {
      continue;
    }
    result.push(r);
  }
  return result;
}

/**
 * A stable sort by start that yields between bounded pieces of work: a 30 MB state file holds
 * about 100,000 references, and one `Array.prototype.sort` of them held the extension host in a
 * single block. A natural merge sort: each scanner reports its references in runs that are
 * already in order (structured ones first, then bare ones), so the passes are few. Stability
 * keeps a structured reference ahead of a bare one at the same offset.
 */
export function* sortSteps(refs: FoundReference[]): Generator<void, FoundReference[]> {
  const n = refs.length;
  let bounds = [0];
  for (let i = 1; i < n; i++) {
    if (refs[i].range.start < refs[i - 1].range.start) {
      bounds.push(i);
    }
  }
  bounds.push(n);
  let from = refs;
  let to: FoundReference[] = new Array<FoundReference>(n);
  let work = 0;
  while (bounds.length > 2) {
    const next = [0];
    for (let k = 0; k + 1 < bounds.length; k += 2) {
      const mid = bounds[k + 1];
      const hi = k + 2 < bounds.length ? bounds[k + 2] : mid;
      let i = bounds[k];
      let j = mid;
      let o = i;
      while (i < mid || j < hi) {
        to[o++] = j >= hi || (i < mid && from[i].range.start <= from[j].range.start) ? from[i++] : from[j++];
        if (++work % REFS_PER_STEP === 0) {
          yield;
        }
      }
      next.push(hi);
    }
    [from, to] = [to, from];
    bounds = next;
  }
  return from;
}

export function copy(r: FoundReference): FoundReference {
  return { ...r, range: { ...r.range } };
}
