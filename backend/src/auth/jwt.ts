import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { openWithMaster, sealWithMaster } from '../secrets/index.js';
import { activeMasterKey } from '../secrets/index.js';
import type { Queryable } from '../store/queryable.js';
import type { Role } from './roles.js';

const ALG = 'EdDSA';
export const ISSUER = 'costwatch';
export const AUDIENCE = 'costwatch-api';
// Unknown kids reload the key table at most this often, so random kids cannot hammer the database.
const RELOAD_MS = 5_000;

export interface AccessClaims extends JWTPayload {
  sub: string;
  org: string;
  role: Role;
  sid: string;
}

interface LoadedKey {
  kid: string;
  publicKey: CryptoKey;
  publicJwk: JWK;
  retired: boolean;
}

/**
 * Ed25519 keys that sign access tokens, kept in jwt_signing_keys (private halves sealed under
 * the master key: AES-256-GCM locally, KMS Encrypt with the kid as encryption context) so
 * every API process signs and verifies with the same set. The newest
 * unretired key signs; every key verifies until it is deleted.
 */
export class SigningKeys {
  private keys = new Map<string, LoadedKey>();
  private signer: { kid: string; privateKey: CryptoKey } | undefined;
  private loadedAt = 0;

  constructor(private readonly db: Queryable) {}

  async sign(claims: { sub: string; org: string; role: Role; sid: string }, ttlSeconds: number): Promise<string> {
    const signer = await this.currentSigner();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ org: claims.org, role: claims.role, sid: claims.sid })
      .setProtectedHeader({ alg: ALG, kid: signer.kid, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .setJti(randomUUID())
      .sign(signer.privateKey);
  }

  /** Throws on a bad signature, unknown kid, other algorithm (incl. `none`), expiry or wrong audience. */
  async verify(token: string): Promise<AccessClaims> {
    const { payload } = await jwtVerify(token, async (header) => {
      if (header.alg !== ALG || typeof header.kid !== 'string') throw new Error('unexpected token header');
      const key = await this.publicKey(header.kid);
      if (!key) throw new Error('unknown key id');
      return key;
    }, { issuer: ISSUER, audience: AUDIENCE, algorithms: [ALG], requiredClaims: ['sub', 'exp', 'iat'] });
    if (typeof payload.org !== 'string' || typeof payload.sid !== 'string' || typeof payload.role !== 'string') {
      throw new Error('token lacks organization, session or role');
    }
    return payload as AccessClaims;
  }

  async jwks(): Promise<{ keys: JWK[] }> {
    await this.currentSigner(); // publishes a key before the first login, too
    await this.load(true);
    return { keys: [...this.keys.values()].map((k) => ({ ...k.publicJwk, kid: k.kid, alg: ALG, use: 'sig' })) };
  }

  /** Adds a new signing key and retires the others for signing (they still verify). */
  async rotate(): Promise<string> {
    const kid = await this.generate();
    await this.db.query('UPDATE jwt_signing_keys SET retired_at = now() WHERE kid <> $1 AND retired_at IS NULL', [kid]);
    this.signer = undefined;
    await this.load(true);
    return kid;
  }

  private async publicKey(kid: string): Promise<CryptoKey | undefined> {
    if (!this.keys.has(kid)) await this.load(false);
    return this.keys.get(kid)?.publicKey;
  }

  private async currentSigner(): Promise<{ kid: string; privateKey: CryptoKey }> {
    if (this.signer) return this.signer;
    const newest = 'SELECT kid, private_jwk_enc, master_key_id FROM jwt_signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1';
    let { rows } = await this.db.query<{ kid: string; private_jwk_enc: string; master_key_id: string }>(newest);
    if (!rows[0]) {
      await this.generate();
      ({ rows } = await this.db.query<{ kid: string; private_jwk_enc: string; master_key_id: string }>(newest));
    }
    const row = rows[0]!;
    // Under KMS this is one Decrypt per process and key; the signer is kept below.
    const jwk = JSON.parse(await openWithMaster(row.private_jwk_enc, `jwt:${row.kid}`, row.master_key_id)) as JWK;
    this.signer = { kid: row.kid, privateKey: (await importJWK(jwk, ALG)) as CryptoKey };
    return this.signer;
  }

  private async generate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
    const kid = `k${Date.now().toString(36)}${randomUUID().slice(0, 8)}`;
    const master = activeMasterKey();
    await this.db.query(
      'INSERT INTO jwt_signing_keys (kid, alg, public_jwk, private_jwk_enc, master_key_id) VALUES ($1, $2, $3, $4, $5)',
      [kid, ALG, JSON.stringify(await exportJWK(publicKey)), await sealWithMaster(JSON.stringify(await exportJWK(privateKey)), `jwt:${kid}`, master), master.id],
    );
    return kid;
  }

  private async load(force: boolean): Promise<void> {
    if (!force && Date.now() - this.loadedAt < RELOAD_MS) return;
    this.loadedAt = Date.now();
    const { rows } = await this.db.query<{ kid: string; public_jwk: JWK | string; retired_at: Date | null }>(
      'SELECT kid, public_jwk, retired_at FROM jwt_signing_keys',
    );
    const next = new Map<string, LoadedKey>();
    for (const r of rows) {
      const publicJwk = typeof r.public_jwk === 'string' ? (JSON.parse(r.public_jwk) as JWK) : r.public_jwk;
      next.set(r.kid, { kid: r.kid, publicJwk, publicKey: (await importJWK(publicJwk, ALG)) as CryptoKey, retired: r.retired_at !== null });
    }
    this.keys = next;
  }
}
