import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findReference, type DocumentInfo, type FoundReference } from '../../../src/configFiles';

// JSON/YAML/HCL fixtures are not compiled into out/, so read them from the source tree.
export const FIXTURES = [
  path.resolve(__dirname, '../../../../test/fixtures/configs'),
  path.resolve(__dirname, '../../fixtures/configs'),
].find((p) => fs.existsSync(p)) as string;

export interface Doc extends DocumentInfo {
  text: string;
}

export function load(rel: string, languageId?: string): Doc {
  const fileName = path.join(FIXTURES, rel);
  return { text: fs.readFileSync(fileName, 'utf8'), fileName, languageId };
}

/** One fixture of each format with structure (Terraform, state, operator YAML, Atlas CLI JSON), as text and document info. */
export function oneFixturePerFormat(): { text: string; info: DocumentInfo }[] {
  return [
    'terraform/main.tf',
    'terraform/terraform.tfstate',
    'kubernetes/atlas-networking.yaml',
    'atlas-cli/peering-list.json',
  ].map((rel) => {
    const { text, ...info } = load(rel);
    return { text, info };
  });
}

/** Offset of `id` inside the single occurrence of `around` in `text`. */
export function locate(text: string, around: string, id: string): number {
  const i = text.indexOf(around);
  assert.ok(i >= 0, `fixture lacks ${JSON.stringify(around)}`);
  assert.equal(text.indexOf(around, i + 1), -1, `${JSON.stringify(around)} is not unique in the fixture`);
  const j = around.indexOf(id);
  assert.ok(j >= 0, `${JSON.stringify(id)} not in ${JSON.stringify(around)}`);
  return i + j;
}

/** Asserts that the start, middle and end of `id` (inside `around`) all resolve to it with `expected` fields. */
export function expectRef(doc: Doc, around: string, id: string, expected: Partial<FoundReference>): FoundReference {
  const start = locate(doc.text, around, id);
  let last: FoundReference | undefined;
  for (const offset of [start, start + Math.floor(id.length / 2), start + id.length]) {
    const r = findReference(doc.text, doc, offset);
    assert.ok(r, `no reference at offset ${offset} (${JSON.stringify(id)} in ${JSON.stringify(around)})`);
    assert.equal(r.id, id);
    assert.deepEqual(r.range, { start, end: start + id.length });
    assert.equal(doc.text.slice(r.range.start, r.range.end), r.id);
    for (const [key, value] of Object.entries(expected)) {
      assert.deepEqual(
        (r as unknown as Record<string, unknown>)[key],
        value,
        `${key} of ${JSON.stringify(id)} in ${JSON.stringify(around)}`,
      );
    }
    last = r;
  }
  return last as FoundReference;
}

/** Asserts that no offset inside `sub` (inside `around`) resolves to a reference. */
export function expectNone(doc: Doc, around: string, sub: string): void {
  const start = locate(doc.text, around, sub);
  for (let offset = start + 1; offset < start + sub.length; offset++) {
    const r = findReference(doc.text, doc, offset);
    assert.equal(r, undefined, `unexpected ${JSON.stringify(r)} at offset ${offset} in ${JSON.stringify(sub)}`);
  }
}
