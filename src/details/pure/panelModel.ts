// The details panel's pure helpers: the raw JSON it shows, the signature that decides a re-render,
// and the error model of a failed load. Pure: no `vscode` import.

import { AtlasApiError, formatAtlasError } from '../../atlas';
import type { DetailsErrorModel, DetailsModel } from './renderDetails';

export function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return '';
  }
}

/** What the page shows, as one string: the watch loop re-renders only when it changes. */
export function modelSignature(model: DetailsModel): string {
  return safeJson({
    raw: model.peer.raw,
    container: model.container?.raw,
    containerError: model.containerError,
    project: model.project,
    watching: model.watching,
    atlasUrl: model.atlasUrl,
    profile: model.profileName,
    // Durations grow on every tick: only the statuses seen decide a re-render.
    plan: model.plan && {
      copies: model.plan.copies,
      timeline: model.plan.timeline.map((r) => r.status),
      outcome: model.plan.outcome.kind,
    },
  });
}

/** The error view of a failed load: Atlas's message, the fix it offers, and the HTTP details. */
export function errorModel(e: unknown, peerId: string): DetailsErrorModel {
  const { message, action } = formatAtlasError(e);
  const model: DetailsErrorModel = { message, subject: peerId, actions: action ? [action] : [] };
  if (e instanceof AtlasApiError) {
    model.httpStatus = e.status;
    if (e.errorCode) {
      model.errorCode = e.errorCode;
    }
  }
  return model;
}
