import * as assert from 'node:assert/strict';
import { COPY_FIELDS, ERROR_ACTIONS, IAC_FORMATS, isDetailsMessage } from '../../../src/details/pure/messages';

describe('details/messages', () => {
  it('accepts every well-formed message', () => {
    for (const m of [{ type: 'ready' }, { type: 'refresh' }, { type: 'toggleWatch' }, { type: 'openInAtlas' }]) {
      assert.ok(isDetailsMessage(m), JSON.stringify(m));
    }
    for (const field of COPY_FIELDS) {
      assert.ok(isDetailsMessage({ type: 'copy', field }), field);
    }
    for (const action of ERROR_ACTIONS) {
      assert.ok(isDetailsMessage({ type: 'action', action }), action);
    }
    assert.deepEqual(IAC_FORMATS, ['terraform', 'kubernetes']);
    for (const format of IAC_FORMATS) {
      assert.ok(isDetailsMessage({ type: 'generate', format }), format);
    }
  });

  it('rejects anything else', () => {
    for (const m of [
      null,
      undefined,
      'refresh',
      42,
      [],
      [{ type: 'refresh' }],
      {},
      { type: 'REFRESH' },
      { type: 'copy' },
      { type: 'copy', field: 'peer.secret' },
      { type: 'copy', field: 'constructor' },
      { type: 'copy', field: ['peer.id'] },
      { type: 'action', action: 'workbench.action.terminal.new' },
      { type: 'action' },
      { type: 'openExternal', url: 'https://evil.example' },
      { type: 'command', command: 'workbench.action.openSettings' },
      { type: '__proto__' },
      { type: 'generate' },
      { type: 'generate', format: 'TERRAFORM' },
      { type: 'generate', format: 'pulumi' },
      { type: 'generate', format: ['terraform'] },
      { type: 'generate', format: 'toString' },
    ]) {
      assert.equal(isDetailsMessage(m), false, JSON.stringify(m));
    }
  });
});
