// Messages between the details webview (media/details.js) and the extension host. Pure.
// The webview only names what it wants (a known field key, a known action); the host resolves the
// value from its own model, so page content can never dictate clipboard text or commands.

/** Same union as ErrorAction in src/atlas (kept literal here so this module has no dependencies). */
export const ERROR_ACTIONS = [
  'setCredentials',
  'retry',
  'openSettings',
  'checkAccessList',
  'checkRole',
  'refresh',
] as const;
export type DetailsErrorAction = (typeof ERROR_ACTIONS)[number];

/** Every value the details view offers to copy; resolve with resolveCopyValue(model, field). */
export const COPY_FIELDS = [
  'peer.id',
  'peer.containerId',
  'peer.awsAccountId',
  'peer.vpcId',
  'peer.routeTableCidrBlock',
  'peer.accepterRegionName',
  'peer.connectionId',
  'peer.azureDirectoryId',
  'peer.azureSubscriptionId',
  'peer.resourceGroupName',
  'peer.vnetName',
  'peer.gcpProjectId',
  'peer.networkName',
  'peer.errorText',
  'container.id',
  'container.atlasCidrBlock',
  'container.vpcId',
  'container.azureSubscriptionId',
  'container.vnetName',
  'container.gcpProjectId',
  'container.networkName',
  'project.id',
  'nextStep.command',
  'rawJson',
] as const;
export type CopyField = (typeof COPY_FIELDS)[number];

/** Webview → extension host. */
export type DetailsMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'toggleWatch' }
  | { type: 'copy'; field: CopyField }
  | { type: 'openInAtlas' }
  | { type: 'action'; action: DetailsErrorAction };

/** Extension host → webview (optional feedback; the page works without it). */
export type DetailsHostMessage = { type: 'copied'; field: CopyField };

export function isCopyField(x: unknown): x is CopyField {
  return typeof x === 'string' && (COPY_FIELDS as readonly string[]).includes(x);
}

export function isDetailsErrorAction(x: unknown): x is DetailsErrorAction {
  return typeof x === 'string' && (ERROR_ACTIONS as readonly string[]).includes(x);
}

/** Validates a message from the webview; anything unknown or malformed is false. */
export function isDetailsMessage(x: unknown): x is DetailsMessage {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) {
    return false;
  }
  const m = x as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'refresh':
    case 'toggleWatch':
    case 'openInAtlas':
      return true;
    case 'copy':
      return isCopyField(m.field);
    case 'action':
      return isDetailsErrorAction(m.action);
    default:
      return false;
  }
}
