// One LogOutputChannel for the whole extension; modules log through createLogger(scope).
// Only ids, counts, durations and error summaries are logged: never headers, bodies or secrets.

import * as vscode from 'vscode';
import { formatAtlasError } from '../atlas/errors';
import { redactText } from '../util/redact';
import { MAX_UI_TEXT, uiTextParts } from '../util/uiText';

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

const MAX_RECENT = 2000;
/** The longest text that shownText copies to the log (an error detail of megabytes stays out of memory). */
const MAX_LOGGED_TEXT = 16_000;
let channel: vscode.LogOutputChannel | undefined;
const recent: string[] = [];

export function initLog(): vscode.LogOutputChannel {
  if (!channel) {
    channel = vscode.window.createOutputChannel('Atlas Peering', { log: true });
  }
  return channel;
}

/** The last lines logged in this session, for the integration tests' secret checks. */
export function recentLogLines(): readonly string[] {
  return recent;
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error';

function write(level: Level, scope: string, message: string): void {
  // Belt and braces: a token or auth header that slipped into a message is scrubbed here.
  const line = `[${scope}] ${redactText(message, [])}`;
  recent.push(`${level} ${line}`);
  if (recent.length > MAX_RECENT) {
    recent.splice(0, recent.length - MAX_RECENT);
  }
  const c = channel ?? initLog();
  c[level](line);
}

/** A short, safe description of a thrown value (never the object itself). */
export function describeError(e: unknown): string {
  const name = e instanceof Error ? e.name : typeof e;
  return `${name}: ${formatAtlasError(e).message}`;
}

export function createLogger(scope: string): Logger {
  return {
    trace: (m) => write('trace', scope, m),
    debug: (m) => write('debug', scope, m),
    info: (m) => write('info', scope, m),
    warn: (m) => write('warn', scope, m),
    error: (m, e) => write('error', scope, e === undefined ? m : `${m}: ${describeError(e)}`),
  };
}

/**
 * Text from a server, a file or a setting, fit for a notification, QuickPick, CodeLens or progress title
 * (see uiText: no command link, no icon, one line, capped). When the cap cut it, the whole text goes
 * to the log, so that a long Atlas detail can still be read in full.
 */
export function shownText(text: string, max = MAX_UI_TEXT): string {
  const { shown, cut } = uiTextParts(text, max);
  if (cut !== undefined) {
    write('info', 'ui', `shown shortened; in full: ${cut.slice(0, MAX_LOGGED_TEXT)}`);
  }
  return shown;
}
