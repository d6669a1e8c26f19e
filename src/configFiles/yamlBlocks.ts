// A reader of YAML block structure that follows only the paths a scanner asks for, in bounded
// steps. Pure: no `vscode` import.
//
// Why by hand: the `yaml` library has no streaming or partial parse. One call parses a whole
// document in one synchronous step, and its CST parser alone costs about 600 ms/MB and grows
// faster than the text (2.3 MB: 1.6 s), so a manifest with 40,000 labels would hold the extension
// host for seconds. This reader finds the sections of a block mapping by indentation only
// (https://yaml.org/spec/1.2.2/#61-indentation-spaces, #822-block-mappings): a content line at the
// mapping's indentation starts an entry; lines more indented, and `- ` items at the same
// indentation (#821-block-sequences), belong to the entry before; comments and blank lines start
// nothing. Block scalars and multi-line scalars are more indented than their key, so they never
// start an entry. It descends only into the sections on a needed path and skips the others (a
// labels map of any size) line by line without parsing them. The library still parses every
// small section the scanner reads a value from, for its exact scalar semantics; the common
// one-line plain or quoted value is read here (see fastScalar).
//
// Where the reader cannot be sure of the structure (a line at the mapping's indentation that is
// no simple key: flow collections, anchors, aliases, tags, complex keys, escaped quoted keys,
// tabs in indentation), the enclosing section is parsed by the library, only if it is at most
// SECTION_LIMIT long; a longer one is read as nothing, so no step ever blocks.

import { libraryView, OTHER, PARSE_OPTIONS, viewGet, yaml, type MapView, type View } from './yamlLibrary';
import {
  Budget,
  CR,
  fastScalar,
  GT,
  Line,
  matchKey,
  neededKey,
  PIPE,
  restIsBlank,
  SECTION_LIMIT,
  SPACE,
  TAB,
} from './yamlLines';

export { Budget, SECTION_LIMIT, WORK_PER_STEP, DOCUMENT_WORK, type StepStats } from './yamlLines';

/** What a scanner needs under a key: a scalar, a sequence of mappings (with ITEM_KEYS), or a mapping. */
export type Need = 'leaf' | 'seq' | { readonly [key: string]: Need };

/** Keys read in each item of a needed sequence. */
const ITEM_NEED: Need = { id: 'leaf', containerId: 'leaf', providerName: 'leaf' };

/** A needed entry of a block mapping: its key line and its section (the key line to the next entry). */
interface Entry {
  lineStart: number;
  /** Column of the key; on the line of a `- ` item, the characters before it are the item's indicator. */
  column: number;
  /** Characters at the start of the key line to read as spaces (the `- ` before an item's first key). */
  prefix: number;
  colon: number;
  lineEnd: number;
  next: number;
  end: number;
  /** Content lines of the section after the key line. */
  more: number;
}

export interface Entries {
  entries: Map<string, Entry>;
  /** Offset of the first key (where the library's mapping node starts). */
  firstKey: number;
}

/** 'uncertain': a line the reader cannot place; 'other': not a block mapping (a sequence, or empty). */
export type MapScan = Entries | 'uncertain' | 'other';

function lineEndOf(text: string, pos: number, to: number): number {
  const e = text.indexOf('\n', pos);
  return e < 0 || e > to ? to : e;
}

/**
 * The needed entries of the block mapping in [from, to), whose lines are more indented than
 * `parent`. With `firstColumn`, the first line is a `- ` item's line and its key is at that column.
 */
function* scanMap(
  text: string,
  from: number,
  to: number,
  parent: number,
  need: { readonly [key: string]: Need },
  budget: Budget,
  firstColumn?: number,
): Generator<void, MapScan> {
  const entries = new Map<string, Entry>();
  let indent = -1;
  let firstKey = -1;
  let current: Entry | undefined;
  const line = new Line();
  for (let pos = from; pos < to; pos = line.next) {
    if (budget.due) {
      budget.step();
      yield;
    }
    line.read(text, pos, to, budget, pos === from ? firstColumn : undefined);
    if (line.blank) {
      continue;
    }
    const column = line.column;
    if (indent >= 0 && column > indent) {
      if (current) {
        current.more++;
      }
      continue;
    }
    if (line.first === TAB) {
      return 'uncertain';
    }
    if (indent < 0) {
      if (line.dash && column >= parent) {
        return 'other';
      }
      if (column <= parent) {
        return 'uncertain';
      }
      indent = column;
    }
    if (column < indent) {
      return 'uncertain';
    }
    if (line.dash) {
      // A sequence at the key's own indentation is the value of the key before.
      if (firstKey < 0) {
        return 'other';
      }
      if (current) {
        current.more++;
      }
      continue;
    }
    const colon = matchKey(text, line.content, line.end);
    if (colon < 0) {
      return 'uncertain';
    }
    if (firstKey < 0) {
      firstKey = line.content;
    }
    if (current) {
      current.end = pos;
      current = undefined;
    }
    const name = neededKey(text, need);
    if (name !== undefined && !entries.has(name)) {
      current = {
        lineStart: pos,
        column,
        prefix: pos === from && firstColumn !== undefined ? firstColumn : 0,
        colon,
        lineEnd: line.end,
        next: line.next,
        end: to,
        more: 0,
      };
      entries.set(name, current);
    }
  }
  if (current) {
    current.end = to;
  }
  return firstKey < 0 ? 'other' : { entries, firstKey };
}

/**
 * The needed entries of a document's root mapping in [from, to): after the `---` line that opens
 * the document, if any (the line must hold nothing else but a comment).
 */
export function* scanRoot(
  text: string,
  from: number,
  to: number,
  need: { readonly [key: string]: Need },
  budget: Budget,
): Generator<void, MapScan> {
  let body = from;
  // The library skips a byte order mark, and its offsets still count it.
  if (text.charCodeAt(body) === 0xfeff) {
    body++;
  }
  if (text.startsWith('---', body)) {
    const lineEnd = lineEndOf(text, body, to);
    const c = text.charCodeAt(body + 3);
    // Where the document split found a `---` line (JavaScript also ends lines at U+2028, U+2029).
    if (body + 3 >= lineEnd || c === SPACE || c === TAB || c === CR || c === 0x2028 || c === 0x2029) {
      if (!restIsBlank(text, body + 3, lineEnd)) {
        return 'uncertain';
      }
      body = lineEnd < to ? lineEnd + 1 : to;
    }
  }
  return yield* scanMap(text, body, to, -1, need, budget);
}

/** The views of the needed entries (those in `keys`, or all), each read as its need says. */
export function* readEntries(
  text: string,
  scanned: Entries,
  need: { readonly [key: string]: Need },
  budget: Budget,
  keys?: readonly string[],
): Generator<void, Map<string, View>> {
  const views = new Map<string, View>();
  for (const [name, entry] of scanned.entries) {
    if (keys && !keys.includes(name)) {
      continue;
    }
    const n = need[name];
    const view = n === 'leaf' ? readLeaf(text, name, entry, budget) : yield* readEntry(text, name, entry, n, budget);
    if (view) {
      views.set(name, view);
    }
  }
  return views;
}

export function mapView(views: Map<string, View>): MapView {
  return { type: 'map', get: (key) => views.get(key) };
}

/** Where an entry's inline value starts: after the colon and blanks. */
function inlineValue(text: string, e: Entry): number {
  let v = e.colon + 1;
  while (v < e.lineEnd && (text.charCodeAt(v) === SPACE || text.charCodeAt(v) === TAB)) {
    v++;
  }
  return v;
}

function readLeaf(text: string, name: string, e: Entry, budget: Budget): View | undefined {
  const v = inlineValue(text, e);
  if (e.more === 0) {
    if (restIsBlank(text, v, e.lineEnd)) {
      return OTHER;
    }
    const fast = fastScalar(text, v, e.lineEnd);
    if (fast) {
      budget.add(5);
      return fast;
    }
  }
  return parseEntry(text, name, e, budget);
}

function* readEntry(
  text: string,
  name: string,
  e: Entry,
  need: Need,
  budget: Budget,
): Generator<void, View | undefined> {
  if (need === 'leaf') {
    return readLeaf(text, name, e, budget);
  }
  const v = inlineValue(text, e);
  if (!restIsBlank(text, v, e.lineEnd)) {
    // A block scalar is no mapping and no sequence, however long: nothing to parse.
    const first = text.charCodeAt(v);
    return first === PIPE || first === GT ? OTHER : parseEntry(text, name, e, budget);
  }
  if (e.more === 0) {
    return OTHER;
  }
  if (need === 'seq') {
    const items = yield* scanSeq(text, e.next, e.end, e.column, budget);
    if (items === 'uncertain') {
      return parseEntry(text, name, e, budget);
    }
    if (items === 'other') {
      return OTHER;
    }
    const views: View[] = [];
    for (const item of items) {
      views.push(yield* readItem(text, item, budget));
    }
    return { type: 'seq', items: views };
  }
  const scanned = yield* scanMap(text, e.next, e.end, e.column, need, budget);
  if (scanned === 'uncertain') {
    return parseEntry(text, name, e, budget);
  }
  return scanned === 'other' ? OTHER : mapView(yield* readEntries(text, scanned, need, budget));
}

/** The library's reading of an entry's section (a one-pair mapping), when the section is short enough. */
function parseEntry(text: string, name: string, e: Entry, budget: Budget): View | undefined {
  if (e.end - e.lineStart > SECTION_LIMIT) {
    return undefined;
  }
  // The `- ` before an item's first key becomes spaces: same offsets, and the pair reads as in its mapping.
  const src =
    e.prefix > 0 ? ' '.repeat(e.prefix) + text.slice(e.lineStart + e.prefix, e.end) : text.slice(e.lineStart, e.end);
  budget.parse(src.length);
  const doc = yaml().parseDocument(src, PARSE_OPTIONS);
  budget.sectionErrors ||= doc.errors.length > 0;
  return viewGet(libraryView(doc.contents, src, e.lineStart), name);
}

interface Item {
  start: number;
  end: number;
  dash: number;
}

/** The items of the block sequence in [from, to) (the value of a key at column `parent`). */
function* scanSeq(
  text: string,
  from: number,
  to: number,
  parent: number,
  budget: Budget,
): Generator<void, Item[] | 'uncertain' | 'other'> {
  const items: Item[] = [];
  let indent = -1;
  const line = new Line();
  for (let pos = from; pos < to; pos = line.next) {
    if (budget.due) {
      budget.step();
      yield;
    }
    line.read(text, pos, to, budget);
    if (line.blank || (indent >= 0 && line.column > indent)) {
      continue;
    }
    if (indent < 0) {
      if (!line.dash) {
        // A mapping is no sequence; anything else (a tag, an anchor, a flow collection) is for the library.
        return line.column > parent && line.first !== TAB && matchKey(text, line.content, line.end) >= 0
          ? 'other'
          : 'uncertain';
      }
      indent = line.column;
    }
    if (line.column !== indent || !line.dash) {
      return 'uncertain';
    }
    if (items.length > 0) {
      items[items.length - 1].end = pos;
    }
    items.push({ start: pos, end: to, dash: line.column });
  }
  return items.length > 0 ? items : 'other';
}

/** An item of a needed sequence: a mapping read for ITEM_NEED, or what the library makes of it. */
function* readItem(text: string, item: Item, budget: Budget): Generator<void, View> {
  const lineEnd = lineEndOf(text, item.start, item.end);
  let i = item.start + item.dash + 1;
  while (i < lineEnd && text.charCodeAt(i) === SPACE) {
    i++;
  }
  const need = ITEM_NEED as { readonly [key: string]: Need };
  let scanned: MapScan;
  if (restIsBlank(text, i, lineEnd)) {
    const next = lineEnd < item.end ? lineEnd + 1 : item.end;
    scanned = yield* scanMap(text, next, item.end, item.dash, need, budget);
  } else if (text.charCodeAt(i) !== TAB && matchKey(text, i, lineEnd) >= 0) {
    scanned = yield* scanMap(text, item.start, item.end, item.dash, need, budget, i - item.start);
  } else {
    scanned = 'uncertain';
  }
  if (scanned === 'uncertain') {
    return parseItem(text, item, budget);
  }
  return scanned === 'other' ? OTHER : mapView(yield* readEntries(text, scanned, need, budget));
}

function parseItem(text: string, item: Item, budget: Budget): View {
  if (item.end - item.start > SECTION_LIMIT) {
    return OTHER;
  }
  const src = text.slice(item.start, item.end);
  budget.parse(src.length);
  const doc = yaml().parseDocument(src, PARSE_OPTIONS);
  budget.sectionErrors ||= doc.errors.length > 0;
  const seq = libraryView(doc.contents, src, item.start);
  return seq.type === 'seq' && seq.items.length > 0 ? seq.items[0] : OTHER;
}
