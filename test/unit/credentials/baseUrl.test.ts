import * as assert from 'node:assert/strict';
import { checkBaseUrl, isLoopbackHost } from '../../../src/config/pure/baseUrl';

describe('base URL policy', () => {
  const ok = (input: string): string => {
    const r = checkBaseUrl(input);
    assert.ok(r.ok, `${input}: ${r.ok ? '' : r.message}`);
    return r.url;
  };
  const refused = (input: unknown): string => {
    const r = checkBaseUrl(input);
    assert.ok(!r.ok, `${String(input)} should be refused`);
    return r.message;
  };

  it('accepts https and normalises trailing slashes', () => {
    assert.equal(ok('https://cloud.mongodb.com/'), 'https://cloud.mongodb.com');
    assert.equal(ok(' https://cloud.mongodbgov.com '), 'https://cloud.mongodbgov.com');
    assert.equal(ok('https://proxy.example.com:8443/atlas//'), 'https://proxy.example.com:8443/atlas');
    assert.equal(ok('HTTPS://Cloud.MongoDB.com'), 'https://cloud.mongodb.com');
  });

  it('accepts plain http only on loopback', () => {
    assert.equal(ok('http://127.0.0.1:4000'), 'http://127.0.0.1:4000');
    assert.equal(ok('http://127.1.2.3'), 'http://127.1.2.3');
    assert.equal(ok('http://localhost:9/'), 'http://localhost:9');
    assert.equal(ok('http://[::1]:8080'), 'http://[::1]:8080');
    assert.equal(ok('http://127.1:4000'), 'http://127.0.0.1:4000');
    assert.match(refused('http://cloud.mongodb.com'), /plain http to cloud\.mongodb\.com/);
    assert.match(refused('http://10.0.0.1'), /loopback/);
    assert.match(refused('http://localhost.evil.com'), /plain http/);
    assert.match(refused('http://127.0.0.1.nip.io'), /plain http/);
    assert.match(refused('http://128.0.0.1'), /plain http/);
  });

  it('refuses other schemes, credentials in the URL, queries and non-URLs', () => {
    assert.match(refused('ftp://cloud.mongodb.com'), /https/);
    assert.match(refused('file:///etc/passwd'), /https/);
    assert.match(refused('https://user:pw@cloud.mongodb.com'), /user name or password/);
    assert.match(refused('https://cloud.mongodb.com/?x=1'), /query/);
    assert.match(refused('https://cloud.mongodb.com/#x'), /fragment/);
    assert.match(refused('cloud.mongodb.com'), /not a URL/);
    assert.match(refused(''), /empty/);
    assert.match(refused(42), /empty/);
  });

  it('knows loopback hosts', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.255.255.254', '[::1]', '::1']) {
      assert.ok(isLoopbackHost(h), h);
    }
    for (const h of ['0.0.0.0', '::', '[::2]', '192.168.1.1', 'localhost6', 'example.com']) {
      assert.ok(!isLoopbackHost(h), h);
    }
  });
});
