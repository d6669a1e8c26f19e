// Pure HTML helpers for webviews. No `vscode` import: the renderers run in plain Node tests.
import { randomBytes } from 'node:crypto';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for both element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}

// C0/C1 controls (tab and newline are kept), bidi overrides and isolates (Trojan Source), line/paragraph
// separators and BOM: API text that contains them must not reorder or hide what is displayed.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Makes control and bidi characters visible as `\u001b`-style text, so they can neither act nor hide. */
export function visibleControls(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** escapeHtml for untrusted API text shown to the user. */
export function escapeText(value: unknown): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return escapeHtml(visibleControls(text));
}

const NONCE_PATTERN = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** A fresh CSP nonce (128 random bits, base64). Use one per render. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

export function isValidNonce(nonce: string): boolean {
  return NONCE_PATTERN.test(nonce);
}

export interface CspOptions {
  cspSource: string;
  nonce: string;
  /** Only when the page loads a font (e.g. codicons) from cspSource. */
  fonts?: boolean;
}

/**
 * The Content-Security-Policy for our webviews: nothing by default, styles and images only from the
 * extension's media folder, scripts only with this render's nonce, and no connect-src so the page
 * cannot talk to the network (the extension host calls Atlas, never the webview).
 */
export function buildCsp({ cspSource, nonce, fonts }: CspOptions): string {
  if (!isValidNonce(nonce)) {
    throw new Error('buildCsp: the nonce must be base64 text of at least 16 characters.');
  }
  // cspSource comes from VS Code (https://*.vscode-cdn.net on desktop, "'self' https://*.vscode-cdn.net" in
  // code-server); refuse anything that could end the directive or add another keyword.
  if (!/^(?:'self'|[^;,'"\s<>]+)(?:\s+(?:'self'|[^;,'"\s<>]+))*$/.test(cspSource)) {
    throw new Error('buildCsp: unexpected cspSource.');
  }
  const directives = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    // default-src does not cover these: without them injected markup could retarget relative
    // URLs (<base>) or send a form anywhere.
    "base-uri 'none'",
    "form-action 'none'",
  ];
  if (fonts) {
    directives.push(`font-src ${cspSource}`);
  }
  return directives.join('; ') + ';';
}
