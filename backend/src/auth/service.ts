import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Generations, type CacheStore } from '../cache/index.js';
import type { Config } from '../config/index.js';
import { AppError, UnauthenticatedError, ValidationError } from '../domain/errors.js';
import type { Database, Queryable } from '../store/queryable.js';
import { looksLikeApiKey, verifyApiKey } from './apikeys.js';
import { SigningKeys } from './jwt.js';
import { verifyPassword } from './passwords.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';
import { hashToken, newOpaqueToken } from './tokens.js';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

export type SecurityEvent = 'refresh_reuse' | 'login_failed' | 'login' | 'logout';

interface Memo {
  /** The whole credential: a memo is used only when it matches exactly. */
  token: string;
  principal: Principal;
  gen: number;
  until: number;
}

// Memos are looked up by the credential's tail: hashing a fresh 400-character JWT for every
// request cost more than the rest of the lookup. The tail of a key or token is its random part;
// two credentials sharing one only cost a miss, since the whole token must match.
const memoKey = (token: string) => (token.length > 48 ? token.slice(-48) : token);


/**
 * Credentials → principals, and the login/refresh/logout lifecycle. Verified credentials are
 * memoised briefly (AUTH_CACHE_SECONDS, at most 10,000 entries) so that auth costs little per request; every
 * revocation (key revoked, user changed, logout, refresh reuse) bumps the organization's auth
 * generation in the shared cache store (Redis or memory), which invalidates those memos.
 */
export class AuthService {
  readonly keys: SigningKeys;
  private readonly memo = new LRUCache<string, Memo>({ max: 10_000 });
  // An organization's auth generation: another process's revocation is seen within a second.
  private readonly generations: Generations;

  constructor(
    private readonly db: Database,
    store: CacheStore,
    private readonly config: Config['auth'],
    private readonly onEvent: (event: SecurityEvent, details: Record<string, unknown>) => void = () => undefined,
  ) {
    this.keys = new SigningKeys(db);
    this.generations = new Generations(store, 'cw:authgen:');
  }

  /**
   * The principal a credential was verified as moments ago, when its memo and its organization's
   * generation are both fresh; otherwise undefined (then call authenticate). Synchronous: the
   * gateway's per-request path takes no promise for a known credential.
   */
  recall(token: string): Principal | undefined {
    const hit = this.memo.get(memoKey(token));
    if (!hit || hit.token !== token) return undefined;
    return hit.until > Date.now() && this.generations.fresh(hit.principal.organizationId) === hit.gen ? hit.principal : undefined;
  }

  /** A bearer credential (API key `cw_…` or access JWT) → principal, or undefined when invalid. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const key = memoKey(token);
    const hit = this.memo.get(key);
    if (hit && hit.token === token && hit.until > Date.now()) {
      const gen = await this.generation(hit.principal.organizationId);
      if (gen === hit.gen) return hit.principal;
    }
    const principal = looksLikeApiKey(token) ? await verifyApiKey(this.db, token) : await this.verifyAccess(token);
    if (!principal) {
      if (this.memo.get(key)?.token === token) this.memo.delete(key);
      return undefined;
    }
    if (this.config.cacheSeconds > 0) {
      const gen = await this.generation(principal.organizationId);
      this.memo.set(key, { token, principal, gen, until: Date.now() + this.config.cacheSeconds * 1000 });
    }
    return principal;
  }

  /** Makes every memoised credential of the organization re-verify (after any revocation). */
  async revoked(organizationId: string): Promise<void> {
    try {
      await this.generations.bump(organizationId);
    } catch {
      // Shared store down: clear this process's memo at least; others expire within AUTH_CACHE_SECONDS.
      this.memo.clear();
    }
  }

  async login(input: { email: string; password: string; organization?: string }): Promise<{ tokens: TokenPair; principal: Principal }> {
    const { rows } = await this.db.query<{ id: string; organization_id: string; role: Role; name: string; email: string; password_hash: string | null; is_active: boolean }>(
      `SELECT u.id, u.organization_id, u.role, u.name, u.email, u.password_hash, u.is_active
         FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE lower(u.email) = lower($1) AND ($2::text IS NULL OR o.slug = $2 OR o.id::text = $2)`,
      [input.email, input.organization ?? null],
    );
    if (rows.length > 1) throw new ValidationError('this email belongs to several organizations: name one', 'organization');
    const user = rows[0];
    const ok = await verifyPassword(user?.password_hash, input.password);
    if (!user || !ok || !user.is_active) {
      this.onEvent('login_failed', { email: input.email, org_id: user?.organization_id });
      throw new UnauthenticatedError('wrong email or password');
    }
    await this.db.query('UPDATE users SET last_login_at = now() WHERE id = $1', [user.id]);
    const familyId = randomUUID();
    const tokens = await this.issue(this.db, { userId: user.id, organizationId: user.organization_id, role: user.role }, familyId);
    this.onEvent('login', { org_id: user.organization_id, user_id: user.id });
    return { tokens, principal: this.userPrincipal(user.id, user.organization_id, user.role, user.name || user.email, familyId) };
  }

  /**
   * Rotates a refresh token. A token presented twice means it was copied: the whole family
   * (every token of that login) is revoked and the caller must log in again.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string; family_id: string; organization_id: string; user_id: string; used: boolean; revoked: boolean; expired: boolean; role: Role; is_active: boolean }>(
        `SELECT t.id, t.family_id, t.organization_id, t.user_id, t.used_at IS NOT NULL AS used, t.revoked_at IS NOT NULL AS revoked,
                t.expires_at <= now() AS expired, u.role, u.is_active
           FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [hashToken(refreshToken)],
      );
      const t = rows[0];
      if (!t) return { error: 'unknown' as const };
      if (t.used || t.revoked) {
        await tx.query('UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE family_id = $1', [t.family_id]);
        return { error: 'reuse' as const, t };
      }
      if (t.expired || !t.is_active) return { error: 'expired' as const };
      await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [t.id]);
      return { tokens: await this.issue(tx, { userId: t.user_id, organizationId: t.organization_id, role: t.role }, t.family_id) };
    });
    if ('tokens' in outcome && outcome.tokens) return outcome.tokens;
    if ('t' in outcome && outcome.error === 'reuse' && outcome.t) {
      await this.revoked(outcome.t.organization_id);
      this.onEvent('refresh_reuse', { org_id: outcome.t.organization_id, user_id: outcome.t.user_id, family_id: outcome.t.family_id });
      throw new UnauthenticatedError('refresh token was already used: every session of this login is revoked');
    }
    throw new UnauthenticatedError('invalid or expired refresh token');
  }

  /** Ends a login session: its refresh tokens and (through the generation) its access tokens. */
  async logout(principal: Principal): Promise<void> {
    if (principal.kind !== 'user' || !principal.sessionId) throw new AppError('bad_request', 'only user sessions log out; revoke API keys instead');
    await this.db.query('UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE family_id = $1', [principal.sessionId]);
    await this.revoked(principal.organizationId);
    this.onEvent('logout', { org_id: principal.organizationId, user_id: principal.userId });
  }

  private async issue(db: Queryable, u: { userId: string; organizationId: string; role: Role }, familyId: string): Promise<TokenPair> {
    const refresh = newOpaqueToken('cwr_');
    const refreshExpiresAt = new Date(Date.now() + this.config.refreshTtlDays * 86_400_000);
    await db.query(
      `INSERT INTO refresh_tokens (family_id, organization_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [familyId, u.organizationId, u.userId, refresh.hash, refreshExpiresAt],
    );
    const accessToken = await this.keys.sign({ sub: u.userId, org: u.organizationId, role: u.role, sid: familyId }, this.config.accessTtlSeconds);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.accessTtlSeconds, refreshToken: refresh.token, refreshExpiresAt: refreshExpiresAt.toISOString() };
  }

  /** The signature proves the token; the database decides the role and whether the session still stands. */
  private async verifyAccess(token: string): Promise<Principal | undefined> {
    if (token.length > 4096 || token.split('.').length !== 3) return undefined;
    const claims = await this.keys.verify(token).catch(() => undefined);
    if (!claims) return undefined;
    const { rows } = await this.db.query<{ role: Role; name: string; email: string; ended: boolean }>(
      `SELECT u.role, u.name, u.email,
              EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = $3 AND t.revoked_at IS NOT NULL) AS ended
         FROM users u WHERE u.id = $1 AND u.organization_id = $2 AND u.is_active`,
      [claims.sub, claims.org, claims.sid],
    );
    const u = rows[0];
    if (!u || u.ended) return undefined;
    return this.userPrincipal(claims.sub, claims.org, u.role, u.name || u.email, claims.sid);
  }

  private userPrincipal(userId: string, organizationId: string, role: Role, name: string, sessionId: string): Principal {
    return { organizationId, role, kind: 'user', id: userId, userId, sessionId, name };
  }

  private async generation(orgId: string): Promise<number> {
    // Store unreachable: keep the last known generation; memos still expire on their own.
    return this.generations.current(orgId).catch(() => this.generations.keepLast(orgId));
  }
}
