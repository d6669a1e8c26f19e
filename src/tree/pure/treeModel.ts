// The tree's data model, free of `vscode`: node shapes, stable ids, grouping, summaries, labels and
// the pure decisions (what to show when empty, which changes to announce). The provider
// (peeringTreeProvider.ts) turns these nodes into TreeItems.

import {
  Peer,
  Project,
  PROVIDERS,
  PROVIDER_LABELS,
  ProviderName,
  StatusCategory,
  STATUS_CATEGORY_LABELS,
  isTransitional,
  peerLabel,
  worstCategory,
} from '../../atlas/models';
import type { ErrorAction } from '../../atlas/errors';
import type { ProjectConfig } from '../../config/pure/settingsModel';
import type { CredentialSource } from '../../credentials/pure/types';

/** Every contextValue the tree sets; package.json menus use only these (manifest test). */
export const CONTEXT_VALUES = [
  'profile',
  'org',
  'project',
  'provider',
  'peer',
  'peerAwsConnection',
  'error',
  'errorAuth',
  'empty',
  'loading',
  'info',
] as const;
export type ContextValue = (typeof CONTEXT_VALUES)[number];

export interface ProfileNode {
  kind: 'profile';
  id: string;
  profile: string;
  baseUrl: string | undefined;
  source: CredentialSource | undefined;
  /** Names of the environment variables, when source is 'environment'. */
  envVariables: string[];
  problem?: string;
}

/** An Atlas organization: a level of its own only when a profile's projects span more than one. */
export interface OrgNode {
  kind: 'org';
  id: string;
  profile: string;
  orgId: string;
  name: string;
}

export interface ProjectNode {
  kind: 'project';
  id: string;
  profile: string;
  projectId: string;
  name: string;
  /** From atlasPeering.projects (vs only discovered). */
  configured: boolean;
  /** Configured peer filter; undefined = show all. */
  peers?: string[];
  orgId?: string | null;
  /** The organization node it hangs under, when the profile's projects are grouped. */
  orgNodeId?: string;
}

export interface ProviderNode {
  kind: 'provider';
  id: string;
  profile: string;
  projectId: string;
  provider: ProviderName;
  count: number;
  worst: StatusCategory | undefined;
}

export interface PeerNode {
  kind: 'peer';
  id: string;
  profile: string;
  projectId: string;
  provider: ProviderName;
  peer: Peer;
}

export type MessageKind = 'error' | 'empty' | 'loading' | 'info';

export interface MessageNode {
  kind: 'message';
  id: string;
  message: MessageKind;
  label: string;
  detail?: string;
  action?: ErrorAction;
  /** The node whose children this message stands for (retry refreshes it). */
  parentId?: string;
  profile?: string;
  projectId?: string;
}

export type TreeNode = ProfileNode | OrgNode | ProjectNode | ProviderNode | PeerNode | MessageNode;

// ---------------------------------------------------------------------------------------------
// Ids: built from Atlas ids, so expansion state and reveal() survive refreshes.

export const profileNodeId = (profile: string): string => profile;
export const orgNodeId = (profile: string, orgId: string): string => `${profile}/org:${orgId}`;
export const projectNodeId = (profile: string, projectId: string): string => `${profile}/${projectId}`;
export const providerNodeId = (profile: string, projectId: string, provider: ProviderName): string =>
  `${profile}/${projectId}/${provider}`;
export const peerNodeId = (profile: string, projectId: string, provider: ProviderName, peerId: string): string =>
  `${profile}/${projectId}/${provider}/${peerId}`;
export const messageNodeId = (parentId: string | undefined, what: MessageKind, suffix = ''): string =>
  `${parentId ?? ''}#${what}${suffix ? `-${suffix}` : ''}`;

export function contextValueOf(node: TreeNode): ContextValue {
  switch (node.kind) {
    case 'profile':
    case 'org':
    case 'project':
    case 'provider':
      return node.kind;
    case 'peer':
      return node.peer.providerName === 'AWS' && node.peer.connectionId ? 'peerAwsConnection' : 'peer';
    case 'message':
      return node.message === 'error' ? (node.action === 'setCredentials' ? 'errorAuth' : 'error') : node.message;
  }
}

/** The id of the node a node hangs under, for TreeDataProvider.getParent. */
export function parentIdOf(node: TreeNode, profileLevel: boolean): string | undefined {
  switch (node.kind) {
    case 'profile':
      return undefined;
    case 'org':
      return profileLevel ? profileNodeId(node.profile) : undefined;
    case 'project':
      return node.orgNodeId ?? (profileLevel ? profileNodeId(node.profile) : undefined);
    case 'provider':
      return projectNodeId(node.profile, node.projectId);
    case 'peer':
      return providerNodeId(node.profile, node.projectId, node.provider);
    case 'message':
      return node.parentId;
  }
}

// ---------------------------------------------------------------------------------------------
// Projects

export interface ProfileProjects {
  profile: string;
  isDefault: boolean;
  /** Undefined when discovery is off or failed. */
  discovered?: readonly Project[];
}

/**
 * Configured projects of this profile (a project without a profile belongs to the default one),
 * then discovered ones not already listed; sorted by name within each group.
 */
export function mergeProjects(configured: readonly ProjectConfig[], source: ProfileProjects): ProjectNode[] {
  const byId = new Map<string, ProjectNode>();
  const discoveredById = new Map((source.discovered ?? []).map((p) => [p.id, p]));
  for (const c of configured) {
    const belongs = c.profile ? c.profile === source.profile : source.isDefault;
    if (!belongs || byId.has(c.id)) {
      continue;
    }
    const found = discoveredById.get(c.id);
    const node: ProjectNode = {
      kind: 'project',
      id: projectNodeId(source.profile, c.id),
      profile: source.profile,
      projectId: c.id,
      name: c.name ?? found?.name ?? c.id,
      configured: true,
      orgId: found?.orgId ?? null,
    };
    if (c.peers) {
      node.peers = [...c.peers];
    }
    byId.set(c.id, node);
  }
  const configuredNodes = [...byId.values()];
  const discoveredNodes: ProjectNode[] = [];
  for (const p of source.discovered ?? []) {
    if (!p.id || byId.has(p.id)) {
      continue;
    }
    const node: ProjectNode = {
      kind: 'project',
      id: projectNodeId(source.profile, p.id),
      profile: source.profile,
      projectId: p.id,
      name: p.name || p.id,
      configured: false,
      orgId: p.orgId,
    };
    byId.set(p.id, node);
    discoveredNodes.push(node);
  }
  const byName = (a: ProjectNode, b: ProjectNode): number =>
    a.name.localeCompare(b.name) || a.projectId.localeCompare(b.projectId);
  return [...configuredNodes.sort(byName), ...discoveredNodes.sort(byName)];
}

/** The organizations a profile's projects belong to, by id (projects not discovered have none). */
export function organizationsOf(projects: readonly ProjectNode[]): Set<string> {
  return new Set(projects.flatMap((p) => (p.orgId ? [p.orgId] : [])));
}

export interface OrganizationLevel {
  /** What the profile shows: projects without an organization, then one node per organization. */
  top: (ProjectNode | OrgNode)[];
  orgChildren: Map<string, ProjectNode[]>;
}

/**
 * Projects under their organization when they span more than one (names from GET /orgs, the id
 * when unknown), sorted by name; otherwise the projects as they are, with no organization level.
 */
export function groupByOrganization(
  profile: string,
  projects: readonly ProjectNode[],
  orgNames: ReadonlyMap<string, string>,
): OrganizationLevel {
  const orgChildren = new Map<string, ProjectNode[]>();
  if (organizationsOf(projects).size <= 1) {
    return { top: [...projects], orgChildren };
  }
  const orgs = new Map<string, OrgNode>();
  const ungrouped: ProjectNode[] = [];
  for (const p of projects) {
    if (!p.orgId) {
      ungrouped.push(p);
      continue;
    }
    const id = orgNodeId(profile, p.orgId);
    if (!orgs.has(id)) {
      orgs.set(id, { kind: 'org', id, profile, orgId: p.orgId, name: orgNames.get(p.orgId) || p.orgId });
      orgChildren.set(id, []);
    }
    orgChildren.get(id)?.push({ ...p, orgNodeId: id });
  }
  const byName = (a: OrgNode, b: OrgNode): number => a.name.localeCompare(b.name) || a.orgId.localeCompare(b.orgId);
  return { top: [...ungrouped, ...[...orgs.values()].sort(byName)], orgChildren };
}

/** An organization's line: its projects and how many connections need the user. */
export function orgDescription(projects: number, counts: EstateCounts): string {
  const parts = [`${projects} project${projects === 1 ? '' : 's'}`];
  if (counts.needsAction > 0) {
    parts.push(`${counts.needsAction} need${counts.needsAction === 1 ? 's' : ''} you`);
  }
  if (counts.failed > 0) {
    parts.push(`${counts.failed} failed`);
  }
  return parts.join(' · ');
}

// ---------------------------------------------------------------------------------------------
// Peers

/** Peers kept by a configured filter: by Atlas id, AWS connection id, or the label (case-insensitive). */
export function filterPeers(peers: readonly Peer[], filter: readonly string[] | undefined): Peer[] {
  if (!filter) {
    return [...peers];
  }
  const wanted = new Set(filter.map((f) => f.trim().toLowerCase()));
  return peers.filter((p) => {
    const keys = [p.id, peerLabel(p), p.providerName === 'AWS' ? p.connectionId : null];
    return keys.some((k) => k && wanted.has(k.toLowerCase()));
  });
}

export interface PeerSummary {
  count: number;
  worst: StatusCategory | undefined;
  transitional: number;
  /** Connections that wait for the user (accept, reciprocal peering). */
  needsAction: number;
  failed: number;
}

export function summarize(peers: readonly Peer[]): PeerSummary {
  return {
    count: peers.length,
    worst: worstCategory(peers.map((p) => p.category)),
    transitional: peers.filter((p) => isTransitional(p.category)).length,
    needsAction: peers.filter((p) => p.category === 'needsAction').length,
    failed: peers.filter((p) => p.category === 'failed').length,
  };
}

/** A connection the "needs attention" filter and the status bar count: it waits for the user or failed. */
export function needsAttention(peer: Peer): boolean {
  return peer.category === 'needsAction' || peer.category === 'failed';
}

export interface EstateCounts {
  needsAction: number;
  failed: number;
}

export function estateCounts(summaries: Iterable<PeerSummary>): EstateCounts {
  let needsAction = 0;
  let failed = 0;
  for (const s of summaries) {
    needsAction += s.needsAction;
    failed += s.failed;
  }
  return { needsAction, failed };
}

/** The status bar's text, e.g. "Atlas: 2 need you · 1 failed"; undefined when there is nothing to say. */
export function estateStatusText(counts: EstateCounts): string | undefined {
  const parts: string[] = [];
  if (counts.needsAction > 0) {
    parts.push(`${counts.needsAction} need${counts.needsAction === 1 ? 's' : ''} you`);
  }
  if (counts.failed > 0) {
    parts.push(`${counts.failed} failed`);
  }
  return parts.length === 0 ? undefined : `Atlas: ${parts.join(' · ')}`;
}

/**
 * Whether a typed id names this connection: its Atlas id, AWS VPC or pcx- id, Azure VNet name or
 * GCP network name, whole and case-insensitive (a fragment would reveal a wrong connection).
 */
export function peerMatchesId(peer: Peer, typed: string): boolean {
  const wanted = typed.trim().toLowerCase();
  if (wanted === '') {
    return false;
  }
  const keys: (string | null | undefined)[] = [peer.id];
  switch (peer.providerName) {
    case 'AWS':
      keys.push(peer.vpcId, peer.connectionId);
      break;
    case 'AZURE':
      keys.push(peer.vnetName);
      break;
    case 'GCP':
      keys.push(peer.networkName);
      break;
  }
  return keys.some((k) => typeof k === 'string' && k.toLowerCase() === wanted);
}

/** Provider groups (only providers with connections, in AWS, Azure, GCP order). */
export function providerNodes(project: ProjectNode, peers: readonly Peer[]): ProviderNode[] {
  const out: ProviderNode[] = [];
  for (const provider of PROVIDERS) {
    const mine = peers.filter((p) => p.providerName === provider);
    if (mine.length === 0) {
      continue;
    }
    out.push({
      kind: 'provider',
      id: providerNodeId(project.profile, project.projectId, provider),
      profile: project.profile,
      projectId: project.projectId,
      provider,
      count: mine.length,
      worst: worstCategory(mine.map((p) => p.category)),
    });
  }
  return out;
}

export function peerNodes(provider: ProviderNode, peers: readonly Peer[]): PeerNode[] {
  return peers
    .filter((p) => p.providerName === provider.provider)
    .map((peer, index) => ({
      kind: 'peer' as const,
      // A peer without an id (a malformed answer) still needs a unique, stable-enough id.
      id: peerNodeId(provider.profile, provider.projectId, provider.provider, peer.id || `#${index}`),
      profile: provider.profile,
      projectId: provider.projectId,
      provider: provider.provider,
      peer,
    }))
    .sort((a, b) => peerLabel(a.peer).localeCompare(peerLabel(b.peer)) || a.id.localeCompare(b.id));
}

/** The message shown instead of provider groups when a project has nothing to show. */
export function emptyProjectMessage(project: ProjectNode, totalPeers: number): MessageNode {
  const label =
    totalPeers > 0 && project.peers
      ? `None of the ${project.peers.length} configured peer${project.peers.length === 1 ? '' : 's'} found among ${totalPeers} connection${totalPeers === 1 ? '' : 's'}`
      : 'No peering connections in this project for AWS, Azure or GCP';
  return {
    kind: 'message',
    id: messageNodeId(project.id, 'empty'),
    message: 'empty',
    label,
    parentId: project.id,
    profile: project.profile,
    projectId: project.projectId,
  };
}

/** A project's line: its count and worst state, readable without expanding it. */
export function projectDescription(summary: PeerSummary | undefined, filtered: boolean, asOf?: string): string {
  if (!summary) {
    return asOf ?? '';
  }
  const tail = asOf ? ` · ${asOf}` : '';
  if (summary.count === 0) {
    return `${filtered ? 'no matching peering' : 'no peering'}${tail}`;
  }
  const n = `${summary.count} connection${summary.count === 1 ? '' : 's'}`;
  const worst =
    summary.worst === 'ready'
      ? 'all available'
      : summary.worst
        ? STATUS_CATEGORY_LABELS[summary.worst].toLowerCase()
        : '';
  return `${n}${filtered ? ' (filtered)' : ''}${worst ? ` · ${worst}` : ''}${tail}`;
}

export function providerLabel(provider: ProviderName): string {
  return PROVIDER_LABELS[provider];
}

/** The status in the description, e.g. "PENDING_ACCEPTANCE" or "FAILED: REJECTED". */
export function peerDescription(peer: Peer): string {
  const status = peer.status ?? 'unknown status';
  return peer.errorText && peer.category === 'failed' ? `${status}: ${oneLine(peer.errorText, 60)}` : status;
}

/** Key fields for the tooltip, in display order; values are raw Atlas text (escape when rendering). */
export function peerFields(peer: Peer): [string, string][] {
  const rows: [string, string | null | undefined][] = [
    ['Status', peer.status],
    ['Atlas ID', peer.id],
    ['Container', peer.containerId],
  ];
  switch (peer.providerName) {
    case 'AWS':
      rows.push(
        ['VPC', peer.vpcId],
        ['AWS account', peer.awsAccountId],
        ['Region', peer.accepterRegionName],
        ['Route table CIDR', peer.routeTableCidrBlock],
        ['Connection ID', peer.connectionId],
      );
      break;
    case 'AZURE':
      rows.push(
        ['VNet', peer.vnetName],
        ['Resource group', peer.resourceGroupName],
        ['Subscription', peer.azureSubscriptionId],
        ['Directory', peer.azureDirectoryId],
      );
      break;
    case 'GCP':
      rows.push(['Network', peer.networkName], ['GCP project', peer.gcpProjectId]);
      break;
  }
  if (peer.errorText) {
    rows.push(['Error', peer.errorText]);
  }
  return rows.filter((r): r is [string, string] => typeof r[1] === 'string' && r[1] !== '');
}

// ---------------------------------------------------------------------------------------------
// Status look

export interface StatusLook {
  /** Codicon id. */
  icon: string;
  /** Theme color id. */
  color: string | undefined;
}

export const STATUS_LOOK: Record<StatusCategory, StatusLook> = {
  ready: { icon: 'pass-filled', color: 'testing.iconPassed' },
  inProgress: { icon: 'sync~spin', color: 'charts.blue' },
  needsAction: { icon: 'warning', color: 'list.warningForeground' },
  failed: { icon: 'error', color: 'list.errorForeground' },
  deleting: { icon: 'trash', color: 'disabledForeground' },
  unknown: { icon: 'question', color: undefined },
};

// ---------------------------------------------------------------------------------------------
// Changes between two loads, announced once.

export interface StatusChange {
  peer: Peer;
  from: string | null;
  to: string | null;
}

/** Peers that were in a transitional state before and now have another status. */
export function transitionalChanges(before: readonly Peer[], after: readonly Peer[]): StatusChange[] {
  const old = new Map(before.filter((p) => p.id).map((p) => [p.id, p]));
  const out: StatusChange[] = [];
  for (const p of after) {
    const prev = old.get(p.id);
    if (prev && isTransitional(prev.category) && prev.status !== p.status) {
      out.push({ peer: p, from: prev.status, to: p.status });
    }
  }
  return out;
}

export function changeAnnouncement(change: StatusChange): string {
  return `${peerLabel(change.peer)} is now ${change.to ?? 'in an unknown state'}${change.peer.errorText && change.peer.category === 'failed' ? ` (${oneLine(change.peer.errorText, 120)})` : ''}`;
}

function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
