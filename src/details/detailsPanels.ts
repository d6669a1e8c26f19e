// Opens, reveals and restores the details panels (one per `${profile}/${groupId}/${peerId}`), and
// the test API that drives them.

import * as vscode from 'vscode';
import { validateAtlasId } from '../atlas';
import type { Feature } from '../config/pure/feature';
import { parsePeerRef, type PeerRef, type ResolvedPeerRef } from '../config/pure/peerRef';
import { AtlasAccess, DETAILS_VIEW_TYPE, DetailsPanel, PanelInfo, panelKey, webviewOptions } from './detailsPanel';
import { DEFAULT_WATCH_TIMING, ManualClock, systemClock, type Clock, type WatchTiming } from './pure/watchLoop';

export interface DetailsApi {
  openPanels(): PanelInfo[];
  getPanelHtml(key: string): string | undefined;
  /** Resolves when the panel has no load in flight. */
  whenIdle(key: string): Promise<void>;
  /** Handles a message as if the panel's page had posted it (same checks). */
  receive(key: string, message: unknown): Promise<void>;
  setWatchTiming(timing: Partial<WatchTiming>): void;
  /**
   * From now on the watch loops wait on a clock the test moves: `pending()` lists the waits,
   * `fireNext()` ends the earliest one (then `whenIdle` waits for the check it started).
   */
  useManualClock(): { pending(): number[]; fireNext(): boolean };
  closeAll(): void;
}

interface PersistedState {
  ref?: unknown;
}

function refFromState(state: unknown): ResolvedPeerRef | undefined {
  const ref = parsePeerRef((state as PersistedState | undefined)?.ref);
  return ref?.profile ? { profile: ref.profile, groupId: ref.groupId, peerId: ref.peerId } : undefined;
}

/** Opens, reveals and restores the details panels. */
export class DetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DetailsPanel>();
  private timing: WatchTiming = { ...DEFAULT_WATCH_TIMING };
  private clock: Clock = systemClock;
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
      () => this.clock,
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
      useManualClock: () => {
        const clock = new ManualClock();
        this.clock = clock;
        return { pending: () => clock.pending(), fireNext: () => clock.fireNext() };
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
