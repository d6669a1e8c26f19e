// One details webview panel: loads its peer, renders it, answers the page's messages and runs its
// watch loop. The manager (detailsPanels.ts) opens, restores and keys them by `${profile}/${groupId}/${peerId}`. The page (renderDetails.ts, webview/detailsPage.ts) never talks to Atlas: it posts typed
// messages, and everything it shows or copies comes from the model held here.

import * as vscode from 'vscode';
import { AtlasApiError, AtlasCancelledError, Container, formatAtlasError, Peer, peerLabel } from '../atlas';
import { atlasPeeringPageUrl } from '../config/pure/atlasPages';
import { Commands } from '../config/pure/commands';
import type { ResolvedPeerRef } from '../config/pure/peerRef';
import type { SessionLookup } from '../credentials/pure/sessionLookup';
import { newNonce } from '../util/html';
import { shownText, type Logger } from '../logging/log';
import {
  DetailsErrorModel,
  DetailsModel,
  renderDetailsError,
  renderDetailsHtml,
  renderDetailsLoading,
  resolveCopyValue,
} from './pure/renderDetails';
import { runErrorAction, unavailableActions } from './errorActions';
import { errorModel, modelSignature, safeJson } from './pure/panelModel';
import { CopyField, DetailsErrorAction, DetailsHostMessage, DetailsMessage, isDetailsMessage } from './pure/messages';
import { WatchLoop, type Clock, type WatchTiming } from './pure/watchLoop';
import { firstSeen } from './pure/firstSeen';
import { planView, type ProjectReads } from './pure/planView';
import type { SeenState } from './pure/watchOutcome';
import { outcomeLine, watchOutcome } from './pure/watchOutcome';
import type { AtlasCache } from '../atlas';

export const DETAILS_VIEW_TYPE = 'atlasPeering.details';

/** What the details panel needs from the composition root. */
export interface AtlasAccess {
  readonly extensionUri: vscode.Uri;
  readonly log: Logger;
  getSession(profile?: string): Promise<SessionLookup>;
  defaultProfile(): string;
  /** A configured project's name and profile, when the settings name it. */
  configuredProject(groupId: string): { name?: string; profile?: string } | undefined;
  /** atlasPeering.watchTimeoutMinutes, in ms. */
  watchTimeoutMs(): number;
}

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
  lastCopied?: CopyField | string;
  announcements: string[];
  /** The statuses the watch saw, in order (one per change). */
  timeline: string[];
  /** The first step of the plan, by id, and every plan copy key the page offers. */
  steps: string[];
  copyKeys: string[];
}

export function panelKey(ref: ResolvedPeerRef): string {
  return `${ref.profile}/${ref.groupId}/${ref.peerId}`;
}

export class DetailsPanel implements vscode.Disposable {
  readonly key: string;
  private model: DetailsModel | undefined;
  private error: DetailsErrorModel | undefined;
  private state: PanelState = 'loading';
  private html = '';
  private signature = '';
  private readonly watch: WatchLoop;
  private watchAnnounced = false;
  private loadCtrl: AbortController | undefined;
  private loading: Promise<void> | undefined;
  private renderCount = 0;
  private loadCount = 0;
  private lastCopied: CopyField | string | undefined;
  private seen: SeenState[] = [];
  private readonly clockOf: () => Clock;
  private readonly announcements: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly ref: ResolvedPeerRef,
    private readonly access: AtlasAccess,
    timing: () => WatchTiming,
    clock: () => Clock,
    private readonly onDisposed: (panel: DetailsPanel) => void,
  ) {
    this.key = panelKey(ref);
    this.clockOf = clock;
    this.watch = new WatchLoop(() => void this.load({ force: true, quiet: true }), timing, clock);
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
      timeline: this.model?.plan?.timeline.map((r) => r.status) ?? [],
      steps: this.model?.plan?.steps.map((s) => s.id) ?? [],
      copyKeys: Object.keys(this.model?.plan?.copies ?? {}),
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
    if (opts.force && !opts.quiet) {
      // Refresh re-reads the project facts too, once for every panel of the project.
      cache.invalidateProjectReads(groupId);
    }
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
    const reads = await projectReads(cache, groupId, signal);
    if (signal.aborted || this.disposed) {
      return;
    }
    const previous = this.model?.peer;
    const nowMs = this.clockOf().nowMs();
    if (this.watching) {
      this.seen.push({
        status: peer.status ?? 'no status',
        category: peer.category,
        atMs: nowMs,
        errorText: peer.errorText,
      });
    }
    this.model = {
      peer,
      ...container,
      project,
      fetchedAt,
      watching: this.watching,
      atlasUrl: atlasPeeringPageUrl(baseUrl, groupId) ?? '',
      profileName,
      rawJson: safeJson(peer.raw),
      plan: planView(peer, (container as { container?: Container }).container, reads, {
        groupId,
        firstSeenMs: firstSeen.note(peer.id, peer.status, Date.now()),
        nowMs,
        watch: { seen: this.seen, timeoutMs: this.access.watchTimeoutMs() },
      }),
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
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.access.extensionUri, 'dist', 'details.js')).toString(),
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
      void vscode.window.showErrorMessage(shownText(formatAtlasError(e).message));
    }
  }

  private post(message: DetailsHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async handle(message: DetailsMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // Lets the serializer find this connection again after a window reload.
        this.post({ type: 'restoreRef', ref: this.ref });
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
      case 'copy':
        await this.copy(this.model && resolveCopyValue(this.model, message.field), message.field, {
          type: 'copied',
          field: message.field,
        });
        return;
      case 'copyPlan':
        // Own-property lookup only: a key such as "constructor" must not reach the prototype.
        await this.copy(
          this.model?.plan && Object.hasOwn(this.model.plan.copies, message.key)
            ? this.model.plan.copies[message.key]
            : undefined,
          message.key,
          { type: 'copiedPlan', key: message.key },
        );
        return;
      case 'openInAtlas': {
        const url = this.model?.atlasUrl;
        if (!url || !/^https?:\/\//.test(url)) {
          return;
        }
        await vscode.env.openExternal(vscode.Uri.parse(url, true));
        return;
      }
      case 'generate': {
        // The peer is this panel's own ref, never one named by the page.
        const command = message.format === 'terraform' ? Commands.generateTerraform : Commands.generateKubernetes;
        await vscode.commands.executeCommand(command, { ...this.ref });
        return;
      }
      case 'action':
        await runErrorAction(message.action, () => this.load({ force: true }));
        return;
    }
  }

  /** Copies a value the model holds (never one from the page) and tells the page which button. */
  private async copy(value: string | undefined, name: string, done: DetailsHostMessage): Promise<void> {
    if (value === undefined) {
      return;
    }
    await vscode.env.clipboard.writeText(value);
    this.lastCopied = name;
    this.post(done);
  }

  // -------------------------------------------------------------------------------------------
  // Watching (the loop and its waits: pure/watchLoop.ts)

  private get watching(): boolean {
    return this.watch.watching;
  }

  private startWatching(): void {
    this.watchAnnounced = false;
    this.seen = [];
    // The first check starts at once: the status may already have settled.
    this.watch.start();
    this.render(true);
  }

  private stopWatching(): void {
    this.watch.stop();
  }

  /**
   * Keeps the watch loop going while the status can still change; returns the announcement once it
   * ended: AVAILABLE, waiting for you (with the next step), FAILED (with Atlas's reason) or timed out.
   */
  private afterLoad(peer: Peer, previous: Peer | undefined): string | undefined {
    if (!this.watching) {
      return undefined;
    }
    if (previous && previous.status !== peer.status) {
      this.access.log.info(`details ${this.key}: ${previous.status ?? 'no status'} → ${peer.status ?? 'no status'}`);
    }
    const outcome = watchOutcome(this.seen, this.clockOf().nowMs(), this.access.watchTimeoutMs());
    const line = outcomeLine(outcome, this.model?.plan?.steps[0]?.title);
    if (!line) {
      this.watch.after('continue');
      return undefined;
    }
    this.stopWatching();
    return `${peerLabel(peer)}: ${line}`;
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
      this.watch.after('continue');
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
    void vscode.window.showInformationMessage(shownText(text));
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

/** The project reads behind the plan, each through the cache; a failed read becomes a note, never an error page. */
async function projectReads(cache: AtlasCache, groupId: string, signal: AbortSignal): Promise<ProjectReads> {
  const errors: NonNullable<ProjectReads['errors']> = {};
  const read = <T>(what: keyof typeof errors, p: Promise<T>): Promise<T | undefined> =>
    p.catch((e: unknown) => {
      errors[what] = formatAtlasError(e).message;
      return undefined;
    });
  const [accessList, clusters, events, peers, containers] = await Promise.all([
    read('accessList', cache.getAccessList(groupId, signal)),
    read('clusters', cache.getClusters(groupId, signal)),
    read('events', cache.getPeerEvents(groupId, signal)),
    read('peers', cache.listAllPeers(groupId, signal)),
    read('peers', cache.listContainers(groupId, undefined, signal)),
  ]);
  return { accessList, clusters, events, peers, containers, errors };
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  // media/ holds the style sheet and icons, dist/ the page script (esbuild.js builds it).
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist')],
  };
}
