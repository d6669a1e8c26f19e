// Shared by the generated-code tests: HashiCorp's HCL parser (WebAssembly build, tests only), the
// operator CRD field list, and the demo seed as models.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseHclToJson } from '@cdktf/hcl2json';
import { parseContainer, parsePeer, type Container, type Peer, type ProviderName } from '../../../src/atlas/models';
import { demoSeed } from '../../simulator/seed';

export type Json = Record<string, unknown>;

/** The Terraform JSON form of a .tf text, from the real HCL parser; rejects what Terraform rejects. */
export async function parseTerraform(text: string): Promise<Json> {
  return (await parseHclToJson('generated.tf', text)) as Json;
}

/**
 * The literal value of a string in Terraform's JSON form, where `$${` and `%%{` stand for literal
 * `${` and `%{`. Throws on a real interpolation or directive: generated code must never hold one.
 */
export function literalString(template: unknown): string {
  if (typeof template !== 'string') {
    throw new Error(`not a string: ${JSON.stringify(template)}`);
  }
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const rest = template.slice(i, i + 3);
    if (rest === '$${' || rest === '%%{') {
      out += `${rest[0]}{`;
      i += 2;
    } else if (rest.startsWith('${') || rest.startsWith('%{')) {
      throw new Error(`template sequence at ${i} in ${template.slice(0, 200)}`);
    } else {
      out += template[i];
    }
  }
  return out;
}

/** The one block body `resource.<type>.<label>` in a parsed file. */
export function resourceBody(parsed: Json, type: string, label: string): Json {
  const byType = (parsed.resource as Record<string, Record<string, Json[]>> | undefined)?.[type];
  const bodies = byType?.[label];
  if (!bodies || bodies.length !== 1) {
    throw new Error(`no single resource ${type}.${label}; have ${Object.keys(byType ?? {}).join(', ')}`);
  }
  return bodies[0];
}

export function resourceLabels(parsed: Json, type: string): string[] {
  return Object.keys((parsed.resource as Record<string, Json> | undefined)?.[type] ?? {});
}

/** `to` address → import id, of every import block. */
export function importIds(parsed: Json): Map<string, string> {
  const blocks = (parsed.import as { to: string; id: unknown }[] | undefined) ?? [];
  return new Map(blocks.map((b) => [b.to.replace(/^\$\{(.*)\}$/, '$1'), literalString(b.id)]));
}

/** Every literal value of a block body, arrays element by element. */
export function literalBody(body: Json): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(body)) {
    out[key] = Array.isArray(value) ? value.map(literalString) : literalString(value);
  }
  return out;
}

interface CrdFields {
  apiVersion: string;
  kinds: Record<string, string[]>;
  requiredSpec: Record<string, string[]>;
  providerEnum: string[];
}

export const CRD_FIELDS = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../../test/fixtures/operator-crd-fields.json'), 'utf8'),
) as CrdFields;

/** Dotted paths of every scalar (or array) leaf under `value`. */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
  }
  return [prefix];
}

export function pathValue(doc: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, key) => (node as Json | undefined)?.[key], doc);
}

export interface SeedProjectModels {
  id: string;
  name: string;
  containers: Container[];
  peers: Peer[];
}

/** The demo seed's projects with peers (the load test's 620 left out: same shape, slow to parse). */
export function seedProjects(): SeedProjectModels[] {
  return demoSeed()
    .projects.filter((p) => p.peers.length > 0 && p.peers.length < 100)
    .map((p) => ({
      id: p.id,
      name: p.name,
      containers: p.containers.map((c) => parseContainer(c)),
      peers: p.peers.map((peer) => parsePeer(peer)),
    }));
}

export function seedPeers(): { projectId: string; peer: Peer; container: Container | undefined }[] {
  return seedProjects().flatMap((project) =>
    project.peers.map((peer) => ({
      projectId: project.id,
      peer,
      container: project.containers.find((c) => c.id === peer.containerId),
    })),
  );
}

export function providersOf(peers: readonly { peer: Peer }[]): Set<ProviderName> {
  return new Set(peers.map((p) => p.peer.providerName));
}

/**
 * A peer and its container of `provider` with `value` in every string field Atlas returns (ids
 * prefixed so they differ), the way a hostile or broken server could send them.
 */
export function modelsWithEveryField(provider: ProviderName, value: string): { peer: Peer; container: Container } {
  const container = parseContainer({
    id: `c${value}`,
    providerName: provider,
    atlasCidrBlock: value,
    regionName: value,
    region: value,
    regions: [value, `${value}2`],
  });
  const peer = parsePeer({
    id: `p${value}`,
    containerId: container.id,
    providerName: provider,
    accepterRegionName: value,
    awsAccountId: value,
    routeTableCidrBlock: value,
    vpcId: value,
    azureDirectoryId: value,
    azureSubscriptionId: value,
    resourceGroupName: value,
    vnetName: value,
    gcpProjectId: value,
    networkName: value,
    statusName: value,
    status: value,
  });
  return { peer, container };
}
