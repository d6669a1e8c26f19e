// The Peering Connections tree. Children load lazily (the peers of a project when it is expanded),
// errors and empty states are nodes, and refreshes fire the narrowest node that changed.

import * as vscode from 'vscode';
import { uiText } from '../util/uiText';
import { Peer, formatAtlasError, isTransitional, peerLabel } from '../atlas';
import type { ErrorAction } from '../atlas';
import { Commands, ContextKeys } from '../config/pure/commands';
import { md as inertMarkdown } from '../util/markdown';
import { Settings } from '../config/settings';
import { SessionManager, SessionState } from '../credentials/sessions';
import { createLogger } from '../logging/log';
import {
  MessageNode,
  PeerNode,
  PeerSummary,
  ProfileNode,
  ProjectNode,
  ProviderNode,
  STATUS_LOOK,
  TreeNode,
  changeAnnouncement,
  contextValueOf,
  emptyProjectMessage,
  filterPeers,
  mergeProjects,
  messageNodeId,
  parentIdOf,
  peerDescription,
  peerFields,
  peerNodes,
  profileNodeId,
  projectDescription,
  providerLabel,
  providerNodes,
  summarize,
  transitionalChanges,
} from './pure/treeModel';

const log = createLogger('tree');

/**
 * Appends text that must show literally. Not MarkdownString.appendText: it leaves `<https://…>`
 * autolinks active (backslash escapes do not apply inside them) and keeps a 100 KB value whole.
 */
function appendLiteral(target: vscode.MarkdownString, value: string): void {
  target.appendMarkdown(inertMarkdown(value, 500));
}

interface ProjectState {
  generation: number;
  peers?: Peer[];
  error?: { message: string; action?: ErrorAction };
  loading?: Promise<void>;
}

interface RootModel {
  top: TreeNode[];
  profileChildren: Map<string, TreeNode[]>;
  profileLevel: boolean;
}

export interface TreeProviderOptions {
  /** Shows "x is now AVAILABLE"; replaceable for tests. */
  announce?: (message: string) => void;
}

export class PeeringTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** The latest node object per id: VS Code matches refreshed elements by object identity. */
  private readonly nodes = new Map<string, TreeNode>();
  private readonly projectStates = new Map<string, ProjectState>();
  private root: Promise<RootModel> | undefined;
  private profileLevel = false;
  private generation = 0;
  private refreshAllTimer: NodeJS.Timeout | undefined;
  private autoTimer: NodeJS.Timeout | undefined;
  private view: vscode.TreeView<TreeNode> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly announce: (message: string) => void;

  constructor(
    private readonly settings: Settings,
    private readonly sessions: SessionManager,
    options: TreeProviderOptions = {},
  ) {
    // Announcements hold peer labels and Atlas error text: shown inert (no link, no icon) and capped.
    this.announce = options.announce ?? ((m) => void vscode.window.showInformationMessage(uiText(m)));
    this.disposables.push(
      sessions.onDidChange(() => this.invalidateAll()),
      settings.onDidChange((c) => {
        if (c.projects && !c.connection) {
          this.invalidateAll();
        }
        if (c.autoRefresh) {
          this.scheduleAutoRefresh();
        }
      }),
    );
  }

  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    this.disposables.push(view.onDidChangeVisibility(() => this.scheduleAutoRefresh()));
    this.scheduleAutoRefresh();
  }

  // -------------------------------------------------------------------------------------------
  // TreeDataProvider

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const children = await this.computeChildren(node);
    for (const c of children) {
      this.nodes.set(c.id, c);
    }
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const id = parentIdOf(node, this.profileLevel);
    return id === undefined ? undefined : this.nodes.get(id);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'profile':
        return this.profileItem(node);
      case 'project':
        return this.projectItem(node);
      case 'provider':
        return this.providerItem(node);
      case 'peer':
        return this.peerItem(node);
      case 'message':
        return this.messageItem(node);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Refresh

  /** Forgets everything and redraws the whole tree (coalesced: many triggers, one redraw). */
  invalidateAll(): void {
    this.generation++;
    this.root = undefined;
    this.projectStates.clear();
    this.nodes.clear();
    if (this.refreshAllTimer) {
      return;
    }
    this.refreshAllTimer = setTimeout(() => {
      this.refreshAllTimer = undefined;
      this.changeEmitter.fire();
    }, 30);
  }

  /** Refreshes one node: a project (or anything under it) refetches that project's peers. */
  async refresh(node?: TreeNode): Promise<void> {
    if (!node) {
      // Re-reads credentials and environment too.
      this.sessions.reset();
      return;
    }
    if (node.kind === 'message') {
      const parent = node.parentId ? this.nodes.get(node.parentId) : undefined;
      return this.refresh(parent);
    }
    if (node.kind === 'profile') {
      this.sessions.reset(node.profile);
      return;
    }
    const project = this.nodes.get(`${node.profile}/${node.projectId}`);
    if (!project || project.kind !== 'project') {
      return this.refresh();
    }
    const session = await this.sessions.peek(project.profile);
    session?.cache.invalidate({ groupId: project.projectId });
    this.projectStates.delete(project.id);
    this.changeEmitter.fire(project);
  }

  private scheduleAutoRefresh(): void {
    if (this.autoTimer) {
      clearInterval(this.autoTimer);
      this.autoTimer = undefined;
    }
    const seconds = this.settings.autoRefreshSeconds;
    if (seconds <= 0 || !this.view?.visible) {
      return;
    }
    this.autoTimer = setInterval(() => void this.autoRefreshTick(), seconds * 1000);
  }

  /** Reloads, silently, every loaded project that has a connection in a transitional state. */
  async autoRefreshTick(): Promise<number> {
    if (this.view && !this.view.visible) {
      return 0;
    }
    const due: ProjectNode[] = [];
    for (const [id, state] of this.projectStates) {
      const project = this.nodes.get(id);
      if (
        !state.loading &&
        state.peers &&
        project?.kind === 'project' &&
        filterPeers(state.peers, project.peers).some((p) => isTransitional(p.category))
      ) {
        due.push(project);
      }
    }
    if (due.length > 0) {
      log.debug(`auto refresh of ${due.length} project(s) with connections in transition`);
    }
    await Promise.all(due.map((p) => this.loadProject(p, { silent: true })));
    return due.length;
  }

  // -------------------------------------------------------------------------------------------
  // Loading

  private async computeChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      this.root ??= this.buildRoot();
      const root = await this.root;
      return root.top;
    }
    switch (node.kind) {
      case 'profile': {
        const root = await (this.root ??= this.buildRoot());
        return root.profileChildren.get(node.id) ?? [];
      }
      case 'project':
        return this.projectChildren(node);
      case 'provider': {
        const project = this.nodes.get(`${node.profile}/${node.projectId}`);
        const state = this.projectStates.get(`${node.profile}/${node.projectId}`);
        if (!state?.peers || project?.kind !== 'project') {
          return [];
        }
        return peerNodes(node, filterPeers(state.peers, project.peers));
      }
      default:
        return [];
    }
  }

  private async buildRoot(): Promise<RootModel> {
    const generation = this.generation;
    const started = Date.now();
    const { profiles, defaultProfile } = this.settings.resolveProfiles();
    const configured = this.settings.projects;
    const discover = this.settings.discoverProjects;
    const states = await Promise.all(profiles.map((p) => this.sessions.resolve(p.name)));

    const built = await Promise.all(
      profiles.map(async (profile, i) => {
        const state = states[i];
        const isDefault = profile.name === defaultProfile;
        const ownsConfigured = configured.some((c) => (c.profile ? c.profile === profile.name : isDefault));
        const active = state.kind === 'ready' || state.kind === 'error' || ownsConfigured;
        if (!active) {
          return undefined;
        }
        const profileId = profileNodeId(profile.name);
        const messages: MessageNode[] = [];
        let discovered;
        if (state.kind === 'ready' && discover) {
          try {
            discovered = await state.session.cache.listProjects();
          } catch (e) {
            const f = formatAtlasError(e);
            log.error(`listing projects of profile ${profile.name} failed`, e);
            messages.push(
              this.errorNode(
                profileId,
                vscode.l10n.t('Could not list projects: {0}', f.message),
                f.action ?? 'retry',
                profile.name,
                'discovery',
              ),
            );
          }
        } else if (state.kind !== 'ready') {
          messages.push(
            this.errorNode(
              profileId,
              state.message,
              state.kind === 'noCredentials' ? 'setCredentials' : (state.action ?? 'retry'),
              profile.name,
              'session',
            ),
          );
        }
        const projects = mergeProjects(configured, { profile: profile.name, isDefault, discovered });
        const node: ProfileNode = {
          kind: 'profile',
          id: profileId,
          profile: profile.name,
          baseUrl: profile.baseUrl,
          source: state.kind === 'ready' ? state.session.source : undefined,
          envVariables: state.kind === 'ready' ? state.session.envVariables : [],
        };
        if (profile.problem) {
          node.problem = profile.problem;
        }
        return { node, messages, projects, ready: state.kind === 'ready' };
      }),
    );
    const active = built.filter((b): b is NonNullable<typeof b> => b !== undefined);
    const profileLevel = active.length > 1;
    const profileChildren = new Map<string, TreeNode[]>();
    for (const b of active) {
      const info: TreeNode[] = [];
      if (!profileLevel && b.node.source === 'environment' && (b.projects.length > 0 || b.messages.length > 0)) {
        info.push({
          kind: 'message',
          id: messageNodeId(undefined, 'info', 'environment'),
          message: 'info',
          label: vscode.l10n.t('Using credentials from environment variables'),
          detail: b.node.envVariables.join(', '),
          profile: b.node.profile,
        });
      }
      profileChildren.set(b.node.id, [...info, ...b.messages, ...b.projects]);
    }
    const top = profileLevel
      ? active.map((b) => b.node)
      : active.length === 1
        ? (profileChildren.get(active[0].node.id) ?? [])
        : [];
    const hasCredentials = active.some((b) => b.ready);
    const hasProjects = active.some((b) => b.projects.length > 0);
    if (generation === this.generation) {
      this.profileLevel = profileLevel;
      void vscode.commands.executeCommand('setContext', ContextKeys.hasCredentials, hasCredentials);
      void vscode.commands.executeCommand('setContext', ContextKeys.hasProjects, hasProjects);
      void vscode.commands.executeCommand('setContext', ContextKeys.loaded, true);
    }
    log.info(
      `tree root: ${active.length} profile(s), ${active.reduce((n, b) => n + b.projects.length, 0)} project(s) in ${Date.now() - started} ms`,
    );
    return { top, profileChildren, profileLevel };
  }

  private projectChildren(project: ProjectNode): TreeNode[] {
    const state = this.projectStates.get(project.id);
    if (!state) {
      void this.loadProject(project, { silent: false });
      return [this.loadingNode(project)];
    }
    if (state.error) {
      return [
        this.errorNode(
          project.id,
          state.error.message,
          state.error.action ?? 'retry',
          project.profile,
          'peers',
          project.projectId,
        ),
      ];
    }
    if (!state.peers) {
      return [this.loadingNode(project)];
    }
    const shown = filterPeers(state.peers, project.peers);
    if (shown.length === 0) {
      return [emptyProjectMessage(project, state.peers.length)];
    }
    return providerNodes(project, shown);
  }

  /** Loads (or reloads) a project's peers; resolves when the tree has been told. */
  loadProject(project: ProjectNode, options: { silent: boolean }): Promise<void> {
    const previous = this.projectStates.get(project.id);
    if (previous?.loading) {
      return previous.loading;
    }
    const generation = this.generation;
    const state: ProjectState = { generation, peers: options.silent ? previous?.peers : undefined };
    this.projectStates.set(project.id, state);
    state.loading = (async () => {
      const session = await this.sessions.resolve(project.profile);
      if (session.kind !== 'ready') {
        state.error = {
          message: session.message,
          action: session.kind === 'noCredentials' ? 'setCredentials' : (session.action ?? 'retry'),
        };
      } else {
        try {
          if (options.silent) {
            session.session.cache.invalidate({ groupId: project.projectId });
          }
          const peers = await session.session.cache.listAllPeers(project.projectId);
          if (options.silent && previous?.peers) {
            for (const change of transitionalChanges(
              filterPeers(previous.peers, project.peers),
              filterPeers(peers, project.peers),
            )) {
              const message = changeAnnouncement(change);
              log.info(
                `status change in project ${project.projectId}: ${change.peer.id} ${change.from ?? '?'} -> ${change.to ?? '?'}`,
              );
              this.announce(message);
            }
          }
          state.peers = peers;
          state.error = undefined;
        } catch (e) {
          const f = formatAtlasError(e);
          log.error(`loading peers of project ${project.projectId} (profile ${project.profile}) failed`, e);
          state.error = f.action ? { message: f.message, action: f.action } : { message: f.message };
          state.peers = undefined;
        }
      }
      state.loading = undefined;
      // A refresh while loading replaced this state; its own load will redraw.
      if (this.projectStates.get(project.id) === state && generation === this.generation) {
        const current = this.nodes.get(project.id);
        this.changeEmitter.fire(current ?? project);
      }
    })();
    return state.loading;
  }

  // -------------------------------------------------------------------------------------------
  // Inspection (test API, reveal, later features)

  summaryOf(project: ProjectNode): PeerSummary | undefined {
    const state = this.projectStates.get(project.id);
    return state?.peers ? summarize(filterPeers(state.peers, project.peers)) : undefined;
  }

  node(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Children with every load finished (a project's peers are fetched and awaited). */
  async loadedChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node?.kind === 'project') {
      if (!this.projectStates.has(node.id)) {
        await this.loadProject(node, { silent: false });
      } else {
        await this.projectStates.get(node.id)?.loading;
      }
    }
    return this.getChildren(node);
  }

  /** Walks (and loads) the tree down to a peer and returns its node, for reveal(). */
  async findPeer(profile: string | undefined, groupId: string, peerId: string): Promise<PeerNode | undefined> {
    const walk = async (nodes: TreeNode[]): Promise<PeerNode | undefined> => {
      for (const n of nodes) {
        if (n.kind === 'profile' && (profile === undefined || n.profile === profile)) {
          const found = await walk(await this.loadedChildren(n));
          if (found) {
            return found;
          }
        } else if (
          n.kind === 'project' &&
          n.projectId === groupId &&
          (profile === undefined || n.profile === profile)
        ) {
          for (const provider of await this.loadedChildren(n)) {
            if (provider.kind === 'provider') {
              const peer = (await this.getChildren(provider)).find((p) => p.kind === 'peer' && p.peer.id === peerId);
              if (peer?.kind === 'peer') {
                return peer;
              }
            }
          }
        }
      }
      return undefined;
    };
    return walk(await this.getChildren());
  }

  async reveal(
    node: TreeNode,
    options: { select?: boolean; focus?: boolean; expand?: boolean } = { select: true, focus: true },
  ): Promise<void> {
    await this.view?.reveal(node, options);
  }

  // -------------------------------------------------------------------------------------------
  // TreeItems

  private profileItem(node: ProfileNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.profile, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.contextValue = contextValueOf(node);
    const host = node.baseUrl ? new URL(node.baseUrl).host : vscode.l10n.t('invalid base URL');
    const source =
      node.source === 'environment'
        ? vscode.l10n.t('environment variables')
        : node.source === 'secretStorage'
          ? undefined
          : vscode.l10n.t('no credentials');
    item.description = source ? `${host} · ${source}` : host;
    item.iconPath = new vscode.ThemeIcon(node.source ? 'account' : 'circle-slash');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${vscode.l10n.t('Profile')}** `);
    appendLiteral(md, node.profile);
    md.appendMarkdown(`\n\n${vscode.l10n.t('Base URL:')} `);
    appendLiteral(md, node.baseUrl ?? node.problem ?? vscode.l10n.t('(none)'));
    md.appendMarkdown(`\n\n${vscode.l10n.t('Credentials:')} `);
    appendLiteral(
      md,
      node.source === 'environment'
        ? vscode.l10n.t('environment ({0})', node.envVariables.join(', '))
        : node.source === 'secretStorage'
          ? vscode.l10n.t('stored in the system keychain')
          : vscode.l10n.t('none'),
    );
    item.tooltip = md;
    return item;
  }

  private projectItem(node: ProjectNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = node.id;
    item.contextValue = contextValueOf(node);
    const summary = this.summaryOf(node);
    const state = this.projectStates.get(node.id);
    item.description = state?.error ? vscode.l10n.t('error') : projectDescription(summary, node.peers !== undefined);
    const look = state?.error ? STATUS_LOOK.failed : summary?.worst ? STATUS_LOOK[summary.worst] : undefined;
    item.iconPath = look
      ? new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined)
      : new vscode.ThemeIcon('project');
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**');
    appendLiteral(md, node.name);
    md.appendMarkdown(`**\n\n${vscode.l10n.t('Project ID:')} `);
    appendLiteral(md, node.projectId);
    if (node.orgId) {
      md.appendMarkdown(`\n\n${vscode.l10n.t('Organization ID:')} `);
      appendLiteral(md, node.orgId);
    }
    md.appendMarkdown(
      `\n\n${node.configured ? vscode.l10n.t('Configured in atlasPeering.projects') : vscode.l10n.t('Discovered from the credentials')}`,
    );
    if (node.peers) {
      md.appendMarkdown(`\n\n${vscode.l10n.t('Showing only:')} `);
      appendLiteral(md, node.peers.join(', '));
    }
    item.tooltip = md;
    return item;
  }

  private providerItem(node: ProviderNode): vscode.TreeItem {
    const item = new vscode.TreeItem(providerLabel(node.provider), vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.id;
    item.contextValue = contextValueOf(node);
    item.description = String(node.count);
    const look = node.worst ? STATUS_LOOK[node.worst] : undefined;
    item.iconPath = new vscode.ThemeIcon(
      'cloud',
      look?.color && node.worst !== 'ready' ? new vscode.ThemeColor(look.color) : undefined,
    );
    return item;
  }

  private peerItem(node: PeerNode): vscode.TreeItem {
    const peer = node.peer;
    const item = new vscode.TreeItem(peerLabel(peer), vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.contextValue = contextValueOf(node);
    item.description = peerDescription(peer);
    const look = STATUS_LOOK[peer.category];
    item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
    // Atlas text goes through appendLiteral: it is escaped, never interpreted as markdown.
    const md = new vscode.MarkdownString();
    md.appendMarkdown('**');
    appendLiteral(md, peerLabel(peer));
    md.appendMarkdown(`** — ${providerLabel(node.provider)}\n\n`);
    for (const [label, value] of peerFields(peer)) {
      md.appendMarkdown(`${label}: `);
      appendLiteral(md, value);
      md.appendMarkdown('  \n');
    }
    item.tooltip = md;
    item.accessibilityInformation = {
      label: vscode.l10n.t(
        '{0}, {1}, status {2}',
        peerLabel(peer),
        providerLabel(node.provider),
        peer.status ?? vscode.l10n.t('unknown'),
      ),
    };
    return item;
  }

  private messageItem(node: MessageNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.contextValue = contextValueOf(node);
    const icons: Record<MessageNode['message'], vscode.ThemeIcon> = {
      error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
      empty: new vscode.ThemeIcon('info'),
      loading: new vscode.ThemeIcon('loading~spin'),
      info: new vscode.ThemeIcon('key'),
    };
    item.iconPath = icons[node.message];
    if (node.detail) {
      item.description = node.detail;
    }
    const md = new vscode.MarkdownString();
    appendLiteral(md, node.label);
    if (node.detail) {
      md.appendMarkdown('\n\n');
      appendLiteral(md, node.detail);
    }
    item.tooltip = md;
    if (node.message === 'error') {
      if (node.action === 'setCredentials') {
        item.command = {
          command: Commands.setCredentials,
          title: vscode.l10n.t('Set Credentials…'),
          arguments: [{ profile: node.profile }],
        };
        item.description = vscode.l10n.t('Set Credentials…');
      } else if (node.action === 'openSettings') {
        item.command = {
          command: 'workbench.action.openSettings',
          title: vscode.l10n.t('Open Settings'),
          arguments: ['atlasPeering'],
        };
        item.description = vscode.l10n.t('Open Settings');
      } else {
        item.command = { command: Commands.refreshNode, title: vscode.l10n.t('Retry'), arguments: [node] };
        item.description = vscode.l10n.t('click to retry');
      }
    }
    return item;
  }

  private loadingNode(project: ProjectNode): MessageNode {
    return {
      kind: 'message',
      id: messageNodeId(project.id, 'loading'),
      message: 'loading',
      label: vscode.l10n.t('Loading peering connections…'),
      parentId: project.id,
      profile: project.profile,
      projectId: project.projectId,
    };
  }

  private errorNode(
    parentId: string,
    message: string,
    action: ErrorAction,
    profile: string,
    suffix: string,
    projectId?: string,
  ): MessageNode {
    const node: MessageNode = {
      kind: 'message',
      id: messageNodeId(parentId, 'error', suffix),
      message: 'error',
      label: message,
      action,
      parentId,
      profile,
    };
    if (projectId) {
      node.projectId = projectId;
    }
    return node;
  }

  dispose(): void {
    if (this.autoTimer) {
      clearInterval(this.autoTimer);
    }
    if (this.refreshAllTimer) {
      clearTimeout(this.refreshAllTimer);
    }
    for (const d of this.disposables) {
      d.dispose();
    }
    this.changeEmitter.dispose();
  }
}

export type { SessionState };
