// Checks of what the user types into the Set Credentials boxes. Lenient on format (Atlas may change
// it), strict on emptiness and whitespace, which are always paste mistakes.

import { CredentialKind } from './types';

export interface InputProblem {
  severity: 'error' | 'warning';
  message: string;
}

export type CredentialField = 'id' | 'secret';

export function fieldLabel(kind: CredentialKind, field: CredentialField): string {
  if (kind === 'serviceAccount') {
    return field === 'id' ? 'client ID' : 'client secret';
  }
  return field === 'id' ? 'public key' : 'private key';
}

export function checkCredentialInput(
  kind: CredentialKind,
  field: CredentialField,
  raw: string,
): InputProblem | undefined {
  const label = fieldLabel(kind, field);
  const v = raw.trim();
  if (v === '') {
    return { severity: 'error', message: `The ${label} is empty.` };
  }
  if (/\s/.test(v)) {
    return {
      severity: 'error',
      message: `The ${label} contains whitespace; paste it again without spaces or line breaks.`,
    };
  }
  if (v.length > 512) {
    return { severity: 'error', message: `The ${label} is too long (${v.length} characters).` };
  }
  if (kind === 'serviceAccount' && field === 'id' && !/^mdb_sa_id_[A-Za-z0-9]+$/.test(v)) {
    return {
      severity: 'warning',
      message: 'Service account client IDs usually look like mdb_sa_id_…; check that this is the client ID.',
    };
  }
  if (kind === 'serviceAccount' && field === 'secret' && v.startsWith('mdb_sa_id_')) {
    return { severity: 'error', message: 'This is a client ID, not the client secret.' };
  }
  if (kind === 'apiKey' && field === 'id' && !/^[A-Za-z0-9]{6,12}$/.test(v)) {
    return {
      severity: 'warning',
      message: 'Atlas public keys are usually 8 letters (e.g. abcdefgh); check that this is the public key.',
    };
  }
  return undefined;
}
