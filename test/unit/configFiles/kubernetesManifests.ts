// Random Atlas operator manifests for the differential test of the Kubernetes scanner: random
// kinds, key order, quoting styles, comments, blank lines, indentation widths, sequence styles,
// block scalars, unrelated keys, several documents, and now and then what the block reader leaves
// to the library (flow collections, anchors, aliases, tags, complex keys, document end markers).
// Deterministic: a seed gives one text.

export type Random = () => number;

/** mulberry32: a small seeded generator (the texts must be reproducible from a failing seed). */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Node =
  | { t: 'scalar'; value: string }
  | { t: 'map'; entries: [string, Node][] }
  | { t: 'seq'; items: Node[] }
  /** Rendered as is after the key (flow collections, aliases, tagged or anchored values). */
  | { t: 'raw'; text: string; block?: Node };

class Gen {
  constructor(readonly r: Random) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  hex(): string {
    let s = '';
    for (let i = 0; i < 24; i++) {
      s += '0123456789abcdef'[this.int(0, 15)];
    }
    return s;
  }
  id(): string {
    return this.chance(0.8)
      ? this.hex()
      : this.pick([
          'pcx-0123',
          '123456789012345678901234',
          '5e12345678901234567890123',
          'vpc-abc',
          '',
          'null',
          '~',
          'true',
          '0x1F',
          '1e3',
          'a b',
          ' spaced ',
          '5cbf563d87d9d67253be590a # not a comment',
        ]);
  }
  word(): string {
    return this.pick(['AWS', 'GCP', 'AZURE', 'aws', 'my-peering', 'item-7', 'Atlas', 'x.y/z', 'True', '12', 'null']);
  }
}

const KINDS = [
  'AtlasProject',
  'AtlasNetworkPeering',
  'AtlasNetworkContainer',
  'AtlasDeployment',
  'Deployment',
  'ConfigMap',
];
const API_VERSIONS = ['atlas.mongodb.com/v1', 'v1', 'apps/v1', 'atlas.mongodb.com/v1beta1'];

function scalar(value: string): Node {
  return { t: 'scalar', value };
}

function shuffle<T>(g: Gen, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = g.int(0, i);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

function unrelated(g: Gen, depth: number): Node {
  const roll = g.int(0, 5);
  if (roll === 0 && depth < 3) {
    const entries: [string, Node][] = [];
    for (let i = 0, n = g.int(0, 4); i < n; i++) {
      entries.push([
        g.pick(['app.kubernetes.io/name', 'x', 'id', 'kind', 'spec', 'name', `k${i}`]),
        unrelated(g, depth + 1),
      ]);
    }
    return { t: 'map', entries };
  }
  if (roll === 1 && depth < 3) {
    return { t: 'seq', items: Array.from({ length: g.int(0, 3) }, () => unrelated(g, depth + 1)) };
  }
  if (roll === 2) {
    // Lines that look like keys, items, comments and document markers, inside a block scalar.
    return scalar(`|\nid: ${g.hex()}\n- kind: AtlasProject\n# not a comment\n\n  spec:\n---`);
  }
  if (roll === 3) {
    return { t: 'raw', text: g.pick(['{a: 1, id: x}', '[1, 2]', '{}', '[]', '"q: \\"x\\""', "'it''s'"]) };
  }
  return scalar(g.chance(0.5) ? g.id() : g.word());
}

function peers(g: Gen, status: boolean): Node {
  if (g.chance(0.05)) {
    return { t: 'raw', text: `[{containerId: ${g.hex()}, providerName: GCP}]` };
  }
  const items: Node[] = [];
  for (let i = 0, n = g.int(0, 4); i < n; i++) {
    if (g.chance(0.1)) {
      items.push(g.chance(0.5) ? scalar(g.word()) : { t: 'raw', text: '' });
      continue;
    }
    const entries: [string, Node][] = [];
    if (g.chance(0.8)) {
      entries.push(['providerName', scalar(g.word())]);
    }
    if (g.chance(0.9)) {
      entries.push(['containerId', scalar(g.id())]);
    }
    if (status || g.chance(0.2)) {
      entries.push(['id', scalar(g.id())]);
    }
    if (g.chance(0.5)) {
      entries.push(['vpc', scalar(`vpc-${g.int(0, 999)}`)]);
    }
    if (g.chance(0.2)) {
      entries.push(['extra', unrelated(g, 1)]);
    }
    items.push({ t: 'map', entries: shuffle(g, entries) });
  }
  return { t: 'seq', items };
}

function spec(g: Gen, kind: string): Node {
  const entries: [string, Node][] = [];
  if (g.chance(0.8)) {
    entries.push(['externalProjectRef', { t: 'map', entries: [['id', scalar(g.id())]] }]);
  }
  if (kind !== 'AtlasProject' || g.chance(0.2)) {
    if (g.chance(0.9)) {
      entries.push(['id', scalar(g.id())]);
    }
    if (g.chance(0.8)) {
      entries.push(['provider', scalar(g.word())]);
    }
    if (g.chance(0.4)) {
      entries.push(['containerRef', { t: 'map', entries: [['id', scalar(g.id())]] }]);
    }
    if (g.chance(0.3)) {
      entries.push(['containerId', scalar(g.id())]);
    }
  }
  if (kind === 'AtlasProject' || g.chance(0.1)) {
    entries.push(['networkPeers', peers(g, false)]);
  }
  for (let i = 0, n = g.int(0, 3); i < n; i++) {
    entries.push([g.pick(['awsConfiguration', 'name', 'projectIpAccessList', 'cidr']), unrelated(g, 1)]);
  }
  if (g.chance(0.05)) {
    return { t: 'raw', text: `{id: ${g.hex()}, provider: AWS, externalProjectRef: {id: ${g.hex()}}}` };
  }
  if (g.chance(0.05)) {
    return { t: 'raw', text: g.pick(['&spec', '!!map']), block: { t: 'map', entries: shuffle(g, entries) } };
  }
  return { t: 'map', entries: shuffle(g, entries) };
}

function manifest(g: Gen): Node {
  const kind = g.pick(KINDS);
  const entries: [string, Node][] = [];
  if (g.chance(0.95)) {
    entries.push(['kind', scalar(kind)]);
  }
  if (g.chance(0.9)) {
    entries.push(['apiVersion', scalar(g.pick(API_VERSIONS))]);
  }
  const labels: [string, Node][] = Array.from({ length: g.int(0, 6) }, (_, i) => [
    g.pick([`l${i}`, `app.kubernetes.io/c${i}`, `"q${i}"`]),
    scalar(g.word()),
  ]);
  const metadata: [string, Node][] = [['name', scalar(g.word())]];
  if (labels.length > 0) {
    metadata.push(['labels', { t: 'map', entries: labels }]);
  }
  if (g.chance(0.3)) {
    metadata.push(['annotations', { t: 'map', entries: [['note', unrelated(g, 2)]] }]);
  }
  if (g.chance(0.9)) {
    entries.push(['metadata', { t: 'map', entries: shuffle(g, metadata) }]);
  }
  if (g.chance(0.9)) {
    entries.push(['spec', spec(g, kind)]);
  }
  if (g.chance(0.6)) {
    const status: [string, Node][] = [['id', scalar(g.id())]];
    if (kind === 'AtlasProject') {
      status.push(['networkPeers', peers(g, true)]);
    }
    entries.push(['status', { t: 'map', entries: shuffle(g, status) }]);
  }
  if (g.chance(0.1)) {
    entries.push(['kind', scalar(g.pick(KINDS))]);
  }
  for (let i = 0, n = g.int(0, 2); i < n; i++) {
    entries.push([`extra${i}`, unrelated(g, 0)]);
  }
  if (g.chance(0.03)) {
    entries.push(['<<', { t: 'raw', text: '{kind: AtlasProject}' }]);
  }
  return { t: 'map', entries: shuffle(g, entries) };
}

interface Style {
  width: number;
  compactSeq: boolean;
  crlf: boolean;
}

class Writer {
  readonly lines: string[] = [];
  constructor(
    readonly g: Gen,
    readonly s: Style,
  ) {}
  noise(indent: number): void {
    if (this.g.chance(0.08)) {
      this.lines.push('');
    }
    if (this.g.chance(0.08)) {
      this.lines.push(`${' '.repeat(this.g.int(0, indent + 2))}# comment: id: ${this.g.hex()}`);
    }
  }
  key(k: string): string {
    if (/^["'<]/.test(k)) {
      return k;
    }
    return this.g.chance(0.1) ? `"${k}"` : this.g.chance(0.05) ? `'${k}'` : k;
  }
  /** `head` is what comes before the value on its line (`key:` or `- key:`), at column `indent`. */
  scalarValue(head: string, value: string, indent: number): void {
    const g = this.g;
    const pad = ' '.repeat(indent + this.s.width);
    const comment = g.chance(0.1) ? '  # c' : '';
    if (value.startsWith('|\n')) {
      this.lines.push(`${head} ${g.pick(['|', '>', '|-', '>+'])}`);
      for (const l of value.slice(2).split('\n')) {
        this.lines.push(l === '' ? '' : pad + l);
      }
      return;
    }
    const plainOk = /^[A-Za-z0-9_][\w./-]*$/.test(value) || /^[A-Za-z0-9][\w ./-]*[\w.]$/.test(value);
    const style = g.int(0, 9);
    if (style <= 3 && plainOk) {
      this.lines.push(`${head} ${value}${comment}`);
    } else if (style <= 5 || !plainOk) {
      this.lines.push(`${head} "${value}"${comment}`);
    } else if (style === 6) {
      this.lines.push(`${head} '${value}'${comment}`);
    } else if (style === 7 && plainOk) {
      this.lines.push(head, `${pad}${value}`);
    } else if (style === 8) {
      this.lines.push(`${head} ${g.pick(['|', '>'])}`, `${pad}${value}`);
    } else {
      this.lines.push(`${head} ${g.pick(['!!str ', '&a' + g.int(0, 9) + ' ', ''])}"${value}"`);
    }
  }
  node(head: string, node: Node, indent: number): void {
    switch (node.t) {
      case 'scalar':
        this.scalarValue(head, node.value, indent);
        return;
      case 'raw':
        this.lines.push(node.text === '' ? head : `${head} ${node.text}`);
        if (node.block) {
          this.block(node.block, indent + this.s.width);
        }
        return;
      default:
        this.lines.push(this.g.chance(0.1) ? `${head}  # section` : head);
        this.block(node, node.t === 'seq' && this.s.compactSeq ? indent : indent + this.s.width);
    }
  }
  block(node: Node, indent: number): void {
    const pad = ' '.repeat(indent);
    if (node.t === 'map') {
      if (node.entries.length === 0) {
        this.lines.push(`${pad}{}`);
      }
      for (const [k, v] of node.entries) {
        this.noise(indent);
        this.node(`${pad}${this.key(k)}:`, v, indent);
      }
    } else if (node.t === 'seq') {
      if (node.items.length === 0) {
        this.lines.push(`${pad}[]`);
      }
      for (const item of node.items) {
        this.noise(indent);
        if (item.t === 'map' && item.entries.length > 0 && this.g.chance(0.8)) {
          // The first key on the item's line, the others under it.
          const [[k0, v0], ...rest] = item.entries;
          this.node(`${pad}- ${this.key(k0)}:`, v0, indent + 2);
          if (rest.length > 0) {
            this.block({ t: 'map', entries: rest }, indent + 2);
          }
        } else if (item.t === 'map' || item.t === 'seq') {
          this.lines.push(`${pad}-`);
          this.block(item, indent + this.s.width);
        } else if (item.t === 'raw') {
          this.lines.push(`${pad}-${item.text ? ' ' + item.text : ''}`);
        } else {
          this.scalarValue(`${pad}-`, item.value, indent);
        }
      }
    }
  }
}

/** One to four manifests, with `---` between them (and sometimes before the first). */
export function manifests(seed: number): string {
  const g = new Gen(seeded(seed));
  const style: Style = { width: g.pick([2, 4]), compactSeq: g.chance(0.5), crlf: g.chance(0.1) };
  const docs: string[] = [];
  for (let i = 0, n = g.int(1, 4); i < n; i++) {
    const w = new Writer(g, style);
    if (i > 0 || g.chance(0.3)) {
      w.lines.push(g.pick(['---', '--- # doc', '---  ']));
    }
    if (g.chance(0.03)) {
      w.lines.push('? kind', ': AtlasProject');
    }
    w.block(manifest(g), g.chance(0.05) ? 2 : 0);
    if (g.chance(0.03)) {
      w.lines.push('...', 'kind: AtlasNetworkContainer', 'spec:', `  id: ${g.hex()}`);
    }
    docs.push(w.lines.join('\n'));
  }
  const text = (g.chance(0.03) ? '\ufeff' : '') + docs.join('\n') + (g.chance(0.8) ? '\n' : '');
  return style.crlf ? text.replace(/\n/g, '\r\n') : text;
}
