// Between the drift check and the background lookups the diagnostics and the drift report share:
// which Atlas object a resource names (a key the lookup budget counts like any other), and what
// the lookup's answer means for the check. Pure: no `vscode` import.

import type { Container } from '../../atlas/models';
import type { IacResource } from '../../configFiles/references';
import type { PeerKey } from '../../configEditor/pure/backgroundLookups';
import type { Resolution } from '../../configEditor/pure/resolve';
import { uncheckableReason, type LiveAnswer } from './drift';

/** The lookup key of the resource's Atlas object; undefined when the file does not tell it. */
export function driftKey(
  resource: IacResource,
  profileOf: (groupId: string) => string | undefined,
): PeerKey | undefined {
  if (uncheckableReason(resource) || !resource.projectId || !resource.atlasId) {
    return undefined;
  }
  const profile = profileOf(resource.projectId);
  return {
    ...(profile !== undefined ? { profile } : {}),
    groupId: resource.projectId,
    peerId: resource.atlasId,
    ...(resource.kind === 'container' ? { container: true as const } : {}),
  };
}

/**
 * What a lookup's resolution means for the check. `notLookedUp` is the reason given when there is
 * none (the budget, a back-off, an untrusted workspace).
 */
export function liveAnswerOf(
  resolution: Resolution | undefined,
  peerContainer: Container | undefined,
  notLookedUp: string,
): LiveAnswer {
  switch (resolution?.kind) {
    case 'peer':
      return { kind: 'found', object: resolution.peer, ...(peerContainer ? { container: peerContainer } : {}) };
    case 'container':
      return { kind: 'found', object: resolution.container };
    case 'notFound':
      return resolution.groupId ? { kind: 'missing' } : { kind: 'unknown', reason: notLookedUp };
    case 'noCredentials':
      return {
        kind: 'unknown',
        reason: resolution.rejected ? 'Atlas refused the credentials (401)' : 'no Atlas credentials are set',
      };
    case 'error':
      return { kind: 'unknown', reason: `Atlas answered: ${resolution.errorCode ?? resolution.message}` };
    default:
      // Nothing (not looked up), or an answer about something else than the object.
      return { kind: 'unknown', reason: notLookedUp };
  }
}
