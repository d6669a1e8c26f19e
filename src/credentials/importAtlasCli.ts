// Import from Atlas CLI: reads the Atlas CLI's config file and stores its profiles' credentials.

import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { isAtlasId } from '../atlas';
import { DEFAULT_PROFILE, ProjectConfig, isValidProfileName } from '../config/pure/settingsModel';
import { createLogger, shownText } from '../logging/log';
import { MAX_UI_NAME } from '../util/uiText';
import { AtlasCliProfile, atlasCliConfigPath, parseAtlasCliConfig } from './pure/atlasCliConfig';
import { DEFAULT_BASE_URL, checkBaseUrl } from '../config/pure/baseUrl';
import type { CredentialDeps } from './credentialDeps';
import { credentialKindLabel } from './pure/types';

const log = createLogger('credentials');

export async function importFromAtlasCli(services: CredentialDeps, configPath?: string): Promise<number> {
  const file = configPath ?? atlasCliConfigPath(process.platform, process.env, os.homedir());
  if (!file) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('Could not work out where the Atlas CLI keeps its config.toml on this system.'),
    );
    return 0;
  }
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    void vscode.window.showErrorMessage(
      missing
        ? vscode.l10n.t(
            'No Atlas CLI configuration at {0}. Run `atlas config init` first, or use Set Credentials.',
            shownText(file),
          )
        : shownText(vscode.l10n.t('Could not read {0}: {1}', file, (e as Error).message)),
    );
    return 0;
  }
  let profiles: AtlasCliProfile[];
  try {
    profiles = parseAtlasCliConfig(text).profiles;
  } catch (e) {
    void vscode.window.showErrorMessage(
      shownText(vscode.l10n.t('Could not read {0}: {1}', file, (e as Error).message)),
    );
    return 0;
  }
  const importable = profiles.filter((p) => p.credentials);
  const skipped = profiles.filter((p) => !p.credentials);
  if (importable.length === 0) {
    void vscode.window.showWarningMessage(
      shownText(
        skipped.length
          ? vscode.l10n.t(
              'No importable credentials in {0}. {1}.',
              file,
              skipped.map((p) => `${p.name}: ${p.note}`).join('; '),
            )
          : vscode.l10n.t('No importable credentials in {0}.', file),
      ),
    );
    return 0;
  }
  const picked = await vscode.window.showQuickPick(
    importable.map((p) => ({
      label: shownText(p.name, MAX_UI_NAME),
      description: `${credentialKindLabel(p.credentials!.kind)} · ${p.service === 'cloudgov' ? vscode.l10n.t('Atlas for Government') : shownText(hostOf(p.baseUrl), MAX_UI_NAME)}`,
      detail: p.projectId ? vscode.l10n.t('project {0}', shownText(p.projectId, MAX_UI_NAME)) : undefined,
      picked: true,
      profile: p,
    })),
    {
      title: vscode.l10n.t('Import from the Atlas CLI ({0})', shownText(file)),
      canPickMany: true,
      ignoreFocusOut: true,
    },
  );
  if (!picked || picked.length === 0) {
    return 0;
  }
  const existing = services.settings.resolveProfiles().profiles;
  const projects: ProjectConfig[] = [];
  const done: string[] = [];
  const problems: string[] = [];
  for (const { profile } of picked) {
    const name = isValidProfileName(profile.name)
      ? profile.name
      : profile.name
          .replace(/[^A-Za-z0-9_.-]/g, '-')
          .replace(/^[^A-Za-z0-9]+/, '')
          .slice(0, 64) || 'atlascli';
    const url = checkBaseUrl(profile.baseUrl);
    if (!url.ok) {
      problems.push(`${profile.name}: ${url.message}`);
      continue;
    }
    const current = existing.find((p) => p.name === name);
    if (current && current.baseUrl !== url.url && current.baseUrlSource === 'settings') {
      problems.push(
        vscode.l10n.t(
          '{0}: a profile "{1}" already exists with another base URL ({2}); not changed',
          profile.name,
          name,
          current.baseUrl ?? '',
        ),
      );
      continue;
    }
    await services.credentials.store(name, profile.credentials!);
    if (!(name === DEFAULT_PROFILE && url.url === DEFAULT_BASE_URL) && current?.baseUrlSource !== 'settings') {
      await services.settings.setProfile(name, url.url);
    }
    if (profile.projectId && isAtlasId(profile.projectId)) {
      projects.push(
        name === services.settings.defaultProfile
          ? { id: profile.projectId }
          : { id: profile.projectId, profile: name },
      );
    }
    done.push(name);
  }
  if (projects.length > 0) {
    await services.settings.addProjects(projects, vscode.ConfigurationTarget.Global);
  }
  services.sessions.reset();
  log.info(`imported ${done.length} Atlas CLI profile(s): ${done.join(', ')}`);
  const names = done.join(', ');
  const imported =
    done.length === 0
      ? vscode.l10n.t('0 Atlas CLI profiles')
      : done.length === 1
        ? vscode.l10n.t('1 Atlas CLI profile ({0})', names)
        : vscode.l10n.t('{0} Atlas CLI profiles ({1})', done.length, names);
  const summary =
    projects.length === 0
      ? vscode.l10n.t('Imported {0}.', imported)
      : vscode.l10n.t(
          'Imported {0} and {1}.',
          imported,
          projects.length === 1 ? vscode.l10n.t('1 project') : vscode.l10n.t('{0} projects', projects.length),
        );
  if (problems.length > 0) {
    void vscode.window.showWarningMessage(shownText(vscode.l10n.t('{0} Skipped: {1}.', summary, problems.join('; '))));
  } else {
    void vscode.window.showInformationMessage(shownText(summary));
  }
  return done.length;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
