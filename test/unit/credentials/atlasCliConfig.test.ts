import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { atlasCliConfigPath, parseAtlasCliConfig } from '../../../src/credentials/pure/atlasCliConfig';
import { DEFAULT_BASE_URL, GOV_BASE_URL } from '../../../src/config/pure/baseUrl';

// Fixtures are read from the source tree: tsc does not copy .toml files to out/.
const FIXTURE = path.resolve(__dirname, '../../../../test/unit/credentials/fixtures/config.toml');

describe('Atlas CLI config.toml', () => {
  const config = parseAtlasCliConfig(fs.readFileSync(FIXTURE, 'utf8'));
  const byName = new Map(config.profiles.map((p) => [p.name, p]));

  it('lists the profile tables and skips top-level options', () => {
    assert.deepEqual(
      config.profiles.map((p) => p.name),
      ['default', 'sa', 'gov', 'onprem', 'user', 'keyring'],
    );
  });

  it('reads API keys, the project and the org', () => {
    const p = byName.get('default')!;
    assert.deepEqual(p.credentials, {
      kind: 'apiKey',
      publicKey: 'abcdefgh',
      privateKey: '11111111-2222-3333-4444-555555555555',
    });
    assert.equal(p.projectId, '6a0000000000000000000001');
    assert.equal(p.orgId, '5f1b2c3d4e5f6a7b8c9d0e1f');
    assert.equal(p.baseUrl, DEFAULT_BASE_URL);
    assert.equal(p.note, undefined);
  });

  it('reads service accounts, preferred over keys', () => {
    const p = byName.get('sa')!;
    assert.deepEqual(p.credentials, {
      kind: 'serviceAccount',
      clientId: 'mdb_sa_id_1234567890abcdef12345678',
      clientSecret: 'mdb_sa_sk_FAKEFAKEFAKEFAKEFAKEFAKEFAKEFAKE',
    });
    assert.equal(p.projectId, '6a0000000000000000000002');
  });

  it('maps service = cloudgov to Atlas for Government and honours ops_manager_url', () => {
    assert.equal(byName.get('gov')!.baseUrl, GOV_BASE_URL);
    assert.equal(byName.get('gov')!.service, 'cloudgov');
    assert.equal(byName.get('onprem')!.baseUrl, 'https://opsmanager.example.com:8443');
    assert.equal(byName.get('onprem')!.credentials?.kind, 'apiKey');
  });

  it('explains profiles it cannot import', () => {
    assert.equal(byName.get('user')!.credentials, undefined);
    assert.match(byName.get('user')!.note!, /atlas auth login/);
    assert.equal(byName.get('keyring')!.credentials, undefined);
    assert.match(byName.get('keyring')!.note!, /keyring/);
  });

  it('handles an empty file and quoted profile names', () => {
    assert.deepEqual(parseAtlasCliConfig('').profiles, []);
    const p = parseAtlasCliConfig('["my org"]\nclient_id = "mdb_sa_id_x"\nclient_secret = "s"\n').profiles;
    assert.equal(p[0].name, 'my org');
    assert.equal(p[0].credentials?.kind, 'serviceAccount');
  });

  it('rejects invalid TOML with a position, not the content', () => {
    assert.throws(
      () => parseAtlasCliConfig('[default]\nprivate_api_key = "abcsecret\n'),
      (e: Error) => {
        assert.match(e.message, /^invalid TOML at line 2, column \d+: /);
        assert.ok(!e.message.includes('abcsecret'), e.message);
        return true;
      },
    );
  });

  it("finds the file where Go's os.UserConfigDir points", () => {
    assert.equal(atlasCliConfigPath('linux', {}, '/home/ann'), '/home/ann/.config/atlascli/config.toml');
    assert.equal(atlasCliConfigPath('linux', { XDG_CONFIG_HOME: '/xdg/' }, '/home/ann'), '/xdg/atlascli/config.toml');
    assert.equal(
      atlasCliConfigPath('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/ann'),
      '/home/ann/.config/atlascli/config.toml',
    );
    assert.equal(
      atlasCliConfigPath('darwin', {}, '/Users/ann'),
      '/Users/ann/Library/Application Support/atlascli/config.toml',
    );
    assert.equal(
      atlasCliConfigPath('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann'),
      'C:\\Users\\ann\\AppData\\Roaming\\atlascli\\config.toml',
    );
    assert.equal(atlasCliConfigPath('win32', {}, 'C:\\Users\\ann'), undefined);
  });
});
