// What the hover, diagnostics and CodeLens glue need from the extension, and the documents they
// apply to. The composition root (src/extension.ts) adapts its session manager and settings to
// `ConfigFeaturesHost`; nothing here creates clients or reads settings by itself.
//
// Document selector, chosen narrow: files whose name says they are Terraform, Terraform state,
// YAML (Kubernetes manifests), VS Code settings / workspaces, or JSON (Atlas CLI output), on disk
// only — plus untitled editors of those languages, which cost nothing to include. JSON files of
// every kind match, but the finder only reports ids in Atlas-shaped objects (or 24-hex tokens,
// which the hover only explains when a cache already knows them: no request for random hex).

import * as vscode from 'vscode';
import type { AtlasCache } from '../atlas';
import type { Logger } from '../logging/log';
import type { SessionLookup } from '../credentials/pure/sessionLookup';
import type { LookupServices } from './pure/resolve';

export const CONFIG_FILE_PATTERNS = [
  '**/*.tf',
  '**/*.tfvars',
  '**/*.tfstate',
  '**/*.tfstate.backup',
  '**/*.{yaml,yml}',
  '**/.vscode/settings.json',
  '**/*.code-workspace',
  '**/*.json',
] as const;

export const UNTITLED_LANGUAGES = ['terraform', 'terraform-vars', 'json', 'jsonc', 'yaml'] as const;

export const CONFIG_SELECTOR: vscode.DocumentSelector = [
  ...CONFIG_FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  ...UNTITLED_LANGUAGES.map((language) => ({ scheme: 'untitled', language })),
];

export function isConfigDocument(doc: vscode.TextDocument): boolean {
  return vscode.languages.match(CONFIG_SELECTOR, doc) > 0;
}

export interface ConfigFeaturesHost extends LookupServices {
  log: Logger;
  /** Fires when sessions are dropped or recreated (credentials, profiles changed). */
  onDidChangeSessions?: vscode.Event<unknown>;
  /** Fires when atlasPeering.projects changes. */
  onDidChangeProjects?: vscode.Event<unknown>;
  /** After a peer was refreshed from a hover link: let the tree show it (if it shows that project). */
  refreshTree?(peer: { groupId: string; peerId: string; profile?: string }): void;
}

/**
 * Wraps getSession so that every cache handed out is watched: the diagnostics and the CodeLens
 * redraw when the tree, a hover or an auto refresh brings new data into any cache they read.
 */
export class CacheWatcher implements vscode.Disposable {
  /** One subscription per live cache; a reset session's cache is dropped at the next watch. */
  private readonly subscriptions = new Map<AtlasCache, { dispose(): void }>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidUpdate = this.emitter.event;
  readonly services: LookupServices;

  constructor(private readonly host: ConfigFeaturesHost) {
    this.services = {
      getSession: async (profile?: string): Promise<SessionLookup> => {
        const s = await host.getSession(profile);
        if (s.kind === 'ready') {
          this.watch(s.session.cache);
        }
        return s;
      },
      projects: () => host.projects(),
    };
  }

  private watch(cache: AtlasCache): void {
    if (this.subscriptions.has(cache)) {
      return;
    }
    for (const [old, sub] of this.subscriptions) {
      if (old.isDisposed) {
        sub.dispose();
        this.subscriptions.delete(old);
      }
    }
    this.subscriptions.set(
      cache,
      cache.onDidUpdate(() => this.emitter.fire()),
    );
  }

  /** Caches watched now (for leak tests). */
  get watchedCount(): number {
    return this.subscriptions.size;
  }

  dispose(): void {
    for (const s of this.subscriptions.values()) {
      s.dispose();
    }
    this.subscriptions.clear();
    this.emitter.dispose();
  }
}

/** An AbortSignal that aborts when the token is cancelled (and a disposer for the listener). */
export function signalFromToken(token: vscode.CancellationToken | undefined): { signal: AbortSignal; dispose(): void } {
  const ctrl = new AbortController();
  if (!token) {
    return { signal: ctrl.signal, dispose: () => undefined };
  }
  if (token.isCancellationRequested) {
    ctrl.abort();
    return { signal: ctrl.signal, dispose: () => undefined };
  }
  const sub = token.onCancellationRequested(() => ctrl.abort());
  return { signal: ctrl.signal, dispose: () => sub.dispose() };
}
