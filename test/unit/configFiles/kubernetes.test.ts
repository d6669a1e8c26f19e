// The Kubernetes scanner against the scanner it replaced (one library parse per document, kept
// as the oracle in kubernetesOracle.ts): on random operator manifests both find exactly the same
// references, and on a big document no step of the scan does more than a bounded amount of work.

import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { collectKubernetes, yamlDocumentStarts, type StepStats } from '../../../src/configFiles/kubernetes';
import type { Collector } from '../../../src/configFiles/references';
import { SECTION_LIMIT, WORK_PER_STEP } from '../../../src/configFiles/yamlBlocks';
import { operatorManifestWithLabels, operatorManifests, i18nYaml } from '../../../bench/scaleShapes';
import * as oracle from './kubernetesOracle';
import { manifests } from './kubernetesManifests';
import { load } from './helpers';

function run(collect: (text: string, out: Collector) => Generator<void, void>, text: string): Collector {
  const out: Collector = { refs: [], problems: [] };
  for (const _ of collect(text, out)) {
    // step to the end
  }
  return out;
}

function same(text: string, stats?: StepStats): void {
  const expected = run(oracle.collectKubernetes, text);
  const actual = run((t, out) => collectKubernetes(t, out, stats), text);
  assert.deepEqual(actual, expected, `differs on ${JSON.stringify(text)}`);
}

describe('Kubernetes scanner: the block reader finds what one library parse per document finds', () => {
  it('on random operator manifests (kinds, key order, quoting, comments, indentation, sequences, block scalars)', () => {
    const stats: StepStats = { steps: 0, maxLines: 0, maxParsedChars: 0, documents: 0, parsedWhole: 0 };
    fc.assert(
      fc.property(fc.integer(), (seed) => same(manifests(seed), stats)),
      { numRuns: 600 },
    );
    // The library's whole-document parse (the oracle's own way) must stay the exception, or this
    // test would compare the oracle with itself.
    assert.ok(stats.parsedWhole! < stats.documents! * 0.25, `${stats.parsedWhole} of ${stats.documents} parsed whole`);
  });

  it('on the fixtures and the benchmark shapes', () => {
    for (const f of [
      'atlasproject.yaml',
      'atlasnetworkpeering.yaml',
      'atlasnetworkcontainer.yaml',
      'atlas-networking.yaml',
    ]) {
      const text = load(`kubernetes/${f}`).text;
      same(text);
      same(text.replace(/\n/g, '\r\n'));
    }
    same(operatorManifests(50));
    same(operatorManifestWithLabels(300));
    same(i18nYaml(300));
  });

  it('on odd documents: empty, markers only, a byte order mark, directives, a root that is no mapping', () => {
    for (const text of [
      '',
      '---',
      '---\n---\n',
      '\ufeffkind: AtlasNetworkPeering\nspec:\n  id: 5cbf563d87d9d67253be590a\n',
      '%YAML 1.2\n---\nkind: AtlasNetworkPeering\nspec:\n  id: 5cbf563d87d9d67253be590a\n',
      '- kind: AtlasNetworkPeering\n',
      'kind: AtlasNetworkPeering\nspec:\n\tid: 5cbf563d87d9d67253be590a\n',
      'kind: "\\x41tlasNetworkPeering"\nspec:\n  id: 5cbf563d87d9d67253be590a\n',
      'kind: AtlasNetworkPeering\r\nspec:\r\n  id: "5cbf563d87d9d67253be590a"\r\n',
      'kind: AtlasNetworkPeering\nspec:\n  id: 5cbf563d87d9d67253be590a\n---x: 1\n--- \nkind: AtlasProject\n',
      'kind: AtlasNetworkPeering\u2028---\nspec:\n  id: 5cbf563d87d9d67253be590a\n',
    ]) {
      same(text);
    }
  });

  it('splits documents where the old pattern did', () => {
    const text = '---\na: 1\n---\nb\n----\n--- x\n---\r\n\u2028--- \n---';
    const starts: number[] = [0];
    for (let m, re = /^---(?=[ \t\r\n]|$)/gm; (m = re.exec(text));) {
      if (m.index > 0) {
        starts.push(m.index);
      }
    }
    assert.deepEqual(yamlDocumentStarts(text), starts);
  });
});

describe('Kubernetes scanner: bounded steps', () => {
  // The oracle finds the same on smaller texts of these shapes (above); here, only the counts.
  for (const [name, text, expectedRefs] of [
    ['one manifest with 2 MB of labels', operatorManifestWithLabels(110_000), 3],
    ['2 MB of small manifests', operatorManifests(5_400), 5_400 * 2],
    ['2 MB of YAML with nothing Atlas', i18nYaml(30_000), 0],
  ] as const) {
    it(`${name}: every step reads a bounded number of lines and parses at most one short section`, () => {
      assert.ok(text.length > 1_900_000, `${text.length}`);
      const stats: StepStats = { steps: 0, maxLines: 0, maxParsedChars: 0 };
      const out: Collector = { refs: [], problems: [] };
      for (const _ of collectKubernetes(text, out, stats)) {
        // step to the end
      }
      assert.ok(stats.maxLines <= WORK_PER_STEP, `lines in one step: ${stats.maxLines}`);
      assert.ok(stats.maxParsedChars <= SECTION_LIMIT + 2000, `characters parsed in one step: ${stats.maxParsedChars}`);
      assert.ok(stats.steps > 1, `steps: ${stats.steps}`);
      assert.equal(out.refs.length, expectedRefs);
    });
  }
});
