// A CodeLens with the live status above each peering whose id the file names: Terraform
// mongodbatlas_network_peering resources, data sources and import blocks, their state instances,
// and AtlasNetworkPeering manifests. provideCodeLenses answers from the caches only (a lens not
// in any cache is left unresolved); resolveCodeLens makes the (shared, de-duplicated) request.
// onDidChangeCodeLenses fires when a cache updates, so lenses follow refreshes.

import * as vscode from 'vscode';
import { AtlasCancelledError, isAtlasId, type Peer } from '../atlas';
import { describeError } from '../logging/log';
// Atlas values in a CodeLens title: one line, capped, and no `$(icon)` or link of their own.
import { uiText } from '../util/uiText';
import type { FoundReference } from '../configFiles';
import { isTooLarge, type DocumentIndex } from '../configEditor/documentIndex';
import {
  isRememberedStatus,
  PER_DOCUMENT_LOOKUPS,
  peerKeyString,
  type RememberedFailures,
} from '../configEditor/pure/backgroundLookups';
import { CacheWatcher, CONFIG_SELECTOR, signalFromToken, type ConfigFeaturesHost } from '../configEditor/host';
import { HOVER_COMMANDS, peerCommandArgs, STATUS_CODICONS } from '../hover/pure/renderHover';
import { profileFor, resolveReference, type LookupServices, type Resolution } from '../configEditor/pure/resolve';

// Resource, data source, import `to` and state addresses (optionally inside modules), and manifests.
const PEERING_BLOCK =
  /^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*(?:data\.)?mongodbatlas_network_peering\.|^AtlasNetworkPeering\//;

/** Block names longer than this are no Terraform address (the test below costs time in the name's length). */
const MAX_BLOCK_NAME = 1024;
/** CodeLenses made per event-loop turn (about a millisecond of work). */
const LENSES_PER_TURN = 500;

/** One reference per block: the peers the CodeLens describes. */
export function lensReferences(refs: readonly FoundReference[]): FoundReference[] {
  const byBlock = new Map<number, FoundReference | undefined>();
  for (const r of refs) {
    if (r.kind !== 'peer' || r.source === 'bare' || r.blockStart === undefined || !isAtlasId(r.id)) {
      continue;
    }
    // The block's name is tested once per block, not once per reference: a plural data source
    // in a module with a long name holds thousands of references under one name.
    if (byBlock.has(r.blockStart)) {
      continue;
    }
    const name = r.blockName ?? '';
    byBlock.set(r.blockStart, name.length <= MAX_BLOCK_NAME && PEERING_BLOCK.test(name) ? r : undefined);
  }
  return [...byBlock.values()].filter((r): r is FoundReference => r !== undefined);
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
    `${STATUS_CODICONS[peer.category]} ${uiText(peer.status ?? '', 30) || 'UNKNOWN'}`,
    `${peer.providerName} ${uiText(peerName(peer), 40)}`.trim(),
  ];
  return `Atlas: ${parts.join(' · ')}`;
}

const RESOLVE_WAIT_MS = 2500;

class PeerLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly ref: FoundReference,
    readonly docKey: string,
  ) {
    super(range);
  }
}

export class AtlasCodeLensProvider implements vscode.CodeLensProvider<PeerLens>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  /** Peers each open document had looked up by its lenses: at most PER_DOCUMENT_LOOKUPS each. */
  private readonly looked = new Map<string, Set<string>>();
  private readonly closeSubscription: vscode.Disposable;

  constructor(
    private readonly services: LookupServices,
    private readonly host: Pick<ConfigFeaturesHost, 'log'>,
    watcher: CacheWatcher,
    private readonly index: DocumentIndex,
    private readonly remembered: RememberedFailures,
  ) {
    this.subscription = watcher.onDidUpdate(() => this.emitter.fire());
    this.closeSubscription = vscode.workspace.onDidCloseTextDocument((d) => this.looked.delete(d.uri.toString()));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<PeerLens[]> {
    const scan = await this.index.scanned(document);
    if (isTooLarge(scan)) {
      return [];
    }
    const refs = lensReferences(scan.refs);
    const docKey = document.uri.toString();
    const lenses: PeerLens[] = [];
    const version = document.version;
    // A 30 MB state file has some 15,000 peering blocks: their lenses are made a group per
    // event-loop turn, so that making them never holds the extension host for long.
    for (let i = 0; i < refs.length; i += LENSES_PER_TURN) {
      if (i > 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (document.version !== version) {
          // Edited meanwhile: VS Code asks again for the new version, whose positions these are not.
          return [];
        }
      }
      lenses.push(
        ...(await Promise.all(refs.slice(i, i + LENSES_PER_TURN).map((r) => this.lensFor(document, r, docKey)))),
      );
    }
    return lenses;
  }

  private async lensFor(document: vscode.TextDocument, r: FoundReference, docKey: string): Promise<PeerLens> {
    const line = document.positionAt(r.blockStart as number).line;
    const lens = new PeerLens(new vscode.Range(line, 0, line, 0), r, docKey);
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
  }

  /**
   * Whether this lens may make a request (a file is input the user may not have written): not in
   * an untrusted workspace, not when Atlas refused this peer, project or profile a moment ago, and
   * for at most PER_DOCUMENT_LOOKUPS distinct peers per open document. Else the lens says why.
   */
  private withoutRequest(lens: PeerLens): vscode.Command | undefined {
    if (!vscode.workspace.isTrusted) {
      return { title: vscode.l10n.t('Atlas: not looked up (untrusted workspace); hover the id'), command: '' };
    }
    const key = isAtlasId(lens.ref.projectId)
      ? {
          profile: profileFor(this.services, lens.ref.projectId),
          groupId: lens.ref.projectId,
          peerId: lens.ref.id,
        }
      : undefined;
    const remembered = key ? this.remembered.recall(key) : undefined;
    if (remembered) {
      return remembered.status === 404
        ? { title: `$(question) ${vscode.l10n.t('Atlas: not found')}`, command: '' }
        : remembered.status === 429
          ? { title: vscode.l10n.t('Atlas: not checked (Atlas asked to slow down); hover the id'), command: '' }
          : { title: `$(error) Atlas: HTTP ${remembered.status}`, command: '' };
    }
    let looked = this.looked.get(lens.docKey);
    if (!looked) {
      looked = new Set();
      this.looked.set(lens.docKey, looked);
    }
    const id = key ? peerKeyString(key) : `\u0000\u0000${lens.ref.id}`;
    if (!looked.has(id) && looked.size >= PER_DOCUMENT_LOOKUPS) {
      return {
        title: vscode.l10n.t('Atlas: not checked (at most {0} per file); hover the id', PER_DOCUMENT_LOOKUPS),
        command: '',
      };
    }
    looked.add(id);
    return undefined;
  }

  async resolveCodeLens(lens: PeerLens, token: vscode.CancellationToken): Promise<PeerLens> {
    const instead = this.withoutRequest(lens);
    if (instead) {
      lens.command = instead;
      return lens;
    }
    const { signal, dispose } = signalFromToken(token);
    const lookup = resolveReference(this.services, lens.ref, { signal, probe: true });
    let timer: NodeJS.Timeout | undefined;
    // A slow Atlas must not leave an empty gap: say "loading…" and redraw when the cache fills.
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), RESOLVE_WAIT_MS);
    });
    void lookup.then(
      (r) => this.rememberFailure(lens.ref, r),
      () => undefined,
    );
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
        return { title: `$(error) Atlas: ${uiText(r.errorCode ?? r.message, 60)}`, command: '' };
      default:
        return { title: 'Atlas', command: '' };
    }
  }

  private rememberFailure(ref: FoundReference, r: Resolution | undefined): void {
    if (!isAtlasId(ref.projectId)) {
      return;
    }
    const key = { profile: profileFor(this.services, ref.projectId), groupId: ref.projectId, peerId: ref.id };
    const status =
      r?.kind === 'notFound' && r.groupId
        ? 404
        : r?.kind === 'noCredentials' && r.rejected
          ? 401
          : r?.kind === 'error'
            ? r.status
            : undefined;
    if (isRememberedStatus(status)) {
      this.remembered.remember(key, status, {
        errorCode: r?.kind === 'error' || r?.kind === 'notFound' ? r.errorCode : undefined,
        retryAfterMs: r?.kind === 'error' ? r.retryAfterMs : undefined,
      });
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.closeSubscription.dispose();
    this.emitter.dispose();
  }
}

export function registerCodeLens(
  host: ConfigFeaturesHost,
  subscriptions: vscode.Disposable[],
  watcher: CacheWatcher,
  index: DocumentIndex,
  remembered: RememberedFailures,
): AtlasCodeLensProvider {
  const provider = new AtlasCodeLensProvider(watcher.services, host, watcher, index, remembered);
  subscriptions.push(provider, vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, provider));
  return provider;
}
