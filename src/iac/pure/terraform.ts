// Terraform code that adopts existing Atlas peers and containers: `import` blocks (Terraform 1.5+),
// the `mongodbatlas_network_container` and `mongodbatlas_network_peering` resources with the live
// values, and the `terraform import` command lines for older Terraform. Pure: no `vscode` import.
//
// Every value from Atlas goes through hclString, so a hostile value cannot end a string, start an
// interpolation (`${`) or a directive (`%{`), or break a line. Import ids (provider docs):
//  - peering: PROJECTID-PEERID-PROVIDERNAME
//    https://github.com/mongodb/terraform-provider-mongodbatlas/blob/master/docs/resources/network_peering.md
//  - container: PROJECTID-CONTAINERID
//    https://github.com/mongodb/terraform-provider-mongodbatlas/blob/master/docs/resources/network_container.md

import type { Container, Peer } from '../../atlas/models';
import {
  containerFields,
  fieldValue,
  peerArgumentsFromContainer,
  peerFields,
  type FieldMapping,
  type FieldValue,
} from '../../configFiles/fieldMap';
import { fileGenerator, NameAllocator, terraformLabel } from './names';

export const PEERING_RESOURCE = 'mongodbatlas_network_peering';
export const CONTAINER_RESOURCE = 'mongodbatlas_network_container';

export function peeringImportId(projectId: string, peer: Peer): string {
  return `${projectId}-${peer.id}-${peer.providerName}`;
}

export function containerImportId(projectId: string, container: Container): string {
  return `${projectId}-${container.id}`;
}

// Characters escaped as \uNNNN even though HCL would take them raw: control characters, line and
// paragraph separators, zero-width and bidirectional controls (so the file reads as it parses).
const UNSAFE_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** A quoted HCL string whose value is exactly `value`. */
export function hclString(value: string): string {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    // Function replacements: in a replacement string `$$` would mean one `$`.
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, () => '%%{')
    .replace(UNSAFE_CHARACTER, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `"${escaped}"`;
}

function hclValue(value: Exclude<FieldValue, null>): string {
  if (typeof value === 'boolean') {
    return String(value);
  }
  if (typeof value === 'string') {
    return hclString(value);
  }
  return `[${value.map(hclString).join(', ')}]`;
}

type Attribute = readonly [name: string, value: Exclude<FieldValue, null>];

/** A block's body, `=` aligned as `terraform fmt` aligns it. */
function body(attributes: readonly Attribute[]): string {
  const width = Math.max(0, ...attributes.map(([name]) => name.length));
  return attributes.map(([name, value]) => `  ${name.padEnd(width)} = ${hclValue(value)}`).join('\n');
}

function block(header: string, attributes: readonly Attribute[]): string {
  return `${header} {\n${body(attributes)}\n}`;
}

/**
 * HCL reads every string in Unicode NFC form (escapes included), so a value that is not in NFC
 * cannot be written exactly; Terraform would see its NFC form and plan a change.
 */
function isNfc(value: Exclude<FieldValue, null>): boolean {
  const strings = typeof value === 'boolean' ? [] : typeof value === 'string' ? [value] : value;
  return strings.every((s) => s === s.normalize('NFC'));
}

/** The Terraform arguments of a model, from the field table; fields Atlas left null are left out. */
function argumentsOf<Model>(model: Model, mappings: readonly FieldMapping<Model>[]): Attribute[] {
  const out: Attribute[] = [];
  for (const mapping of mappings) {
    const value = fieldValue(model, mapping);
    if (mapping.terraformArgument && mapping.terraform && value !== null) {
      out.push([mapping.terraform, value]);
    }
  }
  return out;
}

/** Text safe in a `#` comment and on a shell command line: no quotes, spaces or line breaks. */
const PLAIN_TEXT = /^[A-Za-z0-9_.:/-]{1,100}$/;

interface Generated {
  /** The import blocks and resources. */
  code: string;
  /** `terraform import` lines, or null when an id holds characters a command line cannot carry. */
  commands: string[] | null;
  /** False when a value is not in NFC form, so Terraform will read it slightly changed. */
  exact: boolean;
}

function importAndResource(
  resourceType: string,
  label: string,
  importId: string,
  attributes: Attribute[],
  note: string | undefined,
): Generated {
  const address = `${resourceType}.${label}`;
  const code = [
    ...(note ? [note] : []),
    // `to` is an address, not a string: written raw (the label is an identifier by construction).
    `import {\n  to = ${address}\n  id = ${hclString(importId)}\n}`,
    '',
    block(`resource "${resourceType}" "${label}"`, attributes),
  ].join('\n');
  return {
    code,
    commands: PLAIN_TEXT.test(importId) ? [`terraform import ${address} ${importId}`] : null,
    exact: isNfc(importId) && attributes.every(([, value]) => isNfc(value)),
  };
}

function containerCode(projectId: string, container: Container, label: string): Generated {
  return importAndResource(
    CONTAINER_RESOURCE,
    label,
    containerImportId(projectId, container),
    [['project_id', projectId], ...argumentsOf(container, containerFields(container))],
    undefined,
  );
}

/** A comment with the peer's state when generated, for the reader; left out when Atlas's text is not plain. */
function statusNote(peer: Peer): string | undefined {
  if (!peer.status || !PLAIN_TEXT.test(peer.status)) {
    return undefined;
  }
  const error = peer.errorText && PLAIN_TEXT.test(peer.errorText) ? ` (${peer.errorText})` : '';
  return `# Status in Atlas when generated: ${peer.status}${error}`;
}

function peerCode(projectId: string, peer: Peer, container: Container | undefined, label: string): Generated {
  // container_id is written as the literal id, not a reference to the container resource: the
  // import then matches the state exactly, and the peer still generates when its container is missing.
  const fromContainer = container ? argumentsOf(container, peerArgumentsFromContainer(container)) : [];
  return importAndResource(
    PEERING_RESOURCE,
    label,
    peeringImportId(projectId, peer),
    [['project_id', projectId], ...argumentsOf(peer, peerFields(peer)), ...fromContainer],
    statusNote(peer),
  );
}

function commandsComment(parts: readonly Generated[]): string {
  const lines = parts.map((p) => p.commands);
  if (lines.some((l) => l === null)) {
    return '# An id holds characters that a command line cannot carry safely: use the import blocks.';
  }
  return [
    '# With Terraform older than 1.5 (no import blocks), import with these commands instead:',
    ...lines.flatMap((l) => l ?? []).map((l) => `#   ${l}`),
  ].join('\n');
}

function assemble(parts: readonly Generated[]): string {
  const header = '# Adopts existing MongoDB Atlas network peering into Terraform (run terraform plan to check).';
  const warning = parts.every((p) => p.exact)
    ? []
    : [
        '# Warning: a value from Atlas is not in Unicode NFC form; Terraform reads it normalized and may plan a change.',
      ];
  return [header, ...warning, ...parts.map((p) => p.code), commandsComment(parts)].join('\n\n') + '\n';
}

const GENERATOR = fileGenerator(
  (projectId) => ({
    names: () => new NameAllocator(terraformLabel, '_'),
    container: (container, name) => containerCode(projectId, container, name),
    peer: (peer, container, name) => peerCode(projectId, peer, container, name),
  }),
  assemble,
);

export const terraformForPeer = GENERATOR.forPeer;
export const terraformForProject = GENERATOR.forProject;
