// The quick fix of a drift diagnostic: replace the file's literal with Atlas's value. The
// diagnostics pass records each fix it offers (offsets, the text it replaces, the replacement);
// VS Code hands the code action provider copies of the diagnostics, so a fix is found again by
// its range, and offered only while the text there is still what the pass compared.

import * as vscode from 'vscode';
import { Commands } from '../config/pure/commands';

export const DRIFT_CODE = 'drift';

export interface DriftFix {
  start: number;
  end: number;
  /** The text the pass compared: the fix is stale once the range holds anything else. */
  expected: string;
  replacement: string;
  /** The quick fix's title. */
  title: string;
}

/** The fixes of each document's last pass. */
export class DriftFixes {
  private readonly byDocument = new Map<string, DriftFix[]>();

  set(uri: vscode.Uri, fixes: DriftFix[]): void {
    if (fixes.length > 0) {
      this.byDocument.set(uri.toString(), fixes);
    } else {
      this.byDocument.delete(uri.toString());
    }
  }

  delete(uri: vscode.Uri): void {
    this.byDocument.delete(uri.toString());
  }

  clear(): void {
    this.byDocument.clear();
  }

  /** The fix recorded for a diagnostic's range, if the document still holds the compared text there. */
  fixAt(doc: vscode.TextDocument, range: vscode.Range): DriftFix | undefined {
    const start = doc.offsetAt(range.start);
    const end = doc.offsetAt(range.end);
    const fix = this.byDocument.get(doc.uri.toString())?.find((f) => f.start === start && f.end === end);
    return fix && doc.getText(range) === fix.expected ? fix : undefined;
  }
}

export class DriftQuickFixProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(
    private readonly fixes: DriftFixes,
    private readonly source: string,
  ) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      if (diagnostic.source !== this.source || code !== DRIFT_CODE) {
        continue;
      }
      const fix = this.fixes.fixAt(doc, diagnostic.range);
      if (!fix) {
        continue;
      }
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, diagnostic.range, fix.replacement);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    if (actions.length > 0) {
      const report = new vscode.CodeAction(vscode.l10n.t('Show the drift report'), vscode.CodeActionKind.Empty);
      report.command = { command: Commands.driftReport, title: report.title };
      actions.push(report);
    }
    return actions;
  }
}

/** The documents drift is checked in: Terraform configurations and operator manifests (state files get no fix). */
export const DRIFT_FIX_SELECTOR: vscode.DocumentSelector = [
  { language: 'terraform' },
  { language: 'yaml' },
  { pattern: '**/*.tf' },
  { pattern: '**/*.{yaml,yml}' },
];
