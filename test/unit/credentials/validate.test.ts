import * as assert from 'node:assert/strict';
import { checkCredentialInput } from '../../../src/credentials/pure/validate';
import { parseStoredCredentials, serializeCredentials } from '../../../src/credentials/pure/types';
import { redact, redactText } from '../../../src/util/redact';

describe('credential input checks', () => {
  it('refuses empty and whitespace', () => {
    assert.equal(checkCredentialInput('serviceAccount', 'id', '')?.severity, 'error');
    assert.equal(checkCredentialInput('serviceAccount', 'secret', '   ')?.severity, 'error');
    assert.equal(checkCredentialInput('apiKey', 'secret', 'abc def')?.severity, 'error');
    assert.equal(checkCredentialInput('apiKey', 'id', 'abcd\nefgh')?.severity, 'error');
  });

  it('is lenient on format: warnings, not errors', () => {
    assert.equal(checkCredentialInput('serviceAccount', 'id', 'mdb_sa_id_1234567890abcdef12345678'), undefined);
    assert.equal(checkCredentialInput('serviceAccount', 'id', 'something-else')?.severity, 'warning');
    assert.equal(checkCredentialInput('apiKey', 'id', 'abcdefgh'), undefined);
    assert.equal(checkCredentialInput('apiKey', 'id', 'a-b')?.severity, 'warning');
    assert.equal(checkCredentialInput('apiKey', 'secret', '11111111-2222-3333-4444-555555555555'), undefined);
    assert.equal(checkCredentialInput('serviceAccount', 'secret', ' padded-secret '), undefined);
  });

  it('notices the id pasted into the secret box', () => {
    assert.equal(checkCredentialInput('serviceAccount', 'secret', 'mdb_sa_id_123')?.severity, 'error');
  });

  it('round-trips stored credentials and ignores junk', () => {
    const sa = { kind: 'serviceAccount' as const, clientId: 'mdb_sa_id_x', clientSecret: 's' };
    assert.deepEqual(parseStoredCredentials(serializeCredentials(sa)), sa);
    const key = { kind: 'apiKey' as const, publicKey: 'p', privateKey: 'k' };
    assert.deepEqual(parseStoredCredentials(serializeCredentials({ ...key, extra: 1 } as typeof key)), key);
    assert.equal(parseStoredCredentials('not json'), undefined);
    assert.equal(parseStoredCredentials('{"kind":"apiKey"}'), undefined);
    assert.equal(parseStoredCredentials(undefined), undefined);
  });
});

describe('redact', () => {
  it('replaces secret-looking keys deeply', () => {
    assert.deepEqual(
      redact({ clientId: 'id', clientSecret: 's', nested: [{ privateKey: 'k', Authorization: 'Bearer x' }], n: 1 }),
      {
        clientId: 'id',
        clientSecret: '<redacted>',
        nested: [{ privateKey: '<redacted>', Authorization: '<redacted>' }],
        n: 1,
      },
    );
  });

  it('removes known secrets and auth headers from text', () => {
    assert.equal(redactText('key=supersecret here', ['supersecret', '', 'ab']), 'key=<redacted> here');
    assert.equal(redactText('Authorization: Bearer eyJhbGciOi.abc.def', []), 'Authorization: Bearer <redacted>');
    assert.equal(redactText('Digest username="abc", response="x"', []), 'Digest <redacted>');
  });
});
