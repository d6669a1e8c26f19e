// Hostile input in the real extension host:
// - generated bad ids through every command that takes one (lookup, showDetails, refreshPeer) and
//   in a config file under the hover: refused, with one-line messages, and not one request sent;
// - markup, </script>, markdown and command: links, control characters and 100 KB values in every
//   field Atlas returns and in a config file: shown as text in the tree tooltips, the details page
//   and the hover, never as markup or an active link. (The browser-side check of the same data is
//   test/ui/hostile.ui.test.ts.)

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/tree/pure/treeModel';
import { escapeText } from '../../src/util/html';
import { MAX_UI_NAME } from '../../src/util/uiText';
import { SEED_IDS } from '../simulator';
import { sampleBadIds } from '../unit/hostile/arbitraries';
import { addHostileProject, HOSTILE } from '../unit/hostile/hostileData';
import { apiRequests, HostFixture, startFixture } from './detailsSupport';
import { attackSuite } from '../unit/atlas/attacks';

const PROD = SEED_IDS.projects.production;
const GOOD_PEER = SEED_IDS.peers.awsAvailable;
const IN_HOST_SAMPLE = 300;
/** The only commands a hover may link to. */
const OUR_COMMANDS = [
  'atlasPeering.showDetails',
  'atlasPeering.refreshPeer',
  'atlasPeering.setCredentials',
  'atlasPeering.generateTerraform',
  'atlasPeering.generateKubernetes',
];

/** The commands a peer hover links to. */
const PEER_HOVER_COMMANDS = OUR_COMMANDS.filter((c) => c !== 'atlasPeering.setCredentials');

/** Every well-formed Atlas route; other suites' background work (diagnostics, a watched panel) may
 * still send those, but a request that a bad id caused cannot match. */
const WELL_FORMED = /^\/api\/atlas\/v2\/groups(\/[a-f0-9]{24}(\/(peers|containers)(\/([a-f0-9]{24}|all))?)?)?$/;

function requestsFromBadIds(sim: HostFixture['sim']): string[] {
  return apiRequests(sim)
    .filter((r) => !WELL_FORMED.test(r.path))
    .map((r) => `${r.method} ${r.path}`);
}

/** Markdown links and autolinks that would be active when rendered. */
function activeLinks(markdown: string): string[] {
  const out: string[] = [];
  // An unescaped ] directly followed by ( is a link target.
  for (const m of markdown.matchAll(/(?<!\\)\]\(\s*<?([^)\s>]*)/g)) {
    out.push(m[1]);
  }
  for (const m of markdown.matchAll(/(?<!\\)<((?:command|https?|file|vscode):[^>\s]*)>/gi)) {
    out.push(m[1]);
  }
  return out;
}

function assertInertMarkdown(
  where: string,
  md: vscode.MarkdownString | string | undefined,
  allowed: string[] = [],
): void {
  if (md === undefined || typeof md === 'string') {
    return;
  }
  assert.ok(!md.supportHtml, `${where}: supportHtml is off`);
  const trusted = md.isTrusted as boolean | { enabledCommands: readonly string[] } | undefined;
  assert.notEqual(trusted, true, `${where}: never fully trusted`);
  if (typeof trusted === 'object') {
    for (const c of trusted.enabledCommands) {
      assert.ok(allowed.includes(c), `${where}: trusts ${c}`);
    }
  }
  for (const target of activeLinks(md.value)) {
    const command = /^command:([\w.]+)/.exec(target)?.[1];
    assert.ok(command && allowed.includes(command), `${where}: active link ${target.slice(0, 80)}`);
  }
  assert.ok(
    !/(?<!\\)<(img|script|svg|iframe|b)\b/i.test(md.value),
    `${where}: raw HTML tag in ${md.value.slice(0, 200)}`,
  );
  assert.ok(md.value.length < 60_000, `${where}: ${md.value.length} characters`);
}

function oneLine(where: string, text: string): void {
  assert.ok(!/[\r\n\u2028\u2029\u0000-\u0008\u001b]/.test(text), `${where}: ${JSON.stringify(text.slice(0, 200))}`);
}

/** Text VS Code renders with links and icons (QuickPick items, CodeLens titles): none may come from Atlas. */
function assertInertUiText(where: string, text: string, ownIcon = /^\$\([\w-]+\) /): void {
  const theirs = text.replace(ownIcon, '');
  oneLine(where, theirs);
  assert.doesNotMatch(theirs, /\]\s*\(|\$\(/, `${where}: a link or an icon in ${JSON.stringify(theirs.slice(0, 200))}`);
}

describe('hostile input in the extension host', function () {
  const { attack } = attackSuite('hostile input in the extension host');
  this.timeout(120_000);
  let fx: HostFixture;
  let dir: string;
  type Win = typeof vscode.window;
  const win = vscode.window as { -readonly [K in keyof Win]: Win[K] };
  const shown: string[] = [];
  let restoreWindow: (() => void) | undefined;

  before(async () => {
    fx = await startFixture();
    // Documents and panels left open by earlier suites would keep sending (well-formed) requests.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fx.api.details.closeAll();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atlas-hostile-'));
    const saved = {
      showErrorMessage: win.showErrorMessage,
      showWarningMessage: win.showWarningMessage,
      showInformationMessage: win.showInformationMessage,
    };
    restoreWindow = () => Object.assign(win, saved);
    // Hundreds of refusals would otherwise stack notifications; the texts are checked instead.
    const record = (async (m: string) => {
      shown.push(m);
      return undefined;
    }) as Win['showErrorMessage'];
    win.showErrorMessage = record;
    win.showWarningMessage = record as Win['showWarningMessage'];
    win.showInformationMessage = record as Win['showInformationMessage'];
  });

  after(async () => {
    restoreWindow?.();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await fx?.restore();
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe(`${IN_HOST_SAMPLE} generated bad ids per entry point`, () => {
    const bad = sampleBadIds(IN_HOST_SAMPLE);

    beforeEach(() => {
      shown.length = 0;
      fx.sim.clearLog();
    });

    attack(
      'the lookup command refuses them as { groupId, peerId }, positional and tree-node arguments, before any request',
      async () => {
        let refused = 0;
        for (const id of bad) {
          for (const args of [
            [{ groupId: PROD, peerId: id }],
            [{ groupId: id, peerId: GOOD_PEER }],
            [PROD, id],
            [id, GOOD_PEER],
            [{ kind: 'peer', projectId: id, peer: { id: GOOD_PEER } }],
          ]) {
            const r = await vscode.commands.executeCommand<{ ok: boolean; reason?: string; message?: string }>(
              'atlasPeering.lookUpPeeringConnection',
              ...args,
            );
            assert.equal(r?.ok, false, `accepted ${JSON.stringify(args)}`);
            assert.equal(r?.reason, 'invalidArguments');
            oneLine('lookup message', r?.message ?? '');
            refused++;
          }
        }
        assert.equal(refused, bad.length * 5);
        assert.deepEqual(requestsFromBadIds(fx.sim), [], 'no request');
        assert.equal(fx.api.details.openPanels().length, 0);
        assert.equal(shown.length, refused, 'each refusal told the user');
        shown.forEach((m) => oneLine('notification', m));
      },
    );

    attack('showDetails refuses them, opening no panel and sending nothing', async () => {
      for (const id of bad) {
        await vscode.commands.executeCommand('atlasPeering.showDetails', { groupId: PROD, peerId: id });
        await vscode.commands.executeCommand('atlasPeering.showDetails', {
          groupId: id,
          peerId: GOOD_PEER,
          profile: id,
        });
      }
      assert.equal(fx.api.details.openPanels().length, 0);
      assert.deepEqual(requestsFromBadIds(fx.sim), []);
      assert.equal(shown.length, bad.length * 2);
      shown.forEach((m) => oneLine('notification', m));
    });

    attack('refreshPeer ignores them', async () => {
      for (const id of bad) {
        await vscode.commands.executeCommand('atlasPeering.refreshPeer', { groupId: PROD, peerId: id });
        await vscode.commands.executeCommand('atlasPeering.refreshPeer', { groupId: id, peerId: GOOD_PEER });
      }
      assert.deepEqual(requestsFromBadIds(fx.sim), []);
    });

    attack('the hover on a file full of bad ids explains them and sends nothing', async () => {
      // Ids that can sit inside an HCL string as they are.
      const usable = bad
        .filter(
          (id) =>
            id.trim() !== '' &&
            !/["\\\r\n\u2028\u2029\u0085$%{}]/.test(id) &&
            ![...id].some((c) => c.charCodeAt(0) < 0x20),
        )
        .slice(0, 150);
      assert.ok(usable.length >= 50, `only ${usable.length} usable ids`);
      const blocks = usable.map(
        (id, i) =>
          `data "mongodbatlas_network_peering" "p${i}" {\n  project_id = "${PROD}"\n  peering_id = "${id}"\n}\n`,
      );
      const file = path.join(dir, 'bad-ids.tf');
      fs.writeFileSync(file, blocks.join('\n'));
      const doc = await vscode.workspace.openTextDocument(file);
      fx.sim.clearLog();
      let explained = 0;
      let offset = 0;
      for (const id of usable) {
        const at = doc.getText().indexOf(`peering_id = "${id}"`, offset) + 'peering_id = "'.length;
        offset = at;
        const hovers =
          (await vscode.commands.executeCommand<vscode.Hover[]>(
            'vscode.executeHoverProvider',
            doc.uri,
            doc.positionAt(at + Math.floor(id.length / 2)),
          )) ?? [];
        for (const c of hovers.flatMap((h) => h.contents)) {
          if (c instanceof vscode.MarkdownString || (typeof c === 'object' && 'value' in c && 'isTrusted' in c)) {
            assertInertMarkdown(`hover on ${JSON.stringify(id)}`, c as vscode.MarkdownString, OUR_COMMANDS);
            if (/Not a valid Atlas/.test(c.value)) {
              explained++;
            }
          }
        }
      }
      assert.ok(explained >= usable.length * 0.9, `${explained} of ${usable.length} hovers explain the bad id`);
      assert.deepEqual(requestsFromBadIds(fx.sim), [], 'no request');
    });
  });

  describe('hostile strings from Atlas and from config files', () => {
    let hostile: ReturnType<typeof addHostileProject>;

    before(async () => {
      hostile = addHostileProject(fx.sim);
      await fx.api.tree.refresh();
    });

    async function hostileProject(): Promise<TreeNode> {
      const root = await fx.api.tree.getChildren();
      const p = root.find((n) => n.kind === 'project' && n.projectId === hostile.groupId);
      assert.ok(p, 'the hostile project is listed');
      return p;
    }

    attack('tree: labels carry the text, tooltips are untrusted, escaped markdown', async () => {
      const project = await hostileProject();
      const pItem = fx.api.tree.getTreeItem(project);
      assert.equal(pItem.label, `**${HOSTILE.mdLink}** ${HOSTILE.markup}`, 'the project name is shown as it is');
      assertInertMarkdown('project tooltip', pItem.tooltip as vscode.MarkdownString);
      const peers: TreeNode[] = [];
      for (const provider of await fx.api.tree.getChildren(project)) {
        assert.equal(
          provider.kind,
          'provider',
          `provider group, got ${provider.kind} ${String(fx.api.tree.getTreeItem(provider).label)}`,
        );
        assertInertMarkdown('provider tooltip', fx.api.tree.getTreeItem(provider).tooltip as vscode.MarkdownString);
        peers.push(...(await fx.api.tree.getChildren(provider)));
      }
      assert.equal(peers.length, 3);
      for (const node of peers) {
        const item = fx.api.tree.getTreeItem(node);
        const md = item.tooltip as vscode.MarkdownString;
        assertInertMarkdown(`peer tooltip ${String(node.id).slice(0, 60)}`, md);
        oneLine('peer description', String(item.description ?? ''));
        assert.ok(String(item.description ?? '').length <= 200, 'description is short');
      }
      const aws = peers.find((n) => n.kind === 'peer' && n.peer.providerName === 'AWS')!;
      const awsTip = (fx.api.tree.getTreeItem(aws).tooltip as vscode.MarkdownString).value;
      // Escaped, not dropped: the text is still there for the reader.
      assert.match(awsTip, /click me/);
      assert.match(awsTip, /workbench\\?\.action\\?\.terminal\\?\.new/);
    });

    attack('details: every hostile value is shown as escaped text, the only script is ours', async () => {
      for (const [provider, peerId] of Object.entries(hostile.peers)) {
        const key = `default/${hostile.groupId}/${peerId}`;
        await vscode.commands.executeCommand('atlasPeering.showDetails', { groupId: hostile.groupId, peerId });
        await fx.api.details.whenIdle(key);
        const info = fx.api.details.openPanels().find((p) => p.key === key);
        assert.equal(info?.state, 'details', `${provider}: ${info?.errorMessage ?? ''}`);
        const html = fx.api.details.getPanelHtml(key) ?? '';
        assert.equal((html.match(/<script\b/gi) ?? []).length, 1, `${provider}: one script`);
        assert.ok(!/<(img|svg|iframe|b)\b/i.test(html), `${provider}: no element from the data`);
        assert.ok(!html.includes('</script><script>window'), `${provider}: no script break-out`);
        assert.ok(!/<a\s[^>]*href="command:/i.test(html), `${provider}: no command link`);
        assert.ok(
          !html.includes('\u0000') && !html.includes('\u202e'),
          `${provider}: no raw control or bidi character`,
        );
        assert.ok(html.length < 2_000_000, `${provider}: page of ${html.length} characters`);
        assert.ok(html.includes(escapeText('window.__pwned=2')), `${provider}: the script text is shown as text`);
      }
      fx.api.details.closeAll();
    });

    attack(
      'hover: hostile Atlas values and a hostile config file give inert markdown with only our two links',
      async () => {
        const lines: string[] = [
          `# ${HOSTILE.mdLink} ${HOSTILE.markup}`,
          `resource "mongodbatlas_network_peering" "x](command:workbench.action.terminal.new)" {`,
          `  project_id = "${hostile.groupId}"`,
          `  peering_id = "${hostile.peers.AWS}"`,
          `  vpc_id     = "[evil](command:atlasPeering.signOut)"`,
          '}',
          `data "mongodbatlas_network_peering" "az" {`,
          `  project_id = "${hostile.groupId}"`,
          `  peering_id = "${hostile.peers.AZURE}"`,
          '}',
          `data "mongodbatlas_network_peering" "gcp" {`,
          `  project_id = "${hostile.groupId}"`,
          `  peering_id = "${hostile.peers.GCP}"`,
          '}',
        ];
        const file = path.join(dir, 'hostile.tf');
        fs.writeFileSync(file, `${lines.join('\n')}\n`);
        const doc = await vscode.workspace.openTextDocument(file);
        const text = doc.getText();
        let peerHovers = 0;
        for (const id of [hostile.groupId, ...Object.values(hostile.peers)]) {
          const hovers =
            (await vscode.commands.executeCommand<vscode.Hover[]>(
              'vscode.executeHoverProvider',
              doc.uri,
              doc.positionAt(text.lastIndexOf(id) + 3),
            )) ?? [];
          const ours = hovers
            .flatMap((h) => h.contents)
            .filter((c): c is vscode.MarkdownString => typeof c === 'object' && 'value' in c && /Atlas/.test(c.value));
          assert.ok(ours.length > 0, `a hover for ${id}`);
          for (const md of ours) {
            assertInertMarkdown(`hover ${id}`, md, PEER_HOVER_COMMANDS);
            if (Object.values(hostile.peers).includes(id)) {
              peerHovers++;
              assert.ok(md.value.length < 20_000, `hover of ${md.value.length} characters`);
            }
          }
        }
        assert.equal(peerHovers, 3);
      },
    );

    attack('QuickPick items: hostile project names are inert, capped text, and the log has them in full', async () => {
      const offered: vscode.QuickPickItem[] = [];
      const saved = win.showQuickPick;
      win.showQuickPick = (async (
        items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
      ) => {
        offered.push(...(await items));
        return undefined;
      }) as unknown as Win['showQuickPick'];
      try {
        await vscode.commands.executeCommand('atlasPeering.addProjectToWorkspace');
      } finally {
        win.showQuickPick = saved;
      }
      const item = offered.find((i) => i.description === hostile.groupId);
      assert.ok(item, `the hostile project is offered among ${offered.length} items`);
      for (const i of offered) {
        for (const [part, text] of Object.entries({ label: i.label, description: i.description, detail: i.detail })) {
          assertInertUiText(`item ${part}`, text ?? '');
        }
      }
      // Zero-width spaces break links and icons; they are not counted as text.
      const visible = item.label.replace(/\u200b/g, '');
      assert.ok(visible.length <= MAX_UI_NAME, `label of ${visible.length} characters`);
      assert.ok(
        fx.api.logLines().some((l) => l.includes('in full') && l.includes('terminal.new)') && l.includes('onerror')),
        'the whole name went to the log',
      );
    });

    attack(
      'Generate Terraform from the palette: hostile project and peer names in its two picks are inert text',
      async () => {
        const projectsOffered: vscode.QuickPickItem[] = [];
        const peersOffered: vscode.QuickPickItem[] = [];
        const saved = win.showQuickPick;
        win.showQuickPick = (async (
          items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>,
        ) => {
          const list = await items;
          if (projectsOffered.length === 0) {
            projectsOffered.push(...list);
            // The user picks the hostile project; the peer pick is then cancelled.
            return list.find((i) => i.description?.includes(hostile.groupId));
          }
          peersOffered.push(...list);
          return undefined;
        }) as unknown as Win['showQuickPick'];
        try {
          await vscode.commands.executeCommand('atlasPeering.generateTerraform');
        } finally {
          win.showQuickPick = saved;
        }
        assert.ok(
          projectsOffered.some((i) => i.description?.includes(hostile.groupId)),
          `the hostile project is offered among ${projectsOffered.length} items`,
        );
        assert.ok(peersOffered.length >= 3, `its peers are offered (${peersOffered.length} items)`);
        for (const i of [...projectsOffered, ...peersOffered]) {
          for (const [part, text] of Object.entries({ label: i.label, description: i.description, detail: i.detail })) {
            assertInertUiText(`item ${part}`, text ?? '');
          }
          assert.ok(i.label.replace(/\u200b/g, '').length <= MAX_UI_NAME, `label of ${i.label.length} characters`);
        }
      },
    );

    attack('CodeLens titles: hostile status, names and error codes are inert one-line text', async () => {
      const lines = Object.values(hostile.peers).flatMap((id, i) => [
        `data "mongodbatlas_network_peering" "p${i}" {`,
        `  project_id = "${hostile.groupId}"`,
        `  peering_id = "${id}"`,
        '}',
      ]);
      const file = path.join(dir, 'hostile-lens.tf');
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      const doc = await vscode.workspace.openTextDocument(file);
      // Titles settle once the three lookups answered; until then a lens says "loading".
      let titles: string[] = [];
      const settled = (): boolean => titles.length >= 3 && !titles.some((t) => /loading/.test(t));
      for (const deadline = Date.now() + 60_000; !settled() && Date.now() < deadline;) {
        const lenses =
          (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100)) ??
          [];
        titles = lenses.map((l) => l.command?.title ?? '');
        if (!settled()) {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      assert.ok(titles.length >= 3, `lenses: ${JSON.stringify(titles)}`);
      assert.ok(
        titles.some((t) => t.includes('AWS')),
        `an AWS lens: ${JSON.stringify(titles)}`,
      );
      for (const t of titles) {
        assertInertUiText('CodeLens title', t.replace(/^Atlas: /, ''));
        assert.ok(t.length <= 200, `title of ${t.length} characters`);
      }
    });
  });
});
