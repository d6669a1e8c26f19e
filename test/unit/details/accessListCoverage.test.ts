import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import {
  AccessListEntryLike,
  accessListCoverage,
  accessListCreateCommands,
  formatIpv4,
  rangeToCidrs,
} from '../../../src/details/pure/accessListCoverage';
import { parseCidr } from '../../../src/util/cidr';

const cidr = (c: string): AccessListEntryLike => ({ cidrBlock: c });
const ip = (a: string): AccessListEntryLike => ({ ipAddress: a });

/** The argv a bash command line hands to `atlas`, read back by a stand-in function. */
function argvOf(commandLine: string): string[] {
  const out = execFileSync('bash', ['-c', `atlas() { printf '%s\\0' "$@"; }; ${commandLine}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('details/accessListCoverage', () => {
  it('covered: one entry equal to or wider than the peer CIDR', () => {
    assert.equal(accessListCoverage('10.8.0.0/16', [cidr('10.8.0.0/16')]).kind, 'covered');
    assert.equal(accessListCoverage('10.8.0.0/16', [cidr('10.0.0.0/8')]).kind, 'covered');
    assert.equal(accessListCoverage('10.8.0.0/16', [cidr('0.0.0.0/0')]).kind, 'covered');
  });

  it('covered: adjacent blocks that together span the peer CIDR, in any order, overlapping or not', () => {
    const r = accessListCoverage('10.8.0.0/16', [cidr('10.8.128.0/17'), cidr('10.8.0.0/17')]);
    assert.deepEqual(r, { kind: 'covered', peerCidr: '10.8.0.0/16', uncovered: [], securityGroups: [] });
    assert.equal(
      accessListCoverage('10.8.0.0/16', [cidr('10.8.0.0/17'), cidr('10.8.64.0/18'), cidr('10.8.100.0/16')]).kind,
      'covered',
    );
  });

  it('partly covered: names exactly the missing blocks', () => {
    const r = accessListCoverage('10.8.0.0/16', [cidr('10.8.0.0/17'), cidr('10.8.192.0/19')]);
    assert.equal(r.kind, 'partlyCovered');
    assert.deepEqual(r.uncovered, ['10.8.128.0/18', '10.8.224.0/19']);
  });

  it('a single address entry covers a /32 peer and leaves the rest of a wider one', () => {
    assert.equal(accessListCoverage('10.1.2.3/32', [ip('10.1.2.3')]).kind, 'covered');
    assert.equal(accessListCoverage('10.1.2.3', [cidr('10.1.2.3/32')]).kind, 'covered');
    const r = accessListCoverage('10.1.2.0/30', [ip('10.1.2.1')]);
    assert.equal(r.kind, 'partlyCovered');
    assert.deepEqual(r.uncovered, ['10.1.2.0/32', '10.1.2.2/31']);
  });

  it('not covered: disjoint entries, malformed entries and IPv6 entries allow nothing', () => {
    const r = accessListCoverage('172.31.0.0/16', [
      cidr('172.32.0.0/16'),
      cidr('172.31.0.0/33'),
      cidr('not a cidr'),
      cidr('::/0'),
      ip('2001:db8::1'),
      { cidrBlock: null, ipAddress: undefined },
    ]);
    assert.deepEqual(r, {
      kind: 'notCovered',
      peerCidr: '172.31.0.0/16',
      uncovered: ['172.31.0.0/16'],
      securityGroups: [],
    });
    assert.equal(accessListCoverage('0.0.0.0/0', []).kind, 'notCovered');
    assert.deepEqual(accessListCoverage('0.0.0.0/0', []).uncovered, ['0.0.0.0/0']);
  });

  it('edges: /0 peer partly covered, the last address of the space, security groups reported', () => {
    const r = accessListCoverage('0.0.0.0/0', [cidr('0.0.0.0/1')]);
    assert.deepEqual(r.uncovered, ['128.0.0.0/1']);
    assert.equal(accessListCoverage('255.255.255.255/32', [cidr('255.255.255.0/24')]).kind, 'covered');
    const sg = accessListCoverage('10.0.0.0/24', [{ awsSecurityGroup: 'sg-0123456789abcdef0' }]);
    assert.equal(sg.kind, 'notCovered');
    assert.deepEqual(sg.securityGroups, ['sg-0123456789abcdef0']);
  });

  it('unknown for a missing, malformed or IPv6 peer CIDR', () => {
    for (const peer of [undefined, null, '', 'vpc-1', '2001:db8::/32']) {
      assert.equal(accessListCoverage(peer, [cidr('0.0.0.0/0')]).kind, 'unknown');
    }
  });

  it('rangeToCidrs splits at alignment boundaries', () => {
    assert.deepEqual(rangeToCidrs([1, 6]), ['0.0.0.1/32', '0.0.0.2/31', '0.0.0.4/31', '0.0.0.6/32']);
    assert.deepEqual(rangeToCidrs([0, 2 ** 32 - 1]), ['0.0.0.0/0']);
    assert.equal(formatIpv4(0xc0a8f801), '192.168.248.1');
  });

  it('property: agrees with a brute-force oracle over the addresses of a small block', () => {
    const base = 0x0a000000; // 10.0.0.0; every block below lies in 10.0.0.0/26 or just outside it
    const block = fc.record({ offset: fc.integer({ min: 0, max: 80 }), prefix: fc.integer({ min: 26, max: 32 }) });
    const toCidr = ({ offset, prefix }: { offset: number; prefix: number }): string =>
      `${formatIpv4(base + offset)}/${prefix}`;
    const addresses = (c: string): number[] => {
      const p = parseCidr(c)!;
      const first = Number(p.network);
      return Array.from({ length: 2 ** (32 - p.prefix) }, (_, i) => first + i);
    };
    fc.assert(
      fc.property(block, fc.array(block, { maxLength: 6 }), (peer, entries) => {
        const peerCidr = toCidr(peer);
        const allowed = new Set(entries.flatMap((e) => addresses(toCidr(e))));
        const want = addresses(peerCidr).filter((a) => !allowed.has(a));
        const r = accessListCoverage(
          peerCidr,
          entries.map((e) => cidr(toCidr(e))),
        );
        assert.deepEqual(r.uncovered.flatMap(addresses), want);
        const total = addresses(peerCidr).length;
        assert.equal(r.kind, want.length === 0 ? 'covered' : want.length === total ? 'notCovered' : 'partlyCovered');
        // The fewest blocks: no two neighbours could merge into one aligned block.
        for (let i = 1; i < r.uncovered.length; i++) {
          const a = parseCidr(r.uncovered[i - 1])!;
          const b = parseCidr(r.uncovered[i])!;
          const mergeable =
            a.prefix === b.prefix &&
            a.prefix > 0 &&
            Number(a.network) % 2 ** (33 - a.prefix) === 0 &&
            Number(b.network) === Number(a.network) + 2 ** (32 - a.prefix);
          assert.ok(!mergeable, `${r.uncovered[i - 1]} and ${r.uncovered[i]} should be one block`);
        }
      }),
      { numRuns: 300 },
    );
  });

  describe('accessListCreateCommands', () => {
    it('one command per uncovered block, in the Atlas CLI syntax', () => {
      assert.deepEqual(accessListCreateCommands(['10.8.128.0/18'], '6746cee66f62fc3c122a3b82', 'AWS peer vpc-1'), [
        "atlas accessLists create 10.8.128.0/18 --type cidrBlock --projectId 6746cee66f62fc3c122a3b82 --comment 'AWS peer vpc-1'",
      ]);
    });

    it('hostile values stay inside their argument when bash runs the command', () => {
      const hostile = [`x'; touch /tmp/pwned; echo '`, '$(id)', '`id`', 'a\nb', '--type ipAddress', '\\', "'", ''];
      for (const value of hostile) {
        const [command] = accessListCreateCommands([value], value, value);
        assert.deepEqual(argvOf(command), [
          'accessLists',
          'create',
          value,
          '--type',
          'cidrBlock',
          '--projectId',
          value,
          '--comment',
          value,
        ]);
      }
    });
  });
});
