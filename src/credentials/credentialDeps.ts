// What the credential commands (Set Credentials, Sign Out, Import from Atlas CLI) use: one
// interface for all three, in a module of its own so that both command files can name it.

import type { Settings } from '../config/settings';
import type { CredentialStore } from './credentialStore';
import type { SessionManager } from './sessions';

export interface CredentialDeps {
  readonly settings: Settings;
  readonly credentials: CredentialStore;
  readonly sessions: SessionManager;
  /** Deletes what the extension kept about a profile besides its credentials (the tree's snapshot). */
  forgetProfileData(profile: string): Promise<void>;
}
