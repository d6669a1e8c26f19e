// The stepped sort of the scanners' references against Array.prototype.sort (stable): same order,
// ties kept in the order they were reported.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { sortSteps, type FoundReference } from '../../../src/configFiles';
import { runToEnd } from '../../../src/configFiles/jsonTree';

function ref(start: number, tag: number): FoundReference {
  return { id: String(tag), kind: 'unknown', source: 'bare', range: { start, end: start + 1 } };
}

describe('sortSteps (stepped stable sort of references)', () => {
  it('orders like a stable sort by start, for any runs and ties', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { maxLength: 300 }), (starts) => {
        const refs = starts.map((s, i) => ref(s, i));
        const expected = refs.slice().sort((a, b) => a.range.start - b.range.start);
        assert.deepEqual(runToEnd(sortSteps(refs.slice())), expected);
      }),
      { numRuns: 500 },
    );
  });

  it('sorts 100,000 references in runs, yielding between pieces of work', () => {
    // Two runs in order, as a scanner reports them: structured references, then bare ones.
    const refs = [
      ...Array.from({ length: 50_000 }, (_, i) => ref(i * 2, i)),
      ...Array.from({ length: 50_000 }, (_, i) => ref(i * 2 + 1, i)),
    ];
    const steps = sortSteps(refs);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) {
      yields++;
    }
    assert.ok(yields > 10, `yields ${yields}`);
    assert.deepEqual(
      r.value.map((x) => x.range.start),
      Array.from({ length: 100_000 }, (_, i) => i),
    );
  });
});
