import type { Command } from 'commander';
import { accessFor, createAccount, findAccount, listAccounts, newAccountSchema, secretCodec, testAccess } from '../accounts/index.js';
import { parseOrThrow } from '../domain/validation.js';
import { resolveOrg } from './org.js';
import { withServices } from './shared.js';

/** `costwatch accounts add|list|test`: the AWS account registry. */
export function registerAccountCommands(program: Command): void {
  const accounts = program.command('accounts').description('AWS accounts CostWatch reads costs from');
  accounts
    .command('add <accountId> <name>')
    .description('register an account (default credential chain, or --role-arn [--external-id] to assume)')
    .option('--org <slug>', 'organization (default: the only one)')
    .option('--role-arn <arn>', 'IAM role to assume in the account')
    .option('--external-id <id>', 'external id the role requires (stored encrypted, never printed)')
    .option('--payer', 'management (payer) account: Cost Explorer covers all its member accounts', false)
    .action((accountId: string, name: string, o: { org?: string; roleArn?: string; externalId?: string; payer: boolean }) =>
      withServices(async (s) => {
        const org = await resolveOrg(s.db, o.org);
        const input = parseOrThrow(newAccountSchema, { accountId, name, isPayer: o.payer, roleArn: o.roleArn, externalId: o.externalId });
        const a = await createAccount(s.db, secretCodec, org, input);
        console.log(`registered ${a.accountId} (${a.name}) as ${a.id}${a.roleArn ? ` via ${a.roleArn}${a.hasExternalId ? ' with external id' : ''}` : ' via the default credential chain'}`);
      }),
    );
  accounts
    .command('list')
    .description('list registered accounts')
    .option('--org <slug>', 'organization (default: the only one)')
    .option('--json', 'print JSON', false)
    .action((o: { org?: string; json: boolean }) =>
      withServices(async (s) => {
        const list = await listAccounts(s.db, await resolveOrg(s.db, o.org, false));
        if (o.json) return void console.log(JSON.stringify(list, null, 2));
        if (!list.length) return void console.log('no accounts registered');
        console.table(
          list.map((a) => ({ id: a.id, account: a.accountId, name: a.name, payer: a.isPayer, role: a.roleArn ?? '(default chain)', externalId: a.hasExternalId ? 'set' : '', lastIngest: a.lastIngestAt ?? 'never' })),
        );
      }),
    );
  accounts
    .command('test <account>')
    .description('check access to an account (12-digit id or registry id) with STS GetCallerIdentity')
    .option('--org <slug>', 'organization (default: the only one)')
    .action((ref: string, o: { org?: string }) =>
      withServices(async (s) => {
        const org = await resolveOrg(s.db, o.org, false);
        const a = await findAccount(s.db, org, ref);
        const res = await testAccess(await accessFor(s.db, secretCodec, org, a.id, s.config.ingest.awsEndpoint), a.accountId);
        if (!res.ok) {
          console.error(`✗ ${a.accountId}: ${res.error}`);
          process.exitCode = 1;
        } else if (!res.matches) {
          console.error(`✗ ${a.accountId}: credentials belong to ${res.callerAccount} (${res.arn}), not ${a.accountId}`);
          process.exitCode = 1;
        } else console.log(`✓ ${a.accountId}: reached as ${res.arn}`);
      }),
    );
}
