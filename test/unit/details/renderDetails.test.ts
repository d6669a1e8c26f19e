import * as assert from 'node:assert/strict';
import { parseContainer, parsePeer } from '../../../src/atlas/models';
import { COPY_FIELDS, CopyField, isCopyField, isIacFormat } from '../../../src/details/pure/messages';
import {
  DetailsModel,
  formatClock,
  renderDetailsError,
  renderDetailsHtml,
  renderDetailsLoading,
  resolveCopyValue,
} from '../../../src/details/pure/renderDetails';
import { formatAge } from '../../../src/util/age';
import { escapeHtml } from '../../../src/util/html';
import { ENV, FETCHED_AT, fieldRow, fixtureModel, modelOf, readFixture, readFixtureText } from './fixtures';

function tags(html: string): string[] {
  return html.match(/<[^>]*>/g) ?? [];
}

/** The page without the raw JSON block, where nulls legitimately appear. */
function withoutRaw(html: string): string {
  return html.replace(/<details class="raw".*?<\/details>/s, '');
}

function assertSafePage(html: string): void {
  // CSP meta with exactly our policy and nonce.
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
  assert.ok(csp, 'CSP meta missing');
  assert.equal(
    csp[1],
    `default-src &#39;none&#39;; style-src ${ENV.cspSource}; img-src ${ENV.cspSource} data:; script-src &#39;nonce-${ENV.nonce}&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;;`,
  );
  assert.doesNotMatch(csp[1], /unsafe-inline|unsafe-eval|connect-src/);
  // Every script carries the nonce and loads from media/.
  const scripts = html.match(/<script\b[^>]*>/gi) ?? [];
  assert.equal(scripts.length, 1);
  for (const s of scripts) {
    assert.ok(s.includes(`nonce="${ENV.nonce}"`), s);
    assert.ok(s.includes(`src="${ENV.scriptUri}"`), s);
  }
  for (const tag of tags(html)) {
    assert.doesNotMatch(tag, /\son\w+\s*=/i, `inline handler in ${tag}`);
    assert.doesNotMatch(tag, /\sstyle\s*=/i, `inline style in ${tag}`);
    assert.doesNotMatch(tag, /\s(href|src|action|formaction)\s*=\s*["']?\s*(javascript|command|data):/i, tag);
  }
  assert.doesNotMatch(html, /<style\b/i);
  const links = html.match(/<link\b[^>]*>/gi) ?? [];
  assert.deepEqual(links, [`<link rel="stylesheet" href="${ENV.styleUri}">`]);
  for (const m of html.matchAll(/data-action="([^"]*)"/g)) {
    assert.ok(['refresh', 'toggleWatch', 'copy', 'openInAtlas', 'generate', 'action'].includes(m[1]), m[1]);
  }
  for (const m of html.matchAll(/data-format="([^"]*)"/g)) {
    assert.ok(isIacFormat(m[1]), m[1]);
  }
  for (const m of html.matchAll(/data-field="([^"]*)"/g)) {
    assert.ok(isCopyField(m[1]), m[1]);
  }
}

function copyFields(html: string): CopyField[] {
  return [...html.matchAll(/data-field="([^"]*)"/g)].map((m) => m[1] as CopyField);
}

function assertRow(html: string, label: string, value: string, note?: string): void {
  const r = fieldRow(html, escapeHtml(label));
  assert.ok(r, `row "${label}" missing`);
  assert.ok(r.includes(`>${escapeHtml(value)}</span>`), `row "${label}" lacks value ${value}: ${r}`);
  if (note) {
    assert.ok(r.includes(escapeHtml(note)), `row "${label}" lacks note ${note}: ${r}`);
  }
}

function assertNotSetRow(html: string, label: string): void {
  const r = fieldRow(html, escapeHtml(label));
  assert.ok(r, `row "${label}" missing`);
  assert.match(r, /<span class="none">[^<]*(not set|none|not assigned)[^<]*<\/span>/, r);
}

describe('details/renderDetails', () => {
  describe('AWS', () => {
    const model = fixtureModel('aws-pending-acceptance');
    const html = renderDetailsHtml(model, ENV);

    it('is a safe page', () => assertSafePage(html));

    it('shows every AWS field with words users know', () => {
      assertRow(html, 'Atlas peer id', '6746d1a2aef48d1cb2659a01');
      assertRow(html, 'Container id', '6746ceedaef48d1cb265896b');
      assertRow(html, 'Cloud provider', 'AWS');
      assertRow(html, 'Status', 'PENDING_ACCEPTANCE', '(Needs your action)');
      assertRow(html, 'Your AWS account id', '358363220050');
      assertRow(html, 'Your VPC id', 'vpc-0a1b2c3d4e5f60718');
      assertRow(html, 'Route table CIDR block', '10.8.0.0/16');
      assertRow(html, 'Accepter region (your VPC)', 'us-east-1', '(same as Atlas, from the container)');
      assertRow(html, 'AWS peering connection id', 'pcx-05530fa865e7a44f4');
      assertRow(html, 'Status name', 'PENDING_ACCEPTANCE');
      assertNotSetRow(html, 'Error state name');
      assertNotSetRow(html, 'Error');
      assertRow(html, 'Project', 'Payments (prod)');
      assertRow(html, 'Project id', '6746cee66f62fc3c122a3b82');
    });

    it('shows the Atlas side from the container', () => {
      assertRow(html, 'Atlas CIDR block', '192.168.248.0/21');
      assertRow(html, 'Region', 'US_EAST_1', '(us-east-1 in AWS)');
      assertRow(html, 'Provisioned', 'Yes: clusters exist in this container');
      assertRow(html, 'Atlas VPC id', 'vpc-00b20ecca20a410e2');
      assert.match(html, /<h2 id="atlas-side">Atlas side<\/h2>/);
    });

    it('has a header with provider, name, badge and fetch time', () => {
      assert.match(html, /<p class="eyebrow">AWS network peering/);
      assert.match(html, /<h1 class="title mono">vpc-0a1b2c3d4e5f60718<\/h1>/);
      assert.match(
        html,
        /class="badge badge--needsAction"[^>]*>.*PENDING_ACCEPTANCE.*Needs your action<\/span><\/span>/,
      );
      const clock = formatClock(new Date(FETCHED_AT));
      assert.ok(html.includes(`fetched ${clock}`), clock);
      assert.ok(html.includes('(just now)'));
      assert.ok(html.includes(`datetime="${new Date(FETCHED_AT).toISOString()}"`));
    });

    it('offers the ready-to-copy accept command as the next step', () => {
      assert.match(html, /Next step: Accept the peering request in AWS/);
      assert.ok(
        html.includes(
          '<code>aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-05530fa865e7a44f4 --region us-east-1</code>',
        ),
      );
      assert.ok(copyFields(html).includes('nextStep.command'));
    });

    it('has copy buttons on every id and the command, each resolvable from the model', () => {
      const fields = copyFields(html);
      for (const f of [
        'peer.id',
        'peer.containerId',
        'peer.awsAccountId',
        'peer.vpcId',
        'peer.routeTableCidrBlock',
        'peer.accepterRegionName',
        'peer.connectionId',
        'container.id',
        'container.atlasCidrBlock',
        'container.vpcId',
        'project.id',
        'nextStep.command',
        'rawJson',
      ] as CopyField[]) {
        assert.ok(fields.includes(f), f);
      }
      for (const f of fields) {
        assert.ok(resolveCopyValue(model, f), `copy button ${f} resolves to nothing`);
      }
      assert.equal(resolveCopyValue(model, 'peer.accepterRegionName'), 'us-east-1');
      assert.equal(resolveCopyValue(model, 'container.vpcId'), 'vpc-00b20ecca20a410e2');
      assert.equal(resolveCopyValue(model, 'peer.vnetName'), undefined);
      assert.equal(resolveCopyValue(model, 'rawJson'), model.rawJson);
      assert.equal(
        resolveCopyValue(model, 'nextStep.command'),
        'aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-05530fa865e7a44f4 --region us-east-1',
      );
      assert.ok(COPY_FIELDS.length > 0);
    });

    it('renders the actions as real buttons, including Open in Atlas for https URLs', () => {
      assert.match(
        html,
        /<button type="button" class="btn btn--primary" data-action="refresh" id="btn-refresh"[^>]*>Refresh<\/button>/,
      );
      assert.match(
        html,
        /data-action="toggleWatch" id="btn-watch" aria-pressed="false"[^>]*>Watch until settled<\/button>/,
      );
      assert.match(html, /data-action="openInAtlas"[^>]*>Open in Atlas<\/button>/);
    });

    it('offers Generate Terraform and Generate Kubernetes manifest as buttons that name only the format', () => {
      const generate = [...html.matchAll(/<button [^>]*data-action="generate"[^>]*>([^<]*)<\/button>/g)];
      assert.deepEqual(
        generate.map((m) => [/data-format="([^"]*)"/.exec(m[0])?.[1], m[1]]),
        [
          ['terraform', 'Generate Terraform'],
          ['kubernetes', 'Generate Kubernetes manifest'],
        ],
      );
      for (const [tag] of generate) {
        assert.doesNotMatch(tag, /data-(field|key|peer|group)/, 'the page names no peer: the host uses its own');
      }
    });

    it('shows "Stop watching" while watching', () => {
      const watching = renderDetailsHtml({ ...model, watching: true }, ENV);
      assert.match(
        watching,
        /data-action="toggleWatch" id="btn-watch" aria-pressed="true"[^>]*>Stop watching<\/button>/,
      );
      assert.match(watching, /Watching: refreshing until the status settles/);
      assert.doesNotMatch(watching, /Watch until settled<\/button>/);
    });

    it('hides Open in Atlas for non-https URLs', () => {
      for (const atlasUrl of [
        '',
        'javascript:alert(1)',
        'command:workbench.action.openSettings',
        'http://cloud.mongodb.com',
        'not a url',
      ]) {
        const page = renderDetailsHtml({ ...model, atlasUrl }, ENV);
        assert.doesNotMatch(page, /data-action="openInAtlas"/, atlasUrl);
      }
    });

    it('shows the raw JSON exactly as returned, escaped, collapsed', () => {
      const raw = readFixtureText('aws-available');
      const page = renderDetailsHtml({ ...fixtureModel('aws-available'), rawJson: raw }, ENV);
      assert.ok(page.includes(`<details class="raw" id="raw-json"><summary>Show raw JSON</summary>`));
      assert.ok(page.includes(`<pre class="raw__text"><code>${escapeHtml(raw)}</code></pre></details>`));
      assert.doesNotMatch(page, /<details[^>]*\sopen/);
    });

    it('falls back to the parsed JSON when rawJson is missing', () => {
      const page = renderDetailsHtml({ ...model, rawJson: undefined }, ENV);
      assert.ok(page.includes(escapeHtml(JSON.stringify(model.peer.raw, null, 2))));
    });

    it('uses accepterRegionName when set, without the container note', () => {
      const page = renderDetailsHtml(fixtureModel('aws-available'), ENV);
      assertRow(page, 'Accepter region (your VPC)', 'eu-central-1');
      assert.doesNotMatch(page, /same as Atlas, from the container/);
      assert.match(page, /class="badge badge--ready"[^>]*>.*AVAILABLE.*Ready</);
      assert.doesNotMatch(page, /Next step/);
    });

    it('shows a failed connection with its error prominently and the usual causes', () => {
      const page = renderDetailsHtml(fixtureModel('aws-failed-rejected'), ENV);
      assertSafePage(page);
      assert.match(
        page,
        /<div class="callout callout--error" role="alert">.*Atlas reports an error<\/h2><p class="error-text">REJECTED<\/p>/s,
      );
      assert.match(page, /class="badge badge--failed"[^>]*>.*FAILED.*Failed</);
      assert.match(page, /declined in AWS/);
      assertRow(page, 'Error state name', 'REJECTED');
    });

    it('warns when the route table CIDR overlaps the Atlas CIDR block', () => {
      const page = renderDetailsHtml(fixtureModel('aws-overlap'), ENV);
      assert.match(page, /class="callout callout--warning cidr-overlap"/);
      assert.ok(
        page.includes('<code>192.168.0.0/16</code> overlaps the Atlas CIDR block <code>192.168.248.0/21</code>'),
      );
      assert.doesNotMatch(html, /cidr-overlap/);
    });

    it('does not warn for invalid CIDRs or a missing container', () => {
      const f = readFixture('aws-overlap');
      for (const routeTableCidrBlock of ['192.168.0.0/99', 'garbage', null]) {
        assert.doesNotMatch(
          renderDetailsHtml(modelOf({ ...f.peer, routeTableCidrBlock }, f.container), ENV),
          /cidr-overlap/,
        );
      }
      assert.doesNotMatch(renderDetailsHtml(modelOf(f.peer, undefined), ENV), /cidr-overlap/);
    });

    it('marks a provider inferred from the fields (legacy responses)', () => {
      const page = renderDetailsHtml(fixtureModel('aws-legacy-no-provider'), ENV);
      assertRow(page, 'Cloud provider', 'AWS', '(Atlas did not say; inferred from the fields)');
      assertNotSetRow(page, 'Accepter region (your VPC)');
    });

    it('says when the container is not loaded or failed to load', () => {
      const f = readFixture('aws-pending-acceptance');
      const failed = renderDetailsHtml(modelOf(f.peer, undefined, { containerError: 'HTTP 403 <forbidden>' }), ENV);
      assert.ok(
        failed.includes('The Atlas container 6746ceedaef48d1cb265896b could not be loaded: HTTP 403 &lt;forbidden&gt;'),
      );
      const missing = renderDetailsHtml(modelOf(f.peer, undefined), ENV);
      assert.ok(missing.includes('The Atlas container 6746ceedaef48d1cb265896b is not loaded.'));
      assert.ok(missing.includes('--region &lt;AWS_REGION&gt;'));
      assert.match(missing, /Replace before running:.*&lt;AWS_REGION&gt;/);
      assert.equal(resolveCopyValue(modelOf(f.peer, undefined), 'container.id'), undefined);
    });
  });

  describe('Azure', () => {
    it('shows every Azure field and the Atlas VNet', () => {
      const html = renderDetailsHtml(fixtureModel('azure-available'), ENV);
      assertSafePage(html);
      assert.match(html, /<p class="eyebrow">Azure network peering/);
      assert.match(html, /<h1 class="title mono">vnet-payments-prod<\/h1>/);
      assert.match(html, /<h2 id="provider-side">Your Azure side<\/h2>/);
      assertRow(html, 'Directory (tenant) id', '3f1c0f2e-8a4b-4c6d-9e0f-1a2b3c4d5e6f');
      assertRow(html, 'Subscription id', '0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9');
      assertRow(html, 'Resource group', 'rg-payments-prod');
      assertRow(html, 'VNet name', 'vnet-payments-prod');
      assertRow(html, 'Status', 'AVAILABLE');
      assertNotSetRow(html, 'Error state');
      assertRow(html, 'Atlas CIDR block', '192.168.248.0/21');
      assertRow(html, 'Region', 'US_EAST_2');
      assertRow(html, 'Atlas subscription id', '591236d43d098d433845860f');
      assertRow(html, 'Atlas VNet name', 'vnet_6746cefbaef48d1cb2658bbb_ykngkrlx');
      for (const f of [
        'peer.azureDirectoryId',
        'peer.azureSubscriptionId',
        'peer.resourceGroupName',
        'peer.vnetName',
        'container.vnetName',
      ] as CopyField[]) {
        assert.ok(copyFields(html).includes(f), f);
      }
    });

    it('shows the overlap error and its explanation', () => {
      const html = renderDetailsHtml(fixtureModel('azure-failed-overlap'), ENV);
      assert.ok(
        html.includes(
          '<p class="error-text">Could not create peering connection in Atlas Azure account because a peer with an overlapping CIDR block already exists.</p>',
        ),
      );
      assert.match(html, /Next step: The peering connection failed: what usually causes it/);
      assert.match(html, /<li>Overlapping CIDR: your VNet/);
    });
  });

  describe('GCP', () => {
    it('shows every GCP field, the Atlas project and network, and the gcloud command', () => {
      const html = renderDetailsHtml(fixtureModel('gcp-waiting-for-user'), ENV);
      assertSafePage(html);
      assert.match(html, /<p class="eyebrow">Google Cloud network peering/);
      assert.match(html, /<h1 class="title mono">shop-vpc<\/h1>/);
      assertRow(html, 'GCP project id', 'acme-shop-prod');
      assertRow(html, 'VPC network name', 'shop-vpc');
      assertRow(html, 'Status', 'WAITING_FOR_USER', '(Needs your action)');
      assertNotSetRow(html, 'Error message');
      assertRow(html, 'Atlas CIDR block', '10.128.0.0/18');
      assertRow(html, 'Regions', 'CENTRAL_US, WESTERN_EUROPE');
      assertRow(html, 'Atlas GCP project id', 'p-abcdef0123456789abcdef01');
      assertRow(html, 'Atlas network name', 'nt-6746cf10aef48d1cb2658ccc-a1b2c3d4');
      assert.ok(
        html.includes(
          '<code>gcloud compute networks peerings create atlas-6746d3c4aef48d1cb2659c01 --project=acme-shop-prod --network=shop-vpc --peer-project=p-abcdef0123456789abcdef01 --peer-network=nt-6746cf10aef48d1cb2658ccc-a1b2c3d4</code>',
        ),
      );
    });

    it('marks the Atlas network as not set until a cluster exists', () => {
      const html = renderDetailsHtml(fixtureModel('gcp-waiting-unprovisioned'), ENV);
      const r = fieldRow(html, 'Atlas GCP project id');
      assert.match(r ?? '', /<span class="none">not set until a cluster exists<\/span>/);
      assertRow(html, 'Provisioned', 'No: no clusters in this container yet');
      assert.ok(html.includes('--peer-project=&lt;ATLAS_GCP_PROJECT_ID&gt;'));
      assert.match(html, /null until a cluster exists/);
    });

    it('shows a failed GCP peering', () => {
      const html = renderDetailsHtml(fixtureModel('gcp-failed'), ENV);
      assert.ok(html.includes('<p class="error-text">The peering was deleted on the GCP side.</p>'));
      assertRow(html, 'Error message', 'The peering was deleted on the GCP side.');
    });
  });

  describe('null-heavy responses', () => {
    const f = readFixture('null-heavy') as unknown as { peers: unknown[]; containers: unknown[] };
    f.peers.forEach((peerJson, i) => {
      it(`shows nulls as "not set", never "null" (${['AWS', 'Azure', 'GCP'][i]})`, () => {
        for (const model of [
          modelOf(peerJson, f.containers[i]),
          modelOf(peerJson, undefined, { project: undefined }),
        ]) {
          const html = renderDetailsHtml(model, ENV);
          assertSafePage(html);
          assert.doesNotMatch(withoutRaw(html), /\bnull\b|undefined|NaN|\[object Object\]/);
          assert.match(html, /<span class="none">/);
          assertNotSetRow(html, 'Atlas peer id');
          assert.match(html, /class="badge badge--unknown"[^>]*>.*Unknown</);
          // No copy button for an empty value.
          assert.ok(!copyFields(html).includes('peer.id'));
        }
      });
    });
  });

  describe('very long values', () => {
    it('renders 100 KB values intact in wrappable value spans', () => {
      const f = readFixture('very-long');
      const huge = 'A'.repeat(100 * 1024);
      const peerJson = { ...f.peer, vpcId: huge, errorStateName: `${huge} ${huge}`, connectionId: huge.toLowerCase() };
      const started = Date.now();
      const html = renderDetailsHtml(modelOf(peerJson, { ...f.container, vpcId: huge }), ENV);
      assert.ok(Date.now() - started < 2000, 'rendering took too long');
      assertSafePage(html);
      assert.match(html, new RegExp(`<h1 class="title mono">${huge}</h1>`));
      assertRow(html, 'Your VPC id', huge);
      assertRow(html, 'Atlas VPC id', huge);
      assert.ok(html.includes(`<span class="value mono">${huge.toLowerCase()}</span>`));
      assert.ok(html.includes('<span class="label">someFutureField</span>'));
      assert.ok(html.length > 500 * 1024);
    });
  });

  describe('hostile strings', () => {
    const f = readFixture('hostile');
    const model = modelOf(f.peer, f.container, {
      project: { id: '<b>id</b>', name: '</title><script>alert(8)</script>' },
      profileName: '"><img src=x onerror=alert(9)>',
      containerError: undefined,
      rawJson: JSON.stringify(f.peer),
    });
    const html = renderDetailsHtml(model, ENV);

    it('is still a safe page', () => assertSafePage(html));

    it('never contains the raw dangerous substrings', () => {
      for (const raw of [
        '<img',
        '</script><script>',
        '<svg',
        '<script>alert',
        '<style>',
        '<iframe',
        '</textarea>',
        '<b>',
        '</dl><script>',
        '" onmouseover="',
        "' onfocus='",
        '</title><script>',
        '\u0000',
        '\u0007',
        '\u001b',
        '\u202e',
      ]) {
        assert.ok(!html.includes(raw), `raw ${JSON.stringify(raw)} in output`);
      }
    });

    it('shows them escaped instead', () => {
      for (const escaped of [
        '&lt;img src=x onerror=alert(1)&gt;',
        '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;',
        'pcx-&quot; onmouseover=&quot;alert(1)',
        '&#39; onfocus=&#39;alert(1)&#39; x=&#39;',
        '10.0.0.0/8&lt;svg onload=alert(1)&gt;',
        'javascript:alert(document.cookie)',
        'command:workbench.action.terminal.sendSequence',
        'vpc-&lt;b&gt;bold&lt;/b&gt;&amp;amp;\\u0000\\u0007\\u001b[31mred\\u202egnp.exe',
        '&lt;/textarea&gt;&lt;iframe src=javascript:alert(3)&gt;',
        '&lt;/dl&gt;&lt;script&gt;alert(6)&lt;/script&gt;',
        '&lt;/title&gt;&lt;script&gt;alert(8)&lt;/script&gt;',
        '&quot;&gt;&lt;img src=x onerror=alert(9)&gt;',
      ]) {
        assert.ok(html.includes(escaped), `escaped ${escaped} missing`);
      }
    });

    it('keeps hostile text out of every tag (attribute values included)', () => {
      for (const tag of tags(html)) {
        assert.doesNotMatch(tag, /alert\(|javascript:|command:/, tag);
      }
    });

    it('quotes hostile values in the copied command', () => {
      const command = resolveCopyValue(model, 'nextStep.command') ?? '';
      assert.equal(
        command,
        `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id 'pcx-" onmouseover="alert(1)' --region '<img src=x onerror=alert(1)>'`,
      );
    });
  });

  describe('every status category', () => {
    const cases: [string, string, string][] = [
      ['AVAILABLE', 'ready', 'Ready'],
      ['INITIATING', 'inProgress', 'In progress'],
      ['PENDING_ACCEPTANCE', 'needsAction', 'Needs your action'],
      ['FAILED', 'failed', 'Failed'],
      ['TERMINATING', 'deleting', 'Deleting'],
      ['WHATEVER', 'unknown', 'Unknown'],
    ];
    for (const [status, category, words] of cases) {
      it(`${status} -> ${category} badge with its words`, () => {
        const html = renderDetailsHtml(
          modelOf({ providerName: 'AWS', containerId: 'c', id: 'p', statusName: status }),
          ENV,
        );
        assert.match(
          html,
          new RegExp(
            `<span class="badge badge--${category}" data-category="${category}"><span class="badge__icon" aria-hidden="true">.</span><span class="badge__status">${status}</span><span class="badge__category">${words}</span></span>`,
          ),
        );
        assert.match(html, new RegExp(`<body class="details category-${category}">`));
      });
    }
  });

  describe('time formatting', () => {
    it('formats relative times', () => {
      const now = new Date(FETCHED_AT);
      assert.equal(formatAge(FETCHED_AT, now), 'just now');
      assert.equal(formatAge(FETCHED_AT - 44_000, now), 'just now');
      assert.equal(formatAge(FETCHED_AT - 59_000, now), '1 min ago');
      assert.equal(formatAge(FETCHED_AT - 5 * 60_000, now), '5 min ago');
      assert.equal(formatAge(FETCHED_AT - 3 * 3_600_000, now), '3 h ago');
      assert.equal(formatAge(FETCHED_AT - 49 * 3_600_000, now), '2 days ago');
      assert.equal(formatAge(FETCHED_AT + 60_000, now), 'in the future');
    });

    it('adds the date for fetches older than a day and survives an invalid time', () => {
      const old = renderDetailsHtml(fixtureModel('aws-available'), {
        ...ENV,
        now: new Date(FETCHED_AT + 3 * 86_400_000),
      });
      const d = new Date(FETCHED_AT);
      const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      assert.ok(old.includes(`fetched ${date} ${formatClock(d)}`));
      assert.ok(old.includes('(3 days ago)'));
      const invalid = renderDetailsHtml(fixtureModel('aws-available', { fetchedAt: Number.NaN }), ENV);
      assert.match(invalid, /fetch time unknown/);
    });
  });

  describe('Other fields', () => {
    it('lists unknown peer and container fields', () => {
      const f = readFixture('aws-available');
      const html = renderDetailsHtml(
        modelOf({ ...f.peer, newThing: 'x', nested: { a: 1 }, gone: null }, { ...f.container, zone: 'z1' }),
        ENV,
      );
      assert.match(html, /<h2 id="other-fields">Other fields<\/h2>/);
      assertRow(html, 'newThing', 'x');
      assert.ok((fieldRow(html, 'nested') ?? '').includes(escapeHtml(JSON.stringify({ a: 1 }, null, 2))));
      assertNotSetRow(html, 'gone');
      assertRow(html, 'zone', 'z1');
      assert.doesNotMatch(renderDetailsHtml(fixtureModel('aws-available'), ENV), /Other fields/);
    });
  });

  describe('renderDetailsError and renderDetailsLoading', () => {
    it('renders the error with its code and action buttons, Retry added', () => {
      const html = renderDetailsError(
        {
          message: 'Atlas rejected the credentials.',
          errorCode: 'UNAUTHORIZED',
          httpStatus: 401,
          actions: ['setCredentials', 'openSettings'],
          subject: '6746d1a2aef48d1cb2659a01',
        },
        ENV,
      );
      assertSafePage(html);
      assert.match(html, /<h1 class="callout__title">.*Could not load the peering connection<\/h1>/);
      assert.ok(html.includes('<p class="error-text">Atlas rejected the credentials.</p>'));
      assert.ok(html.includes('<code>UNAUTHORIZED · HTTP 401</code>'));
      const buttons = [...html.matchAll(/<button [^>]*data-error-action="([^"]+)"[^>]*>([^<]*)<\/button>/g)].map(
        (m) => [m[1], m[2]],
      );
      assert.deepEqual(buttons, [
        ['setCredentials', 'Set Credentials…'],
        ['openSettings', 'Open Settings'],
        ['retry', 'Retry'],
      ]);
      assert.match(html, /class="btn btn--primary" data-action="action" id="btn-action-setCredentials"/);
    });

    it('escapes hostile error text', () => {
      const html = renderDetailsError(
        { title: '<img src=x onerror=alert(1)>', message: '</script><script>alert(1)</script>', errorCode: '"x"' },
        ENV,
      );
      assertSafePage(html);
      assert.ok(!html.includes('<img') && !html.includes('</script><script>'));
      assert.ok(html.includes('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
      assert.ok(html.includes('<code>&quot;x&quot;</code>'));
    });

    it('renders a loading page', () => {
      const html = renderDetailsLoading({ subject: '<peer>' }, ENV);
      assertSafePage(html);
      assert.match(html, /aria-busy="true"/);
      assert.ok(html.includes('Loading peering connection <code>&lt;peer&gt;</code>…'));
    });
  });

  it('builds the model from parsed peers without a project or profile', () => {
    const model: DetailsModel = {
      peer: parsePeer(readFixture('gcp-failed').peer),
      container: parseContainer(readFixture('gcp-failed').container),
      fetchedAt: FETCHED_AT,
      watching: false,
      atlasUrl: '',
    };
    const html = renderDetailsHtml(model, ENV);
    assertSafePage(html);
    assert.doesNotMatch(html, /Project id/);
    assert.ok(!copyFields(html).includes('project.id'));
  });
});
