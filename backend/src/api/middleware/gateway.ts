import { AuthService } from '../../auth/index.js';
import type { ApiDeps } from '../context.js';
import { RateLimits } from './rate-limit.js';

export interface Gateway {
  readonly auth: AuthService;
  readonly limits: RateLimits;
  readonly trustProxy: boolean;
}

const gateways = new WeakMap<ApiDeps, Gateway>();

/**
 * One auth service and one set of limiters per ApiDeps, shared by the middleware and the
 * auth routes (so a logout in this process invalidates this process's memo at once).
 */
export function gatewayOf(deps: ApiDeps): Gateway {
  let g = gateways.get(deps);
  if (!g) {
    const auth =
      deps.auth ??
      new AuthService(deps.db, deps.cache.store, deps.config.auth, (event, details) => {
        const level = event === 'refresh_reuse' || event === 'login_failed' ? 'warn' : 'info';
        deps.logger[level]({ security_event: event, ...details }, `security: ${event}`);
      });
    g = { auth, limits: new RateLimits(deps.config.gateway, deps.rateLimitRedis), trustProxy: deps.config.gateway.trustProxy };
    gateways.set(deps, g);
  }
  return g;
}
