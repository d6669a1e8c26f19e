// A JSON (with comments) syntax tree built from jsonc-parser's scanner, in steps: the generator
// yields every few thousand tokens so that a 30 MB Terraform state can be parsed between other
// work on the extension host's one thread. jsonc-parser's own parseTree() does the same job in one
// synchronous call (seconds on such a file), which is why this exists; it produces the same node
// shape (`Node` of jsonc-parser: offset, length, children, value), so the collectors read either.
// Tolerant: a missing value, a stray token or an unterminated container never throws; containers
// still open at the end of the text end at its last token. Pure: no `vscode` import.

import { createScanner, SyntaxKind, type Node as JsonNode } from 'jsonc-parser';

/** Tokens scanned between two yields. */
export const TOKENS_PER_STEP = 4096;

type Mutable = { -readonly [K in keyof JsonNode]: JsonNode[K] } & { children?: Mutable[]; parent?: Mutable };

/**
 * Builds the tree of `text` (or of `text.slice(start, end)`, with offsets into `text`), yielding
 * between steps. Returns the root value, or undefined for a text with no value.
 */
export function* buildJsonTree(text: string, start = 0, end = text.length): Generator<void, JsonNode | undefined> {
  const slice = start === 0 && end === text.length ? text : text.slice(start, end);
  const scanner = createScanner(slice, true);
  const root: Mutable = { type: 'array', offset: -1, length: -1, children: [] };
  let current: Mutable = root;
  let lastEnd = 0;
  let tokens = 0;

  const completeProperty = (endOffset: number): void => {
    if (current.type === 'property') {
      current.length = endOffset - current.offset;
      current = current.parent as Mutable;
    }
  };
  const add = (node: Mutable): Mutable => {
    node.parent = current;
    (current.children as Mutable[]).push(node);
    return node;
  };
  /** A value may go here: inside an array, as a property's value, or as the root. */
  const valueSlot = (): boolean =>
    current.type === 'array'
      ? current !== root || root.children?.length === 0
      : current.type === 'property' && (current.children?.length ?? 0) === 1 && current.colonOffset !== undefined;

  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (++tokens % TOKENS_PER_STEP === 0) {
      yield;
    }
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    switch (kind) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (valueSlot()) {
          current = add({
            type: kind === SyntaxKind.OpenBraceToken ? 'object' : 'array',
            offset: offset + start,
            length: -1,
            children: [],
          });
        }
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken: {
        const want = kind === SyntaxKind.CloseBraceToken ? 'object' : 'array';
        completeProperty(offset + length + start);
        if (current.type === want && current !== root) {
          current.length = offset + length + start - current.offset;
          current = current.parent as Mutable;
          completeProperty(offset + length + start);
        }
        break;
      }
      case SyntaxKind.ColonToken:
        if (current.type === 'property' && current.colonOffset === undefined) {
          current.colonOffset = offset + start;
        }
        break;
      case SyntaxKind.CommaToken:
        completeProperty(offset + start);
        break;
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NumericLiteral:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NullKeyword: {
        const value =
          kind === SyntaxKind.StringLiteral
            ? scanner.getTokenValue()
            : kind === SyntaxKind.NumericLiteral
              ? Number(scanner.getTokenValue())
              : kind === SyntaxKind.NullKeyword
                ? null
                : kind === SyntaxKind.TrueKeyword;
        const type =
          kind === SyntaxKind.StringLiteral
            ? 'string'
            : kind === SyntaxKind.NumericLiteral
              ? 'number'
              : kind === SyntaxKind.NullKeyword
                ? 'null'
                : 'boolean';
        if (current.type === 'object' && kind === SyntaxKind.StringLiteral) {
          // A key: the property node starts here.
          current = add({ type: 'property', offset: offset + start, length: -1, children: [] });
          add({ type: 'string', value, offset: offset + start, length });
        } else if (valueSlot()) {
          add({ type, value, offset: offset + start, length } as Mutable);
          completeProperty(offset + length + start);
        }
        break;
      }
      default:
        // Unknown characters: skipped, as parseTree's error recovery does.
        break;
    }
    lastEnd = offset + length + start;
  }
  // Close what the text left open at its last token.
  while (current !== root) {
    current.length = lastEnd - current.offset;
    current = current.parent as Mutable;
  }
  const result = root.children?.[0];
  if (result) {
    delete result.parent;
  }
  return result;
}

/** Runs a stepped computation to its end in one go (tests, small texts). */
export function runToEnd<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) {
      return r.value;
    }
  }
}
