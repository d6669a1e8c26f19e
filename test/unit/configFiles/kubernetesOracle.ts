// The Kubernetes scanner as it was before the block reader (one library parse per document), kept
// as the oracle of the differential test: the scanner must find exactly what this finds.
// Kubernetes manifests (YAML) of the Atlas operator: AtlasProject, AtlasNetworkPeering and
// AtlasNetworkContainer (https://github.com/mongodb/mongodb-atlas-kubernetes).

import type { Node as YamlNode } from 'yaml';
import { asProviderName, type ProviderName } from '../../../src/atlas/models';
import { ref, wellFormed, type Collector, type ReferenceKind } from '../../../src/configFiles/references';

// The YAML parser is about 115 KB minified, a third of the bundle, and only Kubernetes manifests
// need it: it is loaded on the first YAML document instead of with the extension (esbuild.js emits
// it as dist/yaml.js and leaves this require in place).
type YamlLibrary = typeof import('yaml');
let yamlLibrary: YamlLibrary | undefined;
function yaml(): YamlLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlLibrary ??= require('yaml') as YamlLibrary;
  return yamlLibrary;
}

// Kubernetes manifests (yaml)

function yGet(node: unknown, key: string): YamlNode | undefined {
  if (!yaml().isMap(node)) {
    return undefined;
  }
  for (const pair of node.items) {
    if (yaml().isScalar(pair.key) && pair.key.value === key) {
      return (pair.value ?? undefined) as YamlNode | undefined;
    }
  }
  return undefined;
}

function yPath(node: unknown, ...keys: string[]): YamlNode | undefined {
  let n = node as YamlNode | undefined;
  for (const k of keys) {
    n = yGet(n, k);
  }
  return n;
}

function yString(node: unknown): string | undefined {
  return yaml().isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

/** The scalar's token in `unit` (a document of the file, starting at `base` in it), with offsets into the file. */
function yToken(unit: string, base: number, node: unknown): { id: string; start: number; end: number } | undefined {
  if (!yaml().isScalar(node) || !node.range || node.value === null) {
    return undefined;
  }
  if (node.type === yaml().Scalar.BLOCK_FOLDED || node.type === yaml().Scalar.BLOCK_LITERAL) {
    return undefined;
  }
  let [start, end] = node.range;
  if (node.type === yaml().Scalar.QUOTE_DOUBLE || node.type === yaml().Scalar.QUOTE_SINGLE) {
    start += 1;
    end = Math.max(start, end - 1);
  }
  const id = unit.slice(start, end);
  return id.trim() === '' ? undefined : { id, start: start + base, end: end + base };
}

// Cheap test before any parse: a manifest of the operator has a kind starting with Atlas or an
// apiVersion in atlas.mongodb.com, so a document without either word is not parsed at all.
const MAY_BE_ATLAS = /Atlas|atlas\.mongodb\.com/;
// A line starting a document. Documents are parsed one by one: each parse stays short, only
// documents that pass the test above are parsed, and an edit re-parses its document only.
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/** Where each document of a multi-document YAML text starts (the `---` line belongs to the document it opens). */
export function yamlDocumentStarts(text: string): number[] {
  const starts = [0];
  DOCUMENT_START.lastIndex = 0;
  for (let m = DOCUMENT_START.exec(text); m; m = DOCUMENT_START.exec(text)) {
    if (m.index > 0) {
      starts.push(m.index);
    }
  }
  return starts;
}

export function* collectKubernetes(text: string, out: Collector): Generator<void, void> {
  const starts = yamlDocumentStarts(text);
  for (let i = 0; i < starts.length; i++) {
    const base = starts[i];
    const unit = text.slice(base, i + 1 < starts.length ? starts[i + 1] : text.length);
    if (MAY_BE_ATLAS.test(unit)) {
      collectDocuments(unit, base, out);
    }
    yield;
  }
}

function collectDocuments(unit: string, base: number, out: Collector): void {
  // uniqueKeys: false: the duplicate-key check compares every key of a map with every other
  // (quadratic: seconds on a map of 20,000 keys), and a duplicate key changes nothing here.
  const docs = yaml().parseAllDocuments(unit, { keepSourceTokens: false, prettyErrors: false, uniqueKeys: false });
  if (!Array.isArray(docs)) {
    return;
  }
  for (const doc of docs) {
    const root = doc.contents;
    if (!yaml().isMap(root)) {
      continue;
    }
    const kind = yString(yGet(root, 'kind'));
    const apiVersion = yString(yGet(root, 'apiVersion')) ?? '';
    if (!kind || !(kind.startsWith('Atlas') || apiVersion.startsWith('atlas.mongodb.com'))) {
      continue;
    }
    const name = yString(yPath(root, 'metadata', 'name')) ?? '';
    const blockName = `${kind}/${name}`;
    const blockStart = (root.range?.[0] ?? 0) + base;
    const push = (
      node: unknown,
      k: ReferenceKind,
      context: string,
      projectId?: string,
      provider?: ProviderName,
    ): void => {
      const t = yToken(unit, base, node);
      if (t) {
        out.refs.push(
          ref({
            id: t.id,
            range: { start: t.start, end: t.end },
            kind: k,
            projectId: k === 'project' ? undefined : projectId,
            provider,
            source: 'kubernetes',
            context: `${blockName} ${context}`,
            blockStart,
            blockName,
          }),
        );
      }
    };
    const spec = yGet(root, 'spec');
    const status = yGet(root, 'status');
    const externalProject = yPath(spec, 'externalProjectRef', 'id');
    push(externalProject, 'project', 'spec.externalProjectRef.id');
    if (kind === 'AtlasProject') {
      const projectId = wellFormed(yString(yGet(status, 'id')));
      push(yGet(status, 'id'), 'project', 'status.id');
      const specPeers = yGet(spec, 'networkPeers');
      (yaml().isSeq(specPeers) ? specPeers.items : []).forEach((p, i) => {
        // The operator defaults providerName to AWS (api/v1/networkpeer.go).
        const provider = asProviderName(yString(yGet(p, 'providerName'))) ?? 'AWS';
        push(yGet(p, 'containerId'), 'container', `spec.networkPeers[${i}].containerId`, projectId, provider);
      });
      const statusPeers = yGet(status, 'networkPeers');
      (yaml().isSeq(statusPeers) ? statusPeers.items : []).forEach((p, i) => {
        const provider = asProviderName(yString(yGet(p, 'providerName')));
        push(yGet(p, 'id'), 'peer', `status.networkPeers[${i}].id`, projectId, provider);
        push(yGet(p, 'containerId'), 'container', `status.networkPeers[${i}].containerId`, projectId, provider);
      });
    } else if (kind === 'AtlasNetworkPeering' || kind === 'AtlasNetworkContainer') {
      const projectId = wellFormed(yString(externalProject));
      const provider = asProviderName(yString(yGet(spec, 'provider')));
      const own: ReferenceKind = kind === 'AtlasNetworkPeering' ? 'peer' : 'container';
      push(yGet(spec, 'id'), own, 'spec.id', projectId, provider);
      push(yGet(status, 'id'), own, 'status.id', projectId, provider);
      if (own === 'peer') {
        push(yPath(spec, 'containerRef', 'id'), 'container', 'spec.containerRef.id', projectId, provider);
        // The operator's own sample (config/samples) still puts containerId at spec level.
        push(yGet(spec, 'containerId'), 'container', 'spec.containerId', projectId, provider);
      }
    }
  }
}
