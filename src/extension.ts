import * as vscode from 'vscode';
import { registerCredentialCommands } from './credentials/credentialCommands';
import { AtlasPeeringExtension, ExtensionApi } from './services';
import { registerTreeCommands } from './tree/treeCommands';

// Activation does no network and no file scanning: the tree loads when its view is shown.
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const started = performance.now();
  const extension = new AtlasPeeringExtension(context);
  context.subscriptions.push(extension);
  registerCredentialCommands(extension);
  registerTreeCommands(extension);
  return extension.api(performance.now() - started);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
