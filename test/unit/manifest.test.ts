// Lints package.json against the code: command ids, menus, context values, views.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Commands, ContextKeys, VIEW_ID } from '../../src/commands';
import { CONTEXT_VALUES } from '../../src/tree/treeModel';

interface Command { command: string; title: string; category?: string }
interface MenuItem { command: string; when?: string; group?: string }

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'));
const contributes = manifest.contributes;
const commands: Command[] = contributes.commands;
const menus: Record<string, MenuItem[]> = contributes.menus ?? {};
const ids = new Set<string>(Object.values(Commands));
const palette = menus.commandPalette ?? [];
const hidden = new Set(palette.filter((m) => m.when === 'false').map((m) => m.command));
const viewIds = new Set<string>(Object.values(contributes.views ?? {}).flat().map((v) => (v as { id: string }).id));

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
    const treeOnly = [Commands.refreshNode, Commands.copyPeerId, Commands.copyConnectionId, Commands.copyJson, Commands.openInAtlas, Commands.showDetails];
    for (const id of treeOnly) {
      assert.ok(hidden.has(id), `${id} must be when:false in commandPalette`);
    }
    for (const id of [Commands.setCredentials, Commands.signOut, Commands.importFromAtlasCli, Commands.addProjectToWorkspace, Commands.refresh]) {
      assert.ok(!hidden.has(id), `${id} should be in the palette`);
    }
  });

  it('uses only known commands, views and context values in menus', () => {
    const known = new Set(CONTEXT_VALUES as readonly string[]);
    for (const [menu, items] of Object.entries(menus)) {
      for (const item of items) {
        assert.ok(ids.has(item.command) || commands.some((c) => c.command === item.command), `${menu}: unknown command ${item.command}`);
        const when = item.when ?? '';
        for (const m of when.matchAll(/\bview\s*==\s*([\w.-]+)/g)) {
          assert.ok(viewIds.has(m[1]), `${menu}: unknown view ${m[1]}`);
        }
        for (const m of when.matchAll(/\bviewItem\s*==\s*([\w.-]+)/g)) {
          assert.ok(known.has(m[1]), `${menu}: unknown contextValue ${m[1]}`);
        }
        for (const m of when.matchAll(/\bviewItem\s*=~\s*\/(.+?)\/(?=\s|$|\))/g)) {
          const re = new RegExp(m[1]);
          assert.ok(CONTEXT_VALUES.some((v) => re.test(v)), `${menu}: /${m[1]}/ matches no contextValue`);
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
    assert.ok(!Object.keys(props).some((k) => /secret|privateKey|password|token/i.test(k)), 'no setting may hold a secret');
  });

  it('activates lazily: no * or onStartupFinished', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  });
});
