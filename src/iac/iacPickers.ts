// What Generate Terraform… and Generate Kubernetes Manifest… ask when the palette runs them with
// no argument: which project (the configured ones, then those the credentials discover, shown as
// Look Up Peering Connection… shows them), then
// which of its peers, or all of them. Every label from Atlas or the settings goes through
// shownText, so a hostile name cannot turn into a link or an icon; cancelling a pick returns undefined.

import * as vscode from 'vscode';
import { formatAtlasError, peerLabel, PROVIDER_LABELS, type Peer } from '../atlas';
import type { SessionManager } from '../credentials/sessions';
import { createLogger, shownText } from '../logging/log';
import { projectPickText } from '../lookup/projectPickItem';
import { MAX_UI_NAME } from '../util/uiText';

const log = createLogger('iac');

/** The settings the pickers read (a subset of Settings). */
export interface IacPickerSettings {
  readonly projects: readonly { id: string; name?: string; profile?: string }[];
  readonly discoverProjects: boolean;
  readonly profiles: readonly { name: string }[];
  readonly defaultProfile: string;
}

export interface PickedTarget {
  profile: string;
  groupId: string;
  /** Undefined for every peer of the project. */
  peerId: string | undefined;
}

type ProjectItem = vscode.QuickPickItem & { groupId: string; profile: string; name?: string };
type PeerItem = vscode.QuickPickItem & { peerId: string | undefined };

/** Configured projects first, then the ones each profile's credentials list (a failed listing is logged). */
async function projectItems(sessions: SessionManager, settings: IacPickerSettings): Promise<ProjectItem[]> {
  const defaultProfile = settings.defaultProfile;
  const profiles = settings.profiles.map((p) => p.name);
  const showProfile = profiles.length > 1;
  const items = new Map<string, ProjectItem>();
  const add = (groupId: string, profile: string, name: string | undefined, source: string): void => {
    const key = `${profile}/${groupId}`;
    if (items.has(key)) {
      return;
    }
    items.set(key, {
      groupId,
      profile,
      name,
      ...projectPickText(groupId, name, source, showProfile ? profile : undefined),
    });
  };
  for (const p of settings.projects) {
    add(p.id, p.profile ?? defaultProfile, p.name, vscode.l10n.t('configured'));
  }
  if (settings.discoverProjects) {
    for (const profile of profiles) {
      const session = await sessions.get(profile);
      if (!session) {
        continue;
      }
      try {
        for (const p of await session.cache.listProjects()) {
          add(p.id, profile, p.name, vscode.l10n.t('discovered'));
        }
      } catch (e) {
        log.warn(`listing the projects of ${profile}: ${formatAtlasError(e).message}`);
      }
    }
  }
  return [...items.values()];
}

function peerItem(peer: Peer): PeerItem {
  return {
    peerId: peer.id,
    label: shownText(peerLabel(peer), MAX_UI_NAME),
    description: shownText(peer.id, MAX_UI_NAME),
    detail: [PROVIDER_LABELS[peer.providerName], peer.status ? shownText(peer.status, MAX_UI_NAME) : '']
      .filter(Boolean)
      .join(' · '),
  };
}

async function peerItems(sessions: SessionManager, profile: string, groupId: string): Promise<PeerItem[]> {
  const session = await sessions.get(profile);
  if (!session) {
    throw new Error(vscode.l10n.t('Set Atlas credentials first.'));
  }
  const peers = await session.cache.listAllPeers(groupId);
  return [
    { peerId: undefined, label: vscode.l10n.t('All peering connections of this project'), alwaysShow: true },
    ...peers.filter((p) => p.id).map(peerItem),
  ];
}

/** Asks for a project and then one of its peers (or all); undefined when either pick is cancelled. */
export async function pickIacTarget(
  sessions: SessionManager,
  settings: IacPickerSettings,
  title: string,
): Promise<PickedTarget | undefined> {
  const project = await vscode.window.showQuickPick(projectItems(sessions, settings), {
    title: vscode.l10n.t('{0} (1/2): project', title),
    placeHolder: vscode.l10n.t('Pick a configured or discovered Atlas project'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!project) {
    return undefined;
  }
  const projectName = shownText(project.name ? `${project.name} (${project.groupId})` : project.groupId, MAX_UI_NAME);
  const peer = await vscode.window.showQuickPick(peerItems(sessions, project.profile, project.groupId), {
    title: vscode.l10n.t('{0} (2/2): connection in {1}', title, projectName),
    placeHolder: vscode.l10n.t('Pick a peering connection, or all of them'),
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!peer) {
    return undefined;
  }
  return { profile: project.profile, groupId: project.groupId, peerId: peer.peerId };
}
