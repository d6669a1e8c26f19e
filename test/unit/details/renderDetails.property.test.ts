import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { renderDetailsHtml } from '../../../src/details/pure/renderDetails';
import { escapeHtml } from '../../../src/util/html';
import { ENV, modelOf } from './fixtures';

const DANGEROUS = /[<>&"'`]/g;

const TEMPLATE_TAGS =
  /^<\/?(html|head|meta|link|title|body|header|main|p|span|div|h1|h2|h3|dl|dt|dd|button|section|code|pre|ul|li|details|summary|time|script)(\s|>|$)|^<!DOCTYPE html>$/;

/** Tag names and attribute names in document order: the structure the template decides. */
function skeleton(html: string): string[] {
  return (html.match(/<[^>]*>/g) ?? []).map((tag) => {
    const name = /^<\/?[^\s>]+/.exec(tag)?.[0] ?? tag;
    const attrs = [...tag.matchAll(/\s([\w-]+)=/g)].map((m) => m[1]);
    return [name, ...attrs].join(' ');
  });
}

function defang(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.replace(DANGEROUS, 'x');
  }
  if (Array.isArray(value)) {
    return value.map(defang);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [defang(k) as string, defang(v)]));
  }
  return value;
}

const hostile = fc.constantFrom(
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  "' onfocus='alert(1)",
  'javascript:alert(1)',
  'command:workbench.action.openSettings',
  '<!--',
  ']]>',
  '&lt;',
  '\u0000\u202e<',
);
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  hostile,
);
const value = fc.option(text, { nil: null });

const PEER_FIELDS = [
  'id',
  'containerId',
  'accepterRegionName',
  'awsAccountId',
  'connectionId',
  'errorStateName',
  'routeTableCidrBlock',
  'statusName',
  'vpcId',
  'azureDirectoryId',
  'azureSubscriptionId',
  'errorState',
  'resourceGroupName',
  'status',
  'vnetName',
  'errorMessage',
  'gcpProjectId',
  'networkName',
];
const CONTAINER_FIELDS = [
  'id',
  'atlasCidrBlock',
  'regionName',
  'vpcId',
  'region',
  'azureSubscriptionId',
  'vnetName',
  'gcpProjectId',
  'networkName',
];

const provider = fc.constantFrom('AWS', 'AZURE', 'GCP');
const fields = (names: string[]) =>
  fc.record(Object.fromEntries(names.map((n) => [n, value])) as Record<string, fc.Arbitrary<string | null>>);
// Unknown keys get a distinct prefix so that defanging can never merge two of them.
const extra = fc
  .array(fc.tuple(text, fc.oneof(value, fc.array(text, { maxLength: 3 }))), { maxLength: 3 })
  .map((entries) => Object.fromEntries(entries.map(([k, v], i) => [`k${i}_${k}`, v])));

const input = fc.record({
  provider,
  peer: fields(PEER_FIELDS),
  peerExtra: extra,
  container: fc.option(
    fc.record({
      fields: fields(CONTAINER_FIELDS),
      provisioned: fc.option(fc.boolean(), { nil: null }),
      regions: fc.array(text, { maxLength: 3 }),
      extra,
    }),
    {
      nil: undefined,
    },
  ),
  projectName: text,
  projectId: text,
  profileName: fc.option(text, { nil: undefined }),
  containerError: fc.option(text, { nil: undefined }),
  rawJson: text,
  watching: fc.boolean(),
});

type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

function render(i: Input): string {
  const peerJson = { providerName: i.provider, ...i.peer, ...i.peerExtra };
  const containerJson = i.container
    ? {
        providerName: i.provider,
        ...i.container.fields,
        provisioned: i.container.provisioned,
        regions: i.container.regions,
        ...i.container.extra,
      }
    : undefined;
  return renderDetailsHtml(
    modelOf(peerJson, containerJson, {
      project: { id: i.projectId, name: i.projectName },
      profileName: i.profileName,
      containerError: i.containerError,
      rawJson: i.rawJson,
      watching: i.watching,
    }),
    ENV,
  );
}

describe('details/renderDetails properties', () => {
  it('escapeHtml leaves no markup characters and round-trips', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = escapeHtml(s);
        assert.doesNotMatch(e, /[<>"'`]/);
        const back = e.replace(
          /&lt;|&gt;|&quot;|&#39;|&#96;|&amp;/g,
          (m) => ({ '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#96;': '`', '&amp;': '&' })[m] ?? m,
        );
        assert.equal(back, s);
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary strings in every field never add, remove or change a tag or attribute', () => {
    fc.assert(
      fc.property(input, (i) => {
        const html = render(i);
        // Every '<' in the page opens one of the template's own tags.
        for (const m of html.matchAll(/<[^>]*>?/g)) {
          assert.match(m[0], TEMPLATE_TAGS, `unexpected markup ${JSON.stringify(m[0].slice(0, 80))}`);
        }
        // The structure equals that of the same input with every markup character replaced by a letter.
        const safe = defang(i) as Input;
        assert.deepEqual(skeleton(html), skeleton(render(safe)));
      }),
      { numRuns: 150 },
    );
  });
});
