// Lints package.json against the code: command ids, menus, context values, views.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys, VIEW_ID } from '../../src/config/pure/commands';
import { CONTEXT_VALUES } from '../../src/tree/pure/treeModel';

interface Command {
  command: string;
  title: string;
  category?: string;
}
interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

const ROOT = path.resolve(__dirname, '../../..');
const rawManifest = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
const nls: Record<string, string> = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8'));
// The manifest as VS Code shows it in English: every "%key%" replaced from package.nls.json.
const manifest = JSON.parse(rawManifest, (_k, v: unknown) =>
  typeof v === 'string' && /^%[\w.-]+%$/.test(v) ? (nls[v.slice(1, -1)] ?? v) : v,
);
const contributes = manifest.contributes;
const commands: Command[] = contributes.commands;
const menus: Record<string, MenuItem[]> = contributes.menus ?? {};
const ids = new Set<string>(Object.values(Commands));
const palette = menus.commandPalette ?? [];
const hidden = new Set(palette.filter((m) => m.when === 'false').map((m) => m.command));
const viewIds = new Set<string>(
  Object.values(contributes.views ?? {})
    .flat()
    .map((v) => (v as { id: string }).id),
);

describe('package.json manifest', () => {
  it('contributes exactly the commands in Commands', () => {
    const contributed = commands.map((c) => c.command);
    assert.equal(new Set(contributed).size, contributed.length, 'duplicate command ids');
    for (const id of ids) {
      assert.ok(contributed.includes(id), `${id} is in Commands but not in package.json`);
    }
    for (const id of contributed) {
      assert.ok(ids.has(id), `${id} is in package.json but not in Commands`);
    }
  });

  it('gives palette commands the "Atlas Peering" category and hides tree-only ones', () => {
    for (const c of commands) {
      if (!hidden.has(c.command)) {
        assert.equal(c.category, 'Atlas Peering', `${c.command} shows in the palette without the category`);
      }
    }
    const treeOnly = [
      Commands.refreshNode,
      Commands.copyPeerId,
      Commands.copyConnectionId,
      Commands.copyJson,
      Commands.openInAtlas,
      Commands.showDetails,
    ];
    for (const id of treeOnly) {
      assert.ok(hidden.has(id), `${id} must be when:false in commandPalette`);
    }
    for (const id of [
      Commands.setCredentials,
      Commands.signOut,
      Commands.importFromAtlasCli,
      Commands.addProjectToWorkspace,
      Commands.refresh,
    ]) {
      assert.ok(!hidden.has(id), `${id} should be in the palette`);
    }
  });

  it('uses only known commands, views and context values in menus', () => {
    const known = new Set(CONTEXT_VALUES as readonly string[]);
    for (const [menu, items] of Object.entries(menus)) {
      for (const item of items) {
        assert.ok(
          ids.has(item.command) || commands.some((c) => c.command === item.command),
          `${menu}: unknown command ${item.command}`,
        );
        const when = item.when ?? '';
        for (const m of when.matchAll(/\bview\s*==\s*([\w.-]+)/g)) {
          assert.ok(viewIds.has(m[1]), `${menu}: unknown view ${m[1]}`);
        }
        for (const m of when.matchAll(/\bviewItem\s*==\s*([\w.-]+)/g)) {
          assert.ok(known.has(m[1]), `${menu}: unknown contextValue ${m[1]}`);
        }
        for (const m of when.matchAll(/\bviewItem\s*=~\s*\/(.+?)\/(?=\s|$|\))/g)) {
          const re = new RegExp(m[1]);
          assert.ok(
            CONTEXT_VALUES.some((v) => re.test(v)),
            `${menu}: /${m[1]}/ matches no contextValue`,
          );
        }
      }
    }
  });

  it('contributes the view and welcome content on the context keys it sets', () => {
    assert.ok(viewIds.has(VIEW_ID));
    const keys = new Set<string>(Object.values(ContextKeys));
    for (const w of contributes.viewsWelcome ?? []) {
      assert.ok(viewIds.has(w.view), `welcome for unknown view ${w.view}`);
      for (const m of (w.when ?? '').matchAll(/atlasPeering\.[\w]+/g)) {
        assert.ok(keys.has(m[0]), `welcome uses unknown context key ${m[0]}`);
      }
      for (const m of (w.contents as string).matchAll(/command:(atlasPeering\.[\w]+)/g)) {
        assert.ok(ids.has(m[1]), `welcome links unknown command ${m[1]}`);
      }
    }
  });

  it('keeps where credentials go out of workspace reach', () => {
    const props = contributes.configuration.properties;
    for (const key of ['atlasPeering.profiles', 'atlasPeering.defaultProfile']) {
      assert.ok(['application', 'machine'].includes(props[key].scope), `${key} must be application or machine scoped`);
    }
    assert.equal(props['atlasPeering.projects'].items.properties.id.pattern, '^[a-f0-9]{24}$');
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, ['atlasPeering.projects']);
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.virtualWorkspaces !== undefined);
    for (const p of Object.values(props) as { markdownDescription?: string; description?: string }[]) {
      assert.ok(!/secret|password/i.test(Object.keys(p).join(' ')), 'no secret settings');
    }
    assert.ok(
      !Object.keys(props).some((k) => /secret|privateKey|password|token/i.test(k)),
      'no setting may hold a secret',
    );
  });

  it('takes every user-facing string from package.nls.json, and package.nls.json holds no unused key', () => {
    const used = new Set([...rawManifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]));
    assert.ok(used.size > 40, `only ${used.size} localized strings`);
    for (const k of used) {
      assert.equal(typeof nls[k], 'string', `package.json uses %${k}% but package.nls.json does not define it`);
    }
    for (const k of Object.keys(nls)) {
      assert.ok(used.has(k), `package.nls.json key ${k} is unused`);
    }
    const raw = JSON.parse(rawManifest);
    const literal = (v: unknown, where: string): void =>
      assert.ok(typeof v !== 'string' || /^%[\w.-]+%$/.test(v), `${where} is not localized: ${String(v)}`);
    for (const c of raw.contributes.commands) {
      literal(c.title, `${c.command} title`);
      literal(c.category, `${c.command} category`);
    }
    for (const w of raw.contributes.viewsWelcome) {
      literal(w.contents, `welcome of ${w.view}`);
    }
    for (const [key, p] of Object.entries(raw.contributes.configuration.properties) as [
      string,
      { description?: string; markdownDescription?: string },
    ][]) {
      literal(p.description ?? p.markdownDescription, `${key} description`);
    }
    for (const w of raw.contributes.walkthroughs) {
      literal(w.title, `walkthrough ${w.id}`);
      for (const step of w.steps) {
        literal(step.title, `walkthrough step ${step.id} title`);
        literal(step.description, `walkthrough step ${step.id} description`);
      }
    }
    assert.equal(raw.l10n, './l10n');
    assert.ok(
      fs.existsSync(path.join(ROOT, 'l10n', 'bundle.l10n.json')),
      'l10n/bundle.l10n.json is missing (npm run l10n)',
    );
  });

  it('has a first-time-setup walkthrough whose buttons, completion events and media exist', () => {
    const walkthroughs = contributes.walkthroughs as {
      id: string;
      title: string;
      icon?: string;
      steps: {
        id: string;
        title: string;
        description: string;
        media: { markdown?: string; image?: string };
        completionEvents?: string[];
      }[];
    }[];
    assert.equal(walkthroughs.length, 1);
    const steps = walkthroughs[0].steps;
    for (const id of [
      Commands.setCredentials,
      Commands.importFromAtlasCli,
      Commands.addProjectToWorkspace,
      Commands.lookUpPeeringConnection,
    ]) {
      assert.ok(
        steps.some((s) => s.description.includes(`(command:${id})`)),
        `no walkthrough step has a button for ${id}`,
      );
    }
    assert.ok(
      steps.some((s) => /Terraform/.test(s.title) && /Kubernetes/.test(s.title)),
      'no hover step',
    );
    assert.ok(
      /service account/i.test(steps[0].description) && /recommended/.test(steps[0].description),
      'the first step recommends service accounts',
    );
    for (const step of steps) {
      for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(ids.has(m[1]), `step ${step.id} links unknown command ${m[1]}`);
      }
      assert.ok(step.completionEvents && step.completionEvents.length > 0, `step ${step.id} has no completion event`);
      for (const e of step.completionEvents) {
        const m = /^onCommand:(.+)$/.exec(e);
        assert.ok(m && ids.has(m[1]), `step ${step.id}: completion event ${e} names no contributed command`);
      }
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && fs.existsSync(path.join(ROOT, media)), `step ${step.id}: media ${media} is missing`);
      if (step.media.markdown) {
        // Images in the step's markdown resolve relative to it and must ship in the .vsix.
        const text = fs.readFileSync(path.join(ROOT, step.media.markdown), 'utf8');
        for (const img of text.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
          assert.ok(
            fs.existsSync(path.resolve(path.dirname(path.join(ROOT, step.media.markdown)), img[1])),
            `${step.media.markdown}: image ${img[1]} is missing`,
          );
        }
      }
    }
    assert.ok(walkthroughs[0].icon && fs.existsSync(path.join(ROOT, walkthroughs[0].icon)));
  });

  it('has the marketplace metadata vsce and the gallery use', () => {
    assert.ok(fs.existsSync(path.join(ROOT, manifest.icon)), 'icon file is missing');
    const png = fs.readFileSync(path.join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'the icon is 128×128');
    const allowed = [
      'Azure',
      'Data Science',
      'Debuggers',
      'Education',
      'Extension Packs',
      'Formatters',
      'Keymaps',
      'Language Packs',
      'Linters',
      'Machine Learning',
      'Notebooks',
      'Programming Languages',
      'SCM Providers',
      'Snippets',
      'Testing',
      'Themes',
      'Visualization',
      'AI',
      'Chat',
      'Data',
      'Other',
    ];
    for (const c of manifest.categories) {
      assert.ok(allowed.includes(c), `category ${c} is not one the marketplace knows`);
    }
    assert.ok(
      manifest.keywords.length > 0 && manifest.keywords.length <= 30,
      'the marketplace takes at most 30 keywords',
    );
    assert.ok(manifest.license && fs.existsSync(path.join(ROOT, 'LICENSE')));
  });

  it('activates lazily: no * or onStartupFinished', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  });
});
