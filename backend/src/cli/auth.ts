import { InvalidArgumentError, Option, type Command } from 'commander';
import { routeTable } from '../api/index.js';
import { bootstrapAdmin, bootstrapApiKey, PERMISSIONS, ROLES, roleAllows, SigningKeys, type Role } from '../auth/index.js';
import { rotateMasterKeyAction } from './rotate.js';
import { withServices } from './shared.js';

const positiveInt = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
};

/** Passwords and keys come from the environment or stdin, never from argv (shell history, ps). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** admin create · apikey create|revoke · secrets rotate-master-key · auth rotate-signing-key · auth matrix. */
export function registerAuthCommands(program: Command): void {
  const admin = program.command('admin').description('administrators');
  admin
    .command('create')
    .description('create an organization (if new) and an admin user; prints a generated password once unless one is given')
    .requiredOption('--email <email>', 'login email of the admin')
    .requiredOption('--org <name>', 'organization name or slug (created when new)')
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the password from stdin (else COSTWATCH_ADMIN_PASSWORD, else generated)')
    .action((opts: { email: string; org: string; name?: string; passwordStdin?: boolean }) =>
      withServices(async (s) => {
        const password = opts.passwordStdin ? await readStdin() : process.env.COSTWATCH_ADMIN_PASSWORD || undefined;
        const res = await bootstrapAdmin(s.db, { org: opts.org, email: opts.email, name: opts.name, password });
        console.log(`${res.createdOrg ? 'created' : 'using'} organization ${res.organizationId}; ${res.createdUser ? 'created' : 'reset'} admin ${opts.email}`);
        if (!password) console.log(`generated password (shown once): ${res.password}`);
      }),
    );

  const apikey = program.command('apikey').description('API keys (Grafana datasource, services)');
  apikey
    .command('create')
    .description('create an API key; the key alone goes to stdout (for provisioning scripts)')
    .addOption(new Option('--role <role>', 'role of the key').choices([...ROLES]).default('viewer'))
    .option('--org <slug|id>', 'organization (default: the only one)')
    .option('--name <name>', 'what the key is for', 'grafana')
    .option('--expires-days <n>', 'expire after n days', positiveInt)
    .action((opts: { role: Role; org?: string; name: string; expiresDays?: number }) =>
      withServices(async (s) => {
        const res = await bootstrapApiKey(s.db, { org: opts.org, role: opts.role, name: opts.name, expiresInDays: opts.expiresDays });
        console.error(`API key ${res.id} (${opts.role}) for organization ${res.organizationId}: paste it into the datasource's API token (shown once)`);
        console.log(res.key);
      }),
    );
  apikey
    .command('revoke <id>')
    .description('revoke an API key by id')
    .action((id: string) =>
      withServices(async (s) => {
        const { rowCount } = await s.db.query('UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id::text = $1', [id]);
        console.log(rowCount ? `revoked ${id} (other API processes stop accepting it within AUTH_CACHE_SECONDS)` : `no API key ${id}`);
        if (!rowCount) process.exitCode = 1;
      }),
    );

  const secrets = program.command('secrets').description('secrets at rest');
  secrets
    .command('rotate-master-key')
    .description('rewrap every organization data key and signing key from the current master key (MASTER_KEY or KMS_KEY_ID) to NEW_MASTER_KEY or NEW_KMS_KEY_ID')
    .action(() => withServices(rotateMasterKeyAction));

  const auth = program.command('auth').description('access tokens and permissions');
  auth
    .command('rotate-signing-key')
    .description('start signing access tokens with a new key; old keys keep verifying until their tokens expire')
    .action(() =>
      withServices(async (s) => {
        const kid = await new SigningKeys(s.db).rotate();
        console.log(`access tokens are now signed with key ${kid}; API processes pick it up at their next start`);
      }),
    );
  auth
    .command('matrix')
    .description('print the route × role permission matrix (markdown)')
    .action(() =>
      withServices(async (s) => {
        const routes = routeTable({ config: s.config, db: s.db, cache: s.cache, logger: s.logger, metrics: s.metrics, queries: s.queries });
        console.log(formatMatrix(routes));
      }),
    );
}

export function formatMatrix(routes: readonly { method: string; path: string; permission: keyof typeof PERMISSIONS }[]): string {
  const head = `| method | path | permission | ${ROLES.join(' | ')} |\n|---|---|---|${ROLES.map(() => ':-:').join('|')}|`;
  const rows = routes.map((r) => {
    const cells = ROLES.map((role) => (r.permission === 'public' ? 'public' : roleAllows(role, r.permission) ? '✓' : '—'));
    return `| ${r.method} | \`${r.path}\` | ${r.permission} | ${cells.join(' | ')} |`;
  });
  return [head, ...rows].join('\n');
}
