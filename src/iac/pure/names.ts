// Names for generated resources: Terraform resource labels and Kubernetes object names, derived
// from Atlas ids, and the order of a generated file's parts. Pure: no `vscode` import.
//
// An id from Atlas is 24 hex digits, but a hostile or broken response can send anything, so a name
// keeps only characters its format allows and is made unique within one generated file.

import type { Container, Peer } from '../../atlas/models';

/** The input an id-derived name falls back to when nothing usable is left of the id. */
const EMPTY_ID = 'unnamed';
/** Long enough for a 24-hex id and a prefix; Kubernetes labels stop at 63 characters. */
const MAX_NAME = 63;

/** Hands out names unique within one file: a repeated name gets `<sep>2`, `<sep>3`, … */
export class NameAllocator {
  private readonly used = new Set<string>();

  constructor(
    private readonly format: (prefix: string, id: string) => string,
    private readonly separator: string,
  ) {}

  allocate(prefix: string, id: string): string {
    const base = this.format(prefix, id);
    let name = base;
    for (let n = 2; this.used.has(name); n++) {
      name = `${base}${this.separator}${n}`;
    }
    this.used.add(name);
    return name;
  }
}

/** A Terraform identifier: a letter first (the prefix), then letters, digits and underscores. */
export function terraformLabel(prefix: string, id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  return `${prefix}_${cleaned || EMPTY_ID}`.slice(0, MAX_NAME);
}

/** A Kubernetes object name (RFC 1123 label): lowercase letters, digits and inner hyphens. */
export function kubernetesName(prefix: string, id: string): string {
  const cleaned = id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${prefix}-${cleaned || EMPTY_ID}`.slice(0, MAX_NAME).replace(/-+$/, '');
}

export interface PartMakers<Part> {
  /** A fresh allocator: names are unique within one file. */
  names: () => NameAllocator;
  container: (container: Container, name: string) => Part;
  /** `container` is undefined when the list lacks the peer's container. */
  peer: (peer: Peer, container: Container | undefined, name: string) => Part;
}

/** A generated file's parts: every container, then every peer with its container, each named once. */
function fileParts<Part>(containers: readonly Container[], peers: readonly Peer[], makers: PartMakers<Part>): Part[] {
  const names = makers.names();
  return [
    ...containers.map((c) => makers.container(c, names.allocate('container', c.id))),
    ...peers.map((p) =>
      makers.peer(
        p,
        containers.find((c) => c.id === p.containerId),
        names.allocate('peer', p.id),
      ),
    ),
  ];
}

export interface FileGenerator {
  /** One peer and its container (when known). */
  forPeer(projectId: string, peer: Peer, container: Container | undefined): string;
  /** Every container and peer of a project, in one file. */
  forProject(projectId: string, containers: readonly Container[], peers: readonly Peer[]): string;
}

/** A generator from how to write each part for a project and how to join the parts into a file. */
export function fileGenerator<Part>(
  makers: (projectId: string) => PartMakers<Part>,
  join: (parts: Part[]) => string,
): FileGenerator {
  return {
    forPeer: (projectId, peer, container) => join(fileParts(container ? [container] : [], [peer], makers(projectId))),
    forProject: (projectId, containers, peers) => join(fileParts(containers, peers, makers(projectId))),
  };
}
