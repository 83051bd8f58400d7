import { loadConfig } from '../config/index.js';
import type { Services } from '../main.js';
import { buildCoreServices, type CoreServices } from '../services.js';

/** Builds the services from the environment for one CLI command and always closes them. */
export async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const { buildServices } = await import('../main.js');
  return using(await buildServices(loadConfig()), fn);
}

/** The same for commands that only load or read data: no API, analytics or AWS scanners loaded. */
export async function withCoreServices<T>(fn: (s: CoreServices) => Promise<T>): Promise<T> {
  return using(await buildCoreServices(loadConfig()), fn);
}

async function using<S extends CoreServices, T>(s: S, fn: (s: S) => Promise<T>): Promise<T> {
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
