// Loads peer/container fixtures from test/fixtures/peers (JSON is not compiled into out/, so read it from the source tree).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Container, parseContainer, parsePeer, Peer } from '../../../src/atlas/models';
import { DetailsModel, RenderEnv } from '../../../src/details/pure/renderDetails';

// out/test/unit/details -> repo root, or test/unit/details when run from source.
function fixturesDir(): string {
  const candidates = [
    path.resolve(__dirname, '../../../../test/fixtures/peers'),
    path.resolve(__dirname, '../../fixtures/peers'),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) {
    throw new Error(`test/fixtures/peers not found from ${__dirname}`);
  }
  return found;
}

export interface PeerFixture {
  description: string;
  peer: Record<string, unknown>;
  container: Record<string, unknown> | null;
}

export function readFixture(name: string): PeerFixture {
  return JSON.parse(fs.readFileSync(path.join(fixturesDir(), `${name}.json`), 'utf8')) as PeerFixture;
}

export function readFixtureText(name: string): string {
  return fs.readFileSync(path.join(fixturesDir(), `${name}.json`), 'utf8');
}

export const FETCHED_AT = Date.UTC(2026, 2, 14, 12, 3, 4);
export const NOW = new Date(FETCHED_AT + 42_000);

export const ENV: RenderEnv = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'dGVzdG5vbmNlMTIzNDU2Nzg=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/details.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/details.css',
  now: NOW,
};

export function modelOf(
  peerJson: unknown,
  containerJson?: unknown,
  overrides: Partial<DetailsModel> = {},
): DetailsModel {
  const peer: Peer = parsePeer(peerJson);
  const container: Container | undefined = containerJson ? parseContainer(containerJson) : undefined;
  return {
    peer,
    container,
    project: { id: '6746cee66f62fc3c122a3b82', name: 'Payments (prod)' },
    fetchedAt: FETCHED_AT,
    watching: false,
    atlasUrl: 'https://cloud.mongodb.com/v2/6746cee66f62fc3c122a3b82#/security/network/peering',
    rawJson: JSON.stringify(peerJson, null, 2),
    ...overrides,
  };
}

export function fixtureModel(name: string, overrides: Partial<DetailsModel> = {}): DetailsModel {
  const f = readFixture(name);
  return modelOf(f.peer, f.container ?? undefined, overrides);
}

/** The text content of an element whose opening tag contains `marker`, tags stripped, entities left. */
export function fieldRow(html: string, label: string): string | undefined {
  const rows = html.match(/<div class="field">.*?<\/div>/gs) ?? [];
  return rows.find((r) => r.includes(`<span class="label">${label}</span>`));
}
