// The background pass under Atlas's rate limit, in a real extension host against the simulator's
// token bucket (RateLimit-Limit and RateLimit-Remaining on every answer, 429 once it is empty): the
// pass slows down as the bucket drains instead of running into it, and still loads every project.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { AtlasSimulator, makeLargeSeed, startAtlasSimulator } from '../simulator';
import type { TestApi } from '../../src/composition';
import type { ProjectNode, TreeNode } from '../../src/tree/pure/treeModel';
import { activateTestApi, setUpTreeTest } from './support';

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds'];
const PROJECTS = 24;
// 48 requests for the pass (containers and one peer list each) against a bucket of 30 refilled at
// 10 a second: at full speed the pass drains it within a second.
const BUCKET = { capacity: 30, refillPerSecond: 10 };

describe('rate budget: the background pass follows RateLimit-Remaining (extension host)', function () {
  this.timeout(120_000);
  let api: TestApi;
  let sim: AtlasSimulator;
  let tearDown: (() => Promise<void>) | undefined;

  before(async () => {
    const seed = makeLargeSeed({ projects: PROJECTS, peersPerProvider: 2, providersOf: () => ['AWS'] });
    sim = await startAtlasSimulator({ seed, rateLimit: BUCKET });
    api = await activateTestApi();
    tearDown = await setUpTreeTest(api, sim.url, SETTINGS, { rememberTree: false });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await tearDown?.();
    await sim?.close();
  });

  it('loads every project without a 429 while the bucket drains and refills', async () => {
    // The simulator is new and its bucket full: the pass the set-up's refresh started is the first.
    await api.tree.loadEstate();
    // The pass's own requests: files other suites left open may look up their ids here too, and
    // their lookups draw on the same bucket (the pass leaves them its reserve).
    const log = sim.requestLog.filter((r) => /\/(containers\/all|peers)$/.test(r.path));
    const refused = log.filter((r) => r.status === 429);
    assert.equal(refused.length, 0, `429s: ${refused.map((r) => r.path).join(', ')}`);
    const peerLists = log.filter((r) => r.path.endsWith('/peers') && r.status === 200).length;
    assert.equal(peerLists, PROJECTS, 'every project loaded');
    const projects = (await api.tree.getChildren()).filter((n: TreeNode): n is ProjectNode => n.kind === 'project');
    for (const p of projects) {
      assert.match(String(api.tree.getTreeItem(p).description), /^2 connections/, p.name);
    }
  });
});
