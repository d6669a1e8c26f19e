// The access list, clusters and events routes, validated against the schemas copied from the
// official spec (fixtures/atlas-openapi-project.yaml), with pagination, the eventType filter, the
// clusters version and the GCP private strings that appear only once the GCP peer is AVAILABLE.

import * as assert from 'node:assert/strict';
import { AZURE_PERMISSIONS_ERROR, SEED_IDS, startAtlasSimulator, type AtlasSimulator } from '../../simulator';
import { digestJson } from './helpers';
import { loadSpec, type LoadedSpec } from './openapiSchemas';

const G = SEED_IDS.projects;
const V2024 = 'application/vnd.atlas.2024-08-05+json';
type Page = { results: Record<string, unknown>[]; totalCount: number; links: { rel: string }[] };

describe('simulator project reads match the official spec', function () {
  let sim: AtlasSimulator;
  let spec: LoadedSpec;

  before(async () => {
    spec = loadSpec();
    sim = await startAtlasSimulator();
  });
  after(() => sim.close());

  function check(schemaName: string, value: unknown, what: string): void {
    const validate = spec.validator(schemaName);
    assert.ok(validate(value), `${what} does not match ${schemaName}: ${spec.ajv.errorsText(validate.errors)}`);
  }

  function noExtraKeys(schemaName: string, value: Record<string, unknown>, what: string): void {
    const allowed = spec.allowedKeys(schemaName);
    assert.deepEqual(
      Object.keys(value).filter((k) => !allowed.has(k)),
      [],
      `${what} has fields ${schemaName} lacks`,
    );
  }

  it('the schemas reject what they should (the copy is not vacuous)', () => {
    assert.equal(spec.validator('NetworkPermissionEntry')({ cidrBlock: 'x', comment: 'a'.repeat(81) }), false);
    assert.equal(spec.validator('EventViewForNdsGroup')({ id: 'x', created: 'yesterday' }), false);
    assert.equal(spec.validator('ClusterDescription20240805')({ connectionStrings: { standard: 1 } }), false);
  });

  it('accessList: every project, paginated, entries are NetworkPermissionEntry', async () => {
    for (const groupId of Object.values(G)) {
      const r = await digestJson(sim, `/api/atlas/v2/groups/${groupId}/accessList`);
      assert.equal(r.status, 200);
      check('PaginatedNetworkAccess', r.body, `accessList of ${groupId}`);
      (r.body as Page).results.forEach((e) => noExtraKeys('NetworkPermissionEntry', e, 'access list entry'));
    }
    const page = (await digestJson(sim, `/api/atlas/v2/groups/${G.production}/accessList?itemsPerPage=2&pageNum=3`))
      .body as Page;
    assert.equal(page.totalCount, 5);
    assert.deepEqual(
      page.results.map((e) => e.awsSecurityGroup),
      ['sg-0123456789abcdef0'],
    );
  });

  it('clusters: version 2024-08-05 only, ClusterDescription20240805, regions and strings per provider', async () => {
    const old = await digestJson(sim, `/api/atlas/v2/groups/${G.production}/clusters`);
    assert.equal(old.status, 406);
    check('ApiError', old.body, 'clusters with 2023-01-01');
    for (const groupId of Object.values(G)) {
      const r = await digestJson(sim, `/api/atlas/v2/groups/${groupId}/clusters`, { accept: V2024 });
      assert.equal(r.status, 200);
      check('PaginatedClusterDescription20240805', r.body, `clusters of ${groupId}`);
      (r.body as Page).results.forEach((c) => noExtraKeys('ClusterDescription20240805', c, 'cluster'));
    }
    const prod = (await digestJson(sim, `/api/atlas/v2/groups/${G.production}/clusters`, { accept: V2024 }))
      .body as Page;
    assert.deepEqual(
      prod.results.map((c) => c.id),
      Object.values(SEED_IDS.clusters),
    );
    const ml = prod.results.find((c) => c.name === 'ml')!.connectionStrings as Record<string, string>;
    assert.match(ml.privateSrv, /^mongodb\+srv:\/\/ml-pri\./);
  });

  it('clusters: a GCP cluster has no private strings until a GCP peer of the project is AVAILABLE', async () => {
    const strings = async (): Promise<Record<string, string>> => {
      const body = (await digestJson(sim, `/api/atlas/v2/groups/${G.production}/clusters`, { accept: V2024 }))
        .body as Page;
      return body.results.find((c) => c.name === 'ml')!.connectionStrings as Record<string, string>;
    };
    sim.data.setPeerStatus(G.production, SEED_IDS.peers.gcpAvailable, 'ADDING_PEER');
    try {
      const before = await strings();
      assert.equal(before.private, undefined);
      assert.equal(before.privateSrv, undefined);
      assert.ok(before.standardSrv);
    } finally {
      sim.data.setPeerStatus(G.production, SEED_IDS.peers.gcpAvailable, 'AVAILABLE');
    }
    assert.ok((await strings()).private);
  });

  it('events: newest first, filtered by repeated eventType, EventViewForNdsGroup', async () => {
    const all = (await digestJson(sim, `/api/atlas/v2/groups/${G.production}/events`)).body as Page;
    check('GroupPaginatedEvent', all, 'events');
    all.results.forEach((e) => noExtraKeys('EventViewForNdsGroup', e, 'event'));
    const created = all.results.map((e) => e.created as string);
    assert.deepEqual(created, [...created].sort().reverse());
    const gcp = (
      await digestJson(
        sim,
        `/api/atlas/v2/groups/${G.production}/events?eventType=GCP_PEER_CREATED&eventType=GCP_PEER_ACTIVE`,
      )
    ).body as Page;
    assert.deepEqual(
      gcp.results.map((e) => e.id),
      [SEED_IDS.events.gcpMlCreated, SEED_IDS.events.gcpAppActive],
    );
    check('GroupPaginatedEvent', (await digestJson(sim, `/api/atlas/v2/groups/${G.sandbox}/events`)).body, 'empty');
  });

  it('the Azure permissions failure is in the seed with its error text', async () => {
    const r = await digestJson(
      sim,
      `/api/atlas/v2/groups/${G.analytics}/peers/${SEED_IDS.peers.azureFailedPermissions}`,
    );
    check('AzureNetworkPeeringConnectionSettings', r.body, 'azure permissions peer');
    assert.equal((r.body as { errorState: string }).errorState, AZURE_PERMISSIONS_ERROR);
  });

  it('an unknown project is GROUP_NOT_FOUND on the new routes', async () => {
    for (const read of ['accessList', 'clusters', 'events']) {
      const r = await digestJson(sim, `/api/atlas/v2/groups/${SEED_IDS.unknown.project}/${read}`, { accept: V2024 });
      assert.equal(r.status, 404);
      assert.equal((r.body as { errorCode: string }).errorCode, 'GROUP_NOT_FOUND');
    }
  });
});
