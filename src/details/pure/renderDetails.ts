// Pure HTML renderer for the peering details webview. No `vscode` import: the panel glue passes the
// webview's cspSource, a fresh nonce and the media URIs. Every interpolated value goes through
// escapeHtml/escapeText; nothing from the model is placed inside <script>, href or src.
import {
  Container,
  Peer,
  peerLabel,
  PROVIDER_LABELS,
  StatusCategory,
  STATUS_CATEGORY_LABELS,
} from '../../atlas/models';
import { formatAge } from '../../util/age';
import { cidrsOverlap } from '../../util/cidr';
import { escapeHtml, escapeText } from '../../util/html';
import { CopyField, DetailsErrorAction } from './messages';
import { awsAccepterRegion, nextStep, NextStep } from './nextStep';
import {
  button,
  copyButton,
  fieldList,
  formatClock,
  isHttpsUrl,
  pad2,
  page,
  section,
  type RenderEnv,
  type Row,
} from './htmlParts';

export { formatClock, isHttpsUrl, type RenderEnv };
import { containerRows, PROVIDER_SIDE_TITLES, providerRows } from './providerRows';
import type { PlanView } from './planView';
import { accessSection, atlasNetworkRows, connectionsSection, stepsSection, timelineSection } from './renderPlan';

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
  /** The steps to a working connection and the project facts behind them (planView.ts). */
  plan?: PlanView;
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
    button('generate', 'Generate Terraform', {
      id: 'btn-generate-terraform',
      title: 'Import blocks and resources for this connection and its container',
      extra: 'data-format="terraform"',
    }),
    button('generate', 'Generate Kubernetes manifest', {
      id: 'btn-generate-kubernetes',
      title: 'AtlasNetworkPeering and AtlasNetworkContainer manifests that adopt this connection',
      extra: 'data-format="kubernetes"',
    }),
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

/**
 * The one next step, at the top. When the plan below has its steps (with their commands), this box
 * names the step and points there instead of showing the same command a second time.
 */
function nextStepSection(step: NextStep | undefined, peer: Peer, planHasSteps: boolean): string {
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
  if (planHasSteps) {
    parts.push('<p><a href="#plan-steps">The steps below</a> give the commands, with what to replace.</p>');
  } else if (step.command) {
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

function atlasSide(model: DetailsModel): string {
  const { container, peer } = model;
  if (!container) {
    const what = peer.containerId ? `The Atlas container ${peer.containerId}` : 'The Atlas container';
    const body = model.containerError
      ? `<p class="callout callout--warning inline">${escapeText(what)} could not be loaded: ${escapeText(model.containerError)}</p>`
      : `<p class="muted">${escapeText(what)} is not loaded.</p>`;
    return section('atlas-side', 'Atlas side', body);
  }
  const extra = model.plan ? atlasNetworkRows(model.plan) : [];
  return section('atlas-side', 'Atlas side', fieldList([...containerRows(container), ...extra]));
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
    nextStepSection(step, peer, (model.plan?.steps.length ?? 0) > 0),
    overlapWarning(peer, container),
    model.plan ? accessSection(model.plan) : '',
    model.plan ? stepsSection(model.plan) : '',
    model.plan ? connectionsSection(model.plan) : '',
    model.plan ? timelineSection(model.plan) : '',
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
