import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { serve } from '@hono/node-server';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '../auth/index.js';
import { FIXED_DIMENSION_NAMES } from '../domain/dimensions.js';
import type { IsoDate } from '../domain/time.js';
import { createLogger } from '../obs/index.js';
import { refreshRollup } from '../store/index.js';
import { bearer, createOrg, keyFor, loginAs, testApp, TEST_PASSWORD, userFor } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { gatewayOf } from './middleware/gateway.js';

/**
 * The attacks issue #4 names, each against the real database (and real Redis for the rate
 * limiter when TEST_REDIS_URL is set). The last test reads every log line written during the
 * suite and proves no secret that passed through the API was logged.
 */
const logLines: string[] = [];
const capture = new Writable({
  write(chunk, _enc, done) {
    logLines.push(String(chunk));
    done();
  },
});
const secrets = new Set<string>([TEST_PASSWORD]);
const remember = <T extends string>(s: T): T => (secrets.add(s), s);

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('attacks on the gateway', () => {
  let t: TestDatabase;
  let built: ReturnType<typeof testApp>;
  let app: ReturnType<typeof testApp>['app'];
  let orgA: string;
  let orgB: string;
  let viewerKey: string;
  let redis: Redis | undefined;
  const json = (key: string, extra: Record<string, string> = {}) => ({ ...bearer(key), ...extra });

  beforeAll(async () => {
    t = await createTestDatabase();
    orgA = await createOrg(t.db, 'Attack A');
    orgB = await createOrg(t.db, 'Attack B');
    built = testApp(t.db, { logger: createLogger('debug', capture) });
    app = built.app;
    viewerKey = remember(await keyFor(t.db, orgA, 'viewer'));
    await t.db.query(
      `INSERT INTO cost_data (organization_id, usage_date, account_id, service, region, usage_type, unblended_cost, source)
       VALUES ($1, '2026-10-01', '111111111111', 'AmazonEC2', 'us-east-1', 'BoxUsage', 12.5, 'test')`,
      [orgA],
    );
    await refreshRollup(t.db, orgA, '2026-10-01' as IsoDate, '2026-10-02' as IsoDate);
    if (process.env.TEST_REDIS_URL) {
      redis = new Redis(process.env.TEST_REDIS_URL, { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
      await redis.ping(); // connected before the limiters use it (until then they fall back to memory)
    }
  });
  afterAll(async () => {
    redis?.disconnect();
    await t.drop();
  });

  async function accessToken(role: 'viewer' | 'admin' = 'viewer') {
    const u = await userFor(t.db, orgA, role);
    const tokens = await loginAs(app, u.email);
    remember(tokens.accessToken);
    remember(tokens.refreshToken);
    return { user: u, ...tokens };
  }
  const me = (token: string) => app.request('/api/v1/auth/me', { headers: json(token) });

  describe('JWT', () => {
    it('accepts a genuine access token', async () => {
      const { accessToken: tok } = await accessToken();
      const res = await me(tok);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ organizationId: orgA, kind: 'user', role: 'viewer' });
    });

    it('rejects alg none', async () => {
      const { accessToken: tok } = await accessToken();
      const [h, p] = tok.split('.');
      const header = { ...JSON.parse(Buffer.from(h!, 'base64url').toString()), alg: 'none' };
      expect((await me(`${b64(header)}.${p}.`)).status).toBe(401);
      expect((await me(`${b64(header)}.${p}.${tok.split('.')[2]}`)).status).toBe(401);
    });

    it('rejects a token signed with another key under a real kid', async () => {
      const { accessToken: tok } = await accessToken();
      const header = JSON.parse(Buffer.from(tok.split('.')[0]!, 'base64url').toString());
      const claims = JSON.parse(Buffer.from(tok.split('.')[1]!, 'base64url').toString());
      const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
      const forged = await new SignJWT({ ...claims, role: 'admin' }).setProtectedHeader({ alg: 'EdDSA', kid: header.kid }).sign(privateKey);
      expect((await me(forged)).status).toBe(401);
      // An HMAC token keyed with the public key (algorithm confusion) fails too.
      const pub = (await exportJWK((await generateKeyPair('EdDSA', { crv: 'Ed25519' })).publicKey)).x!;
      const hs = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', kid: header.kid }).sign(Buffer.from(pub));
      expect((await me(hs)).status).toBe(401);
    });

    it('rejects an expired token', async () => {
      const { user } = await accessToken();
      const { rows } = await t.db.query<{ family_id: string }>('SELECT family_id FROM refresh_tokens WHERE user_id = $1', [user.id]);
      const expired = await gatewayOf(built.deps).auth.keys.sign({ sub: user.id, org: orgA, role: 'viewer', sid: rows[0]!.family_id }, -120);
      expect((await me(expired)).status).toBe(401);
      const fresh = await gatewayOf(built.deps).auth.keys.sign({ sub: user.id, org: orgA, role: 'viewer', sid: rows[0]!.family_id }, 60);
      expect((await me(fresh)).status).toBe(200);
    });

    it('rejects tampered claims (role, organization)', async () => {
      const { accessToken: tok } = await accessToken();
      const [h, p, s] = tok.split('.');
      const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
      expect((await me(`${h}.${b64({ ...claims, role: 'admin' })}.${s}`)).status).toBe(401);
      expect((await me(`${h}.${b64({ ...claims, org: orgB })}.${s}`)).status).toBe(401);
      expect((await me(tok)).status).toBe(200);
    });
  });

  describe('refresh tokens', () => {
    it('rotate on use, and a reused token revokes the whole family', async () => {
      const first = await accessToken();
      const r1 = await app.request('/api/v1/auth/refresh', { method: 'POST', headers: json(''), body: JSON.stringify({ refreshToken: first.refreshToken }) });
      expect(r1.status).toBe(200);
      const second = (await r1.json()) as { accessToken: string; refreshToken: string };
      remember(second.accessToken);
      remember(second.refreshToken);
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect((await me(second.accessToken)).status).toBe(200);

      const replay = await app.request('/api/v1/auth/refresh', { method: 'POST', headers: json(''), body: JSON.stringify({ refreshToken: first.refreshToken }) });
      expect(replay.status).toBe(401);
      // The legitimate holder's newer tokens die with the family.
      const r3 = await app.request('/api/v1/auth/refresh', { method: 'POST', headers: json(''), body: JSON.stringify({ refreshToken: second.refreshToken }) });
      expect(r3.status).toBe(401);
      expect((await me(second.accessToken)).status).toBe(401);
      expect((await me(first.accessToken)).status).toBe(401);
      expect(logLines.some((l) => l.includes('"security_event":"refresh_reuse"'))).toBe(true);
    });

    it('logout ends the session at once', async () => {
      const s = await accessToken();
      expect((await me(s.accessToken)).status).toBe(200);
      expect((await app.request('/api/v1/auth/logout', { method: 'POST', headers: json(s.accessToken), body: '{}' })).status).toBe(204);
      expect((await me(s.accessToken)).status).toBe(401);
      const r = await app.request('/api/v1/auth/refresh', { method: 'POST', headers: json(''), body: JSON.stringify({ refreshToken: s.refreshToken }) });
      expect(r.status).toBe(401);
    });

    it('are stored hashed', async () => {
      const s = await accessToken();
      const { rows } = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM refresh_tokens WHERE token_hash = $1', [s.refreshToken]);
      expect(Number(rows[0]!.n)).toBe(0);
    });
  });

  describe('API keys', () => {
    it('guessing is rate limited per address (429 + Retry-After), also for a then-valid key', async () => {
      const guessApp = testApp(t.db, { env: { RATE_LIMIT_AUTH_FAILURES: '3', TRUST_PROXY: 'true' }, rateLimitRedis: redis }).app;
      const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
      const from = (key: string, addr = ip) => guessApp.request('/api/v1/query/types', { headers: { ...bearer(key), 'X-Forwarded-For': addr } });
      for (let i = 0; i < 3; i++) expect((await from(`cw_${'A'.repeat(40)}${i}`)).status).toBe(401);
      const locked = await from(viewerKey);
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
      expect((await from(viewerKey, '192.0.2.55')).status).toBe(200);
    });

    it('per-credential limit answers 429 with Retry-After', async () => {
      const limited = testApp(t.db, { env: { RATE_LIMIT_PER_MINUTE: '2' }, rateLimitRedis: redis }).app;
      const key = await keyFor(t.db, orgA, 'viewer');
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.request('/api/v1/query/types', { headers: bearer(key) })).status);
      expect(statuses).toEqual([200, 200, 429]);
    });

    it('per-credential counters are shared by API processes through Redis (TEST_REDIS_URL), kept per process without it', async () => {
      const env = { RATE_LIMIT_PER_MINUTE: '2' };
      const one = testApp(t.db, { env, rateLimitRedis: redis }).app;
      const two = testApp(t.db, { env, rateLimitRedis: redis }).app;
      const key = await keyFor(t.db, orgA, 'viewer');
      const statuses = [];
      for (const app of [one, two, one]) statuses.push((await app.request('/api/v1/query/types', { headers: bearer(key) })).status);
      expect(statuses).toEqual(redis ? [200, 200, 429] : [200, 200, 200]);
    });

    it('a key that differs in its last character is rejected; only hashes are stored', async () => {
      const near = viewerKey.slice(0, -1) + (viewerKey.endsWith('A') ? 'B' : 'A');
      expect((await app.request('/api/v1/query/types', { headers: bearer(near) })).status).toBe(401);
      const { rows } = await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM api_keys WHERE key_hash = $1 OR key_prefix = $1`, [viewerKey]);
      expect(Number(rows[0]!.n)).toBe(0);
    });

    it('revocation applies at once although verified keys are cached', async () => {
      const adminKey = remember(await keyFor(t.db, orgA, 'admin'));
      const created = await app.request('/api/v1/apikeys', { method: 'POST', headers: json(adminKey), body: JSON.stringify({ name: 'to revoke', role: 'viewer' }) });
      expect(created.status).toBe(201);
      const { id, key } = (await created.json()) as { id: string; key: string };
      remember(key);
      expect((await app.request('/api/v1/query/types', { headers: bearer(key) })).status).toBe(200);
      expect((await app.request(`/api/v1/apikeys/${id}`, { method: 'DELETE', headers: json(adminKey) })).status).toBe(204);
      expect((await app.request('/api/v1/query/types', { headers: bearer(key) })).status).toBe(401);
    });

    it('a deactivated user loses access at once', async () => {
      const s = await accessToken();
      expect((await me(s.accessToken)).status).toBe(200);
      const adminKey = await keyFor(t.db, orgA, 'admin');
      expect((await app.request(`/api/v1/users/${s.user.id}`, { method: 'DELETE', headers: json(adminKey) })).status).toBe(204);
      expect((await me(s.accessToken)).status).toBe(401);
      const login = await app.request('/api/v1/auth/login', { method: 'POST', headers: json(''), body: JSON.stringify({ email: s.user.email, password: TEST_PASSWORD }) });
      expect(login.status).toBe(401);
    });
  });

  describe('injection and oversized input', () => {
    const PAYLOADS = ["' OR '1'='1", "x'; DROP TABLE cost_data; --", '"); DELETE FROM api_keys; --', '\\x00\u0000', "tag:a' UNION SELECT key_hash FROM api_keys --"];

    it('treats SQL in every filter value and dimension as data', async () => {
      const dims = [...FIXED_DIMENSION_NAMES, 'tag:team'];
      for (const payload of PAYLOADS) {
        for (const dim of dims) {
          const res = await app.request('/api/v1/query', {
            method: 'POST',
            headers: json(viewerKey),
            body: JSON.stringify({
              range: { from: '2026-09-01', to: '2026-11-01' },
              queries: [{ refId: 'A', type: 'cost', groupBy: [dim], filters: [{ dimension: dim, operator: 'in', values: [payload] }] }],
            }),
          });
          expect([200, 400], `${dim} ${payload}`).toContain(res.status);
          const text = await res.text();
          expect(text).not.toContain('AmazonEC2');
          expect(text).not.toMatch(/[0-9a-f]{64}/);
          const values = await app.request(`/api/v1/dimensions/${encodeURIComponent(dim)}/values?filter=${encodeURIComponent(`${dim}:${payload}`)}&search=${encodeURIComponent(payload)}`, {
            headers: json(viewerKey),
          });
          expect([200, 400]).toContain(values.status);
          if (values.status === 200) expect(((await values.json()) as { values: unknown[] }).values).toEqual([]);
        }
        const asDimension = await app.request(`/api/v1/dimensions/${encodeURIComponent(payload)}/values`, { headers: json(viewerKey) });
        expect(asDimension.status).toBe(400);
        const asGroup = await app.request('/api/v1/query', {
          method: 'POST',
          headers: json(viewerKey),
          body: JSON.stringify({ range: { from: '2026-09-01', to: '2026-11-01' }, queries: [{ refId: 'A', type: 'cost', groupBy: [payload] }] }),
        });
        expect(asGroup.status).toBe(400);
      }
      const { rows } = await t.db.query<{ n: string }>('SELECT (SELECT count(*) FROM cost_data) + (SELECT count(*) FROM api_keys) AS n');
      expect(Number(rows[0]!.n)).toBeGreaterThan(1);
      const ok = await app.request('/api/v1/dimensions/service/values?from=2026-09-01&to=2026-11-01', { headers: json(viewerKey) });
      expect(((await ok.json()) as { values: unknown[] }).values).toHaveLength(1);
    });

    it('answers 413 for an oversized body', async () => {
      const adminKey = await keyFor(t.db, orgA, 'admin');
      const res = await app.request('/api/v1/apikeys', { method: 'POST', headers: json(adminKey), body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), role: 'viewer' }) });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    });

    it('answers 413 from a declared Content-Length alone, before reading the body', async () => {
      const adminKey = await keyFor(t.db, orgA, 'admin');
      const body = JSON.stringify({ name: 'small', role: 'viewer' });
      const headers = { ...json(adminKey), 'content-length': String(2 * 1024 * 1024) };
      const res = await app.request('/api/v1/apikeys', { method: 'POST', headers, body });
      expect(res.status).toBe(413);
      const fits = await app.request('/api/v1/apikeys', { method: 'POST', headers: { ...json(adminKey), 'content-length': String(Buffer.byteLength(body)) }, body });
      expect(fits.status).toBe(201);
    });

    it('a viewer calling editor and admin routes gets 403', async () => {
      const res = await app.request('/api/v1/apikeys', { method: 'POST', headers: json(viewerKey), body: JSON.stringify({ name: 'x', role: 'admin' }) });
      expect(res.status).toBe(403);
      expect((await app.request('/api/v1/audit', { headers: json(viewerKey) })).status).toBe(403);
    });
  });

  describe('headers, CORS, versioning, audit', () => {
    it('sends secure headers and keeps CORS closed by default', async () => {
      const res = await app.request('/api/v1/query/types', { headers: { ...bearer(viewerKey), Origin: 'https://evil.example' } });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const pre = await app.request('/api/v1/query', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
      expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('sends the same headers through the Node server, on answers and on errors', async () => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        for (const [path, status] of [['/api/v1/query/types', 200], ['/api/v1/nowhere', 404], ['/health/live', 200]] as const) {
          const res = await fetch(base + path, { headers: bearer(viewerKey) });
          expect(res.status).toBe(status);
          expect(res.headers.get('x-frame-options')).toBe('DENY');
          expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
          expect(res.headers.get('cache-control')).toBe(path.startsWith('/api/') ? 'no-store' : null);
          expect(res.headers.get('x-request-id')).toBeTruthy();
        }
      } finally {
        server.close();
      }
    });

    it('opens CORS only to listed origins', async () => {
      const open = testApp(t.db, { env: { CORS_ORIGINS: 'https://grafana.example' } }).app;
      const ok = await open.request('/api/v1/query', { method: 'OPTIONS', headers: { Origin: 'https://grafana.example', 'Access-Control-Request-Method': 'POST' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://grafana.example');
      const evil = await open.request('/api/v1/query', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
      expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('names the API version and announces a scheduled deprecation', async () => {
      const plain = await app.request('/api/v1/query/types', { headers: bearer(viewerKey) });
      expect(plain.headers.get('api-version')).toBe('v1');
      expect(plain.headers.get('deprecation')).toBeNull();
      const dep = testApp(t.db, { env: { API_V1_DEPRECATED_AT: '2027-01-01T00:00:00Z', API_V1_SUNSET_AT: '2027-07-01T00:00:00Z' } }).app;
      const res = await dep.request('/api/v1/query/types', { headers: bearer(viewerKey) });
      expect(res.headers.get('deprecation')).toBe(`@${Date.UTC(2027, 0, 1) / 1000}`);
      expect(res.headers.get('sunset')).toBe('Thu, 01 Jul 2027 00:00:00 GMT');
      expect(res.headers.get('link')).toContain('rel="successor-version"');
    });

    it('records changes with actor, address, request id and X-Grafana-User; the log is append-only', async () => {
      const adminKey = await keyFor(t.db, orgA, 'admin');
      const res = await app.request('/api/v1/apikeys', {
        method: 'POST',
        headers: { ...json(adminKey), 'X-Grafana-User': 'alice@example.com', 'X-Request-Id': 'req-audit-1' },
        body: JSON.stringify({ name: 'grafana', role: 'viewer' }),
      });
      remember(((await res.json()) as { key: string }).key);
      const list = await app.request('/api/v1/audit?action=apikey', { headers: json(adminKey) });
      const { entries } = (await list.json()) as { entries: { action: string; grafanaUser: string; requestId: string; actor: { type: string } }[] };
      expect(entries.find((e) => e.requestId === 'req-audit-1')).toMatchObject({ action: 'apikey.create', grafanaUser: 'alice@example.com', actor: { type: 'api_key' } });
      await expect(t.db.query('UPDATE audit_log SET action = $1', ['forged'])).rejects.toThrow(/append-only/);
      await expect(t.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    });
  });

  it('never logs or returns a secret that passed through the suite', async () => {
    const adminKey = remember(await keyFor(t.db, orgA, 'admin'));
    remember(await encryptSecret(t.db, orgA, 'placeholder')); // ciphertexts are not secrets, but must not be logged either
    const plaintext = remember('aws-external-id-4f1c0e');
    await encryptSecret(t.db, orgA, plaintext);
    const wrongLogin = remember('wrong password for logs');
    await app.request('/api/v1/auth/login', { method: 'POST', headers: json(''), body: JSON.stringify({ email: 'nobody@example.com', password: wrongLogin }) });
    for (const path of ['/api/v1/apikeys', '/api/v1/users', '/api/v1/audit?limit=1000']) {
      const body = await (await app.request(path, { headers: json(adminKey) })).text();
      for (const s of secrets) expect(body.includes(s), `${path} leaks a secret`).toBe(false);
      expect(body).not.toMatch(/\$argon2id\$/);
    }
    const logs = logLines.join('');
    expect(logLines.length).toBeGreaterThan(20);
    for (const s of secrets) expect(logs.includes(s), `log contains ${s.slice(0, 6)}…`).toBe(false);
    expect(logs).not.toMatch(/\$argon2id\$|cw_[\w-]{40}|cwr_[\w-]{40}|eyJ[\w-]+\.eyJ/);
  });
});
