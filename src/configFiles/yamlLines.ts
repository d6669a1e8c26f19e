// The line-level reading under the YAML block reader (yamlBlocks.ts): one line's indentation and
// first character, simple keys, one-line scalars, and the work budget of a step. Pure: no
// `vscode` import. Why by hand, and the rules followed: see yamlBlocks.ts.

import type { ScalarView } from './yamlLibrary';

/**
 * The longest section the library parses in one step: it costs 1–2 µs a character (more under
 * load), so one parse stays within some 10 to 20 ms; an operator manifest is rarely over 2 KB.
 */
export const SECTION_LIMIT = 8192;

// Work is counted in units of about one line read here (0.2 to 0.7 µs, measured under load):
// a document's own records about sixty, a character parsed by the library three. A step ends
// once WORK_PER_STEP units are spent (a few ms), plus at most one parse of SECTION_LIMIT.
export const WORK_PER_STEP = 4000;
const PARSE_WORK_PER_CHAR = 3;
const PARSE_WORK = 50;
export const DOCUMENT_WORK = 60;

/** Per-step counts, for tests: the work of a step is bounded whatever the text. */
export interface StepStats {
  steps: number;
  maxLines: number;
  maxParsedChars: number;
  /** Documents read, and those of them the library parsed whole (the reader could not place a line). */
  documents?: number;
  parsedWhole?: number;
}

export class Budget {
  /** Set when the library reported errors in a section it parsed (the caller resets it). */
  sectionErrors = false;
  private work = 0;
  private lines = 0;
  private parsed = 0;
  constructor(private readonly stats?: StepStats) {}
  get due(): boolean {
    return this.work >= WORK_PER_STEP;
  }
  line(length: number): void {
    this.lines++;
    this.work += 1 + (length >> 7);
  }
  parse(chars: number): void {
    this.parsed += chars;
    this.work += PARSE_WORK + chars * PARSE_WORK_PER_CHAR;
  }
  count(parsedWhole: boolean): void {
    if (this.stats) {
      this.stats.documents = (this.stats.documents ?? 0) + 1;
      this.stats.parsedWhole = (this.stats.parsedWhole ?? 0) + (parsedWhole ? 1 : 0);
    }
  }
  add(work: number): void {
    this.work += work;
  }
  /** Call before each yield (and once at the end). */
  step(): void {
    if (this.stats) {
      this.stats.steps++;
      this.stats.maxLines = Math.max(this.stats.maxLines, this.lines);
      this.stats.maxParsedChars = Math.max(this.stats.maxParsedChars, this.parsed);
    }
    this.work = this.lines = this.parsed = 0;
  }
}

export const SPACE = 32;
export const TAB = 9;
export const CR = 13;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
export const PIPE = 124;
export const GT = 62;
// Characters that cannot start a simple key: ? : , [ ] { } & * ! | > % @ ` (and quotes, read apart).
const NO_KEY_START = new Set([63, 58, 44, 91, 93, 123, 125, 38, 42, 33, 124, 62, 37, 64, 96]);

function isBreakOrBlank(text: string, i: number, lineEnd: number): boolean {
  const c = text.charCodeAt(i);
  return i >= lineEnd || c === SPACE || c === TAB || (c === CR && i + 1 === lineEnd);
}

/** Only blanks, maybe a comment, from i to the end of the line. */
export function restIsBlank(text: string, i: number, lineEnd: number): boolean {
  while (i < lineEnd && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) {
    i++;
  }
  const c = text.charCodeAt(i);
  return i >= lineEnd || c === HASH || (c === CR && i + 1 === lineEnd);
}

// Where matchKey found the key (without quotes): module state, so no object per line.
let keyStart = 0;
let keyEnd = 0;

/**
 * The colon's offset if the line at `i` is a simple-key line (`name:`, `"name":`, `'name':`,
 * followed by a blank or the end of the line), the key then in [keyStart, keyEnd); else -1: the
 * line may be anything else.
 */
export function matchKey(text: string, i: number, lineEnd: number): number {
  const c = text.charCodeAt(i);
  let j: number;
  if (c === DQUOTE || c === SQUOTE) {
    j = i + 1;
    while (j < lineEnd && text.charCodeAt(j) !== c) {
      if (c === DQUOTE && text.charCodeAt(j) === BACKSLASH) {
        return -1;
      }
      j++;
    }
    if (j >= lineEnd || (c === SQUOTE && text.charCodeAt(j + 1) === SQUOTE)) {
      return -1;
    }
    keyStart = i + 1;
    keyEnd = j;
    j++;
    while (j < lineEnd && (text.charCodeAt(j) === SPACE || text.charCodeAt(j) === TAB)) {
      j++;
    }
    return text.charCodeAt(j) === COLON && isBreakOrBlank(text, j + 1, lineEnd) ? j : -1;
  }
  if (NO_KEY_START.has(c) || (c === DASH && isBreakOrBlank(text, i + 1, lineEnd))) {
    return -1;
  }
  for (j = i; j < lineEnd; j++) {
    const d = text.charCodeAt(j);
    if (d === COLON && isBreakOrBlank(text, j + 1, lineEnd)) {
      let end = j;
      while (end > i && (text.charCodeAt(end - 1) === SPACE || text.charCodeAt(end - 1) === TAB)) {
        end--;
      }
      keyStart = i;
      keyEnd = end;
      return j;
    }
    if (d === HASH && (text.charCodeAt(j - 1) === SPACE || text.charCodeAt(j - 1) === TAB)) {
      return -1;
    }
  }
  return -1;
}

/** The needed key in [keyStart, keyEnd), or undefined (compared in place: no string per key line). */
export function neededKey(text: string, need: { readonly [key: string]: unknown }): string | undefined {
  for (const name in need) {
    if (keyEnd - keyStart === name.length && text.startsWith(name, keyStart)) {
      return name;
    }
  }
  return undefined;
}

/** One line as a scan reads it; each scan reuses one, line after line. */
export class Line {
  start = 0;
  end = 0;
  next = 0;
  /** Column of the first character that is not a space (or the given column). */
  column = 0;
  content = 0;
  first = 0;
  /** Blank, or only a comment. */
  blank = false;
  /** A `- ` sequence entry indicator at `content`. */
  dash = false;

  read(text: string, pos: number, to: number, budget: Budget, column?: number): void {
    const found = text.indexOf('\n', pos);
    const end = found < 0 || found > to ? to : found;
    budget.line(end - pos);
    let i = pos;
    if (column !== undefined) {
      i += column;
    } else {
      while (i < end && text.charCodeAt(i) === SPACE) {
        i++;
      }
    }
    const c = text.charCodeAt(i);
    this.start = pos;
    this.end = end;
    this.next = end < to ? end + 1 : to;
    this.column = i - pos;
    this.content = i;
    this.first = c;
    this.blank = i >= end || c === HASH || (c === CR && i + 1 === end) || (c === TAB && restIsBlank(text, i, end));
    this.dash = c === DASH && isBreakOrBlank(text, i + 1, end);
  }
}

// Plain scalars that the core schema reads as null, a boolean or a number
// (https://yaml.org/spec/1.2.2/#1032-tag-resolution): the library reads those.
const NOT_A_STRING =
  /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)$/;

function isPlainChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 95 ||
    c === 46 ||
    c === 47 ||
    c === DASH
  );
}

/**
 * A one-line value the library would read as a string with no escapes, read here: a plain word of
 * [A-Za-z0-9_./-] starting with a letter, digit or `_`, or a quoted ASCII string without escapes,
 * then only blanks or a comment. Anything else goes to the library.
 */
export function fastScalar(text: string, start: number, lineEnd: number): ScalarView | undefined {
  const end = text.charCodeAt(lineEnd - 1) === CR ? lineEnd - 1 : lineEnd;
  const q = text.charCodeAt(start);
  let tokenEnd: number;
  let id: string;
  let idStart: number;
  if (q === DQUOTE || q === SQUOTE) {
    let j = start + 1;
    for (; j < end; j++) {
      const d = text.charCodeAt(j);
      if (d === q) {
        break;
      }
      if (d < 32 || d > 126 || (d === BACKSLASH && q === DQUOTE)) {
        return undefined;
      }
    }
    if (j >= end || (q === SQUOTE && text.charCodeAt(j + 1) === SQUOTE)) {
      return undefined;
    }
    idStart = start + 1;
    id = text.slice(idStart, j);
    tokenEnd = j + 1;
  } else {
    const first = text.charCodeAt(start);
    if (!isPlainChar(first) || first === 46 || first === 47 || first === DASH) {
      return undefined;
    }
    let j = start + 1;
    while (j < end && isPlainChar(text.charCodeAt(j))) {
      j++;
    }
    idStart = start;
    id = text.slice(start, j);
    tokenEnd = j;
    if (NOT_A_STRING.test(id)) {
      return undefined;
    }
  }
  let k = tokenEnd;
  while (k < end && (text.charCodeAt(k) === SPACE || text.charCodeAt(k) === TAB)) {
    k++;
  }
  if (k < end && !(text.charCodeAt(k) === HASH && k > tokenEnd)) {
    return undefined;
  }
  const token = id.trim() === '' ? undefined : { id, start: idStart, end: idStart + id.length };
  return { type: 'scalar', value: id, token };
}
