import * as assert from 'node:assert/strict';
import {
  autoRefreshInterval,
  MIN_AUTO_REFRESH_SECONDS,
  addProjectsToSetting,
  checkProfileName,
  numberSetting,
  parseProjectsSetting,
  resolveProfiles,
} from '../../../src/config/pure/settingsModel';

const P1 = '6a0000000000000000000001';
const P2 = '6a0000000000000000000002';

describe('settings model', () => {
  it('bounds autoRefreshSeconds: 0 is off, anything else at least 10 s (a workspace could set 1 s)', () => {
    assert.equal(autoRefreshInterval(0), 0);
    assert.equal(autoRefreshInterval(1), MIN_AUTO_REFRESH_SECONDS);
    assert.equal(autoRefreshInterval(0.001), MIN_AUTO_REFRESH_SECONDS);
    assert.equal(autoRefreshInterval(-5), 0);
    assert.equal(autoRefreshInterval(60), 60);
    assert.equal(autoRefreshInterval(1e9), 3600);
    assert.equal(autoRefreshInterval('1'), 15);
  });

  describe('profiles', () => {
    it('always has the default profile on Atlas', () => {
      const r = resolveProfiles(undefined, undefined, undefined);
      assert.deepEqual(r.value, {
        profiles: [{ name: 'default', baseUrl: 'https://cloud.mongodb.com', baseUrlSource: 'default' }],
        defaultProfile: 'default',
      });
      assert.deepEqual(r.problems, []);
    });

    it('adds configured profiles and checks their URLs', () => {
      const r = resolveProfiles(
        {
          gov: { baseUrl: 'https://cloud.mongodbgov.com/' },
          bad: { baseUrl: 'http://evil.example.com' },
          'bad/name': {},
        },
        'gov',
        undefined,
      );
      assert.deepEqual(
        r.value.profiles.map((p) => [p.name, p.baseUrl, p.baseUrlSource]),
        [
          ['default', 'https://cloud.mongodb.com', 'default'],
          ['gov', 'https://cloud.mongodbgov.com', 'settings'],
          ['bad', undefined, 'settings'],
        ],
      );
      assert.equal(r.value.defaultProfile, 'gov');
      assert.equal(r.problems.length, 2);
      assert.match(r.value.profiles[2].problem!, /plain http/);
    });

    it('gives MONGODB_ATLAS_BASE_URL to the default profile unless settings name a URL', () => {
      const env = 'http://127.0.0.1:4567';
      assert.equal(resolveProfiles({}, undefined, env).value.profiles[0].baseUrl, env);
      assert.equal(resolveProfiles({}, undefined, env).value.profiles[0].baseUrlSource, 'environment');
      assert.equal(
        resolveProfiles({ default: { baseUrl: 'https://x.example.com' } }, undefined, env).value.profiles[0].baseUrl,
        'https://x.example.com',
      );
      // Only the default profile takes it.
      const two = resolveProfiles({ other: {} }, 'other', env).value.profiles;
      assert.equal(two.find((p) => p.name === 'other')!.baseUrl, env);
      assert.equal(two.find((p) => p.name === 'default')!.baseUrl, 'https://cloud.mongodb.com');
      const badEnv = resolveProfiles({}, undefined, 'http://example.com');
      assert.equal(badEnv.value.profiles[0].baseUrl, undefined);
      assert.match(badEnv.problems[0], /MONGODB_ATLAS_BASE_URL/);
    });

    it('falls back to default for an unknown default profile', () => {
      const r = resolveProfiles({}, 'nope', undefined);
      assert.equal(r.value.defaultProfile, 'default');
      assert.match(r.problems[0], /nope/);
    });

    it('checks new profile names', () => {
      assert.equal(checkProfileName('org-2', ['default']), undefined);
      assert.match(checkProfileName('default', ['default'])!, /already exists/);
      assert.match(checkProfileName('a/b', [])!, /letters/);
      assert.match(checkProfileName('', [])!, /letters/);
    });
  });

  describe('projects', () => {
    it('keeps valid entries, drops bad ids and duplicates, explains why', () => {
      const r = parseProjectsSetting([
        { id: P1, name: ' Prod ', peers: ['vpc-1', '', 3] },
        { id: P1 },
        { id: 'ABC' },
        P2,
        { id: P2, profile: 'gov' },
        null,
      ]);
      assert.deepEqual(r.value, [{ id: P1, name: 'Prod', peers: ['vpc-1'] }, { id: P2 }, { id: P2, profile: 'gov' }]);
      assert.equal(r.problems.length, 2);
    });

    it('rejects a non-array', () => {
      assert.equal(parseProjectsSetting({ id: P1 }).value.length, 0);
      assert.equal(parseProjectsSetting({ id: P1 }).problems.length, 1);
      assert.deepEqual(parseProjectsSetting(undefined), { value: [], problems: [] });
    });

    it('merges additions without duplicates', () => {
      const merged = addProjectsToSetting(
        [{ id: P1, name: 'Prod' }],
        [{ id: P1 }, { id: P2, name: 'Two' }, { id: P1, profile: 'gov' }],
      );
      assert.deepEqual(merged, [
        { id: P1, name: 'Prod' },
        { id: P2, name: 'Two' },
        { id: P1, profile: 'gov' },
      ]);
      assert.deepEqual(addProjectsToSetting('junk', [{ id: P1 }]), [{ id: P1 }]);
    });
  });

  it('clamps numbers', () => {
    assert.equal(numberSetting(undefined, 15, 0, 60), 15);
    assert.equal(numberSetting('5', 15, 0, 60), 15);
    assert.equal(numberSetting(-3, 15, 0, 60), 0);
    assert.equal(numberSetting(1e9, 15, 0, 60), 60);
  });
});
