import * as assert from 'node:assert/strict';
import { parseContainer, parsePeer } from '../../../src/atlas/models';
import { parseCluster } from '../../../src/atlas/projectModels';
import { isDetailsMessage } from '../../../src/details/pure/messages';
import { planView } from '../../../src/details/pure/planView';
import { renderDetailsHtml } from '../../../src/details/pure/renderDetails';
import { demoSeed, SEED_IDS } from '../../simulator';
import { ENV, NOW } from './fixtures';

const prod = demoSeed().projects.find((p) => p.id === SEED_IDS.projects.production)!;
const reporting = parsePeer(prod.peers.find((p) => p.id === SEED_IDS.peers.awsPendingAcceptance));
const container = parseContainer(prod.containers.find((c) => c.id === reporting.containerId));
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';

function hostileCluster() {
  const raw = JSON.parse(JSON.stringify(prod.clusters![0])) as Record<string, unknown>;
  raw.name = HOSTILE_NAME;
  raw.connectionStrings = { standardSrv: 'mongodb+srv://admin:s3cret@orders.x1abc.mongodb.net/"><script>x</script>' };
  return parseCluster(raw);
}

describe('details/planView and renderPlan', () => {
  const view = planView(
    reporting,
    container,
    {
      accessList: [{ cidrBlock: '10.0.0.0/8', ipAddress: null, awsSecurityGroup: null, comment: null }],
      clusters: [hostileCluster()],
      peers: prod.peers.map((p) => parsePeer(p)),
      containers: prod.containers.map((c) => parseContainer(c)),
      events: [],
    },
    { groupId: prod.id, firstSeenMs: NOW.getTime() - 3_600_000, nowMs: NOW.getTime() },
  );

  it('keys every command and string it offers to copy, and none carries user info', () => {
    assert.ok(view.copies['step.awsAccept.0']?.includes(SEED_IDS.connectionIds.awsPendingAcceptance));
    assert.ok(view.copies['access.0']?.startsWith('atlas accessLists create 172.21.0.0/16'));
    assert.equal(view.copies['cluster.0']?.includes('s3cret'), false);
    assert.equal(view.copies['cluster.0']?.includes('admin'), false);
    assert.match(view.since?.source ?? '', /firstSeen/);
    assert.match(view.steps[0].prose, /first saw the request/);
  });

  it('escapes every Atlas value on the page and offers the plan copies by key only', () => {
    const html = renderDetailsHtml(
      { peer: reporting, container, fetchedAt: NOW.getTime(), watching: false, atlasUrl: '', plan: view },
      { ...ENV, now: NOW },
    );
    assert.ok(!html.includes(HOSTILE_NAME) && !html.includes('<script>x'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.equal((html.match(/<script\b/g) ?? []).length, 1);
    assert.match(html, /data-action="copyPlan" data-key="step\.awsAccept\.0"/);
    assert.match(html, /6 of 50 peering connections, \d+ of 25 pending/);
  });

  it('shows the accept command once: the next-step box points to the plan steps that carry it', () => {
    const model = { peer: reporting, container, fetchedAt: NOW.getTime(), watching: false, atlasUrl: '' };
    const accept = `accept-vpc-peering-connection --vpc-peering-connection-id ${SEED_IDS.connectionIds.awsPendingAcceptance}`;
    const count = (html: string): number => html.split(accept).length - 1;
    const withPlan = renderDetailsHtml({ ...model, plan: view }, { ...ENV, now: NOW });
    assert.equal(count(withPlan), 1);
    assert.match(withPlan, /Next step: Accept the peering request in AWS[\s\S]*href="#plan-steps"/);
    assert.ok(!withPlan.includes('data-field="nextStep.command"'));
    // Before the plan's reads answer, the box itself carries the command.
    const withoutPlan = renderDetailsHtml(model, { ...ENV, now: NOW });
    assert.equal(count(withoutPlan), 1);
    assert.ok(!withoutPlan.includes('href="#plan-steps"'));
  });

  it('takes a copyPlan message only with a key of the plan alphabet', () => {
    assert.ok(isDetailsMessage({ type: 'copyPlan', key: 'cluster.0' }));
    for (const key of ['', 'a b', '../x', 'x'.repeat(81), 7, null]) {
      assert.equal(isDetailsMessage({ type: 'copyPlan', key }), false, String(key));
    }
  });
});
