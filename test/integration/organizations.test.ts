// Organizations in a real extension host against the simulator over HTTP: when the credentials see
// projects in more than one organization, the tree groups them under their organization (names from
// GET /orgs, asked once), the estate still loads every project, and Find by ID reveals a connection
// through its organization; with one organization there is no such level and no /orgs request.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AtlasSimulator, atlasId, makeLargeSeed, startAtlasSimulator } from '../simulator';
import type { TestApi } from '../../src/composition';
import { parsePeer } from '../../src/atlas/models';
import type { OrgNode, ProjectNode, TreeNode } from '../../src/tree/pure/treeModel';
import type { SeedData } from '../simulator/types';
import { activateTestApi, setUpTreeTest } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds'];
const PROJECTS = 6;
const ALPHA = atlasId('org:alpha');
const BETA = atlasId('org:beta');

describe('organizations: projects grouped under their organization (extension host)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let sim: AtlasSimulator;
  let seed: SeedData;
  let tearDown: (() => Promise<void>) | undefined;

  before(async () => {
    seed = makeLargeSeed({ projects: PROJECTS, peersPerProvider: 2, providersOf: () => ['GCP'] });
    // Projects 0, 2, 4 in Beta, the others in Alpha; the names sort Alpha first whatever the order here.
    seed.projects.forEach((p, i) => (p.orgId = i % 2 === 0 ? BETA : ALPHA));
    seed.orgs = [
      { id: BETA, name: 'Beta Org' },
      { id: ALPHA, name: 'Alpha Org' },
    ];
    sim = await startAtlasSimulator({ seed });
    api = await activateTestApi();
    // No snapshot: this file counts what the live tree asks.
    tearDown = await setUpTreeTest(api, sim.url, SETTINGS, { rememberTree: false });
  });

  after(async () => {
    await tearDown?.();
    await sim?.close();
  });

  const orgRequests = (since: number): number =>
    sim.requestLog.slice(since).filter((r) => r.path === '/api/atlas/v2/orgs').length;

  it('groups the projects under their organizations, sorted by name, and still knows every project', async () => {
    const mark = sim.requestLog.length;
    await api.tree.refresh();
    const top = await api.tree.getChildren();
    const orgs = top.filter((n): n is OrgNode => n.kind === 'org');
    assert.deepEqual(
      orgs.map((o) => o.name),
      ['Alpha Org', 'Beta Org'],
    );
    assert.equal(
      top.filter((n) => n.kind === 'project').length,
      0,
      'every discovered project is under its organization',
    );
    const byOrg = new Map<string, ProjectNode[]>();
    for (const org of orgs) {
      byOrg.set(
        org.orgId,
        (await api.tree.getChildren(org)).filter((n): n is ProjectNode => n.kind === 'project'),
      );
    }
    assert.deepEqual(
      byOrg
        .get(ALPHA)
        ?.map((p) => p.projectId)
        .sort(),
      [seed.projects[1].id, seed.projects[3].id, seed.projects[5].id].sort(),
    );
    assert.equal(byOrg.get(BETA)?.length, 3);
    const counts = await api.tree.loadEstate();
    const expected = seed.projects
      .flatMap((p) => p.peers.map((j) => parsePeer(j)))
      .filter((p) => p.category === 'needsAction').length;
    assert.equal(counts.needsAction, expected, 'the pass loaded the projects inside the organizations');
    // The organization's line counts its projects and what needs the user.
    const alpha = orgs.find((o) => o.orgId === ALPHA) as OrgNode;
    assert.match(String(api.tree.getTreeItem(alpha).description), /^3 projects/);
    assert.equal(orgRequests(mark), 1, 'one GET /orgs');
    // A second refresh within minutes knows the names: no new /orgs request.
    const again = sim.requestLog.length;
    await api.tree.refresh();
    await api.tree.getChildren();
    assert.equal(orgRequests(again), 0);
  });

  it('Find by ID reveals a connection through its organization', async () => {
    const target = seed.projects[3].peers.map((j) => parsePeer(j)).find((p) => p.providerName === 'GCP');
    assert.ok(target && target.providerName === 'GCP' && target.networkName);
    const found = await vscode.commands.executeCommand<TreeNode | undefined>(
      'atlasPeering.findConnection',
      target.networkName,
    );
    assert.ok(found?.kind === 'peer', 'revealed (a broken parent chain makes reveal fail)');
    assert.equal(found.peer.id, target.id);
  });

  it('the painted tree groups by organization too, with the kept names and no request', async () => {
    const config = vscode.workspace.getConfiguration('atlasPeering');
    await config.update('rememberTree', true, vscode.ConfigurationTarget.Global);
    try {
      await api.tree.refresh();
      await api.tree.loadEstate();
      await api.tree.saveSnapshot();
      const mark = sim.requestLog.length;
      await api.tree.refresh();
      const painted = await api.tree.paintedChildren();
      assert.equal(sim.requestLog.length - mark, 0, 'no request before the paint');
      const orgs = painted.filter((n): n is OrgNode => n.kind === 'org');
      assert.deepEqual(
        orgs.map((o) => o.name),
        ['Alpha Org', 'Beta Org'],
      );
      assert.match(String(api.tree.getTreeItem(orgs[0]).description), /^3 projects/);
    } finally {
      await config.update('rememberTree', false, vscode.ConfigurationTarget.Global);
    }
  });

  it('with one organization there is no organization level and no /orgs request', async () => {
    for (const p of sim.data.projects.values()) {
      p.orgId = ALPHA;
    }
    const mark = sim.requestLog.length;
    await api.tree.refresh();
    const top = await api.tree.getChildren();
    assert.equal(top.filter((n) => n.kind === 'org').length, 0);
    assert.equal(top.filter((n) => n.kind === 'project').length, PROJECTS);
    assert.equal(orgRequests(mark), 0);
  });
});
