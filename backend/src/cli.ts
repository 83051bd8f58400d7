import { Command, Option } from 'commander';
import { loadConfig, type Config } from './config/index.js';
import { findDemoOrg, removeDemo, seedDemo } from './demo/index.js';
import { todayUtc } from './domain/time.js';
import { buildServices, start, type Services } from './main.js';
import { migrate, openDatabase } from './store/index.js';

/** `costwatch`: the one entry point for serving, migrating and maintenance. */
async function withServices<T>(fn: (s: Services) => Promise<T>): Promise<T> {
  const s = await buildServices(loadConfig());
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const program = new Command('costwatch').description('CostWatch: AWS cost monitoring for Grafana').showHelpAfterError();

program
  .command('serve')
  .description('run the API, the worker, or both')
  .addOption(new Option('--role <role>', 'api | worker | all').choices(['api', 'worker', 'all']))
  .action(async (opts: { role?: Config['role'] }) => {
    const config = loadConfig();
    const s = await buildServices(config);
    const running = await start(s, opts.role ?? config.role);
    const shutdown = async (signal: string) => {
      s.logger.info({ signal }, 'shutting down');
      await running.stop();
      await s.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const config = loadConfig();
    const db = await openDatabase(config.database);
    try {
      const res = await migrate(db);
      console.log(res.applied.length ? `applied: ${res.applied.join(', ')}` : `up to date (${res.skipped} migrations)`);
    } finally {
      await db.close();
    }
  });

const demo = program.command('demo').description('the labelled demo organization');
demo
  .command('seed')
  .description('create the demo organization with 13 months of generated costs')
  .action(() =>
    withServices(async (s) => {
      const res = await seedDemo(s.db, { today: todayUtc(), log: s.logger });
      console.log(res.created ? `demo organization ${res.organizationId} created with ${res.rows} cost rows` : `demo organization ${res.organizationId} already exists`);
    }),
  );
demo
  .command('remove')
  .description('delete the demo organization and all its data')
  .action(() =>
    withServices(async (s) => {
      const id = await findDemoOrg(s.db);
      const removed = await removeDemo(s.db);
      console.log(removed ? `demo organization ${id} removed` : 'no demo organization to remove');
    }),
  );

program.parseAsync(process.argv).catch((err: Error) => {
  console.error(`costwatch: ${err.message}`);
  process.exit(1);
});
