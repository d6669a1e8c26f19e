import * as assert from 'node:assert/strict';
import {
  groupByOrganization,
  orgDescription,
  orgNodeId,
  parentIdOf,
  projectNodeId,
  type ProjectNode,
} from '../../../src/tree/pure/treeModel';
import {
  EMPTY_SNAPSHOT,
  parseSnapshotFile,
  serializeSnapshot,
  snapshotKey,
  withEntry,
} from '../../../src/tree/pure/treeSnapshot';

const hex = (n: number): string => n.toString(16).padStart(24, '0');
const project = (n: number, orgId: string | null, name = `p${n}`): ProjectNode => ({
  kind: 'project',
  id: projectNodeId('default', hex(n)),
  profile: 'default',
  projectId: hex(n),
  name,
  configured: false,
  orgId,
});

describe('tree/organizations', () => {
  it('adds no level while the projects are in one organization (or none)', () => {
    const one = [project(1, hex(100)), project(2, hex(100)), project(3, null)];
    const level = groupByOrganization('default', one, new Map());
    assert.deepEqual(level.top, one);
    assert.equal(level.orgChildren.size, 0);
    assert.equal(parentIdOf(level.top[0], false), undefined);
  });

  it('groups by organization, sorted by name (the id when unnamed), projects without one first', () => {
    const projects = [project(1, hex(200)), project(2, hex(100)), project(3, null, 'configured'), project(4, hex(300))];
    const names = new Map([
      [hex(100), 'Zeta'],
      [hex(200), 'Alpha'],
    ]);
    const level = groupByOrganization('default', projects, names);
    assert.deepEqual(
      level.top.map((n) => n.name),
      ['configured', hex(300), 'Alpha', 'Zeta'], // an unnamed organization sorts by its id
    );
    const alpha = orgNodeId('default', hex(200));
    const children = level.orgChildren.get(alpha) ?? [];
    assert.deepEqual(
      children.map((p) => p.projectId),
      [hex(1)],
    );
    // Each grouped project hangs under its organization (reveal walks this), at every profile level.
    assert.equal(parentIdOf(children[0], false), alpha);
    assert.equal(parentIdOf(children[0], true), alpha);
    const org = level.top.find((n) => n.kind === 'org' && n.orgId === hex(200));
    assert.ok(org);
    assert.equal(parentIdOf(org, true), 'default');
    assert.equal(parentIdOf(org, false), undefined);
    // The project's own id does not change with grouping: its expansion survives.
    assert.equal(children[0].id, projects[0].id);
    assert.equal(projects[0].orgNodeId, undefined, 'the input is not changed');
  });

  it('describes an organization by its projects and what needs the user', () => {
    assert.equal(orgDescription(1, { needsAction: 0, failed: 0 }), '1 project');
    assert.equal(orgDescription(4, { needsAction: 1, failed: 2 }), '4 projects · 1 needs you · 2 failed');
    assert.equal(orgDescription(4, { needsAction: 3, failed: 0 }), '4 projects · 3 need you');
  });

  it('keeps organization names in the snapshot, and drops an entry whose organizations do not parse', () => {
    const key = snapshotKey('default', 'u', 'c');
    const file = withEntry(EMPTY_SNAPSHOT, {
      key,
      profile: 'default',
      savedAt: 1,
      projects: [{ id: hex(1), name: 'p', orgId: hex(100) }],
      orgs: [
        { id: hex(100), name: 'Alpha' },
        { id: 'bad', name: 'dropped on write' },
      ],
    });
    const read = parseSnapshotFile(serializeSnapshot(file));
    assert.deepEqual(read.entries[0].orgs, [{ id: hex(100), name: 'Alpha' }]);
    const text = JSON.stringify({ version: 1, entries: [{ ...read.entries[0], orgs: [{ id: 'x', name: 1 }] }] });
    assert.equal(parseSnapshotFile(text).entries.length, 0);
  });
});
