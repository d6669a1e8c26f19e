// The syntax the HCL scanner (hcl.ts) gives: blocks, attributes, strings and comments with their
// offsets in the text. Pure: no `vscode` import.

export interface HclSpan {
  start: number;
  end: number;
}

/** A quoted string literal: `start`/`end` are the offsets of its content, without the quotes. */
export interface HclString extends HclSpan {
  /** The raw content between the quotes (escape sequences are not decoded). */
  raw: string;
  /** True when it contains `${…}` or `%{…}`: then it is a template, not a literal value. */
  template: boolean;
}

export interface HclAttribute {
  name: string;
  nameStart: number;
  /** Span of the whole value expression (trimmed). */
  value: HclSpan;
  /** Set when the value is exactly one quoted string. */
  literal?: HclString;
  /** The value's source text when it is not a single string (e.g. `var.project_id`). */
  expression?: string;
}

export interface HclBlock {
  type: string;
  labels: HclString[];
  /** Offset of the block type keyword. */
  start: number;
  /** Offset just past the closing brace (or the end of the text when unterminated). */
  end: number;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

export interface HclComment extends HclSpan {
  /** The comment text without its `#`, `//`, `/*` or `*\/` markers. */
  body: string;
  bodyStart: number;
}

export interface HclFile {
  /** Top-level attributes (in .tfvars files). */
  attributes: HclAttribute[];
  blocks: HclBlock[];
  comments: HclComment[];
}
