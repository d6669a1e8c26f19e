// How every feature names one peering connection: a tree node's, a palette lookup's, a hover
// link's, a restored details panel's. Pure: no `vscode` import.

import { isAtlasId } from '../../atlas/validate';
import { isValidProfileName } from './settingsModel';

export interface PeerRef {
  /** The credentials profile to read it with; the project's (or the default) profile when omitted. */
  profile?: string;
  groupId: string;
  peerId: string;
}

/** A PeerRef whose profile is settled (details panels are keyed by all three). */
export interface ResolvedPeerRef extends PeerRef {
  profile: string;
}

/**
 * Checks a PeerRef that came from outside the extension's own code (a command argument, a
 * webview's saved state): both ids well-formed, and a profile, when given, that follows the
 * profile-name rule. Anything else is undefined, and nothing is sent for it.
 */
export function parsePeerRef(value: unknown): PeerRef | undefined {
  if (value === null || typeof value !== 'object') {
    return undefined;
  }
  const { groupId, peerId, profile } = value as Record<string, unknown>;
  if (!isAtlasId(groupId) || !isAtlasId(peerId)) {
    return undefined;
  }
  if (profile === undefined || profile === '') {
    return { groupId, peerId };
  }
  return typeof profile === 'string' && isValidProfileName(profile) ? { groupId, peerId, profile } : undefined;
}
