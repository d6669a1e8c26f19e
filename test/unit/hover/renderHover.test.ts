import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseContainer, parsePeer, parseProject, type Peer } from '../../../src/atlas/models';
import { nextStep } from '../../../src/details/pure/nextStep';
import {
  HOVER_COMMANDS,
  HOVER_ENABLED_COMMANDS,
  renderContainerHover,
  renderPeerHover,
  renderProblemHover,
  renderProjectHover,
  renderReferenceFooter,
  STATUS_CODICONS,
} from '../../../src/hover/pure/renderHover';
import { formatAge } from '../../../src/util/age';
import { code, md } from '../../../src/util/markdown';

const PROJECT = '1112222b3bf99403840e8934';
const PEER = '5cbf563d87d9d67253be590a';
const CONTAINER = '5cbf5d4c3b2a190817263544';
const NOW = Date.UTC(2026, 2, 14, 12, 0, 0);

const awsPending = parsePeer({
  id: PEER,
  containerId: CONTAINER,
  providerName: 'AWS',
  accepterRegionName: null,
  awsAccountId: '123456789012',
  connectionId: 'pcx-0f1e2d3c4b5a69788',
  errorStateName: null,
  routeTableCidrBlock: '10.20.0.0/16',
  statusName: 'PENDING_ACCEPTANCE',
  vpcId: 'vpc-0d3f1e2a4b5c6d7e8',
});
const awsContainer = parseContainer({
  id: CONTAINER,
  providerName: 'AWS',
  atlasCidrBlock: '192.168.248.0/21',
  regionName: 'US_EAST_1',
  provisioned: true,
  vpcId: 'vpc-0a9b8c7d6e5f43210',
});

/** The markdown with fenced code blocks removed (their content is rendered literally). */
function outsideFences(markdown: string): string {
  return markdown.replace(/^(`{3,})sh\n[\s\S]*?\n\1$/gm, '');
}

/** The `command:` links in the markdown, decoded. */
function commandLinks(markdown: string): { id: string; args: unknown }[] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)(?:\?([^)\s]*))?\)/g)].map((m) => ({
    id: m[1],
    args: m[2] ? JSON.parse(decodeURIComponent(m[2])) : undefined,
  }));
}

/** Invariants every hover must keep, whatever the values. */
function assertInert(markdown: string, allowedLinks: number): void {
  const outside = outsideFences(markdown);
  const links = commandLinks(outside);
  assert.equal(outside.split('](command:').length - 1, links.length, 'every command link is one of ours');
  assert.ok(links.length <= allowedLinks, `at most ${allowedLinks} links, got ${links.length}`);
  for (const l of links) {
    assert.ok(HOVER_ENABLED_COMMANDS.includes(l.id), `unexpected command ${l.id}`);
  }
  assert.doesNotMatch(outside, /(^|[^\\])<\/?[A-Za-z!?]/, 'no raw HTML tag');
  assert.equal((outside.match(/\]\(/g) ?? []).length, links.length);
  assert.doesNotMatch(outside, /javascript:|https?:\/\/|www\.[a-z]/i, 'no autolinks');
  assert.doesNotMatch(outside, /^\s*(#|>|<|\|)/m, 'no injected headings, quotes or tables');
  const icons = [...outside.matchAll(/(^|[^\\])\$\(([^)]*)\)/g)].map((m) => `$(${m[2]})`);
  for (const icon of icons) {
    assert.ok(
      [...Object.values(STATUS_CODICONS), '$(project)', '$(cloud)', '$(key)', '$(info)'].includes(icon),
      `unexpected icon ${icon}`,
    );
  }
  const backticks = outside.replace(/\\`/g, '').match(/`/g) ?? [];
  assert.equal(backticks.length % 2, 0, 'code spans are balanced');
  assert.doesNotMatch(outside, /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/, 'no control characters');
}

describe('renderPeerHover', () => {
  it('shows provider, status with its codicon, provider fields, next step, age and the two command links', () => {
    const step = nextStep(awsPending, awsContainer);
    assert.ok(step, 'the details module suggests a next step for PENDING_ACCEPTANCE');
    const out = renderPeerHover({
      peer: awsPending,
      projectId: PROJECT,
      projectName: 'Payments',
      container: awsContainer,
      fetchedAt: NOW - 125_000,
      now: NOW,
      nextStep: step,
    });
    assert.match(out, /^\$\(warning\) \*\*AWS peering connection\*\* · Needs your action \(`PENDING_ACCEPTANCE`\)/);
    for (const expected of [
      '`vpc-0d3f1e2a4b5c6d7e8`',
      '`123456789012`',
      '`10.20.0.0/16`',
      '`pcx-0f1e2d3c4b5a69788`',
      '`192.168.248.0/21`',
      'Payments (`1112222b3bf99403840e8934`)',
    ]) {
      assert.ok(out.includes(expected), `missing ${expected}`);
    }
    assert.match(
      out,
      /\*\*Region:\*\* `us-east-1` \(same region as the Atlas VPC\)/,
      'null accepterRegionName falls back to the container region',
    );
    assert.match(out, /\*\*Next step — /);
    if (step.command) {
      assert.ok(out.includes(step.command), 'the command is shown verbatim in a code block');
    }
    assert.match(out, /fetched 2 min ago$/);
    const links = commandLinks(out);
    assert.deepEqual(
      links.map((l) => l.id),
      [
        HOVER_COMMANDS.showDetails,
        HOVER_COMMANDS.refreshPeer,
        HOVER_COMMANDS.generateTerraform,
        HOVER_COMMANDS.generateKubernetes,
      ],
    );
    for (const l of links) {
      assert.deepEqual(l.args, [{ groupId: PROJECT, peerId: PEER }]);
    }
    assert.match(out, /\[Generate Terraform\]\(command:atlasPeering\.generateTerraform\?%5B%7B/);
    assert.match(out, /\[Generate Kubernetes manifest\]\(command:atlasPeering\.generateKubernetes\?%5B%7B/);
    assertInert(out, 4);
  });

  const statusCases: [Record<string, unknown>, string][] = [
    [{ providerName: 'AWS', statusName: 'AVAILABLE' }, '$(pass)'],
    [{ providerName: 'AWS', statusName: 'INITIATING' }, '$(sync)'],
    [{ providerName: 'GCP', status: 'WAITING_FOR_USER' }, '$(warning)'],
    [{ providerName: 'AZURE', status: 'FAILED', errorState: 'overlapping CIDR' }, '$(error)'],
    [{ providerName: 'AWS', statusName: 'TERMINATING' }, '$(trash)'],
    [{ providerName: 'GCP', status: 'SOMETHING_NEW' }, '$(question)'],
    [{ providerName: 'AZURE' }, '$(question)'],
  ];
  for (const [fields, icon] of statusCases) {
    it(`${JSON.stringify(fields)} -> ${icon}`, () => {
      const out = renderPeerHover({
        peer: parsePeer({ id: PEER, containerId: CONTAINER, ...fields }),
        fetchedAt: NOW,
        now: NOW,
      });
      assert.ok(out.startsWith(`${icon} `), out.split('\n')[0]);
      assertInert(out, 4);
    });
  }

  it('shows the error text of a failed peer, and the Azure and GCP fields', () => {
    const azure = parsePeer({
      id: PEER,
      containerId: CONTAINER,
      providerName: 'AZURE',
      status: 'FAILED',
      errorState: 'A peer with an overlapping CIDR block already exists.',
      vnetName: 'payments-vnet',
      resourceGroupName: 'payments-rg',
      azureSubscriptionId: '9f8e7d6c-5b4a-3210-fedc-ba9876543210',
      azureDirectoryId: '3a1b2c3d-4e5f-6789-abcd-ef0123456789',
    });
    const out = renderPeerHover({ peer: azure, fetchedAt: NOW, now: NOW });
    assert.match(out, /\$\(error\) \*\*Error:\*\* A peer with an overlapping CIDR block already exists\\\./);
    assert.match(out, /\*\*Your VNet:\*\* `payments-vnet`/);
    assert.match(out, /\*\*Resource group:\*\* `payments-rg`/);
    assert.match(out, /fetched just now/);
    const gcp = parsePeer({
      id: PEER,
      containerId: CONTAINER,
      providerName: 'GCP',
      status: 'WAITING_FOR_USER',
      gcpProjectId: 'analytics-prod-4821',
      networkName: 'analytics-vpc',
    });
    const gcpContainer = parseContainer({
      id: CONTAINER,
      providerName: 'GCP',
      atlasCidrBlock: '10.8.0.0/18',
      gcpProjectId: 'p-abcdefgh12345678ijklmnop',
      networkName: 'nt-6a0e',
      regions: ['US_EAST_4'],
    });
    const gout = renderPeerHover({ peer: gcp, container: gcpContainer, fetchedAt: NOW - 3 * 3600_000, now: NOW });
    assert.match(gout, /\*\*Atlas GCP project:\*\* `p-abcdefgh12345678ijklmnop`/);
    assert.match(gout, /\*\*Container:\*\* `5cbf5d4c3b2a190817263544` · `US_EAST_4`/);
    assert.match(gout, /fetched 3 h ago/);
  });

  it('takes the command ids as parameters', () => {
    const out = renderPeerHover({
      peer: awsPending,
      projectId: PROJECT,
      fetchedAt: NOW,
      now: NOW,
      commands: {
        showDetails: 'x.details',
        refreshPeer: 'x.refresh',
        generateTerraform: 'x.terraform',
        generateKubernetes: 'x.kubernetes',
      },
    });
    assert.deepEqual(
      commandLinks(out).map((l) => l.id),
      ['x.details', 'x.refresh', 'x.terraform', 'x.kubernetes'],
    );
  });

  it('omits the links when the peer or project id is missing or malformed', () => {
    for (const id of [undefined, 'pcx-0f1e2d3c4b5a69788', `${PEER})[x](command:evil`]) {
      const out = renderPeerHover({
        peer: parsePeer({ id, containerId: CONTAINER }),
        projectId: PROJECT,
        fetchedAt: NOW,
        now: NOW,
      });
      assert.equal(commandLinks(out).length, 0, String(id));
    }
    for (const projectId of [undefined, 'not-a-project', `${PROJECT})[x](command:evil`]) {
      const out = renderPeerHover({ peer: awsPending, projectId, fetchedAt: NOW, now: NOW });
      assert.equal(commandLinks(out).length, 0, String(projectId));
    }
  });

  it('passes { groupId, peerId, profile } to every link, the profile only when it is a valid name', () => {
    const out = renderPeerHover({ peer: awsPending, projectId: PROJECT, profile: 'prod', fetchedAt: NOW, now: NOW });
    const ref = { groupId: PROJECT, peerId: PEER, profile: 'prod' };
    assert.deepEqual(
      commandLinks(out).map((l) => l.args),
      [[ref], [ref], [ref], [ref]],
    );
    const bad = renderPeerHover({
      peer: awsPending,
      projectId: PROJECT,
      profile: 'a b)[x](command:evil',
      fetchedAt: NOW,
      now: NOW,
    });
    assert.deepEqual(commandLinks(bad)[0].args, [{ groupId: PROJECT, peerId: PEER }]);
  });
});

describe('formatAge', () => {
  const cases: [number, string][] = [
    [0, 'just now'],
    [-5000, 'just now'],
    [44_000, 'just now'],
    [60_000, '1 min ago'],
    [125_000, '2 min ago'],
    [59 * 60_000, '59 min ago'],
    [60 * 60_000, '1 h ago'],
    [23 * 3600_000, '23 h ago'],
    [36 * 3600_000, '2 days ago'],
    [24 * 3600_000, '1 day ago'],
  ];
  for (const [ago, expected] of cases) {
    it(`${ago} ms -> ${expected}`, () => {
      assert.equal(formatAge(NOW - ago, new Date(NOW)), expected);
    });
  }
  it('is honest about a missing time', () => {
    assert.equal(formatAge(Number.NaN, NOW), 'at an unknown time');
  });
});

describe('renderProjectHover and renderContainerHover', () => {
  it('counts connections by status category, worst first, with the worst icon', () => {
    const peers: Peer[] = [
      parsePeer({ id: PEER, containerId: CONTAINER, providerName: 'AWS', statusName: 'AVAILABLE' }),
      parsePeer({ id: PEER, containerId: CONTAINER, providerName: 'AWS', statusName: 'AVAILABLE' }),
      parsePeer({ id: PEER, containerId: CONTAINER, providerName: 'GCP', status: 'WAITING_FOR_USER' }),
    ];
    const out = renderProjectHover({
      project: parseProject({ id: PROJECT, name: 'Payments', orgId: '5f1a2b3c4d5e6f7081920a1b', clusterCount: 3 }),
      peers,
      fetchedAt: NOW,
      now: NOW,
    });
    assert.ok(out.startsWith('$(warning) **Atlas project** Payments'));
    assert.match(out, /\*\*Peering connections:\*\* 3 — \$\(warning\) 1 needs your action · \$\(pass\) 2 ready/);
    assert.match(out, /\*\*Clusters:\*\* 3/);
    assertInert(out, 0);
    const none = renderProjectHover({ project: parseProject({ id: PROJECT, name: 'P' }), peers: [] });
    assert.match(none, /\*\*Peering connections:\*\* none/);
    assert.ok(renderProjectHover({ project: parseProject({ id: PROJECT, name: 'P' }) }).startsWith('$(project)'));
  });

  it('shows a container’s CIDR block, region and provisioned flag', () => {
    const out = renderContainerHover({ container: awsContainer, projectName: 'Payments' });
    assert.match(out, /^\$\(cloud\) \*\*AWS network container\*\* in Payments/);
    assert.match(out, /\*\*Atlas CIDR:\*\* `192\.168\.248\.0\/21`/);
    assert.match(out, /\*\*Region:\*\* `US_EAST_1`/);
    assert.match(out, /\*\*Provisioned:\*\* yes/);
    assert.match(out, /\*\*Atlas VPC:\*\* `vpc-0a9b8c7d6e5f43210`/);
    const azure = renderContainerHover({
      container: parseContainer({
        id: CONTAINER,
        providerName: 'AZURE',
        atlasCidrBlock: '10.0.0.0/21',
        region: 'US_EAST_2',
        provisioned: false,
        vnetName: 'vnet_x',
      }),
    });
    assert.match(azure, /\*\*Provisioned:\*\* no/);
    assert.match(azure, /\*\*Atlas VNet:\*\* `vnet_x`/);
  });
});

describe('renderProblemHover', () => {
  it('explains a malformed id with the shared validator', () => {
    const out = renderProblemHover({ kind: 'malformedId', id: PEER.slice(0, 23), what: 'peer' });
    assert.match(out, /^\$\(warning\) \*\*Not a valid Atlas peering connection ID\*\*/);
    assert.match(out, /23 characters long/);
    assert.match(out, /24 hexadecimal/);
    const pcx = renderProblemHover({
      kind: 'malformedId',
      id: 'pcx-0a1b2c3d4e5f67890',
      what: 'peer',
      note: 'Import ids are PROJECTID-PEERID-PROVIDER.',
    });
    assert.match(pcx, /AWS VPC peering connection ID/);
    assert.match(pcx, /PROJECTID\\-PEERID\\-PROVIDER/);
    assertInert(pcx, 0);
  });

  it('says an id was not found, with the error code and a Refresh link', () => {
    const out = renderProblemHover({
      kind: 'notFound',
      id: PEER,
      what: 'peer',
      projectId: PROJECT,
      errorCode: 'PEER_NOT_FOUND',
    });
    assert.match(
      out,
      /No Atlas peering connection ID `5cbf563d87d9d67253be590a`\*\* in project `1112222b3bf99403840e8934` \(`PEER_NOT_FOUND`\)/,
    );
    assert.deepEqual(commandLinks(out), [
      { id: HOVER_COMMANDS.refreshPeer, args: [{ groupId: PROJECT, peerId: PEER }] },
    ]);
  });

  it('links to Set Credentials when there are none', () => {
    const out = renderProblemHover({ kind: 'noCredentials' });
    assert.deepEqual(commandLinks(out), [{ id: 'atlasPeering.setCredentials', args: undefined }]);
    assert.ok(HOVER_ENABLED_COMMANDS.includes('atlasPeering.setCredentials'));
  });

  it('shows other errors with their message, escaped', () => {
    const out = renderProblemHover({
      kind: 'error',
      message: 'Network error: [retry](command:evil) <b>now</b>',
      errorCode: 'TIMEOUT',
    });
    assert.match(out, /\(`TIMEOUT`\)/);
    assert.ok(out.endsWith('Network error\\: \\[retry\\]\\(command\\:evil\\) \\<b\\>now\\<\\/b\\>'), out);
    assertInert(out, 0);
  });

  it('renders a reference footer from the finder’s context and note', () => {
    const out = renderReferenceFooter({
      context: 'mongodbatlas_network_peering.main peer_id',
      note: 'Use .container_id',
    });
    assert.equal(out, '*mongodbatlas\\_network\\_peering\\.main peer\\_id*  \n$(info) Use \\.container\\_id');
  });
});

describe('hover rendering with hostile values', () => {
  const HOSTILE = [
    '[x](command:evil)',
    '[x](command:atlasPeering.showDetails?%5B%5D)',
    '![img](https://evil.example/x.png)',
    '<img src=x onerror=alert(1)>',
    '</div><script>alert(1)</script>',
    'javascript:alert(1)',
    'https://evil.example www.evil.example',
    '`code` ``` fence ```` ',
    'line1\n# Heading\n> quote\n| a | b |\n    indented',
    '$(alert) $(zap)',
    '&lt;img&gt; &#60;script&#62;',
    '\u202eevil\u0000\u0007\u001b[31m',
    '*bold* _it_ ~~s~~ [ref]: http://x',
    'x'.repeat(100_000),
  ];

  function hostilePeer(v: string, provider: 'AWS' | 'AZURE' | 'GCP'): Peer {
    const all = [
      'statusName',
      'status',
      'vpcId',
      'awsAccountId',
      'connectionId',
      'routeTableCidrBlock',
      'accepterRegionName',
      'errorStateName',
      'errorState',
      'errorMessage',
      'vnetName',
      'resourceGroupName',
      'azureSubscriptionId',
      'azureDirectoryId',
      'gcpProjectId',
      'networkName',
    ];
    return parsePeer({ id: v, containerId: v, providerName: provider, ...Object.fromEntries(all.map((k) => [k, v])) });
  }

  for (const v of HOSTILE) {
    it(`neutralises ${JSON.stringify(v.slice(0, 40))}`, () => {
      for (const provider of ['AWS', 'AZURE', 'GCP'] as const) {
        const container = parseContainer({
          id: v,
          providerName: provider,
          atlasCidrBlock: v,
          regionName: v,
          region: v,
          regions: [v],
          vpcId: v,
          gcpProjectId: v,
          networkName: v,
          vnetName: v,
          azureSubscriptionId: v,
        });
        const out = renderPeerHover({
          peer: hostilePeer(v, provider),
          projectId: v,
          projectName: v,
          container,
          fetchedAt: NOW,
          now: NOW,
          nextStep: { title: v, text: v, notes: [v, v], command: `aws ec2 accept ${v}` },
        });
        assertInert(out, 4);
        assert.ok(out.length < 25_000, `output is bounded (${out.length})`);
        // Malformed ids never reach command arguments.
        assert.equal(commandLinks(outsideFences(out)).length, 0);
        assertInert(renderContainerHover({ container, projectName: v }), 0);
      }
      assertInert(
        renderProjectHover({ project: parseProject({ id: v, name: v, orgId: v }), peers: [hostilePeer(v, 'GCP')] }),
        0,
      );
      for (const what of ['peer', 'container', 'project'] as const) {
        assertInert(renderProblemHover({ kind: 'malformedId', id: v, what, note: v }), 0);
        assertInert(renderProblemHover({ kind: 'notFound', id: v, what, projectId: v, errorCode: v }), 1);
      }
      assertInert(renderProblemHover({ kind: 'error', message: v, errorCode: v }), 0);
      assertInert(renderProblemHover({ kind: 'note', message: v }), 0);
      assertInert(renderReferenceFooter({ context: v, note: v }), 0);
    });
  }

  it('keeps a hostile command inside its code fence', () => {
    const out = renderPeerHover({
      peer: awsPending,
      fetchedAt: NOW,
      now: NOW,
      nextStep: { title: 't', text: 't', command: 'echo ```\n[x](command:evil)\n````' },
    });
    const fence = /^(`{3,})sh\n([\s\S]*?)\n\1$/m.exec(out);
    assert.ok(fence, 'a fence is there');
    assert.equal(fence[1].length, 5, 'the fence is longer than any backtick run in the command');
    assert.ok(fence[2].includes('[x](command:evil)'));
    assertInert(out, 2);
  });

  it('property: md() and code() of any string are inert and bounded', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ maxLength: 300 }),
          fc.constantFrom(...HOSTILE),
        ),
        (s) => {
          for (const out of [md(s), code(s), renderProblemHover({ kind: 'error', message: s })]) {
            assertInert(out, 0);
          }
          assert.ok(Array.from(md(s)).length <= 2 * 200 + 1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
