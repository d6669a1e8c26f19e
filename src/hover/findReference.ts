// Finds Atlas ids (peers, containers, projects) in configuration files, with what each id is and
// where it sits, using the field names of each tool (../shared/reference/atlas-api.md section 7).
// Pure: no `vscode` import, so it runs in unit tests and benchmarks.
//
// Every format is scanned as a whole into a sorted list of references; findReference() then
// binary-searches that list. The list of the last few texts is memoised, because a hover, the
// diagnostics and the CodeLens all ask about the same unchanged text, and scanning a 5,000-line
// file takes a few milliseconds while a lookup takes microseconds.

import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import type { Node as YamlNode } from 'yaml';
import { asProviderName, type ProviderName } from '../atlas/models';
import { isAtlasId } from '../atlas/validate';
import { scanHcl, type HclAttribute, type HclBlock, type HclString } from './hcl';

export type ReferenceKind = 'peer' | 'container' | 'project' | 'unknown';
export type ReferenceSource = 'terraform' | 'tfstate' | 'kubernetes' | 'atlasJson' | 'settings' | 'bare';

export interface FoundReference {
  /** The raw token (possibly malformed, e.g. `pcx-0123`), exactly `text.slice(range.start, range.end)`. */
  id: string;
  /** Offsets of the id token only, without quotes. */
  range: { start: number; end: number };
  kind: ReferenceKind;
  /** The project the id belongs to (from the same block, instance, object or document), when well-formed. */
  projectId?: string;
  provider?: ProviderName;
  source: ReferenceSource;
  /** Where the id was found, e.g. `mongodbatlas_network_peering.main peer_id`. */
  context?: string;
  /** Offset of the enclosing resource / manifest / object, for a CodeLens. */
  blockStart?: number;
  /** Name of the enclosing block, e.g. `mongodbatlas_network_peering.main` or `AtlasNetworkPeering/my-peering`. */
  blockName?: string;
  /** Something about the surrounding syntax the hover should mention (e.g. a malformed import id). */
  note?: string;
}

export interface DocumentInfo {
  languageId?: string;
  fileName: string;
}

export type DocumentFormat = 'terraform' | 'tfvars' | 'tfstate' | 'kubernetes' | 'atlasJson' | 'settings' | 'plain';

export interface ConfigProblem {
  range: { start: number; end: number };
  code: 'encodedContainerId';
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Public API

/** Which scanner applies to a document: by file name first, then by language id. */
export function detectFormat(file: DocumentInfo): DocumentFormat {
  const fileName = typeof file?.fileName === 'string' ? file.fileName : '';
  const lower = fileName.toLowerCase();
  const base = lower.slice(Math.max(lower.lastIndexOf('/'), lower.lastIndexOf('\\')) + 1);
  if (base.endsWith('.tfstate') || base.endsWith('.tfstate.backup')) {
    return 'tfstate';
  }
  if (base.endsWith('.tf')) {
    return 'terraform';
  }
  if (base.endsWith('.tfvars')) {
    return 'tfvars';
  }
  if (/(^|[\\/])\.vscode[\\/]settings\.json$/.test(lower) || base.endsWith('.code-workspace')) {
    return 'settings';
  }
  if (base.endsWith('.yaml') || base.endsWith('.yml')) {
    return 'kubernetes';
  }
  if (base.endsWith('.json') || base.endsWith('.jsonc')) {
    return 'atlasJson';
  }
  switch (file?.languageId) {
    case 'terraform':
      return 'terraform';
    case 'terraform-vars':
      return 'tfvars';
    case 'yaml':
      return 'kubernetes';
    case 'json':
    case 'jsonc':
      return 'atlasJson';
    default:
      return 'plain';
  }
}

/** The id under `offset` (a cursor at the end of an id counts), or undefined. Never throws. */
export function findReference(text: string, file: DocumentInfo, offset: number): FoundReference | undefined {
  if (typeof text !== 'string' || !Number.isInteger(offset) || offset < 0 || offset > text.length) {
    return undefined;
  }
  const refs = scan(text, detectFormat(file)).refs;
  let lo = 0;
  let hi = refs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = refs[mid].range;
    if (offset < r.start) {
      hi = mid - 1;
    } else if (offset >= r.end) {
      lo = mid + 1;
    } else {
      return copy(refs[mid]);
    }
  }
  // No id strictly contains the offset: a cursor just after an id still means that id.
  const before = refs[lo - 1];
  return before && before.range.end === offset ? copy(before) : undefined;
}

/** Every id in the document, sorted by offset (for diagnostics and CodeLens). Never throws. */
export function findAllReferences(text: string, file: DocumentInfo): FoundReference[] {
  if (typeof text !== 'string') {
    return [];
  }
  return scan(text, detectFormat(file)).refs.map(copy);
}

/**
 * Syntax that is not an id but is a known mistake: `container_id = mongodbatlas_network_container.x.id`
 * passes the provider's encoded state id instead of `.container_id` (terraform-provider-mongodbatlas#17, #320).
 */
export function findConfigProblems(text: string, file: DocumentInfo): ConfigProblem[] {
  if (typeof text !== 'string') {
    return [];
  }
  return scan(text, detectFormat(file)).problems.map((p) => ({ ...p, range: { ...p.range } }));
}

// ---------------------------------------------------------------------------------------------
// Scanning and memoisation

interface ScanResult {
  refs: FoundReference[];
  problems: ConfigProblem[];
}

const CACHE_SIZE = 4;
const cache: { text: string; format: DocumentFormat; result: ScanResult }[] = [];

function scan(text: string, format: DocumentFormat): ScanResult {
  for (let i = 0; i < cache.length; i++) {
    const c = cache[i];
    if (c.format === format && c.text === text) {
      return c.result;
    }
  }
  const result = scanUncached(text, format);
  cache.unshift({ text, format, result });
  if (cache.length > CACHE_SIZE) {
    cache.pop();
  }
  return result;
}

function scanUncached(text: string, format: DocumentFormat): ScanResult {
  const out: Collector = { refs: [], problems: [] };
  try {
    switch (format) {
      case 'terraform':
      case 'tfvars':
        collectTerraform(text, out);
        break;
      case 'tfstate':
        collectTfstate(text, out);
        break;
      case 'kubernetes':
        collectKubernetes(text, out);
        break;
      case 'atlasJson':
        collectAtlasJson(text, out);
        break;
      case 'settings':
        collectSettings(text, out);
        break;
      case 'plain':
        collectImportCommands(text, 0, text, out);
        break;
    }
  } catch {
    // A parser bug on odd input must not cost the hover: fall back to the bare ids found so far.
  }
  collectBare(text, out);
  return { refs: normalise(text, out.refs), problems: out.problems };
}

interface Collector {
  refs: FoundReference[];
  problems: ConfigProblem[];
}

/** Sorts, drops empty or out-of-range tokens, and keeps the first of overlapping references. */
function normalise(text: string, refs: FoundReference[]): FoundReference[] {
  const valid = refs.filter(
    (r) =>
      r.range.start >= 0 &&
      r.range.end <= text.length &&
      r.range.end > r.range.start &&
      r.id === text.slice(r.range.start, r.range.end),
  );
  // Stable sort keeps structured references (collected first) ahead of bare ones at the same offset.
  valid.sort((a, b) => a.range.start - b.range.start);
  const result: FoundReference[] = [];
  for (const r of valid) {
    const last = result[result.length - 1];
    if (last && r.range.start < last.range.end) {
      continue;
    }
    result.push(r);
  }
  return result;
}

function copy(r: FoundReference): FoundReference {
  return { ...r, range: { ...r.range } };
}

function wellFormed(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && isAtlasId(v) ? v : undefined;
}

/** Drops undefined optional fields so results compare cleanly with deepEqual. */
function ref(fields: FoundReference): FoundReference {
  const r = { ...fields } as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (r[k] === undefined) {
      delete r[k];
    }
  }
  return r as unknown as FoundReference;
}

// ---------------------------------------------------------------------------------------------
// Bare ids and Atlas URLs (every format)

const BARE_ID = /\b[0-9a-f]{24}\b/g;
const ATLAS_URL = /\/groups\/([0-9a-f]{24})(?:\/(peers|containers)\/([0-9a-f]{24}))?\b/g;

function collectBare(text: string, out: Collector): void {
  ATLAS_URL.lastIndex = 0;
  for (let m = ATLAS_URL.exec(text); m; m = ATLAS_URL.exec(text)) {
    const groupStart = m.index + '/groups/'.length;
    out.refs.push(
      ref({
        id: m[1],
        range: { start: groupStart, end: groupStart + 24 },
        kind: 'project',
        source: 'bare',
        context: 'Atlas API URL',
      }),
    );
    if (m[2] && m[3]) {
      const start = m.index + m[0].length - 24;
      out.refs.push(
        ref({
          id: m[3],
          range: { start, end: start + 24 },
          kind: m[2] === 'peers' ? 'peer' : 'container',
          projectId: m[1],
          source: 'bare',
          context: 'Atlas API URL',
        }),
      );
    }
  }
  BARE_ID.lastIndex = 0;
  for (let m = BARE_ID.exec(text); m; m = BARE_ID.exec(text)) {
    out.refs.push({ id: m[0], range: { start: m.index, end: m.index + 24 }, kind: 'unknown', source: 'bare' });
  }
}

// ---------------------------------------------------------------------------------------------
// Terraform (.tf, .tfvars)

const PEERING = 'mongodbatlas_network_peering';
const PEERINGS = 'mongodbatlas_network_peerings';
const CONTAINER = 'mongodbatlas_network_container';
const CONTAINERS = 'mongodbatlas_network_containers';

/** Attributes that hold ids, by resource / data source type (terraform-provider-mongodbatlas docs). */
const ID_FIELDS: Record<string, Record<string, ReferenceKind>> = {
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
const OTHER_ATLAS_FIELDS: Record<string, ReferenceKind> = { project_id: 'project' };

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

function literalOf(block: HclBlock, name: string): string | undefined {
  const a = block.attributes.find((x) => x.name === name);
  return a?.literal && !a.literal.template ? a.literal.raw : undefined;
}

function collectTerraform(text: string, out: Collector): void {
  const file = scanHcl(text);
  for (const a of file.attributes) {
    heuristicAttribute(a, a.name, undefined, out);
  }
  for (const block of file.blocks) {
    const label = (i: number): string | undefined => block.labels[i]?.raw;
    if ((block.type === 'resource' || block.type === 'data') && label(0) && label(1)) {
      collectTerraformResource(block, label(0) as string, label(1) as string, out);
    } else if (block.type === 'import') {
      collectImportBlock(block, out);
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
    collectImportCommands(c.body, c.bodyStart, text, out);
  }
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

function collectImportBlock(block: HclBlock, out: Collector): void {
  const to = block.attributes.find((a) => a.name === 'to')?.expression?.replace(/\s+/g, '');
  const idAttr = block.attributes.find((a) => a.name === 'id');
  const m = to ? IMPORT_TO.exec(to) : null;
  if (!m || !idAttr?.literal || idAttr.literal.template) {
    return;
  }
  importIdRefs(idAttr.literal, m[1], `import ${to}`, block.start, to as string, out);
}

/** `terraform import <address> <id>` in comments (or in any text for non-Terraform files). */
function collectImportCommands(body: string, bodyStart: number, text: string, out: Collector): void {
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
    importIdRefs(lit, m[2], `terraform import ${m[1]}`, bodyStart + m.index, m[1], out);
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

// ---------------------------------------------------------------------------------------------
// JSON helpers (jsonc-parser)

function parseJson(text: string): JsonNode | undefined {
  return parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
}

function prop(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object' || !node.children) {
    return undefined;
  }
  for (const p of node.children) {
    const k = p.children?.[0];
    if (k && k.value === key) {
      return p.children?.[1];
    }
  }
  return undefined;
}

function jsonString(node: JsonNode | undefined): string | undefined {
  return node && node.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/** The raw token of a JSON value (without quotes) and its range; undefined for null, objects, arrays and ''. */
function jsonToken(text: string, node: JsonNode | undefined): { id: string; start: number; end: number } | undefined {
  if (!node) {
    return undefined;
  }
  let start = node.offset;
  let end = node.offset + node.length;
  if (node.type === 'string') {
    start += 1;
    end = text.charCodeAt(end - 1) === 34 && end - 1 >= start ? end - 1 : end;
  } else if (node.type !== 'number' && node.type !== 'boolean') {
    return undefined;
  }
  const id = text.slice(start, end);
  return id.trim() === '' ? undefined : { id, start, end };
}

function pushJson(
  text: string,
  node: JsonNode | undefined,
  fields: Omit<FoundReference, 'id' | 'range'>,
  out: Collector,
): void {
  const t = jsonToken(text, node);
  if (t) {
    out.refs.push(ref({ ...fields, id: t.id, range: { start: t.start, end: t.end } }));
  }
}

// ---------------------------------------------------------------------------------------------
// Terraform state (.tfstate, JSON, format version 4)

function collectTfstate(text: string, out: Collector): void {
  const root = parseJson(text);
  const resources = prop(root, 'resources');
  for (const res of resources?.type === 'array' ? (resources.children ?? []) : []) {
    const type = jsonString(prop(res, 'type'));
    const name = jsonString(prop(res, 'name'));
    if (!type || !name) {
      continue;
    }
    const fields = ID_FIELDS[type] ?? (type.startsWith('mongodbatlas_') ? OTHER_ATLAS_FIELDS : undefined);
    if (!fields) {
      continue;
    }
    const module = jsonString(prop(res, 'module'));
    const mode = jsonString(prop(res, 'mode'));
    const base = `${module ? `${module}.` : ''}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    const instances = prop(res, 'instances');
    for (const inst of instances?.type === 'array' ? (instances.children ?? []) : []) {
      const key = prop(inst, 'index_key');
      const address = key ? `${base}[${text.slice(key.offset, key.offset + key.length)}]` : base;
      const attrs = prop(inst, 'attributes');
      const projectId = wellFormed(jsonString(prop(attrs, 'project_id')));
      const provider = asProviderName(jsonString(prop(attrs, 'provider_name')));
      const common = { source: 'tfstate' as const, blockStart: inst.offset, blockName: address };
      for (const [field, kind] of Object.entries(fields)) {
        pushJson(
          text,
          prop(attrs, field),
          {
            ...common,
            kind,
            projectId: kind === 'project' ? undefined : projectId,
            provider: kind === 'project' ? undefined : provider,
            context: `${address} ${field}`,
          },
          out,
        );
      }
      // The plural data sources list their peers / containers under results[].
      const results = prop(attrs, 'results');
      const list = results?.type === 'array' ? (results.children ?? []) : [];
      list.forEach((item, i) => {
        const itemProvider = asProviderName(jsonString(prop(item, 'provider_name'))) ?? provider;
        for (const [field, kind] of Object.entries({
          peering_id: 'peer',
          container_id: 'container',
          id: type === CONTAINERS ? 'container' : undefined,
        })) {
          if (kind) {
            pushJson(
              text,
              prop(item, field),
              {
                ...common,
                kind: kind as ReferenceKind,
                projectId,
                provider: itemProvider,
                context: `${address} results[${i}].${field}`,
              },
              out,
            );
          }
        }
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Atlas CLI / API JSON

const PEER_FIELDS = [
  'vpcId',
  'awsAccountId',
  'routeTableCidrBlock',
  'accepterRegionName',
  'statusName',
  'status',
  'vnetName',
  'azureDirectoryId',
  'networkName',
  'gcpProjectId',
  'connectionId',
];
const CONTAINER_FIELDS = [
  'providerName',
  'regionName',
  'region',
  'regions',
  'provisioned',
  'vpcId',
  'gcpProjectId',
  'networkName',
  'vnetName',
];

function inferProvider(obj: JsonNode): ProviderName | undefined {
  const named = asProviderName(jsonString(prop(obj, 'providerName')));
  if (named) {
    return named;
  }
  if (prop(obj, 'vnetName') || prop(obj, 'azureDirectoryId')) {
    return 'AZURE';
  }
  if (prop(obj, 'networkName') || prop(obj, 'gcpProjectId')) {
    return 'GCP';
  }
  if (prop(obj, 'vpcId') || prop(obj, 'awsAccountId') || prop(obj, 'regionName')) {
    return 'AWS';
  }
  return undefined;
}

/** The group id in an object's `links[].href` (Atlas responses link to /groups/{groupId}/…). */
function groupFromLinks(obj: JsonNode): string | undefined {
  const links = prop(obj, 'links');
  for (const l of links?.type === 'array' ? (links.children ?? []) : []) {
    const m = /\/groups\/([0-9a-f]{24})(?:[/?#]|$)/.exec(jsonString(prop(l, 'href')) ?? '');
    if (m) {
      return m[1];
    }
  }
  return undefined;
}

function collectAtlasJson(text: string, out: Collector): void {
  const root = parseJson(text);
  if (!root) {
    return;
  }
  // Iterative walk: hostile input can nest deeper than the call stack.
  const stack: { node: JsonNode; groupId?: string }[] = [{ node: root }];
  while (stack.length > 0) {
    const { node, groupId: inherited } = stack.pop() as { node: JsonNode; groupId?: string };
    let groupId = inherited;
    if (node.type === 'object') {
      groupId = wellFormed(jsonString(prop(node, 'groupId'))) ?? groupFromLinks(node) ?? inherited;
      atlasObject(text, node, groupId, out);
      for (const p of node.children ?? []) {
        const v = p.children?.[1];
        if (v && (v.type === 'object' || v.type === 'array')) {
          stack.push({ node: v, groupId });
        }
      }
    } else if (node.type === 'array') {
      for (const v of node.children ?? []) {
        if (v.type === 'object' || v.type === 'array') {
          stack.push({ node: v, groupId });
        }
      }
    }
  }
}

function atlasObject(text: string, obj: JsonNode, groupId: string | undefined, out: Collector): void {
  const has = (k: string): boolean => prop(obj, k) !== undefined;
  const label = (k: string): string | undefined => jsonString(prop(obj, k)) || undefined;
  pushJson(text, prop(obj, 'groupId'), { kind: 'project', source: 'atlasJson', context: 'groupId' }, out);
  if (has('containerId') && (has('id') || PEER_FIELDS.some(has))) {
    const provider = inferProvider(obj);
    const name = label('vpcId') ?? label('vnetName') ?? label('networkName') ?? label('id') ?? '';
    const common = {
      source: 'atlasJson' as const,
      projectId: groupId,
      provider,
      blockStart: obj.offset,
      blockName: `peering connection ${name}`.trim(),
    };
    pushJson(text, prop(obj, 'id'), { ...common, kind: 'peer', context: 'peering connection id' }, out);
    pushJson(
      text,
      prop(obj, 'containerId'),
      { ...common, kind: 'container', context: 'peering connection containerId' },
      out,
    );
  } else if (has('atlasCidrBlock') && has('id') && CONTAINER_FIELDS.some(has)) {
    const common = {
      source: 'atlasJson' as const,
      projectId: groupId,
      provider: inferProvider(obj),
      blockStart: obj.offset,
      blockName: `container ${label('atlasCidrBlock') ?? ''}`.trim(),
    };
    pushJson(text, prop(obj, 'id'), { ...common, kind: 'container', context: 'container id' }, out);
  } else if (has('id') && has('name') && (has('orgId') || has('clusterCount'))) {
    pushJson(
      text,
      prop(obj, 'id'),
      {
        kind: 'project',
        source: 'atlasJson',
        context: 'project id',
        blockStart: obj.offset,
        blockName: `project ${label('name') ?? ''}`.trim(),
      },
      out,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// .vscode/settings.json (and .code-workspace "settings")

function collectSettings(text: string, out: Collector): void {
  const root = parseJson(text);
  const projects = prop(root, 'atlasPeering.projects') ?? prop(prop(root, 'settings'), 'atlasPeering.projects');
  if (projects?.type !== 'array') {
    return;
  }
  (projects.children ?? []).forEach((entry, i) => {
    const common = { source: 'settings' as const, blockStart: entry.offset };
    if (entry.type === 'string') {
      pushJson(
        text,
        entry,
        {
          ...common,
          kind: 'project',
          context: `atlasPeering.projects[${i}]`,
          blockName: `atlasPeering.projects[${i}]`,
        },
        out,
      );
      return;
    }
    const idNode = prop(entry, 'id');
    const projectId = wellFormed(jsonString(idNode));
    const blockName = jsonString(prop(entry, 'name')) || jsonString(idNode) || `atlasPeering.projects[${i}]`;
    pushJson(text, idNode, { ...common, kind: 'project', context: `atlasPeering.projects[${i}].id`, blockName }, out);
    const peers = prop(entry, 'peers');
    (peers?.type === 'array' ? (peers.children ?? []) : []).forEach((p, j) => {
      pushJson(
        text,
        p,
        { ...common, kind: 'peer', projectId, context: `atlasPeering.projects[${i}].peers[${j}]`, blockName },
        out,
      );
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The YAML parser is about 115 KB minified, a third of the bundle, and only Kubernetes manifests
// need it: it is loaded on the first YAML document instead of with the extension (esbuild.js emits
// it as dist/yaml.js and leaves this require in place).
type YamlLibrary = typeof import('yaml');
let yamlLibrary: YamlLibrary | undefined;
function yaml(): YamlLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlLibrary ??= require('yaml') as YamlLibrary;
  return yamlLibrary;
}

// Kubernetes manifests (yaml)

function yGet(node: unknown, key: string): YamlNode | undefined {
  if (!yaml().isMap(node)) {
    return undefined;
  }
  for (const pair of node.items) {
    if (yaml().isScalar(pair.key) && pair.key.value === key) {
      return (pair.value ?? undefined) as YamlNode | undefined;
    }
  }
  return undefined;
}

function yPath(node: unknown, ...keys: string[]): YamlNode | undefined {
  let n = node as YamlNode | undefined;
  for (const k of keys) {
    n = yGet(n, k);
  }
  return n;
}

function yString(node: unknown): string | undefined {
  return yaml().isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

function yToken(text: string, node: unknown): { id: string; start: number; end: number } | undefined {
  if (!yaml().isScalar(node) || !node.range || node.value === null) {
    return undefined;
  }
  if (node.type === yaml().Scalar.BLOCK_FOLDED || node.type === yaml().Scalar.BLOCK_LITERAL) {
    return undefined;
  }
  let [start, end] = node.range;
  if (node.type === yaml().Scalar.QUOTE_DOUBLE || node.type === yaml().Scalar.QUOTE_SINGLE) {
    start += 1;
    end = Math.max(start, end - 1);
  }
  const id = text.slice(start, end);
  return id.trim() === '' ? undefined : { id, start, end };
}

function collectKubernetes(text: string, out: Collector): void {
  const docs = yaml().parseAllDocuments(text, { keepSourceTokens: false, prettyErrors: false });
  if (!Array.isArray(docs)) {
    return;
  }
  for (const doc of docs) {
    const root = doc.contents;
    if (!yaml().isMap(root)) {
      continue;
    }
    const kind = yString(yGet(root, 'kind'));
    const apiVersion = yString(yGet(root, 'apiVersion')) ?? '';
    if (!kind || !(kind.startsWith('Atlas') || apiVersion.startsWith('atlas.mongodb.com'))) {
      continue;
    }
    const name = yString(yPath(root, 'metadata', 'name')) ?? '';
    const blockName = `${kind}/${name}`;
    const blockStart = root.range?.[0] ?? 0;
    const push = (
      node: unknown,
      k: ReferenceKind,
      context: string,
      projectId?: string,
      provider?: ProviderName,
    ): void => {
      const t = yToken(text, node);
      if (t) {
        out.refs.push(
          ref({
            id: t.id,
            range: { start: t.start, end: t.end },
            kind: k,
            projectId: k === 'project' ? undefined : projectId,
            provider,
            source: 'kubernetes',
            context: `${blockName} ${context}`,
            blockStart,
            blockName,
          }),
        );
      }
    };
    const spec = yGet(root, 'spec');
    const status = yGet(root, 'status');
    const externalProject = yPath(spec, 'externalProjectRef', 'id');
    push(externalProject, 'project', 'spec.externalProjectRef.id');
    if (kind === 'AtlasProject') {
      const projectId = wellFormed(yString(yGet(status, 'id')));
      push(yGet(status, 'id'), 'project', 'status.id');
      const specPeers = yGet(spec, 'networkPeers');
      (yaml().isSeq(specPeers) ? specPeers.items : []).forEach((p, i) => {
        // The operator defaults providerName to AWS (api/v1/networkpeer.go).
        const provider = asProviderName(yString(yGet(p, 'providerName'))) ?? 'AWS';
        push(yGet(p, 'containerId'), 'container', `spec.networkPeers[${i}].containerId`, projectId, provider);
      });
      const statusPeers = yGet(status, 'networkPeers');
      (yaml().isSeq(statusPeers) ? statusPeers.items : []).forEach((p, i) => {
        const provider = asProviderName(yString(yGet(p, 'providerName')));
        push(yGet(p, 'id'), 'peer', `status.networkPeers[${i}].id`, projectId, provider);
        push(yGet(p, 'containerId'), 'container', `status.networkPeers[${i}].containerId`, projectId, provider);
      });
    } else if (kind === 'AtlasNetworkPeering' || kind === 'AtlasNetworkContainer') {
      const projectId = wellFormed(yString(externalProject));
      const provider = asProviderName(yString(yGet(spec, 'provider')));
      const own: ReferenceKind = kind === 'AtlasNetworkPeering' ? 'peer' : 'container';
      push(yGet(spec, 'id'), own, 'spec.id', projectId, provider);
      push(yGet(status, 'id'), own, 'status.id', projectId, provider);
      if (own === 'peer') {
        push(yPath(spec, 'containerRef', 'id'), 'container', 'spec.containerRef.id', projectId, provider);
        // The operator's own sample (config/samples) still puts containerId at spec level.
        push(yGet(spec, 'containerId'), 'container', 'spec.containerId', projectId, provider);
      }
    }
  }
}
