import { defineConfig } from 'vitest/config';

// Integration tests open their own database each (a fresh PostgreSQL database, or an
// in-memory PGlite), so files run in parallel on the two cores without sharing state.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
