// The client's read methods against the simulator over HTTP, with both authentication schemes.

import * as assert from 'node:assert/strict';
import { AtlasValidationError, MAX_ITEMS_PER_PAGE, Peer, PROVIDERS, ProviderName } from '../../../src/atlas';
import { LOAD_TEST_AWS_PEERS, SEED_IDS } from '../../simulator';
import { proxyTo, rejection, SCHEMES, startTinyServer, useSimulator } from './helpers';

const PROD = SEED_IDS.projects.production;
const STAGING = SEED_IDS.projects.staging;

describe('atlas client: read methods', () => {
  const { sim, client } = useSimulator();

  for (const scheme of SCHEMES) {
    describe(`with ${scheme === 'digest' ? 'an API key (digest)' : 'a service account (OAuth)'}`, () => {
      it('getPeer returns each provider as its own variant', async () => {
        const c = client(scheme);
        const aws = await c.getPeer(PROD, SEED_IDS.peers.awsPendingAcceptance);
        assert.equal(aws.providerName, 'AWS');
        assert.ok(aws.providerName === 'AWS' && aws.connectionId?.startsWith('pcx-'));
        assert.equal(aws.status, 'PENDING_ACCEPTANCE');
        assert.equal(aws.category, 'needsAction');
        assert.equal(aws.providerInferred, false);
        const azure = await c.getPeer(STAGING, SEED_IDS.peers.azureFailed);
        assert.equal(azure.providerName, 'AZURE');
        assert.equal(azure.category, 'failed');
        assert.match(azure.errorText ?? '', /overlapping CIDR/);
        const gcp = await c.getPeer(PROD, SEED_IDS.peers.gcpWaitingForUser);
        assert.equal(gcp.providerName, 'GCP');
        assert.ok(gcp.providerName === 'GCP' && gcp.networkName === 'ml-vpc');
        assert.deepEqual(
          gcp.raw,
          JSON.parse(JSON.stringify(sim().data.getPeer(PROD, SEED_IDS.peers.gcpWaitingForUser))),
        );
      });

      it("listPeers lists one provider, and without one gets Atlas's default (AWS only)", async () => {
        const c = client(scheme);
        for (const p of PROVIDERS) {
          const peers = await c.listPeers(STAGING, p);
          assert.deepEqual(
            peers.map((x) => x.id).sort(),
            sim()
              .data.listPeers(STAGING, p)
              .map((x) => x.id)
              .sort(),
          );
          assert.ok(peers.every((x) => x.providerName === p));
        }
        sim().clearLog();
        const unspecified = await c.listPeers(STAGING);
        assert.ok(unspecified.length > 0 && unspecified.every((x) => x.providerName === 'AWS'));
        assert.equal(
          sim()
            .requestLog.filter((e) => e.status === 200)
            .at(-1)?.query.providerName,
          undefined,
        );
      });

      it('listAllPeers gets AWS, Azure and GCP concurrently', async () => {
        const c = client(scheme);
        await c.getProject(STAGING); // warm-up
        sim().clearLog();
        sim().inFlight.resetPeak();
        sim().setFault({ path: `/api/atlas/v2/groups/${STAGING}/peers` }, { latencyMs: 150 });
        const started = Date.now();
        const peers = await c.listAllPeers(STAGING);
        const elapsed = Date.now() - started;
        const byProvider = (p: ProviderName): number => peers.filter((x) => x.providerName === p).length;
        for (const p of PROVIDERS) {
          assert.equal(byProvider(p), sim().data.listPeers(STAGING, p).length, p);
          assert.ok(byProvider(p) > 0);
        }
        assert.deepEqual(
          sim()
            .requestLog.map((e) => e.query.providerName)
            .sort(),
          ['AWS', 'AZURE', 'GCP'],
        );
        assert.ok(sim().inFlight.peak >= 3, `peak in flight ${sim().inFlight.peak}`);
        assert.ok(elapsed < 400, `three 150 ms lists took ${elapsed} ms, so they ran one after another`);
      });

      it('listProjects and getProject', async () => {
        const c = client(scheme);
        const projects = await c.listProjects();
        assert.deepEqual(
          projects.map((p) => p.id),
          [...sim().data.projects.keys()],
        );
        const prod = await c.getProject(PROD);
        assert.equal(prod.name, 'Production');
        assert.equal(prod.orgId, SEED_IDS.orgId);
        assert.equal(prod.clusterCount, 4);
      });

      it('listContainers per provider and via /containers/all; getContainer', async () => {
        const c = client(scheme);
        sim().clearLog();
        const all = await c.listContainers(PROD);
        assert.equal(all.length, 4);
        assert.deepEqual(new Set(all.map((x) => x.providerName)), new Set(PROVIDERS));
        assert.equal(
          sim()
            .requestLog.filter((e) => e.status === 200)
            .at(-1)?.path,
          `/api/atlas/v2/groups/${PROD}/containers/all`,
        );
        const aws = await c.listContainers(PROD, 'AWS');
        assert.equal(aws.length, 2);
        assert.equal(sim().requestLog.at(-1)?.query.providerName, 'AWS');
        const gcp = await c.getContainer(PROD, SEED_IDS.containers.productionGcp);
        assert.ok(gcp.providerName === 'GCP' && gcp.regions.length === 2 && gcp.networkName?.startsWith('nt-'));
      });

      it('pages past 500 items', async () => {
        const c = client(scheme);
        await c.getProject(SEED_IDS.projects.loadTest);
        sim().clearLog();
        const peers = await c.listPeers(SEED_IDS.projects.loadTest, 'AWS');
        assert.equal(peers.length, LOAD_TEST_AWS_PEERS);
        assert.equal(new Set(peers.map((p) => p.id)).size, LOAD_TEST_AWS_PEERS);
        const pages = sim().requestLog.map((e) => e.query);
        assert.deepEqual(
          pages.map((q) => q.pageNum),
          ['1', '2'],
        );
        assert.ok(pages.every((q) => q.itemsPerPage === String(MAX_ITEMS_PER_PAGE)));
      });
    });
  }

  it('pages with a smaller page size', async () => {
    const c = client('oauth', { pageSize: 100 });
    const peers = await c.listPeers(SEED_IDS.projects.loadTest, 'AWS');
    assert.equal(peers.length, LOAD_TEST_AWS_PEERS);
    assert.equal(
      sim().requestLog.filter((e) => e.path.endsWith('/peers') && e.query.itemsPerPage === '100').length >= 7,
      true,
    );
  });

  it('infers the provider of a peer sent without providerName, for each provider', async () => {
    const c = client('digest');
    const ids: Record<ProviderName, string> = {
      AWS: SEED_IDS.peers.awsInitiating,
      AZURE: SEED_IDS.peers.azureAddingPeer,
      GCP: SEED_IDS.peers.gcpAddingPeer,
    };
    const restore: Array<() => void> = [];
    try {
      for (const p of PROVIDERS) {
        const stored = sim().data.getPeer(STAGING, ids[p]) as unknown as Record<string, unknown>;
        // Non-enumerable: the simulator still files it under its provider, but the JSON it
        // serves has no providerName, as older Atlas responses did.
        Object.defineProperty(stored, 'providerName', {
          value: p,
          enumerable: false,
          configurable: true,
          writable: true,
        });
        restore.push(() =>
          Object.defineProperty(stored, 'providerName', {
            value: p,
            enumerable: true,
            configurable: true,
            writable: true,
          }),
        );
      }
      for (const p of PROVIDERS) {
        const one = await c.getPeer(STAGING, ids[p]);
        assert.equal('providerName' in (one.raw as object), false, 'the response really lacks providerName');
        assert.equal(one.providerName, p, `inferred from the fields for ${p}`);
        assert.equal(one.providerInferred, true);
        const listed = (await c.listPeers(STAGING, p)).find((x: Peer) => x.id === ids[p]);
        assert.equal(listed?.providerName, p);
        assert.equal(listed?.providerInferred, true);
      }
      const all = await c.listAllPeers(STAGING);
      assert.equal(all.filter((x) => x.providerInferred).length, 3);
    } finally {
      restore.forEach((r) => r());
    }
  });

  it('supports envelope and pretty, unwrapping the envelope', async () => {
    const c = client('oauth', { envelope: true, pretty: true });
    const peer = await c.getPeer(PROD, SEED_IDS.peers.azureAvailable);
    assert.equal(peer.providerName, 'AZURE');
    assert.equal(peer.id, SEED_IDS.peers.azureAvailable);
    assert.equal('content' in peer.extra, false);
    const project = await c.getProject(PROD);
    assert.equal(project.name, 'Production');
    const listed = await c.listPeers(SEED_IDS.projects.loadTest, 'AWS');
    assert.equal(listed.length, LOAD_TEST_AWS_PEERS);
    const last = sim().requestLog.at(-1);
    assert.equal(last?.query.envelope, 'true');
    assert.equal(last?.query.pretty, 'true');
    const err = await rejection(c.getPeer(PROD, SEED_IDS.unknown.peer));
    assert.equal((err as { errorCode?: string }).errorCode, 'PEER_NOT_FOUND');
  });

  it('sends the versioned Accept header and a User-Agent naming the extension (overridable)', async () => {
    const proxy = await startTinyServer((req, res) => proxyTo(sim().url, req, res));
    try {
      const c = client('oauth', { baseUrl: proxy.url });
      await c.getProject(PROD);
      const api = proxy.recorded.filter((r) => r.url.startsWith('/api/atlas/v2'));
      assert.equal(api[0].headers.accept, 'application/vnd.atlas.2023-01-01+json');
      assert.match(
        api[0].headers['user-agent'] ?? '',
        /^atlas-peering\/\d+\.\d+\.\d+ \(node \d+\.\d+\.\d+; \w+; \w+\)$/,
      );
      const token = proxy.recorded.find((r) => r.url === '/api/oauth/token');
      assert.equal(token?.headers.accept, 'application/json');
      assert.equal(token?.headers['content-type'], 'application/x-www-form-urlencoded');
      const custom = client('digest', {
        baseUrl: proxy.url,
        userAgent: 'atlas-peering/9.9.9 (vscode/1.100.0; linux; x64)',
      });
      await custom.getProject(PROD);
      assert.equal(proxy.recorded.at(-1)?.headers['user-agent'], 'atlas-peering/9.9.9 (vscode/1.100.0; linux; x64)');
    } finally {
      await proxy.close();
    }
  });

  it('checks ids and providers before sending anything', async () => {
    const c = client('digest');
    sim().clearLog();
    const bad: Array<[() => Promise<unknown>, RegExp]> = [
      [() => c.getPeer(PROD, 'pcx-0a1b2c3d4e5f67890'), /AWS VPC peering connection ID/],
      [() => c.getPeer(PROD.toUpperCase(), SEED_IDS.peers.awsAvailable), /uppercase/],
      [() => c.getProject('abc'), /3 characters long/],
      [() => c.getContainer(PROD, 'zz' + SEED_IDS.containers.productionGcp.slice(2)), /not lowercase hex/],
      [() => c.listPeers(PROD, 'ORACLE' as ProviderName), /Unknown cloud provider/],
      [() => c.listAllPeers(''), /empty/],
    ];
    for (const [call, message] of bad) {
      const e = await rejection(call());
      assert.ok(e instanceof AtlasValidationError, String(e));
      assert.match(e.userMessage, message);
    }
    assert.equal(sim().requestLog.length, 0);
    // Surrounding whitespace is trimmed, not an error.
    assert.equal((await c.getProject(`  ${PROD}\n`)).id, PROD);
  });

  it('measures round trips per call after warm-up: exactly one, with either scheme', async () => {
    const figures: string[] = [];
    for (const scheme of SCHEMES) {
      const c = client(scheme);
      await c.getProject(PROD); // warm-up: the digest challenge or the OAuth token
      sim().clearLog();
      const calls = 30;
      for (let i = 0; i < calls / 3; i++) {
        await c.getPeer(PROD, SEED_IDS.peers.awsAvailable);
        await c.getContainer(PROD, SEED_IDS.containers.productionAzure);
        await c.getProject(STAGING);
      }
      const perCall = sim().requestLog.length / calls;
      figures.push(`${scheme} ${perCall.toFixed(2)}`);
      assert.equal(perCall, 1, `${scheme}: ${sim().requestLog.length} requests for ${calls} calls`);
      assert.ok(
        sim().requestLog.every((e) => e.status === 200 && e.authScheme === (scheme === 'digest' ? 'digest' : 'bearer')),
      );
    }
    console.log(`      round trips per call: ${figures.join(', ')}`);
  });

  it('first call of a fresh client: digest costs one extra round trip, shared by concurrent calls; OAuth one token request', async () => {
    const digest = client('digest');
    sim().clearLog();
    await Promise.all(Array.from({ length: 10 }, () => digest.getProject(PROD)));
    const log = sim().requestLog;
    assert.equal(log.length, 11, log.map((e) => `${e.authScheme} ${e.status}`).join(', '));
    assert.equal(log.filter((e) => e.status === 401 && e.authScheme === 'none').length, 1);
    const oauth = client('oauth');
    sim().clearLog();
    await Promise.all(Array.from({ length: 10 }, () => oauth.getProject(PROD)));
    assert.equal(sim().requestLog.length, 11);
    assert.equal(sim().requestLog.filter((e) => e.path === '/api/oauth/token').length, 1);
  });
});
