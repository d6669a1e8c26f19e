// Reads the Atlas CLI's config.toml (mongodb/atlas-cli-core config/config.go). Pure: the glue reads
// the file and passes its text.

import { DEFAULT_BASE_URL, GOV_BASE_URL } from '../../config/pure/baseUrl';
import { AtlasCredentials } from './types';

export interface AtlasCliProfile {
  name: string;
  service: string;
  /** ops_manager_url, else the gov or commercial default by `service`. Not yet policy-checked. */
  baseUrl: string;
  credentials?: AtlasCredentials;
  projectId?: string;
  orgId?: string;
  /** Why there is nothing to import, when credentials is absent. */
  note?: string;
}

export interface AtlasCliConfig {
  profiles: AtlasCliProfile[];
}

type Table = Record<string, unknown>;

// Only the Import from Atlas CLI command reads TOML, so the parser is loaded on first use rather
// than with the extension (esbuild.js emits it as dist/smol-toml.js).
type TomlLibrary = typeof import('smol-toml');
function toml(): TomlLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('smol-toml') as TomlLibrary;
}

function isTable(v: unknown): v is Table {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}

function str(t: Table, key: string): string | undefined {
  const v = t[key];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Throws an Error saying where the file is not valid TOML. smol-toml's own message quotes the
 * offending lines, which may hold a secret, so only its first line and the position are kept.
 */
export function parseAtlasCliConfig(text: string): AtlasCliConfig {
  let doc: Table;
  const { parse, TomlError } = toml();
  try {
    doc = parse(text) as Table;
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e))
      .split('\n')[0]
      .replace(/^Invalid TOML document:\s*/, '');
    const where = e instanceof TomlError ? ` at line ${e.line}, column ${e.column}` : '';
    throw new Error(`invalid TOML${where}: ${reason}`);
  }
  const profiles: AtlasCliProfile[] = [];
  // Profiles are the top-level tables; top-level scalars are global options (telemetry_enabled, ...).
  for (const [name, value] of Object.entries(doc)) {
    if (!isTable(value)) {
      continue;
    }
    const service = str(value, 'service') ?? 'cloud';
    const opsManagerUrl = str(value, 'ops_manager_url');
    const profile: AtlasCliProfile = {
      name,
      service,
      baseUrl: opsManagerUrl
        ? opsManagerUrl.replace(/\/+$/, '')
        : service === 'cloudgov'
          ? GOV_BASE_URL
          : DEFAULT_BASE_URL,
    };
    const projectId = str(value, 'project_id');
    if (projectId) {
      profile.projectId = projectId;
    }
    const orgId = str(value, 'org_id');
    if (orgId) {
      profile.orgId = orgId;
    }
    const clientId = str(value, 'client_id');
    const clientSecret = str(value, 'client_secret');
    const publicKey = str(value, 'public_api_key');
    const privateKey = str(value, 'private_api_key');
    if (clientId && clientSecret) {
      profile.credentials = { kind: 'serviceAccount', clientId, clientSecret };
    } else if (publicKey && privateKey) {
      profile.credentials = { kind: 'apiKey', publicKey, privateKey };
    } else if (
      str(value, 'access_token') ||
      str(value, 'refresh_token') ||
      str(value, 'auth_type') === 'user_account'
    ) {
      profile.note = 'signed in with `atlas auth login` (a user account); use a service account or API key instead';
    } else if (clientId || publicKey) {
      profile.note =
        'the secret is not in config.toml (the CLI may keep it in the system keyring); use Set Credentials';
    } else {
      profile.note = 'no credentials in this profile';
    }
    profiles.push(profile);
  }
  return { profiles };
}

/** Go's os.UserConfigDir()/atlascli/config.toml for the given platform. */
export function atlasCliConfigPath(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  homedir: string,
): string | undefined {
  const sep = platform === 'win32' ? '\\' : '/';
  const join = (first: string, ...rest: string[]): string => [first.replace(/[\\/]+$/, ''), ...rest].join(sep);
  let dir: string | undefined;
  if (platform === 'win32') {
    dir = env.APPDATA || undefined;
  } else if (platform === 'darwin') {
    dir = homedir ? join(homedir, 'Library', 'Application Support') : undefined;
  } else {
    const xdg = env.XDG_CONFIG_HOME;
    // Go ignores a relative XDG_CONFIG_HOME.
    dir = xdg && xdg.startsWith('/') ? xdg : homedir ? join(homedir, '.config') : undefined;
  }
  return dir ? join(dir, 'atlascli', 'config.toml') : undefined;
}
