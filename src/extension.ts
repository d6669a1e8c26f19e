import * as vscode from 'vscode';
import { registerCredentialCommands } from './credentials/credentialCommands';
import { DetailsApi } from './details/detailsPanel';
import { ConfigFeatures, configFeaturesHost, registerConfigFeatures } from './configEditor/register';
import { registerDetailsAndLookup } from './lookup/register';
import { AtlasPeeringExtension, ExtensionApi } from './services';
import { registerTreeCommands } from './tree/treeCommands';

// Activation does no network and no file scanning: the tree loads when its view is shown.
export function activate(
  context: vscode.ExtensionContext,
): ExtensionApi & { configFeatures: ConfigFeatures; details: DetailsApi } {
  const started = performance.now();
  const extension = new AtlasPeeringExtension(context);
  context.subscriptions.push(extension);
  registerCredentialCommands(extension);
  registerTreeCommands(extension);
  // Details webview (Show Details opens it) and the palette lookup.
  const details = registerDetailsAndLookup(extension);
  // Config files: hover, diagnostics, CodeLens, refreshPeer (registration only; no request here).
  const configFeatures = registerConfigFeatures(configFeaturesHost(extension), context);
  return { ...extension.api(performance.now() - started), configFeatures, details };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
