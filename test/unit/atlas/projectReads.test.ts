// listAccessList, listClusters and listEvents against the simulator over HTTP, both schemes.

import * as assert from 'node:assert/strict';
import { AtlasValidationError, parseCluster, withoutCredentials } from '../../../src/atlas';
import { SEED_IDS } from '../../simulator';
import { SCHEMES, useSimulator } from './helpers';

const PROD = SEED_IDS.projects.production;

describe('atlas client: project reads', () => {
  const { sim, client } = useSimulator();

  for (const scheme of SCHEMES) {
    it(`reads the access list, clusters and events (${scheme})`, async () => {
      const c = client(scheme, { pageSize: 2 });
      const entries = await c.listAccessList(PROD);
      assert.equal(entries.length, 5, 'all three pages of two');
      assert.deepEqual(entries[0], {
        cidrBlock: '172.31.0.0/16',
        ipAddress: null,
        awsSecurityGroup: null,
        comment: 'billing VPC',
      });
      const clusters = await c.listClusters(PROD);
      assert.deepEqual(
        clusters.map((k) => `${k.name}:${k.regions.map((r) => `${r.providerName}/${r.regionName}`).join()}`),
        ['orders:AWS/US_EAST_1', 'search:AWS/AP_SOUTHEAST_1', 'app:AZURE/US_EAST_2', 'ml:GCP/CENTRAL_US'],
      );
      assert.match(clusters[3].connectionStrings.privateSrv ?? '', /^mongodb\+srv:\/\/ml-pri\./);
      assert.equal(clusters[1].connectionStrings.private, null);
      const events = await c.listEvents(PROD, ['PEER_CREATED']);
      assert.deepEqual(
        events.map((e) => [e.id, e.resourceId, e.createdMs]),
        [[SEED_IDS.events.reportingCreated, SEED_IDS.peers.awsPendingAcceptance, Date.parse('2026-11-28T09:00:00Z')]],
      );
      assert.equal((await c.listEvents(PROD)).length, 4);
    });
  }

  it('sends the clusters version date, repeated eventType parameters, and drops odd type names', async () => {
    const c = client('digest');
    // The clusters route answers 406 to the 2023-01-01 date: getting them proves the header.
    assert.equal((await c.listClusters(PROD)).length, 4);
    const events = await c.listEvents(PROD, ['GCP_PEER_CREATED', 'GCP_PEER_ACTIVE', 'BAD&type=x']);
    assert.deepEqual(
      events.map((e) => e.eventTypeName),
      ['GCP_PEER_CREATED', 'GCP_PEER_ACTIVE'],
    );
  });

  it('validates the project id before any request', async () => {
    const c = client('digest');
    const before = sim().requestLog.length;
    for (const call of [() => c.listAccessList('../x'), () => c.listClusters('PROD'), () => c.listEvents('pcx-1')]) {
      await assert.rejects(call(), AtlasValidationError);
    }
    assert.equal(sim().requestLog.length, before);
  });

  it('drops user info from connection strings', () => {
    assert.equal(withoutCredentials('mongodb+srv://u:p%40ss@h.mongodb.net/?x=1'), 'mongodb+srv://h.mongodb.net/?x=1');
    assert.equal(withoutCredentials('mongodb://a:b@h1:27017,h2:27017/'), 'mongodb://h1:27017,h2:27017/');
    const k = parseCluster({ id: 'x', connectionStrings: { standardSrv: 'mongodb+srv://admin:secret@c.mongodb.net' } });
    assert.equal(k.connectionStrings.standardSrv, 'mongodb+srv://c.mongodb.net');
  });
});
