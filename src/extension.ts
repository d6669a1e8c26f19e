import * as vscode from 'vscode';
import { registerCredentialCommands } from './credentials/credentialCommands';
import { DetailsApi } from './details/detailsPanel';
import { ConfigFeatures, registerConfigFeatures } from './hover/register';
import { registerDetailsAndLookup } from './lookup/register';
import { AtlasPeeringExtension, ExtensionApi } from './services';
import { registerTreeCommands } from './tree/treeCommands';

// Activation does no network and no file scanning: the tree loads when its view is shown.
export function activate(context: vscode.ExtensionContext): ExtensionApi & { configFeatures: ConfigFeatures; details: DetailsApi } {
  const started = performance.now();
  const extension = new AtlasPeeringExtension(context);
  context.subscriptions.push(extension);
  registerCredentialCommands(extension);
  registerTreeCommands(extension);
  // Details webview (Show Details opens it) and the palette lookup.
  const details = registerDetailsAndLookup(extension);
  // Config files: hover, diagnostics, CodeLens, refreshPeer (registration only; no request here).
  const configFeatures = registerConfigFeatures(
    {
      log: extension.log,
      getSession: async (profile) => {
        const s = await extension.sessions.resolve(profile);
        return s.kind === 'ready'
          ? { kind: 'ready', session: { cache: s.session.cache, profileName: s.session.profile.name } }
          : s.kind === 'noCredentials'
            ? { kind: 'noCredentials', message: s.message }
            : { kind: 'error', message: s.message };
      },
      projects: () => extension.settings.projects,
      onDidChangeSessions: extension.sessions.onDidChange,
      onDidChangeProjects: (listener) => extension.settings.onDidChange((c) => c.projects && listener(c)),
      refreshTree: ({ groupId, profile }) => {
        const node = extension.tree.node(`${profile ?? extension.settings.defaultProfile}/${groupId}`);
        if (node) {
          void extension.tree.refresh(node);
        }
      },
    },
    context,
  );
  return { ...extension.api(performance.now() - started), configFeatures, details };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
