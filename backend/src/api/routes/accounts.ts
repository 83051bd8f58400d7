import { accessFor, createAccount, getAccount, secretCodec, listAccounts, newAccountSchema, testAccess, type SecretCodec } from '../../accounts/index.js';
import { parseOrThrow } from '../../domain/validation.js';
import type { Queryable } from '../../store/queryable.js';
import type { ApiDeps } from '../context.js';
import { principalOf, readJson, type RouteDef } from '../route.js';

async function accountFixture(db: Queryable, organizationId: string): Promise<Record<string, string>> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO aws_accounts (organization_id, account_id, name) VALUES ($1, $2, 'fixture') RETURNING id`,
    [organizationId, String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999))],
  );
  return { id: rows[0]!.id };
}

/** The AWS account registry. External ids are sealed through `codec` (secrets/) and never returned. */
export function accountRoutes(deps: ApiDeps, codec: SecretCodec = secretCodec): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/accounts',
      permission: 'accounts:read',
      summary: 'AWS accounts of the organization (external ids are never returned)',
      handler: async (c) => c.json({ accounts: await listAccounts(deps.db, principalOf(c).organizationId) }),
    },
    {
      method: 'POST',
      path: '/api/v1/accounts',
      permission: 'accounts:write',
      summary: 'Register an AWS account: default credential chain, or roleArn (+ externalId) to assume',
      exampleBody: { accountId: '123456789012', name: 'production', roleArn: 'arn:aws:iam::123456789012:role/CostWatchReadOnly', externalId: 'cw-3f9a1c' },
      handler: async (c) => {
        const p = principalOf(c);
        const body = parseOrThrow(newAccountSchema, await readJson(c));
        const account = await createAccount(deps.db, codec, p.organizationId, body);
        c.get('log').info({ org_id: p.organizationId, account: account.accountId, role: account.roleArn !== null }, 'aws account registered');
        return c.json({ account }, 201);
      },
    },
    {
      method: 'POST',
      path: '/api/v1/accounts/:id/test',
      permission: 'accounts:write',
      summary: 'Check that CostWatch can reach the account (STS GetCallerIdentity, through AssumeRole when configured)',
      fixture: accountFixture,
      handler: async (c) => {
        const p = principalOf(c);
        const account = await getAccount(deps.db, p.organizationId, c.req.param('id') ?? '');
        const access = await accessFor(deps.db, codec, p.organizationId, account.id, deps.config.ingest.awsEndpoint);
        return c.json({ account: account.accountId, result: await testAccess(access, account.accountId) });
      },
    },
  ];
}
