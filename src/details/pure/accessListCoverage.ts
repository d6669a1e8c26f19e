// Is the peer network allowed by the project's IP access list? Atlas refuses connections from an
// address outside the list even when the peering is AVAILABLE (MongoDB's VPC troubleshooting page
// names it among the most common causes), so the details view says which part is missing and how to add it.
// Pure: plain text out; the renderers escape.
import { parseCidr } from '../../util/cidr';
import { shellQuote } from './nextStep';

/** One entry of GET /groups/{groupId}/accessList, as far as coverage needs it. */
export interface AccessListEntryLike {
  cidrBlock?: string | null;
  ipAddress?: string | null;
  awsSecurityGroup?: string | null;
}

export type CoverageKind = 'covered' | 'partlyCovered' | 'notCovered' | 'unknown';

export interface AccessListCoverage {
  kind: CoverageKind;
  /** The peer CIDR as given (trimmed). */
  peerCidr: string;
  /** The addresses of the peer CIDR no entry allows, as the fewest aligned IPv4 blocks, lowest first. */
  uncovered: string[];
  /** Security-group entries: they may allow the peer's instances, but only AWS knows their members. */
  securityGroups: string[];
}

const IPV4_SIZE = 2 ** 32;

/** An IPv4 block as [first, last] addresses (numbers: 32 bits fit a double exactly). */
type Range = [number, number];

function ipv4Range(text: string | null | undefined): Range | undefined {
  const cidr = parseCidr(text);
  if (!cidr || cidr.version !== 4) {
    return undefined;
  }
  const first = Number(cidr.network);
  return [first, first + 2 ** (32 - cidr.prefix) - 1];
}

/**
 * How much of `peerCidr` (IPv4) the entries allow. Entries that are malformed or IPv6 are ignored
 * (an IPv6 entry never allows an IPv4 peer); a single `ipAddress` counts as a /32. Adjacent and
 * overlapping entries add up. A peer CIDR that is not IPv4 gives 'unknown'.
 */
export function accessListCoverage(
  peerCidr: string | null | undefined,
  entries: readonly AccessListEntryLike[],
): AccessListCoverage {
  const peerText = (peerCidr ?? '').trim();
  const securityGroups = entries.map((e) => e.awsSecurityGroup).filter((g): g is string => !!g);
  const target = ipv4Range(peerText);
  if (!target) {
    return { kind: 'unknown', peerCidr: peerText, uncovered: [], securityGroups };
  }
  const ranges = entries
    .flatMap((e) => [ipv4Range(e.cidrBlock), ipv4Range(e.ipAddress)])
    .filter((r): r is Range => r !== undefined)
    .sort((a, b) => a[0] - b[0]);
  const gaps: Range[] = [];
  let next = target[0];
  for (const [first, last] of ranges) {
    if (next > target[1]) {
      break;
    }
    if (last < next) {
      continue;
    }
    if (first > next) {
      gaps.push([next, Math.min(first - 1, target[1])]);
    }
    next = Math.max(next, last + 1);
  }
  if (next <= target[1]) {
    gaps.push([next, target[1]]);
  }
  const uncovered = gaps.flatMap(rangeToCidrs);
  const kind = gaps.length === 0 ? 'covered' : sameRange(gaps, target) ? 'notCovered' : 'partlyCovered';
  return { kind, peerCidr: peerText, uncovered, securityGroups };
}

function sameRange(gaps: Range[], target: Range): boolean {
  return gaps.length === 1 && gaps[0][0] === target[0] && gaps[0][1] === target[1];
}

/** The fewest aligned CIDR blocks that exactly span [first, last]: the largest aligned block each time. */
export function rangeToCidrs([first, last]: Range): string[] {
  const out: string[] = [];
  let start = first;
  while (start <= last) {
    let size = 1;
    // Grow while the block stays aligned on `start` and inside the range.
    while (size < IPV4_SIZE && start % (size * 2) === 0 && start + size * 2 - 1 <= last) {
      size *= 2;
    }
    out.push(`${formatIpv4(start)}/${32 - Math.log2(size)}`);
    start += size;
  }
  return out;
}

export function formatIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * The Atlas CLI commands that add each uncovered block to the access list (syntax of
 * `atlas accessLists create`, https://www.mongodb.com/docs/atlas/cli/current/command/atlas-accessLists-create/).
 * Every value is shell-quoted: the comment and project id come from Atlas or from files the user opened.
 */
export function accessListCreateCommands(uncovered: readonly string[], groupId: string, comment: string): string[] {
  return uncovered.map(
    (cidr) =>
      `atlas accessLists create ${shellQuote(cidr)} --type cidrBlock --projectId ${shellQuote(groupId)}` +
      ` --comment ${shellQuote(comment)}`,
  );
}
