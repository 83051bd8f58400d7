import { describe, expect, it } from 'vitest';
import { buildProgram } from './index.js';

describe('costwatch command loading', () => {
  it('a command name loads its own domain, which holds that command; help loads them all', async () => {
    const all = (await buildProgram()).commands.map((c) => c.name());
    expect(all).toEqual(expect.arrayContaining(['serve', 'migrate', 'demo', 'ingest', 'scan', 'accounts', 'apikey', 'forecast', 'detect']));
    for (const name of all) {
      const own = (await buildProgram(name)).commands.map((c) => c.name());
      expect(own).toContain(name);
      expect(own.length).toBeLessThan(all.length);
    }
    expect((await buildProgram('no-such-command')).commands).toHaveLength(all.length);
  });
});
