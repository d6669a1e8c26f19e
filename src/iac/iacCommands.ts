// The Generate Terraform… and Generate Kubernetes Manifest… commands: thin glue that reads a
// peer (or a whole project) with its containers from the session cache, runs the pure generators
// (pure/terraform.ts, pure/kubernetes.ts) and puts the text in a new editor or at the cursor.
// They take a tree node (peer or project) or a { profile, groupId, peerId? } reference, as the
// details view and hovers pass it.

import * as vscode from 'vscode';
import type { Container, Peer } from '../atlas/models';
import { Commands } from '../config/pure/commands';
import type { Feature } from '../config/pure/feature';
import type { SessionManager } from '../credentials/sessions';
import { createLogger } from '../logging/log';
import { manifestsForPeer, manifestsForProject } from './pure/kubernetes';
import { terraformForPeer, terraformForProject } from './pure/terraform';

const log = createLogger('iac');

export interface IacDeps {
  readonly sessions: SessionManager;
}

/** What to generate for: a project, and one of its peers unless the whole project is wanted. */
interface Target {
  profile: string | undefined;
  groupId: string;
  peerId: string | undefined;
}

/** A tree node (peer or project) or a plain reference; undefined for anything else. */
export function targetOf(arg: unknown): Target | undefined {
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
  if (typeof r.groupId === 'string') {
    return { profile, groupId: r.groupId, peerId: typeof r.peerId === 'string' ? r.peerId : undefined };
  }
  return undefined;
}

interface Format {
  language: string;
  /** File name endings the text may be inserted into. */
  extensions: readonly string[];
  forPeer(projectId: string, peer: Peer, container: Container | undefined): string;
  forProject(projectId: string, containers: readonly Container[], peers: readonly Peer[]): string;
}

const TERRAFORM: Format = {
  language: 'terraform',
  extensions: ['.tf'],
  forPeer: terraformForPeer,
  forProject: terraformForProject,
};

const KUBERNETES: Format = {
  language: 'yaml',
  extensions: ['.yaml', '.yml'],
  forPeer: manifestsForPeer,
  forProject: manifestsForProject,
};

async function generatedText(deps: IacDeps, format: Format, target: Target): Promise<string> {
  const session = await deps.sessions.get(target.profile);
  if (!session) {
    throw new Error(vscode.l10n.t('Set Atlas credentials first.'));
  }
  const { cache } = session;
  const containers = await cache.listContainers(target.groupId);
  if (target.peerId === undefined) {
    return format.forProject(target.groupId, containers, await cache.listAllPeers(target.groupId));
  }
  const peer = await cache.getPeer(target.groupId, target.peerId);
  return format.forPeer(
    target.groupId,
    peer,
    containers.find((c) => c.id === peer.containerId),
  );
}

/** Inserts at the cursor of the active editor when it holds this format and the user agrees. */
async function insertOrOpen(format: Format, text: string): Promise<vscode.TextDocument> {
  const editor = vscode.window.activeTextEditor;
  const fileName = editor?.document.fileName.toLowerCase() ?? '';
  if (editor && format.extensions.some((ext) => fileName.endsWith(ext))) {
    const insert = vscode.l10n.t('Insert at the cursor');
    const open = vscode.l10n.t('Open in a new editor');
    const choice = await vscode.window.showQuickPick([insert, open], {
      title: vscode.l10n.t('Where should the generated code go?'),
    });
    if (choice === undefined) {
      return editor.document;
    }
    if (choice === insert) {
      await editor.edit((edit) => edit.insert(editor.selection.active, text));
      return editor.document;
    }
  }
  const document = await vscode.workspace.openTextDocument({ language: format.language, content: text });
  await vscode.window.showTextDocument(document);
  return document;
}

async function generate(deps: IacDeps, format: Format, arg: unknown): Promise<vscode.TextDocument | undefined> {
  const target = targetOf(arg);
  if (!target) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Run this from a peering connection or project in the Atlas Peering view, or from its details.'),
    );
    return undefined;
  }
  const text = await generatedText(deps, format, target);
  // Ids stay out of the log line: they came from Atlas and the tree, and the log needs none.
  log.info(`generated ${format.language} for ${target.peerId ? 'a peer' : 'a project'}`);
  return insertOrOpen(format, text);
}

export function createIacFeature(deps: IacDeps): Feature {
  return {
    disposables: [],
    commands: {
      [Commands.generateTerraform]: (arg) => generate(deps, TERRAFORM, arg),
      [Commands.generateKubernetes]: (arg) => generate(deps, KUBERNETES, arg),
    },
  };
}
