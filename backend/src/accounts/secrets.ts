import { decryptSecret, encryptSecret } from '../secrets/index.js';
import type { Queryable } from '../store/index.js';

/**
 * How the external id of an AssumeRole account is stored (aws_accounts.external_id_enc):
 * sealed per organization by secrets/ (issue 4). An interface so tests and callers can pass
 * another implementation without touching the registry.
 */
export interface SecretCodec {
  encrypt(db: Queryable, organizationId: string, plaintext: string): Promise<string>;
  decrypt(db: Queryable, organizationId: string, stored: string): Promise<string>;
}

export const secretCodec: SecretCodec = { encrypt: encryptSecret, decrypt: decryptSecret };
