// Atlas ids (projects, peers, containers) are 24 lowercase hex digits (spec pattern ^([a-f0-9]{24})$).
// They are checked before any request so that a typo never costs a round trip, and so that the
// message can say what is wrong instead of Atlas's PATH_PARAM_PARSE_ERROR.

import { AtlasValidationError } from './errors';

export type AtlasIdKind = 'project' | 'peer' | 'container';

export type AtlasIdCheck = { ok: true; id: string } | { ok: false; message: string };

const ATLAS_ID = /^[a-f0-9]{24}$/;

const KIND_LABEL: Record<AtlasIdKind, string> = {
  project: 'project ID',
  peer: 'peering connection ID',
  container: 'container ID',
};

export function isAtlasId(value: unknown): value is string {
  return typeof value === 'string' && ATLAS_ID.test(value);
}

export function validateAtlasId(value: unknown, what: AtlasIdKind): AtlasIdCheck {
  const label = KIND_LABEL[what] ?? 'ID';
  if (typeof value !== 'string') {
    return { ok: false, message: `The ${label} is missing.` };
  }
  const id = value.trim();
  if (ATLAS_ID.test(id)) {
    return { ok: true, id };
  }
  const Label = label[0].toUpperCase() + label.slice(1);
  if (id === '') {
    return { ok: false, message: `The ${label} is empty. Atlas IDs are 24 hexadecimal characters (0-9, a-f).` };
  }
  if (/^pcx-/i.test(id)) {
    return {
      ok: false,
      message: `"${shorten(id)}" is an AWS VPC peering connection ID, not an Atlas ID. Use the 24-character Atlas ${label} (the connection's "id" field), or search by the pcx- ID.`,
    };
  }
  if (/^vpc-/i.test(id)) {
    return {
      ok: false,
      message: `"${shorten(id)}" is an AWS VPC ID, not an Atlas ${label}. Atlas IDs are 24 hexadecimal characters.`,
    };
  }
  if (/^[a-fA-F0-9]{24}$/.test(id)) {
    return {
      ok: false,
      message: `${Label} "${id}" contains uppercase letters. Atlas IDs are lowercase hex: ${id.toLowerCase()}.`,
    };
  }
  const bad = [...new Set([...id].filter((c) => !/[a-f0-9]/.test(c)))];
  if (bad.length > 0) {
    const shown = bad.slice(0, 5).map(describeChar).join(', ');
    const lengthNote = id.length !== 24 ? ` and is ${id.length} characters long instead of 24` : '';
    return {
      ok: false,
      message: `${Label} "${shorten(id)}" contains characters that are not lowercase hex (${shown})${lengthNote}. Atlas IDs are 24 characters of 0-9 and a-f.`,
    };
  }
  return {
    ok: false,
    message: `${Label} "${shorten(id)}" is ${id.length} characters long; Atlas IDs are exactly 24 hexadecimal characters.`,
  };
}

/** The trimmed id, or an AtlasValidationError (thrown before any request is made). */
export function requireAtlasId(value: unknown, what: AtlasIdKind): string {
  const check = validateAtlasId(value, what);
  if (!check.ok) {
    throw new AtlasValidationError(check.message);
  }
  return check.id;
}

function describeChar(c: string): string {
  if (c === ' ') {
    return 'a space';
  }
  if (/\s/.test(c)) {
    return 'whitespace';
  }
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
    ? `U+${code.toString(16).padStart(4, '0')}`
    : `"${c}"`;
}

function shorten(s: string): string {
  // Control characters (C0, C1, line/paragraph separators, bidi overrides) are replaced so that a
  // pasted value cannot break the one-line message or reorder what it shows.
  const safe = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '?');
  return safe.length > 40 ? `${safe.slice(0, 37)}...` : safe;
}
