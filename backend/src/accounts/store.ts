import { z } from 'zod';
import type { AwsAccess } from '../aws/index.js';
import { ConflictError, NotFoundError } from '../domain/errors.js';
import { PG_ERRORS, pgErrorCode, type Queryable } from '../store/index.js';
import type { SecretCodec } from './secrets.js';

export const newAccountSchema = z
  .object({
    accountId: z.string().regex(/^[0-9]{12}$/, 'must be a 12-digit AWS account id'),
    name: z.string().trim().min(1).max(200),
    isPayer: z.boolean().default(false),
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/, 'must be an IAM role ARN (arn:aws:iam::123456789012:role/Name)')
      .optional(),
    externalId: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, 'must be 2-1224 characters of letters, digits and +=,.@:/-')
      .optional(),
    regions: z.array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be AWS region names like eu-west-1')).max(40).optional(),
  })
  .strict()
  .refine((a) => !a.externalId || a.roleArn, { message: 'externalId needs roleArn', path: ['externalId'] });

export type NewAccount = z.input<typeof newAccountSchema>;

/** An account as the API and CLI show it: the external id never leaves the database. */
export interface Account {
  id: string;
  accountId: string;
  name: string;
  isPayer: boolean;
  isDemo: boolean;
  roleArn: string | null;
  hasExternalId: boolean;
  regions: string[] | null;
  status: string;
  lastIngestAt: string | null;
  createdAt: string;
}

interface Row {
  id: string;
  account_id: string;
  name: string;
  is_payer: boolean;
  is_demo: boolean;
  role_arn: string | null;
  external_id_enc: string | null;
  regions: string[] | null;
  status: string;
  last_ingest_at: Date | string | null;
  created_at: Date | string;
}

const iso = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());

function toAccount(r: Row): Account {
  return {
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    isPayer: r.is_payer,
    isDemo: r.is_demo,
    roleArn: r.role_arn,
    hasExternalId: r.external_id_enc !== null,
    regions: r.regions,
    status: r.status,
    lastIngestAt: iso(r.last_ingest_at),
    createdAt: iso(r.created_at)!,
  };
}

const COLUMNS = 'id, account_id, name, is_payer, is_demo, role_arn, external_id_enc, regions, status, last_ingest_at, created_at';

export async function listAccounts(db: Queryable, organizationId: string): Promise<Account[]> {
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM aws_accounts WHERE organization_id = $1 ORDER BY name, account_id`, [
    organizationId,
  ]);
  return rows.map(toAccount);
}

async function row(db: Queryable, organizationId: string, id: string): Promise<Row> {
  // A malformed id is simply not found: no 500 from a uuid cast, no hint about other organizations.
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('no such AWS account', 'id');
  const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM aws_accounts WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
  if (!rows[0]) throw new NotFoundError('no such AWS account', 'id');
  return rows[0];
}

export async function getAccount(db: Queryable, organizationId: string, id: string): Promise<Account> {
  return toAccount(await row(db, organizationId, id));
}

/** By its 12-digit AWS id (CLI `--account 123456789012`) or by registry id. */
export async function findAccount(db: Queryable, organizationId: string, ref: string): Promise<Account> {
  if (/^[0-9]{12}$/.test(ref)) {
    const { rows } = await db.query<Row>(`SELECT ${COLUMNS} FROM aws_accounts WHERE organization_id = $1 AND account_id = $2`, [organizationId, ref]);
    if (!rows[0]) throw new NotFoundError(`AWS account ${ref} is not registered`, 'account');
    return toAccount(rows[0]);
  }
  return getAccount(db, organizationId, ref);
}

export async function createAccount(db: Queryable, codec: SecretCodec, organizationId: string, input: z.output<typeof newAccountSchema>): Promise<Account> {
  const sealed = input.externalId ? await codec.encrypt(db, organizationId, input.externalId) : null;
  try {
    const { rows } = await db.query<Row>(
      `INSERT INTO aws_accounts (organization_id, account_id, name, is_payer, role_arn, external_id_enc, regions)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [organizationId, input.accountId, input.name, input.isPayer, input.roleArn ?? null, sealed, input.regions ?? null],
    );
    return toAccount(rows[0]!);
  } catch (err) {
    if (pgErrorCode(err) === PG_ERRORS.uniqueViolation) throw new ConflictError(`AWS account ${input.accountId} is already registered`, 'accountId');
    throw err;
  }
}

/** How to reach an account: decrypts the external id only here, right before use. */
export async function accessFor(db: Queryable, codec: SecretCodec, organizationId: string, id: string, endpoint?: string): Promise<AwsAccess> {
  const r = await row(db, organizationId, id);
  return {
    roleArn: r.role_arn ?? undefined,
    externalId: r.external_id_enc ? await codec.decrypt(db, organizationId, r.external_id_enc) : undefined,
    endpoint,
  };
}

export async function markIngested(db: Queryable, organizationId: string, id: string): Promise<void> {
  await db.query('UPDATE aws_accounts SET last_ingest_at = now(), updated_at = now() WHERE organization_id = $1 AND id = $2', [organizationId, id]);
}
