// Messages between the details webview (its page script: ../webview/detailsPage.ts) and the
// extension host, one union type per direction. Pure, and imports nothing: the page bundles it.
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

/** The infrastructure-as-code formats the details view can generate for its peer (src/iac/). */
export const IAC_FORMATS = ['terraform', 'kubernetes'] as const;
export type IacFormat = (typeof IAC_FORMATS)[number];

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
  /** A generated command or connection string, by its key in the model's plan (planView.ts). */
  | { type: 'copyPlan'; key: string }
  | { type: 'openInAtlas' }
  /** Generate Terraform or Kubernetes manifests for the shown peer; the host names the peer itself. */
  | { type: 'generate'; format: IacFormat }
  | { type: 'action'; action: DetailsErrorAction };

/** The connection a panel shows, as the page keeps it in its webview state for a window reload. */
export interface PanelRef {
  profile: string;
  groupId: string;
  peerId: string;
}

/** Extension host → webview. */
export type DetailsHostMessage =
  /** A value was copied: the page shows it on the button (optional feedback; the page works without it). */
  | { type: 'copied'; field: CopyField }
  | { type: 'copiedPlan'; key: string }
  /** Names the connection, so that VS Code can hand it back to the serializer after a window reload. */
  | { type: 'restoreRef'; ref: PanelRef };

/** The page's own webview state (vscode.getState / setState). */
export interface DetailsPageState {
  rawOpen?: boolean;
  scrollY?: number;
  focusId?: string | null;
  ref?: PanelRef;
}

export function isCopyField(x: unknown): x is CopyField {
  return typeof x === 'string' && (COPY_FIELDS as readonly string[]).includes(x);
}

/** Same alphabet as PLAN_COPY_KEY in planView.ts (literal here: this module imports nothing). */
export function isPlanCopyKey(x: unknown): x is string {
  return typeof x === 'string' && /^[A-Za-z0-9._-]{1,80}$/.test(x);
}

export function isIacFormat(x: unknown): x is IacFormat {
  return typeof x === 'string' && (IAC_FORMATS as readonly string[]).includes(x);
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
    case 'copyPlan':
      return isPlanCopyKey(m.key);
    case 'generate':
      return isIacFormat(m.format);
    case 'action':
      return isDetailsErrorAction(m.action);
    default:
      return false;
  }
}
