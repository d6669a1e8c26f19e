import * as assert from 'node:assert/strict';
import { MAX_UI_TEXT, uiText, uiTextParts } from '../../../src/util/uiText';

describe('uiText (server and file text in notifications, QuickPicks, CodeLens titles, the status bar)', () => {
  it('leaves no markdown command link or icon that VS Code would render', () => {
    const detail = 'Bad [Retry](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D) $(alert)';
    const shown = uiText(detail);
    assert.doesNotMatch(shown, /\]\s*\(/, 'a link survived');
    assert.doesNotMatch(shown, /\$\(/, 'an icon survived');
    assert.equal(shown.replace(/\u200b/g, ''), detail, 'nothing else changed');
    assert.doesNotMatch(uiText('[x] (command:y)'), /\]\s*\(/);
  });

  it('caps the length and keeps it on one line, controls made visible', () => {
    const shown = uiText(`${'a'.repeat(10_000)}\n\u202eevil`);
    assert.equal(shown.length, MAX_UI_TEXT);
    assert.ok(!shown.includes('\n') && !shown.includes('\u202e'));
    assert.equal(uiText('line one\nline two \u202e'), 'line one line two \\u202e');
  });

  it('gives the whole text back when the cap cut it (for the log), and nothing when it fit', () => {
    const long = `Atlas said: ${'x'.repeat(500)} [Retry](command:evil)`;
    const parts = uiTextParts(long, 100);
    assert.equal(parts.shown.length, 100);
    assert.equal(parts.cut, long);
    assert.deepEqual(uiTextParts('short [a](command:b)', 100), { shown: uiText('short [a](command:b)', 100) });
  });
});
