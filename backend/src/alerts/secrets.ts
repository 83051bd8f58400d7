import { decryptSecret, encryptSecret } from '../secrets/index.js';
import type { Queryable } from '../store/queryable.js';

/**
 * Channel secrets (webhook HMAC key, Slack webhook URL, SMTP password) are encrypted at rest
 * with the organization's data key (secrets/, issue 4). One seam so storage never sees text.
 */
export function sealChannelSecret(db: Queryable, orgId: string, plaintext: string): Promise<string> {
  return encryptSecret(db, orgId, plaintext);
}

export function openChannelSecret(db: Queryable, orgId: string, sealed: string): Promise<string> {
  return decryptSecret(db, orgId, sealed);
}
