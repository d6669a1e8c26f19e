// Arguments of the lookup command and the recent-lookups list (pure; no request is involved).

import * as assert from 'node:assert/strict';
import {
  addRecentLookup,
  checkPeerInput,
  MAX_RECENT_LOOKUPS,
  parseLookupArgs,
  readRecentLookups,
  RecentLookup,
} from '../../../src/lookup/pure/lookupArgs';

const G = '0123456789abcdef01234567';
const P = 'fedcba9876543210fedcba98';

describe('lookup arguments', () => {
  it('means "ask" without arguments', () => {
    assert.deepEqual(parseLookupArgs([]), { kind: 'none' });
    assert.deepEqual(parseLookupArgs([undefined]), { kind: 'none' });
  });

  it('accepts an object, a tree peer node and positional ids', () => {
    assert.deepEqual(parseLookupArgs([{ groupId: G, peerId: P }]), {
      kind: 'ok',
      target: { groupId: G, peer: { kind: 'id', id: P } },
    });
    assert.deepEqual(parseLookupArgs([{ kind: 'peer', projectId: G, peer: { id: P }, profile: 'work' }]), {
      kind: 'ok',
      target: { groupId: G, peer: { kind: 'id', id: P }, profile: 'work' },
    });
    assert.deepEqual(parseLookupArgs([` ${G}`, `${P}\n`, 'prod']), {
      kind: 'ok',
      target: { groupId: G, peer: { kind: 'id', id: P }, profile: 'prod' },
    });
  });

  it('accepts AWS pcx- ids of 8 and 17 hex digits', () => {
    assert.deepEqual(checkPeerInput('pcx-0123456789abcdef0'), {
      ok: true,
      peer: { kind: 'pcx', connectionId: 'pcx-0123456789abcdef0' },
    });
    assert.deepEqual(checkPeerInput('pcx-1a2b3c4d'), { ok: true, peer: { kind: 'pcx', connectionId: 'pcx-1a2b3c4d' } });
    const upper = checkPeerInput('PCX-0123456789ABCDEF0');
    assert.ok(!upper.ok && /lowercase/.test(upper.message));
    assert.ok(!checkPeerInput('pcx-123').ok);
  });

  it('refuses malformed input with a message', () => {
    for (const args of [
      [{ groupId: 'x', peerId: P }],
      [{ groupId: G, peerId: 'vpc-0123' }],
      [G],
      [42],
      [{ groupId: G, peerId: P, profile: 'a b' }],
      [{ groupId: G, peerId: P.toUpperCase() }],
    ]) {
      const r = parseLookupArgs(args);
      assert.equal(r.kind, 'invalid', JSON.stringify(args));
      assert.ok(r.kind === 'invalid' && r.message.length > 10);
    }
  });
});

describe('recent lookups', () => {
  const entry = (i: number): RecentLookup => ({
    profile: 'default',
    groupId: G,
    peerId: i.toString(16).padStart(24, '0'),
    label: `vpc-${i}`,
    at: i,
  });

  it('puts the newest first, without duplicates, at most MAX_RECENT_LOOKUPS', () => {
    let list: RecentLookup[] = [];
    for (let i = 0; i < MAX_RECENT_LOOKUPS + 5; i++) {
      list = addRecentLookup(list, entry(i));
    }
    list = addRecentLookup(list, entry(10));
    assert.equal(list.length, MAX_RECENT_LOOKUPS);
    assert.equal(list[0].peerId, entry(10).peerId);
    assert.equal(new Set(list.map((l) => l.peerId)).size, list.length);
  });

  it('drops malformed stored entries and unknown fields', () => {
    const read = readRecentLookups([
      { profile: 'default', groupId: G, peerId: P, label: 'a\u202eb', secret: 'x', provider: 'AWS', at: 1 },
      { profile: 'default', groupId: 'nope', peerId: P },
      'junk',
      null,
    ]);
    assert.equal(read.length, 1);
    assert.deepEqual(Object.keys(read[0]).sort(), ['at', 'groupId', 'label', 'peerId', 'profile', 'provider']);
    assert.equal(read[0].label, 'a b');
    assert.deepEqual(readRecentLookups({}), []);
  });
});
