import * as vscode from 'vscode';

export function activate(_context: vscode.ExtensionContext): void {
  // Filled in by the following issues: tree, lookup, details, hover.
}

export function deactivate(): void {
  // Nothing to release yet.
}
