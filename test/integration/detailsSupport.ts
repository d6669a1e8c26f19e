// Shared setup of the details and lookup host tests: the simulator over HTTP, the extension pointed
// at it through the environment (as the demo does), and small polling helpers.

import * as vscode from 'vscode';
import type { TestApi } from '../../src/composition';
import { AtlasSimulator, DEMO_CREDENTIALS, startAtlasSimulator } from '../simulator';
import { activateTestApi, ATLAS_ENV_KEYS, clearSettings } from './support';

export { sleep, waitFor } from './support';

export { EXTENSION_ID } from './support';
export type Api = TestApi;

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds'];

export interface HostFixture {
  api: Api;
  sim: AtlasSimulator;
  /** Points the default profile at the simulator with these service account credentials. */
  useCredentials(clientId: string, clientSecret: string): void;
  restore(): Promise<void>;
}

export async function startFixture(): Promise<HostFixture> {
  const saved: Record<string, string | undefined> = {};
  for (const k of ATLAS_ENV_KEYS) {
    saved[k] = process.env[k];
    delete process.env[k];
  }
  const sim = await startAtlasSimulator({ seed: 'demo' });
  const api = await activateTestApi();
  await clearSettings(SETTINGS);
  // Auto refresh would add requests that the "no request" checks would count.
  await vscode.workspace
    .getConfiguration('atlasPeering')
    .update('autoRefreshSeconds', 0, vscode.ConfigurationTarget.Global);
  const useCredentials = (clientId: string, clientSecret: string): void => {
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = clientSecret;
    // Sessions read the environment when created.
    api.sessions.reset();
  };
  useCredentials(DEMO_CREDENTIALS.serviceAccount.clientId, DEMO_CREDENTIALS.serviceAccount.clientSecret);
  // The same for the tree's background pass over every project: let it end before the tests count.
  await api.tree.loadEstate();
  return {
    api,
    sim,
    useCredentials,
    restore: async () => {
      api.details.closeAll();
      await clearSettings(SETTINGS);
      for (const k of ATLAS_ENV_KEYS) {
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
