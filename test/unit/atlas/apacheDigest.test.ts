// The Digest client against a real server that checks nonce-counts strictly: Apache httpd with
// mod_auth_digest and `AuthDigestNcCheck On` (https://httpd.apache.org/docs/2.4/mod/mod_auth_digest.html),
// started here on 127.0.0.1 and serving a project as a static file. httpd counts nonce-counts per
// opaque and refuses any count not above the last one it accepted, so concurrent calls that reuse a
// challenge arrive out of order and some are refused. Skipped only when httpd is not installed
// (Debian: `apt-get install apache2`, which scripts/ensure-deps.js does).

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAtlasClient } from '../../../src/atlas';
import { SEED_IDS } from '../../simulator';
import { attackSuite } from './attacks';
import { waitFor } from './helpers';

const HTTPD = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const REALM = 'MMS Public API';
const USER = { publicKey: 'apache-public-key', privateKey: 'apache-private-key-0000' };
const PROD = SEED_IDS.projects.production;
const { attack } = attackSuite('Digest against Apache httpd');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('atlas client: Digest against Apache httpd with AuthDigestNcCheck On', function () {
  let httpd: ChildProcess | undefined;
  let dir = '';
  let baseUrl = '';
  /** Requests in httpd's access log since `from`, once it has stopped growing (httpd logs after answering). */
  async function settledCount(from: number): Promise<number> {
    let count = -1;
    await waitFor(() => {
      const now = requestCount() - from;
      const settled = now === count;
      count = now;
      return settled && now > 0;
    }, 'the access log settles');
    return count;
  }
  const requestCount = (): number =>
    fs
      .readFileSync(path.join(dir, 'access.log'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length;

  before(async function () {
    if (!fs.existsSync(HTTPD) || !fs.existsSync(path.join(MODULES, 'mod_auth_digest.so'))) {
      console.log(`      skipped: ${HTTPD} with mod_auth_digest is not installed (Debian: apt-get install apache2)`);
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-httpd-'));
    const docs = path.join(dir, 'docs', 'api', 'atlas', 'v2', 'groups');
    fs.mkdirSync(docs, { recursive: true });
    fs.writeFileSync(path.join(docs, PROD), JSON.stringify({ id: PROD, name: 'Production' }));
    const ha1 = createHash('md5').update(`${USER.publicKey}:${REALM}:${USER.privateKey}`).digest('hex');
    fs.writeFileSync(path.join(dir, 'users.digest'), `${USER.publicKey}:${REALM}:${ha1}\n`);
    fs.writeFileSync(path.join(dir, 'access.log'), '');
    const port = await freePort();
    const load = (name: string, file: string): string => `LoadModule ${name} ${MODULES}/${file}`;
    fs.writeFileSync(
      path.join(dir, 'httpd.conf'),
      [
        `ServerRoot ${dir}`,
        `PidFile ${dir}/httpd.pid`,
        'ServerName 127.0.0.1',
        `Listen 127.0.0.1:${port}`,
        load('mpm_event_module', 'mod_mpm_event.so'),
        load('authn_core_module', 'mod_authn_core.so'),
        load('authn_file_module', 'mod_authn_file.so'),
        load('authz_core_module', 'mod_authz_core.so'),
        load('authz_user_module', 'mod_authz_user.so'),
        load('auth_digest_module', 'mod_auth_digest.so'),
        `ErrorLog ${dir}/error.log`,
        `CustomLog ${dir}/access.log "%s %r"`,
        'AuthDigestShmemSize 1000000',
        `DocumentRoot ${dir}/docs`,
        `<Directory ${dir}/docs>`,
        '  AuthType Digest',
        `  AuthName "${REALM}"`,
        '  AuthDigestProvider file',
        `  AuthUserFile ${dir}/users.digest`,
        '  AuthDigestNcCheck On',
        '  Require valid-user',
        '</Directory>',
        '',
      ].join('\n'),
    );
    httpd = spawn(HTTPD, ['-f', path.join(dir, 'httpd.conf'), '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    httpd.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited = false;
    httpd.once('exit', () => (exited = true));
    let up = false;
    await waitFor(
      () => {
        void accepting(port).then((ok) => (up = ok));
        return up || exited;
      },
      'httpd accepts connections',
      15_000,
    );
    assert.ok(!exited, `httpd exited at start: ${stderr.slice(-500)}`);
    baseUrl = `http://127.0.0.1:${port}`;
  });

  after(async () => {
    if (httpd && httpd.exitCode === null) {
      const exited = new Promise((r) => httpd?.once('exit', r));
      httpd.kill('SIGTERM');
      await exited;
    }
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  attack('httpd: 24 concurrent calls, 3 rounds: every call succeeds, at most 2 requests per call', async () => {
    const c = createAtlasClient({ baseUrl, credentials: { kind: 'apiKey', ...USER }, maxRetries: 0 });
    try {
      const before = requestCount();
      let failures = 0;
      for (let round = 0; round < 3; round++) {
        const results = await Promise.allSettled(Array.from({ length: 24 }, () => c.getProject(PROD)));
        failures += results.filter((r) => r.status === 'rejected').length;
      }
      const count = await settledCount(before);
      const perCall = count / 72;
      console.log(
        `      httpd strict: 72 concurrent calls, ${failures} failed, ${perCall.toFixed(2)} requests per call`,
      );
      assert.equal(failures, 0);
      assert.ok(perCall <= 2, `${perCall} requests per call`);
    } finally {
      c.dispose();
    }
  });

  attack('httpd: sequential calls after warm-up cost one request each', async () => {
    const c = createAtlasClient({ baseUrl, credentials: { kind: 'apiKey', ...USER }, maxRetries: 0 });
    try {
      await c.getProject(PROD);
      const before = await settledCount(0).then((n) => n);
      for (let i = 0; i < 20; i++) {
        assert.equal((await c.getProject(PROD)).id, PROD);
      }
      assert.equal(await settledCount(before), 20);
    } finally {
      c.dispose();
    }
  });
});
