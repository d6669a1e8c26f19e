// Hovers, diagnostics and CodeLens over config files in a real extension host, against the
// simulator over HTTP. The config fixtures are copied to a temp folder with their ids rewritten to
// the simulator's seed ids; credentials come from the environment (as in the demo).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/composition';
import { isTooLarge, WORKER_MIN_CHARS } from '../../src/configEditor/documentIndex';
import { copyFixturesWithSeedIds } from '../fixtures/configs/seedIds';
import { AtlasSimulator, DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator } from '../simulator';
import { activateTestApi, ATLAS_ENV_KEYS, clearSettings, waitFor } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds', 'diagnostics'];

const P = SEED_IDS.peers;
const C = SEED_IDS.containers;
const PROD = SEED_IDS.projects.production;
const STAGING = SEED_IDS.projects.staging;

type Api = TestApi;

interface HoverResult {
  text: string;
  markdown: vscode.MarkdownString[];
  range?: vscode.Range;
}

async function hoverAt(doc: vscode.TextDocument, offset: number): Promise<HoverResult> {
  const hovers =
    (await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      doc.positionAt(offset),
    )) ?? [];
  // Only ours: other extensions (JSON, YAML) may hover the same token.
  const markdown = hovers
    .flatMap((h) => h.contents)
    .filter(
      (c): c is vscode.MarkdownString =>
        c instanceof vscode.MarkdownString || (typeof c === 'object' && c !== null && 'value' in c && 'isTrusted' in c),
    );
  const ours = markdown.filter((m) => /Atlas|peering connection|network container/.test(m.value));
  return { text: ours.map((m) => m.value).join('\n---\n'), markdown: ours, range: hovers[0]?.range };
}

/** Offset of `id` inside the single occurrence of `around` in the document. */
function offsetOf(doc: vscode.TextDocument, around: string, id: string): number {
  const text = doc.getText();
  const i = text.indexOf(around);
  assert.ok(i >= 0, `${path.basename(doc.fileName)} lacks ${JSON.stringify(around)}`);
  assert.equal(text.indexOf(around, i + 1), -1, `${JSON.stringify(around)} is not unique`);
  const j = around.indexOf(id);
  assert.ok(j >= 0, `${id} not in ${around}`);
  return i + j + Math.floor(id.length / 2);
}

/** What a peer hover trusts: its links' commands, sorted as enabledCommands() returns them. */
const PEER_HOVER_COMMANDS = [
  'atlasPeering.generateKubernetes',
  'atlasPeering.generateTerraform',
  'atlasPeering.refreshPeer',
  'atlasPeering.showDetails',
];

function enabledCommands(m: vscode.MarkdownString): string[] | boolean | undefined {
  const t = m.isTrusted as boolean | { enabledCommands: readonly string[] } | undefined;
  return typeof t === 'object' ? [...t.enabledCommands].sort() : t;
}

describe('hover, diagnostics and CodeLens in config files (extension host)', function () {
  this.timeout(60_000);
  let api: Api;
  let sim: AtlasSimulator;
  let dir: string;
  const savedEnv: Record<string, string | undefined> = {};
  const open = async (rel: string): Promise<vscode.TextDocument> =>
    vscode.workspace.openTextDocument(path.join(dir, rel));
  const peerRequests = (peerId: string): number =>
    sim.requestLog.filter((r) => r.path.endsWith(`/peers/${peerId}`)).length;

  function setEnvCredentials(on: boolean): void {
    for (const k of ATLAS_ENV_KEYS) {
      delete process.env[k];
    }
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    if (on) {
      process.env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
      process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
    }
    // Sessions read the environment when created: drop them so the next lookup re-reads it.
    api.sessions.reset();
  }

  before(async () => {
    for (const k of ATLAS_ENV_KEYS) {
      savedEnv[k] = process.env[k];
    }
    sim = await startAtlasSimulator({ seed: 'demo' });
    api = await activateTestApi();
    await clearSettings(SETTINGS);
    // The simulator is http://127.0.0.1; only the environment's base URL is honoured for it.
    setEnvCredentials(true);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-hover-'));
    copyFixturesWithSeedIds(dir);
    fs.writeFileSync(
      path.join(dir, 'terraform', 'unknown.tf'),
      `data "mongodbatlas_network_peering" "gone" {\n  project_id = "${PROD}"\n  peering_id = "${SEED_IDS.unknown.peer}"\n}\n\ndata "mongodbatlas_network_peering" "finalizing" {\n  project_id = "${STAGING}"\n  peering_id = "${P.awsFinalizing}"\n}\n`,
    );
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearSettings(SETTINGS);
    for (const k of ATLAS_ENV_KEYS) {
      if (savedEnv[k] === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = savedEnv[k];
      }
    }
    api?.sessions.reset();
    await sim?.close();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('hover', () => {
    it('Terraform: a peer shows provider, status with icon, provider fields, next step, age and the two trusted links', async () => {
      const doc = await open('terraform/main.tf');
      const r = await hoverAt(doc, offsetOf(doc, `peering_id = "${P.awsPendingAcceptance}"`, P.awsPendingAcceptance));
      assert.match(r.text, /\$\(warning\) \*\*AWS peering connection\*\* · Needs your action \(`PENDING_ACCEPTANCE`\)/);
      const peer = sim.data.getPeer(PROD, P.awsPendingAcceptance) as unknown as Record<string, string>;
      for (const field of [peer.vpcId, peer.awsAccountId, peer.routeTableCidrBlock, peer.connectionId, '10.8.8.0/21']) {
        assert.ok(r.text.includes(`\`${field}\``), `missing ${field}`);
      }
      assert.match(r.text, /\*\*Next step — /);
      assert.match(r.text, /fetched just now/);
      assert.match(r.text, /\[Open Details\]\(command:atlasPeering\.showDetails\?/);
      assert.match(r.text, /\[Refresh\]\(command:atlasPeering\.refreshPeer\?/);
      const args = JSON.parse(decodeURIComponent(/command:atlasPeering\.showDetails\?([^)]*)\)/.exec(r.text)![1]));
      assert.deepEqual(args, [{ groupId: PROD, peerId: P.awsPendingAcceptance }]);
      const m = r.markdown[0];
      assert.deepEqual(enabledCommands(m), PEER_HOVER_COMMANDS);
      assert.equal(m.supportThemeIcons, true);
      assert.ok(!m.supportHtml);
      assert.ok(r.range, 'the hover covers the id');
      assert.equal(doc.getText(r.range), P.awsPendingAcceptance);
    });

    it('Terraform: a project shows its name and connections by status; a container its CIDR, region and provisioned state', async () => {
      const doc = await open('terraform/main.tf');
      const project = await hoverAt(doc, offsetOf(doc, `default     = "${PROD}"`, PROD));
      assert.match(project.text, /\*\*Atlas project\*\* Production/);
      assert.match(project.text, /\*\*Peering connections:\*\* 6 — /);
      assert.match(project.text, /\$\(warning\) 2 needs your action/);
      assert.match(project.text, /\$\(pass\) 4 ready/);
      assert.equal(enabledCommands(project.markdown[0]), false, 'no links, no trust');
      const container = await hoverAt(
        doc,
        offsetOf(doc, `container_id           = "${C.productionAwsEuWest1}"`, C.productionAwsEuWest1),
      );
      assert.match(container.text, /\*\*AWS network container\*\*/);
      assert.match(container.text, /\*\*Atlas CIDR:\*\* `10\.8\.8\.0\/21`/);
      assert.match(container.text, /\*\*Region:\*\* `EU_WEST_1`/);
      assert.match(container.text, /\*\*Provisioned:\*\* yes/);
    });

    it('wrong ids: malformed (too short, pcx-) and unknown to Atlas (404 with its errorCode)', async () => {
      const doc = await open('terraform/main.tf');
      const short = await hoverAt(
        doc,
        offsetOf(doc, 'peering_id = "5cbf563d87d9d67253be590"', '5cbf563d87d9d67253be590'),
      );
      assert.match(short.text, /Not a valid Atlas peering connection ID/);
      assert.match(short.text, /23/);
      const pcx = await hoverAt(doc, offsetOf(doc, 'peering_id = "pcx-0a1b2c3d4e5f67890"', 'pcx-0a1b2c3d4e5f67890'));
      assert.match(pcx.text, /Not a valid Atlas peering connection ID/);
      assert.match(pcx.text, /pcx/);
      const unknown = await open('terraform/unknown.tf');
      const gone = await hoverAt(
        unknown,
        offsetOf(unknown, `peering_id = "${SEED_IDS.unknown.peer}"`, SEED_IDS.unknown.peer),
      );
      assert.match(
        gone.text,
        /No Atlas peering connection ID `bbbbbbbbbbbbbbbbbbbbbbbb`\*\* in project `[0-9a-f]{24}` \(`PEER_NOT_FOUND`\)/,
      );
      assert.deepEqual(enabledCommands(gone.markdown[0]), ['atlasPeering.refreshPeer']);
    });

    it('Terraform state, tfvars, Kubernetes, Atlas CLI JSON and settings.json', async () => {
      const state = await open('terraform/terraform.tfstate');
      const s = await hoverAt(
        state,
        offsetOf(state, `"peering_id": "${P.awsPendingAcceptance}"`, P.awsPendingAcceptance),
      );
      assert.match(s.text, /AWS peering connection\*\* · Needs your action/);

      // tfvars name the peer without its project: the cache (filled by the hover above) knows it.
      const tfvars = await open('terraform/terraform.tfvars');
      const v = await hoverAt(
        tfvars,
        offsetOf(tfvars, `peer_id          = "${P.awsPendingAcceptance}"`, P.awsPendingAcceptance),
      );
      assert.match(v.text, /AWS peering connection\*\* · Needs your action/);
      assert.ok(v.text.includes(`\`${PROD}\``), 'the project found through the cache');

      const k8s = await open('kubernetes/atlasnetworkpeering.yaml');
      const k = await hoverAt(k8s, offsetOf(k8s, `id: '${P.awsPendingAcceptance}'`, P.awsPendingAcceptance));
      assert.match(k.text, /AWS peering connection\*\* · Needs your action/);

      const networking = await open('kubernetes/atlas-networking.yaml');
      const g = await hoverAt(
        networking,
        offsetOf(networking, `id: ${P.gcpFailed}\n  status: WAITING_FOR_USER`, P.gcpFailed),
      );
      assert.match(g.text, /\$\(error\) \*\*Google Cloud peering connection\*\* · Failed \(`FAILED`\)/);
      assert.match(g.text, /\*\*Error:\*\* An IP range in the peer network overlaps/);
      assert.match(g.text, /\*\*Your VPC network:\*\* `staging-shared-vpc`/);

      const cli = await open('atlas-cli/get-group-peer.json');
      const a = await hoverAt(cli, offsetOf(cli, `"id": "${P.azureAvailable}"`, P.azureAvailable));
      assert.match(a.text, /\$\(pass\) \*\*Azure peering connection\*\* · Ready \(`AVAILABLE`\)/);
      assert.match(a.text, /\*\*Your VNet:\*\* `vnet-prod-eastus2`/);

      const settings = await open('workspace/.vscode/settings.json');
      const p = await hoverAt(settings, offsetOf(settings, `"id": "${PROD}"`, PROD));
      assert.match(p.text, /\*\*Atlas project\*\* Production/);
    });

    it('a state file over the 30 MB cap is not scanned: one log line, and a hover over an id says why', async () => {
      // Short lines, as Terraform writes them, to 31 MB: over the cap, under VS Code's own 50 MB limit.
      const line = `      "note": "${'n'.repeat(96)}",\n`;
      const head = `{\n  "version": 4,\n  "peering_id": "${P.awsPendingAcceptance}",\n`;
      const lines = Math.ceil((31 * 1024 * 1024) / line.length);
      fs.writeFileSync(
        path.join(dir, 'terraform', 'huge.tfstate'),
        `${head}${line.repeat(lines)}  "resources": []\n}\n`,
      );
      const doc = await open('terraform/huge.tfstate');
      const at = offsetOf(doc, `"peering_id": "${P.awsPendingAcceptance}"`, P.awsPendingAcceptance);
      const first = await hoverAt(doc, at);
      const again = await hoverAt(doc, at);
      for (const h of [first, again]) {
        assert.match(h.text, /does not look for Atlas ids in files over 30 MB \S*this one has 31 MB/);
        assert.doesNotMatch(h.text, /peering connection\*\* ·/);
      }
      // Not over every word of the file: only over what looks like an id.
      assert.equal((await hoverAt(doc, doc.getText().indexOf('"version"') + 2)).text, '');
      const logged = api.logLines().filter((l) => l.includes('huge.tfstate') && l.includes('30 MB limit'));
      assert.equal(logged.length, 1, logged.join('\n'));
    });

    it('a 2 MB state file is scanned in the scan worker: its ids hover, before and after an edit, and get their diagnostic', async () => {
      // Filler resources of another provider, then the seed's pending AWS peer in an Atlas resource.
      const filler = `    {"mode": "managed", "type": "aws_route", "name": "r", "instances": [{"attributes": {"note": "${'n'.repeat(200)}"}}]},\n`;
      const count = Math.ceil((2 * 1024 * 1024) / filler.length);
      const peer = `    {"mode": "managed", "type": "mongodbatlas_network_peering", "name": "pending", "instances": [{"attributes": {"project_id": "${PROD}", "peer_id": "${P.awsPendingAcceptance}", "provider_name": "AWS"}}]}\n`;
      fs.writeFileSync(
        path.join(dir, 'terraform', 'big.tfstate'),
        `{\n  "version": 4,\n  "resources": [\n${filler.repeat(count)}${peer}  ]\n}\n`,
      );
      const index = api.configFeatures.index;
      const before = index.stats.workerScans;
      const doc = await open('terraform/big.tfstate');
      assert.ok(doc.getText().length > WORKER_MIN_CHARS);
      const at = offsetOf(doc, `"peer_id": "${P.awsPendingAcceptance}"`, P.awsPendingAcceptance);
      assert.match((await hoverAt(doc, at)).text, /AWS peering connection\*\* · Needs your action/);
      assert.equal(index.stats.workerScans, before + 1, 'scanned once, in the worker');
      // An edit far from the peer: the shifted index answers at once, and the rescan runs in the worker again.
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      await editor.edit((b) => b.insert(doc.positionAt(doc.getText().indexOf('"note"') + 9), 'x'));
      assert.match((await hoverAt(doc, at + 1)).text, /AWS peering connection\*\* · Needs your action/);
      const rescan = await index.scanned(doc);
      assert.ok(!isTooLarge(rescan) && rescan.refs.some((r) => r.id === P.awsPendingAcceptance && r.kind === 'peer'));
      assert.equal(index.stats.workerScans, before + 2);
      await api.configFeatures.diagnostics.run();
      await api.configFeatures.diagnostics.settled();
      const onPeer = vscode.languages
        .getDiagnostics(doc.uri)
        .filter((d) => doc.getText(d.range) === P.awsPendingAcceptance);
      assert.equal(onPeer.length, 1, JSON.stringify(vscode.languages.getDiagnostics(doc.uri)));
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('values from Atlas are escaped: a hostile error text cannot add links or HTML', async () => {
      sim.data.setPeerStatus(
        STAGING,
        P.awsTerminating,
        'FAILED',
        '[click](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> $(zap)',
      );
      try {
        api.sessions.reset();
        const doc = await vscode.workspace.openTextDocument({
          language: 'terraform',
          content: `data "mongodbatlas_network_peering" "x" {\n  project_id = "${STAGING}"\n  peering_id = "${P.awsTerminating}"\n}\n`,
        });
        const r = await hoverAt(doc, offsetOf(doc, `peering_id = "${P.awsTerminating}"`, P.awsTerminating));
        assert.match(r.text, /\*\*Error:\*\*/, 'untitled Terraform documents get hovers too');
        assert.match(r.text, /\\<img/, 'the error text is there, escaped');
        assert.doesNotMatch(r.text, /\]\(command:workbench/);
        assert.doesNotMatch(r.text, /(^|[^\\])<img/);
        assert.doesNotMatch(r.text, /[^\\]\$\(zap\)/);
        assert.deepEqual(enabledCommands(r.markdown[0]), PEER_HOVER_COMMANDS);
      } finally {
        sim.data.setPeerStatus(STAGING, P.awsTerminating, 'TERMINATING');
        api.sessions.reset();
      }
    });

    it('a peer without its project: the configured projects are asked in turn, stopping at the first hit', async () => {
      const c = vscode.workspace.getConfiguration('atlasPeering');
      await c.update(
        'projects',
        [{ id: SEED_IDS.projects.sandbox }, { id: STAGING }, { id: PROD }],
        vscode.ConfigurationTarget.Global,
      );
      try {
        api.sessions.reset();
        const doc = await vscode.workspace.openTextDocument({
          language: 'terraform-vars',
          content: `peer_id = "${P.awsInitiating}"\n`,
        });
        sim.clearLog();
        const r = await hoverAt(doc, offsetOf(doc, P.awsInitiating, P.awsInitiating));
        assert.match(r.text, /AWS peering connection\*\* · In progress \(`INITIATING`\)/);
        assert.deepEqual(
          sim.requestLog
            .filter((e) => e.path.endsWith(`/peers/${P.awsInitiating}`))
            .map((e) => [e.path.split('/')[5], e.status]),
          [
            [SEED_IDS.projects.sandbox, 404],
            [STAGING, 200],
          ],
        );
      } finally {
        await c.update('projects', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('20 simultaneous hovers on one cold id make exactly one request for it', async () => {
      api.sessions.reset(); // new caches
      // The tree's background pass lists every project's peers into the new cache: let it end, then
      // forget this peer's project, so that the id is cold.
      await api.tree.loadEstate();
      (await api.services.session())?.cache.invalidate({ groupId: SEED_IDS.peerProjects.awsFinalizing });
      const doc = await open('terraform/unknown.tf');
      const offset = offsetOf(doc, `peering_id = "${P.awsFinalizing}"`, P.awsFinalizing);
      sim.clearLog();
      const results = await Promise.all(Array.from({ length: 20 }, () => hoverAt(doc, offset)));
      for (const r of results) {
        assert.match(r.text, /FINALIZING/);
      }
      assert.equal(peerRequests(P.awsFinalizing), 1);
      // And the next hover is served from the cache.
      await hoverAt(doc, offset);
      assert.equal(peerRequests(P.awsFinalizing), 1);
    });

    it('without credentials the hover says how to set them', async () => {
      setEnvCredentials(false);
      try {
        const doc = await open('terraform/main.tf');
        sim.clearLog();
        const r = await hoverAt(doc, offsetOf(doc, `peering_id = "${P.awsPendingAcceptance}"`, P.awsPendingAcceptance));
        assert.match(r.text, /Atlas credentials are not set/);
        assert.match(r.text, /\[Set Credentials\]\(command:atlasPeering\.setCredentials\)/);
        assert.deepEqual(enabledCommands(r.markdown[0]), ['atlasPeering.setCredentials']);
        assert.equal(peerRequests(P.awsPendingAcceptance), 0, 'no request without credentials');
      } finally {
        setEnvCredentials(true);
      }
    });
  });

  describe('diagnostics', () => {
    async function diagnosticsOf(
      doc: vscode.TextDocument,
      predicate: (d: vscode.Diagnostic[]) => boolean,
    ): Promise<vscode.Diagnostic[]> {
      return waitFor(`diagnostics of ${path.basename(doc.fileName)}`, async () => {
        await api.configFeatures.diagnostics.settled();
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === 'Atlas Peering');
        return predicate(d) ? d : undefined;
      });
    }
    const codes = (d: vscode.Diagnostic[]): string[] => d.map((x) => String(x.code)).sort();

    it('FAILED peer -> warning, unknown peer -> warning with its 404 code, waiting peer -> information, config problems', async () => {
      const main = await vscode.window.showTextDocument(await open('terraform/main.tf'));
      const unknown = await vscode.window.showTextDocument(await open('terraform/unknown.tf'), { preview: false });
      const yaml = await vscode.window.showTextDocument(await open('kubernetes/atlas-networking.yaml'), {
        preview: false,
      });

      const m = await diagnosticsOf(main.document, (d) => d.some((x) => x.code === 'peerNeedsAction'));
      const needs = m.find((x) => x.code === 'peerNeedsAction')!;
      assert.equal(needs.severity, vscode.DiagnosticSeverity.Information);
      assert.equal(main.document.getText(needs.range), P.awsPendingAcceptance);
      assert.ok(
        m.some((x) => x.code === 'encodedContainerId' && x.severity === vscode.DiagnosticSeverity.Warning),
        codes(m).join(),
      );
      assert.ok(m.filter((x) => x.code === 'malformedId').length >= 2, 'the 23-char and pcx- peering ids');

      const u = await diagnosticsOf(unknown.document, (d) => d.some((x) => x.code === 'peerNotFound'));
      const nf = u.find((x) => x.code === 'peerNotFound')!;
      assert.equal(nf.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(nf.message, /PEER_NOT_FOUND/);
      assert.equal(unknown.document.getText(nf.range), SEED_IDS.unknown.peer);

      const y = await diagnosticsOf(yaml.document, (d) => d.some((x) => x.code === 'peerFailed'));
      const failed = y.find((x) => x.code === 'peerFailed')!;
      assert.equal(failed.severity, vscode.DiagnosticSeverity.Warning);
      assert.match(failed.message, /FAILED: An IP range in the peer network overlaps/);
      assert.equal(yaml.document.getText(failed.range), P.gcpFailed);
    });

    it('each distinct peer is looked up once per pass', async () => {
      api.sessions.reset();
      sim.clearLog();
      await api.configFeatures.diagnostics.run();
      await api.configFeatures.diagnostics.settled();
      const perPeer = new Map<string, number>();
      for (const r of sim.requestLog) {
        const m = /\/peers\/([0-9a-f]{24})$/.exec(r.path);
        if (m) {
          perPeer.set(m[1], (perPeer.get(m[1]) ?? 0) + 1);
        }
      }
      assert.ok(perPeer.size >= 3, `peers looked up: ${[...perPeer.keys()].join(', ')}`);
      for (const [id, n] of perPeer) {
        assert.equal(n, 1, `${id} asked ${n} times`);
      }
    });

    it('turning atlasPeering.diagnostics off clears them; on brings them back', async () => {
      const doc = await open('terraform/unknown.tf');
      await diagnosticsOf(doc, (d) => d.length > 0);
      await vscode.workspace
        .getConfiguration('atlasPeering')
        .update('diagnostics', false, vscode.ConfigurationTarget.Global);
      await diagnosticsOf(doc, (d) => d.length === 0);
      await vscode.workspace
        .getConfiguration('atlasPeering')
        .update('diagnostics', undefined, vscode.ConfigurationTarget.Global);
      await diagnosticsOf(doc, (d) => d.some((x) => x.code === 'peerNotFound'));
    });

    it('a refresh (cache update) redraws them: a peer that becomes AVAILABLE loses its diagnostic', async () => {
      const doc = await open('kubernetes/atlas-networking.yaml');
      await diagnosticsOf(doc, (d) => d.some((x) => x.code === 'peerFailed'));
      sim.data.setPeerStatus(STAGING, P.gcpFailed, 'AVAILABLE');
      try {
        await vscode.commands.executeCommand('atlasPeering.refreshPeer', { groupId: STAGING, peerId: P.gcpFailed });
        await diagnosticsOf(doc, (d) => !d.some((x) => x.code === 'peerFailed'));
      } finally {
        sim.data.setPeerStatus(
          STAGING,
          P.gcpFailed,
          'FAILED',
          'An IP range in the peer network overlaps with an IP range in the local network.',
        );
      }
    });
  });

  describe('CodeLens', () => {
    it('main.tf: the live status above the peering data source, opening the details', async () => {
      const doc = await open('terraform/main.tf');
      const lenses =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 20)) ?? [];
      const ours = lenses.filter((l) => l.command?.title.startsWith('Atlas') || l.command?.title.includes('Atlas:'));
      const pending = ours.find((l) => l.command?.title.includes('PENDING_ACCEPTANCE'));
      assert.ok(pending, `lenses: ${ours.map((l) => l.command?.title).join(' | ')}`);
      const peer = sim.data.getPeer(PROD, P.awsPendingAcceptance) as unknown as Record<string, string>;
      assert.equal(pending.command!.title, `Atlas: $(warning) PENDING_ACCEPTANCE · AWS ${peer.vpcId}`);
      assert.equal(pending.command!.command, 'atlasPeering.showDetails');
      assert.deepEqual(pending.command!.arguments, [{ groupId: PROD, peerId: P.awsPendingAcceptance }]);
      assert.match(
        doc.lineAt(pending.range.start.line).text,
        /^(data "mongodbatlas_network_peering" "payments"|#\s+terraform import mongodbatlas_network_peering)/,
      );
    });

    it('an AtlasNetworkPeering manifest gets one lens', async () => {
      const doc = await open('kubernetes/atlasnetworkpeering.yaml');
      const lenses =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 20)) ?? [];
      const ours = lenses.filter((l) => l.command?.title.startsWith('Atlas'));
      assert.equal(ours.length, 1, ours.map((l) => l.command?.title).join(' | '));
      assert.match(ours[0].command!.title, /PENDING_ACCEPTANCE · AWS vpc-/);
    });
  });
});
