import * as vscode from 'vscode';
import { formatAtlasError } from './atlas';
import type { CommandId } from './config/pure/commands';
import { compose, type TestApi } from './composition';
import { CredentialStorageError } from './credentials/credentialStore';
import { createLogger, shownText } from './logging/log';

const log = createLogger('extension');

/**
 * Activation does no network and no file scanning: the tree loads when its view is shown.
 * Returns the test API only in an extension host started for tests; in production nothing, so
 * that no other extension reaches credentials, clients or sessions through `exports`.
 */
export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const started = performance.now();
  const app = compose(context);
  context.subscriptions.push(...app.disposables.map((d) => ({ dispose: () => void d.dispose() })).reverse());
  for (const [id, handler] of Object.entries(app.commands)) {
    if (handler) {
      context.subscriptions.push(registerCommand(id as CommandId, handler));
    }
  }
  const activationMs = performance.now() - started;
  return context.extensionMode === vscode.ExtensionMode.Test ? app.testApi(activationMs) : undefined;
}

/** The one error wrapper: a failing command becomes one error message and one log line. */
function registerCommand(id: CommandId, handler: (...args: unknown[]) => unknown): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    // What it was run on, by kind only (a tree node's kind, a string's length): no id, no Atlas text.
    log.info(`command ${id} on ${argumentKind(args[0])}`);
    try {
      return await handler(...args);
    } catch (e) {
      const message = e instanceof CredentialStorageError ? e.userMessage : formatAtlasError(e).message;
      log.error(`command ${id} failed`, e);
      // Atlas text (detail, error_description) can hold a command link: shown inert and capped, in full in the log.
      void vscode.window.showErrorMessage(shownText(message));
      return undefined;
    }
  });
}

function argumentKind(arg: unknown): string {
  if (arg === undefined || arg === null) {
    return 'no argument';
  }
  const kind = typeof arg === 'object' ? (arg as { kind?: unknown }).kind : undefined;
  // Another extension may run our commands with any object: only a word-like kind is logged.
  if (typeof kind === 'string' && /^[a-z]{1,16}$/.test(kind)) {
    return `a ${kind} node`;
  }
  return `a ${typeof arg}`;
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
