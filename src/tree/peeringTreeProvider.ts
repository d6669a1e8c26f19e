// The Peering Connections tree. Children load lazily (the peers of a project when it is expanded),
// errors and empty states are nodes, and refreshes fire the narrowest node that changed.

import * as vscode from 'vscode';
import { AtlasCache, Peer, formatAtlasError, isTransitional } from '../atlas';
import { peerSummaryLine, projectLimitsLine, type ProjectReads } from '../details/pure/planView';
import type { ErrorAction } from '../atlas';
import { ContextKeys } from '../config/pure/commands';
import { Settings } from '../config/settings';
import { SessionManager } from '../credentials/sessions';
import { createLogger, shownText } from '../logging/log';
import {
  MessageNode,
  PeerNode,
  PeerSummary,
  ProfileNode,
  ProjectNode,
  TreeNode,
  changeAnnouncement,
  emptyProjectMessage,
  filterPeers,
  mergeProjects,
  parentIdOf,
  peerNodes,
  profileNodeId,
  providerNodes,
  summarize,
  transitionalChanges,
} from './pure/treeModel';
import {
  environmentNode,
  errorNode,
  loadingNode,
  messageItem,
  peerItem,
  profileItem,
  projectItem,
  providerItem,
} from './treeItems';

const log = createLogger('tree');

interface ProjectState {
  generation: number;
  peers?: Peer[];
  /** Containers, clusters and access list, read once per load for the next-step line of each peer. */
  reads?: ProjectReads;
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
    this.announce = options.announce ?? ((m) => void vscode.window.showInformationMessage(shownText(m)));
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
        return profileItem(node);
      case 'project':
        return projectItem(node, this.summaryOf(node), this.projectStates.get(node.id)?.error !== undefined, {
          limits: this.limitsOf(node),
        });
      case 'provider':
        return providerItem(node);
      case 'peer':
        return peerItem(node, this.nextStepLine(node));
      case 'message':
        return messageItem(node);
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
              errorNode(
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
            errorNode(
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
        info.push(environmentNode(b.node));
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

  private async projectChildren(project: ProjectNode): Promise<TreeNode[]> {
    let state = this.projectStates.get(project.id);
    if (!state || (!state.peers && state.loading)) {
      // The children wait for the load (VS Code shows the view's progress bar meanwhile) rather than
      // answering "loading" and firing a change when done: a load answered from the cache can end
      // before VS Code has the "loading" answer, and that change is then lost, leaving "loading" for good.
      await (state?.loading ?? this.loadProject(project, { silent: false }));
      state = this.projectStates.get(project.id);
      if (!state) {
        return [loadingNode(project)]; // a refresh dropped the load; its own redraw follows
      }
    }
    if (state.error) {
      return [
        errorNode(
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
      return [loadingNode(project)];
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
          const cache = session.session.cache;
          const [peers, reads] = await Promise.all([
            cache.listAllPeers(project.projectId),
            treeReads(cache, project.projectId),
          ]);
          state.reads = reads;
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
  // Inspection (the test API, findPeerNode.ts)

  private limitsOf(project: ProjectNode): string | undefined {
    const peers = this.projectStates.get(project.id)?.peers;
    return peers ? projectLimitsLine(peers) : undefined;
  }

  /** The plan's one line for a peer's tooltip, from what its project's load read. */
  private nextStepLine(node: PeerNode): string | null {
    const state = this.projectStates.get(`${node.profile}/${node.projectId}`);
    const reads = state?.reads ?? {};
    const container = reads.containers?.find((c) => c.id === node.peer.containerId);
    return peerSummaryLine(node.peer, container, { ...reads, peers: state?.peers }, Date.now());
  }

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

/**
 * The tree's extra reads for the next-step lines, through the session cache, so one tree load makes
 * at most one of each per project; a failure only leaves the lines shorter.
 */
async function treeReads(cache: AtlasCache, groupId: string): Promise<ProjectReads> {
  const quiet = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
  const [containers, clusters, accessList] = await Promise.all([
    quiet(cache.listContainers(groupId)),
    quiet(cache.getClusters(groupId)),
    quiet(cache.getAccessList(groupId)),
  ]);
  return { containers, clusters, accessList };
}
