// Terraform configuration (.tf): mongodbatlas_* resources and data sources, import blocks,
// `terraform import` commands in comments, and variables / locals / module arguments whose names
// say they hold an Atlas id. Field names are those of terraform-provider-mongodbatlas
// (https://registry.terraform.io/providers/mongodb/mongodbatlas/latest/docs).

import { asProviderName, type ProviderName } from '../atlas/models';
import { isAtlasId } from '../atlas/validate';
import { scanHclSteps, type HclAttribute, type HclBlock, type HclFile, type HclString } from './hcl';
import { TERRAFORM_ARGUMENTS } from './fieldMap';
import { ref, wellFormed, type Collector, type IacResource, type IacValue, type ReferenceKind } from './references';

export const PEERING = 'mongodbatlas_network_peering';
const PEERINGS = 'mongodbatlas_network_peerings';
export const CONTAINER = 'mongodbatlas_network_container';
export const CONTAINERS = 'mongodbatlas_network_containers';

/** Attributes that hold ids, by resource / data source type (terraform-provider-mongodbatlas docs). */
export const ID_FIELDS: Record<string, Record<string, ReferenceKind>> = {
  [PEERING]: {
    project_id: 'project',
    container_id: 'container',
    peer_id: 'peer',
    atlas_id: 'peer',
    peering_id: 'peer',
  },
  [PEERINGS]: { project_id: 'project', peering_id: 'peer', container_id: 'container' },
  [CONTAINER]: { project_id: 'project', container_id: 'container' },
  [CONTAINERS]: { project_id: 'project', container_id: 'container' },
};

/** Only project_id is known for every other mongodbatlas_* type. */
export const OTHER_ATLAS_FIELDS: Record<string, ReferenceKind> = { project_id: 'project' };

const ENCODED_CONTAINER_REF =
  /^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*mongodbatlas_network_container\.[\w-]+(?:\[[^\]]*\])?\.id$/;
const IMPORT_TO =
  /^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*(mongodbatlas_network_peering|mongodbatlas_network_container)\.[\w-]+(?:\[[^\]]*\])?$/;
const IMPORT_COMMAND =
  /\bterraform\s+import\s+(?:-[\w-]+(?:=\S*)?\s+)*['"]?((?:module\.[\w-]+(?:\[[^\]\s]*\])?\.)*(mongodbatlas_network_peering|mongodbatlas_network_container)\.[\w-]+(?:\[[^\]\s]*\])?)['"]?\s+['"]?([^\s'"]+)/g;

/**
 * Kind of an id held by a variable, local, module argument or tfvars entry, guessed from its name.
 * Names mentioning another cloud (gcp_project_id) are someone else's ids.
 */
function kindFromName(name: string): ReferenceKind | undefined {
  if (name.length > MAX_NAME) {
    return undefined;
  }
  const n = name.toLowerCase().replace(/-/g, '_');
  if (/gcp|google|aws|azure|subscription|account/.test(n)) {
    return undefined;
  }
  if (/(^|_)(project|group)_?ids?$/.test(n)) {
    return 'project';
  }
  if (/(^|_)(peer|peering)_?ids?$/.test(n)) {
    return 'peer';
  }
  if (/(^|_)container_?ids?$/.test(n)) {
    return 'container';
  }
  return undefined;
}

/**
 * Names and addresses longer than this are not matched against the patterns above (no real
 * Terraform address comes close): a regex over a name from the file costs time in its length, and
 * a hostile file would pay that once per attribute.
 */
const MAX_NAME = 1024;

function literalOf(block: HclBlock, name: string): string | undefined {
  const a = block.attributes.find((x) => x.name === name);
  return a?.literal && !a.literal.template ? a.literal.raw : undefined;
}

export function* collectTerraform(text: string, out: Collector): Generator<void, void> {
  const imports: ImportTargets = new Map();
  for (const file of scanHclSteps(text)) {
    collectHclStep(text, file, out, imports);
    yield;
  }
  // A configuration's peering and container resources do not hold their Atlas ids (Terraform
  // reads them back into the state): an import block or command for the address tells them.
  for (const r of out.resources ?? []) {
    const target = r.source === 'terraform' ? imports.get(r.address) : undefined;
    if (target) {
      r.atlasId = target.atlasId;
      r.idRange = target.idRange;
      r.projectId ??= target.projectId;
      r.provider ??= target.provider;
    }
  }
}

/** What the import blocks and `terraform import` commands of a file say each address is in Atlas. */
type ImportTargets = Map<
  string,
  { projectId: string; atlasId: string; idRange: { start: number; end: number }; provider?: ProviderName }
>;

function collectHclStep(text: string, file: HclFile, out: Collector, imports: ImportTargets): void {
  for (const a of file.attributes) {
    heuristicAttribute(a, a.name, undefined, out);
  }
  for (const block of file.blocks) {
    const label = (i: number): string | undefined => block.labels[i]?.raw;
    if ((block.type === 'resource' || block.type === 'data') && label(0) && label(1)) {
      collectTerraformResource(block, label(0) as string, label(1) as string, out);
      if (block.type === 'resource' && (label(0) === PEERING || label(0) === CONTAINER)) {
        out.resources?.push(configResource(block, label(0) as string, label(1) as string));
      }
    } else if (block.type === 'import') {
      collectImportBlock(block, out, imports);
    } else if (block.type === 'variable' && label(0)) {
      const kind = kindFromName(label(0) as string);
      const def = block.attributes.find((a) => a.name === 'default');
      if (kind && def) {
        heuristicAttribute(
          def,
          label(0) as string,
          { kind, context: `var.${label(0)} default`, block, blockName: `var.${label(0)}` },
          out,
        );
      }
    } else if (block.type === 'locals') {
      for (const a of block.attributes) {
        heuristicAttribute(a, a.name, { context: `local.${a.name}`, block, blockName: 'locals' }, out);
      }
    } else if (block.type === 'module' && label(0)) {
      for (const a of block.attributes) {
        heuristicAttribute(
          a,
          a.name,
          { context: `module.${label(0)} ${a.name}`, block, blockName: `module.${label(0)}` },
          out,
        );
      }
    }
  }
  for (const c of file.comments) {
    collectImportCommands(c.body, c.bodyStart, text, out, imports);
  }
}

/** A peering or container resource of a configuration, with the arguments the drift check compares. */
function configResource(block: HclBlock, type: string, name: string): IacResource {
  const kind = type === PEERING ? 'peer' : 'container';
  const names = TERRAFORM_ARGUMENTS[kind];
  const values: IacValue[] = [];
  for (const a of block.attributes) {
    if (names.has(a.name)) {
      values.push(configValue(a));
    }
  }
  return {
    source: 'terraform',
    kind,
    address: `${type}.${name}`,
    start: block.start,
    projectId: wellFormed(literalOf(block, 'project_id')),
    provider: asProviderName(literalOf(block, 'provider_name')),
    values,
  };
}

/** `["a", "b"]` with nothing but plain strings (no escapes, no templates) in it. */
const LITERAL_LIST = /^\[\s*(?:"[^"\\$%\r\n]*"\s*(?:,\s*"[^"\\$%\r\n]*"\s*)*,?\s*)?\]$/;

function configValue(a: HclAttribute): IacValue {
  if (a.literal && !a.literal.template && !a.literal.raw.includes('\\')) {
    return {
      name: a.name,
      // `$${` and `%%{` are how HCL writes a literal `${` and `%{`.
      value: a.literal.raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'),
      range: { start: a.literal.start, end: a.literal.end },
      syntax: 'hclString',
    };
  }
  const source = a.expression;
  if (source !== undefined && source.length <= MAX_NAME && LITERAL_LIST.test(source)) {
    const items = [...source.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    return { name: a.name, value: items, range: { ...a.value }, syntax: 'hclList' };
  }
  return { name: a.name, range: { ...a.value }, syntax: 'expression' };
}

function heuristicAttribute(
  a: HclAttribute,
  name: string,
  opts: { kind?: ReferenceKind; context?: string; block?: HclBlock; blockName?: string } | undefined,
  out: Collector,
): void {
  const kind = opts?.kind ?? kindFromName(name);
  const lit = a.literal;
  // Names are only a guess here, so only well-formed ids count (a GCP project named "my-proj" is not ours).
  if (!kind || !lit || lit.template || !isAtlasId(lit.raw)) {
    return;
  }
  out.refs.push(
    ref({
      id: lit.raw,
      range: { start: lit.start, end: lit.end },
      kind,
      source: 'terraform',
      context: opts?.context ?? name,
      blockStart: opts?.block?.start,
      blockName: opts?.blockName,
    }),
  );
}

function collectTerraformResource(block: HclBlock, type: string, name: string, out: Collector): void {
  const fields = ID_FIELDS[type] ?? (type.startsWith('mongodbatlas_') ? OTHER_ATLAS_FIELDS : undefined);
  if (!fields) {
    return;
  }
  const address = `${block.type === 'data' ? 'data.' : ''}${type}.${name}`;
  const projectId = wellFormed(literalOf(block, 'project_id'));
  const provider = asProviderName(literalOf(block, 'provider_name'));
  for (const a of block.attributes) {
    const kind = fields[a.name];
    if (!kind) {
      continue;
    }
    if (a.literal && !a.literal.template) {
      if (a.literal.raw.trim() === '') {
        continue;
      }
      out.refs.push(
        ref({
          id: a.literal.raw,
          range: { start: a.literal.start, end: a.literal.end },
          kind,
          projectId: kind === 'project' ? undefined : projectId,
          provider: kind === 'project' ? undefined : provider,
          source: 'terraform',
          context: `${address} ${a.name}`,
          blockStart: block.start,
          blockName: address,
        }),
      );
    } else if (
      a.name === 'container_id' &&
      a.expression &&
      a.expression.length <= MAX_NAME &&
      ENCODED_CONTAINER_REF.test(a.expression.replace(/\s+/g, ''))
    ) {
      out.problems.push({
        range: { start: a.value.start, end: a.value.end },
        code: 'encodedContainerId',
        message:
          "container_id gets the container resource's encoded Terraform id (.id). Use .container_id instead: " +
          a.expression.replace(/\.id\s*$/, '.container_id'),
      });
    }
  }
}

function collectImportBlock(block: HclBlock, out: Collector, imports: ImportTargets): void {
  const to = block.attributes.find((a) => a.name === 'to')?.expression?.replace(/\s+/g, '');
  const idAttr = block.attributes.find((a) => a.name === 'id');
  const m = to && to.length <= MAX_NAME ? IMPORT_TO.exec(to) : null;
  if (!m || !idAttr?.literal || idAttr.literal.template) {
    return;
  }
  importIdRefs(idAttr.literal, m[1], `import ${to}`, block.start, to as string, out, imports);
}

/** `terraform import <address> <id>` in comments (or in any text for non-Terraform files). */
export function collectImportCommands(
  body: string,
  bodyStart: number,
  text: string,
  out: Collector,
  imports?: ImportTargets,
): void {
  if (body.indexOf('import') < 0) {
    return;
  }
  IMPORT_COMMAND.lastIndex = 0;
  for (let m = IMPORT_COMMAND.exec(body); m; m = IMPORT_COMMAND.exec(body)) {
    const idStart = bodyStart + m.index + m[0].length - m[3].length;
    const lit: HclString = {
      start: idStart,
      end: idStart + m[3].length,
      raw: text.slice(idStart, idStart + m[3].length),
      template: false,
    };
    importIdRefs(lit, m[2], `terraform import ${m[1]}`, bodyStart + m.index, m[1], out, imports);
  }
}

/** PROJECTID-PEERID-PROVIDER (peering) or PROJECTID-CONTAINERID (container). */
function importIdRefs(
  lit: HclString,
  type: string,
  context: string,
  blockStart: number,
  blockName: string,
  out: Collector,
  imports?: ImportTargets,
): void {
  const raw = lit.raw;
  if (raw.trim() === '') {
    return;
  }
  const isPeering = type === PEERING;
  const parts = raw.split('-');
  const expected = isPeering ? 3 : 2;
  const base = { source: 'terraform' as const, blockStart, blockName };
  if (parts.length !== expected || parts.some((p) => p === '')) {
    out.refs.push(
      ref({
        ...base,
        id: raw,
        range: { start: lit.start, end: lit.end },
        kind: isPeering ? 'peer' : 'container',
        context: `${context} id`,
        note: isPeering
          ? 'Import ids of mongodbatlas_network_peering are PROJECTID-PEERID-PROVIDER, e.g. 1112222b3bf99403840e8934-5cbf563d87d9d67253be590a-AWS.'
          : 'Import ids of mongodbatlas_network_container are PROJECTID-CONTAINERID.',
      }),
    );
    return;
  }
  const projectStart = lit.start;
  const secondStart = projectStart + parts[0].length + 1;
  const projectId = wellFormed(parts[0]);
  const provider = isPeering ? asProviderName(parts[2]) : undefined;
  const atlasId = wellFormed(parts[1]);
  if (imports && projectId && atlasId && !imports.has(blockName)) {
    imports.set(blockName, {
      projectId,
      atlasId,
      idRange: { start: secondStart, end: secondStart + parts[1].length },
      provider,
    });
  }
  const providerNote =
    isPeering && !provider
      ? `The import id ends with "${parts[2].slice(0, 20)}"; it should end with -AWS, -AZURE or -GCP.`
      : undefined;
  out.refs.push(
    ref({
      ...base,
      id: parts[0],
      range: { start: projectStart, end: projectStart + parts[0].length },
      kind: 'project',
      context: `${context} id (project)`,
    }),
  );
  out.refs.push(
    ref({
      ...base,
      id: parts[1],
      range: { start: secondStart, end: secondStart + parts[1].length },
      kind: isPeering ? 'peer' : 'container',
      projectId,
      provider,
      context: `${context} id (${isPeering ? 'peer' : 'container'})`,
      note: providerNote,
    }),
  );
}
