// The drift report as a Markdown document: each peering and container resource of the
// workspace's Terraform files, state files and operator manifests, in sync, drifted (the values,
// both sides), missing in Atlas, or not checked (why), and files that could not be read. Every
// value from a file or from Atlas goes through md()/code(), so none of it can form a link.
// Pure: no `vscode` import.

import type { IacResource } from '../../configFiles/references';
import { code, md } from '../../util/markdown';
import { shownValue, type DriftVerdict } from './drift';

export interface DriftReportRow {
  /** The file, relative to the workspace folder. */
  file: string;
  resource: IacResource;
  verdict: DriftVerdict;
}

export interface DriftReportInput {
  rows: readonly DriftReportRow[];
  /** Files that hold peering or container resources the scanner could not read, with why. */
  unreadable: readonly { file: string; reason: string }[];
  /** Files searched. */
  files: number;
  /** When the search stopped at its limit: how many files it looked at. */
  truncatedAt?: number;
  generatedAt: Date;
}

type Status = DriftVerdict['status'];

const TITLES: Record<Status, string> = {
  drifted: 'Drifted',
  missing: 'Missing in Atlas',
  notChecked: 'Not checked',
  inSync: 'In sync',
};
const ORDER: readonly Status[] = ['drifted', 'missing', 'notChecked', 'inSync'];

function what(verdict: DriftVerdict): string {
  switch (verdict.status) {
    case 'drifted':
      return verdict.drifted
        .map(
          (d) =>
            `${code(d.name)}: Atlas has ${code(shownValue(d.liveValue))}, the file says ${code(shownValue(d.fileValue))}`,
        )
        .join('<br>');
    case 'missing':
      return 'Atlas has no such object in the project';
    case 'notChecked':
      return md(verdict.reason, 300);
    case 'inSync': {
      const compared = `${verdict.compared.length} value(s) compared`;
      return verdict.expressions.length > 0
        ? `${compared}; not compared (expressions): ${verdict.expressions.map((e) => code(e)).join(', ')}`
        : compared;
    }
  }
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

export function renderDriftReport(input: DriftReportInput): string {
  const counts = new Map<Status, number>(ORDER.map((s) => [s, 0]));
  for (const r of input.rows) {
    counts.set(r.verdict.status, (counts.get(r.verdict.status) ?? 0) + 1);
  }
  const lines: string[] = [
    '# Atlas Peering: drift report',
    '',
    `Files against Atlas, ${input.generatedAt.toISOString().replace(/\.\d+Z$/, 'Z')}: ${input.files} file(s) searched` +
      (input.truncatedAt !== undefined ? ` (the search stopped at ${input.truncatedAt})` : '') +
      '.',
    '',
    ORDER.map((s) => `**${TITLES[s]}**: ${counts.get(s)}`).join(' · ') +
      (input.unreadable.length > 0 ? ` · **Unreadable files**: ${input.unreadable.length}` : ''),
  ];
  for (const status of ORDER) {
    const rows = input.rows.filter((r) => r.verdict.status === status);
    if (rows.length === 0) {
      continue;
    }
    lines.push('', `## ${TITLES[status]} (${rows.length})`, '', row(['File', 'Resource', 'Kind', 'Details']));
    lines.push(row(['---', '---', '---', '---']));
    for (const r of rows) {
      lines.push(
        row([
          md(r.file, 300),
          code(r.resource.address, 300),
          r.resource.kind === 'peer' ? 'peering' : 'container',
          what(r.verdict),
        ]),
      );
    }
    if (status === 'drifted' && rows.some((r) => r.resource.source === 'tfstate')) {
      lines.push(
        '',
        'State files belong to Terraform: `terraform plan -refresh-only` shows what Atlas changed, and `terraform apply -refresh-only` writes it into the state.',
      );
    }
  }
  if (input.unreadable.length > 0) {
    lines.push('', `## Unreadable files (${input.unreadable.length})`, '', row(['File', 'Why']), row(['---', '---']));
    for (const u of input.unreadable) {
      lines.push(row([md(u.file, 300), md(u.reason, 300)]));
    }
  }
  if (input.rows.length === 0 && input.unreadable.length === 0) {
    lines.push(
      '',
      'No `mongodbatlas_network_peering` or `mongodbatlas_network_container` resource, and no `AtlasNetworkPeering` or `AtlasNetworkContainer` manifest, was found.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Why a file's peering and container resources could not all be read, or undefined: the
 * resources a text declares are counted from their headers alone, and more than the scanner read
 * means a syntax error cut some off. A state file's resources are counted once for all their
 * instances (Terraform writes `"mode"` just before `"type"`).
 */
export function unreadableReason(
  text: string,
  source: IacResource['source'],
  read: readonly IacResource[],
): string | undefined {
  const pattern =
    source === 'kubernetes'
      ? /^kind:[ \t]*["']?AtlasNetwork(?:Peering|Container)["']?[ \t]*(?:#.*)?$/gm
      : source === 'terraform'
        ? /^[ \t]*resource[ \t]+"mongodbatlas_network_(?:peering|container)"/gm
        : /"mode"\s*:\s*"managed"\s*,\s*"type"\s*:\s*"mongodbatlas_network_(?:peering|container)"/g;
  let declared = 0;
  for (const _ of text.matchAll(pattern)) {
    declared++;
  }
  const readCount = new Set(read.map((r) => r.address.replace(/\[[^\]]*\]$/, ''))).size;
  return declared > readCount
    ? `${declared - readCount} of its ${declared} peering or container resource(s) could not be read: check the file's syntax`
    : undefined;
}
