// Credential shapes shared by the stores, the environment reader and the Atlas CLI importer.
// Structurally the same as AtlasClientOptions['credentials'] in src/atlas.

export interface ServiceAccountCredentials {
  kind: 'serviceAccount';
  clientId: string;
  clientSecret: string;
}

export interface ApiKeyCredentials {
  kind: 'apiKey';
  publicKey: string;
  privateKey: string;
}

export type AtlasCredentials = ServiceAccountCredentials | ApiKeyCredentials;

export type CredentialKind = AtlasCredentials['kind'];

/** Where a session's credentials came from; the tree shows it. */
export type CredentialSource = 'secretStorage' | 'environment';

/** The non-secret half of a credential, safe to show and to log. */
export function credentialId(c: AtlasCredentials): string {
  return c.kind === 'serviceAccount' ? c.clientId : c.publicKey;
}

export function credentialKindLabel(kind: CredentialKind): string {
  return kind === 'serviceAccount' ? 'service account' : 'API key';
}

/** Parses what CredentialStore wrote; anything else is treated as absent. */
export function parseStoredCredentials(text: string | undefined): AtlasCredentials | undefined {
  if (!text) {
    return undefined;
  }
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (o === null || typeof o !== 'object') {
    return undefined;
  }
  const r = o as Record<string, unknown>;
  if (r.kind === 'serviceAccount' && typeof r.clientId === 'string' && typeof r.clientSecret === 'string') {
    return { kind: 'serviceAccount', clientId: r.clientId, clientSecret: r.clientSecret };
  }
  if (r.kind === 'apiKey' && typeof r.publicKey === 'string' && typeof r.privateKey === 'string') {
    return { kind: 'apiKey', publicKey: r.publicKey, privateKey: r.privateKey };
  }
  return undefined;
}

export function serializeCredentials(c: AtlasCredentials): string {
  return JSON.stringify(
    c.kind === 'serviceAccount'
      ? { kind: c.kind, clientId: c.clientId, clientSecret: c.clientSecret }
      : { kind: c.kind, publicKey: c.publicKey, privateKey: c.privateKey },
  );
}
