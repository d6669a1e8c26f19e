// The details view's steps to a working connection, in a real extension host against the simulator:
// every seed peer of every provider and status opens, and the generated steps, commands and
// connection strings carry that connection's own values (pcx id, CIDRs, VNet, GCP project and
// network). Also: no project read for a panel that is not open, and one per project per tree refresh.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/tree/pure/treeModel';
import { shellQuote } from '../../src/details/pure/nextStep';
import { escapeHtml } from '../../src/util/html';
import { SEED_IDS } from '../simulator';
import type { ContainerJson, PeerJson } from '../simulator/types';
import { apiRequests, HostFixture, startFixture } from './detailsSupport';

const { projects, peers } = SEED_IDS;
type PeerKey = keyof typeof peers;

describe('details next steps (extension host)', function () {
  this.timeout(120_000);
  let fx: HostFixture;

  before(async () => {
    fx = await startFixture();
  });

  afterEach(async () => {
    fx.api.details.closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await fx?.restore();
  });

  async function open(name: PeerKey): Promise<{ k: string; html: string; steps: string[]; copyKeys: string[] }> {
    const groupId = SEED_IDS.peerProjects[name];
    await vscode.commands.executeCommand('atlasPeering.showDetails', { groupId, peerId: peers[name] });
    const k = `default/${groupId}/${peers[name]}`;
    await fx.api.details.whenIdle(k);
    const html = fx.api.details.getPanelHtml(k);
    const info = fx.api.details.openPanels().find((p) => p.key === k);
    assert.ok(html && info, `panel ${k} is open`);
    assert.equal(info.state, 'details', `${name} loaded: ${info.errorMessage ?? ''}`);
    return { k, html, steps: info.steps, copyKeys: info.copyKeys };
  }

  function seedOf(name: PeerKey): { peer: PeerJson; container: ContainerJson } {
    const groupId = SEED_IDS.peerProjects[name];
    const peer = fx.sim.data.getPeer(groupId, peers[name]);
    assert.ok(peer, `seed peer ${name}`);
    const container = fx.sim.data.getContainer(groupId, peer.containerId);
    assert.ok(container, `seed container of ${name}`);
    return { peer, container };
  }

  /** The text inside the step's section of the page (up to the next step). */
  function stepHtml(html: string, id: string): string {
    const start = html.indexOf(`data-step="${id}"`);
    assert.ok(start >= 0, `step ${id} on the page`);
    const end = html.indexOf('data-step="', start + 10);
    return html.slice(start, end < 0 ? undefined : end);
  }

  function has(html: string, ...values: (string | null | undefined)[]): void {
    for (const v of values) {
      assert.ok(v, 'seed value present');
      assert.ok(html.includes(escapeHtml(v)), `page shows ${v}`);
    }
  }

  it('AWS PENDING_ACCEPTANCE: accept with the countdown from the PEER_CREATED event, route, DNS, egress, regions, access list, strings', async () => {
    const { peer, container } = seedOf('awsPendingAcceptance');
    assert.ok(peer.providerName === 'AWS' && container.providerName === 'AWS');
    const { html, steps, copyKeys } = await open('awsPendingAcceptance');
    assert.deepEqual(steps, ['awsAccept', 'awsRoute', 'awsDns', 'awsEgress', 'awsRegions']);
    const accept = stepHtml(html, 'awsAccept');
    has(accept, peer.connectionId, peer.awsAccountId, peer.vpcId, peer.accepterRegionName);
    assert.match(accept, /counted from the project&#39;s PEER_CREATED event/);
    has(stepHtml(html, 'awsRoute'), container.atlasCidrBlock, peer.connectionId);
    has(stepHtml(html, 'awsDns'), peer.vpcId);
    assert.match(stepHtml(html, 'awsDns'), /--enable-dns-support[\s\S]*--enable-dns-hostnames/);
    has(stepHtml(html, 'awsEgress'), `FromPort=27015,ToPort=27017,IpRanges=[{CidrIp=${container.atlasCidrBlock}}]`);
    // search runs in AP_SOUTHEAST_1, where production has no AWS peering.
    assert.match(stepHtml(html, 'awsRegions'), /AP_SOUTHEAST_1/);
    // 172.21.0.0/16 is on no entry of production's access list.
    assert.match(html, /data-coverage="notCovered"/);
    has(
      html,
      `atlas accessLists create ${shellQuote(peer.routeTableCidrBlock)} --type cidrBlock --projectId ${shellQuote(projects.production)}`,
    );
    has(html, 'mongodb+srv://orders.x1abc.mongodb.net', 'mongodb+srv://search.x1abc.mongodb.net');
    assert.ok(!/mongodb(\+srv)?:\/\/[^"<\s]*@/.test(html), 'no user info in any connection string');
    assert.ok(copyKeys.includes('step.awsAccept.0') && copyKeys.includes('access.0') && copyKeys.includes('cluster.0'));
    // A Copy button copies the generated command as held by the host.
    const k = `default/${projects.production}/${peers.awsPendingAcceptance}`;
    await fx.api.details.receive(k, { type: 'copyPlan', key: 'step.awsAccept.0' });
    const copied = await vscode.env.clipboard.readText();
    assert.equal(
      copied,
      `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${shellQuote(peer.connectionId!)} --region ${shellQuote(peer.accepterRegionName!)}`,
    );
    // Peer counts against the limits, in the Atlas side.
    assert.match(html, /6 of 50 peering connections\\?, \d+ of 25 pending/);
    has(html, container.atlasCidrBlock);
  });

  it('AWS AVAILABLE: the VPC-side checklist without the accept step; a covered access list gives no warning', async () => {
    const { peer, container } = seedOf('awsAvailable');
    assert.ok(peer.providerName === 'AWS');
    const { html, steps } = await open('awsAvailable');
    assert.deepEqual(steps.slice(0, 3), ['awsRoute', 'awsDns', 'awsEgress']);
    has(stepHtml(html, 'awsRoute'), peer.connectionId, container.atlasCidrBlock);
    has(stepHtml(html, 'awsDns'), peer.vpcId);
    assert.ok(!html.includes('data-coverage='), 'billing 172.31.0.0/16 is covered');
  });

  it('Azure FAILED for lack of permissions: says so, with the service principal, role JSON for this VNet, assignment and revoke', async () => {
    const { peer } = seedOf('azureFailedPermissions');
    assert.ok(peer.providerName === 'AZURE');
    const { html, steps } = await open('azureFailedPermissions');
    assert.deepEqual(steps, ['azureServicePrincipal', 'azureRoleDefinition', 'azureRoleAssignment', 'azureRevoke']);
    assert.match(html, /The peering FAILED because Atlas lacks permissions on your VNet/);
    const scope = `/subscriptions/${peer.azureSubscriptionId}/resourceGroups/${peer.resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${peer.vnetName}`;
    has(stepHtml(html, 'azureRoleDefinition'), scope);
    has(stepHtml(html, 'azureRoleAssignment'), `--scope ${shellQuote(scope)}`);
    assert.match(stepHtml(html, 'azureServicePrincipal'), /az ad sp create --id e90a1407-55c3-432d-9cb1-3638900a9d22/);
  });

  it('GCP WAITING_FOR_USER: the gcloud peering with the Atlas project and network, one global peering, custom-route caveats', async () => {
    const { peer, container } = seedOf('gcpWaitingForUser');
    assert.ok(peer.providerName === 'GCP' && container.providerName === 'GCP');
    const { html, steps } = await open('gcpWaitingForUser');
    assert.deepEqual(steps, ['gcpPeering', 'gcpCustomRoutes']);
    has(
      stepHtml(html, 'gcpPeering'),
      `--network=${shellQuote(peer.networkName)} --peer-project=${shellQuote(container.gcpProjectId)}` +
        ` --peer-network=${shellQuote(container.networkName)} --project=${shellQuote(peer.gcpProjectId)}`,
    );
    assert.match(stepHtml(html, 'gcpPeering'), /One global peering serves every region/);
    assert.match(stepHtml(html, 'gcpCustomRoutes'), /custom routes/);
  });

  it('GCP AVAILABLE: the private-IP-for-peering string of the GCP cluster, with a copy button', async () => {
    const { html, steps, copyKeys } = await open('gcpAvailable');
    assert.deepEqual(steps, ['gcpCustomRoutes']);
    has(html, 'mongodb+srv://ml-pri.x1abc.mongodb.net');
    assert.match(html, /data-cluster="ml" data-kind="privateSrv"/);
    assert.ok(!html.includes('data-cluster="orders"'), 'AWS clusters are not reached over a GCP peering');
    assert.deepEqual(
      copyKeys.filter((c) => c.startsWith('cluster.')),
      ['cluster.0'],
    );
  });

  it('every seed peer of every provider and status opens with steps from its own values, or none', async () => {
    const names = (Object.keys(peers) as PeerKey[]).filter((n) => SEED_IDS.peerProjects[n] !== projects.loadTest);
    const providersSeen = new Set<string>();
    for (const name of names) {
      const { peer, container } = seedOf(name);
      providersSeen.add(peer.providerName);
      const { html, steps } = await open(name);
      for (const id of steps) {
        const step = stepHtml(html, id);
        if (peer.providerName === 'AWS' && id === 'awsRoute') {
          has(step, peer.connectionId ?? '<PCX_ID>', container.atlasCidrBlock);
        }
        if (peer.providerName === 'AZURE' && id === 'azureRoleDefinition') {
          has(step, peer.vnetName, peer.resourceGroupName, peer.azureSubscriptionId);
        }
        if (peer.providerName === 'GCP' && id === 'gcpPeering' && container.providerName === 'GCP') {
          has(step, peer.gcpProjectId, peer.networkName, container.gcpProjectId, container.networkName);
        }
      }
      const status = peer.providerName === 'AWS' ? peer.statusName : peer.status;
      if (status === 'DELETING' || status === 'TERMINATING' || status === 'INITIATING' || status === 'ADDING_PEER') {
        assert.deepEqual(steps, [], `${name} (${status}) has no step of its own to take`);
      }
      fx.api.details.closeAll();
    }
    assert.deepEqual([...providersSeen].sort(), ['AWS', 'AZURE', 'GCP']);
  });

  describe('watch', () => {
    async function watchOnce(
      name: PeerKey,
    ): Promise<{ k: string; clock: ReturnType<typeof fx.api.details.useManualClock> }> {
      const clock = fx.api.details.useManualClock();
      const { k } = await open(name);
      await fx.api.details.receive(k, { type: 'toggleWatch' });
      await fx.api.details.whenIdle(k);
      return { k, clock };
    }

    const panel = (k: string) => fx.api.details.openPanels().find((p) => p.key === k)!;

    it('ends at once with "waiting for you" and the step, said once, with the timeline on the panel', async () => {
      const { k, clock } = await watchOnce('gcpWaitingForUser');
      const p = panel(k);
      assert.equal(p.watching, false);
      assert.equal(p.announcements.length, 1);
      assert.match(
        p.announcements[0],
        /Waiting for you \(WAITING_FOR_USER\): Create the peering from your network to Atlas/,
      );
      assert.deepEqual(p.timeline, ['WAITING_FOR_USER']);
      assert.match(fx.api.details.getPanelHtml(k) ?? '', /data-outcome="waitingForYou"/);
      assert.deepEqual(clock.pending(), []);
    });

    it("ends with FAILED and Atlas's reason", async () => {
      const { peer } = seedOf('azureFailedPermissions');
      assert.ok(peer.providerName === 'AZURE');
      const { k } = await watchOnce('azureFailedPermissions');
      const p = panel(k);
      assert.equal(p.announcements.length, 1);
      assert.ok(p.announcements[0].includes(`FAILED: ${peer.errorState}`), p.announcements[0]);
    });

    it('stops after the timeout the user set, says the last status, and keeps every wait in the timeline', async () => {
      const config = vscode.workspace.getConfiguration('atlasPeering');
      await config.update('watchTimeoutMinutes', 1, vscode.ConfigurationTarget.Global);
      try {
        const { k, clock } = await watchOnce('awsFinalizing');
        let fired = 0;
        while (panel(k).watching) {
          assert.ok(clock.fireNext(), 'a wait is pending while watching');
          await fx.api.details.whenIdle(k);
          assert.ok(++fired < 10, 'the timeout ends the watch');
        }
        const p = panel(k);
        assert.equal(p.announcements.length, 1);
        assert.match(p.announcements[0], /Stopped watching after the timeout; the last status was FINALIZING/);
        assert.deepEqual(p.timeline, ['FINALIZING']);
        assert.match(fx.api.details.getPanelHtml(k) ?? '', /data-outcome="timedOut"/);
      } finally {
        await config.update('watchTimeoutMinutes', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  });

  describe('requests', () => {
    const projectReadPaths = (since: number, groupId: string) => {
      const log = apiRequests(fx.sim).slice(since);
      const count = (tail: string) => log.filter((r) => r.path.endsWith(`/groups/${groupId}/${tail}`)).length;
      return { accessList: count('accessList'), clusters: count('clusters'), events: count('events') };
    };

    async function loadTree(node?: TreeNode): Promise<void> {
      for (const child of await fx.api.tree.getChildren(node)) {
        if (child.kind === 'profile' || child.kind === 'project') {
          await loadTree(child);
        }
      }
    }

    it('no events request without an open panel; a tree refresh reads access list and clusters at most once per project', async () => {
      const mark = apiRequests(fx.sim).length;
      await fx.api.tree.refresh();
      await loadTree();
      await loadTree();
      for (const groupId of Object.values(projects)) {
        const n = projectReadPaths(mark, groupId);
        assert.ok(n.accessList <= 1 && n.clusters <= 1, `project ${groupId}: ${JSON.stringify(n)}`);
        assert.equal(n.events, 0, 'events are read for an open panel only');
      }
      const prod = projectReadPaths(mark, projects.production);
      assert.deepEqual(prod, { accessList: 1, clusters: 1, events: 0 }, 'the tree read production once');
      // The peer's tooltip carries the plan's line.
      const reporting = await fx.api.tree.findPeer('default', projects.production, peers.awsPendingAcceptance);
      assert.ok(reporting);
      const tooltip = fx.api.tree.getTreeItem(reporting).tooltip as vscode.MarkdownString;
      // Markdown-inert: the line's punctuation is backslash-escaped, its words are the plan's.
      assert.match(tooltip.value, /Next\\?: accept the peering request in AWS/);
      const project = (await fx.api.tree.getChildren()).find(
        (n) => n.kind === 'project' && n.projectId === projects.production,
      );
      assert.ok(project);
      assert.match(
        (fx.api.tree.getTreeItem(project).tooltip as vscode.MarkdownString).value,
        /6 of 50 peering connections\\?, \d+ of 25 pending/,
      );
    });

    it('two open panels of one project share one read of each; closed panels read nothing more', async () => {
      fx.api.sessions.reset();
      const mark = apiRequests(fx.sim).length;
      await open('awsAvailable');
      await open('awsPendingAcceptance');
      assert.deepEqual(projectReadPaths(mark, projects.production), { accessList: 1, clusters: 1, events: 1 });
      fx.api.details.closeAll();
      const after = apiRequests(fx.sim).length;
      // Whatever else runs, no project read is made for a panel that is not open.
      await fx.api.tree.getChildren();
      assert.deepEqual(projectReadPaths(after, projects.production).events, 0);
    });
  });
});
