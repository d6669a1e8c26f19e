// Where credentials may be sent. Pure.
// https only, except loopback (the simulator, a local proxy): a token or digest over plain http to
// another host could be read on the way.

export const DEFAULT_BASE_URL = 'https://cloud.mongodb.com';
export const GOV_BASE_URL = 'https://cloud.mongodbgov.com';

/** The variable the Atlas CLI and Terraform read a base URL from; the default profile reads it too. */
export const BASE_URL_VARIABLE = 'MONGODB_ATLAS_BASE_URL';

/** MONGODB_ATLAS_BASE_URL as given (trimmed; checked by the caller with checkBaseUrl), if set. */
export function environmentBaseUrl(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const v = env[BASE_URL_VARIABLE];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export type BaseUrlCheck = { ok: true; url: string } | { ok: false; message: string };

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') {
    return true;
  }
  // WHATWG URL has already normalised IPv4 forms such as 127.1 and 0x7f.0.0.1.
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Validates and normalises a base URL (origin plus optional path, no trailing slash). */
export function checkBaseUrl(input: unknown): BaseUrlCheck {
  if (typeof input !== 'string' || input.trim() === '') {
    return { ok: false, message: 'The Atlas base URL is empty.' };
  }
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${shorten(text)}" is not a URL. Use e.g. ${DEFAULT_BASE_URL}.` };
  }
  if (url.username || url.password) {
    return { ok: false, message: 'The Atlas base URL must not contain a user name or password.' };
  }
  if (url.search || url.hash) {
    return { ok: false, message: 'The Atlas base URL must not contain a query (?) or fragment (#).' };
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      return {
        ok: false,
        message: `Refusing to send Atlas credentials over plain http to ${url.host}. Use https://, or http only for loopback (127.0.0.1, ::1, localhost).`,
      };
    }
  } else if (url.protocol !== 'https:') {
    return { ok: false, message: `The Atlas base URL must start with https:// (got ${url.protocol}//).` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.protocol}//${url.host}${path}` };
}

function shorten(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
