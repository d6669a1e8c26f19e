// A CodeLens with the live status above each peering whose id the file names: Terraform
// mongodbatlas_network_peering resources, data sources and import blocks, their state instances,
// and AtlasNetworkPeering manifests. provideCodeLenses answers from the caches only (a lens not
// in any cache is left unresolved); resolveCodeLens makes the (shared, de-duplicated) request.
// onDidChangeCodeLenses fires when a cache updates, so lenses follow refreshes.

import * as vscode from 'vscode';
import { AtlasCancelledError, isAtlasId, type Peer } from '../atlas';
import { describeError } from '../logging/log';
import { findAllReferences, type FoundReference } from '../configFiles';
import { CacheWatcher, CONFIG_SELECTOR, signalFromToken, type ConfigFeaturesHost } from '../configEditor/host';
import { HOVER_COMMANDS, peerCommandArgs, STATUS_CODICONS } from '../hover/pure/renderHover';
import { profileFor, resolveReference, type LookupServices, type Resolution } from '../configEditor/pure/resolve';

// Resource, data source, import `to` and state addresses (optionally inside modules), and manifests.
const PEERING_BLOCK =
  /^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*(?:data\.)?mongodbatlas_network_peering\.|^AtlasNetworkPeering\//;

/** One reference per block: the peers the CodeLens describes. */
export function lensReferences(refs: readonly FoundReference[]): FoundReference[] {
  const byBlock = new Map<number, FoundReference>();
  for (const r of refs) {
    if (r.kind !== 'peer' || r.source === 'bare' || r.blockStart === undefined || !isAtlasId(r.id)) {
      continue;
    }
    if (!PEERING_BLOCK.test(r.blockName ?? '')) {
      continue;
    }
    if (!byBlock.has(r.blockStart)) {
      byBlock.set(r.blockStart, r);
    }
  }
  return [...byBlock.values()];
}

function short(value: string | null | undefined, max = 40): string {
  const s = (value ?? '').replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function peerName(peer: Peer): string {
  switch (peer.providerName) {
    case 'AWS':
      return peer.vpcId ?? '';
    case 'AZURE':
      return peer.vnetName ?? '';
    case 'GCP':
      return peer.networkName ?? '';
  }
}

/** "$(pass) AVAILABLE · AWS vpc-…": CodeLens titles render $(icons) but no markdown. */
export function lensTitle(peer: Peer): string {
  const parts = [
    `${STATUS_CODICONS[peer.category]} ${short(peer.status, 30) || 'UNKNOWN'}`,
    `${peer.providerName} ${short(peerName(peer))}`.trim(),
  ];
  return `Atlas: ${parts.join(' · ')}`;
}

const RESOLVE_WAIT_MS = 2500;

class PeerLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly ref: FoundReference,
  ) {
    super(range);
  }
}

export class AtlasCodeLensProvider implements vscode.CodeLensProvider<PeerLens>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly services: LookupServices,
    private readonly host: Pick<ConfigFeaturesHost, 'log'>,
    watcher: CacheWatcher,
  ) {
    this.subscription = watcher.onDidUpdate(() => this.emitter.fire());
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<PeerLens[]> {
    const refs = lensReferences(
      findAllReferences(document.getText(), { fileName: document.fileName, languageId: document.languageId }),
    );
    return Promise.all(
      refs.map(async (r) => {
        const line = document.positionAt(r.blockStart as number).line;
        const lens = new PeerLens(new vscode.Range(line, 0, line, 0), r);
        // Cached answers (even expired ones: the tree or a hover refreshes them) need no resolve.
        if (isAtlasId(r.projectId)) {
          const profile = profileFor(this.services, r.projectId);
          const s = await this.services.getSession(profile);
          const hit = s.kind === 'ready' ? s.session.cache.peekPeer(r.projectId, r.id) : undefined;
          if (hit) {
            lens.command = this.commandFor(r, {
              kind: 'peer',
              peer: hit.value,
              groupId: r.projectId,
              fetchedAt: hit.fetchedAt,
              ...(profile !== undefined ? { profile } : {}),
            });
          }
        }
        return lens;
      }),
    );
  }

  async resolveCodeLens(lens: PeerLens, token: vscode.CancellationToken): Promise<PeerLens> {
    const { signal, dispose } = signalFromToken(token);
    const lookup = resolveReference(this.services, lens.ref, { signal, probe: true });
    let timer: NodeJS.Timeout | undefined;
    // A slow Atlas must not leave an empty gap: say "loading…" and redraw when the cache fills.
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), RESOLVE_WAIT_MS);
    });
    try {
      const r = await Promise.race([lookup, slow]);
      lens.command =
        r === 'slow' ? { title: vscode.l10n.t('Atlas: loading…'), command: '' } : this.commandFor(lens.ref, r);
      if (r === 'slow') {
        void lookup
          .then(
            () => this.emitter.fire(),
            () => undefined,
          )
          .finally(dispose);
      } else {
        dispose();
      }
    } catch (e) {
      dispose();
      if (!(e instanceof AtlasCancelledError)) {
        this.host.log.warn(`CodeLens lookup failed: ${describeError(e)}`);
      }
      lens.command = { title: vscode.l10n.t('Atlas: loading…'), command: '' };
    } finally {
      clearTimeout(timer);
    }
    return lens;
  }

  private commandFor(ref: FoundReference, r: Resolution | undefined): vscode.Command {
    if (!r) {
      return { title: vscode.l10n.t('Atlas: unknown'), command: '' };
    }
    switch (r.kind) {
      case 'peer': {
        const args = peerCommandArgs(r.groupId, r.peer.id, r.profile);
        return args
          ? {
              title: lensTitle(r.peer),
              command: HOVER_COMMANDS.showDetails,
              arguments: [args],
              tooltip: vscode.l10n.t('Open the details of this peering connection'),
            }
          : { title: lensTitle(r.peer), command: '' };
      }
      case 'notFound': {
        const args = peerCommandArgs(
          r.groupId,
          ref.id,
          r.profile ?? (r.groupId ? profileFor(this.services, r.groupId) : undefined),
        );
        const title = `$(question) ${r.groupId ? (r.errorCode ? vscode.l10n.t('Atlas: not found ({0})', r.errorCode) : vscode.l10n.t('Atlas: not found')) : vscode.l10n.t('Atlas: project unknown')}`;
        return args
          ? {
              title,
              command: HOVER_COMMANDS.refreshPeer,
              arguments: [args],
              tooltip: vscode.l10n.t('Look it up again'),
            }
          : { title, command: '' };
      }
      case 'noCredentials':
        return {
          title: `$(key) ${r.rejected ? vscode.l10n.t('Atlas: credentials rejected') : vscode.l10n.t('Atlas: set credentials')}`,
          command: HOVER_COMMANDS.setCredentials,
        };
      case 'error':
        return { title: `$(error) Atlas: ${short(r.errorCode ?? r.message, 60)}`, command: '' };
      default:
        return { title: 'Atlas', command: '' };
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

export function registerCodeLens(
  host: ConfigFeaturesHost,
  subscriptions: vscode.Disposable[],
  watcher: CacheWatcher,
): AtlasCodeLensProvider {
  const provider = new AtlasCodeLensProvider(watcher.services, host, watcher);
  subscriptions.push(provider, vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, provider));
  return provider;
}
