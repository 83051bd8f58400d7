export { encryptSecret, decryptSecret, rotateMasterKey, sealWithMaster, openWithMaster, forgetDataKeys, type RotationResult } from './datakeys.js';
export { DecryptError, isSealed } from './aead.js';
export type { Keyring } from './keyring.js';
export { connectKms, KmsError, KmsKeyring, resolveKeyring } from './kms.js';
export {
  activeMasterKey,
  installMasterKey,
  masterKeyFrom,
  parseMasterKey,
  resolveMasterKey,
  defaultMasterKeyFile,
  type MasterKey,
} from './masterkey.js';
