// Kubernetes manifests that adopt existing Atlas peers and containers into the Atlas Kubernetes
// operator: an AtlasNetworkContainer and an AtlasNetworkPeering per peer, each naming the existing
// Atlas object in `spec.id`. Pure: no `vscode` import.
//
// The documents are built as objects and written by the `yaml` library, never by string
// concatenation, so a hostile value from Atlas stays one scalar. CRDs:
// https://github.com/mongodb/mongodb-atlas-kubernetes/blob/main/config/crd/bases/atlas.mongodb.com_atlasnetworkpeerings.yaml
// https://github.com/mongodb/mongodb-atlas-kubernetes/blob/main/config/crd/bases/atlas.mongodb.com_atlasnetworkcontainers.yaml

import { atlasRegionToAws, type Container, type Peer } from '../../atlas/models';
import { yaml } from '../../configFiles/yamlLibrary';
import { containerFields, fieldValue, peerFields, type FieldMapping } from '../../configFiles/fieldMap';
import { fileGenerator, kubernetesName, NameAllocator } from './names';

export const OPERATOR_API_VERSION = 'atlas.mongodb.com/v1';
/**
 * The operator needs a Secret with an Atlas API key for a project it references by id; the
 * manifests name this one, which the user creates (or renames) before applying.
 */
export const CONNECTION_SECRET_PLACEHOLDER = 'atlas-operator-api-key';

type Manifest = Record<string, unknown>;

function setPath(target: Manifest, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Manifest;
  }
  node[keys[keys.length - 1]] = value;
}

/** `spec` values from the field table; status fields are the operator's to write, and nulls stay out. */
function specOf<Model>(model: Model, mappings: readonly FieldMapping<Model>[], doc: Manifest): void {
  for (const mapping of mappings) {
    const value = fieldValue(model, mapping);
    if (mapping.operator?.startsWith('spec.') && value !== null) {
      setPath(doc, mapping.operator, value);
    }
  }
}

function manifest(kind: string, name: string, projectId: string): Manifest & { spec: Manifest } {
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind,
    metadata: { name },
    spec: {
      externalProjectRef: { id: projectId },
      connectionSecret: { name: CONNECTION_SECRET_PLACEHOLDER },
    },
  };
}

function containerManifest(projectId: string, container: Container, name: string): Manifest {
  const doc = manifest('AtlasNetworkContainer', name, projectId);
  specOf(container, containerFields(container), doc);
  return doc;
}

/**
 * The peer's accepter region, which the CRD requires: Atlas returns null when the VPC is in the
 * container's region, and Terraform then uses the container's region in AWS style (see
 * https://github.com/mongodb/terraform-provider-mongodbatlas/issues/53); this does the same.
 */
export function operatorAccepterRegion(peer: Peer, container: Container | undefined): string | null {
  if (peer.providerName !== 'AWS') {
    return null;
  }
  return peer.accepterRegionName ?? (container?.providerName === 'AWS' ? atlasRegionToAws(container.regionName) : null);
}

function peerManifest(projectId: string, peer: Peer, container: Container | undefined, name: string): Manifest {
  const doc = manifest('AtlasNetworkPeering', name, projectId);
  specOf(peer, peerFields(peer), doc);
  const accepterRegion = operatorAccepterRegion(peer, container);
  if (accepterRegion !== null) {
    setPath(doc, 'spec.awsConfiguration.accepterRegionName', accepterRegion);
  }
  return doc;
}

const HEADER =
  ' Adopts existing MongoDB Atlas network peering into the Atlas Kubernetes operator.\n' +
  ` Create the Secret ${CONNECTION_SECRET_PLACEHOLDER} with an Atlas API key, or rename it, before applying.`;

function stringify(docs: readonly Manifest[]): string {
  const y = yaml();
  return docs
    .map((doc, i) => {
      const document = new y.Document(doc);
      if (i === 0) {
        document.commentBefore = HEADER;
      }
      return document.toString();
    })
    .join('---\n');
}

const GENERATOR = fileGenerator(
  (projectId) => ({
    names: () => new NameAllocator(kubernetesName, '-'),
    container: (container, name) => containerManifest(projectId, container, name),
    peer: (peer, container, name) => peerManifest(projectId, peer, container, name),
  }),
  stringify,
);

export const manifestsForPeer = GENERATOR.forPeer;
export const manifestsForProject = GENERATOR.forProject;
