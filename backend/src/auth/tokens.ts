import { createHash, randomBytes } from 'node:crypto';

/** Opaque random tokens (refresh, invite): returned once, stored as SHA-256 only. */
export function newOpaqueToken(prefix: 'cwr_' | 'cwi_'): { token: string; hash: string } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
