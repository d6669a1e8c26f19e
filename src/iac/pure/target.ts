// What a Generate command's argument names: a tree node (peer or project) or a plain
// { profile, groupId, peerId? } reference, as the details view and hovers pass it. Pure: no vscode.

import type { Peer } from '../../atlas/models';
import { isAtlasId } from '../../atlas/validate';

/** What to generate for: a project, and one of its peers unless the whole project is wanted. */
export interface IacTarget {
  profile: string | undefined;
  groupId: string;
  peerId: string | undefined;
}

/**
 * A tree node (peer or project) or a plain reference; undefined for anything else. Ids must be
 * well-formed: a hover link or another extension can pass any text, and none of it may reach a URL.
 */
export function targetOf(arg: unknown): IacTarget | undefined {
  if (arg === null || typeof arg !== 'object') {
    return undefined;
  }
  const r = arg as Record<string, unknown>;
  const profile = typeof r.profile === 'string' ? r.profile : undefined;
  if (r.kind === 'peer' && typeof r.projectId === 'string') {
    const peer = r.peer as Peer | undefined;
    return peer?.id ? { profile, groupId: r.projectId, peerId: peer.id } : undefined;
  }
  if (r.kind === 'project' && typeof r.projectId === 'string') {
    return { profile, groupId: r.projectId, peerId: undefined };
  }
  if (isAtlasId(r.groupId)) {
    if (r.peerId === undefined) {
      return { profile, groupId: r.groupId, peerId: undefined };
    }
    return isAtlasId(r.peerId) ? { profile, groupId: r.groupId, peerId: r.peerId } : undefined;
  }
  return undefined;
}
