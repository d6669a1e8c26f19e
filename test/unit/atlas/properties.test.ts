// Property tests (fast-check): the id validator never accepts a bad id, and nothing that parses
// Atlas JSON or formats errors ever throws, whatever it is given.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  defaultUserAgent,
  EXTENSION_VERSION,
  formatAtlasError,
  parseContainer,
  parsePage,
  parsePeer,
  parseProject,
  PROVIDERS,
  requireAtlasId,
  validateAtlasId,
} from '../../../src/atlas';
import { parseWwwAuthenticate, pickDigestChallenge } from '../../../src/atlas/digest';
import { parseRetryAfter } from '../../../src/atlas/http';

const ID_RE = /^[a-f0-9]{24}$/;
const KINDS = ['project', 'peer', 'container'] as const;
const hexId = fc.stringMatching(/^[a-f0-9]{24}$/);

describe('validateAtlasId', () => {
  it('never accepts a value that is not 24 lowercase hex after trimming', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^\s*[a-fA-F0-9g-z-]{20,28}\s*$/)),
        fc.constantFrom(...KINDS),
        (value, kind) => {
          const r = validateAtlasId(value, kind);
          if (r.ok) {
            assert.match(r.id, ID_RE);
            assert.equal(r.id, value.trim());
          } else {
            assert.ok(!ID_RE.test(value.trim()));
            assert.ok(r.message.length > 0 && !/[\r\n]/.test(r.message));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('accepts every valid id, with surrounding whitespace', () => {
    fc.assert(
      fc.property(hexId, fc.stringMatching(/^[ \t\n]*$/), fc.stringMatching(/^[ \t\n]*$/), (id, before, after) => {
        assert.deepEqual(validateAtlasId(`${before}${id}${after}`, 'peer'), { ok: true, id });
      }),
    );
  });

  it('never throws on any value at all', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(...KINDS), (value, kind) => {
        const r = validateAtlasId(value, kind);
        assert.equal(r.ok, typeof value === 'string' && ID_RE.test(value.trim()));
      }),
    );
  });

  it('explains what is wrong', () => {
    const msg = (v: string): string => {
      const r = validateAtlasId(v, 'peer');
      assert.equal(r.ok, false);
      return r.ok ? '' : r.message;
    };
    assert.match(msg('pcx-05530fa865e7a44f4'), /AWS VPC peering connection ID, not an Atlas ID/);
    assert.match(msg('5F3A556351DB42631E16F33A'), /uppercase.*5f3a556351db42631e16f33a/);
    assert.match(msg('5f3a556351db42631e16f33'), /23 characters long; Atlas IDs are exactly 24/);
    assert.match(msg('5f3a556351db42631e16f33g'), /not lowercase hex \("g"\)/);
    assert.match(msg('5f3a5563 51db42631e16f33a'), /a space.*25 characters/);
    assert.match(msg(''), /empty/);
    assert.match(msg('vpc-7b64b41e'), /AWS VPC ID/);
    assert.throws(() => requireAtlasId('nope', 'project'), { name: 'AtlasValidationError' });
  });
});

describe('model parsers never throw', () => {
  const anyJson = fc.oneof(
    fc.jsonValue(),
    fc.anything(),
    fc.dictionary(
      fc.constantFrom(
        'id',
        'providerName',
        'statusName',
        'status',
        'vnetName',
        'networkName',
        'gcpProjectId',
        'regions',
        'results',
        'totalCount',
        'links',
        'errorState',
        'provisioned',
        'name',
        'clusterCount',
      ),
      fc.anything(),
    ),
  );

  it('parsePeer, parseContainer, parseProject and parsePage on arbitrary JSON', () => {
    fc.assert(
      fc.property(anyJson, fc.option(fc.constantFrom(...PROVIDERS), { nil: undefined }), (json, provider) => {
        const peer = parsePeer(json, provider);
        assert.ok(PROVIDERS.includes(peer.providerName));
        assert.equal(typeof peer.id, 'string');
        assert.equal(peer.raw, json);
        if (provider) {
          assert.ok(peer.providerName === provider || !peer.providerInferred);
        }
        const container = parseContainer(json, provider);
        assert.ok(PROVIDERS.includes(container.providerName));
        const project = parseProject(json);
        assert.equal(typeof project.name, 'string');
        const page = parsePage(json, (item) => parsePeer(item));
        assert.ok(Array.isArray(page.results) && Array.isArray(page.links));
        assert.ok(page.totalCount === null || page.totalCount >= 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('header parsers and formatAtlasError on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.anything(), (header, thrown) => {
        parseWwwAuthenticate(header);
        pickDigestChallenge(header);
        const r = parseRetryAfter(header);
        assert.ok(r === null || r >= 0);
        const f = formatAtlasError(thrown);
        assert.equal(typeof f.message, 'string');
      }),
      { numRuns: 1000 },
    );
  });
});

describe('version', () => {
  it('EXTENSION_VERSION matches package.json, and the default User-Agent names it', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    assert.equal(EXTENSION_VERSION, pkg.version);
    assert.equal(
      defaultUserAgent(),
      `${pkg.name}/${pkg.version} (node ${process.versions.node}; ${process.platform}; ${process.arch})`,
    );
  });
});
