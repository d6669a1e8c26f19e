// The details view's sections from a status to a working connection (planView.ts): next steps with
// copyable commands, the access-list warning, connection strings per cluster, the Atlas side with
// the peer limits, and the watch timeline. Every value goes through escapeHtml/escapeText; a Copy
// button names only a key, and the host copies the value it holds for that key.
import { escapeHtml, escapeText } from '../../util/html';
import { formatClock, section, type Row } from './htmlParts';
import { limitsText, type PlanView } from './planView';
import { outcomeLine } from './watchOutcome';

export function planCopyButton(key: string, what: string): string {
  return `<button type="button" class="copy" data-action="copyPlan" data-key="${escapeHtml(key)}" aria-label="Copy ${escapeText(what)}" title="Copy ${escapeText(what)}">Copy</button>`;
}

function command(key: string, label: string, text: string): string {
  return (
    `<div class="command" data-copy-key="${escapeHtml(key)}"><p class="command__label muted">${escapeText(label)}</p>` +
    `<pre class="command__text"><code>${escapeText(text)}</code></pre>` +
    `<div class="command__actions">${planCopyButton(key, label)}</div></div>`
  );
}

function readError(view: PlanView, read: keyof NonNullable<PlanView['errors']>, what: string): string {
  const e = view.errors?.[read];
  return e ? `<p class="muted read-error">${escapeText(`${what} could not be read: ${e}`)}</p>` : '';
}

export function stepsSection(view: PlanView): string {
  if (view.steps.length === 0) {
    return '';
  }
  const items = view.steps
    .map(
      (s) =>
        `<li class="plan-step" data-step="${escapeHtml(s.id)}"><h3>${escapeText(s.title)}</h3><p>${escapeText(s.prose)}</p>` +
        s.commands.map((c, i) => command(`step.${s.id}.${i}`, c.label, c.copyText)).join('') +
        `<p class="muted source">Source: <span class="mono">${escapeText(s.sourceUrl)}</span></p></li>`,
    )
    .join('');
  return section('plan-steps', 'Steps to a working connection', `<ol class="plan">${items}</ol>`);
}

export function accessSection(view: PlanView): string {
  const a = view.access;
  if (!a) {
    return readError(view, 'accessList', 'The IP access list');
  }
  if (a.coverage.kind === 'covered' || a.coverage.kind === 'unknown') {
    return '';
  }
  const words =
    a.coverage.kind === 'notCovered'
      ? `No entry of the project's IP access list covers the peer network ${a.coverage.peerCidr}.`
      : `The project's IP access list covers only part of the peer network ${a.coverage.peerCidr}; missing: ${a.coverage.uncovered.join(', ')}.`;
  return (
    `<div class="callout callout--warning access-list" role="note" data-coverage="${escapeHtml(a.coverage.kind)}">` +
    `<h2 class="callout__title"><span class="callout__icon" aria-hidden="true">!</span>IP access list</h2>` +
    `<p>${escapeText(`${words} Atlas refuses connections from addresses outside the list, even over an AVAILABLE peering.`)}</p>` +
    a.commands.map((c, i) => command(`access.${i}`, 'Add to the access list', c)).join('') +
    `</div>`
  );
}

export function connectionsSection(view: PlanView): string {
  if (!view.connections) {
    return readError(view, 'clusters', "The project's clusters");
  }
  if (view.connections.length === 0) {
    return section(
      'connection-strings',
      'Connection strings',
      '<p class="muted">No cluster of this project runs on this provider.</p>',
    );
  }
  const items = view.connections
    .map((c, i) => {
      const body = c.uri
        ? `<pre class="command__text"><code>${escapeText(c.uri)}</code></pre><div class="command__actions">${planCopyButton(`cluster.${i}`, `${c.clusterName} connection string`)}</div>`
        : '';
      const note = c.note ? `<p class="muted">${escapeText(c.note)}</p>` : '';
      return `<div class="command cluster-string" data-cluster="${escapeHtml(c.clusterName)}" data-kind="${escapeHtml(c.kind)}"><p class="command__label"><span class="strong">${escapeText(c.clusterName)}</span> <span class="muted">${escapeText(c.kind)}</span></p>${body}${note}</div>`;
    })
    .join('');
  return section(
    'connection-strings',
    'Connection strings',
    `<p class="muted">The strings that work over this peering. They carry no user name or password: add your database user.</p>${items}`,
  );
}

export function atlasNetworkRows(view: PlanView): Row[] {
  const rows: Row[] = [];
  if (view.atlas) {
    const a = view.atlas;
    rows.push(
      {
        label: 'Can the CIDR change',
        value: a.changeable ? 'yes' : 'no',
        note: a.changeable ? undefined : '(Atlas fixes it once the project has a peering or a dedicated cluster)',
      },
      { label: 'Capacity', value: a.addresses === null ? null : `${a.addresses.toLocaleString('en-US')} addresses` },
    );
    if (a.belowGcpMinimum) {
      rows.push({ label: 'GCP minimum', value: 'below /18', note: '(GCP containers need at least a /18)' });
    }
  }
  if (view.counts) {
    rows.push({
      label: 'Project peers',
      value: limitsText(view.counts),
      note: view.counts.atLimit ? '(at the limit)' : undefined,
    });
  }
  return rows;
}

function durationText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60
    ? `${s} s`
    : s < 3600
      ? `${Math.floor(s / 60)} min ${s % 60} s`
      : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function timelineSection(view: PlanView): string {
  if (view.timeline.length === 0) {
    return '';
  }
  const line = outcomeLine(view.outcome, view.steps[0]?.title);
  const rows = view.timeline
    .map(
      (r) =>
        `<li><span class="mono">${escapeText(r.status)}</span> <span class="muted">from ${formatClock(new Date(r.sinceMs))}, ${escapeText(durationText(r.durationMs))}</span></li>`,
    )
    .join('');
  return section(
    'watch-timeline',
    'Watch',
    `${line ? `<p class="watch-outcome" data-outcome="${escapeHtml(view.outcome.kind)}">${escapeText(line)}</p>` : ''}<ol class="timeline">${rows}</ol>`,
  );
}
