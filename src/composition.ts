// The composition root: builds the shared services once, then every feature in dependency order,
// handing each exactly what it uses. The details panels come before the commands that open them,
// so nothing is bound late. src/extension.ts registers the commands this returns, in one loop.
// No feature imports this file.

import * as vscode from 'vscode';
import { EXTENSION_VERSION } from './atlas';
import type { CommandHandlers, Disposable, Feature } from './config/pure/feature';
import { AtlasCodeLensProvider, registerCodeLens } from './codeLens/codeLens';
import { DocumentIndex } from './configEditor/documentIndex';
import { CacheWatcher, type ConfigFeaturesHost } from './configEditor/host';
import { RememberedFailures } from './configEditor/pure/backgroundLookups';
import { AtlasDiagnostics, registerDiagnostics } from './diagnostics/diagnostics';
import { createDriftReportCommand } from './diagnostics/driftReport';
import { createRefreshPeerCommand } from './diagnostics/refreshPeerCommand';
import { registerHoverProvider } from './hover/hoverProvider';
import type { PeerRef } from './config/pure/peerRef';
import { createCredentialCommands } from './credentials/credentialCommands';
import { CredentialStore } from './credentials/credentialStore';
import { Session, SessionManager } from './credentials/sessions';
import type { SessionLookup } from './credentials/pure/sessionLookup';
import { createDetailsFeature, type DetailsApi } from './details/detailsPanels';
import { createLookupFeature } from './lookup/lookupCommand';
import { createIacFeature } from './iac/iacCommands';
import { Settings } from './config/settings';
import { findPeerNode } from './tree/findPeerNode';
import { createTreeFeature } from './tree/treeFeature';
import type { EstateCounts } from './tree/pure/treeModel';
import type { TreeNode } from './tree/pure/treeModel';
import { createLogger, initLog, recentLogLines } from './logging/log';

/**
 * What activate() returns in an extension host started for tests (ExtensionMode.Test) only: the
 * integration tests drive the extension through it. In production activate() returns nothing, so
 * no other extension can reach credentials, clients, sessions or tokens through it.
 */
export interface TestApi {
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
    /** Waits for the background pass over every project; returns the status bar's counts. */
    loadEstate(): Promise<EstateCounts>;
    /** The top level as VS Code gets it: painted from the snapshot when there is one, before Atlas answers. */
    paintedChildren(): Promise<TreeNode[]>;
    /** Writes the pending snapshot now. */
    saveSnapshot(): Promise<void>;
  };
  sessions: SessionManager;
  services: {
    context: vscode.ExtensionContext;
    settings: Settings;
    credentials: CredentialStore;
    /** Client and cache of a profile (the default profile when omitted), or undefined without credentials. */
    session(profile?: string): Promise<Session | undefined>;
  };
  configFeatures: ConfigFeatures;
  details: DetailsApi;
  logLines(): readonly string[];
}

/** Everything config files get: the hover, the diagnostics, the CodeLens and the refreshPeer command. */
export interface ConfigFeatures extends Feature {
  watcher: CacheWatcher;
  index: DocumentIndex;
  diagnostics: AtlasDiagnostics;
  codeLens: AtlasCodeLensProvider;
  refreshPeer(args: PeerRef): Promise<void>;
}

/** Built from one narrow host interface. Registration only: no request and no file read happens here. */
function createConfigFeatures(host: ConfigFeaturesHost): ConfigFeatures {
  const disposables: Disposable[] = [];
  const watcher = new CacheWatcher(host);
  // One scan per document version for the three features, and one memory of Atlas's refusals
  // for the two that run in the background.
  const index = new DocumentIndex(host.log);
  const remembered = new RememberedFailures();
  disposables.push(watcher, index);
  registerHoverProvider(host, disposables, watcher, index);
  const diagnostics = registerDiagnostics(host, disposables, watcher, index, remembered);
  const codeLens = registerCodeLens(host, disposables, watcher, index, remembered);
  const refresh = createRefreshPeerCommand(host, watcher, diagnostics);
  const driftReport = createDriftReportCommand(host, diagnostics);
  return {
    disposables,
    commands: { ...refresh.commands, ...driftReport.commands },
    watcher,
    index,
    diagnostics,
    codeLens,
    refreshPeer: refresh.refreshPeer,
  };
}

export interface Composition {
  readonly disposables: readonly Disposable[];
  readonly commands: CommandHandlers;
  testApi(activationMs: number): TestApi;
}

export function compose(context: vscode.ExtensionContext): Composition {
  const disposables: Disposable[] = [initLog()];
  const settings = new Settings();
  const credentials = new CredentialStore(context.secrets);
  const sessions = new SessionManager(settings, credentials);
  disposables.push(settings, credentials, sessions);

  const getSession = (profile?: string): Promise<SessionLookup> => sessions.lookup(profile);
  const configuredProject = (groupId: string): { name?: string; profile?: string } | undefined =>
    settings.projects.find((p) => p.id === groupId);

  const details = createDetailsFeature({
    extensionUri: context.extensionUri,
    log: createLogger('details'),
    getSession,
    defaultProfile: () => settings.defaultProfile,
    configuredProject,
    watchTimeoutMs: () => settings.watchTimeoutMs,
  });
  const tree = createTreeFeature({
    settings,
    sessions,
    showDetails: (ref) => details.show(ref),
    memento: context.globalState,
    snapshotStorage: context.globalStorageUri,
  });
  const lookup = createLookupFeature({
    log: createLogger('lookup'),
    globalState: context.globalState,
    getSession,
    defaultProfile: () => settings.defaultProfile,
    profileNames: () => settings.profiles.map((p) => p.name),
    configuredProjects: () => settings.projects,
    discoverProjects: () => settings.discoverProjects,
    openDetails: (ref) => details.show(ref),
  });
  const credentialCommands = createCredentialCommands({
    settings,
    credentials,
    sessions,
    forgetProfileData: (profile) => tree.tree.forgetSnapshot(profile),
  });
  const configHost: ConfigFeaturesHost = {
    log: createLogger('extension'),
    getSession,
    projects: () => settings.projects,
    onDidChangeSessions: sessions.onDidChange,
    onDidChangeProjects: (listener) => settings.onDidChange((c) => c.projects && listener(c)),
    refreshTree: ({ groupId, profile }) => {
      const node = tree.tree.node(`${profile ?? settings.defaultProfile}/${groupId}`);
      if (node) {
        void tree.tree.refresh(node);
      }
    },
  };
  const configFeatures = createConfigFeatures(configHost);

  const iac = createIacFeature({ sessions, settings });

  const features: Feature[] = [details, tree, lookup, credentialCommands, configFeatures, iac];
  const commands: CommandHandlers = {};
  for (const feature of features) {
    disposables.push(...feature.disposables);
    for (const [id, handler] of Object.entries(feature.commands) as [
      keyof CommandHandlers,
      CommandHandlers[keyof CommandHandlers],
    ][]) {
      if (commands[id]) {
        throw new Error(`command ${id} has two handlers`);
      }
      commands[id] = handler;
    }
  }

  return {
    disposables,
    commands,
    testApi: (activationMs) => ({
      version: EXTENSION_VERSION,
      activationMs,
      tree: {
        getChildren: (node) => tree.tree.loadedChildren(node),
        getTreeItem: (node) => tree.tree.getTreeItem(node),
        refresh: () => tree.tree.refresh(),
        autoRefreshTick: () => tree.tree.autoRefreshTick(),
        findPeer: (profile, groupId, peerId) => findPeerNode(tree.tree, profile, groupId, peerId),
        loadEstate: async () => {
          await tree.tree.loadEstate();
          return tree.tree.estate();
        },
        paintedChildren: () => tree.tree.getChildren(),
        saveSnapshot: () => tree.tree.saveSnapshot(),
      },
      sessions,
      services: { context, settings, credentials, session: (profile) => sessions.get(profile) },
      configFeatures,
      details: details.api,
      logLines: recentLogLines,
    }),
  };
}
