// The stepped scanners on large texts against the whole-text references: the bare-id search in
// windows finds what one search finds (ids across window edges included), YAML scanned document
// by document finds what one parse of the whole file finds, and the HCL batches what one parse finds.

import * as assert from 'node:assert/strict';
import { findAllReferences } from '../../../src/configFiles';
import { scanHcl } from '../../../src/configFiles/hcl';
import { operatorManifests, terraformPeerings, terraformWithBlockComments, tfstate } from '../../../bench/scaleShapes';

const ID = '5cbf563d87d9d67253be590a';
const WINDOW = 1 << 18;

describe('config-file scanners at scale', () => {
  it('bare ids across the edges of the search windows are found once, exactly as by one search', () => {
    const size = WINDOW * 3 + 100;
    const chars = Array.from({ length: size }, () => ' ');
    const put = (at: number, s: string): void => {
      for (let i = 0; i < s.length; i++) {
        chars[at + i] = s[i];
      }
    };
    // Ids just before, across and just after each window edge.
    const starts = [0, WINDOW - 60, WINDOW - 30, WINDOW - 3, 2 * WINDOW - 12, 2 * WINDOW + 40, 3 * WINDOW + 40];
    starts.forEach((s) => put(s, ID));
    // 25 hex characters in a row, across an edge, are no id: \b must see across the edge too.
    put(3 * WINDOW - 12, 'a' + ID);
    const text = chars.join('');
    const expected: number[] = [];
    for (let m, re = /\b[0-9a-f]{24}\b/g; (m = re.exec(text));) {
      expected.push(m.index);
    }
    const found = findAllReferences(text, { fileName: '/w/notes.txt' }).map((r) => r.range.start);
    assert.deepEqual(found, expected);
    assert.equal(expected.length, starts.length);
  });

  it('HCL in batches of top-level items gives what one parse gives (block count, ids)', () => {
    const text = terraformPeerings(3000) + terraformWithBlockComments(5000);
    const file = scanHcl(text);
    assert.equal(file.blocks.length, 3001);
    const refs = findAllReferences(text, { fileName: '/w/main.tf' });
    assert.equal(refs.filter((r) => r.context?.endsWith('container_id')).length, 3000);
    assert.equal(refs.filter((r) => r.kind === 'peer').length, 1);
  });

  it('YAML document by document: every manifest of a 2,000-document file, offsets into the file', () => {
    const text = operatorManifests(2000);
    const refs = findAllReferences(text, { fileName: '/w/all.yaml' });
    assert.equal(refs.filter((r) => r.source === 'kubernetes' && r.context?.endsWith('spec.id')).length, 2000);
    for (const r of refs) {
      assert.equal(text.slice(r.range.start, r.range.end), r.id);
    }
  });

  it('a state file of 2,000 resources: every peering and container id, each with its project', () => {
    const text = tfstate(2000);
    const refs = findAllReferences(text, { fileName: '/w/terraform.tfstate' });
    assert.equal(refs.filter((r) => r.kind === 'peer' && r.source === 'tfstate').length, 1000);
    assert.ok(refs.filter((r) => r.kind === 'container').every((r) => r.projectId !== undefined));
  });
});
