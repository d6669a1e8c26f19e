// Everything config files get (hover, diagnostics, CodeLens, the refreshPeer command), built from
// one narrow host interface. Registration only: no request and no file read happens here.

import * as vscode from 'vscode';
import { AtlasCancelledError, formatAtlasError } from '../atlas';
import { Commands } from '../config/pure/commands';
import { AtlasCodeLensProvider, registerCodeLens } from '../codeLens/codeLens';
import { AtlasDiagnostics, registerDiagnostics } from '../diagnostics/diagnostics';
import { CacheWatcher, type ConfigFeaturesHost } from './host';
import { registerHoverProvider } from '../hover/hoverProvider';
import type { Feature } from '../config/pure/feature';
import { parsePeerRef, type PeerRef } from '../config/pure/peerRef';

export interface ConfigFeatures extends Feature {
  watcher: CacheWatcher;
  diagnostics: AtlasDiagnostics;
  codeLens: AtlasCodeLensProvider;
  /** What the refreshPeer command does, for callers that already validated the arguments. */
  refreshPeer(args: PeerRef): Promise<void>;
}

export function createConfigFeatures(host: ConfigFeaturesHost): ConfigFeatures {
  const disposables: vscode.Disposable[] = [];
  const watcher = new CacheWatcher(host);
  disposables.push(watcher);
  registerHoverProvider(host, disposables, watcher);
  const diagnostics = registerDiagnostics(host, disposables, watcher);
  const codeLens = registerCodeLens(host, disposables, watcher);

  async function refreshPeer(args: PeerRef): Promise<void> {
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

  const commands = {
    [Commands.refreshPeer]: async (raw: unknown) => {
      const args = parsePeerRef(raw);
      if (!args) {
        host.log.warn('refreshPeer: ignored a call without a well-formed { groupId, peerId }');
        return;
      }
      await refreshPeer(args);
    },
  };
  return { disposables, commands, watcher, diagnostics, codeLens, refreshPeer };
}
