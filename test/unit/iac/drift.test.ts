// The drift check end to end in plain Node: code generated for every seed peer and container is
// scanned back (configFiles) and compared with the same live objects (in sync); then each compared
// value in turn is changed in the text, which must make exactly that value drift, and applying the
// quick fix's replacement must bring the resource back in sync.

import * as assert from 'node:assert/strict';
import type { Container, Peer } from '../../../src/atlas/models';
import { findIacResources, type IacResource } from '../../../src/configFiles';
import { checkDrift, replacementFor, type LiveAnswer } from '../../../src/iac/pure/drift';
import { renderDriftReport, unreadableReason } from '../../../src/iac/pure/driftReport';
import { manifestsForProject } from '../../../src/iac/pure/kubernetes';
import { terraformForProject } from '../../../src/iac/pure/terraform';
import { seedProjects, type SeedProjectModels } from './helpers';

function liveFor(project: SeedProjectModels, r: IacResource): LiveAnswer {
  const object: Peer | Container | undefined =
    r.kind === 'peer'
      ? project.peers.find((p) => p.id === r.atlasId)
      : project.containers.find((c) => c.id === r.atlasId);
  if (!object) {
    return { kind: 'missing' };
  }
  const container =
    r.kind === 'peer' ? project.containers.find((c) => c.id === (object as Peer).containerId) : undefined;
  return { kind: 'found', object, container };
}

const FORMATS = [
  { name: 'Terraform', fileName: 'adopt.tf', generate: terraformForProject },
  { name: 'Kubernetes', fileName: 'adopt.yaml', generate: manifestsForProject },
] as const;

/** The value a changed literal gets: another CIDR for CIDRs, a suffix otherwise (lists: one more item). */
function changed(value: string): string {
  return /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(value) ? '10.254.0.0/24' : `${value}x`;
}

describe('drift: generated code scanned back and compared with Atlas', () => {
  for (const format of FORMATS) {
    it(`${format.name}: every seed peer and container is in sync with the objects it was generated from`, () => {
      let resources = 0;
      for (const project of seedProjects()) {
        const text = format.generate(project.id, project.containers, project.peers);
        const found = findIacResources(text, { fileName: format.fileName });
        assert.equal(found.length, project.peers.length + project.containers.length, project.name);
        for (const r of found) {
          assert.equal(r.projectId, project.id);
          const verdict = checkDrift(r, liveFor(project, r));
          assert.equal(verdict.status, 'inSync', `${r.address}: ${JSON.stringify(verdict)}`);
          assert.ok(verdict.status === 'inSync' && verdict.compared.length >= 2, `${r.address} compared too little`);
          resources++;
        }
      }
      assert.ok(resources > 10, `only ${resources} resources`);
    });

    it(`${format.name}: changing any compared value drifts exactly that value, and its fix brings it back`, () => {
      let checked = 0;
      for (const project of seedProjects()) {
        const text = format.generate(project.id, project.containers, project.peers);
        for (const [i, r] of findIacResources(text, { fileName: format.fileName }).entries()) {
          const live = liveFor(project, r);
          for (const value of r.values) {
            if (
              typeof value.value !== 'string' ||
              value.name.endsWith('provider_name') ||
              value.name === 'spec.provider'
            ) {
              continue;
            }
            const replacement = replacementFor(value, changed(value.value));
            assert.ok(replacement !== undefined, `${r.address} ${value.name} has no replacement`);
            const edited = text.slice(0, value.range.start) + replacement + text.slice(value.range.end);
            const after = findIacResources(edited, { fileName: format.fileName })[i];
            const verdict = checkDrift(after, live);
            if (verdict.status === 'inSync' && !verdict.compared.includes(value.name)) {
              continue; // Atlas has no value for it (null): nothing to compare.
            }
            assert.equal(verdict.status, 'drifted', `${r.address} ${value.name}`);
            assert.ok(verdict.status === 'drifted');
            assert.deepEqual(
              verdict.drifted.map((d) => d.name),
              [value.name],
            );
            const [d] = verdict.drifted;
            assert.equal(d.fileValue, changed(value.value));
            assert.equal(d.liveValue, value.value);
            assert.ok(d.replacement !== undefined);
            const fixed = edited.slice(0, d.range.start) + d.replacement + edited.slice(d.range.end);
            assert.equal(fixed, text, 'the fix rewrites only the literal');
            checked++;
          }
        }
      }
      assert.ok(checked > 20, `only ${checked} values checked`);
    });
  }

  it('Terraform: a list of GCP regions compares as a set and its fix writes the live list', () => {
    const project = seedProjects().find((p) => p.containers.some((c) => c.providerName === 'GCP'));
    assert.ok(project, 'the seed has a GCP container');
    const text = terraformForProject(project.id, project.containers, project.peers);
    const container = findIacResources(text, { fileName: 'a.tf' }).find(
      (r) => r.kind === 'container' && r.provider === 'GCP',
    );
    assert.ok(container);
    const regions = container.values.find((v) => v.name === 'regions');
    assert.ok(regions, 'the generated GCP container sets regions');
    assert.equal(regions.syntax, 'hclList');
    const live = liveFor(project, container);
    const reordered = `[${[...(regions.value as string[])]
      .reverse()
      .map((v) => JSON.stringify(v))
      .join(', ')}]`;
    const edited = text.slice(0, regions.range.start) + reordered + text.slice(regions.range.end);
    const again = findIacResources(edited, { fileName: 'a.tf' }).find((r) => r.address === container.address);
    assert.ok(again);
    assert.equal(checkDrift(again, live).status, 'inSync');
  });

  it('Terraform: expressions are not compared, and a resource without an import id is not checked', () => {
    const text = [
      'resource "mongodbatlas_network_peering" "p" {',
      '  project_id             = "1112222b3bf99403840e8934"',
      '  container_id           = mongodbatlas_network_container.c.container_id',
      '  provider_name          = "AWS"',
      '  vpc_id                 = var.vpc_id',
      '  route_table_cidr_block = "10.8.8.0/21"',
      '}',
      'import {',
      '  to = mongodbatlas_network_peering.p',
      '  id = "1112222b3bf99403840e8934-5cbf563d87d9d67253be590a-AWS"',
      '}',
      'resource "mongodbatlas_network_peering" "q" {',
      '  project_id = "1112222b3bf99403840e8934"',
      '}',
    ].join('\n');
    const [p, q] = findIacResources(text, { fileName: 'main.tf' });
    assert.equal(p.atlasId, '5cbf563d87d9d67253be590a');
    const peer = {
      id: '5cbf563d87d9d67253be590a',
      providerName: 'AWS',
      containerId: '5cbf5d4c3b2a190817263544',
      vpcId: 'vpc-live',
      routeTableCidrBlock: '10.8.0.0/21',
      awsAccountId: '123456789012',
      accepterRegionName: 'us-east-1',
    } as unknown as Peer;
    const verdict = checkDrift(p, { kind: 'found', object: peer });
    assert.equal(verdict.status, 'drifted');
    assert.ok(verdict.status === 'drifted');
    assert.deepEqual(verdict.expressions.sort(), ['container_id', 'vpc_id']);
    assert.deepEqual(
      verdict.drifted.map((d) => [d.name, d.fileValue, d.liveValue, d.replacement]),
      [['route_table_cidr_block', '10.8.8.0/21', '10.8.0.0/21', '10.8.0.0/21']],
    );
    assert.equal(text.slice(verdict.drifted[0].range.start, verdict.drifted[0].range.end), '10.8.8.0/21');
    const notChecked = checkDrift(q, { kind: 'found', object: peer });
    assert.equal(notChecked.status, 'notChecked');
    assert.match(notChecked.status === 'notChecked' ? notChecked.reason : '', /import block/);
    assert.equal(checkDrift(p, { kind: 'missing' }).status, 'missing');
  });

  it('state files: drift is shown without a quick fix (Terraform owns them)', () => {
    const state = JSON.stringify({
      version: 4,
      resources: [
        {
          mode: 'managed',
          type: 'mongodbatlas_network_container',
          name: 'c',
          instances: [
            {
              attributes: {
                project_id: '1112222b3bf99403840e8934',
                container_id: '5cbf5d4c3b2a190817263544',
                provider_name: 'AWS',
                atlas_cidr_block: '10.8.8.0/21',
                region_name: 'US_EAST_1',
              },
            },
          ],
        },
      ],
    });
    const [c] = findIacResources(state, { fileName: 'terraform.tfstate' });
    assert.equal(c.atlasId, '5cbf5d4c3b2a190817263544');
    const container = {
      id: '5cbf5d4c3b2a190817263544',
      providerName: 'AWS',
      atlasCidrBlock: '10.8.0.0/21',
      regionName: 'US_EAST_1',
    } as unknown as Container;
    const verdict = checkDrift(c, { kind: 'found', object: container });
    assert.ok(verdict.status === 'drifted');
    assert.deepEqual(
      verdict.drifted.map((d) => [d.name, d.fileValue, d.liveValue, d.replacement]),
      [['atlas_cidr_block', '10.8.8.0/21', '10.8.0.0/21', undefined]],
    );
  });

  it('hostile live values get a replacement that reads back as exactly that value', () => {
    const hostile = ['a"b', 'x${y}', "it's", 'line\nbreak', 'back\\slash', 'k: v # c'];
    for (const value of hostile) {
      const hcl = replacementFor(
        { name: 'vpc_id', range: { start: 0, end: 0 }, syntax: 'hclString', value: '' },
        value,
      );
      const tf = `resource "mongodbatlas_network_peering" "p" {\n  vpc_id = "${hcl}"\n}\n`;
      const [r] = findIacResources(tf, { fileName: 'a.tf' });
      // An escaped value is not a plain literal to the scanner: it is then never compared.
      const read = r.values[0];
      assert.ok(read.syntax === 'expression' || read.value === value, `${value} → ${JSON.stringify(read)}`);
      for (const syntax of ['yamlDouble', 'yamlSingle', 'yamlPlain'] as const) {
        const text = replacementFor({ name: 'spec.id', range: { start: 0, end: 0 }, syntax, value: '' }, value);
        assert.ok(text !== undefined);
        const quote = syntax === 'yamlDouble' ? '"' : syntax === 'yamlSingle' ? "'" : '';
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const parsed = (require('yaml') as typeof import('yaml')).parse(`k: ${quote}${text}${quote}\n`) as {
          k: string;
        };
        assert.equal(parsed.k, syntax === 'yamlSingle' ? value.replace(/[\r\n]+/g, ' ') : value, `${syntax} ${value}`);
      }
    }
  });
});

describe('drift report (Markdown)', () => {
  const resource = (address: string, source: IacResource['source'] = 'terraform'): IacResource => ({
    source,
    kind: 'peer',
    address,
    start: 0,
    values: [],
  });

  it('groups resources by verdict with both values, and says why one was not checked', () => {
    const text = renderDriftReport({
      rows: [
        {
          file: 'net/main.tf',
          resource: resource('mongodbatlas_network_peering.a'),
          verdict: {
            status: 'drifted',
            drifted: [{ name: 'vpc_id', fileValue: 'vpc-1', liveValue: 'vpc-2', range: { start: 0, end: 0 } }],
            compared: ['vpc_id'],
            expressions: [],
          },
        },
        { file: 'net/main.tf', resource: resource('mongodbatlas_network_peering.b'), verdict: { status: 'missing' } },
        {
          file: 'k8s/p.yaml',
          resource: resource('AtlasNetworkPeering/p', 'kubernetes'),
          verdict: { status: 'notChecked', reason: 'no Atlas id in the manifest (spec.id)' },
        },
        {
          file: 'terraform.tfstate',
          resource: resource('mongodbatlas_network_peering.c', 'tfstate'),
          verdict: { status: 'inSync', compared: ['vpc_id'], expressions: ['container_id'] },
        },
      ],
      unreadable: [{ file: 'broken.tf', reason: '1 of its 1 resource(s) could not be read' }],
      files: 7,
      generatedAt: new Date('2026-12-03T10:00:00Z'),
    });
    assert.match(text, /7 file\(s\) searched/);
    assert.match(
      text,
      /\*\*Drifted\*\*: 1 · \*\*Missing in Atlas\*\*: 1 · \*\*Not checked\*\*: 1 · \*\*In sync\*\*: 1/,
    );
    assert.match(text, /## Drifted \(1\)[\s\S]*`vpc_id`: Atlas has `vpc-2`, the file says `vpc-1`/);
    assert.match(text, /## Missing in Atlas \(1\)[\s\S]*mongodbatlas_network_peering\.b/);
    assert.match(text, /## Not checked \(1\)[\s\S]*spec\\\.id/);
    assert.match(text, /## In sync \(1\)[\s\S]*not compared \(expressions\): `container_id`/);
    assert.match(text, /## Unreadable files \(1\)[\s\S]*broken\\\.tf/);
    // The order says what needs the reader first.
    assert.ok(
      text.indexOf('## Drifted') < text.indexOf('## Missing') &&
        text.indexOf('## Missing') < text.indexOf('## In sync'),
    );
  });

  it('values from files and Atlas cannot form links, commands or table cells', () => {
    const hostile = '[click](command:workbench.action.terminal.new) | x <img src=y> $(alert)';
    const text = renderDriftReport({
      rows: [
        {
          file: hostile,
          resource: resource(hostile),
          verdict: {
            status: 'drifted',
            drifted: [{ name: hostile, fileValue: hostile, liveValue: [hostile], range: { start: 0, end: 0 } }],
            compared: [hostile],
            expressions: [],
          },
        },
      ],
      unreadable: [{ file: hostile, reason: hostile }],
      files: 1,
      generatedAt: new Date(0),
    });
    assert.doesNotMatch(text, /\]\(command:/);
    assert.doesNotMatch(text, /(?<!\\)<img/);
    assert.doesNotMatch(text, /[^\\]\$\(alert\)/);
    for (const line of text
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| ---') && !l.startsWith('| File'))) {
      // Every unescaped pipe is a cell border: 5 for a resource row, 3 for an unreadable file.
      const borders = line.match(/(?<!\\)\|/g)?.length;
      assert.ok(borders === 5 || borders === 3, line);
    }
  });

  it('counts a file resources the scanner could not read', () => {
    const broken = 'resource "mongodbatlas_network_peering" {\n  vpc_id = "vpc-1"\n}\n';
    assert.match(
      unreadableReason(broken, 'terraform', findIacResources(broken, { fileName: 'b.tf' })) ?? '',
      /1 of its 1/,
    );
    const fine = 'resource "mongodbatlas_network_peering" "a" {\n  vpc_id = "vpc-1"\n}\n';
    assert.equal(unreadableReason(fine, 'terraform', findIacResources(fine, { fileName: 'a.tf' })), undefined);
    // A state resource with two instances is one declared resource.
    const state = JSON.stringify({
      resources: [
        {
          mode: 'managed',
          type: 'mongodbatlas_network_peering',
          name: 'p',
          instances: [
            { index_key: 0, attributes: { peer_id: '5cbf563d87d9d67253be590a' } },
            { index_key: 1, attributes: { peer_id: '5cbf563d87d9d67253be590b' } },
          ],
        },
      ],
    });
    const read = findIacResources(state, { fileName: 'terraform.tfstate' });
    assert.equal(read.length, 2);
    assert.equal(unreadableReason(state, 'tfstate', read), undefined);
  });
});
