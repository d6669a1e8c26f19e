// Connects the details panel and the lookup command to the composition root's services.

import type { Services } from '../services';
import { AtlasAccess, DetailsApi, registerDetailsPanel, SessionLookup } from '../details/detailsPanel';
import { createLogger } from '../util/log';
import { LookupAccess, registerLookupCommand } from './lookupCommand';

export function registerDetailsAndLookup(services: Services): DetailsApi {
  const getSession = async (profile?: string): Promise<SessionLookup> => {
    const s = await services.sessions.resolve(profile);
    if (s.kind === 'ready') {
      return { kind: 'ready', profileName: s.session.profile.name, baseUrl: s.session.baseUrl, cache: s.session.cache };
    }
    return {
      kind: 'unavailable',
      message: s.message,
      action: s.kind === 'noCredentials' ? 'setCredentials' : s.action,
    };
  };
  const configuredProject = (groupId: string): { name?: string; profile?: string } | undefined =>
    services.settings.projects.find((p) => p.id === groupId);

  const detailsAccess: AtlasAccess = {
    extensionUri: services.context.extensionUri,
    log: createLogger('details'),
    getSession,
    defaultProfile: () => services.settings.defaultProfile,
    configuredProject,
  };
  const panels = registerDetailsPanel(detailsAccess);
  services.context.subscriptions.push(panels);
  services.setDetailsHandler(async (ref) => {
    await panels.show(ref);
  });

  const lookupAccess: LookupAccess = {
    log: createLogger('lookup'),
    globalState: services.context.globalState,
    getSession,
    defaultProfile: () => services.settings.defaultProfile,
    profileNames: () => services.settings.profiles.map((p) => p.name),
    configuredProjects: () => services.settings.projects,
    discoverProjects: () => services.settings.discoverProjects,
    openDetails: (ref) => panels.show(ref),
    registerCommand: (id, handler) => services.registerCommand(id, handler),
  };
  registerLookupCommand(lookupAccess);
  return panels.api();
}
