// Generators of hostile input shared by the plain-Node hostile tests and the in-host ones (this file
// declares no tests, so the extension host can import it without running the unit suites).

import fc from 'fast-check';
import { validateAtlasId } from '../../../src/atlas';
import { SEED_IDS } from '../../simulator';

const GOOD_GROUP = SEED_IDS.projects.production;

const hex = fc.constantFrom(...'0123456789abcdef');
const hexOf = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(hex, { minLength: min, maxLength: max }).map((a) => a.join(''));

/** Values that look almost like ids, and values chosen to break paths, logs and markup. */
export const badIdArbitrary: fc.Arbitrary<unknown> = fc
  .oneof(
    // Near misses: wrong length, uppercase, one bad character, padding inside.
    hexOf(0, 23),
    hexOf(25, 40),
    hexOf(24, 24)
      .map((s) => s.toUpperCase())
      .filter((s) => /[A-F]/.test(s)),
    fc
      .tuple(
        hexOf(24, 24),
        fc.nat(23),
        fc.constantFrom(
          'g',
          'G',
          'z',
          '-',
          '_',
          '.',
          '/',
          '\\',
          '%',
          '?',
          '#',
          '&',
          '=',
          ' ',
          '\u200b',
          '\u0430',
          '\u2028',
          '\0',
          '\n',
          '\t',
          '０',
          'ß',
          '"',
          "'",
          '<',
          '>',
        ),
      )
      .map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1)),
    fc
      .tuple(hexOf(12, 12), fc.constantFrom(' ', '\t', '\n', '/', '%20', '\u00a0', '\u3000'), hexOf(12, 12))
      .map(([a, b, c]) => a + b + c),
    // Path and URL tricks.
    fc.constantFrom(
      '../../groups',
      '..%2F..%2Fgroups',
      `${'a'.repeat(23)}/`,
      `${GOOD_GROUP}/peers`,
      `${GOOD_GROUP}?x=1`,
      `${GOOD_GROUP}#frag`,
      `${GOOD_GROUP}%00`,
      `${GOOD_GROUP}\u0000`,
      'http://evil.example',
      '//evil.example/x',
      '@evil.example',
      '%2e%2e',
      'pcx-0123456789abcdef0',
      'pcx-',
      'vpc-0a1b2c3d4e5f60718',
      'PCX-0123ABCD',
      'undefined',
      'null',
      'NaN',
      '[object Object]',
      '<script>alert(1)</script>',
      '[x](command:workbench.action.terminal.new)',
      '`rm -rf /`',
      '\u202eabcdef',
      '\ufeff',
    ),
    // Anything at all: strings of any alphabet, graphemes, and non-strings.
    fc.string(),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.string({ minLength: 200, maxLength: 2000 }),
    fc.anything(),
  )
  .filter((v) => !validateAtlasId(v, 'peer').ok);

/** AWS peering connection ids, which the lookup accepts in place of an Atlas peer id. */
export const PCX_ID = /^pcx-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;

/** `n` bad ids as strings that neither validateAtlasId nor the lookup's pcx- form accept. */
export function sampleBadIds(n: number, seed = 7): string[] {
  return fc.sample(
    badIdArbitrary.filter((v): v is string => typeof v === 'string' && !PCX_ID.test(v.trim())),
    { numRuns: n, seed },
  );
}
