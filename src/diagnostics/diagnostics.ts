// Problems in open config files: peers Atlas does not know (404) or whose connection FAILED
// (Warning), peers waiting for the user (Information), malformed ids and the finder's config
// problems. Recomputed on open / change (debounced) and when a cache updates (refresh, tree load,
// auto refresh). Each distinct peer is looked up once per pass, a few at a time; only peers whose
// project is known (same block, or a cache that holds the id) are looked up — diagnostics never
// probe projects, and bare 24-hex tokens are ignored.

import * as vscode from 'vscode';
import { AtlasCancelledError, isAtlasId, STATUS_CATEGORY_LABELS, validateAtlasId } from '../atlas';
import { describeError } from '../logging/log';
import { findAllReferences, findConfigProblems, type FoundReference } from '../configFiles';
import { CacheWatcher, isConfigDocument, type ConfigFeaturesHost } from '../configEditor/host';
import {
  findCached,
  profileFor,
  resolveReference,
  type LookupServices,
  type Resolution,
} from '../configEditor/pure/resolve';

export const DIAGNOSTIC_SOURCE = 'Atlas Peering';
export const DIAGNOSTICS_SETTING = 'atlasPeering.diagnostics';
export const DiagnosticCodes = {
  peerNotFound: 'peerNotFound',
  peerFailed: 'peerFailed',
  peerNeedsAction: 'peerNeedsAction',
  malformedId: 'malformedId',
  encodedContainerId: 'encodedContainerId',
} as const;

const DEBOUNCE_MS = 500;
/** Lookups in flight per pass; the client has its own limit, this keeps a pass from queueing all of them at once. */
const PASS_CONCURRENCY = 4;
const NOT_FOUND_TTL_MS = 60_000;

interface PeerKey {
  profile?: string;
  groupId: string;
  peerId: string;
}

const keyOf = (k: PeerKey): string => `${k.profile ?? ''}\u0000${k.groupId}\u0000${k.peerId}`;

export class AtlasDiagnostics implements vscode.Disposable {
  readonly collection: vscode.DiagnosticCollection;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private pass: AbortController | undefined;
  /** 404 answers are not cached by the Atlas cache; remembered here so typing does not re-ask. */
  private readonly notFound = new Map<string, { at: number; errorCode?: string }>();
  private readonly services: LookupServices;
  /** Completes when the running pass has finished (tests wait on it). */
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: ConfigFeaturesHost,
    private readonly watcher: CacheWatcher,
  ) {
    this.services = watcher.services;
    this.collection = vscode.languages.createDiagnosticCollection('atlasPeering');
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.clearTimer(d.uri.toString());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(DIAGNOSTICS_SETTING)) {
          this.scheduleAll();
        }
      }),
      watcher.onDidUpdate(() => this.scheduleAll()),
    );
    if (host.onDidChangeSessions) {
      this.disposables.push(host.onDidChangeSessions(() => this.scheduleAll()));
    }
    if (host.onDidChangeProjects) {
      this.disposables.push(host.onDidChangeProjects(() => this.scheduleAll()));
    }
  }

  get enabled(): boolean {
    return vscode.workspace.getConfiguration().get<boolean>(DIAGNOSTICS_SETTING, true) !== false;
  }

  /** Forgets remembered 404s (all, or of one peer) — the refresh command calls this. */
  forget(scope?: { groupId?: string; peerId?: string }): void {
    for (const k of [...this.notFound.keys()]) {
      const [, g, p] = k.split('\u0000');
      if ((!scope?.groupId || g === scope.groupId) && (!scope?.peerId || p === scope.peerId)) {
        this.notFound.delete(k);
      }
    }
  }

  schedule(doc: vscode.TextDocument, delayMs = DEBOUNCE_MS): void {
    if (!isConfigDocument(doc)) {
      return;
    }
    // One timer for all documents: a pass covers every open config document anyway.
    this.scheduleAll(delayMs);
  }

  scheduleAll(delayMs = DEBOUNCE_MS): void {
    this.clearTimer('*');
    this.timers.set(
      '*',
      setTimeout(() => {
        this.timers.delete('*');
        void this.run();
      }, delayMs),
    );
  }

  private clearTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) {
      clearTimeout(t);
      this.timers.delete(key);
    }
  }

  /** Recomputes every open config document now; resolves when done (a newer pass supersedes it). */
  run(): Promise<void> {
    this.pass?.abort();
    const ctrl = new AbortController();
    this.pass = ctrl;
    const done = this.compute(ctrl.signal).catch((e: unknown) => {
      if (!(e instanceof AtlasCancelledError) && !ctrl.signal.aborted) {
        this.host.log.warn(`diagnostics pass failed: ${describeError(e)}`);
      }
    });
    this.idle = done;
    return done;
  }

  /** Waits for pending timers and the running pass (for tests). */
  async settled(): Promise<void> {
    for (;;) {
      const idle = this.idle;
      if (this.timers.size > 0) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      await idle;
      if (idle === this.idle && this.timers.size === 0) {
        return;
      }
    }
  }

  private async compute(signal: AbortSignal): Promise<void> {
    const docs = vscode.workspace.textDocuments.filter((d) => !d.isClosed && isConfigDocument(d));
    if (!this.enabled) {
      this.collection.clear();
      return;
    }
    const perDoc = new Map<vscode.TextDocument, FoundReference[]>();
    const wanted = new Map<string, PeerKey>();
    for (const doc of docs) {
      const info = { fileName: doc.fileName, languageId: doc.languageId };
      const refs = findAllReferences(doc.getText(), info).filter((r) => r.source !== 'bare');
      perDoc.set(doc, refs);
      for (const r of refs) {
        if (r.kind !== 'peer' || !isAtlasId(r.id)) {
          continue;
        }
        const key = await this.peerKey(r);
        if (key) {
          wanted.set(keyOf(key), key);
        }
      }
    }
    const results = await this.lookupAll([...wanted.values()], signal);
    if (signal.aborted) {
      return;
    }
    // Documents closed meanwhile are skipped; their entries went with onDidCloseTextDocument.
    for (const [doc, refs] of perDoc) {
      if (doc.isClosed) {
        continue;
      }
      const text = doc.getText();
      const info = { fileName: doc.fileName, languageId: doc.languageId };
      const diagnostics: vscode.Diagnostic[] = [];
      for (const r of refs) {
        const d = await this.diagnosticFor(doc, r, results);
        if (d) {
          diagnostics.push(d);
        }
      }
      for (const p of findConfigProblems(text, info)) {
        const d = new vscode.Diagnostic(range(doc, p.range), p.message, vscode.DiagnosticSeverity.Warning);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = p.code;
        diagnostics.push(d);
      }
      this.collection.set(doc.uri, diagnostics);
    }
  }

  /** The project of a peer reference, without a request: the reference's own, else a cache's. */
  private async peerKey(r: FoundReference): Promise<PeerKey | undefined> {
    if (isAtlasId(r.projectId)) {
      return { profile: profileFor(this.services, r.projectId), groupId: r.projectId, peerId: r.id };
    }
    const cached = await findCached(this.services, r.id);
    return cached && cached.kind === 'peer'
      ? { profile: cached.profile, groupId: cached.groupId, peerId: r.id }
      : undefined;
  }

  private async lookupAll(keys: PeerKey[], signal: AbortSignal): Promise<Map<string, Resolution | undefined>> {
    const results = new Map<string, Resolution | undefined>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < keys.length && !signal.aborted) {
        const k = keys[next++];
        const id = keyOf(k);
        const nf = this.notFound.get(id);
        if (nf && Date.now() - nf.at < NOT_FOUND_TTL_MS) {
          results.set(id, {
            kind: 'notFound',
            what: 'peer',
            id: k.peerId,
            groupId: k.groupId,
            errorCode: nf.errorCode,
            profile: k.profile,
          });
          continue;
        }
        try {
          const r = await resolveReference(
            this.services,
            { id: k.peerId, kind: 'peer', projectId: k.groupId, range: { start: 0, end: 0 }, source: 'terraform' },
            { signal },
          );
          if (r?.kind === 'notFound' && r.groupId) {
            this.notFound.set(id, { at: Date.now(), errorCode: r.errorCode });
          }
          results.set(id, r);
        } catch (e) {
          if (e instanceof AtlasCancelledError) {
            return;
          }
          results.set(id, undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PASS_CONCURRENCY, keys.length) }, () => worker()));
    return results;
  }

  private async diagnosticFor(
    doc: vscode.TextDocument,
    r: FoundReference,
    results: Map<string, Resolution | undefined>,
  ): Promise<vscode.Diagnostic | undefined> {
    if (r.kind === 'unknown') {
      return undefined;
    }
    const check = validateAtlasId(r.id, r.kind);
    if (!check.ok) {
      return make(doc, r, check.message, vscode.DiagnosticSeverity.Warning, DiagnosticCodes.malformedId);
    }
    if (r.kind !== 'peer') {
      return undefined;
    }
    const key = await this.peerKey(r);
    const res = key ? results.get(keyOf(key)) : undefined;
    if (!res) {
      return undefined;
    }
    if (res.kind === 'notFound' && res.groupId) {
      const message = res.errorCode
        ? vscode.l10n.t('Atlas has no peering connection {0} in project {1} ({2}).', r.id, res.groupId, res.errorCode)
        : vscode.l10n.t('Atlas has no peering connection {0} in project {1}.', r.id, res.groupId);
      return make(doc, r, message, vscode.DiagnosticSeverity.Warning, DiagnosticCodes.peerNotFound);
    }
    if (res.kind === 'peer') {
      const { peer } = res;
      if (peer.category === 'failed') {
        const status = peer.status ?? 'FAILED';
        const message = peer.errorText
          ? vscode.l10n.t('Atlas peering connection {0} is {1}: {2}', r.id, status, oneLine(peer.errorText))
          : vscode.l10n.t('Atlas peering connection {0} is {1}.', r.id, status);
        return make(doc, r, message, vscode.DiagnosticSeverity.Warning, DiagnosticCodes.peerFailed);
      }
      if (peer.category === 'needsAction') {
        return make(
          doc,
          r,
          vscode.l10n.t(
            'Atlas peering connection {0} is {1}: it waits for you (hover for the next step).',
            r.id,
            peer.status ?? STATUS_CATEGORY_LABELS.needsAction,
          ),
          vscode.DiagnosticSeverity.Information,
          DiagnosticCodes.peerNeedsAction,
        );
      }
    }
    return undefined;
  }

  dispose(): void {
    this.pass?.abort();
    for (const t of this.timers.values()) {
      clearTimeout(t);
    }
    this.timers.clear();
    for (const d of this.disposables.splice(0)) {
      d.dispose();
    }
  }
}

function oneLine(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 300 ? `${t.slice(0, 299)}…` : t;
}

function range(doc: vscode.TextDocument, r: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
}

function make(
  doc: vscode.TextDocument,
  r: FoundReference,
  message: string,
  severity: vscode.DiagnosticSeverity,
  code: string,
): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range(doc, r.range), message, severity);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = code;
  return d;
}

/** Creates the diagnostics and schedules a first pass over already open documents (no request before that). */
export function registerDiagnostics(
  host: ConfigFeaturesHost,
  subscriptions: vscode.Disposable[],
  watcher: CacheWatcher,
): AtlasDiagnostics {
  const diagnostics = new AtlasDiagnostics(host, watcher);
  subscriptions.push(diagnostics);
  if (vscode.workspace.textDocuments.some((d) => isConfigDocument(d))) {
    diagnostics.scheduleAll();
  }
  return diagnostics;
}
