import type { Role } from './roles.js';

/** Who is calling: resolved from the credential only, never from the request body or path. */
export interface Principal {
  organizationId: string;
  role: Role;
  kind: 'api_key' | 'user';
  /** The API key id or the user id. */
  id: string;
  /** Set for API keys (kept for callers written before users existed). */
  keyId?: string;
  userId?: string;
  /** Refresh-token family of a user's login session; logout revokes it. */
  sessionId?: string;
  name: string;
}
