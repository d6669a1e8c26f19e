// Everything the details view shows beyond the peering itself, computed once per load from the
// project reads (access list, clusters, events, the project's peers and containers): the steps to a
// working connection, the access-list gap, the connection string per cluster, the Atlas side, the
// peer count against the limits and the watch timeline. Plain text out; renderPlan.ts escapes.
// The copy buttons name a key of `copies`; the host copies that value, never text from the page.
import { Container, Peer } from '../../atlas/models';
import type { AccessListEntry, AtlasEvent, Cluster } from '../../atlas/projectModels';
import { withoutCredentials } from '../../atlas/projectModels';
import { AccessListCoverage, accessListCoverage, accessListCreateCommands } from './accessListCoverage';
import {
  atlasSide,
  AtlasSide,
  ClusterConnection,
  connectionStringsFor,
  PEER_LIMITS,
  peerCounts,
  regionsWithoutPeering,
} from './connectionPlan';
import { nextStepsPlan, PlanInput, PlanStep, planSummary, timeInState, TimeInState } from './providerSteps';
import { firstSeen } from './firstSeen';
import { SeenState, timeline, TimelineRow, WatchOutcome, watchOutcome } from './watchOutcome';

export interface ProjectReads {
  accessList?: readonly AccessListEntry[];
  clusters?: readonly Cluster[];
  events?: readonly AtlasEvent[];
  /** Every peer of the project (all providers), for the counts and the regions without a peering. */
  peers?: readonly Peer[];
  containers?: readonly Container[];
  /** Why a read failed, per read, for a muted note instead of the section. */
  errors?: Partial<Record<'accessList' | 'clusters' | 'events' | 'peers', string>>;
}

export interface WatchView {
  seen: readonly SeenState[];
  timeoutMs: number;
}

export interface PlanView {
  steps: PlanStep[];
  summary: string | null;
  since?: TimeInState;
  access?: { coverage: AccessListCoverage; commands: string[] };
  connections?: ClusterConnection[];
  atlas?: AtlasSide;
  counts?: { total: number; pending: number; atLimit: boolean };
  timeline: TimelineRow[];
  outcome: WatchOutcome;
  errors: ProjectReads['errors'];
  /** Copy key → the exact text a Copy button copies. */
  copies: Record<string, string>;
}

/**
 * An M10+ cluster stops the Atlas CIDR from changing; the cluster model keeps no tier, so every
 * cluster counts, which errs on the side of "not changeable".
 */
function dedicatedClusters(clusters: readonly Cluster[] | undefined): number {
  return clusters?.length ?? 0;
}

export function planInput(
  peer: Peer,
  container: Container | undefined,
  reads: ProjectReads,
  firstSeenMs: number,
  nowMs: number,
): PlanInput {
  const regions =
    reads.clusters && reads.containers && reads.peers
      ? regionsWithoutPeering(peer.providerName, reads.clusters, reads.containers, reads.peers)
      : undefined;
  return {
    peer,
    container,
    regionsWithoutPeering: regions,
    since: timeInState(peer, reads.events ?? [], firstSeenMs),
    nowMs,
  };
}

export function planView(
  peer: Peer,
  container: Container | undefined,
  reads: ProjectReads,
  opts: { groupId: string; firstSeenMs: number; nowMs: number; watch?: WatchView },
): PlanView {
  const input = planInput(peer, container, reads, opts.firstSeenMs, opts.nowMs);
  const steps = nextStepsPlan(input);
  const copies: Record<string, string> = {};
  steps.forEach((s) => s.commands.forEach((c, i) => (copies[`step.${s.id}.${i}`] = c.copyText)));
  const view: PlanView = {
    steps,
    summary: planSummary(input, steps),
    since: input.since,
    timeline: timeline(opts.watch?.seen ?? [], opts.nowMs),
    outcome: watchOutcome(opts.watch?.seen ?? [], opts.nowMs, opts.watch?.timeoutMs ?? Infinity),
    errors: reads.errors ?? {},
    copies,
  };
  if (peer.providerName === 'AWS' && reads.accessList) {
    const coverage = accessListCoverage(peer.routeTableCidrBlock, reads.accessList);
    const commands = accessListCreateCommands(coverage.uncovered, opts.groupId, `VPC peering ${peer.vpcId ?? peer.id}`);
    commands.forEach((c, i) => (copies[`access.${i}`] = c));
    view.access = { coverage, commands };
  }
  if (reads.clusters) {
    // Strings are stripped of user info again here: a copy button must never carry a credential.
    view.connections = connectionStringsFor(peer, reads.clusters).map((c) => ({
      ...c,
      uri: withoutCredentials(c.uri),
    }));
    view.connections.forEach((c, i) => c.uri && (copies[`cluster.${i}`] = c.uri));
  }
  if (container && reads.peers) {
    view.atlas = atlasSide(container, reads.peers.length, dedicatedClusters(reads.clusters));
  }
  if (reads.peers) {
    view.counts = peerCounts(reads.peers);
  }
  return view;
}

/**
 * The one-line next step of the hover and the tree tooltip, from what is already read: the container
 * and project reads when loaded, the time in state from the events or from when this window first saw it.
 */
export function peerSummaryLine(
  peer: Peer,
  container: Container | undefined,
  reads: ProjectReads,
  nowMs: number,
): string | null {
  return planSummary(planInput(peer, container, reads, firstSeen.note(peer.id, peer.status, nowMs), nowMs));
}

export function limitsText(counts: { total: number; pending: number }): string {
  return `${counts.total} of ${PEER_LIMITS.total} peering connections, ${counts.pending} of ${PEER_LIMITS.pending} pending`;
}

/** "6 of 50 peering connections, 2 of 25 pending", for the project node. */
export function projectLimitsLine(peers: readonly Peer[]): string {
  return limitsText(peerCounts(peers));
}
