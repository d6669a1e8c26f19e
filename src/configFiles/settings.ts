// .vscode/settings.json (and the "settings" of a .code-workspace): the extension's own
// atlasPeering.projects entries.

import { jsonString, parseJson, prop, pushJson } from './json';
import { wellFormed, type Collector } from './references';

export function collectSettings(text: string, out: Collector): void {
  const root = parseJson(text);
  const projects = prop(root, 'atlasPeering.projects') ?? prop(prop(root, 'settings'), 'atlasPeering.projects');
  if (projects?.type !== 'array') {
    return;
  }
  (projects.children ?? []).forEach((entry, i) => {
    const common = { source: 'settings' as const, blockStart: entry.offset };
    if (entry.type === 'string') {
      pushJson(
        text,
        entry,
        {
          ...common,
          kind: 'project',
          context: `atlasPeering.projects[${i}]`,
          blockName: `atlasPeering.projects[${i}]`,
        },
        out,
      );
      return;
    }
    const idNode = prop(entry, 'id');
    const projectId = wellFormed(jsonString(idNode));
    const blockName = jsonString(prop(entry, 'name')) || jsonString(idNode) || `atlasPeering.projects[${i}]`;
    pushJson(text, idNode, { ...common, kind: 'project', context: `atlasPeering.projects[${i}].id`, blockName }, out);
    const peers = prop(entry, 'peers');
    (peers?.type === 'array' ? (peers.children ?? []) : []).forEach((p, j) => {
      pushJson(
        text,
        p,
        { ...common, kind: 'peer', projectId, context: `atlasPeering.projects[${i}].peers[${j}]`, blockName },
        out,
      );
    });
  });
}
