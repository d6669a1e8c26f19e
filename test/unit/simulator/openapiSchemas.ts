// Turns the OpenAPI 3.0 excerpt into JSON Schema that ajv can compile:
//  - `nullable: true` becomes a type union with "null" (and null joins any enum);
//  - a property whose description says the resource "returns `null`" is treated as nullable too:
//    the spec states it in prose only (accepterRegionName, errorStateName, vnetName, ...);
//  - OpenAPI-only keywords (example, discriminator, externalDocs, readOnly, x-*) are dropped;
//  - `#/components/schemas/X` refs point into `definitions`;
//  - a discriminated oneOf is replaced by an if/then dispatch on providerName, because the
//    variants overlap (an AWS-shaped object matches every branch) and oneOf would reject it.
//    The variants' allOf reference to their own parent is pointed at a `<Parent>Base` copy
//    without the dispatch, which would otherwise recurse forever.
// SPEC_QUIRKS lists the places where real Atlas responses contradict the excerpt; each one is
// patched here and pinned by a test so that a corrected spec makes the test fail and the patch go.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

export const SPEC_FILE = path.resolve(__dirname, '../../../../test/unit/simulator/fixtures/atlas-openapi-peering.yaml');
/** The access list, clusters and events excerpt, from the SDK's copy of the spec (see its header). */
export const PROJECT_SPEC_FILE = path.resolve(
  __dirname,
  '../../../../test/unit/simulator/fixtures/atlas-openapi-project.yaml',
);

type Schema = Record<string, unknown>;

export const SPEC_QUIRKS = {
  /** The spec's pattern matches an IP address; Atlas returns CIDRs such as "172.31.0.0/16". */
  routeTableCidrBlock: '^((25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)\\.){3}(25[0-5]|(2[0-4]|1\\d|[1-9]|)\\d)/(3[0-2]|[12]?\\d)$',
  /** The spec says objects; real error bodies carry strings and numbers, e.g. ["111111111111111111111111"]. */
  apiErrorParameterItems: {} as Schema,
};

const DROP = new Set(['example', 'discriminator', 'externalDocs', 'readOnly', 'writeOnly', 'deprecated']);

export interface LoadedSpec {
  raw: { components: { schemas: Record<string, Schema> } };
  definitions: Record<string, Schema>;
  ajv: Ajv;
  validator(name: string): ValidateFunction;
  /** Every property name a schema allows, following allOf and $ref. */
  allowedKeys(name: string): Set<string>;
  enumOf(schemaName: string, property: string): string[];
}

function convert(node: unknown, parentForVariants: Map<string, string>, selfName?: string): unknown {
  if (Array.isArray(node)) {
    return node.map((n) => convert(n, parentForVariants));
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const src = node as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(src)) {
    if (DROP.has(key) || key.startsWith('x-') || key === 'nullable') {
      continue;
    }
    if (key === '$ref' && typeof value === 'string') {
      const target = value.replace('#/components/schemas/', '');
      // A variant's allOf points at its discriminated parent: use the parent's Base.
      const parent = selfName ? parentForVariants.get(selfName) : undefined;
      out.$ref = `#/definitions/${parent === target ? `${target}Base` : target}`;
      continue;
    }
    if (key === 'pattern' && typeof value === 'string') {
      // Java-style `\:` (cidrBlock) is an invalid escape in a `u`-flag RegExp, which \p{L} (group
      // names) needs: it means a plain `:`.
      out.pattern = value.replace(/\\:/g, ':');
      continue;
    }
    if (key === 'properties' && value && typeof value === 'object') {
      const props: Schema = {};
      for (const [name, prop] of Object.entries(value as Schema)) {
        props[name] = convert(prop, parentForVariants);
      }
      out.properties = props;
      continue;
    }
    out[key] =
      key === 'allOf'
        ? (value as unknown[]).map((v) => convert(v, parentForVariants, selfName))
        : convert(value, parentForVariants);
  }
  const description = typeof src.description === 'string' ? src.description.replace(/\s+/g, ' ') : '';
  const nullable = src.nullable === true || /returns (`null`|\*\*null\*\*)/.test(description);
  if (nullable && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) {
      out.enum = [...out.enum, null];
    }
  }
  return out;
}

export function loadSpec(): LoadedSpec {
  const raw = parse(readFileSync(SPEC_FILE, 'utf8')) as LoadedSpec['raw'];
  const projectRaw = parse(readFileSync(PROJECT_SPEC_FILE, 'utf8')) as LoadedSpec['raw'];
  // Shared names (Link, ResourceTag) keep the peering excerpt's copy, which the peer tests pin.
  const schemas = { ...projectRaw.components.schemas, ...raw.components.schemas };
  raw.components.schemas = schemas;
  // variant name -> discriminated parent name
  const parentForVariants = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) {
    const mapping = (schema.discriminator as { mapping?: Record<string, string> } | undefined)?.mapping;
    for (const ref of Object.values(mapping ?? {})) {
      parentForVariants.set(ref.replace('#/components/schemas/', ''), name);
    }
  }
  const definitions: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    const converted = convert(schema, parentForVariants, name) as Schema;
    const discriminator = schema.discriminator as { propertyName: string; mapping: Record<string, string> } | undefined;
    if (discriminator) {
      const base = { ...converted };
      delete base.oneOf;
      definitions[`${name}Base`] = base;
      const keys = Object.keys(discriminator.mapping);
      const dispatch: Schema = {
        ...base,
        required: [...new Set([...((base.required as string[]) ?? []), discriminator.propertyName])],
        properties: { ...(base.properties as Schema), [discriminator.propertyName]: { type: 'string', enum: keys } },
        allOf: keys.map((k) => ({
          if: { properties: { [discriminator.propertyName]: { const: k } }, required: [discriminator.propertyName] },
          then: { $ref: `#/definitions/${discriminator.mapping[k].replace('#/components/schemas/', '')}` },
        })),
      };
      definitions[name] = dispatch;
    } else {
      definitions[name] = converted;
    }
  }
  // Quirk patches (see SPEC_QUIRKS).
  ((definitions.AwsNetworkPeeringConnectionSettings.properties as Schema).routeTableCidrBlock as Schema).pattern =
    SPEC_QUIRKS.routeTableCidrBlock;
  ((definitions.ApiError.properties as Schema).parameters as Schema).items = SPEC_QUIRKS.apiErrorParameterItems;

  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'atlas', definitions });
  const cache = new Map<string, ValidateFunction>();
  const validator = (name: string): ValidateFunction => {
    let v = cache.get(name);
    if (!v) {
      if (!definitions[name]) {
        throw new Error(`no schema ${name}`);
      }
      v = ajv.getSchema(`atlas#/definitions/${name}`) as ValidateFunction;
      cache.set(name, v);
    }
    return v;
  };
  const allowedKeys = (name: string): Set<string> => {
    const keys = new Set<string>();
    const walk = (s: Schema | undefined): void => {
      if (!s) {
        return;
      }
      if (typeof s.$ref === 'string') {
        walk(definitions[s.$ref.replace('#/definitions/', '')]);
      }
      Object.keys((s.properties as Schema | undefined) ?? {}).forEach((k) => keys.add(k));
      ((s.allOf as Schema[] | undefined) ?? []).forEach((sub) => walk(sub));
    };
    walk(definitions[name]);
    return keys;
  };
  const enumOf = (schemaName: string, property: string): string[] => {
    const prop = (schemas[schemaName].properties as Record<string, { enum?: string[] }>)[property];
    return prop?.enum ?? [];
  };
  return { raw, definitions, ajv, validator, allowedKeys, enumOf };
}
