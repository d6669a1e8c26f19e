// Markdown for hovers over Atlas ids in config files. Pure: returns strings; the VS Code glue
// (hoverProvider.ts) wraps them in a MarkdownString with supportThemeIcons = true and
// isTrusted = { enabledCommands: <the commands that hover links to> }, a subset of
// HOVER_ENABLED_COMMANDS (never `true`: see microsoft/vscode#33577).
//
// Every value that comes from Atlas or from the file goes through `md()` or `code()`: a connection
// name or an error text is attacker-controllable (anyone with write access to the project, or the
// file's author), and a trusted MarkdownString would otherwise run `[x](command:…)` links in it.

import {
  atlasRegionToAws,
  containerRegion,
  PROVIDER_LABELS,
  STATUS_CATEGORY_LABELS,
  statusCategory,
  worstCategory,
  type Container,
  type Peer,
  type Project,
  type StatusCategory,
} from '../../atlas/models';
import { isAtlasId, validateAtlasId, type AtlasIdKind } from '../../atlas/validate';
import { Commands } from '../../config/pure/commands';
import type { PeerRef } from '../../config/pure/peerRef';
import { isValidProfileName } from '../../config/pure/settingsModel';
import type { FoundReference } from '../../configFiles';
import { formatAge } from '../../util/age';
import { code, md } from '../../util/markdown';

/** The only commands hover links may run. */
export const HOVER_COMMANDS = {
  showDetails: Commands.showDetails,
  refreshPeer: Commands.refreshPeer,
  setCredentials: Commands.setCredentials,
  generateTerraform: Commands.generateTerraform,
  generateKubernetes: Commands.generateKubernetes,
} as const;

/** For `MarkdownString.isTrusted = { enabledCommands: HOVER_ENABLED_COMMANDS }`. */
export const HOVER_ENABLED_COMMANDS: readonly string[] = Object.values(HOVER_COMMANDS);

export type HoverCommandIds = { [K in keyof typeof HOVER_COMMANDS]: string };

/**
 * Arguments for the peer links (`command:id?[args]`, a PeerRef as the details view and the tree
 * use it), or undefined unless both ids are well-formed. A profile that breaks the profile-name
 * rule is left out.
 */
export function peerCommandArgs(
  groupId: string | undefined,
  peerId: string | undefined,
  profile?: string,
): PeerRef | undefined {
  if (!isAtlasId(groupId) || !isAtlasId(peerId)) {
    return undefined;
  }
  return typeof profile === 'string' && isValidProfileName(profile)
    ? { groupId, peerId, profile }
    : { groupId, peerId };
}

export const STATUS_CODICONS: Record<StatusCategory, string> = {
  ready: '$(pass)',
  inProgress: '$(sync)',
  needsAction: '$(warning)',
  failed: '$(error)',
  deleting: '$(trash)',
  unknown: '$(question)',
};

/** Structurally compatible with src/details/nextStep.ts `NextStep`. */
export interface HoverNextStep {
  title: string;
  text: string;
  /** A shell command to copy, shown in a code block. */
  command?: string;
  notes?: readonly string[];
}

export interface PeerHoverInput {
  peer: Peer;
  /** The peer's project (Peer objects do not carry it); passed to the command links. */
  projectId?: string;
  /** The credentials profile it was read with, passed to the command links. */
  profile?: string;
  container?: Container;
  projectName?: string;
  fetchedAt: number | Date;
  now: number | Date;
  nextStep?: HoverNextStep;
  /** The plan's one line (details/pure/planView.ts peerSummaryLine); Atlas values in it are escaped. */
  nextStepLine?: string | null;
  commands?: Partial<HoverCommandIds>;
}

export interface ProjectHoverInput {
  project: Project;
  peers?: readonly Peer[];
  fetchedAt?: number | Date;
  now?: number | Date;
}

export interface ContainerHoverInput {
  container: Container;
  projectName?: string;
  fetchedAt?: number | Date;
  now?: number | Date;
}

export type HoverProblem =
  | { kind: 'malformedId'; id: string; what: AtlasIdKind; note?: string }
  | { kind: 'notFound'; id: string; what: AtlasIdKind; projectId?: string; errorCode?: string; profile?: string }
  /** `rejected`: Atlas's message when it refused the credentials that are set. */
  | { kind: 'noCredentials'; rejected?: string }
  | { kind: 'error'; message: string; errorCode?: string }
  | { kind: 'note'; message: string };

// ---------------------------------------------------------------------------------------------
// Escaping

const MAX_ERROR_LENGTH = 1000;

function commandUri(commandId: string, args?: unknown[]): string {
  if (!args) {
    return `command:${commandId}`;
  }
  // encodeURIComponent leaves ( ) ' ! * alone; ( and ) would end the Markdown link early.
  const query = encodeURIComponent(JSON.stringify(args)).replace(
    /[()'!*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${commandId}?${query}`;
}

function commandLink(label: string, commandId: string, args?: unknown[]): string {
  return `[${label}](${commandUri(commandId, args)})`;
}

// ---------------------------------------------------------------------------------------------
// Peer

type Row = [label: string, value: string | null | undefined];

function rows(list: Row[]): string {
  return list
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([label, v]) => `**${label}:** ${v}`)
    .join('  \n');
}

function opt(value: string | null | undefined, render: (v: string) => string = code): string | undefined {
  return value === null || value === undefined || value === '' ? undefined : render(value);
}

function statusText(status: string | null, category: StatusCategory): string {
  const label = STATUS_CATEGORY_LABELS[category];
  return status ? `${label} (${code(status, 60)})` : label;
}

function providerRows(peer: Peer, container?: Container): Row[] {
  const cidr = container ? opt(container.atlasCidrBlock) : undefined;
  switch (peer.providerName) {
    case 'AWS': {
      let region = opt(peer.accepterRegionName);
      if (!region && container?.providerName === 'AWS') {
        const same = atlasRegionToAws(container.regionName);
        region = same ? `${code(same)} (same region as the Atlas VPC)` : undefined;
      }
      return [
        ['Your VPC', opt(peer.vpcId)],
        ['AWS account', opt(peer.awsAccountId)],
        ['Region', region],
        ['Route table CIDR', opt(peer.routeTableCidrBlock)],
        ['AWS peering connection', opt(peer.connectionId)],
        ['Atlas CIDR', cidr],
        ['Atlas VPC', container?.providerName === 'AWS' ? opt(container.vpcId) : undefined],
      ];
    }
    case 'AZURE':
      return [
        ['Your VNet', opt(peer.vnetName)],
        ['Resource group', opt(peer.resourceGroupName)],
        ['Subscription', opt(peer.azureSubscriptionId)],
        ['Directory (tenant)', opt(peer.azureDirectoryId)],
        ['Atlas CIDR', cidr],
      ];
    case 'GCP':
      return [
        ['Your GCP project', opt(peer.gcpProjectId)],
        ['Your VPC network', opt(peer.networkName)],
        ['Atlas GCP project', container?.providerName === 'GCP' ? opt(container.gcpProjectId) : undefined],
        ['Atlas VPC network', container?.providerName === 'GCP' ? opt(container.networkName) : undefined],
        ['Atlas CIDR', cidr],
      ];
  }
}

function codeBlock(text: string): string {
  const body = cleanCommand(text).replace(
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069]/g,
    '',
  );
  // A fence longer than any backtick run inside cannot be closed by the content.
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}sh\n${body}\n${fence}`;
}

function cleanCommand(text: string): string {
  const s = typeof text === 'string' ? text.replace(/\r\n?/g, '\n') : '';
  return s.length > 4000 ? `${s.slice(0, 3999)}…` : s;
}

export function renderPeerHover(input: PeerHoverInput): string {
  const { peer, container } = input;
  const commands = { ...HOVER_COMMANDS, ...input.commands };
  const category = peer.category ?? statusCategory(peer.status);
  const provider = PROVIDER_LABELS[peer.providerName] ?? md(peer.providerName);
  const parts: string[] = [];
  parts.push(`${STATUS_CODICONS[category]} **${provider} peering connection** · ${statusText(peer.status, category)}`);

  const project = input.projectName
    ? `${md(input.projectName)}${input.projectId ? ` (${code(input.projectId)})` : ''}`
    : opt(input.projectId);
  const containerText = peer.containerId
    ? [code(peer.containerId), container ? opt(containerRegion(container)) : undefined].filter(Boolean).join(' · ')
    : undefined;
  parts.push(
    rows([
      ['Project', project],
      ['Peering ID', opt(peer.id)],
      ['Container', containerText],
      ...providerRows(peer, container),
    ]),
  );

  if (peer.errorText) {
    parts.push(`$(error) **Error:** ${md(peer.errorText, MAX_ERROR_LENGTH)}`);
  }
  if (input.nextStepLine) {
    parts.push(`$(arrow-right) ${md(input.nextStepLine, MAX_ERROR_LENGTH)}`);
  }
  if (input.nextStep) {
    const step = input.nextStep;
    const lines = [`**Next step — ${md(step.title)}:** ${md(step.text, MAX_ERROR_LENGTH)}`];
    for (const note of step.notes ?? []) {
      lines.push(md(note, MAX_ERROR_LENGTH));
    }
    parts.push(lines.join('  \n'));
    if (step.command) {
      parts.push(codeBlock(step.command));
    }
  }

  // Only well-formed ids go into command arguments: the commands can trust them, and a hostile
  // 100 KB "id" cannot bloat the links. Without the project the commands cannot address the peer.
  const args = peerCommandArgs(input.projectId, peer.id, input.profile);
  const links: string[] = [];
  if (args) {
    links.push(commandLink('Open Details', commands.showDetails, [args]));
    links.push(commandLink('Refresh', commands.refreshPeer, [args]));
    links.push(commandLink('Generate Terraform', commands.generateTerraform, [args]));
    links.push(commandLink('Generate Kubernetes manifest', commands.generateKubernetes, [args]));
  }
  links.push(`fetched ${formatAge(input.fetchedAt, input.now)}`);
  parts.push(`---\n\n${links.join(' · ')}`);
  return parts.filter((p) => p !== '').join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Project and container

function categoryCounts(peers: readonly Peer[]): string {
  const order: StatusCategory[] = ['failed', 'needsAction', 'inProgress', 'deleting', 'unknown', 'ready'];
  const counts = new Map<StatusCategory, number>();
  for (const p of peers) {
    const c = p.category ?? statusCategory(p.status);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return order
    .filter((c) => counts.has(c))
    .map((c) => `${STATUS_CODICONS[c]} ${counts.get(c)} ${STATUS_CATEGORY_LABELS[c].toLowerCase()}`)
    .join(' · ');
}

export function renderProjectHover(input: ProjectHoverInput): string {
  const { project, peers } = input;
  const worst = peers ? worstCategory(peers.map((p) => p.category ?? statusCategory(p.status))) : undefined;
  const icon = worst ? STATUS_CODICONS[worst] : '$(project)';
  const parts = [`${icon} **Atlas project** ${md(project.name || project.id)}`];
  let connections: string | undefined;
  if (peers) {
    connections = peers.length === 0 ? 'none' : `${peers.length} — ${categoryCounts(peers)}`;
  }
  parts.push(
    rows([
      ['Project ID', opt(project.id)],
      ['Organization', opt(project.orgId)],
      [
        'Clusters',
        project.clusterCount === null || project.clusterCount === undefined ? undefined : String(project.clusterCount),
      ],
      ['Peering connections', connections],
    ]),
  );
  if (input.fetchedAt !== undefined && input.now !== undefined) {
    parts.push(`---\n\nfetched ${formatAge(input.fetchedAt, input.now)}`);
  }
  return parts.filter((p) => p !== '').join('\n\n');
}

export function renderContainerHover(input: ContainerHoverInput): string {
  const { container } = input;
  const provider = PROVIDER_LABELS[container.providerName] ?? md(container.providerName);
  const provisioned =
    container.provisioned === null || container.provisioned === undefined
      ? undefined
      : container.provisioned
        ? 'yes'
        : 'no (no cluster uses it yet)';
  const specific: Row[] =
    container.providerName === 'AWS'
      ? [['Atlas VPC', opt(container.vpcId)]]
      : container.providerName === 'AZURE'
        ? [
            ['Atlas VNet', opt(container.vnetName)],
            ['Atlas subscription', opt(container.azureSubscriptionId)],
          ]
        : [
            ['Atlas GCP project', opt(container.gcpProjectId)],
            ['Atlas VPC network', opt(container.networkName)],
          ];
  const parts = [
    `$(cloud) **${provider} network container**${input.projectName ? ` in ${md(input.projectName)}` : ''}`,
    rows([
      ['Container ID', opt(container.id)],
      ['Atlas CIDR', opt(container.atlasCidrBlock)],
      ['Region', opt(containerRegion(container))],
      ['Provisioned', provisioned],
      ...specific,
    ]),
  ];
  if (input.fetchedAt !== undefined && input.now !== undefined) {
    parts.push(`---\n\nfetched ${formatAge(input.fetchedAt, input.now)}`);
  }
  return parts.filter((p) => p !== '').join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Problems

const WHAT_LABEL: Record<AtlasIdKind, string> = {
  peer: 'peering connection ID',
  container: 'network container ID',
  project: 'project ID',
};

export function renderProblemHover(problem: HoverProblem, commands?: Partial<HoverCommandIds>): string {
  const ids = { ...HOVER_COMMANDS, ...commands };
  switch (problem.kind) {
    case 'malformedId': {
      const check = validateAtlasId(problem.id, problem.what);
      const message = check.ok ? 'The ID is well-formed.' : check.message;
      const lines = [
        `$(warning) **Not a valid Atlas ${WHAT_LABEL[problem.what] ?? 'ID'}**`,
        md(message, MAX_ERROR_LENGTH),
      ];
      if (problem.note) {
        lines.push(md(problem.note, MAX_ERROR_LENGTH));
      }
      return lines.join('\n\n');
    }
    case 'notFound': {
      const where = problem.projectId ? ` in project ${code(problem.projectId)}` : '';
      const codeText = problem.errorCode ? ` (${code(problem.errorCode, 80)})` : '';
      const lines = [
        `$(question) **No Atlas ${WHAT_LABEL[problem.what] ?? 'object'} ${code(problem.id)}**${where}${codeText}`,
        'It may have been deleted, or it belongs to a project these credentials cannot read.',
      ];
      const args =
        problem.what === 'peer' ? peerCommandArgs(problem.projectId, problem.id, problem.profile) : undefined;
      if (args) {
        lines.push(commandLink('Refresh', ids.refreshPeer, [args]));
      }
      return lines.join('\n\n');
    }
    case 'noCredentials':
      if (problem.rejected) {
        return [
          '$(key) **Atlas rejected the credentials**',
          md(problem.rejected, MAX_ERROR_LENGTH),
          `${commandLink('Set Credentials', ids.setCredentials)} to replace them.`,
        ].join('\n\n');
      }
      return [
        '$(key) **Atlas credentials are not set**',
        `${commandLink('Set Credentials', ids.setCredentials)} (a service account or an API key, kept in VS Code's secret storage) to see the status of Atlas IDs here.`,
      ].join('\n\n');
    case 'error': {
      const codeText = problem.errorCode ? ` (${code(problem.errorCode, 80)})` : '';
      return `$(error) **Could not load from Atlas**${codeText}\n\n${md(problem.message, MAX_ERROR_LENGTH)}`;
    }
    case 'note':
      return `$(info) ${md(problem.message, MAX_ERROR_LENGTH)}`;
  }
}

/** A one-line footer naming where the id was found, plus the finder's note, for any hover. */
export function renderReferenceFooter(ref: Pick<FoundReference, 'context' | 'note'>): string {
  const parts: string[] = [];
  if (ref.context) {
    parts.push(`*${md(ref.context)}*`);
  }
  if (ref.note) {
    parts.push(`$(info) ${md(ref.note, MAX_ERROR_LENGTH)}`);
  }
  return parts.join('  \n');
}
