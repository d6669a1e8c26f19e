// The tree feature: the Peering Connections view, the estate's status bar item, and the commands on
// the view and its nodes. Node commands take the node VS Code passes from a menu; Show Details also
// takes a plain { profile, groupId, peerId } from other features and hands it to the details panels.

import * as vscode from 'vscode';
import { Peer, Project, formatAtlasError } from '../atlas';
import { Commands, ContextKeys, VIEW_ID } from '../config/pure/commands';
import { atlasPeeringPageUrl } from '../config/pure/atlasPages';
import type { Feature } from '../config/pure/feature';
import type { PeerRef } from '../config/pure/peerRef';
import { ProjectConfig } from '../config/pure/settingsModel';
import type { SessionManager } from '../credentials/sessions';
import type { Settings } from '../config/settings';
import { createLogger, shownText } from '../logging/log';
import { MAX_UI_NAME } from '../util/uiText';
import { PeeringTreeProvider } from './peeringTreeProvider';
import { TreeSnapshots, snapshotFileIn } from './treeSnapshots';
import { PeerNode, TreeNode, estateStatusText, type EstateCounts } from './pure/treeModel';

/** What the tree feature uses. */
export interface TreeDeps {
  readonly settings: Settings;
  readonly sessions: SessionManager;
  /** Opens the details panel of a peer (built before the tree: no late binding). */
  showDetails(ref: PeerRef): Promise<unknown>;
  /** Where the attention filter is remembered (a boolean, nothing else). */
  readonly memento: vscode.Memento;
  /** The extension's global storage: the tree's snapshot lives there (treeSnapshots.ts). */
  readonly snapshotStorage: vscode.Uri;
}

const ATTENTION_ONLY_KEY = 'atlasPeering.tree.attentionOnly';

export interface TreeFeature extends Feature {
  readonly tree: PeeringTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
}

const log = createLogger('tree');

function isNode(arg: unknown): arg is TreeNode {
  return (
    arg !== null &&
    typeof arg === 'object' &&
    typeof (arg as TreeNode).kind === 'string' &&
    typeof (arg as TreeNode).id === 'string'
  );
}

function asPeerRef(arg: unknown): PeerRef | undefined {
  if (isNode(arg)) {
    return arg.kind === 'peer' ? { profile: arg.profile, groupId: arg.projectId, peerId: arg.peer.id } : undefined;
  }
  if (arg !== null && typeof arg === 'object') {
    const r = arg as Record<string, unknown>;
    if (typeof r.groupId === 'string' && typeof r.peerId === 'string') {
      return { profile: typeof r.profile === 'string' ? r.profile : undefined, groupId: r.groupId, peerId: r.peerId };
    }
  }
  return undefined;
}

async function peerOf(sessions: SessionManager, arg: unknown): Promise<Peer | undefined> {
  if (isNode(arg) && arg.kind === 'peer') {
    return arg.peer;
  }
  const ref = asPeerRef(arg);
  if (!ref) {
    return undefined;
  }
  const session = await sessions.get(ref.profile);
  return session
    ? (session.cache.peekPeer(ref.groupId, ref.peerId)?.value ?? session.cache.getPeer(ref.groupId, ref.peerId))
    : undefined;
}

export function createTreeFeature(deps: TreeDeps): TreeFeature {
  const { settings, sessions } = deps;
  const snapshots = new TreeSnapshots(snapshotFileIn(deps.snapshotStorage), () => settings.rememberTree);
  const tree = new PeeringTreeProvider(settings, sessions, { snapshots });
  // Turning the setting off deletes what was kept.
  const forgetWhenOff = settings.onDidChange((c) => {
    if (c.rememberTree && !settings.rememberTree) {
      void tree.forgetSnapshot();
    }
  });
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);
  const statusBar = createEstateStatusBar(tree);
  const setAttentionOnly = async (on: boolean): Promise<void> => {
    tree.setAttentionOnly(on);
    view.message = on ? vscode.l10n.t('Showing only connections that need attention.') : undefined;
    await vscode.commands.executeCommand('setContext', ContextKeys.attentionOnly, on);
    await deps.memento.update(ATTENTION_ONLY_KEY, on);
  };
  if (deps.memento.get<boolean>(ATTENTION_ONLY_KEY) === true) {
    void setAttentionOnly(true);
  }
  const commands: Feature['commands'] = {
    [Commands.filterNeedsAttention]: () => setAttentionOnly(true),
    [Commands.clearFilter]: () => setAttentionOnly(false),
    [Commands.showNeedsAttention]: async () => {
      await setAttentionOnly(true);
      await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    },
    [Commands.findConnection]: (arg) => findConnection(tree, view, arg, () => setAttentionOnly(false)),
    [Commands.refresh]: () => tree.refresh(),
    [Commands.refreshNode]: (arg) => tree.refresh(isNode(arg) ? arg : undefined),
    [Commands.showDetails]: async (arg) => {
      const ref = asPeerRef(arg);
      if (!ref) {
        throw new Error(vscode.l10n.t('Show Details needs a peering connection.'));
      }
      await deps.showDetails(ref);
    },
    [Commands.copyPeerId]: async (arg) => {
      const peer = await peerOf(sessions, arg);
      if (peer?.id) {
        await vscode.env.clipboard.writeText(peer.id);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', shownText(peer.id, MAX_UI_NAME)), 3000);
      }
    },
    [Commands.copyConnectionId]: async (arg) => {
      const peer = await peerOf(sessions, arg);
      if (peer?.providerName === 'AWS' && peer.connectionId) {
        await vscode.env.clipboard.writeText(peer.connectionId);
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', shownText(peer.connectionId, MAX_UI_NAME)), 3000);
      } else {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('This connection has no AWS peering connection ID (pcx-…) yet.'),
        );
      }
    },
    [Commands.copyJson]: async (arg) => {
      const peer = await peerOf(sessions, arg);
      if (peer) {
        await vscode.env.clipboard.writeText(JSON.stringify(peer.raw, null, 2));
        vscode.window.setStatusBarMessage(vscode.l10n.t('Copied the connection as JSON'), 3000);
      }
    },
    [Commands.openInAtlas]: async (arg) => {
      const node = isNode(arg) ? arg : undefined;
      const ref =
        node && node.kind !== 'message' && node.kind !== 'profile' && node.kind !== 'org'
          ? { profile: node.profile, groupId: node.projectId }
          : asPeerRef(arg);
      if (!ref) {
        return;
      }
      const profile = settings.profile(ref.profile ?? settings.defaultProfile);
      const url = profile?.baseUrl ? atlasPeeringPageUrl(profile.baseUrl, ref.groupId) : undefined;
      if (!url) {
        throw new Error(vscode.l10n.t('Profile {0} has no usable base URL.', ref.profile ?? ''));
      }
      await vscode.env.openExternal(vscode.Uri.parse(url));
    },
    [Commands.addProjectToWorkspace]: () => addProjectToWorkspace(deps),
  };
  return { tree, view, commands, disposables: [tree, view, snapshots, forgetWhenOff, ...statusBar] };
}

/** "Atlas: 2 need you · 1 failed" while something needs the user; hidden otherwise. */
function createEstateStatusBar(tree: PeeringTreeProvider): vscode.Disposable[] {
  const item = vscode.window.createStatusBarItem('atlasPeering.estate', vscode.StatusBarAlignment.Left, 0);
  item.name = vscode.l10n.t('Atlas Peering');
  item.command = Commands.showNeedsAttention;
  const update = (counts: EstateCounts): void => {
    // Counts only: no Atlas text reaches the status bar.
    const text = estateStatusText(counts);
    if (!text) {
      item.hide();
      return;
    }
    item.text = `$(${counts.failed > 0 ? 'error' : 'warning'}) ${text}`;
    item.tooltip = vscode.l10n.t('Show the peering connections that need attention');
    item.show();
  };
  return [item, tree.onDidChangeEstate(update)];
}

/**
 * Find Peering Connection by ID: a typed Atlas id, VPC or pcx- id, VNet or network name reveals the
 * connection in the tree, once every project's connections are known.
 */
async function findConnection(
  tree: PeeringTreeProvider,
  view: vscode.TreeView<TreeNode>,
  arg: unknown,
  clearFilter: () => Promise<void>,
): Promise<PeerNode | undefined> {
  const typed =
    typeof arg === 'string'
      ? arg
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Find Peering Connection'),
          prompt: vscode.l10n.t('An Atlas peer id, an AWS VPC or pcx- id, an Azure VNet name or a GCP network name'),
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim().length > 200 ? vscode.l10n.t('That is too long to be an id.') : undefined),
        });
  if (typed === undefined || typed.trim() === '' || typed.trim().length > 200) {
    return undefined;
  }
  const node = await vscode.window.withProgress(
    { location: { viewId: VIEW_ID }, title: vscode.l10n.t('Looking through every project…') },
    () => tree.findById(typed),
  );
  if (!node) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No peering connection with the id {0} in the projects of this view.',
        shownText(typed, MAX_UI_NAME),
      ),
    );
    return undefined;
  }
  if (!tree.isShown(node)) {
    await clearFilter(); // the filter hides it: the user asked for this one
  }
  await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
  await view.reveal(node, { select: true, focus: true, expand: true });
  return node;
}

export async function addProjectToWorkspace(deps: Pick<TreeDeps, 'settings' | 'sessions'>): Promise<number> {
  const { settings, sessions } = deps;
  const { profiles, defaultProfile } = settings.resolveProfiles();
  const configured = settings.projects;
  type Item = vscode.QuickPickItem & { project: Project; profile: string };
  const items: Item[] = [];
  const errors: string[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing Atlas projects…') },
    async () => {
      for (const p of profiles) {
        const session = await sessions.get(p.name);
        if (!session) {
          continue;
        }
        try {
          for (const project of await session.cache.listProjects()) {
            const already = configured.some((c) => c.id === project.id && (c.profile ?? defaultProfile) === p.name);
            if (!already) {
              items.push({
                label: shownText(project.name, MAX_UI_NAME),
                description: shownText(project.id, MAX_UI_NAME),
                detail: profiles.length > 1 ? vscode.l10n.t('profile {0}', shownText(p.name, MAX_UI_NAME)) : undefined,
                project,
                profile: p.name,
              });
            }
          }
        } catch (e) {
          errors.push(`${p.name}: ${formatAtlasError(e).message}`);
        }
      }
    },
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      errors.length
        ? shownText(vscode.l10n.t('Could not list projects: {0}', errors.join('; ')))
        : vscode.l10n.t(
            'No more projects to add: every project these credentials see is already configured (or there are no credentials).',
          ),
    );
    return 0;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add Project to Workspace'),
    canPickMany: true,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  if (!picked || picked.length === 0) {
    return 0;
  }
  const additions: ProjectConfig[] = picked.map((i) =>
    i.profile === defaultProfile
      ? { id: i.project.id, name: i.project.name }
      : { id: i.project.id, name: i.project.name, profile: i.profile },
  );
  const target = await settings.addProjects(additions);
  log.info(
    `added ${additions.length} project(s) to ${target === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user'} settings`,
  );
  const workspace = target === vscode.ConfigurationTarget.Workspace;
  const added =
    additions.length === 1
      ? workspace
        ? vscode.l10n.t('Added 1 project to the workspace settings.')
        : vscode.l10n.t('Added 1 project to the user settings.')
      : workspace
        ? vscode.l10n.t('Added {0} projects to the workspace settings.', additions.length)
        : vscode.l10n.t('Added {0} projects to the user settings.', additions.length);
  void vscode.window.showInformationMessage(added);
  return additions.length;
}

export type { PeerNode };
