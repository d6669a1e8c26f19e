// Small building blocks of the details pages: rows, sections, buttons and the page shell. Pure.
// Every interpolated value goes through escapeHtml/escapeText.
import { buildCsp, escapeHtml, escapeText } from '../../util/html';
import { CopyField } from './messages';

export interface RenderEnv {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** For "fetched … ago"; defaults to the current time. */
  now?: Date;
}

export function notSet(text = 'not set'): string {
  return `<span class="none">${escapeHtml(text)}</span>`;
}

export function copyButton(field: CopyField, what: string): string {
  return `<button type="button" class="copy" data-action="copy" data-field="${escapeHtml(field)}" aria-label="Copy ${escapeText(what)}" title="Copy ${escapeText(what)}">Copy</button>`;
}

export interface Row {
  label: string;
  /** The API field name, shown small so users can map it to Terraform, YAML or the CLI. */
  api?: string;
  value: string | null | undefined;
  /** Ids, CIDRs and names are monospace. */
  mono?: boolean;
  copy?: CopyField;
  /** Muted text after the value, e.g. where a fallback came from. */
  note?: string;
  /** Text for a missing value instead of "not set". */
  missing?: string;
  /** Keep newlines (error text, JSON). */
  multiline?: boolean;
}

export function row(r: Row): string {
  const has = r.value !== null && r.value !== undefined && r.value !== '';
  const classes = ['value', r.mono ? 'mono' : '', r.multiline ? 'multiline' : ''].filter(Boolean).join(' ');
  const value = has ? `<span class="${classes}">${escapeText(r.value)}</span>` : notSet(r.missing);
  const note = r.note ? ` <span class="note">${escapeText(r.note)}</span>` : '';
  const copy = has && r.copy ? ` ${copyButton(r.copy, r.label)}` : '';
  const api = r.api ? `<span class="api">${escapeHtml(r.api)}</span>` : '';
  return `<div class="field"><dt><span class="label">${escapeText(r.label)}</span>${api}</dt><dd>${value}${note}${copy}</dd></div>`;
}

export function section(id: string, title: string, body: string, extraClass = ''): string {
  return `<section class="section${extraClass ? ` ${extraClass}` : ''}" aria-labelledby="${id}"><h2 id="${id}">${escapeText(title)}</h2>${body}</section>`;
}

export function fieldList(rows: Row[]): string {
  return `<dl class="fields">${rows.map(row).join('')}</dl>`;
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local wall-clock time, HH:MM:SS. */
export function formatClock(date: Date): string {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

export function page(title: string, body: string, env: RenderEnv, bodyClass: string): string {
  const csp = buildCsp({ cspSource: env.cspSource, nonce: env.nonce });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(env.styleUri)}">
<title>${escapeText(title)}</title>
</head>
<body class="${escapeHtml(bodyClass)}">
${body}
<div id="live" class="sr-only" role="status" aria-live="polite"></div>
<script nonce="${escapeHtml(env.nonce)}" src="${escapeHtml(env.scriptUri)}"></script>
</body>
</html>
`;
}

export function button(
  action: string,
  label: string,
  opts: { primary?: boolean; id?: string; pressed?: boolean; title?: string; extra?: string } = {},
): string {
  const attrs = [
    'type="button"',
    `class="btn${opts.primary ? ' btn--primary' : ' btn--secondary'}"`,
    `data-action="${escapeHtml(action)}"`,
    opts.id ? `id="${escapeHtml(opts.id)}"` : '',
    opts.pressed !== undefined ? `aria-pressed="${opts.pressed ? 'true' : 'false'}"` : '',
    opts.title ? `title="${escapeText(opts.title)}"` : '',
    opts.extra ?? '',
  ].filter(Boolean);
  return `<button ${attrs.join(' ')}>${escapeText(label)}</button>`;
}

export function isHttpsUrl(url: string | undefined): boolean {
  if (!url) {
    return false;
  }
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}
