// The fixes an Atlas error offers (Set Credentials, Retry, Open Settings, the access-list and role
// docs), run the same way from the details panel's buttons and from the lookup's notifications.

import * as vscode from 'vscode';
import type { ErrorAction } from '../atlas';
import { Commands } from '../config/pure/commands';
import type { SessionLookup } from '../credentials/pure/sessionLookup';
import type { DetailsErrorAction } from './pure/messages';

const DOCS_API_ACCESS = 'https://www.mongodb.com/docs/atlas/configure-api-access/';

/**
 * Runs the fix an error offers. 'retry' and 'refresh' call `retry`; the others open the place where
 * the user fixes it.
 */
export async function runErrorAction(action: ErrorAction, retry: () => unknown): Promise<void> {
  switch (action) {
    case 'setCredentials':
      await vscode.commands.executeCommand(Commands.setCredentials);
      return;
    case 'openSettings':
      await vscode.commands.executeCommand('workbench.action.openSettings', 'atlasPeering');
      return;
    case 'checkAccessList':
    case 'checkRole':
      await vscode.env.openExternal(vscode.Uri.parse(DOCS_API_ACCESS));
      return;
    case 'retry':
    case 'refresh':
      await retry();
      return;
  }
}

/** The fix to offer when a profile has no usable session. */
export function unavailableActions(lookup: Exclude<SessionLookup, { kind: 'ready' }>): ErrorAction[] {
  const action = lookup.kind === 'noCredentials' ? 'setCredentials' : lookup.action;
  return action ? [action] : [];
}

export function errorActionLabel(action: ErrorAction): string {
  // Notification buttons; the webview's buttons come from the pure renderer's ERROR_ACTION_LABELS (English).
  const labels: Record<DetailsErrorAction, () => string> = {
    setCredentials: () => vscode.l10n.t('Set Credentials'),
    retry: () => vscode.l10n.t('Retry'),
    openSettings: () => vscode.l10n.t('Open Settings'),
    checkAccessList: () => vscode.l10n.t('Check IP Access List'),
    checkRole: () => vscode.l10n.t('Check Project Role'),
    refresh: () => vscode.l10n.t('Refresh'),
  };
  return labels[action]();
}
