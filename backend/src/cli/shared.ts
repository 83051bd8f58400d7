import { loadConfig } from '../config/index.js';
import { buildServices, type Services } from '../main.js';

/** Builds the services from the environment for one CLI command and always closes them. */
export async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const s = await buildServices(loadConfig());
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
