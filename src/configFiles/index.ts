// Finds Atlas ids (peers, containers, projects) in configuration files, with what each id is and
// where it sits, using the field names of each tool (each format's file names its source).
// Pure: no `vscode` import, so it runs in unit tests and benchmarks.
//
// Every format is scanned as a whole into a sorted list of references; findReference() then
// binary-searches that list. The list of the last few texts is memoised, because a hover, the
// diagnostics and the CodeLens all ask about the same unchanged text, and scanning a 5,000-line
// file takes a few milliseconds while a lookup takes microseconds.
//
// This index detects a document's format and dispatches to the scanner of that format (one file
// each beside this one); every scanner reports into a Collector, and the result is normalised here.

import { collectAtlasJson } from './atlasCliJson';
import { collectBare } from './bare';
import { collectKubernetes } from './kubernetes';
import type { Collector, ConfigProblem, DocumentFormat, DocumentInfo, FoundReference } from './references';
import { collectSettings } from './settings';
import { collectImportCommands, collectTerraform } from './terraform';
import { collectTfstate } from './tfstate';
import { collectTfvars } from './tfvars';

export type {
  ConfigProblem,
  DocumentFormat,
  DocumentInfo,
  FoundReference,
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
      return copy(refs[mid]);
    }
  }
  // No id strictly contains the offset: a cursor just after an id still means that id.
  const before = refs[lo - 1];
  return before && before.range.end === offset ? copy(before) : undefined;
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

interface ScanResult {
  refs: FoundReference[];
  problems: ConfigProblem[];
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
  const result = scanUncached(text, format);
  cache.unshift({ text, format, result });
  if (cache.length > CACHE_SIZE) {
    cache.pop();
  }
  return result;
}

function scanUncached(text: string, format: DocumentFormat): ScanResult {
  const out: Collector = { refs: [], problems: [] };
  try {
    switch (format) {
      case 'terraform':
        collectTerraform(text, out);
        break;
      case 'tfvars':
        collectTfvars(text, out);
        break;
      case 'tfstate':
        collectTfstate(text, out);
        break;
      case 'kubernetes':
        collectKubernetes(text, out);
        break;
      case 'atlasJson':
        collectAtlasJson(text, out);
        break;
      case 'settings':
        collectSettings(text, out);
        break;
      case 'plain':
        collectImportCommands(text, 0, text, out);
        break;
    }
  } catch {
    // A parser bug on odd input must not cost the hover: fall back to the bare ids found so far.
  }
  collectBare(text, out);
  return { refs: normalise(text, out.refs), problems: out.problems };
}

/** Sorts, drops empty or out-of-range tokens, and keeps the first of overlapping references. */
function normalise(text: string, refs: FoundReference[]): FoundReference[] {
  const valid = refs.filter(
    (r) =>
      r.range.start >= 0 &&
      r.range.end <= text.length &&
      r.range.end > r.range.start &&
      r.id === text.slice(r.range.start, r.range.end),
  );
  // Stable sort keeps structured references (collected first) ahead of bare ones at the same offset.
  valid.sort((a, b) => a.range.start - b.range.start);
  const result: FoundReference[] = [];
  for (const r of valid) {
    const last = result[result.length - 1];
    if (last && r.range.start < last.range.end) {
      continue;
    }
    result.push(r);
  }
  return result;
}

function copy(r: FoundReference): FoundReference {
  return { ...r, range: { ...r.range } };
}
