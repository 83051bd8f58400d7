export * from './roles.js';
export * from './apikeys.js';
export type { Principal } from './principal.js';
export { AuthService, type TokenPair, type SecurityEvent } from './service.js';
export { SigningKeys, ISSUER, AUDIENCE, type AccessClaims } from './jwt.js';
export { hashPassword, verifyPassword, MIN_PASSWORD_LENGTH } from './passwords.js';
export { createUser, acceptInvite, listUsers, getUser, updateUser, checkPassword, type UserInfo } from './users.js';
export { audit, listAudit, type AuditEntry, type AuditRecord, type AuditFilter } from './audit.js';
// Secrets at rest live in ../secrets; re-exported so callers find them beside the rest of security.
export { encryptSecret, decryptSecret } from '../secrets/index.js';
export { bootstrapAdmin, bootstrapApiKey, resolveOrganization } from './bootstrap.js';
