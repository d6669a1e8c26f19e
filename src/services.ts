// The composition root. Builds the shared services once and hands them to each feature's
// register function; later features (details panel, lookup, hover) receive the same object.

import * as vscode from 'vscode';
import { AtlasCache, AtlasClient, EXTENSION_VERSION, formatAtlasError } from './atlas';
import { CommandId, VIEW_ID } from './commands';
import { CredentialStorageError, CredentialStore } from './credentials/credentialStore';
import { Session, SessionManager } from './credentials/sessions';
import { Settings } from './settings';
import { PeeringTreeProvider } from './tree/peeringTreeProvider';
import { TreeNode } from './tree/treeModel';
import { Logger, createLogger, initLog, recentLogLines } from './util/log';

/** What Show Details receives: from a tree node, the palette lookup or a hover link. */
export interface PeerRef {
  profile?: string;
  groupId: string;
  peerId: string;
}

export type DetailsHandler = (ref: PeerRef) => Promise<void>;

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  readonly settings: Settings;
  readonly credentials: CredentialStore;
  readonly sessions: SessionManager;
  readonly tree: PeeringTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  /** Registers a command whose errors become one error message (and a log line). */
  registerCommand(id: CommandId, handler: (...args: unknown[]) => unknown): void;
  /** Client and cache of a profile (the default profile when omitted), or undefined without credentials. */
  session(profile?: string): Promise<Session | undefined>;
  /** Expands the tree down to a peer and selects it; false when it is not in the tree. */
  revealPeer(ref: PeerRef): Promise<boolean>;
  /** Opens the details of a peer: the raw JSON until the details panel calls setDetailsHandler. */
  showDetails(ref: PeerRef): Promise<void>;
  setDetailsHandler(handler: DetailsHandler): void;
}

/** What activate() returns; the integration tests use it. */
export interface ExtensionApi {
  version: string;
  activationMs: number;
  tree: {
    /** Children with their loads finished; the root when node is omitted. */
    getChildren(node?: TreeNode): Promise<TreeNode[]>;
    getTreeItem(node: TreeNode): vscode.TreeItem;
    /** Drops sessions and caches and redraws everything. */
    refresh(): Promise<void>;
    autoRefreshTick(): Promise<number>;
    findPeer(profile: string | undefined, groupId: string, peerId: string): Promise<TreeNode | undefined>;
  };
  sessions: SessionManager;
  services: Services;
  logLines(): readonly string[];
}

export class AtlasPeeringExtension implements Services, vscode.Disposable {
  readonly log = createLogger('extension');
  readonly settings: Settings;
  readonly credentials: CredentialStore;
  readonly sessions: SessionManager;
  readonly tree: PeeringTreeProvider;
  readonly treeView: vscode.TreeView<TreeNode>;
  private detailsHandler: DetailsHandler | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.disposables.push(initLog());
    this.settings = new Settings();
    this.credentials = new CredentialStore(context.secrets);
    this.sessions = new SessionManager(this.settings, this.credentials);
    this.tree = new PeeringTreeProvider(this.settings, this.sessions);
    this.treeView = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.tree, showCollapseAll: true });
    this.tree.attach(this.treeView);
    this.disposables.push(this.settings, this.credentials, this.sessions, this.tree, this.treeView);
  }

  registerCommand(id: CommandId, handler: (...args: unknown[]) => unknown): void {
    this.disposables.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          const message = e instanceof CredentialStorageError ? e.userMessage : formatAtlasError(e).message;
          this.log.error(`command ${id} failed`, e);
          void vscode.window.showErrorMessage(message);
          return undefined;
        }
      }),
    );
  }

  session(profile?: string): Promise<Session | undefined> {
    return this.sessions.get(profile);
  }

  async revealPeer(ref: PeerRef): Promise<boolean> {
    const node = await this.tree.findPeer(ref.profile, ref.groupId, ref.peerId);
    if (!node) {
      return false;
    }
    await this.tree.reveal(node, { select: true, focus: true });
    return true;
  }

  async showDetails(ref: PeerRef): Promise<void> {
    if (this.detailsHandler) {
      return this.detailsHandler(ref);
    }
    const session = await this.sessions.get(ref.profile);
    if (!session) {
      throw new Error(vscode.l10n.t('No credentials for profile {0}.', ref.profile ?? this.settings.defaultProfile));
    }
    const peer =
      session.cache.peekPeer(ref.groupId, ref.peerId)?.value ?? (await session.cache.getPeer(ref.groupId, ref.peerId));
    const doc = await vscode.workspace.openTextDocument({
      language: 'json',
      content: JSON.stringify(peer.raw, null, 2),
    });
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  setDetailsHandler(handler: DetailsHandler): void {
    this.detailsHandler = handler;
  }

  api(activationMs: number): ExtensionApi {
    return {
      version: EXTENSION_VERSION,
      activationMs,
      tree: {
        getChildren: (node) => this.tree.loadedChildren(node),
        getTreeItem: (node) => this.tree.getTreeItem(node),
        refresh: () => this.tree.refresh(),
        autoRefreshTick: () => this.tree.autoRefreshTick(),
        findPeer: (profile, groupId, peerId) => this.tree.findPeer(profile, groupId, peerId),
      },
      sessions: this.sessions,
      services: this,
      logLines: recentLogLines,
    };
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) {
      d.dispose();
    }
  }
}

export type { AtlasClient, AtlasCache, Session };
