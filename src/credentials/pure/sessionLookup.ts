// What a feature gets when it asks for a profile's session: the one result type the tree, the
// details panels, the lookup and the config-file features share. Only the cache is handed out: no
// feature needs the client or the credentials. Pure: no `vscode` import.

import type { AtlasCache } from '../../atlas';

export interface ReadySession {
  /** The profile's name ('default' for the default profile). */
  profileName: string;
  baseUrl: string;
  cache: AtlasCache;
}

export type SessionLookup =
  | { kind: 'ready'; session: ReadySession }
  | { kind: 'noCredentials'; message: string }
  | { kind: 'error'; message: string; action?: 'setCredentials' | 'openSettings' };
