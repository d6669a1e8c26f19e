// The whole estate at a glance, in a real extension host against the simulator over HTTP: every
// project's state loads in the background without expanding anything, at 1 request per project plus
// one per provider with a network container; a container without peers is an empty state, not an
// error; a 429 storm in the middle of the pass is waited out; the status bar counts, the attention
// filter and Find by ID work on what the pass loaded.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AtlasSimulator, makeLargeSeed, startAtlasSimulator } from '../simulator';
import type { TestApi } from '../../src/composition';
import { parsePeer, type Peer } from '../../src/atlas/models';
import type { ProjectNode, TreeNode } from '../../src/tree/pure/treeModel';
import type { SeedData } from '../simulator/types';
import { activateTestApi, setUpTreeTest } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds'];
type Provider = 'AWS' | 'AZURE' | 'GCP';
const PROJECTS = 12;

/** i % 4: 0 no container; 1 an AWS container without peers; 2 GCP with peers; 3 all three with peers. */
const providersOf = (i: number): Provider[] => ([[], ['AWS'], ['GCP'], ['AWS', 'AZURE', 'GCP']] as Provider[][])[i % 4];
const peersOf = (i: number): number => (i % 4 === 1 ? 0 : 2 + (i % 3));

describe('estate: every project at a glance (extension host)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let sim: AtlasSimulator;
  let seed: SeedData;
  let tearDown: (() => Promise<void>) | undefined;

  before(async () => {
    seed = makeLargeSeed({ projects: PROJECTS, peersPerProvider: peersOf, providersOf });
    sim = await startAtlasSimulator({ seed });
    api = await activateTestApi();
    tearDown = await setUpTreeTest(api, sim.url, SETTINGS);
  });

  beforeEach(async () => {
    sim.clearFaults();
    await vscode.commands.executeCommand('atlasPeering.clearFilter');
  });

  /**
   * Drops sessions and caches and starts over; returns where the request log stood just before. The
   * view is visible, so its own redraw may start the pass before the test asks: mark first, once
   * the last pass has ended.
   */
  async function startOver(): Promise<number> {
    await api.tree.loadEstate(); // a pass still running would add its requests after the mark
    const mark = sim.requestLog.length;
    await api.tree.refresh();
    return mark;
  }

  after(async () => {
    sim?.clearFaults();
    await vscode.commands.executeCommand('atlasPeering.clearFilter');
    await tearDown?.();
    await sim?.close();
  });

  const projectNodes = async (): Promise<ProjectNode[]> =>
    (await api.tree.getChildren()).filter((n): n is ProjectNode => n.kind === 'project');
  const description = (node: TreeNode): string => String(api.tree.getTreeItem(node).description ?? '');
  const seedPeers = (i: number): Peer[] => seed.projects[i].peers.map((p) => parsePeer(p));
  const requestsOf = (groupId: string, since: number) =>
    sim.requestLog.slice(since).filter((r) => r.path.startsWith(`/api/atlas/v2/groups/${groupId}/`));

  it('knows every collapsed project by its state, with 1 + (providers with a container) requests each', async () => {
    const mark = await startOver();
    const counts = await api.tree.loadEstate();
    const projects = await projectNodes();
    assert.equal(projects.length, PROJECTS);
    for (const [i, seeded] of seed.projects.entries()) {
      const node = projects.find((p) => p.projectId === seeded.id);
      assert.ok(node, seeded.name);
      const requests = requestsOf(seeded.id, mark);
      const peerRequests = requests.filter((r) => r.path.endsWith('/peers'));
      assert.equal(requests.length, 1 + providersOf(i).length, `${seeded.name}: ${requests.map((r) => r.path)}`);
      assert.equal(
        peerRequests.length,
        providersOf(i).length,
        `${seeded.name}: one peer list per container's provider`,
      );
      assert.ok(requests[0].path.endsWith('/containers/all'), 'the containers come first');
      const peers = seedPeers(i);
      if (peers.length === 0) {
        assert.equal(description(node), 'no peering', seeded.name);
      } else {
        assert.match(description(node), new RegExp(`^${peers.length} connections · `), seeded.name);
      }
    }
    // A project without containers cost no peer request at all.
    assert.equal(requestsOf(seed.projects[0].id, mark).filter((r) => r.path.endsWith('/peers')).length, 0);
    // The status bar's counts are the seed's.
    const all = seed.projects.flatMap((_, i) => seedPeers(i));
    assert.deepEqual(counts, {
      needsAction: all.filter((p) => p.category === 'needsAction').length,
      failed: all.filter((p) => p.category === 'failed').length,
    });
    assert.ok(counts.needsAction > 0 && counts.failed > 0, 'the mix has both');
  });

  it('a provider with a container but no peers is an empty state, not an error', async () => {
    await startOver();
    await api.tree.loadEstate();
    const node = (await projectNodes()).find((p) => p.projectId === seed.projects[1].id);
    assert.ok(node);
    const mark = sim.requestLog.length;
    const children = await api.tree.getChildren(node);
    assert.equal(children.length, 1);
    const empty = children[0];
    assert.ok(empty.kind === 'message' && empty.message === 'empty', `got ${empty.kind}`);
    assert.equal(
      requestsOf(node.projectId, mark).filter((r) => r.path.endsWith('/peers')).length,
      0,
      'expanding reuses what the pass loaded',
    );
  });

  it('429s in the middle of the pass: it waits them out and finishes, with no error on any project', async () => {
    // More 429s than the client retries one request (3): some loads give up and the pass backs off.
    sim.setFault({ path: /\/peers$/ }, { status: 429, retryAfterSec: 1, times: 12 });
    const mark = await startOver();
    await api.tree.loadEstate();
    const refused = sim.requestLog.slice(mark).filter((r) => r.status === 429).length;
    assert.equal(refused, 12, 'every injected 429 was met');
    for (const [i, node] of (await projectNodes()).entries()) {
      const text = description(node);
      assert.ok(text !== '' && text !== 'error', `project ${i} (${node.name}) shows "${text}"`);
    }
  });

  it('the attention filter keeps only what needs the user, and Find by ID reveals a connection', async () => {
    await startOver();
    await api.tree.loadEstate();
    await vscode.commands.executeCommand('atlasPeering.filterNeedsAttention');
    const filtered = await projectNodes();
    const withAttention = seed.projects.filter((_, i) =>
      seedPeers(i).some((p) => p.category === 'needsAction' || p.category === 'failed'),
    );
    assert.deepEqual(filtered.map((p) => p.projectId).sort(), withAttention.map((p) => p.id).sort());
    for (const project of filtered) {
      for (const provider of await api.tree.getChildren(project)) {
        for (const peer of await api.tree.getChildren(provider)) {
          assert.ok(peer.kind === 'peer', `${peer.kind} under ${provider.id}`);
          assert.ok(['needsAction', 'failed'].includes(peer.peer.category), `${peer.peer.status} is hidden`);
        }
      }
    }
    // Find an AVAILABLE GCP peer by its network name: the filter hides it, so finding it lifts the filter.
    const target = seedPeers(2).find((p) => p.category === 'ready' && p.providerName === 'GCP');
    assert.ok(target && target.providerName === 'GCP' && target.networkName);
    const found = await vscode.commands.executeCommand<TreeNode | undefined>(
      'atlasPeering.findConnection',
      target.networkName.toUpperCase(),
    );
    assert.ok(found?.kind === 'peer', 'found');
    assert.equal(found.peer.id, target.id);
    assert.equal((await projectNodes()).length, PROJECTS, 'the filter is off again');
    const none = await vscode.commands.executeCommand<TreeNode | undefined>(
      'atlasPeering.findConnection',
      'vpc-nowhere',
    );
    assert.equal(none, undefined);
  });
});
