// The shifted index against a fresh scan: after edits, every answer that is not "stale" must be
// what a scan of the edited text answers (property test over the fixtures and random edits).

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { detectFormat, findReference, scanSteps } from '../../../src/configFiles';
import { runToEnd } from '../../../src/configFiles/jsonTree';
import { ShiftedReferences, shiftScopeOf } from '../../../src/configEditor/pure/shiftedReferences';
import { load, oneFixturePerFormat } from '../configFiles/helpers';

const DOCS = oneFixturePerFormat();

const EDIT_TEXT = fc.constantFrom('', ' ', '\n', 'x', '"', '}', '# note\n', '5cbf563d87d9d67253be590a', '---\n');
/** Edits with no JSON structural character: a state file's index keeps answering outside their resource. */
const PLAIN_TEXT = fc.constantFrom(
  '',
  ' ',
  'x',
  '_',
  '9',
  'mongodbatlas_',
  'peering_id',
  'project_id',
  'true',
  'resources',
  '5cbf563d87d9d67253be590a',
);
const STATE = DOCS[1];
/** A place in the text, uniform (fc.double crowds its samples near 0, before any reference). */
const FRACTION = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 1_000_000);

describe('shifted references (index kept across edits)', () => {
  it('every answer that is not stale equals a fresh scan of the edited text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DOCS),
        fc.array(fc.tuple(FRACTION, fc.nat(6), EDIT_TEXT), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.array(FRACTION, { minLength: 5, maxLength: 20 }),
        ({ text, info }, edits, probes) => {
          const format = detectFormat(info);
          const index = new ShiftedReferences(runToEnd(scanSteps(text, format)), shiftScopeOf(format), text);
          const current = applyEdits(index, text, edits);
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

  it('a state file after edits with no structural character: every answer that is not stale equals a fresh scan', () => {
    const { text, info } = STATE;
    const format = detectFormat(info);
    let answeredTotal = 0;
    let rescannedTotal = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(FRACTION, fc.nat(4), PLAIN_TEXT), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(FRACTION, { minLength: 5, maxLength: 20 }),
        (edits, probes) => {
          const index = new ShiftedReferences(runToEnd(scanSteps(text, format)), shiftScopeOf(format), text);
          const current = applyEdits(index, text, edits);
          // Every reference's start as a probe too, so the answered ones are many.
          const offsets = [
            ...probes.map((p) => Math.floor(p * current.length)),
            ...index.references.map((r) => r.range.start),
          ];
          for (const offset of offsets) {
            const shifted = index.at(offset);
            if (shifted !== 'stale') {
              answeredTotal++;
              assert.deepEqual(shifted, findReference(current, info, offset), `offset ${offset}`);
              continue;
            }
            // Where it is stale, the resources of the window scanned again on their own.
            const rescanned = index.rescanWindow(offset, (start, end) => current.slice(start, end));
            if (rescanned !== 'stale') {
              rescannedTotal++;
              assert.deepEqual(rescanned, findReference(current, info, offset), `rescan at offset ${offset}`);
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
    // The rule must answer most hovers, or it proves nothing.
    assert.ok(answeredTotal > 1000, `answered ${answeredTotal}`);
    assert.ok(rescannedTotal > 300, `rescanned ${rescannedTotal}`);
  });

  it('a state file: a space typed anywhere leaves other resources answerable; a quote makes everything stale', () => {
    const { text, info } = STATE;
    const format = detectFormat(info);
    const index = new ShiftedReferences(runToEnd(scanSteps(text, format)), shiftScopeOf(format), text);
    const last = index.references[index.references.length - 1];
    const first = index.references[0];
    assert.notEqual(resourceName(first), resourceName(last));
    index.apply({ offset: last.range.end + 1, removed: 0, inserted: 1, text: ' ' });
    assert.deepEqual(index.at(first.range.start), first);
    assert.equal(index.at(last.range.start), 'stale');
    index.apply({ offset: text.length - 2, removed: 0, inserted: 1, text: '"' });
    assert.equal(index.at(first.range.start), 'stale');
  });

  it('a state file: a word typed between tokens breaks the tree, so every answer waits; the same word in a string does not', () => {
    const { text, info } = STATE;
    const format = detectFormat(info);
    const word = '5cbf563d87d9d67253be590a';
    const between = text.indexOf('"instances":') + '"instances":'.length;
    const fresh = (): ShiftedReferences =>
      new ShiftedReferences(runToEnd(scanSteps(text, format)), shiftScopeOf(format), text);
    const index = fresh();
    const last = index.references[index.references.length - 1];
    index.apply({ offset: between, removed: 0, inserted: word.length, text: word });
    assert.equal(index.at(last.range.start + word.length), 'stale');
    const inString = fresh();
    // Inside the first resource's "private" value, which is no reference.
    const inPrivate = text.indexOf('"bnVsbA=="', inString.references[0].range.end) + 2;
    inString.apply({ offset: inPrivate, removed: 0, inserted: word.length, text: word });
    assert.deepEqual(inString.at(last.range.start + word.length), {
      ...last,
      range: { start: last.range.start + word.length, end: last.range.end + word.length },
      blockStart: last.blockStart === undefined ? undefined : last.blockStart + word.length,
    });
  });

  it('a state file: blanks after the root brace leave every resource answerable; a root key typed into "resources" makes everything stale', () => {
    const { text, info } = STATE;
    const format = detectFormat(info);
    const fresh = (): ShiftedReferences =>
      new ShiftedReferences(runToEnd(scanSteps(text, format)), shiftScopeOf(format), text);
    const blanks = fresh();
    const last = blanks.references[blanks.references.length - 1];
    // A space at the end of the first line ("{"), before every reference.
    blanks.apply({ offset: 1, removed: 0, inserted: 1, text: ' ' });
    const moved = blanks.at(last.range.start + 1);
    assert.ok(moved !== 'stale' && moved !== undefined);
    assert.deepEqual(moved, findReference(text.slice(0, 1) + ' ' + text.slice(1), info, last.range.start + 1));
    // "version" renamed to "resources": the first of the two keys wins, and every resource is gone.
    const renamed = fresh();
    const at = text.indexOf('"version"') + 1;
    renamed.apply({ offset: at, removed: 'version'.length, inserted: 'resources'.length, text: 'resources' });
    const current = text.slice(0, at) + 'resources' + text.slice(at + 'version'.length);
    const shift = 'resources'.length - 'version'.length;
    const placed = { ...last, range: { start: last.range.start + shift, end: last.range.end + shift } };
    const freshAnswer = findReference(current, info, last.range.start + shift);
    // Only the bare id is left: no resource, no kind.
    assert.equal(freshAnswer?.id, last.id);
    assert.notDeepEqual(freshAnswer, { ...placed, blockStart: (last.blockStart ?? 0) + shift });
    assert.notEqual(freshAnswer?.kind, last.kind);
    assert.equal(renamed.at(last.range.start + shift), 'stale');
    assert.equal(
      renamed.rescanWindow(last.range.start + shift, (s, e) => current.slice(s, e)),
      'stale',
    );
  });

  it('a state file: edits before the first resource, with no structural character: every answer that is not stale equals a fresh scan', () => {
    const { text, info } = STATE;
    const format = detectFormat(info);
    const head = text.indexOf('"resources"') + '"resources": ['.length;
    let answered = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(head), fc.nat(9), PLAIN_TEXT), { minLength: 1, maxLength: 3 }), (edits) => {
        const index = new ShiftedReferences(runToEnd(scanSteps(text, format)), shiftScopeOf(format), text);
        const current = applyEdits(
          index,
          text,
          edits.map(([at, removed, inserted]) => [at / text.length, removed, inserted]),
        );
        for (const offset of index.references.map((r) => r.range.start)) {
          const shifted = index.at(offset);
          if (shifted !== 'stale') {
            answered++;
            assert.deepEqual(shifted, findReference(current, info, offset), `offset ${offset}`);
          }
        }
      }),
      { numRuns: 500 },
    );
    assert.ok(answered > 400, `answered ${answered}`);
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
    const index = new ShiftedReferences(runToEnd(scanSteps(text, detectFormat(info))), 'json');
    const first = index.references[0];
    assert.ok(first);
    assert.notEqual(index.at(first.range.start), 'stale');
    index.apply({ offset: text.length - 1, removed: 0, inserted: 1 });
    assert.equal(index.at(first.range.start), 'stale');
  });
});

function resourceName(r: { blockName?: string }): string {
  return (r.blockName ?? '').split('[')[0];
}

/** Applies (place, removed length, inserted text) edits to the text and the index alike; the edited text. */
function applyEdits(index: ShiftedReferences, text: string, edits: [number, number, string][]): string {
  let current = text;
  for (const [where, removed, inserted] of edits) {
    const offset = Math.floor(where * current.length);
    const cut = Math.min(removed, current.length - offset);
    current = current.slice(0, offset) + inserted + current.slice(offset + cut);
    index.apply({ offset, removed: cut, inserted: inserted.length, text: inserted });
  }
  return current;
}
