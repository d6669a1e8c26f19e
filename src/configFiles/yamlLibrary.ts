// The `yaml` library behind the Kubernetes scanner, and the view of its nodes the scanner reads.
// Pure: no `vscode` import.
//
// The scanner reads a document through `View`s: the block reader (yamlBlocks.ts) builds them for
// the few sections it finds by indentation, and the library's nodes are wrapped in the same shape
// wherever a section is parsed, so the collector reads one model whichever way a section was read.

import type { Node as YamlNode } from 'yaml';

// The YAML parser is about 115 KB minified, a third of the bundle, and only Kubernetes manifests
// need it: it is loaded on the first YAML section instead of with the extension (esbuild.js emits
// it as dist/yaml.js and leaves this require in place).
type YamlLibrary = typeof import('yaml');
let yamlLibrary: YamlLibrary | undefined;
export function yaml(): YamlLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlLibrary ??= require('yaml') as YamlLibrary;
  return yamlLibrary;
}

/** A scalar's source token, without quotes, with offsets into the whole text. */
export interface Token {
  id: string;
  start: number;
  end: number;
}

export type View = MapView | SeqView | ScalarView | OtherView;
export interface MapView {
  type: 'map';
  /** The value of the first pair with this key (duplicate keys are allowed, the first counts). */
  get(key: string): View | undefined;
}
export interface SeqView {
  type: 'seq';
  items: readonly View[];
}
export interface ScalarView {
  type: 'scalar';
  /** `String(value)` of the scalar, undefined for null. */
  value: string | undefined;
  /** Undefined for block scalars, null, and blank ids. */
  token: Token | undefined;
}
/** Anything else: an alias, a null pair value, or what a reader could not read within its bounds. */
export interface OtherView {
  type: 'other';
}

export const OTHER: OtherView = { type: 'other' };

export function viewString(v: View | undefined): string | undefined {
  return v?.type === 'scalar' ? v.value : undefined;
}

export function viewGet(v: View | undefined, key: string): View | undefined {
  return v?.type === 'map' ? v.get(key) : undefined;
}

/** Library options: no duplicate-key check (it compares every key of a map with every other). */
export const PARSE_OPTIONS = { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false } as const;

/**
 * The view of a library node parsed from `src`, where offset 0 of `src` is offset `shift` of the
 * whole text (the characters of every token are the text's own).
 */
export function libraryView(node: unknown, src: string, shift: number): View {
  const y = yaml();
  if (y.isMap(node)) {
    return {
      type: 'map',
      get(key: string): View | undefined {
        for (const pair of node.items) {
          if (y.isScalar(pair.key) && pair.key.value === key) {
            return pair.value === null || pair.value === undefined
              ? undefined
              : libraryView(pair.value as YamlNode, src, shift);
          }
        }
        return undefined;
      },
    };
  }
  if (y.isSeq(node)) {
    return { type: 'seq', items: node.items.map((item) => libraryView(item, src, shift)) };
  }
  if (y.isScalar(node)) {
    const value = node.value !== null && node.value !== undefined ? String(node.value) : undefined;
    return { type: 'scalar', value, token: scalarToken(node, src, shift) };
  }
  return OTHER;
}

function scalarToken(node: import('yaml').Scalar, src: string, shift: number): Token | undefined {
  const y = yaml();
  if (!node.range || node.value === null) {
    return undefined;
  }
  if (node.type === y.Scalar.BLOCK_FOLDED || node.type === y.Scalar.BLOCK_LITERAL) {
    return undefined;
  }
  let [start, end] = node.range;
  if (node.type === y.Scalar.QUOTE_DOUBLE || node.type === y.Scalar.QUOTE_SINGLE) {
    start += 1;
    end = Math.max(start, end - 1);
  }
  const id = src.slice(start, end);
  return id.trim() === '' ? undefined : { id, start: start + shift, end: end + shift };
}
