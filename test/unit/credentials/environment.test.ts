import * as assert from 'node:assert/strict';
import { ENVIRONMENT_VARIABLES, readEnvironmentCredentials } from '../../../src/credentials/pure/environment';

describe('environment credentials', () => {
  it('is empty without variables', () => {
    assert.deepEqual(readEnvironmentCredentials({}), { variables: [], problems: [] });
  });

  it('reads a service account and the base URL', () => {
    const r = readEnvironmentCredentials({
      MONGODB_ATLAS_CLIENT_ID: ' mdb_sa_id_abc ',
      MONGODB_ATLAS_CLIENT_SECRET: 'secret-1',
      MONGODB_ATLAS_BASE_URL: 'http://127.0.0.1:4000',
    });
    assert.deepEqual(r.credentials, { kind: 'serviceAccount', clientId: 'mdb_sa_id_abc', clientSecret: 'secret-1' });
    assert.equal(r.baseUrl, 'http://127.0.0.1:4000');
    assert.deepEqual(r.variables, ['MONGODB_ATLAS_CLIENT_ID', 'MONGODB_ATLAS_CLIENT_SECRET']);
  });

  it('prefers the service account over API keys, and the new key names over the old', () => {
    const all = {
      MONGODB_ATLAS_CLIENT_ID: 'id',
      MONGODB_ATLAS_CLIENT_SECRET: 's',
      MONGODB_ATLAS_PUBLIC_API_KEY: 'newpub',
      MONGODB_ATLAS_PRIVATE_API_KEY: 'newpriv',
      MONGODB_ATLAS_PUBLIC_KEY: 'oldpub',
      MONGODB_ATLAS_PRIVATE_KEY: 'oldpriv',
    };
    assert.equal(readEnvironmentCredentials(all).credentials?.kind, 'serviceAccount');
    const keys = { ...all, MONGODB_ATLAS_CLIENT_ID: undefined, MONGODB_ATLAS_CLIENT_SECRET: '' };
    assert.deepEqual(readEnvironmentCredentials(keys).credentials, {
      kind: 'apiKey',
      publicKey: 'newpub',
      privateKey: 'newpriv',
    });
    const old = { MONGODB_ATLAS_PUBLIC_KEY: 'oldpub', MONGODB_ATLAS_PRIVATE_KEY: 'oldpriv' };
    assert.deepEqual(readEnvironmentCredentials(old).credentials, {
      kind: 'apiKey',
      publicKey: 'oldpub',
      privateKey: 'oldpriv',
    });
    assert.deepEqual(readEnvironmentCredentials(old).variables, [
      'MONGODB_ATLAS_PUBLIC_KEY',
      'MONGODB_ATLAS_PRIVATE_KEY',
    ]);
  });

  it('reports half pairs by name and never by value', () => {
    const r = readEnvironmentCredentials({
      MONGODB_ATLAS_CLIENT_ID: 'mdb_sa_id_zz',
      MONGODB_ATLAS_PRIVATE_API_KEY: 'topsecretvalue',
    });
    assert.equal(r.credentials, undefined);
    assert.equal(r.problems.length, 2);
    assert.match(r.problems[0], /MONGODB_ATLAS_CLIENT_SECRET is not/);
    assert.match(r.problems[1], /MONGODB_ATLAS_PRIVATE_API_KEY is set but MONGODB_ATLAS_PUBLIC_API_KEY/);
    assert.ok(!r.problems.join(' ').includes('topsecretvalue'));
  });

  it('treats whitespace-only values as unset', () => {
    assert.equal(
      readEnvironmentCredentials({ MONGODB_ATLAS_CLIENT_ID: '  ', MONGODB_ATLAS_CLIENT_SECRET: 'x' }).credentials,
      undefined,
    );
    assert.equal(readEnvironmentCredentials({ MONGODB_ATLAS_BASE_URL: ' ' }).baseUrl, undefined);
  });

  it('lists every variable it reads', () => {
    assert.equal(ENVIRONMENT_VARIABLES.length, 7);
    assert.ok(ENVIRONMENT_VARIABLES.includes('MONGODB_ATLAS_BASE_URL'));
  });
});
