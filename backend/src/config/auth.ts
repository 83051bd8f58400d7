import { z } from 'zod';

/** Identity and gateway settings (issue 4), merged into the one config schema in index.ts. */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const authEnvSchema = {
  MASTER_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 random bytes in base64 (openssl rand -base64 32)')
    .optional(),
  MASTER_KEY_FILE: z.string().optional(),
  JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
  REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(1).default(12000),
  RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(1).default(20),
  TRUST_PROXY: bool.default(false),
  CORS_ORIGINS: z.string().optional(),
  API_V1_DEPRECATED_AT: z.coerce.date().optional(),
  API_V1_SUNSET_AT: z.coerce.date().optional(),
};

export interface AuthConfig {
  /** base64 of 32 bytes; unset: see secrets/masterkey.ts for the dev/demo fallback. */
  readonly masterKey?: string;
  readonly masterKeyFile?: string;
  readonly accessTtlSeconds: number;
  readonly refreshTtlDays: number;
  readonly cacheSeconds: number;
}

export interface GatewayConfig {
  readonly rateLimitPerMinute: number;
  readonly rateLimitIpPerMinute: number;
  /** Failed authentications per IP per 10 minutes before 429. */
  readonly authFailureLimit: number;
  readonly trustProxy: boolean;
  readonly corsOrigins: readonly string[];
  readonly deprecations: Readonly<Record<string, { readonly deprecatedAt?: Date; readonly sunsetAt?: Date }>>;
}

const authObject = z.object(authEnvSchema);
type AuthEnv = z.output<typeof authObject>;

export function authConfigFrom(e: AuthEnv): { auth: AuthConfig; gateway: GatewayConfig } {
  const deprecations: GatewayConfig['deprecations'] =
    e.API_V1_DEPRECATED_AT || e.API_V1_SUNSET_AT ? { v1: { deprecatedAt: e.API_V1_DEPRECATED_AT, sunsetAt: e.API_V1_SUNSET_AT } } : {};
  return {
    auth: Object.freeze({
      masterKey: e.MASTER_KEY,
      masterKeyFile: e.MASTER_KEY_FILE,
      accessTtlSeconds: e.JWT_ACCESS_TTL_SECONDS,
      refreshTtlDays: e.REFRESH_TTL_DAYS,
      cacheSeconds: e.AUTH_CACHE_SECONDS,
    }),
    gateway: Object.freeze({
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      rateLimitIpPerMinute: e.RATE_LIMIT_IP_PER_MINUTE,
      authFailureLimit: e.RATE_LIMIT_AUTH_FAILURES,
      trustProxy: e.TRUST_PROXY,
      corsOrigins: Object.freeze((e.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)),
      deprecations: Object.freeze(deprecations),
    }),
  };
}
