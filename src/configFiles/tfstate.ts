// Terraform state (.tfstate, JSON, format version 4): the attributes of mongodbatlas_* instances.

import { asProviderName, type ProviderName } from '../atlas/models';
import { TERRAFORM_ARGUMENTS } from './fieldMap';
import { jsonString, parseJsonSteps, prop, pushJson, type JsonNode } from './json';
import { MAX_ROOT_KEYS, wellFormed, type Collector, type IacValue, type ReferenceKind } from './references';
import { CONTAINER, CONTAINERS, ID_FIELDS, OTHER_ATLAS_FIELDS, PEERING } from './terraform';

/**
 * Names from the file go into every reference's context and block name (and so into each hover
 * and a regex in the CodeLens): a module name of 200,000 characters repeated in thousands of
 * references cost seconds and hundreds of MB. Longer names are cut; no real address comes close.
 */
const MAX_NAME = 256;
function capped(name: string): string {
  return name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name;
}

/** Resources collected between two yields. */
const RESOURCES_PER_STEP = 64;

export function* collectTfstate(text: string, out: Collector): Generator<void, void> {
  // Only mongodbatlas_* resources hold ids: a state without one is not parsed.
  if (!text.includes('"mongodbatlas_')) {
    return;
  }
  const root = yield* parseJsonSteps(text);
  const keys = root?.type === 'object' ? (root.children ?? []) : [];
  if (out.spans && keys.length <= MAX_ROOT_KEYS) {
    // Typing in a root key can rename another key to "resources", which replaces every resource:
    // the shifted index treats an edit there as reaching everything (configEditor/pure/shiftedReferences.ts).
    out.rootKeys = [];
    for (const p of keys) {
      const k = p.children?.[0];
      if (k) {
        out.rootKeys.push(k.offset, k.offset + k.length);
      }
    }
  }
  const resources = prop(root, 'resources');
  let count = 0;
  for (const res of resources?.type === 'array' ? (resources.children ?? []) : []) {
    if (++count % RESOURCES_PER_STEP === 0) {
      yield;
    }
    const type = jsonString(prop(res, 'type'));
    const name = jsonString(prop(res, 'name'));
    if (!type || !name) {
      continue;
    }
    const fields = ID_FIELDS[type] ?? (type.startsWith('mongodbatlas_') ? OTHER_ATLAS_FIELDS : undefined);
    if (!fields) {
      continue;
    }
    // Only those of Atlas types: a hover in another one (its type edited) waits for the full rescan.
    out.spans?.push(res.offset, res.offset + res.length);
    const module = jsonString(prop(res, 'module'));
    const mode = jsonString(prop(res, 'mode'));
    const base = `${module ? `${capped(module)}.` : ''}${mode === 'data' ? 'data.' : ''}${capped(type)}.${capped(name)}`;
    const instances = prop(res, 'instances');
    for (const inst of instances?.type === 'array' ? (instances.children ?? []) : []) {
      const key = prop(inst, 'index_key');
      const address = key ? `${base}[${capped(text.slice(key.offset, key.offset + key.length))}]` : base;
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
      if (mode !== 'data' && (type === PEERING || type === CONTAINER)) {
        const kind = type === PEERING ? 'peer' : 'container';
        const idNode = prop(attrs, kind === 'peer' ? 'peer_id' : 'container_id');
        out.resources?.push({
          source: 'tfstate',
          kind,
          address,
          start: inst.offset,
          projectId,
          atlasId: wellFormed(jsonString(idNode)),
          ...(idNode ? { idRange: { start: idNode.offset + 1, end: idNode.offset + idNode.length - 1 } } : {}),
          provider: provider as ProviderName | undefined,
          values: stateValues(text, attrs, TERRAFORM_ARGUMENTS[kind]),
        });
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

/** The attributes of a state instance that a configuration sets: strings and lists of strings. */
function stateValues(text: string, attrs: JsonNode | undefined, names: ReadonlySet<string>): IacValue[] {
  const values: IacValue[] = [];
  for (const p of attrs?.type === 'object' ? (attrs.children ?? []) : []) {
    const key = p.children?.[0];
    const node = p.children?.[1];
    const name = typeof key?.value === 'string' ? key.value : undefined;
    if (!name || !node || !names.has(name)) {
      continue;
    }
    if (node.type === 'string' && typeof node.value === 'string') {
      const start = node.offset + 1;
      const end = Math.max(start, node.offset + node.length - 1);
      values.push({ name, value: node.value, range: { start, end }, syntax: 'json' });
    } else if (node.type === 'array') {
      const items = (node.children ?? []).map(jsonString);
      if (items.every((v): v is string => v !== undefined)) {
        values.push({
          name,
          value: items,
          range: { start: node.offset, end: node.offset + node.length },
          syntax: 'json',
        });
      }
    }
  }
  return values;
}
