// The details webview glue: one panel per `${profile}/${groupId}/${peerId}`, restored after a window
// reload. The page (renderDetails.ts, media/details.js) never talks to Atlas: it posts typed
// messages, and everything it shows or copies comes from the model held here.

import * as vscode from 'vscode';
import { uiText } from '../util/uiText';
import {
  AtlasApiError,
  AtlasCancelledError,
  Container,
  ErrorAction,
  formatAtlasError,
  isTransitional,
  Peer,
  peerLabel,
  STATUS_CATEGORY_LABELS,
  validateAtlasId,
} from '../atlas';
import { Commands } from '../commands';
import { atlasPeeringPageUrl } from '../config/pure/atlasPages';
import type { Feature } from '../config/pure/feature';
import { parsePeerRef, type PeerRef, type ResolvedPeerRef } from '../config/pure/peerRef';
import type { SessionLookup } from '../credentials/pure/sessionLookup';
import { newNonce } from '../util/html';
import type { Logger } from '../util/log';
import {
  DetailsErrorModel,
  DetailsModel,
  renderDetailsError,
  renderDetailsHtml,
  renderDetailsLoading,
  resolveCopyValue,
} from './renderDetails';
import { CopyField, DetailsErrorAction, DetailsMessage, isDetailsMessage } from './messages';

export const DETAILS_VIEW_TYPE = 'atlasPeering.details';

/** What the details panel needs from the composition root. */
export interface AtlasAccess {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
  getSession(profile?: string): Promise<SessionLookup>;
  defaultProfile(): string;
  /** A configured project's name and profile, when the settings name it. */
  configuredProject(groupId: string): { name?: string; profile?: string } | undefined;
}

export interface WatchTiming {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_WATCH_TIMING: WatchTiming = { initialMs: 5_000, maxMs: 60_000 };

export type PanelState = 'loading' | 'details' | 'error';

/** A snapshot of one panel, for the integration tests. */
export interface PanelInfo {
  key: string;
  title: string;
  state: PanelState;
  watching: boolean;
  renderCount: number;
  loadCount: number;
  status?: string | null;
  category?: string;
  provider?: string;
  errorMessage?: string;
  errorActions?: DetailsErrorAction[];
  lastCopied?: CopyField;
  announcements: string[];
}

export interface DetailsApi {
  openPanels(): PanelInfo[];
  getPanelHtml(key: string): string | undefined;
  /** Resolves when the panel has no load in flight. */
  whenIdle(key: string): Promise<void>;
  /** Handles a message as if the panel's page had posted it (same checks). */
  receive(key: string, message: unknown): Promise<void>;
  setWatchTiming(timing: Partial<WatchTiming>): void;
  closeAll(): void;
}

export function panelKey(ref: ResolvedPeerRef): string {
  return `${ref.profile}/${ref.groupId}/${ref.peerId}`;
}

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

interface PersistedState {
  ref?: unknown;
}

function refFromState(state: unknown): ResolvedPeerRef | undefined {
  const ref = parsePeerRef((state as PersistedState | undefined)?.ref);
  return ref?.profile ? { profile: ref.profile, groupId: ref.groupId, peerId: ref.peerId } : undefined;
}

class DetailsPanel implements vscode.Disposable {
  readonly key: string;
  private model: DetailsModel | undefined;
  private error: DetailsErrorModel | undefined;
  private state: PanelState = 'loading';
  private html = '';
  private signature = '';
  private watching = false;
  private watchDelay = 0;
  private watchTimer: ReturnType<typeof setTimeout> | undefined;
  private watchAnnounced = false;
  private loadCtrl: AbortController | undefined;
  private loading: Promise<void> | undefined;
  private renderCount = 0;
  private loadCount = 0;
  private lastCopied: CopyField | undefined;
  private readonly announcements: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly ref: ResolvedPeerRef,
    private readonly access: AtlasAccess,
    private readonly timing: () => WatchTiming,
    private readonly onDisposed: (panel: DetailsPanel) => void,
  ) {
    this.key = panelKey(ref);
    panel.iconPath = vscode.Uri.joinPath(access.extensionUri, 'media', 'atlas-peering.svg');
    panel.webview.options = webviewOptions(access.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(m)),
    );
  }

  info(): PanelInfo {
    const peer = this.model?.peer;
    return {
      key: this.key,
      title: this.panel.title,
      state: this.state,
      watching: this.watching,
      renderCount: this.renderCount,
      loadCount: this.loadCount,
      status: peer?.status,
      category: peer?.category,
      provider: peer?.providerName,
      errorMessage: this.state === 'error' ? this.error?.message : undefined,
      errorActions: this.state === 'error' ? this.error?.actions : undefined,
      lastCopied: this.lastCopied,
      announcements: [...this.announcements],
    };
  }

  get currentHtml(): string {
    return this.html;
  }

  /** Resolves when no load is in flight (a load may be followed by another one). */
  async whenIdle(): Promise<void> {
    while (this.loading) {
      await this.loading;
    }
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /**
   * Fetches the peer (from the cache unless `force`), its container and its project, then renders.
   * `quiet` (the watch loop) renders only when the content changed.
   */
  load(opts: { force?: boolean; quiet?: boolean } = {}): Promise<void> {
    this.loadCtrl?.abort();
    const ctrl = new AbortController();
    this.loadCtrl = ctrl;
    const run = this.fetchAndRender(ctrl.signal, opts)
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted && !this.disposed) {
          this.access.log.error(`details ${this.key}: load failed`, e);
          this.showError(errorModel(e, this.ref.peerId));
        }
      })
      .finally(() => {
        if (this.loading === run) {
          this.loading = undefined;
        }
      });
    this.loading = run;
    return run;
  }

  private async fetchAndRender(signal: AbortSignal, opts: { force?: boolean; quiet?: boolean }): Promise<void> {
    const { groupId, peerId, profile } = this.ref;
    this.loadCount++;
    if (!this.model && (this.state !== 'loading' || this.renderCount === 0)) {
      this.state = 'loading';
      this.setHtml(renderDetailsLoading({ subject: peerId }, this.env()));
    }
    const session = await this.access.getSession(profile);
    if (signal.aborted || this.disposed) {
      return;
    }
    if (session.kind !== 'ready') {
      this.showError({ message: session.message, actions: unavailableActions(session) });
      return;
    }
    const { cache, baseUrl, profileName } = session.session;
    if (opts.force) {
      cache.invalidate({ groupId, id: peerId });
      if (this.model?.peer.containerId) {
        cache.invalidate({ groupId, id: this.model.peer.containerId });
      }
    }
    let peer: Peer;
    try {
      peer = await cache.getPeer(groupId, peerId, signal);
    } catch (e) {
      if (signal.aborted || this.disposed || e instanceof AtlasCancelledError) {
        return;
      }
      this.access.log.warn(`details ${groupId}/${peerId}: ${formatAtlasError(e).message}`);
      this.showError(errorModel(e, peerId));
      this.afterLoadError(e);
      return;
    }
    const fetchedAt = cache.peekPeer(groupId, peerId)?.fetchedAt ?? Date.now();
    const [container, project] = await Promise.all([
      peer.containerId
        ? cache.getContainer(groupId, peer.containerId, signal).then(
            (c): { container?: Container; containerError?: string } => ({ container: c }),
            (e: unknown) => ({ containerError: formatAtlasError(e).message }),
          )
        : Promise.resolve<{ container?: Container; containerError?: string }>({
            containerError: vscode.l10n.t('the connection names no container'),
          }),
      cache.getProject(groupId, signal).then(
        (p) => ({ id: p.id || groupId, name: p.name }),
        () => ({ id: groupId, name: this.access.configuredProject(groupId)?.name ?? '' }),
      ),
    ]);
    if (signal.aborted || this.disposed) {
      return;
    }
    const previous = this.model?.peer;
    this.model = {
      peer,
      ...container,
      project,
      fetchedAt,
      watching: this.watching,
      atlasUrl: atlasPeeringPageUrl(baseUrl, groupId) ?? '',
      profileName,
      rawJson: safeJson(peer.raw),
    };
    this.error = undefined;
    this.state = 'details';
    this.panel.title = `${peerLabel(peer)} · Atlas`;
    const settled = this.afterLoad(peer, previous);
    this.render(!opts.quiet);
    if (settled) {
      this.announce(settled);
    }
  }

  private showError(model: DetailsErrorModel): void {
    this.error = model;
    this.state = 'error';
    this.model = undefined;
    this.setHtml(renderDetailsError(model, this.env()));
  }

  /** Renders the model; unless `always`, only when something the page shows has changed. */
  private render(always: boolean): void {
    if (!this.model) {
      return;
    }
    this.model.watching = this.watching;
    const signature = modelSignature(this.model);
    if (!always && signature === this.signature) {
      return;
    }
    this.signature = signature;
    this.setHtml(renderDetailsHtml(this.model, this.env()));
  }

  private setHtml(html: string): void {
    if (this.disposed) {
      return;
    }
    if (this.state !== 'details') {
      this.signature = '';
    }
    this.html = html;
    this.renderCount++;
    this.panel.webview.html = html;
  }

  private env(): { cspSource: string; nonce: string; scriptUri: string; styleUri: string } {
    const webview = this.panel.webview;
    const media = vscode.Uri.joinPath(this.access.extensionUri, 'media');
    return {
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details.css')).toString(),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Messages from the page

  async receive(message: unknown): Promise<void> {
    if (!isDetailsMessage(message)) {
      this.access.log.debug(`details ${this.key}: dropped a malformed message from the webview`);
      return;
    }
    try {
      await this.handle(message);
    } catch (e) {
      this.access.log.error(`details ${this.key}: ${message.type} failed`, e);
      void vscode.window.showErrorMessage(uiText(formatAtlasError(e).message));
    }
  }

  private async handle(message: DetailsMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // Lets the serializer find this connection again after a window reload.
        void this.panel.webview.postMessage({ type: 'restoreRef', ref: this.ref });
        return;
      case 'refresh':
        await this.load({ force: true });
        return;
      case 'toggleWatch':
        if (this.watching) {
          this.stopWatching();
          this.render(true);
        } else {
          this.startWatching();
        }
        return;
      case 'copy': {
        const value = this.model ? resolveCopyValue(this.model, message.field) : undefined;
        if (value === undefined) {
          return;
        }
        await vscode.env.clipboard.writeText(value);
        this.lastCopied = message.field;
        void this.panel.webview.postMessage({ type: 'copied', field: message.field });
        return;
      }
      case 'openInAtlas': {
        const url = this.model?.atlasUrl;
        if (!url || !/^https?:\/\//.test(url)) {
          return;
        }
        await vscode.env.openExternal(vscode.Uri.parse(url, true));
        return;
      }
      case 'action':
        await runErrorAction(message.action, () => this.load({ force: true }));
        return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Watching

  private startWatching(): void {
    this.watching = true;
    this.watchAnnounced = false;
    this.watchDelay = this.timing().initialMs;
    this.render(true);
    // The first check is immediate: the status may already have settled.
    void this.load({ force: true, quiet: true });
  }

  private stopWatching(): void {
    this.watching = false;
    if (this.watchTimer !== undefined) {
      clearTimeout(this.watchTimer);
      this.watchTimer = undefined;
    }
  }

  private scheduleWatch(): void {
    if (this.watchTimer !== undefined) {
      clearTimeout(this.watchTimer);
    }
    const wait = this.watchDelay;
    this.watchDelay = Math.min(this.watchDelay * 2, this.timing().maxMs);
    this.watchTimer = setTimeout(() => {
      this.watchTimer = undefined;
      if (this.watching && !this.disposed) {
        void this.load({ force: true, quiet: true });
      }
    }, wait);
  }

  /** Keeps the watch loop going while the status can still change; returns the announcement when it settled. */
  private afterLoad(peer: Peer, previous: Peer | undefined): string | undefined {
    if (!this.watching) {
      return undefined;
    }
    if (previous && previous.status !== peer.status) {
      this.access.log.info(`details ${this.key}: ${previous.status ?? 'no status'} → ${peer.status ?? 'no status'}`);
    }
    if (isTransitional(peer.category) || peer.category === 'needsAction') {
      this.scheduleWatch();
      return undefined;
    }
    this.stopWatching();
    return peer.status
      ? vscode.l10n.t(
          'Peering connection {0} is {1} ({2}).',
          peerLabel(peer),
          peer.status,
          STATUS_CATEGORY_LABELS[peer.category],
        )
      : vscode.l10n.t(
          'Peering connection {0} is without status ({1}).',
          peerLabel(peer),
          STATUS_CATEGORY_LABELS[peer.category],
        );
  }

  private afterLoadError(e: unknown): void {
    if (!this.watching) {
      return;
    }
    if (e instanceof AtlasApiError && e.status === 404) {
      this.stopWatching();
      this.announce(vscode.l10n.t('Peering connection {0} no longer exists in Atlas.', this.ref.peerId));
      return;
    }
    if (formatAtlasError(e).action === 'retry') {
      this.scheduleWatch();
      return;
    }
    this.stopWatching();
  }

  private announce(text: string): void {
    if (this.watchAnnounced) {
      return;
    }
    this.watchAnnounced = true;
    this.announcements.push(text);
    void vscode.window.showInformationMessage(uiText(text));
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.stopWatching();
    this.loadCtrl?.abort();
    this.onDisposed(this);
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
    this.panel.dispose();
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return '';
  }
}

function modelSignature(model: DetailsModel): string {
  return safeJson({
    raw: model.peer.raw,
    container: model.container?.raw,
    containerError: model.containerError,
    project: model.project,
    watching: model.watching,
    atlasUrl: model.atlasUrl,
    profile: model.profileName,
  });
}

function errorModel(e: unknown, peerId: string): DetailsErrorModel {
  const { message, action } = formatAtlasError(e);
  const model: DetailsErrorModel = { message, subject: peerId, actions: action ? [action] : [] };
  if (e instanceof AtlasApiError) {
    model.httpStatus = e.status;
    if (e.errorCode) {
      model.errorCode = e.errorCode;
    }
  }
  return model;
}

/** Opens, reveals and restores the details panels. */
export class DetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DetailsPanel>();
  private timing: WatchTiming = { ...DEFAULT_WATCH_TIMING };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly access: AtlasAccess) {}

  /** Checks a reference from a command argument; throws a message for the user when unusable. */
  resolveRef(ref: PeerRef): ResolvedPeerRef {
    const group = validateAtlasId(ref.groupId, 'project');
    if (!group.ok) {
      throw new Error(group.message);
    }
    const peer = validateAtlasId(ref.peerId, 'peer');
    if (!peer.ok) {
      throw new Error(peer.message);
    }
    const profile = ref.profile ?? this.access.configuredProject(group.id)?.profile ?? this.access.defaultProfile();
    return { profile, groupId: group.id, peerId: peer.id };
  }

  /** Opens the panel of a connection, or reveals (and quietly re-reads) the one already open. */
  async show(ref: PeerRef): Promise<string> {
    const resolved = this.resolveRef(ref);
    const key = panelKey(resolved);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      await existing.load({ quiet: true });
      return key;
    }
    const panel = vscode.window.createWebviewPanel(
      DETAILS_VIEW_TYPE,
      `${resolved.peerId} · Atlas`,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      webviewOptions(this.access.extensionUri),
    );
    const details = this.adopt(panel, resolved);
    await details.load();
    return key;
  }

  private adopt(panel: vscode.WebviewPanel, ref: ResolvedPeerRef): DetailsPanel {
    const details = new DetailsPanel(
      panel,
      ref,
      this.access,
      () => this.timing,
      (p) => {
        if (this.panels.get(p.key) === p) {
          this.panels.delete(p.key);
        }
      },
    );
    this.panels.set(details.key, details);
    return details;
  }

  /** For window reloads: the page keeps its connection in its webview state. */
  register(): vscode.Disposable {
    const serializer: vscode.WebviewPanelSerializer = {
      deserializeWebviewPanel: async (panel, state) => {
        const ref = refFromState(state);
        if (!ref || this.panels.has(panelKey(ref))) {
          panel.dispose();
          return;
        }
        const details = this.adopt(panel, ref);
        await details.load();
      },
    };
    const d = vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, serializer);
    this.disposables.push(d);
    return this;
  }

  api(): DetailsApi {
    return {
      openPanels: () => [...this.panels.values()].map((p) => p.info()),
      getPanelHtml: (key) => this.panels.get(key)?.currentHtml,
      whenIdle: async (key) => {
        await this.panels.get(key)?.whenIdle();
      },
      receive: async (key, message) => {
        const p = this.panels.get(key);
        if (!p) {
          throw new Error(`No details panel ${key}`);
        }
        await p.receive(message);
      },
      setWatchTiming: (timing) => {
        this.timing = { ...this.timing, ...timing };
      },
      closeAll: () => {
        for (const p of [...this.panels.values()]) {
          p.dispose();
        }
      },
    };
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) {
      p.dispose();
    }
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

export interface DetailsFeature extends Feature {
  /** Opens (or reveals) the panel of a peer; Show Details, the lookup and hover links end here. */
  show(ref: PeerRef): Promise<string>;
  /** For the test API only. */
  readonly api: DetailsApi;
}

/** The panel manager and its serializer. Its commands belong to the features that open it. */
export function createDetailsFeature(access: AtlasAccess): DetailsFeature {
  const panels = new DetailsPanels(access);
  panels.register();
  return { disposables: [panels], commands: {}, show: (ref) => panels.show(ref), api: panels.api() };
}
