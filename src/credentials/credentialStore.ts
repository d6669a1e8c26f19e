// Credentials live in SecretStorage only (the OS keychain), one entry per profile. When the
// keychain fails we say how to fix it and never fall back to a file or a setting.

import * as vscode from 'vscode';
import { AtlasCredentials, parseStoredCredentials, serializeCredentials } from './pure/types';
import { createLogger, describeError } from '../logging/log';

const KEY_PREFIX = 'atlasPeering.credentials/';
const log = createLogger('credentials');

export class CredentialStorageError extends Error {
  readonly userMessage: string;

  constructor(operation: 'read' | 'save' | 'delete', cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const failed = {
      read: () =>
        vscode.l10n.t('Could not read Atlas credentials in the system keychain (VS Code SecretStorage): {0}.', reason),
      save: () =>
        vscode.l10n.t('Could not save Atlas credentials in the system keychain (VS Code SecretStorage): {0}.', reason),
      delete: () =>
        vscode.l10n.t(
          'Could not delete Atlas credentials in the system keychain (VS Code SecretStorage): {0}.',
          reason,
        ),
    }[operation]();
    const linux =
      process.platform === 'linux'
        ? ` ${vscode.l10n.t('On Linux, install and unlock a keyring (GNOME Keyring or KWallet), or start VS Code with --password-store="gnome-libsecret".')}`
        : '';
    const message = `${failed}${linux} ${vscode.l10n.t('Nothing was written anywhere else; the MONGODB_ATLAS_* environment variables work as an alternative.')}`;
    super(message);
    this.name = 'CredentialStorageError';
    this.userMessage = message;
  }
}

export class CredentialStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires the profile name whose stored credentials changed (in this or another window). */
  readonly onDidChange = this.emitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith(KEY_PREFIX)) {
        this.emitter.fire(e.key.slice(KEY_PREFIX.length));
      }
    });
  }

  static keyOf(profile: string): string {
    return `${KEY_PREFIX}${profile}`;
  }

  async get(profile: string): Promise<AtlasCredentials | undefined> {
    let text: string | undefined;
    try {
      text = await this.secrets.get(CredentialStore.keyOf(profile));
    } catch (e) {
      log.error(`reading credentials of profile ${profile} failed`, e);
      throw new CredentialStorageError('read', e);
    }
    const creds = parseStoredCredentials(text);
    if (text && !creds) {
      log.warn(`stored credentials of profile ${profile} are unreadable; ignoring them`);
    }
    return creds;
  }

  async store(profile: string, credentials: AtlasCredentials): Promise<void> {
    try {
      await this.secrets.store(CredentialStore.keyOf(profile), serializeCredentials(credentials));
    } catch (e) {
      log.error(`saving credentials of profile ${profile} failed: ${describeError(e)}`);
      throw new CredentialStorageError('save', e);
    }
    log.info(`stored ${credentials.kind} credentials for profile ${profile}`);
  }

  async delete(profile: string): Promise<void> {
    try {
      await this.secrets.delete(CredentialStore.keyOf(profile));
    } catch (e) {
      log.error(`deleting credentials of profile ${profile} failed: ${describeError(e)}`);
      throw new CredentialStorageError('delete', e);
    }
    log.info(`removed stored credentials of profile ${profile}`);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
