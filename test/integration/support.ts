// Helpers shared by the integration tests that run inside the extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/composition';
import { DEMO_CREDENTIALS } from '../simulator';

/** Every environment variable the extension reads credentials or a base URL from. */
export const ATLAS_ENV_KEYS = [
  'MONGODB_ATLAS_BASE_URL',
  'MONGODB_ATLAS_CLIENT_ID',
  'MONGODB_ATLAS_CLIENT_SECRET',
  'MONGODB_ATLAS_PUBLIC_API_KEY',
  'MONGODB_ATLAS_PRIVATE_API_KEY',
  'MONGODB_ATLAS_PUBLIC_KEY',
  'MONGODB_ATLAS_PRIVATE_KEY',
] as const;

/** Clears the Atlas environment variables and returns what puts them back as they were. */
export function clearAtlasEnvironment(): () => void {
  const saved = new Map(ATLAS_ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ATLAS_ENV_KEYS) {
    delete process.env[k];
  }
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = v;
      }
    }
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something other than undefined or false. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
): Promise<T> {
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

/** Removes the user-level values of these atlasPeering settings, so each suite starts from the defaults. */
export async function clearSettings(keys: readonly string[]): Promise<void> {
  const c = vscode.workspace.getConfiguration('atlasPeering');
  for (const key of keys) {
    await c.update(key, undefined, vscode.ConfigurationTarget.Global);
  }
}

export const EXTENSION_ID = 'atlas-peering.atlas-peering';

/**
 * Activates the extension and returns its test API. activate() returns it only when the extension
 * host runs in ExtensionMode.Test (as test/host/runExtTests.js starts it); in production it returns nothing.
 */
export async function activateTestApi(): Promise<TestApi> {
  const api = await vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID)!.activate();
  if (!api) {
    throw new Error('activate() returned no test API: the extension host is not in ExtensionMode.Test');
  }
  return api;
}

/**
 * Writes the workspace folder's `.vscode/settings.json` (removes it for undefined) and waits until
 * VS Code has read it: until the workspace value of `atlasPeering.projects` (a setting a workspace
 * may set) is the file's. The file watcher delivers the change some time later, so each test that
 * writes the file must also say what to wait for, never a fixed time.
 */
export async function writeWorkspaceSettings(file: string, text: string | undefined): Promise<void> {
  if (text === undefined) {
    fs.rmSync(file, { force: true });
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  const parsed = text === undefined ? undefined : (parseJsonc(text) as Record<string, unknown> | undefined);
  const expected = parsed?.['atlasPeering.projects'];
  await waitFor('VS Code to read the workspace settings', () =>
    isDeepStrictEqual(vscode.workspace.getConfiguration('atlasPeering').inspect('projects')?.workspaceValue, expected),
  );
}

/**
 * The set-up of a tree test against its own simulator: the Atlas environment cleared, then the demo
 * service account pointed at `simUrl`; the `clear` settings cleared and `set` set (user settings);
 * the Peering Connections view shown; the previous file's sessions dropped (environment variables
 * are read when a session is made). Returns what undoes it.
 */
export async function setUpTreeTest(
  api: TestApi,
  simUrl: string,
  clear: readonly string[],
  set: Record<string, unknown> = {},
): Promise<() => Promise<void>> {
  const restoreEnvironment = clearAtlasEnvironment();
  await clearSettings(clear);
  const config = vscode.workspace.getConfiguration('atlasPeering');
  for (const [key, value] of Object.entries(set)) {
    await config.update(key, value, vscode.ConfigurationTarget.Global);
  }
  process.env.MONGODB_ATLAS_BASE_URL = simUrl;
  process.env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
  process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
  await vscode.commands.executeCommand('atlasPeering.connections.focus');
  await api.tree.refresh();
  return async () => {
    await clearSettings([...clear, ...Object.keys(set)]);
    restoreEnvironment();
    await api.tree.refresh();
  };
}
