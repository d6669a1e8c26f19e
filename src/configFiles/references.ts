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
