import * as assert from 'node:assert/strict';
import { targetOf } from '../../../src/iac/pure/target';

const GROUP = '5f1a2b3c4d5e6f7a8b9c0d1e';
const PEER = '6a1b2c3d4e5f6a7b8c9d0e1f';

describe('iac/target', () => {
  it('reads a peer node, a project node and a { profile, groupId, peerId? } reference', () => {
    assert.deepEqual(targetOf({ kind: 'peer', projectId: GROUP, profile: 'prod', peer: { id: PEER } }), {
      profile: 'prod',
      groupId: GROUP,
      peerId: PEER,
    });
    assert.deepEqual(targetOf({ kind: 'project', projectId: GROUP }), {
      profile: undefined,
      groupId: GROUP,
      peerId: undefined,
    });
    assert.deepEqual(targetOf({ groupId: GROUP, peerId: PEER, profile: 'default' }), {
      profile: 'default',
      groupId: GROUP,
      peerId: PEER,
    });
    assert.deepEqual(targetOf({ groupId: GROUP }), { profile: undefined, groupId: GROUP, peerId: undefined });
  });

  it('refuses references whose ids are not Atlas ids, so no such text reaches a request', () => {
    for (const arg of [
      undefined,
      null,
      GROUP,
      [GROUP, PEER],
      {},
      { groupId: 'not-an-id', peerId: PEER },
      { groupId: `${GROUP}/../orgs`, peerId: PEER },
      { groupId: GROUP.toUpperCase() },
      { groupId: GROUP, peerId: 'pcx-0123456789abcdef0' },
      { groupId: GROUP, peerId: `${PEER}?x=1` },
      { groupId: GROUP, peerId: 42 },
      { groupId: GROUP, peerId: null },
      { kind: 'peer', projectId: GROUP },
    ]) {
      assert.equal(targetOf(arg), undefined, JSON.stringify(arg));
    }
  });
});
