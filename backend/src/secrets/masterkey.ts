import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/index.js';
import { open, seal } from './aead.js';
import { dataKeyContext, localAad, type Keyring } from './keyring.js';

/** A local 256-bit master key: wraps with AES-256-GCM in process, exactly as before KMS existed. */
export interface MasterKey extends Keyring {
  readonly kind: 'local';
  readonly key: Buffer;
  /** Short fingerprint stored beside every wrapped key, so a wrong MASTER_KEY is named, not guessed. */
  readonly id: string;
  readonly source: 'env' | 'file' | 'process';
}

export function masterKeyFrom(key: Buffer, source: MasterKey['source']): MasterKey {
  if (key.length !== 32) throw new Error('master key must be 32 bytes');
  const self: MasterKey = {
    kind: 'local' as const,
    key,
    id: createHash('sha256').update(key).digest('hex').slice(0, 12),
    source,
    async generateDataKey(organization: string) {
      const plaintext = randomBytes(32);
      return { plaintext, wrapped: seal(key, plaintext, localAad(dataKeyContext(organization))) };
    },
    wrap: async (plaintext, context) => seal(key, plaintext, localAad(context)),
    unwrap: async (wrapped, context) => open(key, wrapped, localAad(context)),
    rewrapFrom: async (from, wrapped, context) => seal(key, await from.unwrap(wrapped, context), localAad(context)),
  };
  return Object.freeze(self);
}

export function parseMasterKey(base64: string, source: MasterKey['source'] = 'env'): MasterKey {
  return masterKeyFrom(Buffer.from(base64.trim(), 'base64'), source);
}

/** Where the dev/demo key lives when MASTER_KEY is unset: MASTER_KEY_FILE, else beside the PGlite data dir. */
export function defaultMasterKeyFile(config: Config): string | undefined {
  if (config.auth.masterKeyFile) return config.auth.masterKeyFile;
  if (config.database.url || config.database.pgliteDir === ':memory:') return undefined;
  return join(dirname(resolve(config.database.pgliteDir)), 'master.key');
}

/**
 * MASTER_KEY wins. Without it, embedded PGlite on disk gets a key generated once and kept in
 * a 0600 file beside its data (the data and the key that opens it travel together; a loud
 * warning says so). PostgreSQL without MASTER_KEY uses MASTER_KEY_FILE when given, and otherwise
 * a per-process key: secrets written then cannot be read after a restart, hence the warning.
 */
export function resolveMasterKey(config: Config, warn: (msg: string) => void): MasterKey {
  if (config.auth.masterKey) return parseMasterKey(config.auth.masterKey, 'env');
  const file = defaultMasterKeyFile(config);
  if (file) {
    if (existsSync(file)) return parseMasterKey(readFileSync(file, 'utf8'), 'file');
    mkdirSync(dirname(file), { recursive: true });
    const key = randomBytes(32);
    writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    warn(`MASTER_KEY is not set: generated a master key in ${file}. Keep that file with the data, and set MASTER_KEY in production.`);
    return masterKeyFrom(key, 'file');
  }
  if (config.database.url) {
    warn('MASTER_KEY is not set with DATABASE_URL: using a per-process key; encrypted secrets will not survive a restart. Set MASTER_KEY.');
  }
  return masterKeyFrom(randomBytes(32), 'process');
}

// The process keyring. main.ts installs the configured key at start; code that never started
// the services (unit tests, scripts) gets a per-process key so nothing is ever stored in clear.
let active: Keyring | undefined;

/** A local key or a KMS keyring (kms.ts); see keyring.ts. */
export function installMasterKey(key: Keyring): void {
  active = key;
}

export function activeMasterKey(): Keyring {
  active ??= masterKeyFrom(randomBytes(32), 'process');
  return active;
}
