// The Generate Terraform… and Generate Kubernetes Manifest… commands: thin glue that reads a
// peer (or a whole project) with its containers from the session cache, runs the pure generators
// (pure/terraform.ts, pure/kubernetes.ts) and puts the text in a new editor or at the cursor.
// They take a tree node (peer or project) or a { profile, groupId, peerId? } reference, as the
// details view and hovers pass it (pure/target.ts); from the palette (no argument) they ask
// (iacPickers.ts).

import * as vscode from 'vscode';
import type { Container, Peer } from '../atlas/models';
import { Commands } from '../config/pure/commands';
import type { Feature } from '../config/pure/feature';
import type { SessionManager } from '../credentials/sessions';
import { createLogger } from '../logging/log';
import { pickIacTarget, type IacPickerSettings } from './iacPickers';
import { manifestsForPeer, manifestsForProject } from './pure/kubernetes';
import { targetOf, type IacTarget } from './pure/target';
import { terraformForPeer, terraformForProject } from './pure/terraform';

const log = createLogger('iac');

export interface IacDeps {
  readonly sessions: SessionManager;
  readonly settings: IacPickerSettings;
}

interface Format {
  /** The command's title, for the palette's pickers (a function: l10n is asked when shown, not at load). */
  title(): string;
  language: string;
  /** File name endings the text may be inserted into. */
  extensions: readonly string[];
  forPeer(projectId: string, peer: Peer, container: Container | undefined): string;
  forProject(projectId: string, containers: readonly Container[], peers: readonly Peer[]): string;
}

const TERRAFORM: Format = {
  title: () => vscode.l10n.t('Generate Terraform'),
  language: 'terraform',
  extensions: ['.tf'],
  forPeer: terraformForPeer,
  forProject: terraformForProject,
};

const KUBERNETES: Format = {
  title: () => vscode.l10n.t('Generate Kubernetes Manifest'),
  language: 'yaml',
  extensions: ['.yaml', '.yml'],
  forPeer: manifestsForPeer,
  forProject: manifestsForProject,
};

async function generatedText(deps: IacDeps, format: Format, target: IacTarget): Promise<string> {
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
  // The palette passes nothing: ask for the project and peer; a cancelled pick does nothing.
  const target = arg === undefined ? await pickIacTarget(deps.sessions, deps.settings, format.title()) : targetOf(arg);
  if (arg === undefined && !target) {
    return undefined;
  }
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
