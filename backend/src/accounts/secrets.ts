import type { Queryable } from '../store/index.js';

/**
 * How the external id of an AssumeRole account is stored (aws_accounts.external_id_enc).
 * main.ts passes the real implementation; the signatures match secrets/ (issue 4:
 * encryptSecret / decryptSecret), so wiring it is `{ encrypt: encryptSecret, decrypt: decryptSecret }`.
 */
export interface SecretCodec {
  encrypt(db: Queryable, organizationId: string, plaintext: string): Promise<string>;
  decrypt(db: Queryable, organizationId: string, stored: string): Promise<string>;
}

/**
 * LEAD: interim codec, NOT encryption (base64 behind a marker prefix) — used only until the
 * secrets-at-rest module of issue 4 is wired in main.ts. It exists so that the registry works
 * end to end today; values it wrote are recognisable by the `interim:` prefix and are re-sealed
 * by calling the real codec's encrypt on decrypt(...) output.
 */
export const interimSecretCodec: SecretCodec = {
  async encrypt(_db, _org, plaintext) {
    return `interim:${Buffer.from(plaintext, 'utf8').toString('base64')}`;
  },
  async decrypt(_db, _org, stored) {
    if (!stored.startsWith('interim:')) throw new Error('external id was sealed by another codec: wire secrets/ in main.ts');
    return Buffer.from(stored.slice('interim:'.length), 'base64').toString('utf8');
  },
};
