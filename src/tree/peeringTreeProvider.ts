// The Peering Connections tree. Every project's peers load in the background (pure/loadQueue.ts),
// so a collapsed project already shows its count and worst state; expanding it adds the reads for
// the next-step lines. Errors and empty states are nodes, and a load fires its project only when
// what the project shows changed: a fire makes VS Code forget the project's descendants until it
// has asked for them again, and a menu command on one of them in that moment gets no argument.

import * as vscode from 'vscode';
import { AtlasApiError, AtlasCache, Peer, formatAtlasError, isTransitional, type AtlasClient } from '../atlas';
import { peerSummaryLine, projectLimitsLine, type ProjectReads } from '../details/pure/planView';
import type { ErrorAction } from '../atlas';
import { ContextKeys } from '../config/pure/commands';
import { Settings } from '../config/settings';
import { SessionManager, type Session } from '../credentials/sessions';
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
  estateCounts,
  filterPeers,
  groupByOrganization,
  needsAttention,
  orgDescription,
  organizationsOf,
  peerMatchesId,
  mergeProjects,
  parentIdOf,
  peerNodes,
  profileNodeId,
  providerNodes,
  summarize,
  transitionalChanges,
  type EstateCounts,
} from './pure/treeModel';
import { BACKGROUND_CONCURRENCY, LoadQueue, budgetedConcurrency, type LoadOutcome } from './pure/loadQueue';
import { asOfText, snapshotKey, snapshotProjects, type SnapshotEntry } from './pure/treeSnapshot';
import type { TreeSnapshots } from './treeSnapshots';
import {
  environmentNode,
  errorNode,
  loadingNode,
  messageItem,
  orgItem,
  peerItem,
  profileItem,
  projectItem,
  providerItem,
} from './treeItems';

const log = createLogger('tree');

/** How long organization names are trusted before GET /orgs is asked again. */
const ORG_NAMES_MS = 10 * 60_000;

interface ProjectState {
  generation: number;
  peers?: Peer[];
  /** Containers, clusters and access list, read once per load for the next-step line of each peer. */
  reads?: ProjectReads;
  /** The reads' load, started when the project is first expanded. */
  readsLoading?: Promise<void>;
  error?: { message: string; action?: ErrorAction };
  /** Count and worst state of the peers shown, kept from the last load. */
  summary?: PeerSummary;
  /** The children were asked for: the user sees this load's outcome. */
  expanded?: boolean;
  /** The last load ended in a 429 that the client's retries did not get past. */
  rateLimited?: { retryAfterMs?: number };
  loading?: Promise<void>;
  /**
   * Painted from the snapshot (epoch ms it was taken): a summary and no peers. It is never expanded,
   * counted in the status bar, refreshed automatically or compared for announcements; the
   * background pass replaces it.
   */
  staleSince?: number;
}

interface RootModel {
  top: TreeNode[];
  profileChildren: Map<string, TreeNode[]>;
  /** Each organization node's projects (a profile whose projects span more than one organization). */
  orgChildren: Map<string, ProjectNode[]>;
  profileLevel: boolean;
  /** Each ready profile's snapshot key (profile, base URL, credentials). */
  snapshotKeys: Map<string, string>;
  /** Painted from the snapshot: each project's summary and when it was taken. */
  painted?: Map<string, { summary?: PeerSummary; savedAt: number }>;
}

export interface TreeProviderOptions {
  /** Shows "x is now AVAILABLE"; replaceable for tests. */
  announce?: (message: string) => void;
  /** The last-known tree, painted before Atlas answers (absent: no snapshot). */
  snapshots?: TreeSnapshots;
}

export class PeeringTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** The latest node object per id: VS Code matches refreshed elements by object identity. */
  private readonly nodes = new Map<string, TreeNode>();
  private readonly projectStates = new Map<string, ProjectState>();
  /** What the top levels answer: the painted snapshot until the live root of this generation is in. */
  private root: Promise<RootModel> | undefined;
  /** The live root of this generation (discovery asked Atlas), and the same once resolved. */
  private live: Promise<RootModel> | undefined;
  private liveModel: RootModel | undefined;
  /** The root the top levels last answered from (painted or live), for the items' own reads. */
  private shownModel: RootModel | undefined;
  private readonly snapshots: TreeSnapshots | undefined;
  /** Each profile's client as the last load found it: the pass reads their rate-limit headers. */
  private readonly clients = new Map<string, AtlasClient>();
  /** Organization names per credentials (snapshot key), kept across refreshes. */
  private readonly orgNames = new Map<string, { at: number; names: Map<string, string> }>();
  private profileLevel = false;
  private generation = 0;
  private refreshAllTimer: NodeJS.Timeout | undefined;
  private autoTimer: NodeJS.Timeout | undefined;
  private view: vscode.TreeView<TreeNode> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly announce: (message: string) => void;
  /** What each project's item showed when VS Code last asked for it (see the file comment). */
  private readonly shown = new Map<string, string>();
  private readonly background: LoadQueue<string>;
  private attentionOnly = false;
  private estateTimer: NodeJS.Timeout | undefined;
  private rootTimer: NodeJS.Timeout | undefined;
  private readonly estateEmitter = new vscode.EventEmitter<EstateCounts>();
  /** The counts over every loaded project, after each load (for the status bar). */
  readonly onDidChangeEstate = this.estateEmitter.event;

  constructor(
    private readonly settings: Settings,
    private readonly sessions: SessionManager,
    options: TreeProviderOptions = {},
  ) {
    // Announcements hold peer labels and Atlas error text: shown inert (no link, no icon) and capped.
    this.announce = options.announce ?? ((m) => void vscode.window.showInformationMessage(shownText(m)));
    this.snapshots = options.snapshots;
    this.background = new LoadQueue<string>({
      concurrency: () => this.backgroundBudget(),
      run: (id) => this.loadInBackground(id),
    });
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
    this.disposables.push(
      view.onDidChangeVisibility(() => {
        this.scheduleAutoRefresh();
        // The background pass runs only while someone can see it.
        if (view.visible) {
          this.background.resume();
        } else {
          this.background.pause();
        }
      }),
    );
    if (!view.visible) {
      this.background.pause();
    }
    this.scheduleAutoRefresh();
  }

  // -------------------------------------------------------------------------------------------
  // The estate: every project's state, the attention filter, find by id

  /** Shows only connections that need the user (and the projects that hold them), or everything. */
  setAttentionOnly(on: boolean): void {
    if (this.attentionOnly === on) {
      return;
    }
    this.attentionOnly = on;
    this.shown.clear();
    this.changeEmitter.fire();
  }

  get isAttentionOnly(): boolean {
    return this.attentionOnly;
  }

  /** Whether the attention filter lets this peer show. */
  isShown(node: PeerNode): boolean {
    return !this.attentionOnly || needsAttention(node.peer);
  }

  estate(): EstateCounts {
    const summaries: PeerSummary[] = [];
    for (const state of this.projectStates.values()) {
      // A painted summary is an old answer: the status bar waits for the live one.
      if (state.summary && state.staleSince === undefined) {
        summaries.push(state.summary);
      }
    }
    return estateCounts(summaries);
  }

  /** One estate event for a burst of loads (a pass over 1,000 projects ends 1,000 loads). */
  private scheduleEstateEvent(): void {
    this.estateTimer ??= setTimeout(() => {
      this.estateTimer = undefined;
      this.estateEmitter.fire(this.estate());
    }, 50);
  }

  /** One redraw of the top level for a burst of changes (coalesced, state kept). */
  private fireRoot(): void {
    this.rootTimer ??= setTimeout(() => {
      this.rootTimer = undefined;
      this.changeEmitter.fire();
    }, 50);
  }

  /** Resolves when the background pass has loaded every project it knows of. */
  async loadEstate(): Promise<void> {
    await this.ensureRoot();
    await this.ensureLive();
    // Someone waits for the answer (Find by ID, a test): load even while the view is hidden.
    this.background.resume();
    await this.background.idle();
    if (this.view && !this.view.visible) {
      this.background.pause();
    }
  }

  /**
   * The peer node a typed id names (Atlas id, VPC, pcx-, VNet or network name), across every
   * project, once the background pass has loaded them all; its parents are known to the tree, so
   * that the view can reveal it.
   */
  async findById(typed: string): Promise<PeerNode | undefined> {
    await this.loadEstate();
    for (const [id, state] of this.projectStates) {
      const project = this.nodes.get(id);
      if (!state.peers || project?.kind !== 'project') {
        continue;
      }
      const peer = filterPeers(state.peers, project.peers).find((p) => peerMatchesId(p, typed));
      if (peer) {
        const provider = providerNodes(project, [peer])[0];
        const node = peerNodes(provider, [peer])[0];
        this.nodes.set(provider.id, this.nodes.get(provider.id) ?? provider);
        this.nodes.set(node.id, this.nodes.get(node.id) ?? node);
        return this.nodes.get(node.id) as PeerNode;
      }
    }
    return undefined;
  }

  /** The pass's concurrency under the tightest bucket its clients reported lately (RateLimit-* headers). */
  private backgroundBudget(): number {
    let budget = BACKGROUND_CONCURRENCY;
    for (const client of this.clients.values()) {
      budget = Math.min(budget, budgetedConcurrency(client.rateLimit()));
    }
    return budget;
  }

  private async loadInBackground(id: string): Promise<LoadOutcome> {
    const project = this.nodes.get(id);
    const before = this.projectStates.get(id);
    // Only projects nobody has loaded (a painted one is not loaded): an expanded one loads itself and shows its own outcome.
    if (project?.kind !== 'project' || (before && before.staleSince === undefined)) {
      return { kind: 'done' };
    }
    await this.loadProject(project, { silent: false, background: true });
    const state = this.projectStates.get(id);
    if (state?.rateLimited && !state.expanded) {
      // Not an error to show: the project goes back in the queue and loads after the wait, painted as it was.
      const retryAfterMs = state.rateLimited.retryAfterMs;
      if (before) {
        this.projectStates.set(id, before);
      } else {
        this.projectStates.delete(id);
      }
      return { kind: 'rateLimited', retryAfterMs };
    }
    return { kind: 'done' };
  }

  private startBackgroundPass(root: RootModel): void {
    const projects: string[] = [];
    const visit = (nodes: readonly TreeNode[]): void => {
      for (const n of nodes) {
        if (n.kind === 'project') {
          projects.push(n.id);
          // Known before VS Code asks for the level (a hidden view, a collapsed profile).
          if (!this.nodes.has(n.id)) {
            this.nodes.set(n.id, n);
          }
        } else if (n.kind === 'profile') {
          visit(root.profileChildren.get(n.id) ?? []);
        } else if (n.kind === 'org') {
          this.nodes.set(n.id, this.nodes.get(n.id) ?? n);
          visit(root.orgChildren.get(n.id) ?? []);
        }
      }
    };
    visit(root.top);
    this.background.setWork(projects.filter((id) => !this.projectStates.get(id)?.peers));
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
      case 'org': {
        const projects = this.shownModel?.orgChildren.get(node.id) ?? [];
        const counts = estateCounts(
          projects.flatMap((p) => {
            const state = this.projectStates.get(p.id);
            return state?.summary && state.staleSince === undefined ? [state.summary] : [];
          }),
        );
        return orgItem(node, orgDescription(projects.length, counts));
      }
      case 'project': {
        const state = this.projectStates.get(node.id);
        const item = projectItem(node, this.summaryOf(node), state?.error !== undefined, {
          limits: this.limitsOf(node),
          attentionOnly: this.attentionOnly,
          asOf: state?.staleSince === undefined ? undefined : asOfText(state.staleSince, Date.now()),
        });
        this.shown.set(node.id, this.signatureOf(node.id));
        return item;
      }
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
    this.live = undefined;
    this.liveModel = undefined;
    this.shownModel = undefined;
    this.clients.clear();
    this.projectStates.clear();
    this.nodes.clear();
    this.shown.clear();
    this.background.clear();
    this.scheduleEstateEvent();
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
    if (node.kind === 'profile' || node.kind === 'org') {
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
    this.shown.delete(project.id);
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
      const root = await this.currentRoot();
      return this.attentionOnly ? root.top.filter((n) => this.hasAttention(n)) : root.top;
    }
    switch (node.kind) {
      case 'profile': {
        const root = await this.currentRoot();
        const children = root.profileChildren.get(node.id) ?? [];
        return this.attentionOnly ? children.filter((n) => this.hasAttention(n)) : children;
      }
      case 'org': {
        const root = await this.currentRoot();
        const children = root.orgChildren.get(node.id) ?? [];
        return this.attentionOnly ? children.filter((n) => this.hasAttention(n)) : children;
      }
      case 'project':
        return this.projectChildren(node);
      case 'provider': {
        const project = this.nodes.get(`${node.profile}/${node.projectId}`);
        const state = this.projectStates.get(`${node.profile}/${node.projectId}`);
        if (!state?.peers || project?.kind !== 'project') {
          return [];
        }
        return peerNodes(node, this.shownPeers(state.peers, project));
      }
      default:
        return [];
    }
  }

  /**
   * The root the top levels answer, once per generation: painted from the snapshot when every ready
   * profile has one (no request before it is answered), then replaced in place by the live root.
   */
  private ensureRoot(): Promise<RootModel> {
    if (!this.root) {
      const generation = this.generation;
      this.root = this.paintedRoot().then((painted) => {
        if (generation !== this.generation) {
          return this.ensureRoot(); // a change while painting (settings, sessions): paint that one
        }
        if (!painted) {
          return this.ensureLive();
        }
        this.seedPaintedStates(painted);
        // Atlas is asked once VS Code has the painted answer.
        setImmediate(() => {
          if (generation !== this.generation) {
            return;
          }
          void this.ensureLive().then((live) => {
            if (generation === this.generation) {
              this.root = Promise.resolve(live);
              if (topSignature(live) !== topSignature(painted)) {
                this.fireRoot(); // projects came or went; the ids of the others stay, and so their expansion
              }
            }
          });
        });
        return painted;
      });
    }
    return this.root;
  }

  /** The live root once it is in, the painted one until then. */
  private async currentRoot(): Promise<RootModel> {
    const root = await this.ensureRoot();
    this.shownModel = this.liveModel ?? root;
    return this.shownModel;
  }

  /** The live root of this generation; building it queues the background pass. */
  private ensureLive(): Promise<RootModel> {
    if (!this.live) {
      const live: Promise<RootModel> = this.buildRoot('live').then((r) => {
        const model = r as RootModel; // 'live' always builds one
        if (this.live === live) {
          this.liveModel = model;
          this.startBackgroundPass(model);
          this.scheduleSnapshot();
        }
        return model;
      });
      this.live = live;
    }
    return this.live;
  }

  private async paintedRoot(): Promise<RootModel | undefined> {
    if (!this.snapshots?.enabled()) {
      return undefined;
    }
    try {
      return await this.buildRoot('snapshot');
    } catch (e) {
      log.warn(`the tree snapshot could not be painted: ${String(e)}`);
      return undefined;
    }
  }

  /** Painted projects show the snapshot's summary until their live load replaces it. */
  private seedPaintedStates(painted: RootModel): void {
    for (const [id, p] of painted.painted ?? []) {
      if (!this.projectStates.has(id)) {
        this.projectStates.set(id, { generation: this.generation, summary: p.summary, staleSince: p.savedAt });
      }
    }
  }

  /**
   * The names of the organizations a profile's projects span, when more than one: from the
   * snapshot when painting, otherwise GET /orgs, asked at most every ORG_NAMES_MS per credentials
   * (Atlas's bucket for /orgs is small), the ids standing in for names it could not give.
   */
  private async organizationNames(
    session: Session | undefined,
    projects: readonly ProjectNode[],
    entry: SnapshotEntry | undefined,
  ): Promise<Map<string, string>> {
    const ids = organizationsOf(projects);
    if (ids.size <= 1) {
      return new Map();
    }
    if (entry) {
      return new Map((entry.orgs ?? []).map((o) => [o.id, o.name]));
    }
    if (!session) {
      return new Map();
    }
    const key = snapshotKey(session.profile.name, session.baseUrl, session.credentialId);
    const known = this.orgNames.get(key);
    if (known && Date.now() - known.at < ORG_NAMES_MS && [...ids].every((id) => known.names.has(id))) {
      return known.names;
    }
    try {
      const orgs = await session.cache.listOrganizations();
      const names = new Map(orgs.map((o) => [o.id, o.name]));
      this.orgNames.set(key, { at: Date.now(), names });
      return names;
    } catch (e) {
      log.warn(`listing organizations of profile ${session.profile.name}: ${formatAtlasError(e).message}`);
      return known?.names ?? new Map();
    }
  }

  /**
   * The root: profiles, their messages and their projects. 'live' lists each profile's projects
   * from Atlas; 'snapshot' takes them from the snapshot kept for the same profile, base URL and
   * credentials, and gives up (undefined) when a profile that would show has none or is not ready.
   */
  private async buildRoot(source: 'live' | 'snapshot'): Promise<RootModel | undefined> {
    const generation = this.generation;
    const started = Date.now();
    const { profiles, defaultProfile } = this.settings.resolveProfiles();
    const configured = this.settings.projects;
    const discover = this.settings.discoverProjects;
    const states = await Promise.all(profiles.map((p) => this.sessions.resolve(p.name)));
    const snapshotKeys = new Map<string, string>();
    const painted = new Map<string, { summary?: PeerSummary; savedAt: number }>();
    const keyOf = (session: Session): string =>
      snapshotKey(session.profile.name, session.baseUrl, session.credentialId);
    for (const state of states) {
      if (state.kind === 'ready') {
        snapshotKeys.set(state.session.profile.name, keyOf(state.session));
      }
    }
    let unpaintable = false;

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
        let entry: SnapshotEntry | undefined;
        if (source === 'snapshot') {
          entry = state.kind === 'ready' ? await this.snapshots?.entry(keyOf(state.session)) : undefined;
          if (!entry) {
            unpaintable = true; // its errors and its projects are the live root's to tell
            return undefined;
          }
          discovered = discover ? snapshotProjects(entry) : undefined;
        } else if (state.kind === 'ready' && discover) {
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
        const level = groupByOrganization(
          profile.name,
          projects,
          await this.organizationNames(state.kind === 'ready' ? state.session : undefined, projects, entry),
        );
        if (entry) {
          const kept = new Map(entry.projects.map((p) => [p.id, p.summary]));
          for (const p of projects) {
            painted.set(p.id, { summary: kept.get(p.projectId), savedAt: entry.savedAt });
          }
        }
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
        return { node, messages, projects, level, ready: state.kind === 'ready' };
      }),
    );
    if (unpaintable) {
      return undefined;
    }
    const active = built.filter((b): b is NonNullable<typeof b> => b !== undefined);
    if (source === 'snapshot' && active.length === 0) {
      return undefined;
    }
    const profileLevel = active.length > 1;
    const profileChildren = new Map<string, TreeNode[]>();
    const orgChildren = new Map<string, ProjectNode[]>();
    for (const b of active) {
      const info: TreeNode[] = [];
      if (!profileLevel && b.node.source === 'environment' && (b.projects.length > 0 || b.messages.length > 0)) {
        info.push(environmentNode(b.node));
      }
      profileChildren.set(b.node.id, [...info, ...b.messages, ...b.level.top]);
      for (const [id, children] of b.level.orgChildren) {
        orgChildren.set(id, children);
      }
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
      `tree root${source === 'snapshot' ? ' (painted from the snapshot)' : ''}: ${active.length} profile(s), ${active.reduce((n, b) => n + b.projects.length, 0)} project(s) in ${Date.now() - started} ms`,
    );
    return source === 'snapshot'
      ? { top, profileChildren, orgChildren, profileLevel, snapshotKeys, painted }
      : { top, profileChildren, orgChildren, profileLevel, snapshotKeys };
  }

  private async projectChildren(project: ProjectNode): Promise<TreeNode[]> {
    let state = this.projectStates.get(project.id);
    if (state) {
      state.expanded = true; // its outcome is shown, rate limit included (see loadInBackground)
    }
    if (!state || state.staleSince !== undefined || (!state.peers && state.loading)) {
      // The children wait for the load (VS Code shows the view's progress bar meanwhile) rather than
      // answering "loading" and firing a change when done: a load answered from the cache can end
      // before VS Code has the "loading" answer, and that change is then lost, leaving "loading" for good.
      // A painted project is never expanded from the snapshot: its peers are Atlas's, now.
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
    // The next-step lines need the project's containers, clusters and access list: read once, on
    // the first expansion, not by the background pass (which reads only what the state needs).
    state.readsLoading ??= treeReads(this.sessions, project).then((reads) => {
      if (state) {
        state.reads = reads;
      }
    });
    await state.readsLoading;
    const shown = this.shownPeers(state.peers, project);
    if (shown.length === 0) {
      return [emptyProjectMessage(project, state.peers.length)];
    }
    return providerNodes(project, shown);
  }

  /** The peers a project shows: its configured filter, then the attention filter when it is on. */
  private shownPeers(peers: readonly Peer[], project: ProjectNode): Peer[] {
    const configured = filterPeers(peers, project.peers);
    return this.attentionOnly ? configured.filter(needsAttention) : configured;
  }

  /** Under the attention filter: projects not loaded yet stay (they may hold some), the others only with one. */
  private hasAttention(node: TreeNode): boolean {
    if (node.kind === 'org') {
      return (this.shownModel?.orgChildren.get(node.id) ?? []).some((p) => this.hasAttention(p));
    }
    if (node.kind !== 'project') {
      return true;
    }
    const state = this.projectStates.get(node.id);
    return !state?.peers || state.error !== undefined || this.shownPeers(state.peers, node).length > 0;
  }

  /** What a project's item shows, as one string: a load fires the project only when this changed. */
  private signatureOf(id: string): string {
    const state = this.projectStates.get(id);
    if (!state) {
      return 'none';
    }
    if (state.staleSince !== undefined) {
      return `painted:${state.staleSince}:${JSON.stringify(state.summary)}`;
    }
    if (state.error) {
      return `error:${state.error.message}:${state.error.action ?? ''}`;
    }
    return state.peers ? JSON.stringify(state.peers.map((p) => p.raw)) : 'loading';
  }

  /** Loads (or reloads) a project's peers; resolves when the tree has been told. */
  loadProject(project: ProjectNode, options: { silent: boolean; background?: boolean }): Promise<void> {
    const previous = this.projectStates.get(project.id);
    if (previous?.loading) {
      return previous.loading;
    }
    const generation = this.generation;
    const state: ProjectState = { generation, peers: options.silent ? previous?.peers : undefined };
    if (previous?.staleSince !== undefined) {
      // Painted until the answer is in, rather than blank while it loads.
      state.staleSince = previous.staleSince;
      state.summary = previous.summary;
    }
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
          this.clients.set(project.profile, session.session.client);
          const peers = await cache.listAllPeers(project.projectId);
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
          if (options.silent && previous?.reads) {
            // Still expanded: its next-step lines read again, through the cache just invalidated.
            state.readsLoading = treeReads(this.sessions, project).then((reads) => {
              state.reads = reads;
            });
            await state.readsLoading;
          }
        } catch (e) {
          if (e instanceof AtlasApiError && e.status === 429) {
            state.rateLimited = e.retryAfterMs === null ? {} : { retryAfterMs: e.retryAfterMs };
          }
          const f = formatAtlasError(e);
          log.error(`loading peers of project ${project.projectId} (profile ${project.profile}) failed`, e);
          state.error = f.action ? { message: f.message, action: f.action } : { message: f.message };
          state.peers = undefined;
        }
      }
      state.loading = undefined;
      state.staleSince = undefined;
      // A refresh while loading replaced this state; its own load will redraw.
      if (this.projectStates.get(project.id) === state && generation === this.generation) {
        state.summary = state.peers ? summarize(filterPeers(state.peers, project.peers)) : undefined;
        const quietRetry = options.background && state.rateLimited && !state.expanded; // loads again after the wait
        if (!quietRetry && this.signatureOf(project.id) !== this.shown.get(project.id)) {
          if (this.attentionOnly) {
            this.fireRoot(); // the project may join or leave its parent's list
          } else {
            this.changeEmitter.fire(this.nodes.get(project.id) ?? project);
          }
        }
        this.scheduleEstateEvent();
        this.scheduleSnapshot();
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

  /** The summary the project's line shows: of the peers it shows, the attention filter included. */
  summaryOf(project: ProjectNode): PeerSummary | undefined {
    const state = this.projectStates.get(project.id);
    if (!state?.peers) {
      return state?.staleSince === undefined ? undefined : state.summary;
    }
    return this.attentionOnly ? summarize(this.shownPeers(state.peers, project)) : state.summary;
  }

  // -------------------------------------------------------------------------------------------
  // The snapshot (pure/treeSnapshot.ts): what the next opening paints

  private scheduleSnapshot(): void {
    this.snapshots?.scheduleSave(() => this.snapshotEntries());
  }

  /** Each ready profile's projects with the summaries of their live loads (painted ones are not kept again). */
  private snapshotEntries(): SnapshotEntry[] {
    const model = this.liveModel;
    // Once the pass is through (its last load schedules the save again): a half-loaded tree would
    // replace a whole snapshot with a poorer one.
    if (!model || this.background.pending > 0) {
      return [];
    }
    const entries: SnapshotEntry[] = [];
    for (const [profile, key] of model.snapshotKeys) {
      const level = model.profileLevel ? (model.profileChildren.get(profileNodeId(profile)) ?? []) : model.top;
      const nodes = level.flatMap((n) => (n.kind === 'org' ? (model.orgChildren.get(n.id) ?? []) : [n]));
      const projects = nodes.flatMap((n) => {
        if (n.kind !== 'project' || n.profile !== profile) {
          return [];
        }
        const state = this.projectStates.get(n.id);
        const live = state && state.staleSince === undefined && state.peers ? state.summary : undefined;
        return [{ id: n.projectId, name: n.name, orgId: n.orgId ?? undefined, summary: live }];
      });
      const names = this.orgNames.get(key)?.names;
      const orgs = names
        ? [...organizationsOf(nodes.filter((n): n is ProjectNode => n.kind === 'project'))].map((id) => ({
            id,
            name: names.get(id) ?? id,
          }))
        : undefined;
      entries.push(
        orgs && orgs.length > 1
          ? { key, profile, savedAt: Date.now(), projects, orgs }
          : { key, profile, savedAt: Date.now(), projects },
      );
    }
    return entries;
  }

  /** Writes the pending snapshot now (tests). */
  saveSnapshot(): Promise<void> {
    return this.snapshots?.flush() ?? Promise.resolve();
  }

  /** Sign Out: the profile's snapshot goes (and with no profile, every snapshot). */
  forgetSnapshot(profile?: string): Promise<void> {
    return this.snapshots?.forget(profile) ?? Promise.resolve();
  }

  node(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Children with every load finished (the live root, a project's peers fetched and awaited). */
  async loadedChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node || node.kind === 'profile') {
      await this.ensureRoot();
      await this.ensureLive(); // Atlas's answer, not the painted one
    }
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
    this.background.clear();
    clearTimeout(this.estateTimer);
    clearTimeout(this.rootTimer);
    this.changeEmitter.dispose();
    this.estateEmitter.dispose();
  }
}

/** What the top levels list (ids and names): the painted root is redrawn only when the live one differs. */
function topSignature(root: RootModel): string {
  const line = (nodes: readonly TreeNode[]): string =>
    nodes.map((n) => `${n.id}\u0000${n.kind === 'project' ? n.name : ''}`).join('\u0001');
  return [line(root.top), ...[...root.profileChildren.values(), ...root.orgChildren.values()].map(line)].join('\u0002');
}

/**
 * The tree's extra reads for the next-step lines, through the session cache, so one tree load makes
 * at most one of each per project; a failure only leaves the lines shorter.
 */
async function treeReads(sessions: SessionManager, project: ProjectNode): Promise<ProjectReads> {
  const session = await sessions.resolve(project.profile);
  if (session.kind !== 'ready') {
    return {};
  }
  return projectReads(session.session.cache, project.projectId);
}

async function projectReads(cache: AtlasCache, groupId: string): Promise<ProjectReads> {
  const quiet = <T>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
  const [containers, clusters, accessList] = await Promise.all([
    quiet(cache.listContainers(groupId)),
    quiet(cache.getClusters(groupId)),
    quiet(cache.getAccessList(groupId)),
  ]);
  return { containers, clusters, accessList };
}
