// Pure CIDR parsing and overlap checks (IPv4 and IPv6) for the "your CIDR overlaps Atlas's" warning.

export interface Cidr {
  version: 4 | 6;
  /** The network address with host bits cleared. */
  network: bigint;
  prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) {
    return undefined;
  }
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) {
      return undefined;
    }
    const n = Number(part);
    if (n > 255) {
      return undefined;
    }
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  if (text.length === 0 || text.includes(':::')) {
    return undefined;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return undefined;
  }
  const toGroups = (s: string): number[] | undefined => {
    if (s === '') {
      return [];
    }
    const groups: number[] = [];
    const pieces = s.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === undefined) {
          return undefined;
        }
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return groups;
  };
  const head = toGroups(halves[0]);
  const tail = halves.length === 2 ? toGroups(halves[1]) : [];
  if (!head || !tail) {
    return undefined;
  }
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) {
      return undefined;
    }
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) {
    return undefined;
  }
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/**
 * Parses `a.b.c.d/n` or an IPv6 `addr/n`. A bare address counts as a single host (/32 or /128),
 * because Atlas's routeTableCidrBlock pattern accepts plain addresses. `%2F` is accepted for `/`
 * as in Atlas's atlasCidrBlock pattern. Returns undefined for anything else.
 */
export function parseCidr(input: string | null | undefined): Cidr | undefined {
  if (typeof input !== 'string') {
    return undefined;
  }
  const text = input.trim().replace(/%2f/i, '/');
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const version: 4 | 6 = address.includes(':') ? 6 : 4;
  const bits = version === 4 ? 32 : 128;
  const value = version === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) {
    return undefined;
  }
  let prefix = bits;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) {
      return undefined;
    }
    prefix = Number(prefixText);
    if (prefix > bits) {
      return undefined;
    }
  }
  const hostBits = BigInt(bits - prefix);
  const network = (value >> hostBits) << hostBits;
  return { version, network, prefix };
}

/** True when the two blocks share at least one address; false when they don't or either is not a valid CIDR. */
export function cidrsOverlap(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y || x.version !== y.version) {
    return false;
  }
  const bits = x.version === 4 ? 32 : 128;
  // Two aligned blocks overlap exactly when one contains the other: compare under the shorter prefix.
  const shift = BigInt(bits - Math.min(x.prefix, y.prefix));
  return x.network >> shift === y.network >> shift;
}
