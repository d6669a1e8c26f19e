// Pure interpretation of the atlasPeering.* settings: the vscode glue (src/settings.ts) reads raw
// values and these functions turn them into checked models with user-facing problems.

import { checkBaseUrl, DEFAULT_BASE_URL } from './baseUrl';

export const DEFAULT_PROFILE = 'default';

export interface ProfileConfig {
  name: string;
  /** Checked and normalised; undefined when the configured URL was refused (see problem). */
  baseUrl: string | undefined;
  baseUrlSource: 'default' | 'settings' | 'environment';
  problem?: string;
}

export interface ProjectConfig {
  id: string;
  name?: string;
  profile?: string;
  /** Only these peers (Atlas ids, or VPC id / VNet / network names) are shown when present. */
  peers?: string[];
}

export interface Parsed<T> {
  value: T;
  problems: string[];
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const PROJECT_ID = /^[a-f0-9]{24}$/;

export function isValidProfileName(name: string): boolean {
  return PROFILE_NAME.test(name);
}

export function checkProfileName(name: string, existing: readonly string[]): string | undefined {
  const n = name.trim();
  if (!isValidProfileName(n)) {
    return 'Use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit.';
  }
  if (existing.includes(n)) {
    return `A profile named "${n}" already exists.`;
  }
  return undefined;
}

/**
 * atlasPeering.profiles is `{ "<name>": { "baseUrl": "https://…" } }`. The default profile always
 * exists; MONGODB_ATLAS_BASE_URL gives the default profile its URL unless user settings do.
 */
export function resolveProfiles(
  profilesValue: unknown,
  defaultProfileValue: unknown,
  envBaseUrl: string | undefined,
): Parsed<{ profiles: ProfileConfig[]; defaultProfile: string }> {
  const problems: string[] = [];
  const profiles: ProfileConfig[] = [];
  const entries =
    profilesValue !== null && typeof profilesValue === 'object' && !Array.isArray(profilesValue)
      ? Object.entries(profilesValue as Record<string, unknown>)
      : [];
  if (
    profilesValue !== undefined &&
    profilesValue !== null &&
    entries.length === 0 &&
    typeof profilesValue !== 'object'
  ) {
    problems.push('atlasPeering.profiles must be an object of profile names to { "baseUrl": … }.');
  }
  const configured = new Map<string, unknown>();
  for (const [name, value] of entries) {
    if (!isValidProfileName(name)) {
      problems.push(`Profile name "${name}" is not valid (letters, digits, ".", "_", "-"); it is ignored.`);
      continue;
    }
    const baseUrl =
      value !== null && typeof value === 'object' ? (value as Record<string, unknown>).baseUrl : undefined;
    configured.set(name, baseUrl);
  }
  let defaultProfile =
    typeof defaultProfileValue === 'string' && defaultProfileValue.trim() !== ''
      ? defaultProfileValue.trim()
      : DEFAULT_PROFILE;
  if (defaultProfile !== DEFAULT_PROFILE && !configured.has(defaultProfile)) {
    problems.push(
      `atlasPeering.defaultProfile names "${defaultProfile}", which is not in atlasPeering.profiles; using "${DEFAULT_PROFILE}".`,
    );
    defaultProfile = DEFAULT_PROFILE;
  }
  const names = [DEFAULT_PROFILE, ...[...configured.keys()].filter((n) => n !== DEFAULT_PROFILE)];
  for (const name of names) {
    const raw = configured.get(name);
    let source: ProfileConfig['baseUrlSource'] = 'default';
    let candidate: unknown = DEFAULT_BASE_URL;
    if (raw !== undefined && raw !== null && raw !== '') {
      source = 'settings';
      candidate = raw;
    } else if (name === defaultProfile && envBaseUrl) {
      source = 'environment';
      candidate = envBaseUrl;
    }
    const check = checkBaseUrl(candidate);
    if (check.ok) {
      profiles.push({ name, baseUrl: check.url, baseUrlSource: source });
    } else {
      const where = source === 'environment' ? 'MONGODB_ATLAS_BASE_URL' : `Profile "${name}"`;
      const problem = `${where}: ${check.message}`;
      problems.push(problem);
      profiles.push({ name, baseUrl: undefined, baseUrlSource: source, problem });
    }
  }
  return { value: { profiles, defaultProfile }, problems };
}

export function parseProjectsSetting(value: unknown): Parsed<ProjectConfig[]> {
  const problems: string[] = [];
  const projects: ProjectConfig[] = [];
  if (value === undefined || value === null) {
    return { value: projects, problems };
  }
  if (!Array.isArray(value)) {
    return { value: projects, problems: ['atlasPeering.projects must be an array of { "id": "…" } objects.'] };
  }
  const seen = new Set<string>();
  value.forEach((item, index) => {
    const o = typeof item === 'string' ? { id: item } : item;
    if (o === null || typeof o !== 'object') {
      problems.push(`atlasPeering.projects[${index}] is not an object; it is ignored.`);
      return;
    }
    const r = o as Record<string, unknown>;
    const id = typeof r.id === 'string' ? r.id.trim() : '';
    if (!PROJECT_ID.test(id)) {
      problems.push(
        `atlasPeering.projects[${index}].id "${String(r.id ?? '')}" is not a 24-character lowercase hex Atlas project ID; it is ignored.`,
      );
      return;
    }
    const profile = typeof r.profile === 'string' && r.profile.trim() !== '' ? r.profile.trim() : undefined;
    const key = `${profile ?? ''}/${id}`;
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    const project: ProjectConfig = { id };
    if (typeof r.name === 'string' && r.name.trim() !== '') {
      project.name = r.name.trim();
    }
    if (profile) {
      project.profile = profile;
    }
    if (Array.isArray(r.peers)) {
      project.peers = r.peers.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
    }
    projects.push(project);
  });
  return { value: projects, problems };
}

/** Clamps a numeric setting, falling back to its default for anything not a finite number. */
export function numberSetting(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, value));
}

/**
 * Shortest auto-refresh interval. The setting is window-scoped, so a cloned repository can set it;
 * 1 s would make every open window poll Atlas every second (Atlas rate-limits per account).
 */
export const MIN_AUTO_REFRESH_SECONDS = 10;

/** atlasPeering.autoRefreshSeconds as used: 0 (off), or between MIN_AUTO_REFRESH_SECONDS and 3600. */
export function autoRefreshInterval(value: unknown): number {
  const v = numberSetting(value, 15, 0, 3600);
  return v === 0 ? 0 : Math.max(MIN_AUTO_REFRESH_SECONDS, v);
}

/** The settings entry for a project added from the picker, merged into an existing list. */
export function addProjectsToSetting(current: unknown, additions: readonly ProjectConfig[]): unknown[] {
  const list = Array.isArray(current) ? [...current] : [];
  for (const add of additions) {
    const exists = list.some((item) => {
      const r = item as Record<string, unknown> | null;
      return (
        r !== null &&
        typeof r === 'object' &&
        r.id === add.id &&
        (r.profile ?? undefined) === (add.profile ?? undefined)
      );
    });
    if (!exists) {
      list.push({ ...add });
    }
  }
  return list;
}
