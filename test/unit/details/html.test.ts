import * as assert from 'node:assert/strict';
import { buildCsp, escapeHtml, escapeText, isValidNonce, newNonce, visibleControls } from '../../../src/util/html';

describe('util/html', () => {
  it('escapeHtml escapes every markup character', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&\`</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
    assert.equal(escapeHtml('&amp;'), '&amp;amp;');
  });

  it('escapeHtml turns null, undefined and numbers into text', () => {
    assert.equal(escapeHtml(null), '');
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(42), '42');
  });

  it('visibleControls shows control, bidi and separator characters as \\u escapes but keeps tabs and newlines', () => {
    assert.equal(
      visibleControls('a\u0000b\u0007c\u001bd\u202ee\u2066f\u2028g\u0085h'),
      'a\\u0000b\\u0007c\\u001bd\\u202ee\\u2066f\\u2028g\\u0085h',
    );
    assert.equal(visibleControls('line 1\n\tline 2'), 'line 1\n\tline 2');
    assert.equal(visibleControls('Zürich – 東京'), 'Zürich – 東京');
  });

  it('escapeText escapes and makes controls visible', () => {
    assert.equal(escapeText('<b>\u0007</b>'), '&lt;b&gt;\\u0007&lt;/b&gt;');
  });

  it('newNonce returns fresh base64 nonces of 128 bits', () => {
    const a = newNonce();
    const b = newNonce();
    assert.notEqual(a, b);
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.ok(isValidNonce(a));
  });

  it('buildCsp allows only the webview source and the nonce', () => {
    const csp = buildCsp({ cspSource: 'https://*.vscode-cdn.net', nonce: 'abcdefghijklmnopqrstuv==' });
    assert.equal(
      csp,
      "default-src 'none'; style-src https://*.vscode-cdn.net; img-src https://*.vscode-cdn.net data:; script-src 'nonce-abcdefghijklmnopqrstuv=='; base-uri 'none'; form-action 'none';",
    );
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|connect-src|font-src/);
    assert.match(
      buildCsp({ cspSource: 'https://x', nonce: 'abcdefghijklmnopqrstuv==', fonts: true }),
      /font-src https:\/\/x;$/,
    );
    // default-src does not govern <base> or form targets: both must be closed explicitly.
    assert.match(csp, /base-uri 'none'/);
    assert.match(csp, /form-action 'none'/);
    assert.doesNotMatch(csp, /base-uri (?!'none')|form-action (?!'none')/);
  });

  it('buildCsp refuses nonces and sources that could inject directives', () => {
    assert.throws(() => buildCsp({ cspSource: 'https://x', nonce: "abc'; script-src *" }));
    assert.throws(() => buildCsp({ cspSource: 'https://x', nonce: 'short' }));
    assert.throws(() => buildCsp({ cspSource: "https://x; script-src 'unsafe-inline'", nonce: newNonce() }));
  });
});
