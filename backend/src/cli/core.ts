import { Option, type Command } from 'commander';
import { loadConfig, type Config } from '../config/index.js';
import { findDemoOrg, removeDemo, seedDemo } from '../demo/index.js';
import { todayUtc } from '../domain/time.js';
import { buildServices, start } from '../main.js';
import { migrate, openDatabase } from '../store/index.js';
import { withServices } from './shared.js';

/** serve, migrate, demo seed|remove. */
export function registerCoreCommands(program: Command): void {
  program
    .command('serve')
    .description('run the API, the worker, or both')
    .addOption(new Option('--role <role>', 'api | worker | all (default: COSTWATCH_ROLE or all)').choices(['api', 'worker', 'all']))
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
      const db = await openDatabase(loadConfig().database);
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
        console.log(
          res.created
            ? `demo organization ${res.organizationId} created with ${res.rows} cost rows`
            : `demo organization ${res.organizationId} already exists`,
        );
      }),
    );
  demo
    .command('remove')
    .description('delete the demo organization and all its data')
    .action(() =>
      withServices(async (s) => {
        const id = await findDemoOrg(s.db);
        console.log((await removeDemo(s.db)) ? `demo organization ${id} removed` : 'no demo organization to remove');
      }),
    );
}
