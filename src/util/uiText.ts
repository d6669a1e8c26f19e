// Text from a server or a file, made fit for the VS Code strings that render markup: notification
// messages turn `[label](command:…)` into a clickable command link, and notifications, QuickPick
// items, CodeLens titles and the status bar turn `$(name)` into an icon. Pure: no `vscode` import.

import { visibleControls } from './html';

/** Longest untrusted text in one notification or label; the full text goes to the log. */
export const MAX_UI_TEXT = 300;
/** Longest untrusted name (project, profile, host, peer label) inside a label or a title. */
export const MAX_UI_NAME = 80;

// U+200B (zero-width space) between the characters breaks the link and icon syntax without changing
// what the user reads; `[` and `]` themselves stay, so Atlas text such as "[10.0.0.0/16]" reads the same.
const LINK_OR_ICON = /\]\s*\(|\$\(/g;

/** `text` on one line, at most `max` characters, with no link, icon or control character left active. */
export function uiText(text: string, max = MAX_UI_TEXT): string {
  const flat = visibleControls(String(text)).replace(/\s+/g, ' ').trim();
  const capped = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return capped.replace(LINK_OR_ICON, (m) => `${m[0]}\u200b${m.slice(1)}`);
}

/** uiText, with the whole flattened text when the cap cut it, so that the caller can log what the screen left out. */
export function uiTextParts(text: string, max = MAX_UI_TEXT): { shown: string; cut?: string } {
  const shown = uiText(text, max);
  const flat = visibleControls(String(text)).replace(/\s+/g, ' ').trim();
  return flat.length > max ? { shown, cut: flat } : { shown };
}
