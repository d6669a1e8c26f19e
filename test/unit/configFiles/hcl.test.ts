import * as assert from 'node:assert/strict';
import { scanHcl } from '../../../src/configFiles/hcl';
import { findReference } from '../../../src/configFiles';
import { expectNone, expectRef, type Doc } from './helpers';

const PROJECT = '1112222b3bf99403840e8934';
const PEER = '5cbf563d87d9d67253be590a';

describe('scanHcl', () => {
  it('reads blocks, labels, nested blocks and literal offsets', () => {
    const text = 'resource "a_b" "c" {\n  x = "v1"\n  nested {\n    y = "v2"\n  }\n  z = 3\n}\n';
    const file = scanHcl(text);
    assert.equal(file.blocks.length, 1);
    const b = file.blocks[0];
    assert.equal(b.type, 'resource');
    assert.deepEqual(
      b.labels.map((l) => l.raw),
      ['a_b', 'c'],
    );
    assert.equal(b.start, 0);
    assert.equal(b.end, text.lastIndexOf('}') + 1);
    assert.deepEqual(
      b.attributes.map((a) => a.name),
      ['x', 'z'],
    );
    const x = b.attributes[0].literal;
    assert.ok(x);
    assert.equal(text.slice(x.start, x.end), 'v1');
    assert.equal(b.attributes[1].expression, '3');
    assert.equal(b.blocks[0].type, 'nested');
    assert.equal(b.blocks[0].attributes[0].literal?.raw, 'v2');
  });

  it('skips comments of every kind and keeps their bodies', () => {
    const text = '# a = "1"\n// b = "2"\n/* c = "3"\n d = "4" */\ne = "5" # trailing\n';
    const file = scanHcl(text);
    assert.deepEqual(
      file.attributes.map((a) => a.name),
      ['e'],
    );
    assert.deepEqual(
      file.comments.map((c) => c.body.trim()),
      ['a = "1"', 'b = "2"', 'c = "3"\n d = "4"', 'trailing'],
    );
  });

  it('skips heredocs (with braces and quotes inside) and indented heredocs', () => {
    const text = 'locals {\n  a = <<EOF\n } " {\n x = "no"\nEOF\n  b = <<-EOT\n    }}}\n    EOT\n  c = "yes"\n}\n';
    const file = scanHcl(text);
    assert.deepEqual(
      file.blocks[0].attributes.map((a) => a.name),
      ['a', 'b', 'c'],
    );
    assert.equal(file.blocks[0].attributes[2].literal?.raw, 'yes');
  });

  it('understands escapes and interpolations with nested strings and braces', () => {
    const text =
      'a = "say \\"hi\\""\nb = "${lookup(var.m, "k}")}"\nc = "$${not_interpolated}"\nd = "%{ if true }x%{ endif }"\ne = "ok"\n';
    const file = scanHcl(text);
    const byName = Object.fromEntries(file.attributes.map((a) => [a.name, a]));
    assert.deepEqual(Object.keys(byName), ['a', 'b', 'c', 'd', 'e']);
    assert.equal(byName.a.literal?.raw, 'say \\"hi\\"');
    assert.equal(byName.a.literal?.template, false);
    assert.equal(byName.b.literal?.template, true);
    assert.equal(byName.c.literal?.template, false);
    assert.equal(byName.d.literal?.template, true);
    assert.equal(byName.e.literal?.raw, 'ok');
  });

  it('keeps multi-line object and list values in one attribute', () => {
    const text = 'a = {\n  k = "v"\n  l = [\n    "x",\n  ]\n}\nb = "after"\n';
    const file = scanHcl(text);
    assert.deepEqual(
      file.attributes.map((a) => a.name),
      ['a', 'b'],
    );
    assert.equal(file.attributes[0].literal, undefined);
  });

  it('survives unterminated strings, comments, heredocs and stray braces', () => {
    for (const text of [
      'a = "x',
      'a = "${',
      '/* x',
      'a = <<EOF\nno end',
      '}}}\nb = "1"',
      'resource "x" {',
      '"',
      '<<',
      '= =',
    ]) {
      assert.doesNotThrow(() => scanHcl(text));
    }
    assert.deepEqual(
      scanHcl('}}}\nb = "1"').attributes.map((a) => a.name),
      ['b'],
    );
  });
});

describe('findReference: Terraform edge cases', () => {
  it('notes a peering import id that is not PROJECTID-PEERID-PROVIDER and still returns it', () => {
    const doc: Doc = {
      fileName: 'import.tf',
      text: `import {\n  to = mongodbatlas_network_peering.x\n  id = "${PEER}"\n}\n`,
    };
    const r = expectRef(doc, `"${PEER}"`, PEER, { kind: 'peer', source: 'terraform' });
    assert.match(r.note ?? '', /PROJECTID-PEERID-PROVIDER/);
  });

  it('notes an unknown provider suffix in a peering import id', () => {
    const doc: Doc = {
      fileName: 'import.tf',
      text: `import {\n  to = module.net.mongodbatlas_network_peering.x["a"]\n  id = "${PROJECT}-${PEER}-aws2"\n}\n`,
    };
    const r = expectRef(doc, `-${PEER}-`, PEER, { kind: 'peer', projectId: PROJECT });
    assert.equal(r.provider, undefined);
    assert.match(r.note ?? '', /AWS, -AZURE or -GCP/);
  });

  it('lower-case provider suffixes still count, ids of unrelated import targets do not', () => {
    const doc: Doc = {
      fileName: 'import.tf',
      text: `import {\n  to = mongodbatlas_network_peering.x\n  id = "${PROJECT}-${PEER}-gcp"\n}\nimport {\n  to = aws_vpc.x\n  id = "vpc-123"\n}\n`,
    };
    expectRef(doc, `-${PEER}-`, PEER, { provider: 'GCP' });
    expectNone(doc, '"vpc-123"', 'vpc-123');
  });

  it('ignores id-named attributes of non-Atlas resources and nested blocks', () => {
    const doc: Doc = {
      fileName: 'x.tf',
      text: `resource "google_project" "p" {\n  project_id = "my-project"\n}\nresource "mongodbatlas_network_peering" "p" {\n  timeouts {\n    peer_id = "${PEER}0"\n  }\n}\n`,
    };
    expectNone(doc, '"my-project"', 'my-project');
    expectNone(doc, `"${PEER}0"`, `${PEER}0`);
  });

  it('resolves project_id of other mongodbatlas_* resources and module arguments', () => {
    const doc: Doc = {
      fileName: 'x.tf',
      text: `resource "mongodbatlas_advanced_cluster" "c" {\n  project_id = "${PROJECT}"\n}\nmodule "peering" {\n  source = "./peering"\n  atlas_project_id = "${PROJECT}"\n  gcp_project_id = "${PEER}"\n}\n`,
    };
    expectRef(doc, `project_id = "${PROJECT}"\n}`, PROJECT, {
      kind: 'project',
      blockName: 'mongodbatlas_advanced_cluster.c',
    });
    expectRef(doc, `atlas_project_id = "${PROJECT}"`, PROJECT, {
      kind: 'project',
      context: 'module.peering atlas_project_id',
    });
    expectRef(doc, `gcp_project_id = "${PEER}"`, PEER, { kind: 'unknown', source: 'bare' });
  });

  it('a peering in AtlasProject.spec.networkPeers without providerName is AWS (the operator default)', () => {
    const doc: Doc = {
      fileName: 'p.yaml',
      text: `kind: AtlasProject\nmetadata: {name: p}\nspec:\n  networkPeers:\n  - containerId: ${PEER}\nstatus:\n  id: ${PROJECT}\n`,
    };
    expectRef(doc, `containerId: ${PEER}`, PEER, { kind: 'container', provider: 'AWS', projectId: PROJECT });
  });

  it('an empty value is not a reference', () => {
    const text = 'data "mongodbatlas_network_peering" "x" {\n  peering_id = ""\n  project_id = "  "\n}\n';
    for (let i = 0; i <= text.length; i++) {
      assert.equal(findReference(text, { fileName: 'x.tf' }, i), undefined);
    }
  });
});
