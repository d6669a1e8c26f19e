// Arguments of "Look Up Peering Connection" and the recent-lookups list. Pure (no `vscode`), so the
// checks run in plain Node tests: a malformed argument is refused before any request is made.

import { isAtlasId, ProviderName, validateAtlasId } from '../../atlas';
import { isValidProfileName } from '../../config/pure/settingsModel';

/** AWS VPC peering connection ids: `pcx-` and 8 (old) or 17 hex digits. */
const PCX = /^pcx-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

export type PeerSpec = { kind: 'id'; id: string } | { kind: 'pcx'; connectionId: string };

export interface LookupTarget {
  groupId: string;
  peer: PeerSpec;
  profile?: string;
}

export type ParsedLookupArgs =
  { kind: 'none' } | { kind: 'ok'; target: LookupTarget } | { kind: 'invalid'; message: string };

export type PeerInputCheck = { ok: true; peer: PeerSpec } | { ok: false; message: string };

/** What the peer id box accepts: a 24-hex Atlas id, or an AWS pcx-… id resolved through the project's AWS peers. */
export function checkPeerInput(value: unknown): PeerInputCheck {
  if (typeof value === 'string' && /^pcx-/i.test(value.trim())) {
    const pcx = value.trim();
    if (PCX.test(pcx)) {
      return { ok: true, peer: { kind: 'pcx', connectionId: pcx } };
    }
    if (PCX.test(pcx.toLowerCase())) {
      return { ok: false, message: `AWS peering connection IDs are lowercase: ${pcx.toLowerCase()}.` };
    }
    return {
      ok: false,
      message: 'An AWS peering connection ID is "pcx-" followed by 17 (or 8) hexadecimal characters.',
    };
  }
  const check = validateAtlasId(value, 'peer');
  return check.ok ? { ok: true, peer: { kind: 'id', id: check.id } } : { ok: false, message: check.message };
}

function record(x: unknown): Record<string, unknown> | undefined {
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
}

/**
 * Accepts `{ groupId, peerId, profile? }`, a peer node of the tree (`{ kind: 'peer', projectId, peer: { id }, profile }`)
 * or positional `(groupId, peerId, profile?)`. No arguments means "ask".
 */
export function parseLookupArgs(args: readonly unknown[]): ParsedLookupArgs {
  if (args.length === 0 || args[0] === undefined || args[0] === null) {
    return { kind: 'none' };
  }
  let groupId: unknown;
  let peerId: unknown;
  let profile: unknown;
  const first = record(args[0]);
  if (first) {
    if (first.kind === 'peer' && record(first.peer)) {
      groupId = first.projectId;
      peerId = record(first.peer)?.id;
    } else {
      groupId = first.groupId;
      peerId = first.peerId;
    }
    profile = first.profile;
  } else if (typeof args[0] === 'string') {
    [groupId, peerId, profile] = args;
  } else {
    return {
      kind: 'invalid',
      message: 'Look Up Peering Connection takes { groupId, peerId, profile? } or (groupId, peerId, profile?).',
    };
  }
  const group = validateAtlasId(groupId, 'project');
  if (!group.ok) {
    return { kind: 'invalid', message: group.message };
  }
  const peer = checkPeerInput(peerId);
  if (!peer.ok) {
    return { kind: 'invalid', message: peer.message };
  }
  if (profile !== undefined && profile !== null && (typeof profile !== 'string' || !isValidProfileName(profile))) {
    return {
      kind: 'invalid',
      message:
        'The profile argument must be a profile name (letters, digits, ".", "_" or "-", starting with a letter or digit).',
    };
  }
  const target: LookupTarget = { groupId: group.id, peer: peer.peer };
  if (typeof profile === 'string') {
    target.profile = profile;
  }
  return { kind: 'ok', target };
}

// ---------------------------------------------------------------------------------------------
// Recent lookups (globalState): ids, labels and the provider only, never anything secret.

export interface RecentLookup {
  profile: string;
  groupId: string;
  peerId: string;
  /** The connection's name (VPC id, VNet or network name). */
  label: string;
  projectName?: string;
  provider?: ProviderName;
  at: number;
}

export const RECENT_LOOKUPS_KEY = 'atlasPeering.recentLookups';
export const MAX_RECENT_LOOKUPS = 10;

function cleanText(x: unknown, max: number): string | undefined {
  if (typeof x !== 'string') {
    return undefined;
  }
  const t = x.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ').trim();
  return t ? (t.length > max ? `${t.slice(0, max - 1)}…` : t) : undefined;
}

/** The stored list, with anything malformed dropped (globalState may hold an older or edited shape). */
export function readRecentLookups(value: unknown): RecentLookup[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const out: RecentLookup[] = [];
  for (const item of value) {
    const r = record(item);
    if (
      !r ||
      typeof r.profile !== 'string' ||
      !isValidProfileName(r.profile) ||
      !isAtlasId(r.groupId) ||
      !isAtlasId(r.peerId)
    ) {
      continue;
    }
    const entry: RecentLookup = {
      profile: r.profile,
      groupId: r.groupId,
      peerId: r.peerId,
      label: cleanText(r.label, 120) ?? r.peerId,
      at: typeof r.at === 'number' && Number.isFinite(r.at) ? r.at : 0,
    };
    const projectName = cleanText(r.projectName, 120);
    if (projectName) {
      entry.projectName = projectName;
    }
    if (r.provider === 'AWS' || r.provider === 'AZURE' || r.provider === 'GCP') {
      entry.provider = r.provider;
    }
    if (!out.some((o) => sameLookup(o, entry))) {
      out.push(entry);
    }
  }
  return out.slice(0, MAX_RECENT_LOOKUPS);
}

function sameLookup(a: RecentLookup, b: RecentLookup): boolean {
  return a.profile === b.profile && a.groupId === b.groupId && a.peerId === b.peerId;
}

/** Puts `entry` first, drops its older copy and keeps at most MAX_RECENT_LOOKUPS. */
export function addRecentLookup(list: readonly RecentLookup[], entry: RecentLookup): RecentLookup[] {
  const clean = readRecentLookups([entry])[0];
  if (!clean) {
    return [...list];
  }
  return [clean, ...list.filter((o) => !sameLookup(o, clean))].slice(0, MAX_RECENT_LOOKUPS);
}
