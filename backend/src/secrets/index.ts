export { encryptSecret, decryptSecret, rotateMasterKey, sealWithMaster, openWithMaster, forgetDataKeys, type RotationResult } from './datakeys.js';
export { DecryptError, isSealed } from './aead.js';
export type { Keyring } from './keyring.js';
export { connectKms, resolveKeyring } from './resolve.js';
export type { KmsError, KmsKeyring } from './kms.js';
export {
  activeMasterKey,
  installMasterKey,
  masterKeyFrom,
  parseMasterKey,
  resolveMasterKey,
  defaultMasterKeyFile,
  type MasterKey,
} from './masterkey.js';
