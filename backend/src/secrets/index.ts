export { encryptSecret, decryptSecret, rotateMasterKey, sealWithMaster, openWithMaster, forgetDataKeys, type RotationResult } from './datakeys.js';
export { DecryptError, isSealed } from './aead.js';
export {
  activeMasterKey,
  installMasterKey,
  masterKeyFrom,
  parseMasterKey,
  resolveMasterKey,
  defaultMasterKeyFile,
  type MasterKey,
} from './masterkey.js';
