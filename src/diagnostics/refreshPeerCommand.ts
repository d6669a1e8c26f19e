// The refreshPeer command, which the hover's and the CodeLens' "Refresh" links run: it fetches one
// peering connection again and lets every view redraw from the fresh answer. It lives beside the
// diagnostics because what it changes first is theirs (the remembered answer for that peer).

import * as vscode from 'vscode';
import { AtlasCancelledError, formatAtlasError } from '../atlas';
import { Commands } from '../config/pure/commands';
import type { Feature } from '../config/pure/feature';
import { parsePeerRef, type PeerRef } from '../config/pure/peerRef';
import type { CacheWatcher, ConfigFeaturesHost } from '../configEditor/host';
import type { AtlasDiagnostics } from './diagnostics';

export interface RefreshPeerFeature extends Feature {
  /** What the command does, for callers that already validated the arguments. */
  refreshPeer(args: PeerRef): Promise<void>;
}

export function createRefreshPeerCommand(
  host: ConfigFeaturesHost,
  watcher: CacheWatcher,
  diagnostics: AtlasDiagnostics,
): RefreshPeerFeature {
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

  return {
    disposables: [],
    commands: {
      [Commands.refreshPeer]: async (raw: unknown) => {
        const args = parsePeerRef(raw);
        if (!args) {
          host.log.warn('refreshPeer: ignored a call without a well-formed { groupId, peerId }');
          return;
        }
        await refreshPeer(args);
      },
    },
    refreshPeer,
  };
}
