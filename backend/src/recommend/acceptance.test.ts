import {
  AssociateAddressCommand,
  AttachVolumeCommand,
  DeleteNatGatewayCommand,
  DeleteSnapshotCommand,
  ModifyVolumeCommand,
  StartInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { DeleteDBInstanceCommand, DeleteDBSnapshotCommand } from '@aws-sdk/client-rds';
import { PutBucketLifecycleConfigurationCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { dec, sum } from '../domain/money.js';
import { RegionClients } from '../scan/clients.js';
import { scanOrganization, type ScanDeps } from '../scan/index.js';
import { MOTO_DEFAULT_ACCOUNT, registerAccounts, scanAccessFor } from '../scan/testing.js';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { startMoto, useDummyAwsCredentials, type Moto } from '../testing/moto.js';
import { EXPECTATIONS } from './fixtures.js';
import { evaluateChangedOrganizations, listRecommendations, savingsSummary, type Recommendation } from './index.js';
import { seedOld, seedRest, type MotoIds } from './moto-world.js';

/**
 * Acceptance 1 and 2 (issue 8): a moto world with one positive and one negative per check,
 * scanned by the real scanner, evaluated by the worker's job; then the waste is fixed through
 * the AWS APIs and the next scan resolves the recommendations.
 */
const REGION = 'us-east-1';
const ACCOUNT = { accountId: MOTO_DEFAULT_ACCOUNT };

/** moto's root volume for ami-12c6146b is 8 GiB gp2: 8 x $0.10. Every other figure is as in fixtures.ts. */
const MOTO_SAVINGS: Record<string, string> = { 'ec2-stopped-with-ebs': '0.8' };

let moto: Moto;
let t: TestDatabase;
let org: string;
let deps: ScanDeps;
let c: RegionClients;
const ids: MotoIds = {};
let thresholds: Record<string, Record<string, number>>;

async function scanAndEvaluate(now = new Date()) {
  const summary = await scanOrganization(deps, org, { mode: 'full', trigger: 'test' });
  expect(summary.failedSlices).toEqual([]);
  return evaluateChangedOrganizations(t.db, { now: () => now, thresholds });
}

/** Age thresholds half-way between the positive's and the negative's scanned timestamps. */
async function ageThresholds(now: Date) {
  const { rows } = await t.db.query<{ resource_id: string; attributes: Record<string, string> }>(
    `SELECT resource_id, attributes FROM aws_resources WHERE organization_id = $1 AND resource_id = ANY($2::text[])`,
    [org, [ids['i-longrun'], ids['i-busy'], 'db-longrun', 'db-busy', ids['snap-old'], ids['snap-recent']]],
  );
  const at = (id: string, key: string) => Date.parse(rows.find((r) => r.resource_id === id)!.attributes[key]!);
  const midAgeDays = (a: number, b: number) => (now.getTime() - (a + b) / 2) / 86_400_000;
  return {
    'ec2-on-demand-long-running': { minAgeDays: midAgeDays(at(ids['i-longrun']!, 'launchTime'), at(ids['i-busy']!, 'launchTime')) },
    'rds-on-demand-long-running': { minAgeDays: midAgeDays(at('db-longrun', 'createTime'), at('db-busy', 'createTime')) },
    'snapshot-old': { maxAgeDays: midAgeDays(at(ids['snap-old']!, 'startTime'), at(ids['snap-recent']!, 'startTime')) },
  };
}

beforeAll(async () => {
  useDummyAwsCredentials();
  [moto, t] = await Promise.all([startMoto(), createTestDatabase()]);
  org = await createOrg(t.db, 'Acceptance');
  await registerAccounts(t.db, org, [ACCOUNT], [REGION]);
  deps = { db: t.db, config: loadConfig({ SCAN_AWS_ENDPOINT: moto.endpoint, LOG_LEVEL: 'silent' }).scan, access: { maxAttempts: 3 }, settings: { retryBaseMs: 10, retries: 1 } };
  c = new RegionClients(scanAccessFor(moto.endpoint, ACCOUNT), REGION);
  const now = new Date();
  await seedOld(c, ids);
  // AWS timestamps have one-second resolution: the old and the new examples must differ.
  await new Promise((r) => setTimeout(r, 2100));
  await seedRest(c, ids, now);
  await scanOrganization(deps, org, { mode: 'full', trigger: 'test' });
  thresholds = await ageThresholds(new Date());
}, 240_000);

afterAll(async () => {
  c?.destroy();
  await moto?.stop();
  await t?.drop();
});

const all = async () => (await listRecommendations(t.db, org, { status: ['open', 'dismissed', 'resolved'], limit: 5000 })).items;
const find = (recs: Recommendation[], check: string, name: string) => recs.find((r) => r.checkId === check && r.resource.resourceId === ids[name]);

describe('recommendations over a scanned moto world', () => {
  let recs: Recommendation[];

  beforeAll(async () => {
    await evaluateChangedOrganizations(t.db, { now: () => new Date(), thresholds });
    recs = await all();
  }, 120_000);

  it.each(EXPECTATIONS)('$check flags $positive within 1 % of the hand-computed price and not $negative', ({ check, positive, negative, savings }) => {
    const hit = find(recs, check, positive);
    expect(hit, `${check} should flag ${positive} (${ids[positive]})`).toBeDefined();
    const expected = dec(MOTO_SAVINGS[check] ?? savings);
    const actual = dec(hit!.estimatedMonthlySavings);
    expect(actual.minus(expected).abs().lte(expected.times(0.01)), `${check}: ${actual} vs ${expected}`).toBe(true);
    expect(hit!.status).toBe('open');
    expect(find(recs, check, negative), `${check} must not flag ${negative}`).toBeUndefined();
  });

  it('totals equal the sum of their parts to the cent', async () => {
    const s = await savingsSummary(t.db, org);
    const open = recs.filter((r) => r.status === 'open');
    expect(s.total).toBe(sum(open.map((r) => r.estimatedMonthlySavings)).toFixed(6));
    for (const parts of [s.byAccount, s.byService, s.byCheck]) expect(sum(parts.map((p) => p.savings)).toFixed(6)).toBe(s.total);
  });

  it('resolves what was fixed after the next scan, and keeps the rest open', async () => {
    const before = await all();
    const ec2 = c.ec2;
    await ec2.send(new AttachVolumeCommand({ VolumeId: ids['vol-unattached']!, InstanceId: ids['i-running']!, Device: '/dev/sdk' }));
    await ec2.send(new AssociateAddressCommand({ AllocationId: ids['eipalloc-free']!, InstanceId: ids['i-busy']! }));
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: ids['snap-orphan']! }));
    await ec2.send(new ModifyVolumeCommand({ VolumeId: ids['vol-gp2']!, VolumeType: 'gp3' }));
    await ec2.send(new StartInstancesCommand({ InstanceIds: [ids['i-stopped']!] }));
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: [ids['i-idle']!] }));
    await ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: ids['nat-idle']! }));
    await c.rds.send(new DeleteDBSnapshotCommand({ DBSnapshotIdentifier: 'rds-snap-orphan' }));
    await c.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'db-idle', SkipFinalSnapshot: true }));
    for (const b of ['bucket-no-rules', 'bucket-expire-only'])
      await c.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: ids[b]!, LifecycleConfiguration: { Rules: [{ ID: 'tidy', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 30, StorageClass: 'STANDARD_IA' }], AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }] } }));

    const result = await scanAndEvaluate();
    expect(Object.keys(result)).toEqual([org]);
    const after = await all();
    const fixed: [string, string][] = [
      ['ebs-unattached', 'vol-unattached'],
      ['eip-unassociated', 'eipalloc-free'],
      ['snapshot-orphaned', 'snap-orphan'],
      ['ebs-gp2-to-gp3', 'vol-gp2'],
      ['ec2-stopped-with-ebs', 'i-stopped'],
      ['ebs-attached-to-stopped', 'vol-data-stopped'],
      ['ec2-idle', 'i-idle'],
      ['nat-idle', 'nat-idle'],
      ['rds-snapshot-orphaned', 'rds-snap-orphan'],
      ['rds-idle', 'db-idle'],
      ['s3-no-lifecycle', 'bucket-no-rules'],
      ['s3-no-abort-mpu', 'bucket-expire-only'],
    ];
    for (const [check, name] of fixed) {
      const was = find(before, check, name)!;
      const now = find(after, check, name);
      expect(now?.id, `${check} ${name}`).toBe(was.id);
      expect(now!.status, `${check} ${name}`).toBe('resolved');
      expect(now!.resolvedAt).not.toBeNull();
    }
    // Nothing duplicated, and untouched waste stays open.
    expect(new Set(after.map((r) => `${r.checkId}|${r.resource.key}`)).size).toBe(after.length);
    for (const [check, name] of [['ebs-io-to-gp3', 'vol-io-low'], ['ec2-graviton', 'i-x86'], ['rds-extended-support', 'db-mysql57']] as const)
      expect(find(after, check, name)?.status, `${check} ${name}`).toBe('open');
  }, 120_000);
});
