import * as assert from 'node:assert/strict';
import { Peer, Project, parsePeer, parseProject } from '../../../src/atlas/models';
import {
  ProjectNode,
  changeAnnouncement,
  contextValueOf,
  emptyProjectMessage,
  estateCounts,
  estateStatusText,
  filterPeers,
  needsAttention,
  peerMatchesId,
  mergeProjects,
  parentIdOf,
  peerDescription,
  peerFields,
  peerNodes,
  projectDescription,
  providerNodes,
  summarize,
  transitionalChanges,
} from '../../../src/tree/pure/treeModel';
import { atlasPeeringPageUrl } from '../../../src/config/pure/atlasPages';

const G = '6a0000000000000000000001';
const id = (n: number): string => n.toString(16).padStart(24, '0');

const aws = (n: number, statusName: string, extra: Record<string, unknown> = {}): Peer =>
  parsePeer({
    id: id(n),
    providerName: 'AWS',
    containerId: id(900),
    vpcId: `vpc-${n}`,
    awsAccountId: '123456789012',
    routeTableCidrBlock: '10.0.0.0/16',
    statusName,
    ...extra,
  });
const azure = (n: number, status: string, extra: Record<string, unknown> = {}): Peer =>
  parsePeer({ id: id(n), providerName: 'AZURE', containerId: id(901), vnetName: `vnet-${n}`, status, ...extra });
const gcp = (n: number, status: string): Peer =>
  parsePeer({
    id: id(n),
    providerName: 'GCP',
    containerId: id(902),
    networkName: `net-${n}`,
    gcpProjectId: 'p',
    status,
  });

const project = (over: Partial<ProjectNode> = {}): ProjectNode => ({
  kind: 'project',
  id: `default/${G}`,
  profile: 'default',
  projectId: G,
  name: 'Prod',
  configured: true,
  ...over,
});

describe('tree model', () => {
  const peers = [
    aws(1, 'AVAILABLE'),
    aws(2, 'PENDING_ACCEPTANCE', { connectionId: 'pcx-0abc' }),
    azure(3, 'ADDING_PEER'),
    gcp(4, 'FAILED'),
  ];

  it('groups by provider, only providers with connections, in AWS/Azure/GCP order', () => {
    const groups = providerNodes(project(), peers);
    assert.deepEqual(
      groups.map((g) => [g.id, g.count, g.worst]),
      [
        [`default/${G}/AWS`, 2, 'needsAction'],
        [`default/${G}/AZURE`, 1, 'inProgress'],
        [`default/${G}/GCP`, 1, 'failed'],
      ],
    );
    assert.deepEqual(
      providerNodes(project(), [azure(3, 'AVAILABLE')]).map((g) => g.provider),
      ['AZURE'],
    );
    assert.deepEqual(providerNodes(project(), []), []);
  });

  it('builds stable peer ids from Atlas ids, sorted by label', () => {
    const [awsGroup] = providerNodes(project(), peers);
    const nodes = peerNodes(awsGroup, [
      aws(12, 'AVAILABLE', { vpcId: 'vpc-b' }),
      aws(11, 'AVAILABLE', { vpcId: 'vpc-a' }),
      azure(3, 'AVAILABLE'),
    ]);
    assert.deepEqual(
      nodes.map((n) => n.id),
      [`default/${G}/AWS/${id(11)}`, `default/${G}/AWS/${id(12)}`],
    );
    assert.equal(parentIdOf(nodes[0], false), `default/${G}/AWS`);
    assert.equal(parentIdOf(awsGroup, false), `default/${G}`);
    assert.equal(parentIdOf(project(), false), undefined);
    assert.equal(parentIdOf(project(), true), 'default');
  });

  it('summarises the worst status, the transitional count and what needs the user', () => {
    assert.deepEqual(summarize(peers), { count: 4, worst: 'failed', transitional: 1, needsAction: 1, failed: 1 });
    assert.deepEqual(summarize([aws(1, 'AVAILABLE')]), {
      count: 1,
      worst: 'ready',
      transitional: 0,
      needsAction: 0,
      failed: 0,
    });
    assert.deepEqual(summarize([]), { count: 0, worst: undefined, transitional: 0, needsAction: 0, failed: 0 });
  });

  it('describes a collapsed project by its count and worst state: needs your action, failed, all available, no peering', () => {
    assert.equal(projectDescription(summarize(peers), false), '4 connections · failed');
    assert.equal(
      projectDescription(summarize([aws(1, 'AVAILABLE'), aws(2, 'PENDING_ACCEPTANCE')]), false),
      '2 connections · needs your action',
    );
    assert.equal(projectDescription(summarize([aws(1, 'AVAILABLE')]), false), '1 connection · all available');
    assert.equal(projectDescription(summarize([aws(1, 'AVAILABLE')]), true), '1 connection (filtered) · all available');
    assert.equal(projectDescription(summarize([]), false), 'no peering');
    assert.equal(projectDescription(summarize([]), true), 'no matching peering');
    assert.equal(projectDescription(undefined, false), '');
  });

  it('counts the estate for the status bar, and says nothing when nothing needs the user', () => {
    assert.deepEqual(
      peers.filter(needsAttention).map((p) => p.status),
      ['PENDING_ACCEPTANCE', 'FAILED'],
    );
    const counts = estateCounts([summarize(peers), summarize([aws(5, 'PENDING_ACCEPTANCE')]), summarize([])]);
    assert.deepEqual(counts, { needsAction: 2, failed: 1 });
    assert.equal(estateStatusText(counts), 'Atlas: 2 need you · 1 failed');
    assert.equal(estateStatusText({ needsAction: 1, failed: 0 }), 'Atlas: 1 needs you');
    assert.equal(estateStatusText({ needsAction: 0, failed: 3 }), 'Atlas: 3 failed');
    assert.equal(estateStatusText(estateCounts([summarize([aws(1, 'AVAILABLE')])])), undefined);
  });

  it('finds a connection by a whole id of any kind, case-insensitively, and never by a fragment', () => {
    const pending = peers[1];
    assert.ok(peerMatchesId(pending, id(2)));
    assert.ok(peerMatchesId(pending, 'PCX-0ABC'));
    assert.ok(peerMatchesId(pending, ' vpc-2 '));
    assert.ok(peerMatchesId(peers[2], 'vnet-3'));
    assert.ok(peerMatchesId(peers[3], 'net-4'));
    assert.ok(!peerMatchesId(pending, 'pcx-0ab'));
    assert.ok(!peerMatchesId(pending, ''));
    assert.ok(!peerMatchesId(peers[0], 'vpc-2'));
    // A field of another provider's kind does not count: an AWS peer has no VNet name.
    assert.ok(!peerMatchesId(peers[2], 'vpc-3'));
  });

  it('filters by configured peers: Atlas id, label or pcx id, case-insensitively', () => {
    assert.deepEqual(filterPeers(peers, undefined).length, 4);
    assert.deepEqual(
      filterPeers(peers, [id(1)]).map((p) => p.id),
      [id(1)],
    );
    assert.deepEqual(
      filterPeers(peers, ['VNET-3', 'net-4']).map((p) => p.id),
      [id(3), id(4)],
    );
    assert.deepEqual(
      filterPeers(peers, ['PCX-0ABC']).map((p) => p.id),
      [id(2)],
    );
    assert.deepEqual(filterPeers(peers, []), []);
  });

  it('says why a project is empty', () => {
    assert.equal(
      emptyProjectMessage(project(), 0).label,
      'No peering connections in this project for AWS, Azure or GCP',
    );
    assert.match(
      emptyProjectMessage(project({ peers: ['vpc-x', 'vpc-y'] }), 4).label,
      /None of the 2 configured peers found among 4 connections/,
    );
    assert.equal(emptyProjectMessage(project(), 0).id, `default/${G}#empty`);
  });

  it('merges configured and discovered projects per profile', () => {
    const discovered: Project[] = [
      parseProject({ id: id(7), name: 'Zeta' }),
      parseProject({ id: G, name: 'From Atlas' }),
      parseProject({ id: id(8), name: 'Alpha' }),
    ];
    const configured = [{ id: G }, { id: id(9), name: 'Named' }, { id: id(10), profile: 'gov' }];
    const nodes = mergeProjects(configured, { profile: 'default', isDefault: true, discovered });
    assert.deepEqual(
      nodes.map((n) => [n.name, n.configured]),
      [
        ['From Atlas', true],
        ['Named', true],
        ['Alpha', false],
        ['Zeta', false],
      ],
    );
    const gov = mergeProjects(configured, { profile: 'gov', isDefault: false });
    assert.deepEqual(
      gov.map((n) => [n.id, n.name]),
      [[`gov/${id(10)}`, id(10)]],
    );
    const peersKept = mergeProjects([{ id: G, peers: ['vpc-1'] }], { profile: 'default', isDefault: true });
    assert.deepEqual(peersKept[0].peers, ['vpc-1']);
  });

  it('gives AWS nodes with a pcx id their own context value', () => {
    const [awsGroup] = providerNodes(project(), peers);
    const nodes = peerNodes(awsGroup, peers);
    assert.deepEqual(nodes.map(contextValueOf), ['peer', 'peerAwsConnection']);
    assert.equal(
      contextValueOf({ kind: 'message', id: 'x', message: 'error', label: 'l', action: 'setCredentials' }),
      'errorAuth',
    );
    assert.equal(contextValueOf({ kind: 'message', id: 'x', message: 'error', label: 'l', action: 'retry' }), 'error');
  });

  it('labels and tooltip fields', () => {
    const failed = azure(5, 'FAILED', { errorState: 'Address space overlaps\nwith the Atlas CIDR' });
    assert.equal(peerDescription(failed), 'FAILED: Address space overlaps with the Atlas CIDR');
    assert.equal(peerDescription(aws(1, 'AVAILABLE')), 'AVAILABLE');
    const fields = new Map(peerFields(aws(2, 'PENDING_ACCEPTANCE', { connectionId: 'pcx-0abc' })));
    assert.equal(fields.get('VPC'), 'vpc-2');
    assert.equal(fields.get('Connection ID'), 'pcx-0abc');
    assert.equal(fields.has('Error'), false);
    assert.equal(new Map(peerFields(failed)).get('Error'), 'Address space overlaps\nwith the Atlas CIDR');
  });

  it('announces transitions out of a transitional state, once', () => {
    const before = [aws(1, 'INITIATING'), azure(3, 'ADDING_PEER'), gcp(4, 'AVAILABLE')];
    const after = [aws(1, 'PENDING_ACCEPTANCE'), azure(3, 'ADDING_PEER'), gcp(4, 'FAILED')];
    const changes = transitionalChanges(before, after);
    assert.deepEqual(
      changes.map((c) => [c.peer.id, c.from, c.to]),
      [[id(1), 'INITIATING', 'PENDING_ACCEPTANCE']],
    );
    assert.equal(changeAnnouncement(changes[0]), 'vpc-1 is now PENDING_ACCEPTANCE');
    assert.deepEqual(transitionalChanges(after, after), []);
  });

  it('links to the Atlas peering page', () => {
    assert.equal(
      atlasPeeringPageUrl('https://cloud.mongodb.com/', G),
      `https://cloud.mongodb.com/v2/${G}#/security/network/peering`,
    );
  });
});
