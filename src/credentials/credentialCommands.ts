// Set Credentials and Sign Out (and the Import from Atlas CLI command, in importAtlasCli.ts): the
// VS Code side of src/credentials.

import * as vscode from 'vscode';
import { formatAtlasError } from '../atlas';
import { Commands } from '../config/pure/commands';
import { ProfileConfig, checkProfileName } from '../config/pure/settingsModel';
import type { Feature } from '../config/pure/feature';
import { createLogger, shownText } from '../logging/log';
import { MAX_UI_NAME } from '../util/uiText';
import type { CredentialDeps } from './credentialDeps';
import { importFromAtlasCli } from './importAtlasCli';
import { DEFAULT_BASE_URL, GOV_BASE_URL, checkBaseUrl } from '../config/pure/baseUrl';
import { readEnvironmentCredentials } from './pure/environment';
import { baseUrlForCredentials } from './sessions';
import { AtlasCredentials, CredentialKind, credentialKindLabel } from './pure/types';
import { CredentialField, checkCredentialInput, fieldLabel } from './pure/validate';

const log = createLogger('credentials');

interface ProfileArg {
  profile?: string;
}

function profileArg(arg: unknown): string | undefined {
  if (arg !== null && typeof arg === 'object' && typeof (arg as ProfileArg).profile === 'string') {
    return (arg as ProfileArg).profile;
  }
  return undefined;
}

export function createCredentialCommands(deps: CredentialDeps): Feature {
  return {
    disposables: [],
    commands: {
      [Commands.setCredentials]: (arg) => setCredentials(deps, profileArg(arg)),
      [Commands.signOut]: (arg) => signOut(deps, profileArg(arg)),
      [Commands.importFromAtlasCli]: () => importFromAtlasCli(deps),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Set Credentials

interface NewProfile {
  name: string;
  baseUrl: string;
  isNew: true;
}

async function pickProfile(services: CredentialDeps): Promise<ProfileConfig | NewProfile | undefined> {
  const { profiles, defaultProfile } = services.settings.resolveProfiles();
  type Item = vscode.QuickPickItem & { profile?: ProfileConfig; create?: true };
  const items: Item[] = profiles.map((p) => ({
    label: shownText(p.name, MAX_UI_NAME),
    description: shownText(
      `${baseUrlForCredentials(p, 'secretStorage') ?? vscode.l10n.t('invalid base URL')}${p.name === defaultProfile ? vscode.l10n.t(' · default') : ''}`,
    ),
    profile: p,
  }));
  items.push({
    label: `$(add) ${vscode.l10n.t('New profile…')}`,
    description: vscode.l10n.t('another organization, or Atlas for Government'),
    create: true,
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Set Credentials: profile'),
    placeHolder: vscode.l10n.t('Which profile do these credentials belong to?'),
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  if (picked.profile) {
    return picked.profile;
  }
  return newProfile(
    services,
    profiles.map((p) => p.name),
  );
}

async function newProfile(_services: CredentialDeps, existing: string[]): Promise<NewProfile | undefined> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('New profile: name'),
    prompt: vscode.l10n.t('A short name, e.g. the organization'),
    ignoreFocusOut: true,
    validateInput: (v) => checkProfileName(v, existing),
  });
  if (name === undefined) {
    return undefined;
  }
  const baseUrl = await pickBaseUrl();
  return baseUrl ? { name: name.trim(), baseUrl, isNew: true } : undefined;
}

async function pickBaseUrl(): Promise<string | undefined> {
  const items: (vscode.QuickPickItem & { url?: string })[] = [
    { label: 'MongoDB Atlas', description: DEFAULT_BASE_URL, url: DEFAULT_BASE_URL },
    { label: 'Atlas for Government', description: GOV_BASE_URL, url: GOV_BASE_URL },
    { label: vscode.l10n.t('Other URL…') },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('New profile: Atlas base URL'),
    ignoreFocusOut: true,
  });
  if (!picked) {
    return undefined;
  }
  if (picked.url) {
    return picked.url;
  }
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('New profile: Atlas base URL'),
    prompt: vscode.l10n.t('https:// (http only for 127.0.0.1, ::1 or localhost)'),
    value: 'https://',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const c = checkBaseUrl(v);
      return c.ok ? undefined : c.message;
    },
  });
  if (typed === undefined) {
    return undefined;
  }
  const c = checkBaseUrl(typed);
  return c.ok ? c.url : undefined;
}

async function askField(kind: CredentialKind, field: CredentialField, step: number): Promise<string | undefined> {
  const label = fieldLabel(kind, field);
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Set Credentials ({0}/2): {1} {2}', step, credentialKindLabel(kind), label),
    prompt:
      kind === 'serviceAccount' && field === 'id'
        ? vscode.l10n.t('e.g. mdb_sa_id_… (Atlas > Organization > Access Manager > Applications)')
        : vscode.l10n.t('The {0}', label),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const p = checkCredentialInput(kind, field, v);
      if (!p) {
        return undefined;
      }
      return {
        message: p.message,
        severity:
          p.severity === 'error' ? vscode.InputBoxValidationSeverity.Error : vscode.InputBoxValidationSeverity.Warning,
      };
    },
  });
  if (value === undefined) {
    return undefined;
  }
  // validateInput only advises; refuse errors here too, since Enter is not blocked everywhere.
  if (checkCredentialInput(kind, field, value)?.severity === 'error') {
    return undefined;
  }
  return value.trim();
}

export async function setCredentials(services: CredentialDeps, profileName?: string): Promise<boolean> {
  let target: ProfileConfig | NewProfile | undefined = profileName ? services.settings.profile(profileName) : undefined;
  if (!target) {
    target = await pickProfile(services);
  }
  if (!target) {
    return false;
  }
  // Stored credentials never go to MONGODB_ATLAS_BASE_URL (see baseUrlForCredentials).
  const baseUrl = 'isNew' in target ? target.baseUrl : baseUrlForCredentials(target, 'secretStorage');
  if (!baseUrl) {
    void vscode.window.showErrorMessage(
      shownText(
        vscode.l10n.t(
          'Profile "{0}" has no usable base URL: {1}',
          target.name,
          'problem' in target ? (target.problem ?? '') : '',
        ),
      ),
    );
    return false;
  }
  const kindPick = await vscode.window.showQuickPick(
    [
      {
        label: vscode.l10n.t('Service account'),
        description: vscode.l10n.t('recommended'),
        detail: vscode.l10n.t('Client ID and secret (OAuth 2.0)'),
        credentialKind: 'serviceAccount' as const,
      },
      {
        label: vscode.l10n.t('API key'),
        description: vscode.l10n.t('legacy'),
        detail: vscode.l10n.t('Public and private key (HTTP Digest)'),
        credentialKind: 'apiKey' as const,
      },
    ],
    {
      title: vscode.l10n.t('Set Credentials for profile "{0}"', shownText(target.name, MAX_UI_NAME)),
      ignoreFocusOut: true,
    },
  );
  if (!kindPick) {
    return false;
  }
  const kind = kindPick.credentialKind;
  const id = await askField(kind, 'id', 1);
  if (id === undefined) {
    return false;
  }
  const secret = await askField(kind, 'secret', 2);
  if (secret === undefined) {
    return false;
  }
  const credentials: AtlasCredentials =
    kind === 'serviceAccount'
      ? { kind, clientId: id, clientSecret: secret }
      : { kind, publicKey: id, privateKey: secret };

  const check = await verifyCredentials(services, baseUrl, credentials);
  if (!check.ok) {
    const retry = vscode.l10n.t('Try Again');
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const buttons = check.authFailed ? [retry] : [saveAnyway, retry];
    const answer = await vscode.window.showErrorMessage(
      vscode.l10n.t('Atlas did not accept the check: {0}', shownText(check.message)),
      ...buttons,
    );
    if (answer === retry) {
      return setCredentials(services, 'isNew' in target ? undefined : target.name);
    }
    if (answer !== saveAnyway) {
      return false;
    }
  }
  await services.credentials.store(target.name, credentials);
  if ('isNew' in target) {
    await services.settings.setProfile(target.name, target.baseUrl);
  }
  services.sessions.reset(target.name);
  const saved = vscode.l10n.t('Atlas credentials saved for profile "{0}".', target.name);
  const seen = !check.ok
    ? ''
    : check.projects === 1
      ? vscode.l10n.t('They can see 1 project.')
      : vscode.l10n.t('They can see {0} projects.', check.projects);
  void vscode.window.showInformationMessage(shownText(seen ? `${saved} ${seen}` : saved));
  return true;
}

type CheckResult = { ok: true; projects: number } | { ok: false; message: string; authFailed: boolean };

async function verifyCredentials(
  services: CredentialDeps,
  baseUrl: string,
  credentials: AtlasCredentials,
): Promise<CheckResult> {
  const client = services.sessions.createClient(baseUrl, credentials);
  try {
    const projects = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Checking the credentials with {0}…', shownText(new URL(baseUrl).host, MAX_UI_NAME)),
        cancellable: false,
      },
      () => client.listProjects(),
    );
    log.info(`credential check against ${baseUrl}: ${projects.length} project(s)`);
    return { ok: true, projects: projects.length };
  } catch (e) {
    const f = formatAtlasError(e);
    log.warn(`credential check against ${baseUrl} failed: ${f.message}`);
    return { ok: false, message: f.message, authFailed: f.action === 'setCredentials' };
  } finally {
    // No sign-out: the token of a good check stays in the session's pool for the session that
    // follows (a new one would be a second live token); a failed check fetched none.
    client.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// Sign Out

export async function signOut(services: CredentialDeps, profileName?: string): Promise<void> {
  const { profiles } = services.settings.resolveProfiles();
  const stored: string[] = [];
  for (const p of profiles) {
    if (await services.credentials.get(p.name)) {
      stored.push(p.name);
    }
  }
  let name = profileName;
  if (!name) {
    if (stored.length === 0) {
      const env = readEnvironmentCredentials(process.env);
      void vscode.window.showInformationMessage(
        env.credentials
          ? vscode.l10n.t(
              'No stored credentials. The credentials in use come from environment variables ({0}); unset them to sign out.',
              env.variables.join(', '),
            )
          : vscode.l10n.t('No Atlas credentials are stored.'),
      );
      return;
    }
    name =
      stored.length === 1
        ? stored[0]
        : await vscode.window
            .showQuickPick(
              stored.map((p) => ({ label: shownText(p, MAX_UI_NAME), name: p })),
              { title: vscode.l10n.t('Sign Out: which profile?') },
            )
            .then((picked) => picked?.name);
    if (!name) {
      return;
    }
  }
  if (!stored.includes(name)) {
    void vscode.window.showInformationMessage(
      shownText(vscode.l10n.t('Profile "{0}" has no stored credentials.', name)),
    );
    return;
  }
  const session = await services.sessions.peek(name);
  if (session?.source === 'secretStorage') {
    // Revokes the service account's access token (a no-op for API keys).
    await session.client
      .signOut()
      .catch((e) => log.warn(`token revocation for profile ${name} failed: ${formatAtlasError(e).message}`));
  }
  await services.credentials.delete(name);
  await services.forgetProfileData(name);
  services.sessions.reset(name);
  void vscode.window.showInformationMessage(
    shownText(vscode.l10n.t('Signed out of profile "{0}"; its credentials were removed from the keychain.', name)),
  );
}
