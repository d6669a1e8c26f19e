// What a hostile workspace file can make the diagnostics send, in a real extension host against
// the simulator over HTTP: a Terraform file naming 2,000 peering connections, unknown ones (404),
// ones in a project the credentials may not read (403) and a rate limit (429). Each test counts
// the requests the simulator received; before the budget, the 2,000-block file made 2,000
// requests on open and 2,000 more after one edit.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/composition';
import { PER_DOCUMENT_LOOKUPS } from '../../src/configEditor/pure/backgroundLookups';
import { AtlasSimulator, DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator } from '../simulator';
import { activateTestApi, ATLAS_ENV_KEYS, clearSettings } from './support';

type Api = TestApi;

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile', 'autoRefreshSeconds', 'diagnostics'];

/** A well-formed peer id that no project has. */
const saltPrefix = (salt: number): string => salt.toString(16).padStart(4, '0');
const unknownPeer = (i: number, salt: number): string => `${saltPrefix(salt)}${i.toString(16).padStart(20, '0')}`;

function peeringBlocks(count: number, projectId: string, salt: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(
      `resource "mongodbatlas_network_peering" "p${i}" {`,
      `  project_id = "${projectId}"`,
      `  peer_id    = "${unknownPeer(i, salt)}"`,
      `}`,
      '',
    );
  }
  return out.join('\n');
}

describe('background lookups of ids in files are bounded (extension host)', function () {
  this.timeout(120_000);
  let api: Api;
  let sim: AtlasSimulator;
  let dir: string;
  const savedEnv: Record<string, string | undefined> = {};
  // Requests for the peers of one test's file only (their ids start with its salt): documents that
  // earlier suites left open are checked by the same passes, and a pass scheduled before the test
  // (a session reset debounces one) may ask about their ids while this test counts.
  const peerRequests = (salt: number): number =>
    sim.requestLog.filter((r) => new RegExp(`/groups/[0-9a-f]{24}/peers/${saltPrefix(salt)}`).test(r.path)).length;

  before(async () => {
    for (const k of ATLAS_ENV_KEYS) {
      savedEnv[k] = process.env[k];
    }
    sim = await startAtlasSimulator({ seed: 'demo' });
    api = (await activateTestApi()) as Api;
    await clearSettings(SETTINGS);
    for (const k of ATLAS_ENV_KEYS) {
      delete process.env[k];
    }
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
    api.sessions.reset();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-budget-'));
  });

  after(async () => {
    // The documents stay open in the extension host: empty them, and forget what Atlas answered
    // (the 429 covers the whole profile), so that later suites start from nothing.
    for (const doc of opened) {
      const edit = new vscode.WorkspaceEdit();
      edit.delete(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0));
      await vscode.workspace.applyEdit(edit);
    }
    api?.configFeatures.diagnostics.forget();
    sim?.clearFaults();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearSettings(SETTINGS);
    for (const k of ATLAS_ENV_KEYS) {
      if (savedEnv[k] === undefined) {
        delete process.env[k];
      } else {
        process.env[k] = savedEnv[k];
      }
    }
    api?.sessions.reset();
    await sim?.close();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  beforeEach(() => {
    sim.clearFaults();
  });

  const opened: vscode.TextDocument[] = [];

  /** Opens a document (not in an editor: no CodeLens) and returns the peer requests until its diagnostics settle. */
  async function openAndPass(
    name: string,
    text: string,
    salt: number,
  ): Promise<{ doc: vscode.TextDocument; requests: number }> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    sim.clearLog();
    const doc = await vscode.workspace.openTextDocument(file);
    opened.push(doc);
    await api.configFeatures.diagnostics.run();
    await api.configFeatures.diagnostics.settled();
    return { doc, requests: peerRequests(salt) };
  }

  async function editAndPass(doc: vscode.TextDocument, salt: number): Promise<number> {
    sim.clearLog();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '# edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await api.configFeatures.diagnostics.run();
    await api.configFeatures.diagnostics.settled();
    return peerRequests(salt);
  }

  it(`2,000 peering blocks: at most ${PER_DOCUMENT_LOOKUPS} requests on open, none after an edit, and one "not checked" diagnostic`, async () => {
    const { doc, requests } = await openAndPass('many.tf', peeringBlocks(2000, SEED_IDS.projects.production, 1), 1);
    console.log(`      requests on open: ${requests} (before the budget: 2,000)`);
    assert.ok(requests <= PER_DOCUMENT_LOOKUPS, `${requests} requests`);
    assert.ok(requests > 0, 'the first peers are still checked');
    const diagnostics = vscode.languages.getDiagnostics(doc.uri);
    const notChecked = diagnostics.filter((d) => d.code === 'notChecked');
    assert.equal(notChecked.length, 1);
    assert.match(notChecked[0].message, new RegExp(`${2000 - PER_DOCUMENT_LOOKUPS} more`));
    assert.equal(diagnostics.filter((d) => d.code === 'peerNotFound').length, PER_DOCUMENT_LOOKUPS);
    const again = await editAndPass(doc, 1);
    console.log(`      requests after an edit: ${again} (before: 2,000)`);
    assert.equal(again, 0, '404s are remembered');
  });

  it('a 403 on a project is remembered for the project: a few requests on open, none after an edit', async () => {
    const project = SEED_IDS.projects.staging;
    sim.setFault({ path: `/api/atlas/v2/groups/${project}/peers/*` }, { status: 403 });
    const { doc, requests } = await openAndPass('forbidden.tf', peeringBlocks(40, project, 2), 2);
    console.log(`      requests on open with 403: ${requests} (without the guard: one request per peer, 40)`);
    // The pass runs 4 lookups at a time: those in flight when the first 403 arrives still go.
    assert.ok(requests <= 4, `${requests} requests`);
    assert.equal(await editAndPass(doc, 2), 0);
  });

  it('after a 429 the pass stops asking, and the next pass waits for Retry-After', async () => {
    const project = SEED_IDS.projects.sandbox;
    sim.setFault({ path: `/api/atlas/v2/groups/${project}/peers/*` }, { status: 429, retryAfterSec: 90 });
    const { doc, requests } = await openAndPass('limited.tf', peeringBlocks(40, project, 3), 3);
    console.log(`      requests on open with 429: ${requests} (without the guard: one request per peer, 40)`);
    // Lookups in flight when the first 429 arrives finish; the client gives up at once on a
    // Retry-After beyond its cap, so each of them is one request.
    assert.ok(requests <= 4, `${requests} requests`);
    assert.ok(api.configFeatures.diagnostics.lastPass?.backedOff);
    assert.equal(await editAndPass(doc, 3), 0);
  });
});
