// The TreeItems of the Peering Connections tree, built from its nodes (pure/treeModel.ts). Every
// Atlas value in a tooltip is Markdown-inert (util/markdown.ts).

import * as vscode from 'vscode';
import { peerLabel, type ErrorAction } from '../atlas';
import { Commands } from '../config/pure/commands';
import { md as inertMarkdown } from '../util/markdown';
import {
  MessageNode,
  OrgNode,
  PeerNode,
  PeerSummary,
  ProfileNode,
  ProjectNode,
  ProviderNode,
  STATUS_LOOK,
  contextValueOf,
  messageNodeId,
  peerDescription,
  peerFields,
  projectDescription,
  providerLabel,
} from './pure/treeModel';

/**
 * Appends text that must show literally. Not MarkdownString.appendText: it leaves `<https://…>`
 * autolinks active (backslash escapes do not apply inside them) and keeps a 100 KB value whole.
 */
function appendLiteral(target: vscode.MarkdownString, value: string): void {
  target.appendMarkdown(inertMarkdown(value, 500));
}

export function profileItem(node: ProfileNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.profile, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.contextValue = contextValueOf(node);
  const host = node.baseUrl ? new URL(node.baseUrl).host : vscode.l10n.t('invalid base URL');
  const source =
    node.source === 'environment'
      ? vscode.l10n.t('environment variables')
      : node.source === 'secretStorage'
        ? undefined
        : vscode.l10n.t('no credentials');
  item.description = source ? `${host} · ${source}` : host;
  item.iconPath = new vscode.ThemeIcon(node.source ? 'account' : 'circle-slash');
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${vscode.l10n.t('Profile')}** `);
  appendLiteral(md, node.profile);
  md.appendMarkdown(`\n\n${vscode.l10n.t('Base URL:')} `);
  appendLiteral(md, node.baseUrl ?? node.problem ?? vscode.l10n.t('(none)'));
  md.appendMarkdown(`\n\n${vscode.l10n.t('Credentials:')} `);
  appendLiteral(
    md,
    node.source === 'environment'
      ? vscode.l10n.t('environment ({0})', node.envVariables.join(', '))
      : node.source === 'secretStorage'
        ? vscode.l10n.t('stored in the system keychain')
        : vscode.l10n.t('none'),
  );
  item.tooltip = md;
  return item;
}

export function orgItem(node: OrgNode, description: string): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.contextValue = contextValueOf(node);
  item.description = description;
  item.iconPath = new vscode.ThemeIcon('organization');
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendLiteral(md, node.name);
  md.appendMarkdown(`**\n\n${vscode.l10n.t('Organization ID:')} `);
  appendLiteral(md, node.orgId);
  item.tooltip = md;
  return item;
}

export function projectItem(
  node: ProjectNode,
  summary: PeerSummary | undefined,
  failed: boolean,
  extra: { limits?: string; attentionOnly?: boolean; asOf?: string } = {},
): vscode.TreeItem {
  const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.contextValue = contextValueOf(node);
  item.description = failed
    ? vscode.l10n.t('error')
    : projectDescription(summary, node.peers !== undefined || extra.attentionOnly === true, extra.asOf);
  const look = failed ? STATUS_LOOK.failed : summary?.worst ? STATUS_LOOK[summary.worst] : undefined;
  item.iconPath = look
    ? new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined)
    : new vscode.ThemeIcon('project');
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendLiteral(md, node.name);
  md.appendMarkdown(`**\n\n${vscode.l10n.t('Project ID:')} `);
  appendLiteral(md, node.projectId);
  if (node.orgId) {
    md.appendMarkdown(`\n\n${vscode.l10n.t('Organization ID:')} `);
    appendLiteral(md, node.orgId);
  }
  md.appendMarkdown(
    `\n\n${node.configured ? vscode.l10n.t('Configured in atlasPeering.projects') : vscode.l10n.t('Discovered from the credentials')}`,
  );
  if (node.peers) {
    md.appendMarkdown(`\n\n${vscode.l10n.t('Showing only:')} `);
    appendLiteral(md, node.peers.join(', '));
  }
  if (extra.limits) {
    md.appendMarkdown(`\n\n${vscode.l10n.t('Limits:')} `);
    appendLiteral(md, extra.limits);
  }
  item.tooltip = md;
  return item;
}

export function providerItem(node: ProviderNode): vscode.TreeItem {
  const item = new vscode.TreeItem(providerLabel(node.provider), vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  item.contextValue = contextValueOf(node);
  item.description = String(node.count);
  const look = node.worst ? STATUS_LOOK[node.worst] : undefined;
  item.iconPath = new vscode.ThemeIcon(
    'cloud',
    look?.color && node.worst !== 'ready' ? new vscode.ThemeColor(look.color) : undefined,
  );
  return item;
}

/** `nextStep`: the plan's one line (details/pure/planView.ts); it holds Atlas values, so it is literal. */
export function peerItem(node: PeerNode, nextStep?: string | null): vscode.TreeItem {
  const peer = node.peer;
  const item = new vscode.TreeItem(peerLabel(peer), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = contextValueOf(node);
  item.description = peerDescription(peer);
  const look = STATUS_LOOK[peer.category];
  item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
  // Atlas text goes through appendLiteral: it is escaped, never interpreted as markdown.
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  appendLiteral(md, peerLabel(peer));
  md.appendMarkdown(`** — ${providerLabel(node.provider)}\n\n`);
  for (const [label, value] of peerFields(peer)) {
    md.appendMarkdown(`${label}: `);
    appendLiteral(md, value);
    md.appendMarkdown('  \n');
  }
  if (nextStep) {
    md.appendMarkdown('\n');
    appendLiteral(md, nextStep);
  }
  item.tooltip = md;
  item.accessibilityInformation = {
    label: vscode.l10n.t(
      '{0}, {1}, status {2}',
      peerLabel(peer),
      providerLabel(node.provider),
      peer.status ?? vscode.l10n.t('unknown'),
    ),
  };
  return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.contextValue = contextValueOf(node);
  const icons: Record<MessageNode['message'], vscode.ThemeIcon> = {
    error: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
    empty: new vscode.ThemeIcon('info'),
    loading: new vscode.ThemeIcon('loading~spin'),
    info: new vscode.ThemeIcon('key'),
  };
  item.iconPath = icons[node.message];
  if (node.detail) {
    item.description = node.detail;
  }
  const md = new vscode.MarkdownString();
  appendLiteral(md, node.label);
  if (node.detail) {
    md.appendMarkdown('\n\n');
    appendLiteral(md, node.detail);
  }
  item.tooltip = md;
  if (node.message === 'error') {
    if (node.action === 'setCredentials') {
      item.command = {
        command: Commands.setCredentials,
        title: vscode.l10n.t('Set Credentials…'),
        arguments: [{ profile: node.profile }],
      };
      item.description = vscode.l10n.t('Set Credentials…');
    } else if (node.action === 'openSettings') {
      item.command = {
        command: 'workbench.action.openSettings',
        title: vscode.l10n.t('Open Settings'),
        arguments: ['atlasPeering'],
      };
      item.description = vscode.l10n.t('Open Settings');
    } else {
      item.command = { command: Commands.refreshNode, title: vscode.l10n.t('Retry'), arguments: [node] };
      item.description = vscode.l10n.t('click to retry');
    }
  }
  return item;
}

// ---------------------------------------------------------------------------------------------
// Message nodes the provider inserts (loading, errors, environment note)

export function loadingNode(project: ProjectNode): MessageNode {
  return {
    kind: 'message',
    id: messageNodeId(project.id, 'loading'),
    message: 'loading',
    label: vscode.l10n.t('Loading peering connections…'),
    parentId: project.id,
    profile: project.profile,
    projectId: project.projectId,
  };
}

export function errorNode(
  parentId: string,
  message: string,
  action: ErrorAction,
  profile: string,
  suffix: string,
  projectId?: string,
): MessageNode {
  const node: MessageNode = {
    kind: 'message',
    id: messageNodeId(parentId, 'error', suffix),
    message: 'error',
    label: message,
    action,
    parentId,
    profile,
  };
  if (projectId) {
    node.projectId = projectId;
  }
  return node;
}

/** The note above the projects when the default profile's credentials come from the environment. */
export function environmentNode(profile: ProfileNode): MessageNode {
  return {
    kind: 'message',
    id: messageNodeId(undefined, 'info', 'environment'),
    message: 'info',
    label: vscode.l10n.t('Using credentials from environment variables'),
    detail: profile.envVariables.join(', '),
    profile: profile.profile,
  };
}
