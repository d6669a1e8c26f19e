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
          const index = new ShiftedReferences(
            runToEnd(scanSteps(text, format)),
            format === 'tfstate' || format === 'atlasJson' || format === 'settings',
          );
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

  it('an edit after the block of a reference leaves it answerable; one before it or inside it makes it stale', () => {
    const { text, ...info } = load('terraform/main.tf');
    const index = new ShiftedReferences(runToEnd(scanSteps(text, detectFormat(info))));
    const first = index.references.find((r) => r.blockStart !== undefined);
    assert.ok(first);
    // Before any edit every reference answers, the last block's too (its block runs to the end of the text).
    for (const r of index.references) {
      assert.deepEqual(index.at(r.range.start), r);
    }
    const middle = (first.range.start + first.range.end) >> 1;
    index.apply({ offset: text.length, removed: 0, inserted: 10 });
    const kept = index.at(middle);
    assert.ok(kept && kept !== 'stale' && kept.id === first.id);
    // Text typed before the block may open a string or a comment that runs through it.
    index.apply({ offset: 0, removed: 0, inserted: 1 });
    assert.equal(index.at(middle + 1), 'stale');
  });

  it('any edit of a JSON document makes every answer wait for the rescan', () => {
    const { text, ...info } = load('terraform/terraform.tfstate');
    const index = new ShiftedReferences(runToEnd(scanSteps(text, detectFormat(info))), true);
    const first = index.references[0];
    assert.ok(first);
    assert.notEqual(index.at(first.range.start), 'stale');
    index.apply({ offset: text.length - 1, removed: 0, inserted: 1 });
    assert.equal(index.at(first.range.start), 'stale');
  });
});
