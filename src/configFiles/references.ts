// What a scanner reports: an Atlas id in a config file, what it is and where it sits, plus the
// helpers every format's scanner uses to build those records. Pure: no `vscode` import.

import { isAtlasId } from '../atlas/validate';
import type { ProviderName } from '../atlas/models';

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

/**
 * A value an infrastructure-as-code resource sets, for the drift check (iac/pure/drift.ts): the
 * file's name for it, what the file says and where.
 */
export interface IacValue {
  /** A Terraform argument (`vpc_id`) or an operator path (`spec.awsConfiguration.vpcId`). */
  name: string;
  /** The literal value; undefined when the file sets an expression (a variable, a reference, a template). */
  value?: string | readonly string[];
  /** What a quick fix replaces: a string's content without its quotes, or a list's whole brackets. */
  range: { start: number; end: number };
  /** How the value is written, which tells how a replacement must be written. */
  syntax: 'hclString' | 'hclList' | 'json' | 'yamlPlain' | 'yamlDouble' | 'yamlSingle' | 'expression';
}

/** A peering or container resource of a Terraform file, a state file or an operator manifest. */
export interface IacResource {
  source: 'terraform' | 'tfstate' | 'kubernetes';
  kind: 'peer' | 'container';
  /** `mongodbatlas_network_peering.main`, `module.net.mongodbatlas_network_container.this`, `AtlasNetworkPeering/my-peering`. */
  address: string;
  /** Offset of the resource block, instance or manifest. */
  start: number;
  /** The Atlas object, when the file tells it (state attributes, an import block, `spec.id`); well-formed ids only. */
  projectId?: string;
  atlasId?: string;
  /** Where the file names the Atlas id (the import id's part, `peer_id`, `spec.id`). */
  idRange?: { start: number; end: number };
  provider?: ProviderName;
  values: IacValue[];
}

/** Where each format's scanner puts what it finds; the index sorts and de-overlaps it afterwards. */
export interface Collector {
  refs: FoundReference[];
  problems: ConfigProblem[];
  /** Spans whose text alone decides what the references in them mean (a state file's resources), in order, flat: start, end, start, end… */
  spans?: number[];
  /**
   * A state file's root-level key tokens, flat: start, end, start, end…; undefined when not
   * recorded (no Atlas resource, or over MAX_ROOT_KEYS keys).
   */
  rootKeys?: number[];
  /** Peering and container resources with the values they set (Terraform, state, operator manifests). */
  resources?: IacResource[];
}

/** Root keys recorded for a state file; a root with more (hand-made, hostile) records none. */
export const MAX_ROOT_KEYS = 64;

/** The value if it is a well-formed Atlas id (trimmed), else undefined. */
export function wellFormed(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && isAtlasId(v) ? v : undefined;
}

/** Drops undefined optional fields so results compare cleanly with deepEqual. */
export function ref(fields: FoundReference): FoundReference {
  // Copied key by key rather than with `delete`, which turns an object into a slow dictionary: a
  // keystroke shifts every reference after it, and that loop ran several times slower on those.
  const r: Record<string, unknown> = {};
  for (const k of Object.keys(fields)) {
    const v = (fields as unknown as Record<string, unknown>)[k];
    if (v !== undefined) {
      r[k] = v;
    }
  }
  return r as unknown as FoundReference;
}
