import * as assert from 'node:assert/strict';
import {
  EMPTY_SNAPSHOT,
  MAX_SNAPSHOT_BYTES,
  MAX_SNAPSHOT_ENTRIES,
  MAX_SNAPSHOT_NAME,
  asOfText,
  entryFor,
  parseSnapshotFile,
  serializeSnapshot,
  snapshotKey,
  snapshotProjects,
  withEntry,
  withoutProfile,
  type SnapshotEntry,
} from '../../../src/tree/pure/treeSnapshot';

const id = (n: number): string => n.toString(16).padStart(24, '0');
const summary = { count: 3, worst: 'needsAction' as const, transitional: 1, needsAction: 1, failed: 0 };

function entry(profile: string, key: string, savedAt: number, projects = 2): SnapshotEntry {
  return {
    key,
    profile,
    savedAt,
    projects: Array.from({ length: projects }, (_, i) => ({ id: id(i + 1), name: `project ${i}`, summary })),
  };
}

describe('tree/treeSnapshot', () => {
  it('keys an entry by profile, base URL and the public half of the credentials, and names none of them', () => {
    const key = snapshotKey('default', 'https://cloud.mongodb.com', 'serviceAccount:mdb_sa_id_1');
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.notEqual(key, snapshotKey('default', 'https://cloud.mongodb.com', 'serviceAccount:mdb_sa_id_2'));
    assert.notEqual(key, snapshotKey('default', 'https://cloud-qa.mongodb.com', 'serviceAccount:mdb_sa_id_1'));
    assert.notEqual(key, snapshotKey('other', 'https://cloud.mongodb.com', 'serviceAccount:mdb_sa_id_1'));
    // No separator trick makes two triples collide.
    assert.notEqual(snapshotKey('a', 'b\0c', 'd'), snapshotKey('a\0b', 'c', 'd'));
    const text = serializeSnapshot(withEntry(EMPTY_SNAPSHOT, entry('default', key, 1)));
    assert.ok(!text.includes('mdb_sa_id_1') && !text.includes('cloud.mongodb.com'), 'neither credential nor host');
  });

  it('reads back what it writes, with ids, names, organizations and summaries only', () => {
    const key = snapshotKey('p', 'u', 'c');
    const written = withEntry(EMPTY_SNAPSHOT, {
      key,
      profile: 'p',
      savedAt: 1_700_000_000_000,
      projects: [
        { id: id(1), name: 'Production', orgId: id(99), summary },
        { id: id(2), name: 'Empty' },
      ],
    });
    const read = parseSnapshotFile(serializeSnapshot(written));
    assert.deepEqual(read, written);
    const e = entryFor(read, key);
    assert.ok(e);
    assert.deepEqual(
      snapshotProjects(e).map((p) => [p.id, p.name, p.orgId]),
      [
        [id(1), 'Production', id(99)],
        [id(2), 'Empty', null],
      ],
    );
    assert.equal(entryFor(read, snapshotKey('p', 'u', 'other')), undefined);
  });

  it('cuts long names and drops what is not an id when writing, so that the entry reads back', () => {
    const key = snapshotKey('p', 'u', 'c');
    const written = withEntry(EMPTY_SNAPSHOT, {
      key,
      profile: 'p',
      savedAt: 5,
      projects: [
        { id: id(1), name: 'x'.repeat(10_000), orgId: 'not-an-org' },
        { id: 'not-a-project', name: 'bad' },
      ],
    });
    const read = parseSnapshotFile(serializeSnapshot(written));
    const projects = entryFor(read, key)?.projects ?? [];
    assert.equal(projects.length, 1);
    assert.equal(projects[0].name.length, MAX_SNAPSHOT_NAME);
    assert.equal(projects[0].orgId, undefined);
  });

  it('reads anything else as empty, or drops the entry that does not parse exactly', () => {
    const good = entry('p', snapshotKey('p', 'u', 'c'), 10);
    const file = (entries: unknown[]): string => JSON.stringify({ version: 1, entries });
    for (const text of [undefined, '', 'not json', 'null', '[]', '{"version":2,"entries":[]}', '{"version":1}']) {
      assert.deepEqual(parseSnapshotFile(text), EMPTY_SNAPSHOT, String(text));
    }
    assert.deepEqual(parseSnapshotFile('x'.repeat(MAX_SNAPSHOT_BYTES + 1)), EMPTY_SNAPSHOT);
    const bad: unknown[] = [
      { ...good, key: 'short' },
      { ...good, savedAt: -1 },
      { ...good, projects: [{ id: id(1), name: 5 }] },
      { ...good, projects: [{ id: '../../etc', name: 'x' }] },
      { ...good, projects: [{ id: id(1), name: 'x', summary: { ...summary, worst: '<img>' } }] },
      { ...good, projects: [{ id: id(1), name: 'x', summary: { ...summary, failed: 99 } }] },
      { ...good, projects: [{ id: id(1), name: 'x', summary: { ...summary, count: 1.5 } }] },
    ];
    for (const b of bad) {
      assert.deepEqual(parseSnapshotFile(file([b, good])).entries, [good], JSON.stringify(b).slice(0, 120));
    }
    // A key seen twice: the first one counts.
    assert.equal(parseSnapshotFile(file([good, { ...good, savedAt: 11 }])).entries.length, 1);
  });

  it('keeps the newest entries, replaces the one of the same key, and forgets a profile on Sign Out', () => {
    let f = EMPTY_SNAPSHOT;
    for (let i = 0; i < MAX_SNAPSHOT_ENTRIES + 3; i++) {
      f = withEntry(f, entry(`p${i}`, snapshotKey(`p${i}`, 'u', 'c'), i));
    }
    assert.equal(f.entries.length, MAX_SNAPSHOT_ENTRIES);
    assert.equal(f.entries[0].profile, `p${MAX_SNAPSHOT_ENTRIES + 2}`, 'newest first');
    assert.ok(!f.entries.some((e) => e.profile === 'p0'), 'the oldest went');
    const again = withEntry(f, entry('p5', snapshotKey('p5', 'u', 'c'), 100, 1));
    assert.equal(again.entries.length, MAX_SNAPSHOT_ENTRIES);
    assert.equal(again.entries.filter((e) => e.profile === 'p5').length, 1);
    assert.equal(again.entries[0].projects.length, 1);
    assert.ok(!withoutProfile(again, 'p5').entries.some((e) => e.profile === 'p5'));
    assert.equal(withoutProfile(again, 'p5').entries.length, MAX_SNAPSHOT_ENTRIES - 1);
    assert.equal(withoutProfile(again).entries.length, 0);
  });

  it('drops the oldest entries until the file fits its bound', () => {
    let f = EMPTY_SNAPSHOT;
    // Each entry about 1.4 MB: three do not fit in 4 MB.
    for (let i = 0; i < 3; i++) {
      const e = entry(`p${i}`, snapshotKey(`p${i}`, 'u', 'c'), i, 5_000);
      e.projects = e.projects.map((p) => ({ ...p, name: 'n'.repeat(200) }));
      f = withEntry(f, e);
    }
    const text = serializeSnapshot(f);
    assert.ok(text.length <= MAX_SNAPSHOT_BYTES, `${text.length} bytes`);
    const kept = parseSnapshotFile(text).entries.map((e) => e.profile);
    assert.deepEqual(kept, ['p2', 'p1']);
  });

  it('says "as of HH:MM" the same day and adds the date otherwise', () => {
    const at = new Date(2026, 11, 3, 9, 5).getTime();
    assert.equal(asOfText(at, new Date(2026, 11, 3, 23, 59).getTime()), 'as of 09:05');
    assert.equal(asOfText(at, new Date(2026, 11, 4, 0, 1).getTime()), 'as of 2026-12-03 09:05');
  });
});
