// Shared setup of the details and lookup host tests: the simulator over HTTP, the extension pointed
// at it through the environment (as the demo does), and small polling helpers.

import * as vscode from 'vscode';
import type { activate } from '../../src/extension';
import { AtlasSimulator, DEMO_CREDENTIALS, startAtlasSimulator } from '../simulator';

export const EXTENSION_ID = 'atlas-peering.atlas-peering';
export type Api = ReturnType<typeof activate>;

const ENV_KEYS = [
  'MONGODB_ATLAS_BASE_URL',
  'MONGODB_ATLAS_CLIENT_ID',
  'MONGODB_ATLAS_CLIENT_SECRET',
  'MONGODB_ATLAS_PUBLIC_API_KEY',
  'MONGODB_ATLAS_PRIVATE_API_KEY',
  'MONGODB_ATLAS_PUBLIC_KEY',
  'MONGODB_ATLAS_PRIVATE_KEY',
];
const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds'];

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) {
      return v;
    }
    if (Date.now() > end) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(50);
  }
}

async function clearSettings(): Promise<void> {
  const c = vscode.workspace.getConfiguration('atlasPeering');
  for (const key of SETTINGS) {
    await c.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

export interface HostFixture {
  api: Api;
  sim: AtlasSimulator;
  /** Points the default profile at the simulator with these service account credentials. */
  useCredentials(clientId: string, clientSecret: string): void;
  restore(): Promise<void>;
}

export async function startFixture(): Promise<HostFixture> {
  const saved: Record<string, string | undefined> = {};
  for (const k of ENV_KEYS) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  const sim = await startAtlasSimulator({ seed: 'demo' });
  const api = (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()) as Api;
  await clearSettings();
  // Auto refresh would add requests that the "no request" checks would count.
  await vscode.workspace.getConfiguration('atlasPeering').update('autoRefreshSeconds', 0, vscode.ConfigurationTarget.Global);
  const useCredentials = (clientId: string, clientSecret: string): void => {
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = clientSecret;
    // Sessions read the environment when created.
    api.sessions.reset();
  };
  useCredentials(DEMO_CREDENTIALS.serviceAccount.clientId, DEMO_CREDENTIALS.serviceAccount.clientSecret);
  return {
    api,
    sim,
    useCredentials,
    restore: async () => {
      api.details.closeAll();
      await clearSettings();
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) {
          delete process.env[k];
        } else {
          process.env[k] = saved[k];
        }
      }
      api.sessions.reset();
      await sim.close();
    },
  };
}

/** Requests to the Atlas API (not the OAuth token endpoint). */
export function apiRequests(sim: AtlasSimulator): AtlasSimulator['requestLog'] {
  return sim.requestLog.filter((r) => r.path.startsWith('/api/atlas/'));
}
