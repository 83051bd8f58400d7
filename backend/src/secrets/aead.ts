import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with a random 96-bit nonce. The output is `v1.` + base64url(nonce | tag | ciphertext);
 * the associated data binds a ciphertext to where it belongs (an organization id, a key id), so
 * a value copied into another organization's row does not decrypt.
 */
const VERSION = 'v1.';

export function seal(key: Buffer, plaintext: Buffer | string, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext), cipher.final()]);
  return VERSION + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url');
}

export class DecryptError extends Error {
  override readonly name = 'DecryptError';
}

export function open(key: Buffer, sealed: string, aad: string): Buffer {
  if (!sealed.startsWith(VERSION)) throw new DecryptError('unknown ciphertext format');
  const raw = Buffer.from(sealed.slice(VERSION.length), 'base64url');
  if (raw.length < 28) throw new DecryptError('ciphertext too short');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch {
    // Wrong key, wrong organization or tampered bytes: GCM cannot tell which, neither do we.
    throw new DecryptError('ciphertext does not authenticate (wrong key, wrong organization or tampered)');
  }
}

export function isSealed(value: string): boolean {
  return value.startsWith(VERSION);
}
