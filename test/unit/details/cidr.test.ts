import * as assert from 'node:assert/strict';
import { cidrsOverlap, parseCidr } from '../../../src/util/cidr';

describe('util/cidr', () => {
  describe('parseCidr', () => {
    it('parses IPv4 blocks and clears host bits', () => {
      assert.deepEqual(parseCidr('10.8.0.0/16'), { version: 4, network: 0x0a080000n, prefix: 16 });
      assert.deepEqual(parseCidr(' 10.8.3.7/16 '), { version: 4, network: 0x0a080000n, prefix: 16 });
      assert.deepEqual(parseCidr('0.0.0.0/0'), { version: 4, network: 0n, prefix: 0 });
    });

    it('treats a bare address as a single host and accepts %2F for the slash', () => {
      assert.deepEqual(parseCidr('192.168.1.1'), { version: 4, network: 0xc0a80101n, prefix: 32 });
      assert.deepEqual(parseCidr('192.168.248.0%2F21'), { version: 4, network: 0xc0a8f800n, prefix: 21 });
    });

    it('parses IPv6, including :: compression and an embedded IPv4 tail', () => {
      assert.deepEqual(parseCidr('2001:db8::/32'), { version: 6, network: 0x20010db8n << 96n, prefix: 32 });
      assert.deepEqual(parseCidr('::/0'), { version: 6, network: 0n, prefix: 0 });
      assert.deepEqual(parseCidr('::ffff:10.0.0.1/128'), {
        version: 6,
        network: (0xffffn << 32n) | 0x0a000001n,
        prefix: 128,
      });
      assert.deepEqual(parseCidr('2001:0db8:0000:0000:0000:0000:0000:0001/64'), {
        version: 6,
        network: 0x20010db8n << 96n,
        prefix: 64,
      });
    });

    it('rejects invalid input', () => {
      for (const bad of [
        '',
        'not a cidr',
        '10.0.0/16',
        '10.0.0.256/16',
        '10.0.0.0/33',
        '10.0.0.0/',
        '10.0.0.0/-1',
        '10.0.0.0/1a',
        '1.2.3.4.5/8',
        '2001:db8::1::/64',
        '2001:db8:::/64',
        '2001:db8::/129',
        '1:2:3:4:5:6:7:8:9/64',
        '1:2:3:4:5:6:7/64',
        'gggg::/16',
        '<img src=x onerror=alert(1)>',
      ]) {
        assert.equal(parseCidr(bad), undefined, bad);
      }
      assert.equal(parseCidr(null), undefined);
      assert.equal(parseCidr(undefined), undefined);
    });
  });

  describe('cidrsOverlap', () => {
    const cases: [string | null, string | null, boolean][] = [
      ['192.168.248.0/21', '192.168.248.0/21', true],
      ['192.168.0.0/16', '192.168.248.0/21', true], // containment
      ['192.168.248.0/21', '192.168.0.0/16', true], // containment, reversed
      ['192.168.250.0/24', '192.168.248.0/21', true], // inside the upper part
      ['192.168.240.0/21', '192.168.248.0/21', false], // adjacent below
      ['192.169.0.0/21', '192.168.248.0/21', false], // adjacent above (192.168.255.255 + 1)
      ['10.8.0.0/16', '192.168.248.0/21', false],
      ['0.0.0.0/0', '10.0.0.0/8', true],
      ['10.0.0.5', '10.0.0.0/24', true], // bare address inside
      ['10.0.1.5', '10.0.0.0/24', false],
      ['2001:db8::/32', '2001:db8:abcd::/48', true],
      ['2001:db8::/32', '2001:db9::/32', false],
      ['10.0.0.0/8', '::ffff:10.0.0.0/104', false], // different families never overlap
      ['not-a-cidr', '10.0.0.0/8', false],
      ['10.0.0.0/8', '', false],
      [null, '10.0.0.0/8', false],
      ['10.0.0.0/8', null, false],
    ];
    for (const [a, b, expected] of cases) {
      it(`${String(a)} vs ${String(b)} -> ${expected}`, () => {
        assert.equal(cidrsOverlap(a, b), expected);
        assert.equal(cidrsOverlap(b, a), expected);
      });
    }
  });
});
