// The shifted index against a fresh scan: after edits, every answer that is not "stale" must be
// what a scan of the edited text answers (property test over the fixtures and random edits).

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectFormat, findReference, scanSteps, type DocumentInfo } from '../../../src/configFiles';
import { runToEnd } from '../../../src/configFiles/jsonTree';
import { ShiftedReferences } from '../../../src/configEditor/pure/shiftedReferences';
import { load } from '../configFiles/helpers';

const DOCS: { text: string; info: DocumentInfo }[] = [
  'terraform/main.tf',
  'terraform/terraform.tfstate',
  'kubernetes/atlas-networking.yaml',
  'atlas-cli/peering-list.json',
].map((rel) => {
  const { text, ...info } = load(rel);
  return { text, info };
});

const EDIT_TEXT = fc.constantFrom('', ' ', '\n', 'x', '"', '}', '# note\n', '5cbf563d87d9d67253be590a', '---\n');

describe('shifted references (index kept across edits)', () => {
  it('every answer that is not stale equals a fresh scan of the edited text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DOCS),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(6), EDIT_TEXT), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 20 }),
        ({ text, info }, edits, probes) => {
          const format = detectFormat(info);
          const index = new ShiftedReferences(runToEnd(scanSteps(text, format)));
          let current = text;
          for (const [where, removed, inserted] of edits) {
            const offset = Math.floor(where * current.length);
            const cut = Math.min(removed, current.length - offset);
            current = current.slice(0, offset) + inserted + current.slice(offset + cut);
            index.apply({ offset, removed: cut, inserted: inserted.length });
          }
          let answered = 0;
          for (const p of probes) {
            const offset = Math.floor(p * current.length);
            const shifted = index.at(offset);
            if (shifted === 'stale') {
              continue;
            }
            answered++;
            assert.deepEqual(shifted, findReference(current, info, offset), `offset ${offset}`);
          }
          return answered >= 0;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an edit far from a reference leaves it answerable, shifted; one inside its block makes it stale', () => {
    const { text, ...info } = load('terraform/main.tf');
    const index = new ShiftedReferences(runToEnd(scanSteps(text, detectFormat(info))));
    const refs = index.references.filter((r) => r.blockStart !== undefined);
    const last = refs[refs.length - 1];
    const id = last.id;
    const middle = (last.range.start + last.range.end) >> 1;
    index.apply({ offset: 0, removed: 0, inserted: 10 });
    const moved = index.at(middle + 10);
    assert.ok(moved && moved !== 'stale' && moved.id === id);
    index.apply({ offset: (last.blockStart as number) + 10 + 1, removed: 0, inserted: 1 });
    assert.equal(index.at(middle + 11), 'stale');
  });
});
