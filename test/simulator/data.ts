// The simulator's mutable store. Tests change it while the server runs (a peer moves from
// INITIATING to AVAILABLE, a project appears) to exercise refresh, polling and cache invalidation.

import { atlasId } from './seed';
import type {
  AccessListEntryJson,
  ClusterJson,
  ContainerJson,
  EventJson,
  PeerJson,
  ProviderName,
  ResourceTag,
  SeedData,
  SeedProject,
} from './types';

export interface ProjectRecord {
  id: string;
  name: string;
  orgId: string;
  created: string;
  clusterCount: number;
  tags: ResourceTag[];
  withDefaultAlertsSettings: boolean;
  containers: ContainerJson[];
  peers: PeerJson[];
  accessList: AccessListEntryJson[];
  clusters: ClusterJson[];
  events: EventJson[];
}

const DEFAULT_CREATED = '2024-01-01T00:00:00Z';

let addedCounter = 0;

export class SimulatorData {
  readonly orgId: string;
  /** Insertion-ordered, as Atlas lists projects in a stable order. */
  readonly projects = new Map<string, ProjectRecord>();

  /** Organization names by id: the seed's, and the default org's. */
  readonly orgNames = new Map<string, string>();

  constructor(seed: SeedData) {
    this.orgId = seed.orgId ?? atlasId('org:demo');
    this.orgNames.set(this.orgId, 'Demo Organization');
    for (const org of seed.orgs ?? []) {
      this.orgNames.set(org.id, org.name);
    }
    for (const project of seed.projects) {
      this.addProject(project);
    }
  }

  addProject(project: Partial<SeedProject> & { name: string }): ProjectRecord {
    const record: ProjectRecord = {
      id: project.id ?? atlasId(`added-project:${project.name}:${++addedCounter}`),
      name: project.name,
      orgId: project.orgId ?? this.orgId,
      created: project.created ?? DEFAULT_CREATED,
      clusterCount: project.clusterCount ?? 0,
      tags: project.tags ?? [],
      withDefaultAlertsSettings: project.withDefaultAlertsSettings ?? true,
      containers: [...(project.containers ?? [])],
      peers: [...(project.peers ?? [])],
      accessList: [...(project.accessList ?? [])],
      clusters: [...(project.clusters ?? [])],
      events: [...(project.events ?? [])],
    };
    this.projects.set(record.id, record);
    return record;
  }

  removeProject(groupId: string): boolean {
    return this.projects.delete(groupId);
  }

  getProject(groupId: string): ProjectRecord | undefined {
    return this.projects.get(groupId);
  }

  listPeers(groupId: string, provider: ProviderName): PeerJson[] {
    return this.require(groupId).peers.filter((peer) => peer.providerName === provider);
  }

  getPeer(groupId: string, peerId: string): PeerJson | undefined {
    return this.projects.get(groupId)?.peers.find((peer) => peer.id === peerId);
  }

  /** Adds a peer (id generated when missing); its container is expected to exist in the project. */
  addPeer(groupId: string, peer: Omit<PeerJson, 'id'> & { id?: string }): PeerJson {
    const project = this.require(groupId);
    const stored = { ...peer, id: peer.id ?? atlasId(`added-peer:${groupId}:${++addedCounter}`) } as PeerJson;
    project.peers.push(stored);
    return stored;
  }

  removePeer(groupId: string, peerId: string): boolean {
    const project = this.projects.get(groupId);
    if (!project) {
      return false;
    }
    const before = project.peers.length;
    project.peers = project.peers.filter((peer) => peer.id !== peerId);
    return project.peers.length !== before;
  }

  /**
   * Sets the status field of the peer's provider (statusName for AWS, status for Azure and GCP)
   * and its error field (errorStateName, errorState, errorMessage). The error field is removed when
   * errorText is omitted, as Atlas clears it once a peer is healthy again.
   */
  setPeerStatus(groupId: string, peerId: string, status: string, errorText?: string): PeerJson {
    const peer = this.getPeer(groupId, peerId);
    if (!peer) {
      throw new Error(`Simulator: no peer ${peerId} in project ${groupId}`);
    }
    switch (peer.providerName) {
      case 'AWS':
        peer.statusName = status;
        if (errorText) {
          peer.errorStateName = errorText as typeof peer.errorStateName;
        } else {
          delete peer.errorStateName;
        }
        break;
      case 'AZURE':
        peer.status = status;
        if (errorText) {
          peer.errorState = errorText;
        } else {
          delete peer.errorState;
        }
        break;
      case 'GCP':
        peer.status = status;
        if (errorText) {
          peer.errorMessage = errorText;
        } else {
          delete peer.errorMessage;
        }
        break;
    }
    return peer;
  }

  listContainers(groupId: string, provider?: ProviderName): ContainerJson[] {
    const all = this.require(groupId).containers;
    return provider ? all.filter((container) => container.providerName === provider) : all;
  }

  getContainer(groupId: string, containerId: string): ContainerJson | undefined {
    return this.projects.get(groupId)?.containers.find((container) => container.id === containerId);
  }

  addContainer(groupId: string, container: ContainerJson): ContainerJson {
    this.require(groupId).containers.push(container);
    return container;
  }

  private require(groupId: string): ProjectRecord {
    const project = this.projects.get(groupId);
    if (!project) {
      throw new Error(`Simulator: no project ${groupId}`);
    }
    return project;
  }
}
