// Reads and writes the atlasPeering.* settings. Where credentials go (profiles, default profile)
// is read from user settings only: inspect() and globalValue/defaultValue, never a workspace value,
// even if a host ignores the "application" scope.

import * as vscode from 'vscode';
import {
  DEFAULT_PROFILE,
  ProfileConfig,
  ProjectConfig,
  addProjectsToSetting,
  autoRefreshInterval,
  numberSetting,
  parseProjectsSetting,
  resolveProfiles,
} from './pure/settingsModel';
import { environmentBaseUrl } from './pure/baseUrl';
import { createLogger } from '../logging/log';

export const SECTION = 'atlasPeering';

export const SettingKeys = {
  profiles: 'profiles',
  defaultProfile: 'defaultProfile',
  projects: 'projects',
  discoverProjects: 'discoverProjects',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
  maxConcurrentRequests: 'maxConcurrentRequests',
  autoRefreshSeconds: 'autoRefreshSeconds',
  watchTimeoutMinutes: 'watchTimeoutMinutes',
  rememberTree: 'rememberTree',
} as const;

export interface SettingsChange {
  /** Profiles, default profile or the client limits changed: sessions must be recreated. */
  connection: boolean;
  /** Projects or discovery changed: the tree must be rebuilt. */
  projects: boolean;
  autoRefresh: boolean;
  rememberTree: boolean;
}

const log = createLogger('settings');

export class Settings implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;
  private readonly reported = new Set<string>();
  /**
   * The resolved profiles until the next atlasPeering change: every lookup of a session asks for
   * them, and reading them through inspect() costs ~70 µs, which a file with 30,000 ids paid
   * 30,000 times in one synchronous stretch of the extension host.
   */
  private profilesMemo: { envBaseUrl: string | undefined; value: ReturnType<Settings['readProfiles']> } | undefined;
  /** The parsed projects setting until the next atlasPeering change (asked for once per id, too). */
  private projectsMemo: ProjectConfig[] | undefined;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) {
        return;
      }
      this.forgetReads();
      const key = (k: string): boolean => e.affectsConfiguration(`${SECTION}.${k}`);
      this.emitter.fire({
        connection:
          key(SettingKeys.profiles) ||
          key(SettingKeys.defaultProfile) ||
          key(SettingKeys.requestTimeoutSeconds) ||
          key(SettingKeys.maxConcurrentRequests),
        projects: key(SettingKeys.projects) || key(SettingKeys.discoverProjects),
        autoRefresh: key(SettingKeys.autoRefreshSeconds),
        rememberTree: key(SettingKeys.rememberTree),
      });
    });
  }

  /** Our own writes forget too: whether the change event comes before update() resolves is VS Code's business. */
  private forgetReads(): void {
    this.profilesMemo = undefined;
    this.projectsMemo = undefined;
  }

  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** User (global) value or the default; workspace and folder values are deliberately ignored. */
  private userOnly<T>(key: string): T | undefined {
    const i = this.config().inspect<T>(key);
    if (i && (i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined)) {
      this.reportOnce(
        `ws:${key}`,
        `Ignoring atlasPeering.${key} from the workspace: where credentials are sent can only be set in user settings.`,
      );
    }
    return i?.globalValue !== undefined ? i.globalValue : i?.defaultValue;
  }

  private reportOnce(key: string, message: string): void {
    if (!this.reported.has(key)) {
      this.reported.add(key);
      log.warn(message);
    }
  }

  resolveProfiles(): { profiles: ProfileConfig[]; defaultProfile: string; problems: string[] } {
    // The environment is read each time (cheap): a refresh re-reads it, and tests change it.
    const envBaseUrl = environmentBaseUrl(this.env);
    if (!this.profilesMemo || this.profilesMemo.envBaseUrl !== envBaseUrl) {
      this.profilesMemo = { envBaseUrl, value: this.readProfiles(envBaseUrl) };
    }
    const value = this.profilesMemo.value;
    // A copy: callers may sort or filter what they get.
    return { ...value, profiles: [...value.profiles] };
  }

  private readProfiles(envBaseUrl: ReturnType<typeof environmentBaseUrl>): {
    profiles: ProfileConfig[];
    defaultProfile: string;
    problems: string[];
  } {
    const r = resolveProfiles(
      this.userOnly(SettingKeys.profiles),
      this.userOnly(SettingKeys.defaultProfile),
      envBaseUrl,
    );
    for (const p of r.problems) {
      this.reportOnce(`p:${p}`, p);
    }
    return { ...r.value, problems: r.problems };
  }

  get profiles(): ProfileConfig[] {
    return this.resolveProfiles().profiles;
  }

  get defaultProfile(): string {
    return this.resolveProfiles().defaultProfile;
  }

  profile(name: string): ProfileConfig | undefined {
    return this.profiles.find((p) => p.name === name);
  }

  get projects(): ProjectConfig[] {
    if (!this.projectsMemo) {
      const r = parseProjectsSetting(this.config().get<unknown>(SettingKeys.projects));
      for (const p of r.problems) {
        this.reportOnce(`j:${p}`, p);
      }
      this.projectsMemo = r.value;
    }
    return [...this.projectsMemo];
  }

  get discoverProjects(): boolean {
    return this.config().get<boolean>(SettingKeys.discoverProjects, true) !== false;
  }

  get requestTimeoutMs(): number {
    return numberSetting(this.userOnly(SettingKeys.requestTimeoutSeconds), 30, 1, 600) * 1000;
  }

  get maxConcurrentRequests(): number {
    return Math.round(numberSetting(this.userOnly(SettingKeys.maxConcurrentRequests), 6, 1, 32));
  }

  /** 0 turns auto refresh off. */
  get autoRefreshSeconds(): number {
    // An untrusted workspace's value is ignored: polling is a background request it must not drive.
    const value = vscode.workspace.isTrusted
      ? this.config().get<unknown>(SettingKeys.autoRefreshSeconds)
      : this.userValue(SettingKeys.autoRefreshSeconds);
    return autoRefreshInterval(value);
  }

  /**
   * Whether the tree keeps its last-known state on this machine (src/tree/pure/treeSnapshot.ts).
   * The user's value only: what the extension stores on the user's disk is not a workspace's choice.
   */
  get rememberTree(): boolean {
    return this.userValue<unknown>(SettingKeys.rememberTree) !== false;
  }

  /** How long a details panel's Watch runs before it stops and says so (1 min to 24 h). */
  get watchTimeoutMs(): number {
    return numberSetting(this.config().get<unknown>(SettingKeys.watchTimeoutMinutes), 30, 1, 1440) * 60_000;
  }

  /** The user (or default) value of a setting, whatever a workspace says. */
  private userValue<T>(key: string): T | undefined {
    const i = this.config().inspect<T>(key);
    return i?.globalValue !== undefined ? i.globalValue : i?.defaultValue;
  }

  /** Adds or updates a profile in user settings. */
  async setProfile(name: string, baseUrl: string | undefined): Promise<void> {
    const current = this.config().inspect<Record<string, unknown>>(SettingKeys.profiles)?.globalValue ?? {};
    const next: Record<string, unknown> = { ...current };
    if (baseUrl === undefined && name === DEFAULT_PROFILE) {
      delete next[name];
    } else {
      next[name] = baseUrl === undefined ? {} : { baseUrl };
    }
    await this.config().update(SettingKeys.profiles, next, vscode.ConfigurationTarget.Global);
    this.forgetReads();
  }

  async setDefaultProfile(name: string): Promise<void> {
    await this.config().update(SettingKeys.defaultProfile, name, vscode.ConfigurationTarget.Global);
    this.forgetReads();
  }

  /** Adds projects (without duplicates) to the workspace settings, or user settings without a workspace. */
  async addProjects(
    projects: readonly ProjectConfig[],
    target?: vscode.ConfigurationTarget,
  ): Promise<vscode.ConfigurationTarget> {
    const where =
      target ??
      (vscode.workspace.workspaceFolders?.length
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global);
    const i = this.config().inspect<unknown>(SettingKeys.projects);
    const current = where === vscode.ConfigurationTarget.Global ? i?.globalValue : i?.workspaceValue;
    await this.config().update(SettingKeys.projects, addProjectsToSetting(current, projects), where);
    this.forgetReads();
    return where;
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
