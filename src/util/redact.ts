// Scrubs values before they reach a log line. Pure: used by the extension and by unit tests.

const SECRET_KEY = /secret|password|passwd|private|token|authorization|cookie|api_?key|credential/i;

export const REDACTED = '<redacted>';

/** A deep copy in which every value under a secret-looking key is replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) {
    return '…';
  }
  if (Array.isArray(value)) {
    return value.map((v) => redact(v, depth + 1));
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEY.test(k) ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

/** Replaces every occurrence of the given secrets (ignoring short or empty ones) in a text. */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 4) {
      out = out.split(s).join(REDACTED);
    }
  }
  // Bearer tokens and Basic/Digest headers never belong in a log, whoever produced the text.
  return out
    .replace(/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`)
    .replace(/\bDigest\s+[^\n]*/g, `Digest ${REDACTED}`);
}
