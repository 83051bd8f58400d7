import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

describe('config', () => {
  it('runs with nothing configured: embedded database, memory cache, demo on auto', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, role: 'all', demoMode: 'auto', database: { url: undefined, pgliteDir: './data/pglite' } });
    expect(c.redisUrl).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '' }).database.url).toBeUndefined();
  });

  it('names every invalid variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', COSTWATCH_ROLE: 'boss' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', COSTWATCH_ROLE: 'boss' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/COSTWATCH_ROLE/);
    }
  });
});
