// The stepped JSON tree builder against jsonc-parser's parseTree: the same tree for every valid
// JSON text (and for the JSON fixtures), and no throw on anything else.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { buildJsonTree, runToEnd, TOKENS_PER_STEP } from '../../../src/configFiles/jsonTree';

interface Plain {
  type: string;
  offset: number;
  length: number;
  value?: unknown;
  children?: Plain[];
}

function plain(node: JsonNode | undefined): Plain | undefined {
  if (!node) {
    return undefined;
  }
  const p: Plain = { type: node.type, offset: node.offset, length: node.length };
  if (node.value !== undefined) {
    p.value = node.value;
  }
  if (node.children) {
    p.children = node.children.map((c) => plain(c) as Plain);
  }
  return p;
}

const reference = (text: string): Plain | undefined =>
  plain(parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true }));

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/configs');

describe('stepped JSON tree (configFiles/jsonTree)', () => {
  it('builds the same tree as parseTree for any valid JSON, compact or indented', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 5 }), fc.boolean(), (json, indent) => {
        const text = indent ? JSON.stringify(JSON.parse(json), null, 2) : json;
        assert.deepEqual(plain(runToEnd(buildJsonTree(text))), reference(text));
      }),
      { numRuns: 300 },
    );
  });

  it('builds the same tree as parseTree for the JSON and state fixtures, with comments too', () => {
    const files = ['terraform/terraform.tfstate', 'atlas-cli/peering-list.json', 'atlas-cli/containers-list.json'];
    for (const f of files) {
      const text = fs.readFileSync(path.join(FIXTURES, f), 'utf8');
      assert.deepEqual(plain(runToEnd(buildJsonTree(text))), reference(text), f);
      const commented = `// a comment\n${text.replace('{', '{ /* block */')}`;
      assert.deepEqual(plain(runToEnd(buildJsonTree(commented))), reference(commented), `${f} with comments`);
    }
  });

  it('a slice gets offsets into the whole text', () => {
    const text = 'xxxx{"a": [1, "b"]}yyyy';
    const node = runToEnd(buildJsonTree(text, 4, text.length - 4));
    assert.deepEqual(plain(node), plain(parseTree('    {"a": [1, "b"]}')));
  });

  it('yields between steps on a large text', () => {
    const text = JSON.stringify(Array.from({ length: TOKENS_PER_STEP * 3 }, (_, i) => i));
    const steps = buildJsonTree(text);
    let yields = 0;
    for (let r = steps.next(); !r.done; r = steps.next()) {
      yields++;
    }
    assert.ok(yields >= 5, `${yields} yields`);
  });

  it('never throws on broken text, and every node lies inside the text', () => {
    const pieces = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"a"',
      '"',
      '1',
      'null',
      'true',
      ' ',
      '\n',
      '//',
      '/*',
      '*/',
      'x',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const check = (n: JsonNode | undefined): void => {
          if (!n) {
            return;
          }
          assert.ok(n.offset >= 0 && n.length >= 0 && n.offset + n.length <= text.length, JSON.stringify(plain(n)));
          n.children?.forEach(check);
        };
        check(runToEnd(buildJsonTree(text)));
      }),
      { numRuns: 500 },
    );
  });
});
