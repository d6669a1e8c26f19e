// Drift: where a peering or container resource of a Terraform file, a state file or an operator
// manifest says something else than Atlas. Each value the resource sets is compared with the live
// object through the one field table (configFiles/fieldMap.ts), under the file's own name for it.
// Expressions (variables, references, templates) are not compared: only Terraform can evaluate
// them. A literal that differs gets the text that would make the file say the live value, except
// in a state file, which Terraform owns (`terraform plan -refresh-only` shows and applies it).
// Pure: no `vscode` import.

import type { Container, Peer, ProviderName } from '../../atlas/models';
import {
  CONTAINER_FIELDS,
  fieldValue,
  PEER_ARGUMENTS_FROM_CONTAINER,
  PEER_FIELDS,
  type FieldMapping,
  type FieldValue,
} from '../../configFiles/fieldMap';
import type { IacResource, IacValue } from '../../configFiles/references';
import { hclString } from './terraform';

export type DriftValue = string | readonly string[];

export interface DriftedValue {
  /** The file's name for the value (`vpc_id`, `spec.cidrBlock`). */
  name: string;
  fileValue: DriftValue;
  liveValue: DriftValue;
  range: { start: number; end: number };
  /** What to put at `range` so the file says the live value; undefined where no quick fix is offered. */
  replacement?: string;
}

/** What Atlas answered for the resource's object, as far as the check is concerned. */
export type LiveAnswer =
  | {
      kind: 'found';
      object: Peer | Container;
      /** The peer's container, for arguments read from it. */ container?: Container;
    }
  | { kind: 'missing' }
  | { kind: 'unknown'; reason: string };

export type DriftVerdict =
  | { status: 'inSync'; compared: string[]; expressions: string[] }
  | { status: 'drifted'; drifted: DriftedValue[]; compared: string[]; expressions: string[] }
  | { status: 'missing' }
  | { status: 'notChecked'; reason: string };

/** Why a resource cannot be checked before any request, or undefined when it can. */
export function uncheckableReason(resource: IacResource): string | undefined {
  if (!resource.atlasId) {
    return resource.source === 'terraform'
      ? 'no Atlas id: the configuration does not hold it; an import block for this address tells it (Generate Terraform writes one)'
      : `no Atlas id in the ${resource.source === 'kubernetes' ? 'manifest (spec.id)' : 'state'}`;
  }
  if (!resource.projectId) {
    return resource.source === 'kubernetes'
      ? 'the project is not known: spec.externalProjectRef.id is not set (a projectRef to an AtlasProject is not followed)'
      : 'the project is not known: project_id is not a literal Atlas id';
  }
  return undefined;
}

function mappingsOf(resource: IacResource, provider: ProviderName): readonly FieldMapping<unknown>[] {
  const table = resource.kind === 'peer' ? PEER_FIELDS[provider] : CONTAINER_FIELDS[provider];
  return table as unknown as readonly FieldMapping<unknown>[];
}

/** The live value of a file's value name, or undefined when the table maps no Atlas field to it. */
function liveValueOf(
  resource: IacResource,
  name: string,
  live: Peer | Container,
  container?: Container,
): FieldValue | undefined {
  const byName = (m: FieldMapping<unknown>): boolean =>
    resource.source === 'kubernetes' ? m.operator === name : m.terraform === name && m.terraformArgument;
  const own = mappingsOf(resource, live.providerName).find(byName);
  if (own) {
    return fieldValue(live, own);
  }
  if (resource.kind === 'peer' && resource.source !== 'kubernetes' && container) {
    const fromContainer = (
      PEER_ARGUMENTS_FROM_CONTAINER[live.providerName] as unknown as readonly FieldMapping<unknown>[]
    ).find(byName);
    return fromContainer ? fieldValue(container, fromContainer) : undefined;
  }
  return undefined;
}

function sameValue(file: DriftValue, live: DriftValue): boolean {
  if (typeof file === 'string' || typeof live === 'string') {
    return typeof file === 'string' && typeof live === 'string' && file.trim() === live;
  }
  // Lists are sets here (GCP regions): Atlas does not keep the order they were given in.
  return file.length === live.length && [...file].sort().join('\u0000') === [...live].sort().join('\u0000');
}

/** A YAML plain scalar that reads back as this same string. */
const PLAIN_YAML = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/;

/** The text that makes the value read `live`, in the value's own syntax; undefined when no fix applies. */
export function replacementFor(value: IacValue, live: DriftValue): string | undefined {
  if (typeof live !== 'string') {
    return value.syntax === 'hclList' ? `[${live.map(hclString).join(', ')}]` : undefined;
  }
  switch (value.syntax) {
    case 'hclString':
      return hclString(live).slice(1, -1);
    case 'yamlDouble':
      // YAML's double-quoted escapes include JSON's.
      return JSON.stringify(live).slice(1, -1);
    case 'yamlSingle':
      return live.replace(/'/g, "''").replace(/[\r\n]+/g, ' ');
    case 'yamlPlain':
      return PLAIN_YAML.test(live) ? live : JSON.stringify(live);
    default:
      // State files (Terraform owns them), lists in place of strings, expressions.
      return undefined;
  }
}

/** Compares what the resource sets with what Atlas answered. */
export function checkDrift(resource: IacResource, answer: LiveAnswer): DriftVerdict {
  const reason = uncheckableReason(resource);
  if (reason) {
    return { status: 'notChecked', reason };
  }
  if (answer.kind === 'missing') {
    return { status: 'missing' };
  }
  if (answer.kind === 'unknown') {
    return { status: 'notChecked', reason: answer.reason };
  }
  const live = answer.object;
  if (resource.provider && resource.provider !== live.providerName) {
    const drifted = resource.values
      .filter((v) => v.name === 'provider_name' || v.name === 'spec.provider')
      .flatMap((v) => (v.value === undefined ? [] : [driftedValue(v, v.value, live.providerName)]));
    return { status: 'drifted', drifted, compared: drifted.map((d) => d.name), expressions: [] };
  }
  const compared: string[] = [];
  const expressions: string[] = [];
  const drifted: DriftedValue[] = [];
  for (const value of resource.values) {
    const liveValue = liveValueOf(resource, value.name, live, answer.container);
    if (liveValue === undefined || liveValue === null || typeof liveValue === 'boolean') {
      continue;
    }
    if (value.value === undefined) {
      expressions.push(value.name);
      continue;
    }
    compared.push(value.name);
    if (!sameValue(value.value, liveValue)) {
      drifted.push(driftedValue(value, value.value, liveValue));
    }
  }
  return drifted.length > 0
    ? { status: 'drifted', drifted, compared, expressions }
    : { status: 'inSync', compared, expressions };
}

function driftedValue(value: IacValue, fileValue: DriftValue, liveValue: DriftValue): DriftedValue {
  const replacement = replacementFor(value, liveValue);
  return {
    name: value.name,
    fileValue,
    liveValue,
    range: { ...value.range },
    ...(replacement !== undefined ? { replacement } : {}),
  };
}

/** A value as the messages show it: lists as `[a, b]`. */
export function shownValue(value: DriftValue): string {
  return typeof value === 'string' ? value : `[${value.join(', ')}]`;
}
