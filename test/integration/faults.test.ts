// Reliability: every fault the simulator can inject, seen from every surface of the real
// extension host. For each row: (a) the client raises the right error class and message, (b) the
// tree shows an error node with the reason and an action, (c) the details view shows its error
// state, (d) the hover says clearly what went wrong; then the fault is cleared and all four succeed
// again. No unhandled rejection may reach the extension host meanwhile.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  AtlasApiError,
  AtlasClient,
  AtlasError,
  AtlasNetworkError,
  AtlasTimeoutError,
  AtlasUnreadableResponseError,
  createAtlasClient,
  type ErrorAction,
} from '../../src/atlas';
import type { TreeNode } from '../../src/tree/pure/treeModel';
import { escapeText } from '../../src/util/html';
import { DEMO_CREDENTIALS, SEED_IDS, type Fault } from '../simulator';
import { HostFixture, startFixture, waitFor } from './detailsSupport';

const PROD = SEED_IDS.projects.production;
const PEER = SEED_IDS.peers.awsAvailable;
const PANEL = `default/${PROD}/${PEER}`;
/** Every peers route of the project: the tree's lists, the details' and the hover's single GETs. */
const PEERS_ROUTE = new RegExp(`^/api/atlas/v2/groups/${PROD}/peers`);
const TIMEOUT_S = 2;

type ErrorClass = new (...args: never[]) => AtlasError;

interface Row {
  name: string;
  fault: Fault;
  cls: ErrorClass;
  /** The client's userMessage for GET .../peers/{id} (also the details view's message). */
  message: RegExp;
  /** The tree's error node (a list route); defaults to `message`. */
  tree?: RegExp;
  action?: ErrorAction;
  /** The hover's text. */
  hover: RegExp;
  check?: (e: AtlasError) => void;
}

const ROWS: Row[] = [
  {
    name: '401 Unauthorized',
    fault: { status: 401 },
    cls: AtlasApiError,
    message: /^Atlas rejected the credentials \(HTTP 401 UNAUTHORIZED\)\. Check or set/,
    action: 'setCredentials',
    hover: /rejected the credentials/,
  },
  {
    name: '403 GLOBAL_USER_OUTSIDE_SUBNET',
    fault: {
      status: 403,
      errorCode: 'GLOBAL_USER_OUTSIDE_SUBNET',
      detail: 'IP address 203.0.113.9 is not allowed to access this resource.',
    },
    cls: AtlasApiError,
    message: /not on the API access list \(HTTP 403 GLOBAL_USER_OUTSIDE_SUBNET\)/,
    action: 'checkAccessList',
    hover: /Could not load from Atlas[\s\S]*API access list/,
  },
  {
    name: '404 GROUP_NOT_FOUND',
    fault: { status: 404, errorCode: 'GROUP_NOT_FOUND' },
    cls: AtlasApiError,
    message: new RegExp(`^Project ${PROD} was not found in Atlas \\(HTTP 404 GROUP_NOT_FOUND\\)`),
    action: 'refresh',
    hover: /GROUP_NOT_FOUND/,
  },
  {
    name: '404 PEER_NOT_FOUND',
    fault: { status: 404, errorCode: 'PEER_NOT_FOUND' },
    cls: AtlasApiError,
    message: new RegExp(`^Peering connection ${PEER} was not found in project ${PROD} \\(HTTP 404 PEER_NOT_FOUND\\)`),
    tree: new RegExp(`was not found in project ${PROD} \\(HTTP 404 PEER_NOT_FOUND\\)`),
    action: 'refresh',
    hover: new RegExp(`No Atlas peering connection[\\s\\S]*${PEER}[\\s\\S]*PEER_NOT_FOUND`),
  },
  {
    name: '429 with Retry-After',
    fault: { status: 429, retryAfterSec: 1 },
    cls: AtlasApiError,
    message: /^Atlas rate limit reached \(HTTP 429 RATE_LIMITED\); retry in 1 s\.$/,
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*rate limit/,
    check: (e) => assert.equal((e as AtlasApiError).retryAfterMs, 1000),
  },
  {
    name: '500 Internal Server Error',
    fault: { status: 500 },
    cls: AtlasApiError,
    message: /^Atlas had a server error \(HTTP 500 UNEXPECTED_ERROR\)\. Retry later\.$/,
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*server error/,
  },
  {
    name: '503 Service Unavailable',
    fault: { status: 503, retryAfterSec: 0 },
    cls: AtlasApiError,
    message: /^Atlas had a server error \(HTTP 503 SERVICE_UNAVAILABLE\)\. Retry/,
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*server error/,
  },
  {
    name: 'connection reset',
    fault: { reset: true },
    cls: AtlasNetworkError,
    message: /^Could not reach Atlas at http:\/\/127\.0\.0\.1:\d+: .*Check your network connection, then retry\.$/,
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*Could not reach Atlas/,
    check: (e) => assert.equal((e as AtlasNetworkError).code, 'ECONNRESET'),
  },
  {
    name: 'timeout',
    fault: { latencyMs: (TIMEOUT_S + 4) * 1000 },
    cls: AtlasTimeoutError,
    message: new RegExp(
      `^Atlas did not answer within ${TIMEOUT_S} s \\(/api/atlas/v2/groups/${PROD}/peers/${PEER}.*\\)\\. Retry, or raise the timeout setting\\.$`,
    ),
    tree: new RegExp(`did not answer within ${TIMEOUT_S} s`),
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*did not answer/,
  },
  {
    name: 'truncated JSON',
    fault: { truncate: true },
    cls: AtlasUnreadableResponseError,
    message: /^Atlas sent a body that was cut off for \/api\/atlas\/v2\/groups\/.* \(HTTP 200\)\. Retry later\.$/,
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*cut off/,
  },
  {
    name: 'HTML error page (proxy 502)',
    fault: { html: true },
    cls: AtlasApiError,
    message: /^Atlas had a server error \(HTTP 502\)\. Retry later\.$/,
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*HTTP 502/,
  },
  {
    name: 'HTML page with 200 (captive portal)',
    fault: { html: true, status: 200 },
    cls: AtlasUnreadableResponseError,
    message: /^Atlas sent an HTML page instead of JSON .* \(HTTP 200\)\. Check the base URL setting, then retry\.$/,
    action: 'openSettings',
    hover: /Could not load from Atlas[\s\S]*HTML page/,
  },
  {
    name: 'empty body',
    fault: { empty: true },
    cls: AtlasUnreadableResponseError,
    message: /^Atlas sent an empty body for .* \(HTTP 200\)\. Retry later\.$/,
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*empty body/,
  },
  {
    name: '10 MB body',
    fault: { hugeBodyBytes: 10 * 1024 * 1024 },
    cls: AtlasUnreadableResponseError,
    message: /^Atlas sent a body larger than 8 MB for .* \(HTTP 200\)\. Retry later\.$/,
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*larger than 8 MB/,
  },
  {
    name: 'body that stalls',
    fault: { stall: true },
    cls: AtlasTimeoutError,
    message: new RegExp(`^Atlas did not answer within ${TIMEOUT_S} s `),
    tree: new RegExp(`did not answer within ${TIMEOUT_S} s`),
    action: 'retry',
    hover: /Could not load from Atlas[\s\S]*did not answer/,
  },
];

/** A message meant for people: one line, no placeholders left empty. */
function assertCleanLine(where: string, text: string): void {
  assert.ok(text.length > 0 && text.length < 600, `${where}: length ${text.length}`);
  assert.ok(!/[\r\n]/.test(text), `${where}: one line: ${JSON.stringify(text)}`);
  assert.ok(!/\bundefined\b|\bnull\b|\[object|NaN/.test(text), `${where}: no placeholder: ${text}`);
  assert.ok(!/ {2}| \.|\(\)/.test(text), `${where}: no empty slot: ${JSON.stringify(text)}`);
  assert.ok(!/\b0 ms\b/.test(text), `${where}: no "in 0 ms": ${text}`);
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

describe('faults: reliability in the extension host', function () {
  this.timeout(120_000);
  let fx: HostFixture;
  let client: AtlasClient;
  let doc: vscode.TextDocument;
  let dir: string;
  let hoverOffset = 0;
  const rejections: string[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(
      reason instanceof Error ? `${reason.name}: ${reason.message}\n${reason.stack ?? ''}` : String(reason),
    );
  };
  const results: { name: string; passed: boolean }[] = [];

  before(async () => {
    process.on('unhandledRejection', onRejection);
    fx = await startFixture();
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('requestTimeoutSeconds', TIMEOUT_S, vscode.ConfigurationTarget.Global);
    client = createAtlasClient({
      baseUrl: fx.sim.url,
      credentials: { kind: 'serviceAccount', ...DEMO_CREDENTIALS.serviceAccount },
      timeoutMs: TIMEOUT_S * 1000,
      retryBaseDelayMs: 50,
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-faults-'));
    const file = path.join(dir, 'peering.tf');
    const text = `data "mongodbatlas_network_peering" "main" {\n  project_id = "${PROD}"\n  peering_id = "${PEER}"\n}\n`;
    fs.writeFileSync(file, text);
    hoverOffset = text.indexOf(PEER) + 5;
    doc = await vscode.workspace.openTextDocument(file);
  });

  afterEach(function () {
    fx.sim.clearFaults();
    fx.api.details.closeAll();
    const t = this.currentTest;
    if (t && t.title.startsWith('fault: ')) {
      results.push({ name: t.title.slice('fault: '.length), passed: t.state === 'passed' });
    }
  });

  after(async () => {
    process.off('unhandledRejection', onRejection);
    const passed = results.filter((r) => r.passed).length;
    console.log(`faults: ${results.length} tried, ${passed} passed`);
    for (const r of results.filter((x) => !x.passed)) {
      console.log(`  fault failed: ${r.name}`);
    }
    client?.dispose();
    await vscode.workspace
      .getConfiguration('atlasPeering')
      .update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fx?.restore();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The project node of PROD, after dropping every session and cache. */
  async function freshProject(): Promise<TreeNode> {
    await fx.api.tree.refresh();
    const root = await fx.api.tree.getChildren();
    const prod = root.find((n) => n.kind === 'project' && n.projectId === PROD);
    assert.ok(prod, `project in ${root.map((n) => label(fx.api.tree.getTreeItem(n))).join(' | ')}`);
    return prod;
  }

  async function hoverText(): Promise<string> {
    const hovers =
      (await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        doc.positionAt(hoverOffset),
      )) ?? [];
    return hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
      .filter((v) => /Atlas|peering connection/.test(v))
      .join('\n');
  }

  async function openDetails(): Promise<NonNullable<ReturnType<typeof panel>>> {
    await vscode.commands.executeCommand('atlasPeering.showDetails', { groupId: PROD, peerId: PEER });
    await fx.api.details.whenIdle(PANEL);
    const p = panel();
    assert.ok(p, `details panel ${PANEL} open; log:\n${fx.api.logLines().slice(-5).join('\n')}`);
    return p;
  }

  function panel() {
    return fx.api.details.openPanels().find((p) => p.key === PANEL);
  }

  it('everything works before any fault (baseline)', async () => {
    assert.equal((await client.getPeer(PROD, PEER)).id, PEER);
    const kids = await fx.api.tree.getChildren(await freshProject());
    assert.deepEqual(
      kids.map((n) => n.kind),
      ['provider', 'provider', 'provider'],
    );
    assert.equal((await openDetails()).state, 'details');
    assert.match(await hoverText(), /AVAILABLE/);
  });

  for (const row of ROWS) {
    it(`fault: ${row.name}`, async () => {
      fx.sim.setFault({ path: PEERS_ROUTE }, row.fault);

      // (a) the client
      let thrown: unknown;
      try {
        await client.getPeer(PROD, PEER);
      } catch (e) {
        thrown = e;
      }
      assert.ok(thrown instanceof row.cls, `client: ${row.cls.name} expected, got ${String(thrown)}`);
      const error = thrown as AtlasError;
      assert.match(error.userMessage, row.message, 'client message');
      assert.equal(error.action, row.action, 'client action');
      assertCleanLine('client', error.userMessage);
      row.check?.(error);

      // (b) the tree: an error node that says why and offers the fix
      const project = await freshProject();
      const kids = await fx.api.tree.getChildren(project);
      assert.equal(kids.length, 1, `one error node, got ${kids.map((n) => n.kind).join(',')}`);
      const node = kids[0];
      assert.ok(node.kind === 'message' && node.message === 'error', `error node, got ${node.kind}`);
      const item = fx.api.tree.getTreeItem(node);
      assert.match(label(item), row.tree ?? row.message, 'tree label');
      assertCleanLine('tree', label(item));
      assert.ok(item.command, 'the error node runs its fix when clicked');
      const expectedCommand =
        row.action === 'setCredentials'
          ? 'atlasPeering.setCredentials'
          : row.action === 'openSettings'
            ? 'workbench.action.openSettings'
            : 'atlasPeering.refreshNode';
      assert.equal(item.command.command, expectedCommand, 'tree action');
      assert.equal(item.contextValue, row.action === 'setCredentials' ? 'errorAuth' : 'error');

      // (c) the details view: its error state
      fx.api.sessions.reset();
      const failed = await openDetails();
      assert.equal(failed.state, 'error', 'details state');
      assert.match(failed.errorMessage ?? '', row.message, 'details message');
      assert.deepEqual(failed.errorActions, row.action ? [row.action] : []);
      const html = fx.api.details.getPanelHtml(PANEL) ?? '';
      assert.ok(html.includes(escapeText(failed.errorMessage)), 'the page shows the message');
      assert.match(html, /role="alert"/);
      assert.match(html, /id="btn-action-retry"/);

      // (d) the hover: one clear line
      fx.api.sessions.reset();
      const hover = await hoverText();
      assert.match(hover, row.hover, 'hover text');
      assert.ok(!/\bundefined\b|\[object/.test(hover), `hover: ${hover}`);

      // Cleared: the next request succeeds everywhere.
      fx.sim.clearFaults();
      assert.equal((await client.getPeer(PROD, PEER)).id, PEER, 'client recovers');
      if (item.command.command === 'atlasPeering.refreshNode') {
        await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
        const again = await fx.api.tree.getChildren(project);
        assert.deepEqual(
          again.map((n) => n.kind),
          ['provider', 'provider', 'provider'],
          'tree recovers by its retry',
        );
      } else {
        const again = await fx.api.tree.getChildren(await freshProject());
        assert.deepEqual(
          again.map((n) => n.kind),
          ['provider', 'provider', 'provider'],
          'tree recovers',
        );
      }
      await fx.api.details.receive(PANEL, { type: 'action', action: 'retry' });
      await fx.api.details.whenIdle(PANEL);
      assert.equal(panel()?.state, 'details', 'details recover by Retry');
      fx.api.sessions.reset();
      assert.match(await hoverText(), /AVAILABLE/, 'hover recovers');
    });
  }

  it('no unhandled rejection reached the extension host', async () => {
    // Late failures (a stalled socket closed, an aborted retry wait) surface once the last response
    // has ended: wait for the simulator to have none in flight, then give the loop two turns so a
    // rejection of that last answer is reported (Node reports them after the microtask queue drains).
    await waitFor('no request in flight at the simulator', () => fx.sim.inFlight.current === 0);
    for (let turn = 0; turn < 2; turn++) {
      await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(rejections, []);
  });
});
