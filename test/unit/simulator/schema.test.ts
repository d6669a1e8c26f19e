// Every kind of response the simulator gives, validated against the OpenAPI excerpt's schemas
// with ajv: each provider's peer (get and list), containers per provider, all and one, projects
// list and one, and every error body. Peers and containers are validated against the variant
// picked by providerName (see openapiSchemas.ts), and must not carry fields the variant lacks.

import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { SEED_IDS, startAtlasSimulator, type AtlasSimulator, demoSeed } from '../../simulator';
import { digestJson, getToken, bearerJson, ACCEPT } from './helpers';
import { loadSpec, SPEC_QUIRKS, type LoadedSpec } from './openapiSchemas';

const G = SEED_IDS.projects;
const PEER_VARIANT: Record<string, string> = {
  AWS: 'AwsNetworkPeeringConnectionSettings',
  AZURE: 'AzureNetworkPeeringConnectionSettings',
  GCP: 'GCPNetworkPeeringConnectionSettings',
};
const CONTAINER_VARIANT: Record<string, string> = {
  AWS: 'AWSCloudProviderContainer',
  AZURE: 'AzureCloudProviderContainer',
  GCP: 'GCPCloudProviderContainer',
};

describe('simulator responses match the OpenAPI excerpt', function () {
  let sim: AtlasSimulator;
  let spec: LoadedSpec;

  before(async () => {
    spec = loadSpec();
    sim = await startAtlasSimulator();
  });
  after(() => sim.close());

  function check(schemaName: string, value: unknown, what: string): void {
    const validate = spec.validator(schemaName);
    const ok = validate(value);
    assert.ok(
      ok,
      `${what} does not match ${schemaName}: ${spec.ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 400)}`,
    );
  }

  function checkNoExtraKeys(schemaName: string, value: Record<string, unknown>, what: string): void {
    const allowed = spec.allowedKeys(schemaName);
    const extra = Object.keys(value).filter((k) => !allowed.has(k));
    assert.deepEqual(extra, [], `${what} has fields ${schemaName} does not define`);
  }

  function checkPeer(peer: Record<string, unknown>, what: string): void {
    const variant = PEER_VARIANT[peer.providerName as string];
    assert.ok(variant, `${what}: providerName ${String(peer.providerName)}`);
    check(variant, peer, what);
    checkNoExtraKeys(variant, peer, what);
  }

  function checkContainer(container: Record<string, unknown>, what: string): void {
    const variant = CONTAINER_VARIANT[container.providerName as string];
    assert.ok(variant, `${what}: providerName ${String(container.providerName)}`);
    check(variant, container, what);
    checkNoExtraKeys(variant, container, what);
  }

  it('converts the spec so that the discriminated schemas dispatch instead of oneOf', () => {
    // Sanity check of the conversion itself: a wrong status must fail, an AWS-shaped GCP must fail.
    const good = {
      id: SEED_IDS.peers.gcpAvailable,
      containerId: SEED_IDS.containers.productionGcp,
      providerName: 'GCP',
      gcpProjectId: 'acme-prod-network',
      networkName: 'prod-vpc',
      status: 'AVAILABLE',
    };
    check('BaseNetworkPeeringConnectionSettings', good, 'hand-made GCP peer');
    assert.equal(
      spec.validator('BaseNetworkPeeringConnectionSettings')({ ...good, status: 'PENDING_ACCEPTANCE' }),
      false,
    );
    assert.equal(
      spec.validator('BaseNetworkPeeringConnectionSettings')({
        containerId: good.containerId,
        providerName: 'GCP',
        status: 'AVAILABLE',
      }),
      false,
    );
    assert.equal(
      spec.validator('AwsNetworkPeeringConnectionSettings')({
        containerId: good.containerId,
        providerName: 'AWS',
        accepterRegionName: null,
        awsAccountId: '12',
        routeTableCidrBlock: '10.0.0.0/16',
        vpcId: 'vpc-1',
      }),
      false,
    );
  });

  it('pins the spec quirks it patches (drop a patch when the spec is fixed)', () => {
    const raw = spec.raw.components.schemas;
    const cidrPattern = (raw.AwsNetworkPeeringConnectionSettings.properties as Record<string, { pattern: string }>)
      .routeTableCidrBlock.pattern;
    assert.equal(
      new RegExp(cidrPattern, 'u').test('172.31.0.0/16'),
      false,
      'spec pattern now accepts CIDRs: remove SPEC_QUIRKS.routeTableCidrBlock',
    );
    assert.equal(new RegExp(SPEC_QUIRKS.routeTableCidrBlock, 'u').test('172.31.0.0/16'), true);
    const paramItems = (raw.ApiError.properties as Record<string, { items: { type: string } }>).parameters.items;
    assert.equal(
      paramItems.type,
      'object',
      'spec now allows non-object parameters: remove SPEC_QUIRKS.apiErrorParameterItems',
    );
    // Without the prose-based nullable rule, the same-region AWS peer would fail.
    const strict = new Ajv({ strict: false });
    assert.equal(strict.validate({ type: 'string' }, null), false);
  });

  for (const provider of ['AWS', 'AZURE', 'GCP'] as const) {
    it(`${provider} peers: list (paginated wrapper) and every get`, async () => {
      let seen = 0;
      for (const groupId of [G.production, G.staging, G.analytics]) {
        const list = await digestJson(sim, `/api/atlas/v2/groups/${groupId}/peers?providerName=${provider}`);
        assert.equal(list.status, 200);
        assert.equal(list.res.headers.get('content-type'), 'application/vnd.atlas.2023-01-01+json;charset=utf-8');
        check('PaginatedContainerPeerView', list.body, `${provider} peer list`);
        const results = (list.body as { results: Record<string, unknown>[] }).results;
        for (const peer of results) {
          assert.equal(peer.providerName, provider);
          checkPeer(peer, `${provider} peer in list`);
          const one = await digestJson(sim, `/api/atlas/v2/groups/${groupId}/peers/${peer.id as string}`);
          assert.equal(one.status, 200);
          check('BaseNetworkPeeringConnectionSettings', one.body, `${provider} peer get`);
          checkPeer(one.body as Record<string, unknown>, `${provider} peer get`);
          seen++;
        }
      }
      assert.ok(seen >= 4, `only ${seen} ${provider} peers checked`);
    });
  }

  it('the 620-peer AWS project pages validate too', async () => {
    for (const pageNum of [1, 2]) {
      const list = await digestJson(
        sim,
        `/api/atlas/v2/groups/${G.loadTest}/peers?itemsPerPage=500&pageNum=${pageNum}`,
      );
      check('PaginatedContainerPeerView', list.body, `load-test page ${pageNum}`);
      for (const peer of (list.body as { results: Record<string, unknown>[] }).results) {
        checkPeer(peer, 'load-test peer');
      }
    }
  });

  it('the seed covers every status of every provider enum, and only those', () => {
    const seed = demoSeed();
    const statuses: Record<string, Set<string>> = { AWS: new Set(), AZURE: new Set(), GCP: new Set() };
    const awsErrors = new Set<string>();
    for (const project of seed.projects) {
      for (const peer of project.peers) {
        statuses[peer.providerName].add(peer.providerName === 'AWS' ? peer.statusName : peer.status);
        if (peer.providerName === 'AWS' && peer.errorStateName) {
          awsErrors.add(peer.errorStateName);
        }
      }
    }
    assert.deepEqual([...statuses.AWS].sort(), spec.enumOf(PEER_VARIANT.AWS, 'statusName').sort());
    assert.deepEqual([...statuses.AZURE].sort(), spec.enumOf(PEER_VARIANT.AZURE, 'status').sort());
    assert.deepEqual([...statuses.GCP].sort(), spec.enumOf(PEER_VARIANT.GCP, 'status').sort());
    assert.deepEqual([...awsErrors].sort(), spec.enumOf(PEER_VARIANT.AWS, 'errorStateName').sort());
  });

  it('containers: per provider, default provider, all, and one', async () => {
    for (const groupId of [G.production, G.staging, G.analytics, G.sandbox]) {
      for (const query of ['?providerName=AWS', '?providerName=AZURE', '?providerName=GCP', '']) {
        const list = await digestJson(sim, `/api/atlas/v2/groups/${groupId}/containers${query}`);
        assert.equal(list.status, 200);
        check('PaginatedCloudProviderContainerView', list.body, `containers${query}`);
        (list.body as { results: Record<string, unknown>[] }).results.forEach((c) =>
          checkContainer(c, `container${query}`),
        );
      }
      const all = await digestJson(sim, `/api/atlas/v2/groups/${groupId}/containers/all`);
      check('PaginatedCloudProviderContainerView', all.body, 'containers/all');
      for (const c of (all.body as { results: Record<string, unknown>[] }).results) {
        checkContainer(c, 'containers/all item');
        const one = await digestJson(sim, `/api/atlas/v2/groups/${groupId}/containers/${c.id as string}`);
        assert.equal(one.status, 200);
        check('CloudProviderContainer', one.body, 'container get');
        checkContainer(one.body as Record<string, unknown>, 'container get');
      }
    }
  });

  it('projects: list and one', async () => {
    const list = await digestJson(sim, '/api/atlas/v2/groups');
    assert.equal(list.status, 200);
    check('PaginatedAtlasGroupView', list.body, 'group list');
    const groups = (list.body as { results: Record<string, unknown>[] }).results;
    assert.equal(groups.length, Object.keys(G).length);
    for (const group of groups) {
      check('Group', group, 'group in list');
      checkNoExtraKeys('Group', group, 'group in list');
      const one = await digestJson(sim, `/api/atlas/v2/groups/${group.id as string}`);
      check('Group', one.body, 'group get');
      checkNoExtraKeys('Group', one.body as Record<string, unknown>, 'group get');
    }
  });

  it('every error body is an ApiError with application/json', async () => {
    const token = await getToken(sim);
    const cases: {
      what: string;
      status: number;
      code: string;
      get: () => Promise<{ status: number; body: unknown; res: Response }>;
    }[] = [
      {
        what: 'malformed peer id',
        status: 400,
        code: 'PATH_PARAM_PARSE_ERROR',
        get: () => digestJson(sim, `/api/atlas/v2/groups/${G.production}/peers/pcx-0a1b2c3d4e5f67890`),
      },
      {
        what: 'malformed group id',
        status: 400,
        code: 'PATH_PARAM_PARSE_ERROR',
        get: () => digestJson(sim, '/api/atlas/v2/groups/PRODUCTION'),
      },
      {
        what: 'itemsPerPage too large',
        status: 400,
        code: 'INVALID_QUERY_PARAMETER',
        get: () => digestJson(sim, `/api/atlas/v2/groups/${G.loadTest}/peers?itemsPerPage=501`),
      },
      {
        what: 'bad provider',
        status: 400,
        code: 'INVALID_ENUM_VALUE',
        get: () => digestJson(sim, `/api/atlas/v2/groups/${G.production}/peers?providerName=ORACLE`),
      },
      {
        what: 'wrong private key',
        status: 401,
        code: 'UNAUTHORIZED',
        get: () => digestJson(sim, '/api/atlas/v2/groups', { privateKey: 'nope' }),
      },
      {
        what: 'bad bearer',
        status: 401,
        code: 'UNAUTHORIZED',
        get: () => bearerJson(sim, '/api/atlas/v2/groups', 'not-a-token'),
      },
      {
        what: 'unknown group',
        status: 404,
        code: 'GROUP_NOT_FOUND',
        get: () => digestJson(sim, `/api/atlas/v2/groups/${SEED_IDS.unknown.project}/peers`),
      },
      {
        what: 'unknown peer',
        status: 404,
        code: 'PEER_NOT_FOUND',
        get: () => digestJson(sim, `/api/atlas/v2/groups/${G.production}/peers/${SEED_IDS.unknown.peer}`),
      },
      {
        what: 'unknown container',
        status: 404,
        code: 'CLOUD_PROVIDER_CONTAINER_NOT_FOUND',
        get: () => digestJson(sim, `/api/atlas/v2/groups/${G.production}/containers/${SEED_IDS.unknown.container}`),
      },
      {
        what: 'unknown route',
        status: 404,
        code: 'RESOURCE_NOT_FOUND',
        get: () => bearerJson(sim, '/api/atlas/v2/clusters', token),
      },
      {
        what: 'no version',
        status: 406,
        code: 'INVALID_VERSION_DATE',
        get: () => bearerJson(sim, '/api/atlas/v2/groups', token, null),
      },
    ];
    for (const c of cases) {
      const r = await c.get();
      assert.equal(r.status, c.status, c.what);
      assert.equal(r.res.headers.get('content-type'), 'application/json', c.what);
      check('ApiError', r.body, c.what);
      assert.equal((r.body as { errorCode: string }).errorCode, c.code, c.what);
      assert.equal((r.body as { error: number }).error, c.status, c.what);
    }
    // Fault-made errors (403, 429, 500, 503) use the same body.
    for (const [status, code] of [
      [403, 'FORBIDDEN'],
      [429, 'RATE_LIMITED'],
      [500, 'UNEXPECTED_ERROR'],
      [503, 'SERVICE_UNAVAILABLE'],
    ] as const) {
      sim.setFault({ path: '/api/atlas/v2/groups' }, { status, times: 1 });
      const r = await bearerJson(sim, '/api/atlas/v2/groups', token);
      assert.equal(r.status, status);
      check('ApiError', r.body, `fault ${status}`);
      assert.equal((r.body as { errorCode: string }).errorCode, code);
    }
  });

  it('rate-limit 429 from the token bucket is an ApiError too', async () => {
    const limited = await startAtlasSimulator({ rateLimit: { capacity: 1, refillPerSecond: 0.01 } });
    try {
      const token = await getToken(limited);
      assert.equal((await bearerJson(limited, '/api/atlas/v2/groups', token)).status, 200);
      const r = await bearerJson(limited, '/api/atlas/v2/groups', token, ACCEPT);
      assert.equal(r.status, 429);
      check('ApiError', r.body, 'rate limited');
    } finally {
      await limited.close();
    }
  });
});
