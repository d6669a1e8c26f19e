import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findAllReferences, findConfigProblems, findReference, type DocumentInfo } from '../../../src/configFiles';
import { isAtlasId } from '../../../src/atlas/validate';
import { load } from './helpers';

const FILES: DocumentInfo[] = [
  { fileName: '/w/main.tf' },
  { fileName: '/w/prod.tfvars' },
  { fileName: '/w/terraform.tfstate' },
  { fileName: '/w/k8s/peering.yaml' },
  { fileName: '/w/out/peers.json' },
  { fileName: '/w/.vscode/settings.json', languageId: 'jsonc' },
  { fileName: '/w/RUNBOOK.md', languageId: 'markdown' },
  { fileName: 'Untitled-1', languageId: 'terraform' },
];

const FIXTURE_DOCS = [
  load('terraform/main.tf'),
  load('terraform/terraform.tfvars'),
  load('terraform/terraform.tfstate'),
  load('kubernetes/atlas-networking.yaml'),
  load('atlas-cli/get-group-peer.json'),
  load('atlas-cli/containers-list.json'),
  load('workspace/.vscode/settings.json'),
];

/** Pieces that push every scanner into its odd corners. */
const TOKENS = fc.constantFrom(
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '(',
  ')',
  '\n',
  '\r\n',
  '#',
  '//',
  '/*',
  '*/',
  '<<EOF\n',
  '\nEOF\n',
  '${',
  '%{',
  '$${',
  '\\',
  ':',
  '- ',
  '---\n',
  '= ',
  'resource "mongodbatlas_network_peering" "x" {',
  'peer_id = "',
  'project_id',
  'kind: AtlasNetworkPeering\n',
  'spec:\n  id: ',
  '"containerId": "',
  '"atlasPeering.projects": [',
  '5cbf563d87d9d67253be590a',
  '1112222b3bf99403840e8934-5cbf563d87d9d67253be590a-AWS',
  'terraform import mongodbatlas_network_peering.x ',
  '/groups/1112222b3bf99403840e8934/peers/',
  '\u0000',
  '\ufeff',
  '😀',
  '\u202e',
);

const TEXT = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.oneof(TOKENS, fc.string({ maxLength: 8 })), { maxLength: 80 }).map((parts) => parts.join('')),
);

function checkAt(text: string, file: DocumentInfo, offset: number): void {
  const r = findReference(text, file, offset);
  if (r) {
    assert.ok(r.range.start <= offset && offset <= r.range.end, `range ${JSON.stringify(r.range)} contains ${offset}`);
    assert.equal(text.slice(r.range.start, r.range.end), r.id);
    assert.ok(r.id.length > 0);
    if (r.source === 'bare') {
      assert.ok(isAtlasId(r.id), `bare ids are well-formed: ${JSON.stringify(r.id)}`);
    }
    if (r.projectId !== undefined) {
      assert.ok(isAtlasId(r.projectId), `projectId is well-formed: ${JSON.stringify(r.projectId)}`);
    }
  } else if (offset < 0 || offset > text.length) {
    assert.equal(r, undefined);
  }
}

describe('findReference properties (fast-check)', () => {
  it('never throws on arbitrary text and offsets, for every file type; found ranges contain the offset and slice to the id', () => {
    fc.assert(
      fc.property(TEXT, fc.constantFrom(...FILES), fc.integer({ min: -5, max: 500 }), (text, file, offset) => {
        checkAt(text, file, offset);
        checkAt(text, file, text.length);
        const all = findAllReferences(text, file);
        for (let i = 0; i < all.length; i++) {
          assert.equal(text.slice(all[i].range.start, all[i].range.end), all[i].id);
          if (i > 0) {
            assert.ok(all[i].range.start >= all[i - 1].range.end);
          }
        }
        findConfigProblems(text, file);
      }),
      { numRuns: 400 },
    );
  });

  it('on fixtures damaged by random insertions and deletions, still never throws and keeps the range invariant', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FIXTURE_DOCS),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.oneof(TOKENS, fc.string({ maxLength: 6 }))), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(),
        (doc, edits, at) => {
          let text = doc.text;
          for (const [pos, del, insert] of edits) {
            const p = pos % (text.length + 1);
            text = text.slice(0, p) + insert + text.slice(p + del);
          }
          checkAt(text, doc, at % (text.length + 1));
          for (const r of findAllReferences(text, doc)) {
            checkAt(text, doc, r.range.start);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('every offset of every fixture satisfies the range invariant', () => {
    for (const doc of FIXTURE_DOCS) {
      for (let offset = -1; offset <= doc.text.length + 1; offset++) {
        checkAt(doc.text, doc, offset);
      }
    }
  });

  it('survives hostile nesting depth and size', () => {
    const deep = '['.repeat(20_000) + ']'.repeat(20_000);
    const deepYaml = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}- a:`).join('\n');
    const cases: [string, DocumentInfo][] = [
      [deep, { fileName: 'x.json' }],
      [deep, { fileName: 'terraform.tfstate' }],
      ['{'.repeat(20_000), { fileName: 'x.tf' }],
      ['"${'.repeat(5000), { fileName: 'x.tf' }],
      [deepYaml, { fileName: 'x.yaml' }],
    ];
    for (const [text, file] of cases) {
      assert.doesNotThrow(() => findReference(text, file, 7));
      assert.doesNotThrow(() => findAllReferences(text, file));
    }
  });
});
