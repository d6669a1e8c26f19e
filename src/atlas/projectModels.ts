// Models of the project reads beside peering: IP access list entries, clusters (their regions and
// connection strings) and project events. Parsed leniently like peers: a missing or odd field
// becomes null, never an exception, because a peer's details must still render.

import { asObject, asProviderName, Json, ProviderName, str } from './models';

export interface AccessListEntry {
  cidrBlock: string | null;
  ipAddress: string | null;
  awsSecurityGroup: string | null;
  comment: string | null;
}

export function parseAccessListEntry(json: unknown): AccessListEntry {
  const o = asObject(json);
  return {
    cidrBlock: str(o, 'cidrBlock'),
    ipAddress: str(o, 'ipAddress'),
    awsSecurityGroup: str(o, 'awsSecurityGroup'),
    comment: str(o, 'comment'),
  };
}

export interface ClusterRegion {
  /** null for a provider this extension does not peer with (TENANT, flex). */
  providerName: ProviderName | null;
  /** Atlas-style: US_EAST_1, US_EAST_2, CENTRAL_US. */
  regionName: string;
}

export interface ClusterConnectionStrings {
  standard: string | null;
  standardSrv: string | null;
  /** Private IP for peering; on GCP only once the peering is AVAILABLE. */
  private: string | null;
  privateSrv: string | null;
}

export interface Cluster {
  id: string;
  name: string;
  stateName: string | null;
  /** Every region of every replication spec, once each, in the order Atlas lists them. */
  regions: ClusterRegion[];
  connectionStrings: ClusterConnectionStrings;
}

/**
 * Drops the user info of a mongodb:// or mongodb+srv:// string. Atlas sends none, but a string that
 * carried one (a proxy, a hostile server) must not reach a copy button or a log.
 */
export function withoutCredentials(uri: string | null): string | null {
  if (uri === null) {
    return null;
  }
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^/?#]*@/i, '$1');
}

export function parseCluster(json: unknown): Cluster {
  const o = asObject(json);
  const regions: ClusterRegion[] = [];
  const seen = new Set<string>();
  for (const spec of Array.isArray(o.replicationSpecs) ? o.replicationSpecs : []) {
    const configs = asObject(spec).regionConfigs;
    for (const config of Array.isArray(configs) ? configs : []) {
      const c = asObject(config);
      const regionName = str(c, 'regionName');
      const providerName = asProviderName(c.providerName) ?? null;
      const key = `${providerName}/${regionName}`;
      if (regionName && !seen.has(key)) {
        seen.add(key);
        regions.push({ providerName, regionName });
      }
    }
  }
  const cs: Json = asObject(o.connectionStrings);
  const id = str(o, 'id') ?? '';
  return {
    id,
    name: str(o, 'name') ?? id,
    stateName: str(o, 'stateName'),
    regions,
    connectionStrings: {
      standard: withoutCredentials(str(cs, 'standard')),
      standardSrv: withoutCredentials(str(cs, 'standardSrv')),
      private: withoutCredentials(str(cs, 'private')),
      privateSrv: withoutCredentials(str(cs, 'privateSrv')),
    },
  };
}

export interface AtlasEvent {
  id: string;
  eventTypeName: string | null;
  /** ISO 8601 as Atlas sent it; null when missing. */
  created: string | null;
  /** Milliseconds since the epoch, or null when `created` is missing or not a date. */
  createdMs: number | null;
  resourceId: string | null;
}

export function parseEvent(json: unknown): AtlasEvent {
  const o = asObject(json);
  const created = str(o, 'created');
  const ms = created === null ? NaN : Date.parse(created);
  return {
    id: str(o, 'id') ?? '',
    eventTypeName: str(o, 'eventTypeName'),
    created,
    createdMs: Number.isFinite(ms) ? ms : null,
    resourceId: str(o, 'resourceId'),
  };
}

/** The peering event types of listGroupEvents (Atlas Admin API v2 spec, EventTypeForNdsGroup). */
export const PEERING_EVENT_TYPES = [
  'PEER_CREATED',
  'PEER_DELETED',
  'PEER_UPDATED',
  'AZURE_PEER_CREATED',
  'AZURE_PEER_UPDATED',
  'AZURE_PEER_ACTIVE',
  'AZURE_PEER_DELETED',
  'GCP_PEER_CREATED',
  'GCP_PEER_UPDATED',
  'GCP_PEER_ACTIVE',
  'GCP_PEER_INACTIVE',
  'GCP_PEER_DELETED',
] as const;
