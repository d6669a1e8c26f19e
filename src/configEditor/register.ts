// Registers everything config files get (hover, diagnostics, CodeLens, the refreshPeer command)
// from one narrow host interface. Registration only: no request and no file read happens here.

import * as vscode from 'vscode';
import { AtlasCancelledError, formatAtlasError, isAtlasId } from '../atlas';
import { Commands } from '../commands';
import { AtlasCodeLensProvider, registerCodeLens } from '../codeLens/codeLens';
import { AtlasDiagnostics, registerDiagnostics } from '../diagnostics/diagnostics';
import { DocumentIndex } from './documentIndex';
import { CacheWatcher, type ConfigFeaturesHost } from './host';
import { RememberedFailures } from './pure/backgroundLookups';
import { registerHoverProvider } from '../hover/hoverProvider';
import type { PeerCommandArgs } from '../hover/pure/renderHover';
import type { AtlasPeeringExtension } from '../services';

export interface ConfigFeatures {
  watcher: CacheWatcher;
  index: DocumentIndex;
  diagnostics: AtlasDiagnostics;
  codeLens: AtlasCodeLensProvider;
  /** What the refreshPeer command does, for callers that already validated the arguments. */
  refreshPeer(args: PeerCommandArgs): Promise<void>;
}

/** Checks the single argument of refreshPeer / showDetails links (they may come from anywhere). */
export function parsePeerCommandArgs(value: unknown): PeerCommandArgs | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (!isAtlasId(v.groupId) || !isAtlasId(v.peerId)) {
    return undefined;
  }
  return typeof v.profile === 'string' && v.profile !== ''
    ? { groupId: v.groupId, peerId: v.peerId, profile: v.profile }
    : { groupId: v.groupId, peerId: v.peerId };
}

/** The narrow view of the extension's services that the config-file features use. */
export function configFeaturesHost(extension: AtlasPeeringExtension): ConfigFeaturesHost {
  return {
    log: extension.log,
    getSession: async (profile) => {
      const s = await extension.sessions.resolve(profile);
      return s.kind === 'ready'
        ? { kind: 'ready', session: { cache: s.session.cache, profileName: s.session.profile.name } }
        : s.kind === 'noCredentials'
          ? { kind: 'noCredentials', message: s.message }
          : { kind: 'error', message: s.message };
    },
    projects: () => extension.settings.projects,
    onDidChangeSessions: extension.sessions.onDidChange,
    onDidChangeProjects: (listener) => extension.settings.onDidChange((c) => c.projects && listener(c)),
    refreshTree: ({ groupId, profile }) => {
      const node = extension.tree.node(`${profile ?? extension.settings.defaultProfile}/${groupId}`);
      if (node) {
        void extension.tree.refresh(node);
      }
    },
  };
}

export function registerConfigFeatures(
  host: ConfigFeaturesHost,
  context: { subscriptions: vscode.Disposable[] },
): ConfigFeatures {
  const watcher = new CacheWatcher(host);
  // One scan per document version for the three features, and one memory of Atlas's refusals
  // for the two that run in the background.
  const index = new DocumentIndex(host.log);
  const remembered = new RememberedFailures();
  context.subscriptions.push(watcher, index);
  registerHoverProvider(host, context.subscriptions, watcher, index);
  const diagnostics = registerDiagnostics(host, context.subscriptions, watcher, index, remembered);
  const codeLens = registerCodeLens(host, context.subscriptions, watcher, index, remembered);

  async function refreshPeer(args: PeerCommandArgs): Promise<void> {
    const s = await watcher.services.getSession(args.profile);
    if (s.kind !== 'ready') {
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('Atlas credentials are not set.'),
        vscode.l10n.t('Set Credentials…'),
      );
      if (pick) {
        await vscode.commands.executeCommand(Commands.setCredentials);
      }
      return;
    }
    diagnostics.forget({ groupId: args.groupId, peerId: args.peerId });
    // invalidate() fires onDidUpdate: the tree, the diagnostics and the CodeLens redraw from it.
    s.session.cache.invalidate({ groupId: args.groupId, id: args.peerId });
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Atlas: refreshing peering connection…') },
        () => s.session.cache.getPeer(args.groupId, args.peerId),
      );
    } catch (e) {
      if (!(e instanceof AtlasCancelledError)) {
        // A 404 is an answer too: the diagnostics show it; other failures are worth a message.
        const { message } = formatAtlasError(e);
        host.log.info(`refreshPeer ${args.peerId}: ${message}`);
      }
    }
    host.refreshTree?.(args);
    diagnostics.scheduleAll(0);
  }

  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.refreshPeer, async (raw: unknown) => {
      const args = parsePeerCommandArgs(raw);
      if (!args) {
        host.log.warn('refreshPeer: ignored a call without a well-formed { groupId, peerId }');
        return;
      }
      await refreshPeer(args);
    }),
  );
  return { watcher, index, diagnostics, codeLens, refreshPeer };
}
