// Between a resolution of a reference and the background-lookup guard's answers: the guard
// remembers HTTP statuses, the diagnostics are made from resolutions. Pure: no `vscode` import.

import type { LookupAnswer, PeerKey, Remembered } from '../../configEditor/pure/backgroundLookups';
import type { Resolution } from '../../configEditor/pure/resolve';

/** What the background-lookup guard needs to know of a resolution: its HTTP status. */
export function answerOf(r: Resolution | undefined): LookupAnswer<Resolution | undefined> {
  if (r?.kind === 'notFound' && r.groupId) {
    return { value: r, status: 404, errorCode: r.errorCode };
  }
  if (r?.kind === 'noCredentials' && r.rejected) {
    return { value: r, status: 401, message: r.message };
  }
  if (r?.kind === 'error') {
    return { value: r, status: r.status, errorCode: r.errorCode, message: r.message, retryAfterMs: r.retryAfterMs };
  }
  return { value: r };
}

/** A looked-up or remembered answer as the resolution the diagnostic is made from. */
export function resolutionOf(
  answer: LookupAnswer<Resolution | undefined> | Remembered,
  key: PeerKey,
): Resolution | undefined {
  if (!('until' in answer)) {
    return answer.value;
  }
  switch (answer.status) {
    case 404:
      return {
        kind: 'notFound',
        what: key.container ? 'container' : 'peer',
        id: key.peerId,
        groupId: key.groupId,
        errorCode: answer.errorCode,
        profile: key.profile,
      };
    case 401:
      return { kind: 'noCredentials', rejected: true, message: answer.message };
    default:
      return {
        kind: 'error',
        message: answer.message ?? `HTTP ${answer.status}`,
        errorCode: answer.errorCode,
        status: answer.status,
      };
  }
}
