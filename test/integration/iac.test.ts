// Generate Terraform… and Generate Kubernetes Manifest… in a real extension host, against the
// simulator: the opened document must parse (HashiCorp's HCL parser, the yaml library) and hold
// the seed peer's live values. Also the ways in besides the tree: the palette (no argument: a
// project pick, then a peer pick) and the details view's Generate buttons (a webview message).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';
import { AtlasSimulator, DEMO_CREDENTIALS, SEED_IDS, startAtlasSimulator } from '../simulator';
import { demoSeed } from '../simulator/seed';
import { importIds, literalBody, parseTerraform, pathValue, resourceBody, type Json } from '../unit/iac/helpers';
import type { TestApi } from '../../src/composition';
import { activateTestApi, clearAtlasEnvironment, clearSettings, waitFor } from './support';

type Win = typeof vscode.window;
const win = vscode.window as { -readonly [K in keyof Win]: Win[K] };

/** One QuickPick the command showed: its title and the items it offered. */
interface ShownPick {
  title: string;
  items: vscode.QuickPickItem[];
}

/**
 * Answers the command's QuickPicks in order: each answer gets the offered items and returns the one
 * to pick, or undefined to cancel (as Escape does). Returns the picks shown; restore() puts
 * showQuickPick back.
 */
function answerPicks(answers: ((items: vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined)[]): {
  shown: ShownPick[];
  restore(): void;
} {
  const saved = win.showQuickPick;
  const shown: ShownPick[] = [];
  win.showQuickPick = (async (
    items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
    options?: vscode.QuickPickOptions,
  ) => {
    const list = [...(await items)];
    shown.push({ title: options?.title ?? '', items: list });
    const answer = answers[shown.length - 1];
    assert.ok(answer, `an unexpected QuickPick: ${options?.title ?? ''}`);
    return answer(list);
  }) as unknown as Win['showQuickPick'];
  return { shown, restore: () => (win.showQuickPick = saved) };
}

/** The import ids of the peers (`group-peer-PROVIDER`) in generated Terraform, leaving out the containers'. */
async function peerImportIds(terraform: string): Promise<string[]> {
  return [...importIds(await parseTerraform(terraform)).values()].filter((id) => /-(AWS|AZURE|GCP)$/.test(id));
}

/** The untitled documents (the generators open theirs untitled) that open while `action` runs. */
async function documentsOpenedBy(action: () => Thenable<unknown>): Promise<vscode.TextDocument[]> {
  const opened: vscode.TextDocument[] = [];
  const sub = vscode.workspace.onDidOpenTextDocument((d) => {
    if (d.isUntitled) {
      opened.push(d);
    }
  });
  try {
    await action();
  } finally {
    sub.dispose();
  }
  return opened;
}

const SETTINGS = ['projects', 'discoverProjects', 'profiles', 'defaultProfile'];

describe('iac: generate infrastructure code (extension host)', function () {
  this.timeout(60_000);
  let sim: AtlasSimulator;
  let restoreEnvironment = (): void => undefined;
  let api: TestApi;
  const groupId = SEED_IDS.peerProjects.azureAvailable;
  const peerId = SEED_IDS.peers.azureAvailable;
  const livePeer = demoSeed()
    .projects.flatMap((p) => p.peers)
    .find((p) => p.id === peerId) as unknown as Record<string, string>;

  before(async () => {
    restoreEnvironment = clearAtlasEnvironment();
    sim = await startAtlasSimulator({ seed: 'demo' });
    api = await activateTestApi();
    await clearSettings(SETTINGS);
    process.env.MONGODB_ATLAS_BASE_URL = sim.url;
    process.env.MONGODB_ATLAS_CLIENT_ID = DEMO_CREDENTIALS.serviceAccount.clientId;
    process.env.MONGODB_ATLAS_CLIENT_SECRET = DEMO_CREDENTIALS.serviceAccount.clientSecret;
    await api.tree.refresh();
  });

  afterEach(async () => {
    api.details.closeAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearSettings(SETTINGS);
    restoreEnvironment();
    await sim?.close();
  });

  it('Generate Terraform opens a terraform document that parses and holds the peer values', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.generateTerraform', {
      groupId,
      peerId,
    });
    assert.ok(doc, 'the command returned the document');
    assert.equal(doc.languageId, 'terraform');
    const parsed = await parseTerraform(doc.getText());
    assert.equal(importIds(parsed).get(`mongodbatlas_network_peering.peer_${peerId}`), `${groupId}-${peerId}-AZURE`);
    const body = literalBody(resourceBody(parsed, 'mongodbatlas_network_peering', `peer_${peerId}`));
    assert.equal(body.vnet_name, livePeer.vnetName);
    assert.equal(body.azure_directory_id, livePeer.azureDirectoryId);
    assert.equal(body.resource_group_name, livePeer.resourceGroupName);
    assert.equal(body.container_id, livePeer.containerId);
  });

  it('Generate Kubernetes Manifest opens YAML adopting the peer by spec.id', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.generateKubernetes', {
      groupId,
      peerId,
    });
    assert.ok(doc, 'the command returned the document');
    assert.equal(doc.languageId, 'yaml');
    const docs = parseAllDocuments(doc.getText());
    assert.ok(Array.isArray(docs));
    const peering = docs.map((d) => d.toJS() as Json).find((d) => d.kind === 'AtlasNetworkPeering');
    assert.equal(pathValue(peering, 'spec.id'), peerId);
    assert.equal(pathValue(peering, 'spec.azureConfiguration.vNetName'), livePeer.vnetName);
  });

  it('Generate Terraform for a whole project holds every peer of the project', async () => {
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.generateTerraform', {
      groupId,
    });
    assert.ok(doc, 'the command returned the document');
    assert.equal(doc.languageId, 'terraform');
    const ids = [...importIds(await parseTerraform(doc.getText())).values()];
    const seedProject = demoSeed().projects.find((p) => p.id === groupId);
    for (const peer of seedProject?.peers ?? []) {
      assert.ok(ids.includes(`${groupId}-${peer.id}-${peer.providerName}`), `import for ${peer.id}`);
    }
  });

  describe('from the palette (no argument)', () => {
    const seedProject = demoSeed().projects.find((p) => p.id === groupId);

    it('asks for the project, then the peer, and generates Terraform for the picked peer', async () => {
      const picks = answerPicks([
        (items) => items.find((i) => i.description === groupId),
        (items) => items.find((i) => i.description === peerId),
      ]);
      let doc: vscode.TextDocument | undefined;
      try {
        doc = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.generateTerraform');
      } finally {
        picks.restore();
      }
      assert.deepEqual(
        picks.shown.map((p) => p.title.replace(/ in .*/, '')),
        ['Generate Terraform (1/2): project', 'Generate Terraform (2/2): connection'],
      );
      const [projects, peers] = picks.shown;
      assert.ok(
        projects.items.some((i) => i.description === groupId && /discovered/.test(i.detail ?? '')),
        'the discovered project is offered',
      );
      assert.equal(peers.items[0].label, 'All peering connections of this project');
      assert.deepEqual(
        peers.items
          .slice(1)
          .map((i) => i.description)
          .sort(),
        (seedProject?.peers ?? []).map((p) => p.id).sort(),
        "the second pick lists the project's peers",
      );
      assert.ok(doc, 'the command returned the document');
      assert.equal(doc.languageId, 'terraform');
      const ids = [...importIds(await parseTerraform(doc.getText())).values()];
      assert.deepEqual(
        ids.sort(),
        [`${groupId}-${livePeer.containerId}`, `${groupId}-${peerId}-AZURE`].sort(),
        'only the picked peer and its container',
      );
    });

    it('"All peering connections of this project" generates manifests for every peer of the project', async () => {
      const picks = answerPicks([
        (items) => items.find((i) => i.description === groupId),
        (items) => items.find((i) => i.label === 'All peering connections of this project'),
      ]);
      let doc: vscode.TextDocument | undefined;
      try {
        doc = await vscode.commands.executeCommand<vscode.TextDocument>('atlasPeering.generateKubernetes');
      } finally {
        picks.restore();
      }
      assert.equal(picks.shown.length, 2);
      assert.ok(doc, 'the command returned the document');
      assert.equal(doc.languageId, 'yaml');
      const peeringIds = parseAllDocuments(doc.getText())
        .map((d) => d.toJS() as Json)
        .filter((d) => d.kind === 'AtlasNetworkPeering')
        .map((d) => pathValue(d, 'spec.id'))
        .sort();
      assert.deepEqual(peeringIds, (seedProject?.peers ?? []).map((p) => p.id).sort());
    });

    it('does nothing when the project pick or the peer pick is cancelled', async () => {
      for (const answers of [
        [() => undefined],
        [(items: vscode.QuickPickItem[]) => items.find((i) => i.description === groupId), () => undefined],
      ]) {
        const picks = answerPicks(answers);
        let result: unknown;
        try {
          const opened = await documentsOpenedBy(async () => {
            result = await vscode.commands.executeCommand('atlasPeering.generateTerraform');
          });
          assert.deepEqual(opened, [], 'no document opened');
        } finally {
          picks.restore();
        }
        assert.equal(picks.shown.length, answers.length, 'every pick was shown');
        assert.equal(result, undefined);
      }
    });
  });

  describe('from the details view', () => {
    const key = `default/${groupId}/${peerId}`;

    async function openDetails(): Promise<void> {
      await vscode.commands.executeCommand('atlasPeering.showDetails', { groupId, peerId });
      await waitFor('the details panel to show the peer', () =>
        api.details.openPanels().some((p) => p.key === key && p.state === 'details'),
      );
    }

    it('Generate Terraform and Generate Kubernetes manifest open code for the shown peer', async () => {
      await openDetails();
      const [terraform, ...moreTerraform] = await documentsOpenedBy(() =>
        api.details.receive(key, { type: 'generate', format: 'terraform' }),
      );
      assert.ok(terraform, 'a document opened');
      assert.deepEqual(moreTerraform, []);
      assert.equal(terraform.languageId, 'terraform');
      assert.deepEqual(await peerImportIds(terraform.getText()), [`${groupId}-${peerId}-AZURE`]);

      const [yaml, ...moreYaml] = await documentsOpenedBy(() =>
        api.details.receive(key, { type: 'generate', format: 'kubernetes' }),
      );
      assert.ok(yaml, 'a document opened');
      assert.deepEqual(moreYaml, []);
      assert.equal(yaml.languageId, 'yaml');
      const peering = parseAllDocuments(yaml.getText())
        .map((d) => d.toJS() as Json)
        .find((d) => d.kind === 'AtlasNetworkPeering');
      assert.equal(pathValue(peering, 'spec.id'), peerId);
    });

    it('ignores a malformed generate message, and generates for its own peer whatever else the page sends', async () => {
      await openDetails();
      const ignored = await documentsOpenedBy(async () => {
        await api.details.receive(key, { type: 'generate', format: 'pulumi' });
        await api.details.receive(key, { type: 'generate' });
        await api.details.receive(key, { type: 'generate', format: ['terraform'] });
      });
      assert.deepEqual(ignored, [], 'no document for a malformed message');
      // Extra fields are not read: the host generates for the panel's peer, never one the page names.
      const [doc, ...more] = await documentsOpenedBy(() =>
        api.details.receive(key, {
          type: 'generate',
          format: 'terraform',
          groupId: SEED_IDS.projects.staging,
          peerId: SEED_IDS.peers.azureFailed,
        }),
      );
      assert.ok(doc, 'a document opened');
      assert.deepEqual(more, []);
      assert.deepEqual(await peerImportIds(doc.getText()), [`${groupId}-${peerId}-AZURE`]);
    });
  });
});
