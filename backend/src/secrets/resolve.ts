import { kmsKeySettings, type Config, type KmsKeySettings } from '../config/index.js';
import type { Keyring } from './keyring.js';
import type { KmsKeyring } from './kms.js';
import { resolveMasterKey } from './masterkey.js';

// The KMS client (~15 MB of AWS SDK) loads only in processes configured for KMS.

/**
 * Resolves a key id, alias or ARN to its key ARN (what master_key_id records) and checks that
 * it can encrypt (see kms.ts). Called at start-up, so a wrong KMS_KEY_ID stops the process.
 */
export async function connectKms(settings: KmsKeySettings): Promise<KmsKeyring> {
  return (await import('./kms.js')).connectKms(settings);
}

/** KMS_KEY_ID wins over the local master key (whose dev/demo fallbacks are in masterkey.ts). */
export async function resolveKeyring(config: Config, warn: (msg: string) => void): Promise<Keyring> {
  if (!config.kms.keyId) return resolveMasterKey(config, warn);
  if (config.auth.masterKey || config.auth.masterKeyFile) {
    warn('KMS_KEY_ID is set: MASTER_KEY and MASTER_KEY_FILE are ignored (secrets rotate-master-key moves keys between them).');
  }
  return connectKms(kmsKeySettings(config.kms, config.kms.keyId));
}
