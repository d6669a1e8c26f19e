// Problems in open config files: peers Atlas does not know (404) or whose connection FAILED
// (Warning), peers waiting for the user (Information), malformed ids and the finder's config
// problems. Recomputed on open / change (debounced) and when a cache updates (refresh, tree load,
// auto refresh). Each distinct peer is looked up once per pass, a few at a time; only peers whose
// project is known (same block, or a cache that holds the id) are looked up — diagnostics never
// probe projects, and bare 24-hex tokens are ignored. A file is input the user may not have
// written, so the lookups it causes are bounded (configEditor/pure/backgroundLookups.ts): at most
// PER_DOCUMENT_LOOKUPS per file and pass, failures remembered, nothing after a 429, and nothing at
// all in an untrusted workspace; the rest get one "not checked" diagnostic.

import * as vscode from 'vscode';
import { AtlasCancelledError, isAtlasId, STATUS_CATEGORY_LABELS, validateAtlasId, type Container } from '../atlas';
import { describeError } from '../logging/log';
import type { ConfigProblem, FoundReference, IacResource } from '../configFiles';
import { isTooLarge, type DocumentIndex } from '../configEditor/documentIndex';
import {
  PER_DOCUMENT_LOOKUPS,
  peerKeyString,
  RememberedFailures,
  runBackgroundPass,
  type LookupAnswer,
  type PassDocument,
  type PassResult,
  type PeerKey,
} from '../configEditor/pure/backgroundLookups';
import { CacheWatcher, isConfigDocument, type ConfigFeaturesHost } from '../configEditor/host';
import {
  findCached,
  profileFor,
  resolveReference,
  type LookupServices,
  type Resolution,
} from '../configEditor/pure/resolve';
import type { ReadySession } from '../credentials/pure/sessionLookup';
import { checkDrift, shownValue, type DriftVerdict } from '../iac/pure/drift';
import { driftKey, liveAnswerOf } from '../iac/pure/driftLookups';
import { DRIFT_CODE, DRIFT_FIX_SELECTOR, DriftFixes, DriftQuickFixProvider, type DriftFix } from './driftQuickFix';
import { MAX_UI_NAME, uiText } from '../util/uiText';
import { answerOf, resolutionOf } from './pure/lookupAnswers';

export const DIAGNOSTIC_SOURCE = 'Atlas Peering';
export const DIAGNOSTICS_SETTING = 'atlasPeering.diagnostics';
export const DiagnosticCodes = {
  peerNotFound: 'peerNotFound',
  peerFailed: 'peerFailed',
  peerNeedsAction: 'peerNeedsAction',
  malformedId: 'malformedId',
  encodedContainerId: 'encodedContainerId',
  notChecked: 'notChecked',
  drift: DRIFT_CODE,
  containerNotFound: 'containerNotFound',
} as const;

const DEBOUNCE_MS = 500;
/** Lookups in flight per pass; the client has its own limit, this keeps a pass from queueing all of them at once. */
const PASS_CONCURRENCY = 4;

/** Gives the event loop a turn every so many items of a long loop (awaits of resolved promises never do). */
async function breathe(count: number): Promise<void> {
  if (count % 500 === 0) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export class AtlasDiagnostics implements vscode.Disposable {
  readonly collection: vscode.DiagnosticCollection;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private pass: AbortController | undefined;
  /** 401/403/404/429 answers (the Atlas cache keeps none of them), so typing does not re-ask. */
  private readonly remembered: RememberedFailures;
  /** Figures of the last pass, for tests. */
  lastPass: { lookups: number; backedOff: boolean; trusted: boolean } | undefined;
  private readonly services: LookupServices;
  /** Completes when the running pass has finished (tests wait on it). */
  private idle: Promise<void> = Promise.resolve();
  /** The quick fixes of the last pass's drift diagnostics. */
  readonly driftFixes = new DriftFixes();

  constructor(
    private readonly host: ConfigFeaturesHost,
    private readonly watcher: CacheWatcher,
    private readonly index: DocumentIndex,
    remembered: RememberedFailures = new RememberedFailures(),
  ) {
    this.services = watcher.services;
    this.remembered = remembered;
    this.collection = vscode.languages.createDiagnosticCollection('atlasPeering');
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.driftFixes.delete(d.uri);
        this.clearTimer(d.uri.toString());
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(DIAGNOSTICS_SETTING)) {
          this.scheduleAll();
        }
      }),
      watcher.onDidUpdate(() => this.scheduleAll()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.scheduleAll()),
    );
    if (host.onDidChangeSessions) {
      // New sessions (a refresh, new credentials, changed settings) are the user's "try again":
      // what Atlas refused before is asked again, within the same per-document budget.
      this.disposables.push(
        host.onDidChangeSessions(() => {
          this.remembered.forget();
          this.scheduleAll();
        }),
      );
    }
    if (host.onDidChangeProjects) {
      this.disposables.push(host.onDidChangeProjects(() => this.scheduleAll()));
    }
  }

  get enabled(): boolean {
    return vscode.workspace.getConfiguration().get<boolean>(DIAGNOSTICS_SETTING, true) !== false;
  }

  /** Forgets remembered answers (all, or of one peer or project): the refresh command calls this. */
  forget(scope?: { groupId?: string; peerId?: string }): void {
    this.remembered.forget(scope);
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
      this.driftFixes.clear();
      return;
    }
    // One scan per document version, shared with the hover and the CodeLens (the index).
    const perDoc = new Map<
      vscode.TextDocument,
      { refs: FoundReference[]; problems: ConfigProblem[]; resources: readonly IacResource[] }
    >();
    const keys = new Map<FoundReference, PeerKey>();
    // The Atlas objects of the documents' peering and container resources, for the drift check:
    // looked up under the same budget, mostly the same peers as the references above.
    const driftKeys = new Map<IacResource, PeerKey>();
    const passDocs: PassDocument[] = [];
    for (const doc of docs) {
      const scan = await this.index.scanned(doc);
      if (isTooLarge(scan) || signal.aborted) {
        continue;
      }
      const refs = scan.refs.filter((r) => r.source !== 'bare');
      const resources = scan.resources ?? [];
      perDoc.set(doc, { refs, problems: scan.problems, resources });
      const docKeys: PeerKey[] = [];
      for (const r of refs) {
        if (r.kind !== 'peer' || !isAtlasId(r.id)) {
          continue;
        }
        const key = await this.peerKey(r);
        if (key) {
          keys.set(r, key);
          docKeys.push(key);
        }
        await breathe(keys.size);
      }
      for (const resource of resources) {
        const key = driftKey(resource, (g) => profileFor(this.services, g));
        if (key) {
          driftKeys.set(resource, key);
          docKeys.push(key);
        }
      }
      passDocs.push({ doc: doc.uri.toString(), keys: docKeys });
    }
    const pass = await this.lookupAll(passDocs, signal);
    if (signal.aborted) {
      return;
    }
    // Documents closed meanwhile are skipped; their entries went with onDidCloseTextDocument.
    for (const [doc, { refs, problems, resources }] of perDoc) {
      if (doc.isClosed) {
        continue;
      }
      const diagnostics: vscode.Diagnostic[] = [];
      let firstUnchecked: FoundReference | undefined;
      for (const r of refs) {
        const key = keys.get(r);
        const answer = key ? pass.answers.get(peerKeyString(key)) : undefined;
        if (key && !answer && !firstUnchecked) {
          firstUnchecked = r;
        }
        const d = this.diagnosticFor(doc, r, answer ? resolutionOf(answer, key as PeerKey) : undefined);
        if (d) {
          diagnostics.push(d);
        }
        await breathe(diagnostics.length + 1);
      }
      const notChecked = pass.notChecked.get(doc.uri.toString()) ?? 0;
      if (notChecked > 0 && firstUnchecked) {
        diagnostics.push(
          make(
            doc,
            firstUnchecked,
            !pass.trusted
              ? vscode.l10n.t(
                  'Atlas Peering does not look up the {0} peering connection(s) of this file in the background: the workspace is not trusted. Hover an id to look it up.',
                  notChecked,
                )
              : pass.backedOff
                ? vscode.l10n.t(
                    '{0} more peering connection(s) not checked: Atlas asked to slow down (429). Hover an id to look it up.',
                    notChecked,
                  )
                : vscode.l10n.t(
                    '{0} more peering connection(s) not checked (at most {1} lookups per file). Hover an id to look it up.',
                    notChecked,
                    PER_DOCUMENT_LOOKUPS,
                  ),
            vscode.DiagnosticSeverity.Information,
            DiagnosticCodes.notChecked,
          ),
        );
      }
      for (const p of problems) {
        const d = new vscode.Diagnostic(range(doc, p.range), p.message, vscode.DiagnosticSeverity.Warning);
        d.source = DIAGNOSTIC_SOURCE;
        d.code = p.code;
        diagnostics.push(d);
      }
      const fixes: DriftFix[] = [];
      for (const resource of resources) {
        const key = driftKeys.get(resource);
        if (!key) {
          continue;
        }
        const verdict = await this.verdictOf(resource, key, pass);
        diagnostics.push(...this.driftDiagnostics(doc, resource, verdict, fixes));
        await breathe(diagnostics.length + 1);
      }
      this.driftFixes.set(doc.uri, fixes);
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

  /**
   * The pass's lookups, bounded (configEditor/pure/backgroundLookups.ts): a budget per document
   * and per pass, remembered 401/403/404/429, a back-off after a 429, and in an untrusted
   * workspace no request at all. Peers outside the budget still show what the caches know.
   */
  private async lookupAll(
    docs: PassDocument[],
    signal: AbortSignal,
  ): Promise<PassResult<Resolution | undefined> & { trusted: boolean }> {
    const trusted = vscode.workspace.isTrusted;
    const sessions = new Map<string, ReadySession | undefined>();
    for (const { keys } of docs) {
      for (const k of keys) {
        if (!sessions.has(k.profile ?? '')) {
          const s = await this.services.getSession(k.profile);
          sessions.set(k.profile ?? '', s.kind === 'ready' ? s.session : undefined);
        }
      }
    }
    const peek = (k: PeerKey): Resolution | undefined => {
      const cache = sessions.get(k.profile ?? '')?.cache;
      if (k.container) {
        const container = cache?.peekContainer(k.groupId, k.peerId);
        return container
          ? { kind: 'container', container: container.value, groupId: k.groupId, fetchedAt: container.fetchedAt }
          : undefined;
      }
      const hit = cache?.peekPeer(k.groupId, k.peerId);
      return hit
        ? { kind: 'peer', peer: hit.value, groupId: k.groupId, fetchedAt: hit.fetchedAt, profile: k.profile }
        : undefined;
    };
    const lookup = async (k: PeerKey): Promise<LookupAnswer<Resolution | undefined>> => {
      try {
        const r = await resolveReference(this.services, {
          id: k.peerId,
          kind: k.container ? 'container' : 'peer',
          projectId: k.groupId,
          range: { start: 0, end: 0 },
          source: 'terraform',
        });
        return answerOf(r);
      } catch (e) {
        if (!(e instanceof AtlasCancelledError)) {
          this.host.log.warn(`diagnostics lookup failed: ${describeError(e)}`);
        }
        return { value: undefined };
      }
    };
    const result = await runBackgroundPass(docs, lookup, {
      trusted,
      remembered: this.remembered,
      concurrency: PASS_CONCURRENCY,
      signal,
      peek,
    });
    this.lastPass = { lookups: result.lookups, backedOff: result.backedOff, trusted };
    return { ...result, trusted };
  }

  /**
   * The drift of resources from files that need not be open (the drift report): their Atlas
   * objects are looked up under the same budget and rules as a pass's, each file a document.
   */
  async checkResources(
    files: readonly { key: string; resources: readonly IacResource[] }[],
    signal: AbortSignal,
  ): Promise<{ verdicts: Map<IacResource, DriftVerdict>; trusted: boolean; backedOff: boolean }> {
    const keys = new Map<IacResource, PeerKey>();
    const passDocs: PassDocument[] = files.map(({ key, resources }) => {
      const docKeys: PeerKey[] = [];
      for (const resource of resources) {
        const k = driftKey(resource, (g) => profileFor(this.services, g));
        if (k) {
          keys.set(resource, k);
          docKeys.push(k);
        }
      }
      return { doc: key, keys: docKeys };
    });
    const pass = await this.lookupAll(passDocs, signal);
    const verdicts = new Map<IacResource, DriftVerdict>();
    for (const { resources } of files) {
      for (const resource of resources) {
        const key = keys.get(resource);
        verdicts.set(
          resource,
          key
            ? await this.verdictOf(resource, key, pass)
            : checkDrift(resource, { kind: 'unknown', reason: 'no Atlas id' }),
        );
      }
    }
    return { verdicts, trusted: pass.trusted, backedOff: pass.backedOff };
  }

  private async verdictOf(
    resource: IacResource,
    key: PeerKey,
    pass: PassResult<Resolution | undefined> & { trusted: boolean },
  ): Promise<DriftVerdict> {
    const answer = pass.answers.get(peerKeyString(key));
    const resolution = answer ? resolutionOf(answer, key) : undefined;
    const container =
      resolution?.kind === 'peer' && resolution.peer.containerId
        ? await this.peekContainer(key, resolution.peer.containerId)
        : undefined;
    const notLookedUp = !pass.trusted
      ? 'not looked up: the workspace is not trusted'
      : pass.backedOff
        ? 'not looked up: Atlas asked to slow down (429)'
        : `not looked up: at most ${PER_DOCUMENT_LOOKUPS} lookups per file`;
    return checkDrift(resource, liveAnswerOf(resolution, container, notLookedUp));
  }

  /** A peer's container as the cache holds it (Terraform reads some peering arguments from it). */
  private async peekContainer(key: PeerKey, containerId: string): Promise<Container | undefined> {
    const s = await this.services.getSession(key.profile);
    return s.kind === 'ready' ? s.session.cache.peekContainer(key.groupId, containerId)?.value : undefined;
  }

  /**
   * A drifted resource: one diagnostic per value that differs, with its quick fix (not in state
   * files); a container Atlas does not have. In sync and not checked say nothing here: the drift
   * report lists them.
   */
  private driftDiagnostics(
    doc: vscode.TextDocument,
    resource: IacResource,
    verdict: DriftVerdict,
    fixes: DriftFix[],
  ): vscode.Diagnostic[] {
    if (verdict.status === 'missing' && resource.kind === 'container' && resource.idRange) {
      const d = new vscode.Diagnostic(
        range(doc, resource.idRange),
        vscode.l10n.t(
          'Atlas has no network container {0} in project {1} ({2}).',
          resource.atlasId ?? '',
          resource.projectId ?? '',
          oneLine(resource.address),
        ),
        vscode.DiagnosticSeverity.Warning,
      );
      d.source = DIAGNOSTIC_SOURCE;
      d.code = DiagnosticCodes.containerNotFound;
      return [d];
    }
    if (verdict.status !== 'drifted') {
      return [];
    }
    return verdict.drifted.map((drifted) => {
      // Values from the file and from Atlas: inert in the quick fix's title too.
      const live = uiText(shownValue(drifted.liveValue), MAX_UI_NAME);
      const message =
        vscode.l10n.t(
          'Atlas has {0}, this file says {1} ({2} of {3}).',
          live,
          uiText(shownValue(drifted.fileValue), MAX_UI_NAME),
          uiText(drifted.name, MAX_UI_NAME),
          uiText(resource.address, MAX_UI_NAME),
        ) +
        (resource.source === 'tfstate'
          ? ' ' +
            vscode.l10n.t(
              'Terraform owns this file: `terraform plan -refresh-only` shows the change and `terraform apply -refresh-only` writes it.',
            )
          : '');
      const d = new vscode.Diagnostic(range(doc, drifted.range), message, vscode.DiagnosticSeverity.Warning);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = DiagnosticCodes.drift;
      if (drifted.replacement !== undefined) {
        fixes.push({
          start: drifted.range.start,
          end: drifted.range.end,
          expected: doc.getText(range(doc, drifted.range)),
          replacement: drifted.replacement,
          title: vscode.l10n.t("Use Atlas's value {0}", live),
        });
      }
      return d;
    });
  }

  private diagnosticFor(
    doc: vscode.TextDocument,
    r: FoundReference,
    res: Resolution | undefined,
  ): vscode.Diagnostic | undefined {
    if (r.kind === 'unknown') {
      return undefined;
    }
    const check = validateAtlasId(r.id, r.kind);
    if (!check.ok) {
      return make(doc, r, check.message, vscode.DiagnosticSeverity.Warning, DiagnosticCodes.malformedId);
    }
    if (r.kind !== 'peer' || !res) {
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
  index: DocumentIndex,
  remembered: RememberedFailures,
): AtlasDiagnostics {
  const diagnostics = new AtlasDiagnostics(host, watcher, index, remembered);
  subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider(
      DRIFT_FIX_SELECTOR,
      new DriftQuickFixProvider(diagnostics.driftFixes, DIAGNOSTIC_SOURCE),
      DriftQuickFixProvider.metadata,
    ),
  );
  if (vscode.workspace.textDocuments.some((d) => isConfigDocument(d))) {
    diagnostics.scheduleAll();
  }
  return diagnostics;
}
