// The text of one project in a project QuickPick, shared by Look Up Peering Connection… and the
// palette path of the Generate commands (src/iac/iacPickers.ts), so that both show a project the
// same way. Names and ids come from Atlas or the settings: shownText makes them inert.

import * as vscode from 'vscode';
import { shownText } from '../logging/log';
import { MAX_UI_NAME } from '../util/uiText';

export interface ProjectPickText {
  label: string;
  description: string | undefined;
  detail: string | undefined;
}

/**
 * The project's name (or its id without one), the id beside a name, and where it came from
 * ("configured", "discovered") with the profile when there is more than one.
 */
export function projectPickText(
  groupId: string,
  name: string | undefined,
  source: string,
  profile: string | undefined,
): ProjectPickText {
  return {
    label: shownText(name || groupId, MAX_UI_NAME),
    description: name ? shownText(groupId, MAX_UI_NAME) : undefined,
    detail:
      [source, profile !== undefined ? vscode.l10n.t('profile {0}', shownText(profile, MAX_UI_NAME)) : '']
        .filter(Boolean)
        .join(' · ') || undefined,
  };
}
