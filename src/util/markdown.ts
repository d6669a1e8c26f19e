// Markdown-inert text for hovers and tree tooltips. Every value that comes from Atlas or from a
// file goes through `md()` or `code()` before it is put in a MarkdownString: a connection name or an
// error text is attacker-controllable, and a trusted MarkdownString would otherwise run
// `[x](command:…)` links in it. Pure: no `vscode` import.

/** Default limit for one value; error texts get more room. */
export const MAX_VALUE_LENGTH = 200;

// C0/C1 controls, zero-width and bidi-override characters ("Trojan Source"), BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
const CODE_SAFE = /^[A-Za-z0-9._:/@+=,-]+$/;

/** Plain text: whitespace runs become one space, invisible characters go, long values are cut. */
export function cleanText(value: unknown, max = MAX_VALUE_LENGTH): string {
  let s = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  // Cut early so that a 100 KB value costs no more than a short one.
  if (s.length > max * 4) {
    s = s.slice(0, max * 4);
  }
  s = s.replace(/\s+/g, ' ').replace(INVISIBLE, '').trim();
  const chars = Array.from(s);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : s;
}

/**
 * Markdown-inert text: every ASCII punctuation character is backslash-escaped (CommonMark allows
 * that for all of them), so no link, image, HTML tag, entity, emphasis, `$(icon)` or autolink
 * (`https\://`, `www\.`) can form.
 */
export function md(value: unknown, max = MAX_VALUE_LENGTH): string {
  return (
    cleanText(value, max)
      .replace(ASCII_PUNCTUATION, '\\$&')
      // VS Code keeps `$(icon)` literal only when written exactly `\$(icon)`: with the parentheses
      // escaped too, the markdown unescapes them and the renderer draws the icon after all.
      .replace(
        /\\\$\\\(((?:[A-Za-z0-9]|\\[-~])*)\\\)/g,
        (_m, name: string) => `\\$(${name.replace(/\\([-~])/g, '$1')})`,
      )
  );
}

/** An id-like value in a code span when it has only safe characters, else escaped text. */
export function code(value: unknown, max = MAX_VALUE_LENGTH): string {
  const s = cleanText(value, max);
  return CODE_SAFE.test(s) ? `\`${s}\`` : md(s, max);
}
