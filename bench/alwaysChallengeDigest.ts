// Baseline for the round-trip benchmark: HTTP Digest the way the official Go SDK transport
// (github.com/mongodb-forks/digest, used by atlas-sdk-go) does it. Every request is first sent
// without credentials, the 401's challenge is answered with nc=00000001 and a fresh cnonce, and
// the request is sent again: two round trips per call, no challenge kept between calls.

import { createHash, randomBytes } from 'node:crypto';
import * as http from 'node:http';
import fetch from 'node-fetch';

export interface AlwaysChallengeClient {
  getJson(path: string): Promise<unknown>;
  dispose(): void;
}

function md5(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}

function param(header: string, name: string): string | undefined {
  const m = new RegExp(`${name}="?([^",]*)"?`, 'i').exec(header);
  return m ? m[1] : undefined;
}

export function createAlwaysChallengeClient(
  baseUrl: string,
  user: { username: string; password: string },
  accept: string,
  maxSockets = 6,
): AlwaysChallengeClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const headers = { Accept: accept, 'User-Agent': 'bench-always-challenge' };
  return {
    async getJson(path) {
      const url = baseUrl + path;
      const first = await fetch(url, { headers, agent });
      await first.text();
      if (first.status !== 401) {
        throw new Error(`expected a 401 challenge, got ${first.status}`);
      }
      const challenge = first.headers.get('www-authenticate') ?? '';
      const realm = param(challenge, 'realm') ?? '';
      const nonce = param(challenge, 'nonce') ?? '';
      const opaque = param(challenge, 'opaque');
      const cnonce = randomBytes(16).toString('hex');
      const nc = '00000001';
      const ha1 = md5(`${user.username}:${realm}:${user.password}`);
      const ha2 = md5(`GET:${path}`);
      const response = md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`);
      let authorization =
        `Digest username="${user.username}", realm="${realm}", nonce="${nonce}", uri="${path}", ` +
        `response="${response}", algorithm=MD5, qop=auth, nc=${nc}, cnonce="${cnonce}"`;
      if (opaque !== undefined) {
        authorization += `, opaque="${opaque}"`;
      }
      const second = await fetch(url, { headers: { ...headers, Authorization: authorization }, agent });
      const text = await second.text();
      if (second.status !== 200) {
        throw new Error(`authenticated request failed: ${second.status}`);
      }
      return JSON.parse(text) as unknown;
    },
    dispose() {
      agent.destroy();
    },
  };
}
