// Hovers over Atlas ids in config files: the pure finder says what the id is, resolve.ts asks the
// caches (one shared request per id, cancelled with the hover), renderHover.ts writes the markdown.

import * as vscode from 'vscode';
import { AtlasCancelledError, isAtlasId } from '../atlas';
import { nextStep } from '../details/pure/nextStep';
import { peerSummaryLine } from '../details/pure/planView';
import { describeError } from '../logging/log';
import type { FoundReference } from '../configFiles';
import { isTooLarge, MAX_SCANNED_CHARS, type DocumentIndex } from '../configEditor/documentIndex';
import { CacheWatcher, CONFIG_SELECTOR, signalFromToken, type ConfigFeaturesHost } from '../configEditor/host';
import {
  HOVER_COMMANDS,
  renderContainerHover,
  renderPeerHover,
  renderProblemHover,
  renderProjectHover,
  renderReferenceFooter,
} from './pure/renderHover';
import { resolveReference, type LookupServices, type Resolution } from '../configEditor/pure/resolve';

/** Markdown plus the commands its links run (the only ones the MarkdownString trusts). */
export interface HoverContent {
  markdown: string;
  commands: string[];
}

const PEER_LINK_COMMANDS = [
  HOVER_COMMANDS.showDetails,
  HOVER_COMMANDS.refreshPeer,
  HOVER_COMMANDS.generateTerraform,
  HOVER_COMMANDS.generateKubernetes,
];

/** The hover for one reference, or undefined when there is nothing useful to say. */
export async function hoverContent(
  services: LookupServices,
  ref: FoundReference,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<HoverContent | undefined> {
  const r = await resolveReference(services, ref, { signal, detail: true, probe: true });
  if (!r) {
    return undefined;
  }
  const body = render(r, ref, now());
  if (!body) {
    return undefined;
  }
  const footer = renderReferenceFooter(ref);
  return { markdown: footer ? `${body.markdown}\n\n${footer}` : body.markdown, commands: body.commands };
}

function render(r: Resolution, ref: FoundReference, now: number): HoverContent | undefined {
  switch (r.kind) {
    case 'peer': {
      const category = r.peer.category;
      const step = category === 'needsAction' || category === 'failed' ? nextStep(r.peer, r.container) : undefined;
      return {
        markdown: renderPeerHover({
          peer: r.peer,
          projectId: r.groupId,
          profile: r.profile,
          container: r.container,
          projectName: r.projectName,
          fetchedAt: r.fetchedAt,
          now,
          nextStep: step,
          // A hover makes no extra read of its own: the line comes from the peer and its container.
          nextStepLine: peerSummaryLine(r.peer, r.container, {}, now),
        }),
        commands: PEER_LINK_COMMANDS,
      };
    }
    case 'project':
      return {
        markdown: renderProjectHover({ project: r.project, peers: r.peers, fetchedAt: r.fetchedAt, now }),
        commands: [],
      };
    case 'container':
      return {
        markdown: renderContainerHover({
          container: r.container,
          projectName: r.projectName,
          fetchedAt: r.fetchedAt,
          now,
        }),
        commands: [],
      };
    case 'malformed':
      return {
        markdown: renderProblemHover({ kind: 'malformedId', id: r.id, what: r.what, note: ref.note }),
        commands: [],
      };
    case 'notFound':
      if (!r.groupId && !r.searched) {
        return {
          markdown: renderProblemHover({
            kind: 'note',
            message:
              r.what === 'peer'
                ? vscode.l10n.t(
                    'The Atlas project of this peering connection is unknown: set project_id next to it, or list its project in the atlasPeering.projects setting.',
                  )
                : vscode.l10n.t(
                    'The Atlas project of this container is unknown: set project_id next to it, or list its project in the atlasPeering.projects setting.',
                  ),
          }),
          commands: [],
        };
      }
      return {
        markdown:
          renderProblemHover({
            kind: 'notFound',
            id: r.id,
            what: r.what,
            projectId: r.groupId,
            errorCode: r.errorCode,
            profile: r.profile,
          }) +
          (!r.groupId && r.searched
            ? `\n\n${renderProblemHover({ kind: 'note', message: vscode.l10n.t('Searched the first {0} project(s) of atlasPeering.projects.', r.searched) })}`
            : ''),
        commands: r.what === 'peer' && isAtlasId(r.groupId) ? [HOVER_COMMANDS.refreshPeer] : [],
      };
    case 'noCredentials':
      return {
        markdown: renderProblemHover(
          r.rejected && r.message ? { kind: 'noCredentials', rejected: r.message } : { kind: 'noCredentials' },
        ),
        commands: [HOVER_COMMANDS.setCredentials],
      };
    case 'error':
      return {
        markdown: renderProblemHover({ kind: 'error', message: r.message, errorCode: r.errorCode }),
        commands: [],
      };
  }
}

export function toMarkdownString(content: HoverContent): vscode.MarkdownString {
  const md = new vscode.MarkdownString(content.markdown, true);
  md.supportHtml = false;
  // Only the commands this hover links to; never `true`, which would also run links in values.
  md.isTrusted = content.commands.length > 0 ? { enabledCommands: [...content.commands] } : false;
  return md;
}

export class AtlasHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly services: LookupServices,
    private readonly host: Pick<ConfigFeaturesHost, 'log'>,
    private readonly index: DocumentIndex,
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const ref = await this.index.referenceAt(document, document.offsetAt(position));
    if (isTooLarge(ref)) {
      // Said only over something that looks like an Atlas id, not over every word of a big file.
      const word = document.getWordRangeAtPosition(position, /[0-9a-f]{24}/);
      return word && !token.isCancellationRequested
        ? new vscode.Hover(
            toMarkdownString({
              markdown: renderProblemHover({
                kind: 'note',
                message: vscode.l10n.t(
                  'Atlas Peering does not look for Atlas ids in files over {0} MB (this one has {1} MB).',
                  MAX_SCANNED_CHARS / 1024 / 1024,
                  Math.round(ref.chars / 1024 / 1024),
                ),
              }),
              commands: [],
            }),
            word,
          )
        : undefined;
    }
    if (!ref || token.isCancellationRequested) {
      return undefined;
    }
    const { signal, dispose } = signalFromToken(token);
    try {
      const content = await hoverContent(this.services, ref, signal);
      if (!content || token.isCancellationRequested) {
        return undefined;
      }
      const range = new vscode.Range(document.positionAt(ref.range.start), document.positionAt(ref.range.end));
      return new vscode.Hover(toMarkdownString(content), range);
    } catch (e) {
      if (!(e instanceof AtlasCancelledError)) {
        this.host.log.warn(`hover on ${ref.kind} id failed: ${describeError(e)}`);
      }
      return undefined;
    } finally {
      dispose();
    }
  }
}

/** Registers the hover provider; returns its disposable (also pushed to `subscriptions`). */
export function registerHoverProvider(
  host: ConfigFeaturesHost,
  subscriptions: vscode.Disposable[],
  watcher: CacheWatcher,
  index: DocumentIndex,
): vscode.Disposable {
  const d = vscode.languages.registerHoverProvider(
    CONFIG_SELECTOR,
    new AtlasHoverProvider(watcher.services, host, index),
  );
  subscriptions.push(d);
  return d;
}
