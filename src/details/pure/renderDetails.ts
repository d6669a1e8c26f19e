// Pure HTML renderer for the peering details webview. No `vscode` import: the panel glue passes the
// webview's cspSource, a fresh nonce and the media URIs. Every interpolated value goes through
// escapeHtml/escapeText; nothing from the model is placed inside <script>, href or src.
import {
  atlasRegionToAws,
  AwsPeer,
  AzurePeer,
  Container,
  GcpPeer,
  Peer,
  peerLabel,
  PROVIDER_LABELS,
  StatusCategory,
  STATUS_CATEGORY_LABELS,
} from '../../atlas/models';
import { formatAge } from '../../util/age';
import { cidrsOverlap } from '../../util/cidr';
import { buildCsp, escapeHtml, escapeText } from '../../util/html';
import { CopyField, DetailsErrorAction } from './messages';
import { awsAccepterRegion, nextStep, NextStep } from './nextStep';

export interface DetailsModel {
  peer: Peer;
  /** The peer's container; undefined when not loaded (then say why in containerError). */
  container?: Container;
  containerError?: string;
  project?: { id: string; name: string };
  /** Epoch ms of the peer fetch. */
  fetchedAt: number;
  watching: boolean;
  /** https URL of this project's network access page in Atlas; the button is hidden when empty. */
  atlasUrl: string;
  profileName?: string;
  /** The response body exactly as Atlas sent it; JSON.stringify(peer.raw) when absent. */
  rawJson?: string;
}

export interface RenderEnv {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** For "fetched … ago"; defaults to the current time. */
  now?: Date;
}

export interface DetailsErrorModel {
  /** Heading, e.g. "Could not load the peering connection". */
  title?: string;
  message: string;
  errorCode?: string;
  httpStatus?: number;
  /** Buttons to offer, first is primary; 'retry' is added when missing. */
  actions?: DetailsErrorAction[];
  /** What was being looked up, e.g. the peer id. */
  subject?: string;
}

export const ERROR_ACTION_LABELS: Record<DetailsErrorAction, string> = {
  setCredentials: 'Set Credentials…',
  retry: 'Retry',
  openSettings: 'Open Settings',
  checkAccessList: 'Check IP Access List',
  checkRole: 'Check Project Role',
  refresh: 'Refresh',
};

const BADGE_ICONS: Record<StatusCategory, string> = {
  ready: '\u2713',
  inProgress: '\u21bb',
  needsAction: '!',
  failed: '\u2715',
  deleting: '\u2212',
  unknown: '?',
};

// ---------------------------------------------------------------------------------------------
// Small building blocks

function notSet(text = 'not set'): string {
  return `<span class="none">${escapeHtml(text)}</span>`;
}

function copyButton(field: CopyField, what: string): string {
  return `<button type="button" class="copy" data-action="copy" data-field="${escapeHtml(field)}" aria-label="Copy ${escapeText(what)}" title="Copy ${escapeText(what)}">Copy</button>`;
}

interface Row {
  label: string;
  /** The API field name, shown small so users can map it to Terraform, YAML or the CLI. */
  api?: string;
  value: string | null | undefined;
  /** Ids, CIDRs and names are monospace. */
  mono?: boolean;
  copy?: CopyField;
  /** Muted text after the value, e.g. where a fallback came from. */
  note?: string;
  /** Text for a missing value instead of "not set". */
  missing?: string;
  /** Keep newlines (error text, JSON). */
  multiline?: boolean;
}

function row(r: Row): string {
  const has = r.value !== null && r.value !== undefined && r.value !== '';
  const classes = ['value', r.mono ? 'mono' : '', r.multiline ? 'multiline' : ''].filter(Boolean).join(' ');
  const value = has ? `<span class="${classes}">${escapeText(r.value)}</span>` : notSet(r.missing);
  const note = r.note ? ` <span class="note">${escapeText(r.note)}</span>` : '';
  const copy = has && r.copy ? ` ${copyButton(r.copy, r.label)}` : '';
  const api = r.api ? `<span class="api">${escapeHtml(r.api)}</span>` : '';
  return `<div class="field"><dt><span class="label">${escapeText(r.label)}</span>${api}</dt><dd>${value}${note}${copy}</dd></div>`;
}

function section(id: string, title: string, body: string, extraClass = ''): string {
  return `<section class="section${extraClass ? ` ${extraClass}` : ''}" aria-labelledby="${id}"><h2 id="${id}">${escapeText(title)}</h2>${body}</section>`;
}

function fieldList(rows: Row[]): string {
  return `<dl class="fields">${rows.map(row).join('')}</dl>`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local wall-clock time, HH:MM:SS. */
export function formatClock(date: Date): string {
  return `${pad2(date.getHours())}:${pad2(date.getMinutes())}:${pad2(date.getSeconds())}`;
}

function page(title: string, body: string, env: RenderEnv, bodyClass: string): string {
  const csp = buildCsp({ cspSource: env.cspSource, nonce: env.nonce });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(env.styleUri)}">
<title>${escapeText(title)}</title>
</head>
<body class="${escapeHtml(bodyClass)}">
${body}
<div id="live" class="sr-only" role="status" aria-live="polite"></div>
<script nonce="${escapeHtml(env.nonce)}" src="${escapeHtml(env.scriptUri)}"></script>
</body>
</html>
`;
}

function button(
  action: string,
  label: string,
  opts: { primary?: boolean; id?: string; pressed?: boolean; title?: string; extra?: string } = {},
): string {
  const attrs = [
    'type="button"',
    `class="btn${opts.primary ? ' btn--primary' : ' btn--secondary'}"`,
    `data-action="${escapeHtml(action)}"`,
    opts.id ? `id="${escapeHtml(opts.id)}"` : '',
    opts.pressed !== undefined ? `aria-pressed="${opts.pressed ? 'true' : 'false'}"` : '',
    opts.title ? `title="${escapeText(opts.title)}"` : '',
    opts.extra ?? '',
  ].filter(Boolean);
  return `<button ${attrs.join(' ')}>${escapeText(label)}</button>`;
}

export function isHttpsUrl(url: string | undefined): boolean {
  if (!url) {
    return false;
  }
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Details page

export function statusBadge(status: string | null, category: StatusCategory): string {
  const words = STATUS_CATEGORY_LABELS[category];
  const statusText = status ? `<span class="badge__status">${escapeText(status)}</span>` : '';
  return (
    `<span class="badge badge--${category}" data-category="${category}">` +
    `<span class="badge__icon" aria-hidden="true">${BADGE_ICONS[category]}</span>` +
    `${statusText}<span class="badge__category">${escapeHtml(words)}</span></span>`
  );
}

function header(model: DetailsModel, env: RenderEnv): string {
  const { peer } = model;
  const now = env.now ?? new Date();
  const fetched = new Date(model.fetchedAt);
  const validTime = Number.isFinite(fetched.getTime());
  const olderThanDay = validTime && now.getTime() - model.fetchedAt > 86_400_000;
  const dateText = olderThanDay
    ? `${fetched.getFullYear()}-${pad2(fetched.getMonth() + 1)}-${pad2(fetched.getDate())} `
    : '';
  const time = validTime
    ? `<time class="fetched" datetime="${escapeHtml(fetched.toISOString())}" data-fetched-at="${model.fetchedAt}">fetched ${dateText}${formatClock(fetched)}` +
      ` <span class="relative">(${escapeHtml(formatAge(model.fetchedAt, now))})</span></time>`
    : '<span class="fetched">fetch time unknown</span>';
  const context: string[] = [`${escapeHtml(PROVIDER_LABELS[peer.providerName])} network peering`];
  if (model.project) {
    context.push(`project <span class="strong">${escapeText(model.project.name || model.project.id)}</span>`);
  }
  if (model.profileName) {
    context.push(`profile ${escapeText(model.profileName)}`);
  }
  const actions = [
    button('refresh', 'Refresh', { primary: true, id: 'btn-refresh', title: 'Fetch this connection again' }),
    button('toggleWatch', model.watching ? 'Stop watching' : 'Watch until settled', {
      id: 'btn-watch',
      pressed: model.watching,
      title: model.watching ? 'Stop refreshing automatically' : 'Refresh automatically until the status stops changing',
    }),
    isHttpsUrl(model.atlasUrl) ? button('openInAtlas', 'Open in Atlas', { id: 'btn-open', title: model.atlasUrl }) : '',
  ].join('');
  const watchingNote = model.watching
    ? '<p class="watching" role="status"><span class="spinner" aria-hidden="true"></span>Watching: refreshing until the status settles.</p>'
    : '<p class="watching" role="status"></p>';
  return (
    `<header class="header">` +
    `<p class="eyebrow">${context.join(' <span aria-hidden="true">·</span> ')}</p>` +
    `<div class="title-row"><h1 class="title mono">${escapeText(peerLabel(peer))}</h1>${statusBadge(peer.status, peer.category)}</div>` +
    `<p class="meta">${time}</p>` +
    `<div class="toolbar" role="toolbar" aria-label="Connection actions">${actions}</div>` +
    watchingNote +
    `</header>`
  );
}

function errorCallout(peer: Peer): string {
  if (!peer.errorText) {
    return '';
  }
  return (
    `<div class="callout callout--error" role="alert"><h2 class="callout__title">` +
    `<span class="callout__icon" aria-hidden="true">\u2715</span>Atlas reports an error</h2>` +
    `<p class="error-text">${escapeText(peer.errorText)}</p>` +
    `<div class="callout__actions">${copyButton('peer.errorText', 'error text')}</div></div>`
  );
}

function nextStepSection(step: NextStep | undefined, peer: Peer): string {
  if (!step) {
    return '';
  }
  const icon = step.severity === 'error' ? '\u2715' : step.severity === 'warning' ? '!' : 'i';
  // For failures the error text is already the prominent callout above; here we explain it.
  const showText = !(step.kind === 'failed' && peer.errorText);
  const title = step.kind === 'failed' ? `${step.title}: what usually causes it` : step.title;
  const parts = [
    `<h2 id="next-step" class="callout__title"><span class="callout__icon" aria-hidden="true">${icon}</span>Next step: ${escapeText(title)}</h2>`,
    showText ? `<p>${escapeText(step.text)}</p>` : '',
  ];
  if (step.command) {
    parts.push(
      `<div class="command"><pre class="command__text"><code>${escapeText(step.command)}</code></pre>` +
        `<div class="command__actions">${copyButton('nextStep.command', 'command')}</div></div>`,
    );
    if (step.placeholders.length > 0) {
      parts.push(
        `<p class="placeholders"><span class="strong">Replace before running:</span> ${step.placeholders
          .map((p) => `<code>${escapeText(p)}</code>`)
          .join(', ')}</p>`,
      );
    }
  }
  if (step.notes.length > 0) {
    parts.push(`<ul class="notes">${step.notes.map((n) => `<li>${escapeText(n)}</li>`).join('')}</ul>`);
  }
  return `<section class="callout callout--${step.severity} next-step" aria-labelledby="next-step" data-kind="${escapeHtml(step.kind)}">${parts.join('')}</section>`;
}

function overlapWarning(peer: Peer, container?: Container): string {
  if (peer.providerName !== 'AWS' || !container || !cidrsOverlap(peer.routeTableCidrBlock, container.atlasCidrBlock)) {
    return '';
  }
  return (
    `<div class="callout callout--warning cidr-overlap" role="note"><h2 class="callout__title">` +
    `<span class="callout__icon" aria-hidden="true">!</span>Address ranges overlap</h2>` +
    `<p>Your route table CIDR block <code>${escapeText(peer.routeTableCidrBlock)}</code> overlaps the Atlas CIDR block ` +
    `<code>${escapeText(container.atlasCidrBlock)}</code>. AWS cannot peer or route between overlapping ranges: ` +
    `use a VPC (or Atlas CIDR block) whose addresses do not overlap.</p></div>`
  );
}

function connectionRows(model: DetailsModel): Row[] {
  const { peer } = model;
  const rows: Row[] = [
    { label: 'Atlas peer id', api: 'id', value: peer.id, mono: true, copy: 'peer.id' },
    { label: 'Container id', api: 'containerId', value: peer.containerId, mono: true, copy: 'peer.containerId' },
    {
      label: 'Cloud provider',
      api: 'providerName',
      value: PROVIDER_LABELS[peer.providerName],
      note: peer.providerInferred ? '(Atlas did not say; inferred from the fields)' : undefined,
    },
    {
      label: 'Status',
      api: peer.providerName === 'AWS' ? 'statusName' : 'status',
      value: peer.status,
      mono: true,
      note: `(${STATUS_CATEGORY_LABELS[peer.category]})`,
      missing: 'none reported',
    },
    { label: 'Error', value: peer.errorText, multiline: true, missing: 'none' },
  ];
  if (model.project) {
    rows.push({ label: 'Project', value: model.project.name || null });
    rows.push({ label: 'Project id', api: 'groupId', value: model.project.id, mono: true, copy: 'project.id' });
  }
  return rows;
}

function awsRows(peer: AwsPeer, container?: Container): Row[] {
  const { region, fromContainer } = awsAccepterRegion(peer, container);
  return [
    {
      label: 'Your AWS account id',
      api: 'awsAccountId',
      value: peer.awsAccountId,
      mono: true,
      copy: 'peer.awsAccountId',
    },
    { label: 'Your VPC id', api: 'vpcId', value: peer.vpcId, mono: true, copy: 'peer.vpcId' },
    {
      label: 'Route table CIDR block',
      api: 'routeTableCidrBlock',
      value: peer.routeTableCidrBlock,
      mono: true,
      copy: 'peer.routeTableCidrBlock',
    },
    {
      label: 'Accepter region (your VPC)',
      api: 'accepterRegionName',
      value: region,
      mono: true,
      copy: 'peer.accepterRegionName',
      note: fromContainer ? '(same as Atlas, from the container)' : undefined,
      missing: 'not set (same region as Atlas; container not loaded)',
    },
    {
      label: 'AWS peering connection id',
      api: 'connectionId',
      value: peer.connectionId,
      mono: true,
      copy: 'peer.connectionId',
      missing: 'not assigned yet',
    },
    { label: 'Status name', api: 'statusName', value: peer.statusName, mono: true },
    { label: 'Error state name', api: 'errorStateName', value: peer.errorStateName, mono: true, missing: 'none' },
  ];
}

function azureRows(peer: AzurePeer): Row[] {
  return [
    {
      label: 'Directory (tenant) id',
      api: 'azureDirectoryId',
      value: peer.azureDirectoryId,
      mono: true,
      copy: 'peer.azureDirectoryId',
    },
    {
      label: 'Subscription id',
      api: 'azureSubscriptionId',
      value: peer.azureSubscriptionId,
      mono: true,
      copy: 'peer.azureSubscriptionId',
    },
    {
      label: 'Resource group',
      api: 'resourceGroupName',
      value: peer.resourceGroupName,
      mono: true,
      copy: 'peer.resourceGroupName',
    },
    { label: 'VNet name', api: 'vnetName', value: peer.vnetName, mono: true, copy: 'peer.vnetName' },
    { label: 'Status', api: 'status', value: peer.status, mono: true },
    { label: 'Error state', api: 'errorState', value: peer.errorState, multiline: true, missing: 'none' },
  ];
}

function gcpRows(peer: GcpPeer): Row[] {
  return [
    { label: 'GCP project id', api: 'gcpProjectId', value: peer.gcpProjectId, mono: true, copy: 'peer.gcpProjectId' },
    { label: 'VPC network name', api: 'networkName', value: peer.networkName, mono: true, copy: 'peer.networkName' },
    { label: 'Status', api: 'status', value: peer.status, mono: true },
    { label: 'Error message', api: 'errorMessage', value: peer.errorMessage, multiline: true, missing: 'none' },
  ];
}

function providerRows(peer: Peer, container?: Container): Row[] {
  switch (peer.providerName) {
    case 'AWS':
      return awsRows(peer, container);
    case 'AZURE':
      return azureRows(peer);
    case 'GCP':
      return gcpRows(peer);
  }
}

const PROVIDER_SIDE_TITLES: Record<Peer['providerName'], string> = {
  AWS: 'Your AWS side',
  AZURE: 'Your Azure side',
  GCP: 'Your Google Cloud side',
};

function provisionedText(p: boolean | null): string | null {
  return p === null ? null : p ? 'Yes: clusters exist in this container' : 'No: no clusters in this container yet';
}

function containerRows(container: Container): Row[] {
  const rows: Row[] = [
    { label: 'Container id', api: 'id', value: container.id, mono: true, copy: 'container.id' },
    {
      label: 'Atlas CIDR block',
      api: 'atlasCidrBlock',
      value: container.atlasCidrBlock,
      mono: true,
      copy: 'container.atlasCidrBlock',
    },
  ];
  const untilCluster = container.provisioned === false ? 'not set until a cluster exists' : 'not set';
  switch (container.providerName) {
    case 'AWS': {
      const aws = atlasRegionToAws(container.regionName);
      rows.push({
        label: 'Region',
        api: 'regionName',
        value: container.regionName,
        mono: true,
        note: aws ? `(${aws} in AWS)` : undefined,
      });
      rows.push({ label: 'Provisioned', api: 'provisioned', value: provisionedText(container.provisioned) });
      rows.push({
        label: 'Atlas VPC id',
        api: 'vpcId',
        value: container.vpcId,
        mono: true,
        copy: 'container.vpcId',
        missing: untilCluster,
      });
      break;
    }
    case 'AZURE':
      rows.push({ label: 'Region', api: 'region', value: container.region, mono: true });
      rows.push({ label: 'Provisioned', api: 'provisioned', value: provisionedText(container.provisioned) });
      rows.push({
        label: 'Atlas subscription id',
        api: 'azureSubscriptionId',
        value: container.azureSubscriptionId,
        mono: true,
        copy: 'container.azureSubscriptionId',
        missing: untilCluster,
      });
      rows.push({
        label: 'Atlas VNet name',
        api: 'vnetName',
        value: container.vnetName,
        mono: true,
        copy: 'container.vnetName',
        missing: untilCluster,
      });
      break;
    case 'GCP':
      rows.push({
        label: 'Regions',
        api: 'regions',
        value: container.regions.join(', ') || null,
        mono: true,
        missing: 'not set',
      });
      rows.push({ label: 'Provisioned', api: 'provisioned', value: provisionedText(container.provisioned) });
      rows.push({
        label: 'Atlas GCP project id',
        api: 'gcpProjectId',
        value: container.gcpProjectId,
        mono: true,
        copy: 'container.gcpProjectId',
        missing: untilCluster,
      });
      rows.push({
        label: 'Atlas network name',
        api: 'networkName',
        value: container.networkName,
        mono: true,
        copy: 'container.networkName',
        missing: untilCluster,
      });
      break;
  }
  return rows;
}

function atlasSide(model: DetailsModel): string {
  const { container, peer } = model;
  if (!container) {
    const what = peer.containerId ? `The Atlas container ${peer.containerId}` : 'The Atlas container';
    const body = model.containerError
      ? `<p class="callout callout--warning inline">${escapeText(what)} could not be loaded: ${escapeText(model.containerError)}</p>`
      : `<p class="muted">${escapeText(what)} is not loaded.</p>`;
    return section('atlas-side', 'Atlas side', body);
  }
  return section('atlas-side', 'Atlas side', fieldList(containerRows(container)));
}

function extraValue(value: unknown): { text: string | null; multiline: boolean } {
  if (value === null || value === undefined) {
    return { text: null, multiline: false };
  }
  if (typeof value === 'string') {
    return { text: value, multiline: value.includes('\n') };
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value, null, 2);
  } catch {
    text = undefined;
  }
  return { text: text ?? String(value), multiline: typeof value === 'object' };
}

function otherFields(model: DetailsModel): string {
  const groups: string[] = [];
  const toRows = (extra: Record<string, unknown>): Row[] =>
    Object.entries(extra).map(([key, value]) => {
      const { text, multiline } = extraValue(value);
      return { label: key, value: text, mono: true, multiline };
    });
  const peerExtra = Object.keys(model.peer.extra).length > 0;
  const containerExtra = model.container !== undefined && Object.keys(model.container.extra).length > 0;
  if (!peerExtra && !containerExtra) {
    return '';
  }
  if (peerExtra) {
    groups.push(`<h3>Connection</h3>${fieldList(toRows(model.peer.extra))}`);
  }
  if (containerExtra && model.container) {
    groups.push(`<h3>Atlas container</h3>${fieldList(toRows(model.container.extra))}`);
  }
  return section(
    'other-fields',
    'Other fields',
    `<p class="muted">Fields Atlas returned that this extension does not know by name.</p>${groups.join('')}`,
  );
}

export function rawJsonOf(model: DetailsModel): string {
  if (typeof model.rawJson === 'string') {
    return model.rawJson;
  }
  try {
    return JSON.stringify(model.peer.raw, null, 2) ?? '';
  } catch {
    return '';
  }
}

function rawSection(model: DetailsModel): string {
  const raw = rawJsonOf(model);
  return (
    `<details class="raw" id="raw-json"><summary>Show raw JSON</summary>` +
    `<div class="raw__actions">${copyButton('rawJson', 'raw JSON')}</div>` +
    `<pre class="raw__text"><code>${raw ? escapeText(raw) : '(empty response)'}</code></pre></details>`
  );
}

/** The whole details page for one peering connection. */
export function renderDetailsHtml(model: DetailsModel, env: RenderEnv): string {
  const { peer, container } = model;
  const step = nextStep(peer, container);
  const body = [
    header(model, env),
    '<main class="content">',
    errorCallout(peer),
    nextStepSection(step, peer),
    overlapWarning(peer, container),
    section('connection', 'Connection', fieldList(connectionRows(model))),
    section('provider-side', PROVIDER_SIDE_TITLES[peer.providerName], fieldList(providerRows(peer, container))),
    atlasSide(model),
    otherFields(model),
    rawSection(model),
    '</main>',
  ].join('\n');
  return page(`Peering ${peerLabel(peer)}`, body, env, `details category-${peer.category}`);
}

/** The value a copy button stands for, from the model (never from the page). */
export function resolveCopyValue(model: DetailsModel, field: CopyField): string | undefined {
  const { peer, container } = model;
  const pick = (obj: object | undefined, key: string): string | undefined => {
    if (!obj) {
      return undefined;
    }
    const v = (obj as Record<string, unknown>)[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  if (field === 'rawJson') {
    return rawJsonOf(model) || undefined;
  }
  if (field === 'nextStep.command') {
    return nextStep(peer, container)?.command;
  }
  if (field === 'project.id') {
    return model.project?.id || undefined;
  }
  if (field === 'peer.accepterRegionName') {
    return peer.providerName === 'AWS' ? (awsAccepterRegion(peer, container).region ?? undefined) : undefined;
  }
  const [scope, key] = field.split('.') as ['peer' | 'container', string];
  return scope === 'peer' ? pick(peer, key) : pick(container, key);
}

// ---------------------------------------------------------------------------------------------
// Error and loading pages

export function renderDetailsError(model: DetailsErrorModel, env: RenderEnv): string {
  const actions: DetailsErrorAction[] = [...(model.actions ?? [])];
  if (!actions.includes('retry')) {
    actions.push('retry');
  }
  const buttons = actions
    .map((action, i) =>
      button('action', ERROR_ACTION_LABELS[action], {
        primary: i === 0,
        id: `btn-action-${action}`,
        extra: `data-error-action="${escapeHtml(action)}"`,
      }),
    )
    .join('');
  const code = [model.errorCode, model.httpStatus !== undefined ? `HTTP ${model.httpStatus}` : undefined]
    .filter(Boolean)
    .join(' · ');
  const title = model.title ?? 'Could not load the peering connection';
  const body =
    `<main class="content state state--error">` +
    `<div class="callout callout--error" role="alert">` +
    `<h1 class="callout__title"><span class="callout__icon" aria-hidden="true">\u2715</span>${escapeText(title)}</h1>` +
    (model.subject ? `<p class="muted">Looking up <code>${escapeText(model.subject)}</code></p>` : '') +
    `<p class="error-text">${escapeText(model.message)}</p>` +
    (code ? `<p class="muted">Error code <code>${escapeText(code)}</code></p>` : '') +
    `<div class="toolbar" role="toolbar" aria-label="What to do">${buttons}</div>` +
    `</div></main>`;
  return page(title, body, env, 'details state-error');
}

export function renderDetailsLoading(model: { subject?: string }, env: RenderEnv): string {
  const body =
    `<main class="content state state--loading" aria-busy="true">` +
    `<p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>` +
    `Loading peering connection${model.subject ? ` <code>${escapeText(model.subject)}</code>` : ''}…</p></main>`;
  return page('Loading peering connection', body, env, 'details state-loading');
}
