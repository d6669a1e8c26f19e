// Credentials from environment variables, the same names the Atlas CLI and Terraform read. Pure:
// takes the env object, so tests need not touch process.env.

import { BASE_URL_VARIABLE, environmentBaseUrl } from '../../config/pure/baseUrl';
import { AtlasCredentials } from './types';

export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvironmentCredentials {
  /** Present when a complete pair was found (service account first, then API keys). */
  credentials?: AtlasCredentials;
  /** MONGODB_ATLAS_BASE_URL as given (checked by the caller with checkBaseUrl). */
  baseUrl?: string;
  /** Names (never values) of the variables the credentials came from. */
  variables: string[];
  /** Half pairs and similar mistakes, worded for the user. */
  problems: string[];
}

const PAIRS = [
  { kind: 'serviceAccount', id: 'MONGODB_ATLAS_CLIENT_ID', secret: 'MONGODB_ATLAS_CLIENT_SECRET' },
  { kind: 'apiKey', id: 'MONGODB_ATLAS_PUBLIC_API_KEY', secret: 'MONGODB_ATLAS_PRIVATE_API_KEY' },
  { kind: 'apiKey', id: 'MONGODB_ATLAS_PUBLIC_KEY', secret: 'MONGODB_ATLAS_PRIVATE_KEY' },
] as const;

export const ENVIRONMENT_VARIABLES: readonly string[] = [...PAIRS.flatMap((p) => [p.id, p.secret]), BASE_URL_VARIABLE];

function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export function readEnvironmentCredentials(env: Env): EnvironmentCredentials {
  const result: EnvironmentCredentials = { variables: [], problems: [] };
  for (const pair of PAIRS) {
    const id = value(env, pair.id);
    const secret = value(env, pair.secret);
    if (id && secret) {
      if (!result.credentials) {
        result.credentials =
          pair.kind === 'serviceAccount'
            ? { kind: 'serviceAccount', clientId: id, clientSecret: secret }
            : { kind: 'apiKey', publicKey: id, privateKey: secret };
        result.variables.push(pair.id, pair.secret);
      }
    } else if (id || secret) {
      result.problems.push(
        `${id ? pair.id : pair.secret} is set but ${id ? pair.secret : pair.id} is not; the pair is ignored.`,
      );
    }
  }
  const baseUrl = environmentBaseUrl(env);
  if (baseUrl) {
    result.baseUrl = baseUrl;
  }
  return result;
}
