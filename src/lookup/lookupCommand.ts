// "Atlas Peering: Look Up Peering Connection…": pick a project, type a peer id (or an AWS pcx-… id),
// fetch it with a cancellable progress notification, then open its details panel. Also callable with
// arguments from the tree, hovers and other extensions; bad arguments never cause a request.

import * as vscode from 'vscode';
import {
  AtlasCancelledError,
  ErrorAction,
  formatAtlasError,
  Peer,
  peerLabel,
  PROVIDER_LABELS,
  validateAtlasId,
} from '../atlas';
import { Commands } from '../config/pure/commands';
import type { Feature } from '../config/pure/feature';
import { shownText, type Logger } from '../logging/log';
import { MAX_UI_NAME } from '../util/uiText';
import type { SessionLookup } from '../credentials/pure/sessionLookup';
import type { ResolvedPeerRef } from '../config/pure/peerRef';
import { errorActionLabel, runErrorAction, unavailableActions } from '../details/errorActions';
import {
  addRecentLookup,
  checkPeerInput,
  LookupTarget,
  parseLookupArgs,
  readRecentLookups,
  RECENT_LOOKUPS_KEY,
  RecentLookup,
} from './pure/lookupArgs';
import { projectPickText } from './projectPickItem';

export const LOOKUP_COMMAND = Commands.lookUpPeeringConnection;

export interface LookupAccess {
  readonly log: Logger;
  readonly globalState: vscode.Memento;
  getSession(profile?: string): Promise<SessionLookup>;
  defaultProfile(): string;
  profileNames(): string[];
  configuredProjects(): readonly { id: string; name?: string; profile?: string }[];
  discoverProjects(): boolean;
  openDetails(ref: ResolvedPeerRef): Promise<unknown>;
}

/** What the command returns (other extensions and the tests read it). */
export type LookupResult =
  | { ok: true; ref: ResolvedPeerRef; label: string; provider: Peer['providerName'] }
  | {
      ok: false;
      reason: 'cancelled' | 'invalidArguments' | 'notFound' | 'error';
      message?: string;
      action?: ErrorAction;
    };

export function createLookupFeature(access: LookupAccess): Feature {
  return { disposables: [], commands: { [LOOKUP_COMMAND]: (...args: unknown[]) => lookUp(access, args) } };
}

export async function lookUp(access: LookupAccess, args: readonly unknown[]): Promise<LookupResult> {
  const parsed = parseLookupArgs(args);
  if (parsed.kind === 'invalid') {
    void vscode.window.showErrorMessage(shownText(vscode.l10n.t('Look Up Peering Connection: {0}', parsed.message)));
    return { ok: false, reason: 'invalidArguments', message: parsed.message };
  }
  const target = parsed.kind === 'ok' ? parsed.target : await ask(access);
  if (!target) {
    return { ok: false, reason: 'cancelled' };
  }
  return fetchAndOpen(access, target);
}

function profileFor(access: LookupAccess, target: LookupTarget): string {
  return (
    target.profile ??
    access.configuredProjects().find((p) => p.id === target.groupId)?.profile ??
    access.defaultProfile()
  );
}

function describeTarget(target: LookupTarget): string {
  return target.peer.kind === 'pcx' ? target.peer.connectionId : target.peer.id;
}

async function fetchAndOpen(access: LookupAccess, target: LookupTarget): Promise<LookupResult> {
  const profile = profileFor(access, target);
  const { groupId } = target;
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Looking up peering connection {0}…', shownText(describeTarget(target), MAX_UI_NAME)),
      cancellable: true,
    },
    async (_progress, token): Promise<{ peer: Peer; projectName?: string } | LookupResult> => {
      const ctrl = new AbortController();
      const sub = token.onCancellationRequested(() => ctrl.abort());
      try {
        const session = await access.getSession(profile);
        if (session.kind !== 'ready') {
          return { ok: false, reason: 'error', message: session.message, action: unavailableActions(session)[0] };
        }
        let peerId: string;
        if (target.peer.kind === 'pcx') {
          const pcx = target.peer.connectionId;
          const peers = await session.session.cache.listPeers(groupId, 'AWS', ctrl.signal);
          const match = peers.find((p) => p.providerName === 'AWS' && p.connectionId === pcx);
          if (!match?.id) {
            return {
              ok: false,
              reason: 'notFound',
              message: vscode.l10n.t(
                'No AWS peering connection with connection ID {0} in project {1}. Check the project, or use the 24-character Atlas ID.',
                pcx,
                groupId,
              ),
              action: 'retry',
            };
          }
          peerId = match.id;
        } else {
          peerId = target.peer.id;
        }
        const peer = await session.session.cache.getPeer(groupId, peerId, ctrl.signal);
        const projectName =
          session.session.cache.peekProject(groupId)?.value.name ??
          access.configuredProjects().find((p) => p.id === groupId)?.name;
        return { peer, projectName };
      } catch (e) {
        if (ctrl.signal.aborted || e instanceof AtlasCancelledError) {
          return { ok: false, reason: 'cancelled' };
        }
        const { message, action } = formatAtlasError(e);
        return { ok: false, reason: 'error', message, action };
      } finally {
        sub.dispose();
      }
    },
  );
  if ('ok' in outcome) {
    if (!outcome.ok && outcome.message) {
      access.log.warn(`lookup ${groupId}/${describeTarget(target)}: ${outcome.message}`);
      notifyError(access, outcome.message, outcome.action, target);
    }
    return outcome;
  }
  const { peer, projectName } = outcome;
  const ref: ResolvedPeerRef = { profile, groupId, peerId: peer.id };
  const label = peerLabel(peer);
  const recent: RecentLookup = {
    profile,
    groupId,
    peerId: peer.id,
    label,
    provider: peer.providerName,
    at: Date.now(),
  };
  if (projectName) {
    recent.projectName = projectName;
  }
  await access.globalState.update(
    RECENT_LOOKUPS_KEY,
    addRecentLookup(readRecentLookups(access.globalState.get(RECENT_LOOKUPS_KEY)), recent),
  );
  await access.openDetails(ref);
  return { ok: true, ref, label, provider: peer.providerName };
}

function notifyError(
  access: LookupAccess,
  message: string,
  action: ErrorAction | undefined,
  target: LookupTarget,
): void {
  const buttons = action ? [errorActionLabel(action)] : [];
  void vscode.window
    .showErrorMessage(shownText(message), ...buttons)
    .then(
      (choice) => (choice && action ? runErrorAction(action, () => fetchAndOpen(access, target)) : undefined),
      // The retry the button starts can fail too; that failure is logged, not left unhandled.
    )
    .then(undefined, (e: unknown) => access.log.error('lookup: the error action failed', e));
}

// ---------------------------------------------------------------------------------------------
// Asking: project QuickPick, then the peer id InputBox

type ProjectItem = vscode.QuickPickItem &
  (
    | { pick: 'recent'; entry: RecentLookup }
    | { pick: 'project'; groupId: string; profile: string; name?: string }
    | { pick: 'typed'; groupId: string }
    | { pick: 'none' }
  );

function separator(label: string): ProjectItem {
  return { label, kind: vscode.QuickPickItemKind.Separator, pick: 'none' };
}

async function ask(access: LookupAccess): Promise<LookupTarget | undefined> {
  const picked = await pickProject(access);
  if (!picked) {
    return undefined;
  }
  if (picked.pick === 'recent') {
    return {
      groupId: picked.entry.groupId,
      peer: { kind: 'id', id: picked.entry.peerId },
      profile: picked.entry.profile,
    };
  }
  if (picked.pick !== 'project' && picked.pick !== 'typed') {
    return undefined;
  }
  const name = picked.pick === 'project' ? picked.name : undefined;
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t(
      'Look Up Peering Connection (2/2): connection in {0}',
      shownText(name ? `${name} (${picked.groupId})` : picked.groupId, MAX_UI_NAME),
    ),
    prompt: vscode.l10n.t(
      'The Atlas peering connection ID (24 hexadecimal characters), or an AWS peering connection ID (pcx-…)',
    ),
    placeHolder: vscode.l10n.t('Peering connection ID or pcx-…'),
    ignoreFocusOut: true,
    validateInput: (v) => {
      if (v.trim() === '') {
        return undefined;
      }
      const check = checkPeerInput(v);
      return check.ok ? undefined : { message: check.message, severity: vscode.InputBoxValidationSeverity.Error };
    },
  });
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  const check = checkPeerInput(value);
  if (!check.ok) {
    return undefined;
  }
  return { groupId: picked.groupId, peer: check.peer, profile: picked.pick === 'project' ? picked.profile : undefined };
}

function pickProject(access: LookupAccess): Promise<ProjectItem | undefined> {
  const defaultProfile = access.defaultProfile();
  const profiles = access.profileNames();
  const showProfile = profiles.length > 1;
  const recent = readRecentLookups(access.globalState.get(RECENT_LOOKUPS_KEY));
  const projects = new Map<string, ProjectItem & { pick: 'project' }>();
  const notes: ProjectItem[] = [];

  const addProject = (groupId: string, profile: string, name: string | undefined, source: string): void => {
    const key = `${profile}/${groupId}`;
    if (projects.has(key)) {
      return;
    }
    projects.set(key, {
      pick: 'project',
      groupId,
      profile,
      name,
      ...projectPickText(groupId, name, source, showProfile ? profile : undefined),
    });
  };
  for (const p of access.configuredProjects()) {
    addProject(p.id, p.profile ?? defaultProfile, p.name, vscode.l10n.t('configured'));
  }

  const qp = vscode.window.createQuickPick<ProjectItem>();
  qp.title = vscode.l10n.t('Look Up Peering Connection (1/2): project');
  qp.placeholder = vscode.l10n.t('Pick a project or a recent lookup, or type a 24-character project ID');
  qp.matchOnDescription = true;
  qp.matchOnDetail = false;
  qp.ignoreFocusOut = true;

  const baseItems = (): ProjectItem[] => {
    const items: ProjectItem[] = [];
    if (recent.length > 0) {
      items.push(separator(vscode.l10n.t('Recent lookups')));
      for (const r of recent) {
        items.push({
          pick: 'recent',
          entry: r,
          label: `$(history) ${shownText(r.label, MAX_UI_NAME)}`,
          description: shownText(r.peerId, MAX_UI_NAME),
          // The project id is not in the detail: typing a project id should pick the project, not a recent lookup in it.
          detail: [
            r.provider ? PROVIDER_LABELS[r.provider] : '',
            r.projectName ? vscode.l10n.t('project {0}', shownText(r.projectName, MAX_UI_NAME)) : '',
            showProfile ? vscode.l10n.t('profile {0}', shownText(r.profile, MAX_UI_NAME)) : '',
          ]
            .filter(Boolean)
            .join(' · '),
        });
      }
    }
    if (projects.size > 0) {
      items.push(separator(vscode.l10n.t('Projects')));
      items.push(...projects.values());
    }
    items.push(...notes);
    return items;
  };

  const update = (): void => {
    const typed = qp.value.trim();
    const items = baseItems();
    if (typed !== '') {
      const check = validateAtlasId(typed, 'project');
      if (check.ok) {
        if (![...projects.values()].some((p) => p.groupId === check.id)) {
          items.unshift({
            pick: 'typed',
            groupId: check.id,
            label: `$(arrow-right) ${vscode.l10n.t('Use project ID {0}', check.id)}`,
            alwaysShow: true,
          });
        }
      } else if (typed.length >= 20 || /^(pcx|vpc)-/i.test(typed)) {
        items.unshift({ pick: 'none', label: `$(error) ${shownText(check.message)}`, alwaysShow: true });
      }
    }
    qp.items = items;
  };

  const ctrl = new AbortController();
  const discover = async (): Promise<void> => {
    if (!access.discoverProjects()) {
      return;
    }
    qp.busy = true;
    try {
      await Promise.all(
        profiles.map(async (profile) => {
          const session = await access.getSession(profile);
          if (session.kind !== 'ready') {
            return;
          }
          try {
            for (const p of await session.session.cache.listProjects(ctrl.signal)) {
              addProject(p.id, profile, p.name, vscode.l10n.t('discovered'));
            }
          } catch (e) {
            if (!ctrl.signal.aborted) {
              const { message } = formatAtlasError(e);
              access.log.warn(`lookup: listing projects of ${profile}: ${message}`);
              notes.push({
                pick: 'none',
                label: `$(warning) ${showProfile ? vscode.l10n.t('Could not list the projects of profile {0}', shownText(profile, MAX_UI_NAME)) : vscode.l10n.t('Could not list the projects')}`,
                detail: shownText(message),
              });
            }
          }
        }),
      );
    } finally {
      if (!ctrl.signal.aborted) {
        qp.busy = false;
        update();
      }
    }
  };

  return new Promise((resolve) => {
    let done = false;
    const finish = (item: ProjectItem | undefined): void => {
      if (!done) {
        done = true;
        ctrl.abort();
        resolve(item);
      }
    };
    qp.onDidChangeValue(update);
    // A typed project ID decides unless the active item is that project (of one of the profiles): when discovery
    // replaces the items just as the user presses Enter, VS Code maps the active item by its index into the new list,
    // which can be a separator or another project.
    const typedProject = (): (ProjectItem & { groupId: string }) | undefined => {
      const check = validateAtlasId(qp.value.trim(), 'project');
      if (!check.ok) {
        return undefined;
      }
      const known = [...projects.values()].find((p) => p.groupId === check.id);
      return known ?? { pick: 'typed', groupId: check.id, label: check.id };
    };
    qp.onDidAccept(() => {
      const active = qp.selectedItems[0] ?? qp.activeItems[0];
      const typed = typedProject();
      const activeGroupId = active && 'groupId' in active ? active.groupId : undefined;
      const item = typed && activeGroupId !== typed.groupId ? typed : active;
      if (!item || item.pick === 'none') {
        return;
      }
      finish(item);
      qp.hide();
    });
    qp.onDidHide(() => {
      finish(undefined);
      qp.dispose();
    });
    update();
    qp.show();
    void discover();
  });
}
