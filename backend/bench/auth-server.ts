import { writeFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { buildBenchApp } from './auth-app.js';

/** The HTTP server for bench:auth. Prints PORT=…; writes its credentials to BENCH_CREDS_FILE (0600), never to stdout. */
const { app, creds } = await buildBenchApp(process.env);
writeFileSync(process.env.BENCH_CREDS_FILE!, JSON.stringify(creds), { mode: 0o600 });
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`PORT=${info.port}\n`);
});
