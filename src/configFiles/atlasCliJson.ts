// Atlas CLI / Atlas Admin API JSON output: peering connections, containers and projects, recognised
// by the fields Atlas returns for each (https://www.mongodb.com/docs/api/doc/atlas-admin-api-v2/).

import { asProviderName, type ProviderName } from '../atlas/models';
import { jsonString, parseJson, prop, pushJson, type JsonNode } from './json';
import { wellFormed, type Collector } from './references';

const PEER_FIELDS = [
  'vpcId',
  'awsAccountId',
  'routeTableCidrBlock',
  'accepterRegionName',
  'statusName',
  'status',
  'vnetName',
  'azureDirectoryId',
  'networkName',
  'gcpProjectId',
  'connectionId',
];
const CONTAINER_FIELDS = [
  'providerName',
  'regionName',
  'region',
  'regions',
  'provisioned',
  'vpcId',
  'gcpProjectId',
  'networkName',
  'vnetName',
];

function inferProvider(obj: JsonNode): ProviderName | undefined {
  const named = asProviderName(jsonString(prop(obj, 'providerName')));
  if (named) {
    return named;
  }
  if (prop(obj, 'vnetName') || prop(obj, 'azureDirectoryId')) {
    return 'AZURE';
  }
  if (prop(obj, 'networkName') || prop(obj, 'gcpProjectId')) {
    return 'GCP';
  }
  if (prop(obj, 'vpcId') || prop(obj, 'awsAccountId') || prop(obj, 'regionName')) {
    return 'AWS';
  }
  return undefined;
}

/** The group id in an object's `links[].href` (Atlas responses link to /groups/{groupId}/…). */
function groupFromLinks(obj: JsonNode): string | undefined {
  const links = prop(obj, 'links');
  for (const l of links?.type === 'array' ? (links.children ?? []) : []) {
    const m = /\/groups\/([0-9a-f]{24})(?:[/?#]|$)/.exec(jsonString(prop(l, 'href')) ?? '');
    if (m) {
      return m[1];
    }
  }
  return undefined;
}

export function collectAtlasJson(text: string, out: Collector): void {
  const root = parseJson(text);
  if (!root) {
    return;
  }
  // Iterative walk: hostile input can nest deeper than the call stack.
  const stack: { node: JsonNode; groupId?: string }[] = [{ node: root }];
  while (stack.length > 0) {
    const { node, groupId: inherited } = stack.pop() as { node: JsonNode; groupId?: string };
    let groupId = inherited;
    if (node.type === 'object') {
      groupId = wellFormed(jsonString(prop(node, 'groupId'))) ?? groupFromLinks(node) ?? inherited;
      atlasObject(text, node, groupId, out);
      for (const p of node.children ?? []) {
        const v = p.children?.[1];
        if (v && (v.type === 'object' || v.type === 'array')) {
          stack.push({ node: v, groupId });
        }
      }
    } else if (node.type === 'array') {
      for (const v of node.children ?? []) {
        if (v.type === 'object' || v.type === 'array') {
          stack.push({ node: v, groupId });
        }
      }
    }
  }
}

function atlasObject(text: string, obj: JsonNode, groupId: string | undefined, out: Collector): void {
  const has = (k: string): boolean => prop(obj, k) !== undefined;
  const label = (k: string): string | undefined => jsonString(prop(obj, k)) || undefined;
  pushJson(text, prop(obj, 'groupId'), { kind: 'project', source: 'atlasJson', context: 'groupId' }, out);
  if (has('containerId') && (has('id') || PEER_FIELDS.some(has))) {
    const provider = inferProvider(obj);
    const name = label('vpcId') ?? label('vnetName') ?? label('networkName') ?? label('id') ?? '';
    const common = {
      source: 'atlasJson' as const,
      projectId: groupId,
      provider,
      blockStart: obj.offset,
      blockName: `peering connection ${name}`.trim(),
    };
    pushJson(text, prop(obj, 'id'), { ...common, kind: 'peer', context: 'peering connection id' }, out);
    pushJson(
      text,
      prop(obj, 'containerId'),
      { ...common, kind: 'container', context: 'peering connection containerId' },
      out,
    );
  } else if (has('atlasCidrBlock') && has('id') && CONTAINER_FIELDS.some(has)) {
    const common = {
      source: 'atlasJson' as const,
      projectId: groupId,
      provider: inferProvider(obj),
      blockStart: obj.offset,
      blockName: `container ${label('atlasCidrBlock') ?? ''}`.trim(),
    };
    pushJson(text, prop(obj, 'id'), { ...common, kind: 'container', context: 'container id' }, out);
  } else if (has('id') && has('name') && (has('orgId') || has('clusterCount'))) {
    pushJson(
      text,
      prop(obj, 'id'),
      {
        kind: 'project',
        source: 'atlasJson',
        context: 'project id',
        blockStart: obj.offset,
        blockName: `project ${label('name') ?? ''}`.trim(),
      },
      out,
    );
  }
}
