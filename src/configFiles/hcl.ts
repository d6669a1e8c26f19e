// A small HCL (Terraform) block scanner with source offsets. Pure: no `vscode` import.
//
// Why hand-written: the npm HCL packages either compile HashiCorp's Go parser to WASM/native code
// (@cdktf/hcl2json, hcl2-parser: large, async start-up, and they return plain JSON without source
// ranges) or are unmaintained partial grammars. A hover only needs the block structure (type,
// labels, top-level attributes) and exact offsets of string literals, which a tolerant scanner can
// give in one linear pass. The scanner never throws: unterminated strings, heredocs and comments end
// at the end of the text, and stray closing braces are skipped.

export type { HclSpan, HclString, HclAttribute, HclBlock, HclComment, HclFile } from './hclTypes';
import type { HclString, HclAttribute, HclBlock, HclComment, HclFile } from './hclTypes';

const enum TokKind {
  Ident,
  String,
  Heredoc,
  Other,
  Newline,
  OpenBrace,
  CloseBrace,
  Equals,
  OpenGroup,
  CloseGroup,
}

interface Token {
  kind: TokKind;
  start: number;
  end: number;
  str?: HclString;
}

const CH_NL = 10;
const CH_CR = 13;
const CH_QUOTE = 34;
const CH_HASH = 35;
const CH_DOLLAR = 36;
const CH_PERCENT = 37;
const CH_LPAREN = 40;
const CH_RPAREN = 41;
const CH_STAR = 42;
const CH_SLASH = 47;
const CH_LT = 60;
const CH_EQ = 61;
const CH_GT = 62;
const CH_LBRACKET = 91;
const CH_BACKSLASH = 92;
const CH_RBRACKET = 93;
const CH_LBRACE = 123;
const CH_RBRACE = 125;
const CH_DASH = 45;
const CH_EXCL = 33;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === CH_DASH;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xfeff;
}

class Lexer {
  tokens: Token[] = [];
  readonly comments: HclComment[] = [];
  private pos = 0;

  constructor(private readonly text: string) {}

  /** Brace and bracket depth after the last token (a newline at depth 0 ends a top-level item). */
  private depth = 0;

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /**
   * Lexes on until at least `minTokens` tokens are buffered and the last one is a newline at depth
   * 0 (so the buffer holds whole top-level items), or to the end of the text.
   */
  run(minTokens = Number.POSITIVE_INFINITY): void {
    const text = this.text;
    const n = text.length;
    while (this.pos < n) {
      if (this.tokens.length >= minTokens && this.depth === 0) {
        const last = this.tokens[this.tokens.length - 1];
        if (last.kind === TokKind.Newline) {
          return;
        }
      }
      const c = text.charCodeAt(this.pos);
      const start = this.pos;
      if (isSpace(c) || c === CH_CR) {
        this.pos++;
      } else if (c === CH_NL) {
        this.pos++;
        this.push(TokKind.Newline, start);
      } else if (c === CH_HASH || (c === CH_SLASH && text.charCodeAt(start + 1) === CH_SLASH)) {
        const bodyStart = start + (c === CH_HASH ? 1 : 2);
        let end = text.indexOf('\n', bodyStart);
        if (end < 0) {
          end = n;
        }
        this.comments.push({ start, end, bodyStart, body: text.slice(bodyStart, end) });
        this.pos = end;
      } else if (c === CH_SLASH && text.charCodeAt(start + 1) === CH_STAR) {
        let end = text.indexOf('*/', start + 2);
        const bodyEnd = end < 0 ? n : end;
        end = end < 0 ? n : end + 2;
        const body = text.slice(start + 2, bodyEnd);
        this.comments.push({ start, end, bodyStart: start + 2, body });
        // A block comment spanning lines still separates attributes, as a newline would. The search
        // stays inside the comment: one that ran on to the next newline of the text made a file of
        // many comments on one line quadratic.
        const hadNewline = body.includes('\n');
        this.pos = end;
        if (hadNewline) {
          this.push(TokKind.Newline, start);
        }
      } else if (c === CH_QUOTE) {
        this.pos = this.scanString(start);
      } else if (c === CH_LT && text.charCodeAt(start + 1) === CH_LT && this.tryHeredoc(start)) {
        // tryHeredoc advanced pos
      } else if (isIdentStart(c)) {
        let p = start + 1;
        while (p < n && isIdentPart(text.charCodeAt(p))) {
          p++;
        }
        this.pos = p;
        this.push(TokKind.Ident, start);
      } else if (c === CH_LBRACE) {
        this.pos++;
        this.push(TokKind.OpenBrace, start);
      } else if (c === CH_RBRACE) {
        this.pos++;
        this.push(TokKind.CloseBrace, start);
      } else if (c === CH_LPAREN || c === CH_LBRACKET) {
        this.pos++;
        this.push(TokKind.OpenGroup, start);
      } else if (c === CH_RPAREN || c === CH_RBRACKET) {
        this.pos++;
        this.push(TokKind.CloseGroup, start);
      } else if (c === CH_EQ) {
        const next = text.charCodeAt(start + 1);
        // `==` and `=>` are operators inside expressions, not assignments.
        if (next === CH_EQ || next === CH_GT) {
          this.pos += 2;
          this.push(TokKind.Other, start);
        } else {
          const prev = text.charCodeAt(start - 1);
          this.pos++;
          this.push(prev === CH_EXCL || prev === CH_LT || prev === CH_GT ? TokKind.Other : TokKind.Equals, start);
        }
      } else {
        this.pos++;
        this.push(TokKind.Other, start);
      }
    }
  }

  private push(kind: TokKind, start: number, str?: HclString): void {
    if (kind === TokKind.OpenBrace || kind === TokKind.OpenGroup) {
      this.depth++;
    } else if ((kind === TokKind.CloseBrace || kind === TokKind.CloseGroup) && this.depth > 0) {
      this.depth--;
    }
    this.tokens.push({ kind, start, end: this.pos, str });
  }

  /** Scans a quoted template string starting at the opening quote; returns the offset after it. */
  private scanString(open: number): number {
    const text = this.text;
    const n = text.length;
    let p = open + 1;
    let template = false;
    let closed = false;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === CH_BACKSLASH) {
        p += 2;
      } else if (c === CH_QUOTE) {
        closed = true;
        break;
      } else if (c === CH_NL) {
        break;
      } else if ((c === CH_DOLLAR || c === CH_PERCENT) && text.charCodeAt(p + 1) === CH_LBRACE) {
        if (text.charCodeAt(p - 1) === c && p - 1 > open && text.charCodeAt(p - 2) !== c) {
          // `$${` and `%%{` are escapes for a literal `${` / `%{`.
          p += 2;
          continue;
        }
        template = true;
        p = this.skipInterpolation(p + 2);
      } else {
        p++;
      }
    }
    const contentEnd = Math.min(p, n);
    const str: HclString = { start: open + 1, end: contentEnd, raw: text.slice(open + 1, contentEnd), template };
    const end = closed ? p + 1 : contentEnd;
    this.tokens.push({ kind: TokKind.String, start: open, end, str });
    return end;
  }

  /** Skips an interpolation body (may contain nested strings and braces); returns offset after `}`. */
  private skipInterpolation(p: number): number {
    const text = this.text;
    const n = text.length;
    let depth = 1;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === CH_QUOTE) {
        p = this.skipNestedString(p);
        continue;
      }
      if (c === CH_LBRACE) {
        depth++;
      } else if (c === CH_RBRACE) {
        depth--;
        if (depth === 0) {
          return p + 1;
        }
      }
      p++;
    }
    return n;
  }

  private skipNestedString(open: number): number {
    const text = this.text;
    const n = text.length;
    let p = open + 1;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === CH_BACKSLASH) {
        p += 2;
      } else if (c === CH_QUOTE) {
        return p + 1;
      } else if (c === CH_NL) {
        return p;
      } else if ((c === CH_DOLLAR || c === CH_PERCENT) && text.charCodeAt(p + 1) === CH_LBRACE) {
        p = this.skipInterpolation(p + 2);
      } else {
        p++;
      }
    }
    return n;
  }

  /** `<<EOF` / `<<-EOF` … `EOF`. Returns false when `<<` is not followed by an identifier. */
  private tryHeredoc(start: number): boolean {
    const text = this.text;
    let p = start + 2;
    if (text.charCodeAt(p) === CH_DASH) {
      p++;
    }
    const idStart = p;
    while (p < text.length && isIdentPart(text.charCodeAt(p))) {
      p++;
    }
    if (p === idStart || !isIdentStart(text.charCodeAt(idStart))) {
      return false;
    }
    const marker = text.slice(idStart, p);
    let lineStart = text.indexOf('\n', p);
    let end = text.length;
    while (lineStart >= 0) {
      lineStart++;
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = text.length;
      }
      if (text.slice(lineStart, lineEnd).trim() === marker) {
        end = lineEnd;
        break;
      }
      lineStart = lineEnd < text.length ? lineEnd : -1;
    }
    this.pos = end;
    this.push(TokKind.Heredoc, start);
    return true;
  }
}

class Parser {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  parseBody(inBlock: boolean): { attributes: HclAttribute[]; blocks: HclBlock[]; end: number } {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    const toks = this.tokens;
    while (this.i < toks.length) {
      const t = toks[this.i];
      if (t.kind === TokKind.Newline) {
        this.i++;
        continue;
      }
      if (t.kind === TokKind.CloseBrace) {
        this.i++;
        if (inBlock) {
          return { attributes, blocks, end: t.end };
        }
        continue;
      }
      if (t.kind === TokKind.Ident) {
        const next = toks[this.i + 1];
        if (next && next.kind === TokKind.Equals) {
          this.i += 2;
          attributes.push(this.parseAttributeValue(t));
          continue;
        }
        const block = this.tryBlock(t);
        if (block) {
          blocks.push(block);
          continue;
        }
      }
      // Anything else at body level is not valid HCL: skip to the end of the line.
      this.skipLine();
    }
    return { attributes, blocks, end: this.text.length };
  }

  private tryBlock(typeTok: Token): HclBlock | undefined {
    const toks = this.tokens;
    let j = this.i + 1;
    const labels: HclString[] = [];
    while (j < toks.length && (toks[j].kind === TokKind.String || toks[j].kind === TokKind.Ident)) {
      const lt = toks[j];
      labels.push(lt.str ?? { start: lt.start, end: lt.end, raw: this.text.slice(lt.start, lt.end), template: false });
      j++;
    }
    if (j >= toks.length || toks[j].kind !== TokKind.OpenBrace) {
      return undefined;
    }
    this.i = j + 1;
    const body = this.parseBody(true);
    return {
      type: this.text.slice(typeTok.start, typeTok.end),
      labels,
      start: typeTok.start,
      end: body.end,
      attributes: body.attributes,
      blocks: body.blocks,
    };
  }

  private parseAttributeValue(nameTok: Token): HclAttribute {
    const toks = this.tokens;
    const first = this.i;
    let depth = 0;
    while (this.i < toks.length) {
      const t = toks[this.i];
      if (depth === 0 && (t.kind === TokKind.Newline || t.kind === TokKind.CloseBrace)) {
        break;
      }
      if (t.kind === TokKind.OpenBrace || t.kind === TokKind.OpenGroup) {
        depth++;
      } else if ((t.kind === TokKind.CloseBrace || t.kind === TokKind.CloseGroup) && depth > 0) {
        depth--;
      }
      this.i++;
    }
    const last = this.i - 1;
    const name = this.text.slice(nameTok.start, nameTok.end);
    if (last < first) {
      const at = toks[first - 1].end;
      return { name, nameStart: nameTok.start, value: { start: at, end: at }, expression: '' };
    }
    const value = { start: toks[first].start, end: toks[last].end };
    if (first === last && toks[first].kind === TokKind.String && toks[first].str) {
      return { name, nameStart: nameTok.start, value, literal: toks[first].str };
    }
    return { name, nameStart: nameTok.start, value, expression: this.text.slice(value.start, value.end) };
  }

  private skipLine(): void {
    const toks = this.tokens;
    let depth = 0;
    while (this.i < toks.length) {
      const t = toks[this.i];
      if (depth === 0 && (t.kind === TokKind.Newline || t.kind === TokKind.CloseBrace)) {
        if (t.kind === TokKind.Newline) {
          this.i++;
        }
        return;
      }
      if (t.kind === TokKind.OpenBrace || t.kind === TokKind.OpenGroup) {
        depth++;
      } else if ((t.kind === TokKind.CloseBrace || t.kind === TokKind.CloseGroup) && depth > 0) {
        depth--;
      }
      this.i++;
    }
  }
}

/** Tokens lexed and parsed per step of scanHclSteps (a few hundred microseconds of work). */
const TOKENS_PER_STEP = 8192;

/**
 * Scans HCL text in steps of whole top-level items: each yielded value holds the blocks, top-level
 * attributes and comments of the next stretch of the text, and its tokens are dropped after it, so
 * memory stays that of one step. Never throws.
 */
export function* scanHclSteps(text: string): Generator<HclFile, void> {
  const lexer = new Lexer(text);
  do {
    lexer.run(TOKENS_PER_STEP);
    const body = new Parser(text, lexer.tokens).parseBody(false);
    yield { attributes: body.attributes, blocks: body.blocks, comments: lexer.comments.splice(0) };
    lexer.tokens.length = 0;
  } while (!lexer.done);
}

/** Scans HCL text into blocks, top-level attributes and comments. Never throws. */
export function scanHcl(text: string): HclFile {
  const file: HclFile = { attributes: [], blocks: [], comments: [] };
  for (const step of scanHclSteps(text)) {
    file.attributes.push(...step.attributes);
    file.blocks.push(...step.blocks);
    file.comments.push(...step.comments);
  }
  return file;
}
