// The Show Drift Report command: every Terraform file, state file and operator manifest of the
// workspace, its peering and container resources checked against Atlas (iac/pure/drift.ts), in one
// Markdown document (iac/pure/driftReport.ts). It lives beside the diagnostics because it is their
// check over files that need not be open, under the same lookup budget and trust rules.

import * as vscode from 'vscode';
import { Commands } from '../config/pure/commands';
import type { Feature } from '../config/pure/feature';
import { detectFormat, scanSteps, type IacResource } from '../configFiles';
import { MAX_SCANNED_CHARS } from '../configEditor/documentIndex';
import type { ConfigFeaturesHost } from '../configEditor/host';
import { runInSlices } from '../configEditor/pure/slices';
import { renderDriftReport, unreadableReason, type DriftReportRow } from '../iac/pure/driftReport';
import type { AtlasDiagnostics } from './diagnostics';

/** Files of these kinds hold peering and container resources. */
const INCLUDE = '**/*.{tf,tfstate,yaml,yml}';
/** Provider caches, dependencies and VCS data: never the user's own resources. */
const EXCLUDE = '**/{node_modules,.terraform,.git}/**';
/** A repository with more is reported on its first files, and the report says so. */
const MAX_FILES = 2000;
/** Texts without either word hold no resource of these kinds and are not scanned. */
const MAY_HOLD_RESOURCES = /mongodbatlas_network_(?:peering|container)|AtlasNetwork(?:Peering|Container)/;

interface ScannedFile {
  uri: vscode.Uri;
  file: string;
  resources: IacResource[];
}

async function textOf(uri: vscode.Uri): Promise<string | { tooLarge: number }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) {
    return open.getText();
  }
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_SCANNED_CHARS) {
    return { tooLarge: size };
  }
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export function createDriftReportCommand(host: ConfigFeaturesHost, diagnostics: AtlasDiagnostics): Feature {
  async function report(token: vscode.CancellationToken): Promise<vscode.TextDocument | undefined> {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const uris = await vscode.workspace.findFiles(INCLUDE, EXCLUDE, MAX_FILES + 1, token);
    const searched = uris.slice(0, MAX_FILES);
    const scanned: ScannedFile[] = [];
    const unreadable: { file: string; reason: string }[] = [];
    for (const uri of searched) {
      if (token.isCancellationRequested) {
        return undefined;
      }
      const file = vscode.workspace.asRelativePath(uri);
      const text = await textOf(uri).catch((e: unknown) => ({ error: String(e) }));
      if (typeof text !== 'string') {
        if ('tooLarge' in text) {
          unreadable.push({ file, reason: `${Math.round(text.tooLarge / 1024 / 1024)} MB is over the 30 MB limit` });
        } else {
          host.log.warn(`drift report: could not read ${file}: ${text.error}`);
        }
        continue;
      }
      if (!MAY_HOLD_RESOURCES.test(text)) {
        continue;
      }
      const format = detectFormat({ fileName: uri.path });
      const scan = await runInSlices(scanSteps(text, format), { signal: abort.signal });
      const resources = scan.resources ?? [];
      const source = format === 'tfstate' ? 'tfstate' : format === 'terraform' ? 'terraform' : 'kubernetes';
      const reason = unreadableReason(text, source, resources);
      if (reason) {
        unreadable.push({ file, reason });
      }
      if (resources.length > 0) {
        scanned.push({ uri, file, resources });
      }
    }
    const { verdicts } = await diagnostics.checkResources(
      scanned.map((s) => ({ key: s.uri.toString(), resources: s.resources })),
      abort.signal,
    );
    if (token.isCancellationRequested) {
      return undefined;
    }
    const rows: DriftReportRow[] = scanned.flatMap(({ file, resources }) =>
      resources.flatMap((resource) => {
        const verdict = verdicts.get(resource);
        return verdict ? [{ file, resource, verdict }] : [];
      }),
    );
    const content = renderDriftReport({
      rows,
      unreadable,
      files: searched.length,
      ...(uris.length > MAX_FILES ? { truncatedAt: MAX_FILES } : {}),
      generatedAt: new Date(),
    });
    host.log.info(`drift report: ${rows.length} resource(s) in ${scanned.length} file(s)`);
    const document = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  }

  return {
    disposables: [],
    commands: {
      [Commands.driftReport]: () =>
        vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: vscode.l10n.t('Atlas: checking the workspace files against Atlas…'),
            cancellable: true,
          },
          (_progress, token) => report(token),
        ),
    },
  };
}
