export { secretCodec, type SecretCodec } from './secrets.js';
export {
  accessFor,
  createAccount,
  findAccount,
  getAccount,
  listAccounts,
  markIngested,
  newAccountSchema,
  type Account,
  type NewAccount,
} from './store.js';
export { testAccess, type AccessTestResult } from './test-access.js';
