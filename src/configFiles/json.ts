// JSON helpers shared by the JSON formats (Terraform state, Atlas CLI output, settings), on
// jsonc-parser's syntax tree so that every value keeps its offset in the text.

import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { ref, type Collector, type FoundReference } from './references';

export type { JsonNode };

export function parseJson(text: string): JsonNode | undefined {
  return parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
}

export function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object' || !node.children) {
    return undefined;
  }
  for (const p of node.children) {
    const k = p.children?.[0];
    if (k && k.value === key) {
      return p.children?.[1];
    }
  }
  return undefined;
}

export function jsonString(node: JsonNode | undefined): string | undefined {
  return node && node.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** The raw token of a JSON value (without quotes) and its range; undefined for null, objects, arrays and ''. */
function jsonToken(text: string, node: JsonNode | undefined): { id: string; start: number; end: number } | undefined {
  if (!node) {
    return undefined;
  }
  let start = node.offset;
  let end = node.offset + node.length;
  if (node.type === 'string') {
    start += 1;
    end = text.charCodeAt(end - 1) === 34 && end - 1 >= start ? end - 1 : end;
  } else if (node.type !== 'number' && node.type !== 'boolean') {
    return undefined;
  }
  const id = text.slice(start, end);
  return id.trim() === '' ? undefined : { id, start, end };
}

export function pushJson(
  text: string,
  node: JsonNode | undefined,
  fields: Omit<FoundReference, 'id' | 'range'>,
  out: Collector,
): void {
  const t = jsonToken(text, node);
  if (t) {
    out.refs.push(ref({ ...fields, id: t.id, range: { start: t.start, end: t.end } }));
  }
}
