import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../../config/index.js';
import { AppError } from '../../domain/errors.js';
import { refreshAhead } from '../../domain/refresh-ahead.js';
import type { AppEnv } from '../context.js';
import { BatchedLimiter } from './batched-limiter.js';

const FAILURE_WINDOW_SECONDS = 600;
// How long a process trusts what it last read of an address's failed authentications. Its own
// failures count at once; another process's become visible within this time.
const LOCKOUT_MEMO_MS = 1000;

function limiter(redis: Redis | undefined, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  if (!redis) return memory;
  // Shared across API processes through Redis; while Redis is away each process limits on its own.
  return new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory, rejectIfRedisNotReady: true });
}

/** Per-credential, per-IP and failed-authentication limits (rate-limiter-flexible). */
export class RateLimits {
  readonly perPrincipal: BatchedLimiter;
  readonly perIp: BatchedLimiter;
  readonly authFailures: RateLimiterAbstract;
  // Expiry checked by hand: lru-cache's own TTL bookkeeping showed on every request.
  private readonly refreshing = new Set<string>();
  private readonly failures = new LRUCache<string, { consumed: number; resetAt: number; at: number }>({ max: 50_000 });

  constructor(config: Config['gateway'], redis?: Redis) {
    this.perPrincipal = new BatchedLimiter(limiter(redis, 'cw:rl:cred', config.rateLimitPerMinute, 60));
    this.perIp = new BatchedLimiter(limiter(redis, 'cw:rl:ip', config.rateLimitIpPerMinute, 60));
    this.authFailures = limiter(redis, 'cw:rl:authfail', config.authFailureLimit, FAILURE_WINDOW_SECONDS);
  }

  /** Throws 429 (Retry-After set) when `key` has used up `which`. */
  async consume(c: Context<AppEnv>, which: BatchedLimiter, key: string, what: string): Promise<void> {
    try {
      await which.consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) tooMany(c, res.msBeforeNext, what);
      throw res;
    }
  }

  /** Failed authentications lock the IP out for the rest of the window (API-key guessing). */
  /** Whether the address is known (from the last second) not to be locked out; synchronous. */
  knownClear(ip: string): boolean {
    const known = this.failures.get(ip);
    const age = known ? Date.now() - known.at : Infinity;
    if (!known || age >= LOCKOUT_MEMO_MS || known.consumed >= this.authFailures.points) return false;
    if (age > LOCKOUT_MEMO_MS / 2) {
      refreshAhead(this.refreshing, ip, async () => {
        const res = await this.authFailures.get(ip);
        // Unless a failure recorded here replaced the memo meanwhile (it knows better).
        if (this.failures.get(ip) === known) this.remember(ip, res);
      });
    }
    return true;
  }

  async ensureNotLockedOut(c: Context<AppEnv>, ip: string): Promise<void> {
    let known = this.failures.get(ip);
    if (!known || Date.now() - known.at >= LOCKOUT_MEMO_MS) {
      const res = await this.authFailures.get(ip).catch(() => null);
      known = this.remember(ip, res);
    }
    if (known.consumed >= this.authFailures.points) tooMany(c, known.resetAt - Date.now(), 'too many failed authentications from this address');
  }

  async recordFailure(ip: string): Promise<void> {
    const res = await this.authFailures.penalty(ip, 1).catch(() => null);
    if (res) this.remember(ip, res);
    else this.failures.delete(ip);
  }

  private remember(ip: string, res: RateLimiterRes | null) {
    const now = Date.now();
    const known = { consumed: res?.consumedPoints ?? 0, resetAt: now + (res?.msBeforeNext ?? 0), at: now };
    this.failures.set(ip, known);
    return known;
  }
}

function tooMany(c: Context<AppEnv>, msBeforeNext: number, what: string): never {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  c.header('Retry-After', String(seconds));
  throw new AppError('rate_limited', `${what}: retry in ${seconds} s`);
}

// Resolved once per request: the IP limit, the auth lockout and the audit row all ask.
const addresses = new WeakMap<Request, string>();

/**
 * The caller's address. Behind a proxy (TRUST_PROXY=true) the first X-Forwarded-For entry;
 * otherwise the socket's peer, since anyone can write X-Forwarded-For.
 */
export function clientIp(c: Context<AppEnv>, trustProxy: boolean): string {
  const known = addresses.get(c.req.raw);
  if (known) return known;
  // Only the Node server provides a socket (app.request in tests does not).
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const ip = incoming ? addressOf(incoming, trustProxy) : (forwardedFor(trustProxy ? c.req.header('x-forwarded-for') : undefined) ?? 'unknown');
  addresses.set(c.req.raw, ip);
  return ip;
}

/** clientIp from Node's own request, for code that runs before Hono's context exists. */
export function addressOf(incoming: IncomingMessage, trustProxy: boolean): string {
  const header = trustProxy ? incoming.headers['x-forwarded-for'] : undefined;
  return forwardedFor(typeof header === 'string' ? header : undefined) ?? incoming.socket.remoteAddress ?? 'unknown';
}

function forwardedFor(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.trim();
  return first && first.length <= 64 ? first : undefined;
}

export function ipRateLimit(limits: RateLimits, trustProxy: boolean): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const ip = clientIp(c, trustProxy);
    // Far from the limit the answer is known in memory: no promise of our own on that path.
    if (limits.perIp.admitLocally(ip)) return next();
    return limits.consume(c, limits.perIp, ip, 'too many requests from this address').then(next);
  };
}
