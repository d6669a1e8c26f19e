// Kubernetes manifests (YAML) of the Atlas operator: AtlasProject, AtlasNetworkPeering and
// AtlasNetworkContainer (https://github.com/mongodb/mongodb-atlas-kubernetes).
//
// Each document is read by the block reader (yamlBlocks.ts), which follows only the paths below
// and hands the small sections on them to the `yaml` library; a document the reader cannot
// place is parsed whole by the library when it is short (SECTION_LIMIT), else skipped. Every
// step between two yields is bounded, whatever the size of the file or of one document.

import { asProviderName, type ProviderName } from '../atlas/models';
import { OPERATOR_SPEC_PATHS } from './fieldMap';
import { ref, wellFormed, type Collector, type IacValue, type ReferenceKind } from './references';
import {
  Budget,
  DOCUMENT_WORK,
  mapView,
  readEntries,
  scanRoot,
  SECTION_LIMIT,
  type Need,
  type StepStats,
} from './yamlBlocks';
import { libraryView, PARSE_OPTIONS, viewGet, viewString, yaml, type MapView, type View } from './yamlLibrary';

export type { StepStats } from './yamlBlocks';

type NeedMap = { [key: string]: Need };

/** Adds dotted paths (`spec.awsConfiguration.vpcId`) as leaves to a need, keeping what is there. */
function withLeaves(need: NeedMap, paths: Iterable<string>): NeedMap {
  for (const path of paths) {
    const keys = path.split('.');
    let at = need;
    for (const [i, key] of keys.entries()) {
      if (i === keys.length - 1) {
        at[key] ??= 'leaf';
      } else {
        const next = at[key];
        at = typeof next === 'object' ? (next as NeedMap) : (at[key] = {});
      }
    }
  }
  return need;
}

/**
 * The paths the collector reads (`seq`: a list of mappings with id, containerId and providerName),
 * and the spec fields of peerings and containers that the drift check compares (fieldMap.ts).
 */
const MANIFEST: { readonly [key: string]: Need } = withLeaves(
  {
    kind: 'leaf',
    apiVersion: 'leaf',
    metadata: { name: 'leaf' },
    spec: {
      externalProjectRef: { id: 'leaf' },
      id: 'leaf',
      provider: 'leaf',
      containerId: 'leaf',
      containerRef: { id: 'leaf' },
      networkPeers: 'seq',
    },
    status: { id: 'leaf', networkPeers: 'seq' },
  },
  [...OPERATOR_SPEC_PATHS.peer, ...OPERATOR_SPEC_PATHS.container],
);
const HEAD = ['kind', 'apiVersion'];

// A manifest of the operator has a kind starting with Atlas or an apiVersion in atlas.mongodb.com,
// so a document without either word holds nothing (and is not read).
const MAY_BE_ATLAS = /Atlas|atlas\.mongodb\.com/;
const SEARCH_WINDOW = 1 << 20;

/** Where each document of a multi-document YAML text starts (the `---` line belongs to the document it opens). */
export function yamlDocumentStarts(text: string): number[] {
  const starts = [0];
  for (let at = nextDocumentStart(text, 1); at < text.length; at = nextDocumentStart(text, at + 3)) {
    starts.push(at);
  }
  return starts;
}

/**
 * The first `---` at or after `from` that starts a line and is followed by a blank, a line end or
 * the end of the text, exactly where /^---(?=[ \t\r\n]|$)/m matches (JavaScript's `^` and `$` also
 * see U+2028 and U+2029 as line ends); else the text's length. One native search per `---`.
 */
function nextDocumentStart(text: string, from: number): number {
  for (let at = text.indexOf('---', from); at >= 0; at = text.indexOf('---', at + 1)) {
    if (
      (at === 0 || isLineEnd(text.charCodeAt(at - 1))) &&
      (at + 3 >= text.length || isBlankOrLineEnd(text.charCodeAt(at + 3)))
    ) {
      return at;
    }
  }
  return text.length;
}

function isLineEnd(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function isBlankOrLineEnd(c: number): boolean {
  return c === 32 || c === 9 || isLineEnd(c);
}

export function* collectKubernetes(text: string, out: Collector, stats?: StepStats): Generator<void, void> {
  const budget = new Budget(stats);
  for (let from = 0; from < text.length;) {
    // The next document, searched a window at a time.
    let to = text.length;
    for (let at = from + 1; at < text.length; at += SEARCH_WINDOW) {
      const windowEnd = Math.min(text.length, at + SEARCH_WINDOW + 3);
      const hit = nextDocumentStart(windowEnd < text.length ? text.slice(0, windowEnd) : text, at);
      if (hit < at + SEARCH_WINDOW && hit < windowEnd) {
        budget.add((hit - at) >> 7);
        to = hit;
        break;
      }
      budget.add(SEARCH_WINDOW >> 7);
      if (budget.due) {
        budget.step();
        yield;
      }
    }
    yield* collectUnit(text, from, to, out, budget);
    from = to;
  }
  budget.step();
}

function* collectUnit(text: string, from: number, to: number, out: Collector, budget: Budget): Generator<void, void> {
  budget.sectionErrors = false;
  budget.add(DOCUMENT_WORK);
  // First the cheap native search: a document without either word is not read at all.
  if (!(yield* mayBeAtlas(text, from, to, budget))) {
    return;
  }
  const root = yield* readRoot(text, from, to, budget);
  budget.count(root === 'parse');
  if (root === 'parse') {
    yield* collectParsed(text, from, to, out, budget);
  } else if (root) {
    yield* collectDocument(text, root.view, root.start, out, budget);
  }
}

/**
 * A document's root mapping as the block reader reads it (its first key's offset too), undefined
 * when the document holds no manifest, or 'parse' when the library must read it whole.
 */
function* readRoot(
  text: string,
  from: number,
  to: number,
  budget: Budget,
): Generator<void, { view: MapView; start: number } | undefined | 'parse'> {
  const root = yield* scanRoot(text, from, to, MANIFEST, budget);
  if (root === 'uncertain') {
    return 'parse';
  }
  if (root === 'other') {
    return undefined;
  }
  // A section the library reads with errors (an unterminated quote) may end elsewhere in the
  // whole document: a short document is then parsed whole.
  const whole = (): boolean => budget.sectionErrors && to - from <= SECTION_LIMIT;
  const head = yield* readEntries(text, root, MANIFEST, budget, HEAD);
  if (whole()) {
    return 'parse';
  }
  if (!isManifest(head.get('kind'), head.get('apiVersion'))) {
    return undefined;
  }
  const rest = yield* readEntries(text, root, MANIFEST, budget, ['metadata', 'spec', 'status']);
  if (whole()) {
    return 'parse';
  }
  for (const [k, v] of head) {
    rest.set(k, v);
  }
  return { view: mapView(rest), start: root.firstKey };
}

function isManifest(kindView: View | undefined, apiVersionView: View | undefined): boolean {
  const kind = viewString(kindView);
  const apiVersion = viewString(apiVersionView) ?? '';
  return !!kind && (kind.startsWith('Atlas') || apiVersion.startsWith('atlas.mongodb.com'));
}

/** Whether the document's text names Atlas at all (a kind spelled with escapes does not count). */
function* mayBeAtlas(text: string, from: number, to: number, budget: Budget): Generator<void, boolean> {
  for (let at = from; at < to; at += SEARCH_WINDOW) {
    // Windows overlap by the longest word's length less one, so a word across an edge is found.
    const window = text.slice(at, Math.min(to, at + SEARCH_WINDOW + 16));
    budget.add(window.length >> 7);
    if (MAY_BE_ATLAS.test(window)) {
      return true;
    }
    if (budget.due) {
      budget.step();
      yield;
    }
  }
  return false;
}

/** A document the reader could not place: the library parses it whole, if it is short enough. */
function* collectParsed(text: string, from: number, to: number, out: Collector, budget: Budget): Generator<void, void> {
  if (to - from > SECTION_LIMIT) {
    return;
  }
  const unit = text.slice(from, to);
  budget.parse(unit.length);
  const docs = yaml().parseAllDocuments(unit, PARSE_OPTIONS);
  for (const doc of Array.isArray(docs) ? docs : []) {
    const root = doc.contents;
    const view = libraryView(root, unit, from);
    if (view.type === 'map' && isManifest(view.get('kind'), view.get('apiVersion'))) {
      yield* collectDocument(text, view, (root?.range?.[0] ?? 0) + from, out, budget);
    }
  }
}

function* collectDocument(
  text: string,
  root: MapView,
  blockStart: number,
  out: Collector,
  budget: Budget,
): Generator<void, void> {
  const kind = viewString(root.get('kind')) ?? '';
  const name = viewString(viewGet(root.get('metadata'), 'name')) ?? '';
  const blockName = `${kind}/${name}`;
  const push = (
    node: View | undefined,
    k: ReferenceKind,
    context: string,
    projectId?: string,
    provider?: ProviderName,
  ): void => {
    const t = node?.type === 'scalar' ? node.token : undefined;
    if (t) {
      budget.add(5);
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
  const spec = root.get('spec');
  const status = root.get('status');
  const externalProject = viewGet(viewGet(spec, 'externalProjectRef'), 'id');
  push(externalProject, 'project', 'spec.externalProjectRef.id');
  if (kind === 'AtlasProject') {
    const projectId = wellFormed(viewString(viewGet(status, 'id')));
    push(viewGet(status, 'id'), 'project', 'status.id');
    const specPeers = viewGet(spec, 'networkPeers');
    const specItems = specPeers?.type === 'seq' ? specPeers.items : [];
    for (let i = 0; i < specItems.length; i++) {
      const p = specItems[i];
      // The operator defaults providerName to AWS (api/v1/networkpeer.go).
      const provider = asProviderName(viewString(viewGet(p, 'providerName'))) ?? 'AWS';
      push(viewGet(p, 'containerId'), 'container', `spec.networkPeers[${i}].containerId`, projectId, provider);
      yield* pause(budget);
    }
    const statusPeers = viewGet(status, 'networkPeers');
    const statusItems = statusPeers?.type === 'seq' ? statusPeers.items : [];
    for (let i = 0; i < statusItems.length; i++) {
      const p = statusItems[i];
      const provider = asProviderName(viewString(viewGet(p, 'providerName')));
      push(viewGet(p, 'id'), 'peer', `status.networkPeers[${i}].id`, projectId, provider);
      push(viewGet(p, 'containerId'), 'container', `status.networkPeers[${i}].containerId`, projectId, provider);
      yield* pause(budget);
    }
  } else if (kind === 'AtlasNetworkPeering' || kind === 'AtlasNetworkContainer') {
    const projectId = wellFormed(viewString(externalProject));
    const provider = asProviderName(viewString(viewGet(spec, 'provider')));
    const own: ReferenceKind = kind === 'AtlasNetworkPeering' ? 'peer' : 'container';
    push(viewGet(spec, 'id'), own, 'spec.id', projectId, provider);
    push(viewGet(status, 'id'), own, 'status.id', projectId, provider);
    if (own === 'peer') {
      push(viewGet(viewGet(spec, 'containerRef'), 'id'), 'container', 'spec.containerRef.id', projectId, provider);
      // The operator's own sample (config/samples) still puts containerId at spec level.
      push(viewGet(spec, 'containerId'), 'container', 'spec.containerId', projectId, provider);
    }
    const specId = viewGet(spec, 'id');
    out.resources?.push({
      source: 'kubernetes',
      kind: own,
      address: blockName,
      start: blockStart,
      projectId,
      atlasId: wellFormed(viewString(specId)),
      ...(specId?.type === 'scalar' && specId.token
        ? { idRange: { start: specId.token.start, end: specId.token.end } }
        : {}),
      provider,
      values: specValues(text, root, OPERATOR_SPEC_PATHS[own]),
    });
  }
}

/** The scalar values a manifest sets at these paths, with how each is quoted. */
function specValues(text: string, root: MapView, paths: ReadonlySet<string>): IacValue[] {
  const values: IacValue[] = [];
  for (const path of paths) {
    let view: View | undefined = root;
    for (const key of path.split('.')) {
      view = viewGet(view, key);
    }
    const token = view?.type === 'scalar' ? view.token : undefined;
    if (!token || view?.type !== 'scalar' || view.value === undefined) {
      continue;
    }
    const quote = text.charCodeAt(token.start - 1);
    values.push({
      name: path,
      value: view.value,
      range: { start: token.start, end: token.end },
      syntax: quote === 34 ? 'yamlDouble' : quote === 39 ? 'yamlSingle' : 'yamlPlain',
    });
  }
  return values;
}

function* pause(budget: Budget): Generator<void, void> {
  budget.add(10);
  if (budget.due) {
    budget.step();
    yield;
  }
}
