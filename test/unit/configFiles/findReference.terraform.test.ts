import * as assert from 'node:assert/strict';
import { findAllReferences, findConfigProblems, findReference } from '../../../src/configFiles';
import { expectNone, expectRef, load, locate } from './helpers';

const PROJECT = '1112222b3bf99403840e8934';
const PROJECT2 = '64b7a1c2d3e4f5a6b7c8d9e0';
const PEER_AWS = '5cbf563d87d9d67253be590a';
const CONTAINER_AWS = '5cbf5d4c3b2a190817263544';
const PEER_GCP = '6a0e3f1b2c4d5e6f70819a2b';
const CONTAINER_GCP = '6a0e3f1b2c4d5e6f70819c3d';

describe('findReference: Terraform (.tf)', () => {
  const doc = load('terraform/main.tf');

  it('resolves the peer and the project of a `terraform import` command in a comment', () => {
    const around = `aws_payments ${PROJECT}-${PEER_AWS}-AWS`;
    expectRef(doc, around, PEER_AWS, {
      kind: 'peer',
      projectId: PROJECT,
      provider: 'AWS',
      source: 'terraform',
      context: 'terraform import mongodbatlas_network_peering.aws_payments id (peer)',
    });
    expectRef(doc, around, PROJECT, { kind: 'project', source: 'terraform' });
    expectNone(doc, around, '-AWS');
  });

  it('resolves a container import command (PROJECTID-CONTAINERID)', () => {
    const around = `aws_us_east_1 ${PROJECT}-${CONTAINER_AWS}`;
    expectRef(doc, around, CONTAINER_AWS, {
      kind: 'container',
      projectId: PROJECT,
      blockName: 'mongodbatlas_network_container.aws_us_east_1',
    });
    expectRef(doc, around, PROJECT, { kind: 'project' });
  });

  it('resolves literal ids of a mongodbatlas_network_peering resource with block start and name', () => {
    const blockStart = doc.text.indexOf('resource "mongodbatlas_network_peering" "aws_payments"');
    expectRef(doc, `project_id             = "${PROJECT}"`, PROJECT, {
      kind: 'project',
      context: 'mongodbatlas_network_peering.aws_payments project_id',
      blockStart,
      blockName: 'mongodbatlas_network_peering.aws_payments',
    });
    expectRef(doc, `container_id           = "${CONTAINER_AWS}"`, CONTAINER_AWS, {
      kind: 'container',
      projectId: PROJECT,
      provider: 'AWS',
      context: 'mongodbatlas_network_peering.aws_payments container_id',
      blockStart,
    });
  });

  it('does not treat other attributes, keywords or whitespace as ids', () => {
    expectNone(doc, 'vpc_id                 = "vpc-0d3f1e2a4b5c6d7e8"', 'vpc-0d3f1e2a4b5c6d7e8');
    expectNone(doc, 'aws_account_id         = "123456789012"', '123456789012');
    expectNone(doc, 'resource "mongodbatlas_network_peering" "aws_payments"', 'mongodbatlas_network_peering');
    expectNone(doc, 'route_table_cidr_block = "10.20.0.0/16"', 'route_table_cidr_block = ');
  });

  it('returns nothing for Terraform references (var., local., resource attributes)', () => {
    expectNone(doc, '= var.project_id\n  atlas_cidr_block', 'var.project_id');
    expectNone(doc, 'project_id     = local.analytics_project_id', 'local.analytics_project_id');
    expectNone(
      doc,
      'value = mongodbatlas_network_container.aws_us_east_1.container_id',
      'mongodbatlas_network_container.aws_us_east_1.container_id',
    );
    expectNone(doc, 'peering_id = "${var.peer_prefix}0a"', '${var.peer_prefix}0a');
  });

  it('flags container_id = mongodbatlas_network_container.x.id (the encoded state id) as a problem, not an id', () => {
    const expr = 'mongodbatlas_network_container.gcp.id';
    expectNone(doc, `container_id   = ${expr}`, expr);
    const problems = findConfigProblems(doc.text, doc);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'encodedContainerId');
    assert.equal(doc.text.slice(problems[0].range.start, problems[0].range.end), expr);
    assert.match(problems[0].message, /mongodbatlas_network_container\.gcp\.container_id/);
  });

  it('resolves container resources and their provider', () => {
    expectRef(doc, `container_id     = "${CONTAINER_GCP}"`, CONTAINER_GCP, {
      kind: 'container',
      projectId: PROJECT2,
      provider: 'GCP',
      blockName: 'mongodbatlas_network_container.gcp',
    });
  });

  it('resolves peering_id of data sources, keeping malformed values for the hover to explain', () => {
    expectRef(doc, `peering_id = "${PEER_AWS}"`, PEER_AWS, {
      kind: 'peer',
      projectId: PROJECT,
      context: 'data.mongodbatlas_network_peering.payments peering_id',
      blockName: 'data.mongodbatlas_network_peering.payments',
    });
    expectRef(doc, 'peering_id = "pcx-0a1b2c3d4e5f67890"', 'pcx-0a1b2c3d4e5f67890', {
      kind: 'peer',
      projectId: PROJECT,
    });
    const typo = PEER_AWS.slice(0, 23);
    expectRef(doc, `peering_id = "${typo}"\n`, typo, {
      kind: 'peer',
      context: 'data.mongodbatlas_network_peering.typo peering_id',
    });
    expectRef(doc, `peerings" "all" {\n  project_id = "${PROJECT}"`, PROJECT, {
      kind: 'project',
      blockName: 'data.mongodbatlas_network_peerings.all',
    });
  });

  it('resolves import blocks whichever order `to` and `id` come in', () => {
    const peering = `id = "${PROJECT2}-${PEER_GCP}-GCP"`;
    expectRef(doc, peering, PEER_GCP, {
      kind: 'peer',
      projectId: PROJECT2,
      provider: 'GCP',
      blockName: 'mongodbatlas_network_peering.gcp_analytics',
    });
    expectRef(doc, peering, PROJECT2, { kind: 'project' });
    const mid = locate(doc.text, peering, '-GCP"') + 2;
    assert.equal(findReference(doc.text, doc, mid), undefined);
    expectRef(doc, `id = "${PROJECT2}-${CONTAINER_GCP}"`, CONTAINER_GCP, {
      kind: 'container',
      projectId: PROJECT2,
      blockName: 'mongodbatlas_network_container.gcp',
    });
  });

  it('resolves variable defaults and locals named like ids, but not other clouds’ project ids', () => {
    expectRef(doc, `default     = "${PROJECT}"`, PROJECT, { kind: 'project', context: 'var.project_id default' });
    expectRef(doc, `analytics_project_id = "${PROJECT2}"`, PROJECT2, {
      kind: 'project',
      context: 'local.analytics_project_id',
    });
    expectNone(doc, 'default     = "analytics-prod-4821"', 'analytics-prod-4821');
  });

  it('skips heredocs and block comments, but still offers bare ids in them for a cache lookup', () => {
    expectNone(doc, 'project_id = "not-an-attribute-in-a-heredoc"', 'not-an-attribute-in-a-heredoc');
    expectNone(doc, 'container_id = "this is a comment, not an attribute"', 'this is a comment');
    expectRef(doc, `Peering id ${PEER_GCP} lives`, PEER_GCP, { kind: 'unknown', source: 'bare' });
  });

  it('findAllReferences lists every id once, sorted, each slicing back to its token', () => {
    const all = findAllReferences(doc.text, doc);
    for (let i = 1; i < all.length; i++) {
      assert.ok(all[i].range.start >= all[i - 1].range.end, 'sorted and non-overlapping');
    }
    for (const r of all) {
      assert.equal(doc.text.slice(r.range.start, r.range.end), r.id);
    }
    const count = (kind: string) => all.filter((r) => r.kind === kind && r.source === 'terraform').length;
    assert.equal(count('peer'), 5);
    assert.equal(count('container'), 4);
    assert.equal(count('project'), 12);
    for (const r of all.filter((x) => x.source === 'terraform')) {
      assert.equal(typeof r.blockStart, 'number', `blockStart of ${r.context}`);
      assert.ok(r.blockName, `blockName of ${r.context}`);
    }
    // Mutating a result must not change what the next caller gets (results are copies of a memo).
    all[0].range.start = -5;
    assert.notEqual(findAllReferences(doc.text, doc)[0].range.start, -5);
  });

  it('works from the language id alone (untitled documents)', () => {
    const r = findReference(
      doc.text,
      { fileName: 'Untitled-1', languageId: 'terraform' },
      locate(doc.text, `peering_id = "${PEER_AWS}"`, PEER_AWS),
    );
    assert.equal(r?.kind, 'peer');
  });
});

describe('findReference: .tfvars', () => {
  const doc = load('terraform/terraform.tfvars');
  it('resolves top-level values named like Atlas ids', () => {
    expectRef(doc, `project_id       = "${PROJECT}"`, PROJECT, { kind: 'project', source: 'terraform' });
    expectRef(doc, `peer_id          = "${PEER_AWS}"`, PEER_AWS, { kind: 'peer' });
    expectNone(doc, '"analytics-stg-1234"', 'analytics-stg-1234');
  });
});

describe('findReference: Terraform state (.tfstate)', () => {
  const doc = load('terraform/terraform.tfstate');

  it('pairs peer_id with the same instance’s project_id and provider_name', () => {
    const blockStart = doc.text.lastIndexOf(
      '{',
      doc.text.indexOf('"attributes"', doc.text.indexOf('"name": "aws_payments"')),
    );
    expectRef(doc, `"peer_id": "${PEER_AWS}"`, PEER_AWS, {
      kind: 'peer',
      projectId: PROJECT,
      provider: 'AWS',
      source: 'tfstate',
      context: 'mongodbatlas_network_peering.aws_payments peer_id',
      blockName: 'mongodbatlas_network_peering.aws_payments',
      blockStart,
    });
    expectRef(doc, `"atlas_id": "${PEER_AWS}"`, PEER_AWS, { kind: 'peer', projectId: PROJECT });
  });

  it('includes index keys and data sources in the address', () => {
    expectRef(doc, `"atlas_id": "${PEER_GCP}"`, PEER_GCP, {
      kind: 'peer',
      projectId: PROJECT2,
      provider: 'GCP',
      blockName: 'mongodbatlas_network_peering.gcp_analytics["analytics"]',
    });
    expectRef(doc, `"peering_id": "${PEER_AWS}"`, PEER_AWS, {
      kind: 'peer',
      projectId: PROJECT,
      context: 'data.mongodbatlas_network_peering.payments peering_id',
    });
  });

  it('resolves container and project ids of container instances', () => {
    const around = `"container_id": "${CONTAINER_AWS}",\n            "gcp_project_id"`;
    expectRef(doc, around, CONTAINER_AWS, {
      kind: 'container',
      projectId: PROJECT,
      provider: 'AWS',
      context: 'mongodbatlas_network_container.aws_us_east_1 container_id',
    });
    expectRef(doc, `"project_id": "${PROJECT2}"`, PROJECT2, { kind: 'project', source: 'tfstate' });
  });

  it('ignores encoded state ids, other providers’ resources and non-id fields', () => {
    expectNone(
      doc,
      '"id": "cGVlcl9pZA==:NWNiZjU2M2Q4N2Q5ZDY3MjUzYmU1OTBh-cHJvamVjdF9pZA==:MTExMjIyMmIzYmY5OTQwMzg0MGU4OTM0"',
      'cGVlcl9pZA',
    );
    expectNone(doc, '"peer_id": "pcx-0f1e2d3c4b5a69788"', 'pcx-0f1e2d3c4b5a69788');
    expectNone(doc, '"lineage": "3f2c9a1e-7b4d-4e8a-9c1f-0a2b3c4d5e6f"', '3f2c9a1e');
  });

  it('is recognised as state by .tfstate.backup too, and not by languageId json alone', () => {
    const offset = locate(doc.text, `"peer_id": "${PEER_AWS}"`, PEER_AWS);
    assert.equal(
      findReference(doc.text, { fileName: '/x/terraform.tfstate.backup', languageId: 'json' }, offset)?.source,
      'tfstate',
    );
    assert.equal(findReference(doc.text, { fileName: '/x/state.json', languageId: 'json' }, offset)?.source, 'bare');
  });
});
