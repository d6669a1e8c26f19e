import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseContainer, parsePeer } from '../../../src/atlas/models';
import { parseCluster, parseEvent } from '../../../src/atlas/projectModels';
import {
  atlasSide,
  connectionStringsFor,
  peerCounts,
  regionsWithoutPeering,
} from '../../../src/details/pure/connectionPlan';
import {
  acceptCountdown,
  azureRoleDefinition,
  nextStepsPlan,
  planSummary,
  timeInState,
} from '../../../src/details/pure/providerSteps';
import { outcomeLine, timeline, watchOutcome } from '../../../src/details/pure/watchOutcome';
import { AZURE_PERMISSIONS_ERROR, demoSeed, SEED_IDS } from '../../simulator';

const seed = demoSeed();
const prod = seed.projects.find((p) => p.id === SEED_IDS.projects.production)!;
const analytics = seed.projects.find((p) => p.id === SEED_IDS.projects.analytics)!;
const peer = (id: string) => parsePeer([...prod.peers, ...analytics.peers].find((p) => p.id === id));
const containers = [...prod.containers, ...analytics.containers].map((c) => parseContainer(c));
const containerOf = (id: string) => containers.find((c) => c.id === peer(id).containerId);
// Served as the simulator serves them while production's GCP peer is AVAILABLE.
const clusters = (prod.clusters ?? []).map((c) => parseCluster(c));
const NOW = Date.parse('2026-12-02T09:00:00Z');

/** The argv bash hands to the command's program, read back by a stand-in function. */
function argvOf(commandLine: string): string[] {
  const program = commandLine.split(' ')[0];
  const out = execFileSync('bash', ['-c', `${program}() { printf '%s\\0' "$@"; }; ${commandLine}`], {
    encoding: 'utf8',
  });
  return out.split('\0').slice(0, -1);
}

describe('details/nextStepsPlan', () => {
  it('AWS pending: accept with a countdown from the PEER_CREATED event, route, DNS, egress, missing regions', () => {
    const p = peer(SEED_IDS.peers.awsPendingAcceptance);
    const events = (prod.events ?? []).map(parseEvent);
    const since = timeInState(p, events, NOW - 1000);
    assert.deepEqual(since, { sinceMs: Date.parse('2026-11-28T09:00:00Z'), source: 'atlasEvents' });
    const missing = regionsWithoutPeering(
      'AWS',
      clusters,
      containers,
      prod.peers.map((x) => parsePeer(x)),
    );
    assert.deepEqual(missing, ['AP_SOUTHEAST_1']);
    const steps = nextStepsPlan({
      peer: p,
      container: containerOf(p.id),
      since,
      nowMs: NOW,
      regionsWithoutPeering: missing,
    });
    assert.deepEqual(
      steps.map((s) => s.id),
      ['awsAccept', 'awsRoute', 'awsDns', 'awsEgress', 'awsRegions'],
    );
    assert.match(steps[0].prose, /3 d 0 h left to accept \(counted from the project's PEER_CREATED event\)/);
    assert.equal(
      steps[0].commands[0].copyText,
      `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${SEED_IDS.connectionIds.awsPendingAcceptance} --region eu-central-1`,
    );
    assert.match(steps[1].commands[0].copyText, / --destination-cidr-block 10\.8\.8\.0\/21 /);
    assert.match(steps[3].commands[0].copyText, /FromPort=27015,ToPort=27017,IpRanges=\[\{CidrIp=10\.8\.8\.0\/21\}\]/);
    assert.equal(
      planSummary({ peer: p, since, nowMs: NOW }),
      'Next: accept the peering request in AWS (3 d 0 h left to accept)',
    );
  });

  it('the countdown says when it only counts from first seen, and reaches zero', () => {
    const first = { sinceMs: NOW - 8 * 86_400_000, source: 'firstSeen' as const };
    assert.match(acceptCountdown(first, NOW).text, /window has passed .*first saw the request/);
    const p = peer(SEED_IDS.peers.awsPendingAcceptance);
    assert.equal(timeInState(p, [], 42).source, 'firstSeen');
  });

  it('Azure FAILED for lack of permissions: says so, and gives the role for this VNet', () => {
    const p = peer(SEED_IDS.peers.azureFailedPermissions);
    assert.equal(p.errorText, AZURE_PERMISSIONS_ERROR);
    const steps = nextStepsPlan({ peer: p, nowMs: NOW });
    assert.deepEqual(
      steps.map((s) => s.id),
      ['azureServicePrincipal', 'azureRoleDefinition', 'azureRoleAssignment', 'azureRevoke'],
    );
    assert.match(steps[0].prose, /^The peering FAILED because Atlas lacks permissions on your VNet\./);
    const role = JSON.parse(steps[1].commands[0].copyText) as { AssignableScopes: string[] };
    assert.ok(
      role.AssignableScopes[0].endsWith(
        '/resourceGroups/rg-analytics/providers/Microsoft.Network/virtualNetworks/vnet-analytics-warehouse',
      ),
    );
    // The overlap failure is not a permissions failure: no permission steps.
    assert.deepEqual(
      nextStepsPlan({
        peer: parsePeer({
          ...analytics.peers[0],
          providerName: 'AZURE',
          status: 'FAILED',
          errorState: 'overlapping CIDR',
        }),
        nowMs: NOW,
      }),
      [],
    );
  });

  it('GCP waiting: gcloud with the container project and network, one global peering, custom-route caveats', () => {
    const p = peer(SEED_IDS.peers.gcpWaitingForUser);
    const k = containerOf(p.id);
    const steps = nextStepsPlan({ peer: p, container: k, nowMs: NOW });
    assert.ok(k?.providerName === 'GCP');
    assert.deepEqual(argvOf(steps[0].commands[0].copyText).slice(0, 4), ['compute', 'networks', 'peerings', 'create']);
    assert.ok(
      steps[0].commands[0].copyText.includes(`--peer-project=${k.gcpProjectId} --peer-network=${k.networkName}`),
    );
    assert.match(steps[1].prose, /route-based GKE.*Cloud Run.*VPN or Interconnect/);
  });

  it('hostile values from Atlas stay inside their argument', () => {
    const evil = `x'; touch /tmp/pwned; echo '$(id)\`id\``;
    const aws = parsePeer({ ...prod.peers[2], connectionId: evil, vpcId: evil, accepterRegionName: evil });
    const awsK = parseContainer({ ...prod.containers[1], atlasCidrBlock: evil });
    for (const step of nextStepsPlan({ peer: aws, container: awsK, nowMs: NOW })) {
      for (const cmd of step.commands) {
        // `<RTB_ID>`-style placeholders are left bare for the user to replace (nextStep.ts convention).
        const argv = argvOf(cmd.copyText.replace(/<[A-Z_]+>/g, 'PLACEHOLDER'));
        assert.ok(
          argv.some((a) => a.includes(evil)),
          `${cmd.label}: ${JSON.stringify(argv)}`,
        );
      }
    }
    const az = parsePeer({ ...analytics.peers[3], vnetName: evil, resourceGroupName: evil });
    const assign = nextStepsPlan({ peer: az, nowMs: NOW })[2].commands[0].copyText;
    assert.ok(argvOf(assign).some((a) => a.endsWith(`/virtualNetworks/${evil}`)));
    assert.ok((azureRoleDefinition(az).Name as string).endsWith(`/${evil}/${evil}`));
  });

  it('connection strings: AWS standard, Azure private, GCP private only once AVAILABLE, no credentials', () => {
    const aws = connectionStringsFor(peer(SEED_IDS.peers.awsAvailable), clusters);
    assert.deepEqual(
      aws.map((c) => [c.clusterName, c.kind, c.uri]),
      [
        ['orders', 'standard', 'mongodb+srv://orders.x1abc.mongodb.net'],
        ['search', 'standard', 'mongodb+srv://search.x1abc.mongodb.net'],
      ],
    );
    assert.deepEqual(
      connectionStringsFor(peer(SEED_IDS.peers.azureAvailable), clusters).map((c) => c.uri),
      ['mongodb+srv://app-pri.x1abc.mongodb.net'],
    );
    const beforeAvailable = clusters.map((c) => ({
      ...c,
      connectionStrings: { ...c.connectionStrings, private: null, privateSrv: null },
    }));
    const [gcp] = connectionStringsFor(peer(SEED_IDS.peers.gcpWaitingForUser), beforeAvailable);
    assert.equal(gcp.uri, null);
    assert.match(gcp.note ?? '', /only once the peering is AVAILABLE/);
    const withUser = parseCluster({
      ...prod.clusters![0],
      connectionStrings: { standardSrv: 'mongodb+srv://root:hunter2@orders.x1abc.mongodb.net' },
    });
    assert.doesNotMatch(
      connectionStringsFor(peer(SEED_IDS.peers.awsAvailable), [withUser])[0].uri ?? '',
      /hunter2|root/,
    );
  });

  it('Atlas side: CIDR, changeable only without peers and dedicated clusters, capacity, GCP /18 minimum, limits', () => {
    const gcpK = parseContainer({ ...prod.containers[3], atlasCidrBlock: '10.12.0.0/20' });
    assert.deepEqual(atlasSide(gcpK, 0, 0), {
      atlasCidrBlock: '10.12.0.0/20',
      changeable: true,
      addresses: 4096,
      belowGcpMinimum: true,
    });
    assert.equal(atlasSide(containers[0], 3, 0).changeable, false);
    assert.equal(atlasSide(containers[0], 0, 1).changeable, false);
    assert.equal(atlasSide(containers[3], 0, 0).belowGcpMinimum, false);
    const counts = peerCounts(prod.peers.map((x) => parsePeer(x)));
    assert.deepEqual(counts, { total: 6, pending: 2, atLimit: false });
    const many = Array.from({ length: 25 }, () => peer(SEED_IDS.peers.awsPendingAcceptance));
    assert.equal(peerCounts(many).atLimit, true);
  });

  it('watch outcome: AVAILABLE, waiting with the step, FAILED with the reason, timed out; timeline of states', () => {
    const s = (
      status: string,
      category: 'ready' | 'inProgress' | 'needsAction' | 'failed',
      atMs: number,
      errorText?: string,
    ) => ({ status, category, atMs, errorText });
    assert.deepEqual(watchOutcome([s('INITIATING', 'inProgress', 0), s('AVAILABLE', 'ready', 10)], 10, 100), {
      kind: 'available',
    });
    const waiting = watchOutcome([s('PENDING_ACCEPTANCE', 'needsAction', 0)], 1, 100);
    assert.equal(
      outcomeLine(waiting, 'Accept the peering request'),
      'Waiting for you (PENDING_ACCEPTANCE): Accept the peering request.',
    );
    assert.deepEqual(watchOutcome([s('FAILED', 'failed', 0, 'REJECTED')], 0, 100), {
      kind: 'failed',
      reason: 'REJECTED',
    });
    assert.deepEqual(watchOutcome([s('INITIATING', 'inProgress', 0)], 99, 100), { kind: 'watching' });
    assert.deepEqual(watchOutcome([s('INITIATING', 'inProgress', 0), s('FINALIZING', 'inProgress', 50)], 100, 100), {
      kind: 'timedOut',
      lastStatus: 'FINALIZING',
    });
    assert.deepEqual(
      timeline([s('INITIATING', 'inProgress', 0), s('INITIATING', 'inProgress', 5), s('AVAILABLE', 'ready', 20)], 30),
      [
        { status: 'INITIATING', sinceMs: 0, durationMs: 20 },
        { status: 'AVAILABLE', sinceMs: 20, durationMs: 10 },
      ],
    );
  });
});
