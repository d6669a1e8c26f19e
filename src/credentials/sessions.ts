// One AtlasClient + AtlasCache per profile, created on first use from the profile's base URL and
// its credentials (SecretStorage first, then, for the default profile, the environment).
// Dropped and recreated when settings, stored secrets or the environment change.

import * as vscode from 'vscode';
import {
  AtlasCache,
  AtlasClient,
  OAuthTokenPool,
  createAtlasCache,
  createAtlasClient,
  defaultUserAgent,
  formatAtlasError,
} from '../atlas';
import { DEFAULT_BASE_URL } from '../config/pure/baseUrl';
import { ProfileConfig } from '../config/pure/settingsModel';
import { Settings } from '../config/settings';
import { createLogger } from '../logging/log';
import { CredentialStore } from './credentialStore';
import { readEnvironmentCredentials } from './pure/environment';
import type { SessionLookup } from './pure/sessionLookup';
import { AtlasCredentials, CredentialSource, credentialKindLabel } from './pure/types';

export interface Session {
  profile: ProfileConfig;
  baseUrl: string;
  source: CredentialSource;
  kind: AtlasCredentials['kind'];
  /** Which credentials, by their public half only (API public key, client id): what the tree's snapshot is kept under. */
  credentialId: string;
  /** Names of the environment variables used, when source is 'environment'. */
  envVariables: string[];
  client: AtlasClient;
  cache: AtlasCache;
}

export type SessionState =
  | { kind: 'ready'; session: Session }
  | { kind: 'noCredentials'; profile: ProfileConfig | undefined; message: string }
  | { kind: 'error'; profile: ProfileConfig | undefined; message: string; action?: 'setCredentials' | 'openSettings' };

const log = createLogger('sessions');
const CACHE_TTL_MS = 60_000;

export class SessionManager implements vscode.Disposable {
  private readonly states = new Map<string, Promise<SessionState>>();
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  /** Fires a profile name (or undefined for all) whose session was dropped. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  /**
   * Service account tokens outlive sessions: a refresh or a settings change makes new clients,
   * which find the token of the ones they replace (Atlas allows 100 live tokens per account).
   */
  private readonly tokens = new OAuthTokenPool();

  constructor(
    private readonly settings: Settings,
    private readonly store: CredentialStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.disposables.push(
      store.onDidChange((profile) => this.reset(profile)),
      settings.onDidChange((c) => {
        if (c.connection) {
          this.reset();
        }
      }),
    );
  }

  /** The ready session of a profile (default profile when omitted), or undefined. */
  async get(profile?: string): Promise<Session | undefined> {
    const s = await this.resolve(profile);
    return s.kind === 'ready' ? s.session : undefined;
  }

  /** The session as features see it (cache only), or why there is none. */
  async lookup(profile?: string): Promise<SessionLookup> {
    const s = await this.resolve(profile);
    if (s.kind === 'ready') {
      const { profile: config, baseUrl, cache } = s.session;
      return { kind: 'ready', session: { profileName: config.name, baseUrl, cache } };
    }
    return s.kind === 'noCredentials'
      ? { kind: 'noCredentials', message: s.message }
      : { kind: 'error', message: s.message, action: s.action };
  }

  resolve(profile?: string): Promise<SessionState> {
    const name = profile ?? this.settings.defaultProfile;
    let state = this.states.get(name);
    if (!state && !this.settings.resolveProfiles().profiles.some((p) => p.name === name)) {
      // Not kept: a command argument or a file can name any profile, and each would stay here.
      return this.create(name);
    }
    if (!state) {
      state = this.create(name);
      this.states.set(name, state);
    }
    return state;
  }

  /** The session only if it was already created (no SecretStorage read). */
  async peek(profile: string): Promise<Session | undefined> {
    const state = this.states.get(profile);
    if (!state) {
      return undefined;
    }
    const s = await state;
    return s.kind === 'ready' ? s.session : undefined;
  }

  /** Drops one profile's session (or all), aborting their requests. */
  reset(profile?: string): void {
    const names = profile === undefined ? [...this.states.keys()] : [profile];
    for (const name of names) {
      const state = this.states.get(name);
      this.states.delete(name);
      state
        ?.then((s) => {
          if (s.kind === 'ready') {
            s.session.cache.dispose();
            s.session.client.dispose();
          }
        })
        // A session that failed to be created has nothing to dispose; resolve() reported why.
        .catch(() => undefined);
    }
    this.emitter.fire(profile);
  }

  /** Creates a client for checking credentials before they are saved (the caller disposes it). */
  createClient(baseUrl: string, credentials: AtlasCredentials): AtlasClient {
    return createAtlasClient({
      baseUrl,
      credentials,
      timeoutMs: this.settings.requestTimeoutMs,
      maxConcurrentRequests: this.settings.maxConcurrentRequests,
      userAgent: userAgent(),
      // The token of a successful check is the one the new session then uses.
      tokenPool: this.tokens,
    });
  }

  private async create(name: string): Promise<SessionState> {
    const resolved = this.settings.resolveProfiles();
    const profile = resolved.profiles.find((p) => p.name === name);
    if (!profile) {
      return {
        kind: 'error',
        profile: undefined,
        message: vscode.l10n.t('Profile "{0}" is not defined in atlasPeering.profiles.', name),
        action: 'openSettings',
      };
    }
    let credentials: AtlasCredentials | undefined;
    let source: CredentialSource = 'secretStorage';
    let envVariables: string[] = [];
    try {
      credentials = await this.store.get(name);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // The environment still works when the keychain does not.
      if (name !== resolved.defaultProfile) {
        return { kind: 'error', profile, message };
      }
    }
    if (!credentials && name === resolved.defaultProfile) {
      const env = readEnvironmentCredentials(this.env);
      for (const p of env.problems) {
        log.warn(p);
      }
      if (env.credentials) {
        credentials = env.credentials;
        source = 'environment';
        envVariables = env.variables;
      }
    }
    if (!credentials) {
      return {
        kind: 'noCredentials',
        profile,
        message: vscode.l10n.t('No credentials for profile "{0}". Run "Atlas Peering: Set Credentials…".', name),
      };
    }
    const baseUrl = baseUrlForCredentials(profile, source);
    if (!baseUrl) {
      return {
        kind: 'error',
        profile,
        message: profile.problem ?? vscode.l10n.t('Profile "{0}" has no usable base URL.', name),
        action: 'openSettings',
      };
    }
    if (baseUrl !== profile.baseUrl) {
      log.info(
        `profile ${name}: MONGODB_ATLAS_BASE_URL applies to environment credentials only; stored credentials go to ${baseUrl}`,
      );
    }
    let client: AtlasClient;
    try {
      client = createAtlasClient({
        baseUrl,
        tokenPool: this.tokens,
        credentials,
        timeoutMs: this.settings.requestTimeoutMs,
        maxConcurrentRequests: this.settings.maxConcurrentRequests,
        userAgent: userAgent(),
      });
    } catch (e) {
      // A keychain entry with a blank secret (or any other unusable value): a state, not a rejection.
      return { kind: 'error', profile, message: formatAtlasError(e).message, action: 'setCredentials' };
    }
    const cache = createAtlasCache(client, { ttlMs: CACHE_TTL_MS });
    log.info(
      `profile ${name}: ${credentialKindLabel(credentials.kind)} from ${source === 'environment' ? `environment (${envVariables.join(', ')})` : 'SecretStorage'} → ${baseUrl}`,
    );
    return {
      kind: 'ready',
      session: {
        profile,
        baseUrl,
        source,
        kind: credentials.kind,
        credentialId:
          credentials.kind === 'apiKey' ? `apiKey:${credentials.publicKey}` : `serviceAccount:${credentials.clientId}`,
        envVariables,
        client,
        cache,
      },
    };
  }

  dispose(): void {
    this.reset();
    // Deactivation: revoke the tokens (best effort) rather than leave them counted for an hour.
    void this.tokens.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
    this.emitter.dispose();
  }
}

/**
 * Where credentials from `source` may go. A base URL from MONGODB_ATLAS_BASE_URL (a dev
 * container's remoteEnv, direnv, a mock set up for Terraform) belongs to the environment's own
 * credentials; credentials stored through the extension go only where user settings say.
 */
export function baseUrlForCredentials(profile: ProfileConfig, source: CredentialSource): string | undefined {
  return profile.baseUrlSource === 'environment' && source !== 'environment' ? DEFAULT_BASE_URL : profile.baseUrl;
}

function userAgent(): string {
  return `${defaultUserAgent()} vscode/${vscode.version}`;
}
