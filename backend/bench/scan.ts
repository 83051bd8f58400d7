/**
 * npm run bench:scan — the scanner against a moto world of at least 20,000 resources across
 * regions and two accounts, next to the raw paginated SDK describe calls of the same resources
 * in the same run (same clients, same page sizes, same concurrency bound per account).
 *
 * Raw runs before and after the scanner; their mean is the reference (moto warms up and the
 * shared machine drifts). The scanner run is inventory only (utilization off): CloudWatch
 * calls have no counterpart in the raw describe set. Both sides run under the same bounds (per
 * account and per account+API). Env: BENCH_SCAN_INSTANCES (per account and region, default 1000;
 * moto adds a root volume to each), BENCH_SCAN_REGIONS (default us-east-1,us-west-2,eu-west-1,
 * eu-central-1), BENCH_DATABASE_URL (admin connection, default the local PostgreSQL; "pglite"
 * for embedded PGlite in this process).
 */
import { paginateDescribeInstances, paginateDescribeSnapshots, paginateDescribeVolumes, RunInstancesCommand, CreateVolumeCommand, DescribeAddressesCommand } from '@aws-sdk/client-ec2';
import { paginateDescribeLoadBalancers } from '@aws-sdk/client-elastic-load-balancing-v2';
import { paginateDescribeDBInstances, paginateDescribeDBSnapshots } from '@aws-sdk/client-rds';
import { GetBucketLocationCommand, paginateListBuckets } from '@aws-sdk/client-s3';
import { paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import { loadConfig } from '../src/config/index.js';
import { ClientPool } from '../src/scan/clients.js';
import { createLimiter, keyedLimiter } from '../src/scan/limiter.js';
import { runScan, scanSettingsFrom, type ScanAccount } from '../src/scan/index.js';
import { DEFAULT_SEED_ACCOUNTS, scanAccessFor, seedWorld } from '../src/scan/testing.js';
import { createTestDatabase } from '../src/testing/db.js';
import { createOrg } from '../src/testing/app.js';
import { startMoto, useDummyAwsCredentials } from '../src/testing/moto.js';
import { RegionClients } from '../src/scan/clients.js';

const REGIONS = (process.env.BENCH_SCAN_REGIONS ?? 'us-east-1,us-west-2,eu-west-1,eu-central-1').split(',');
const INSTANCES = Number(process.env.BENCH_SCAN_INSTANCES ?? 1000);
const DATABASE = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEED_RATE = 10_000; // resources per minute, the seed design's figure

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function seed(endpoint: string): Promise<void> {
  // The small world gives every type (NAT, LB, RDS, S3 with lifecycle and metrics); bulk comes from instances and volumes.
  await seedWorld({ endpoint, name: 'bench', regions: REGIONS, metrics: false });
  const limit = createLimiter(4);
  const jobs: Promise<unknown>[] = [];
  for (const account of DEFAULT_SEED_ACCOUNTS)
    for (const region of REGIONS) {
      const c = new RegionClients(scanAccessFor(endpoint, account), region);
      for (let i = 0; i < INSTANCES; i += 25)
        jobs.push(limit(() => c.ec2.send(new RunInstancesCommand({ ImageId: 'ami-12c6146b', MinCount: 25, MaxCount: 25, InstanceType: i % 50 ? 't3.micro' : 'm5.large', TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: `t${i % 7}` }] }] }))));
      for (let i = 0; i < 100; i++) jobs.push(limit(() => c.ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 20, VolumeType: 'gp3' }))));
    }
  await Promise.all(jobs);
}

/** The same describe/list calls the scanner makes to find resources, counting them; nothing else. */
async function rawDescribe(endpoint: string, perAccount: number, perApi: number): Promise<number> {
  const pool = new ClientPool();
  const accountLimit = keyedLimiter(perAccount);
  const apiLimit = keyedLimiter(perApi);
  let count = 0;
  const tasks: Promise<void>[] = [];
  for (const account of DEFAULT_SEED_ACCOUNTS) {
    const access = scanAccessFor(endpoint, account);
    const run = (fn: () => Promise<number>, api = 'ec2') =>
      tasks.push(accountLimit(account.accountId)(() => apiLimit(`${account.accountId}|${api}`)(fn)).then((n) => void (count += n)));
    for (const region of REGIONS) {
      const c = pool.for(account.accountId, access, region);
      run(async () => { let n = 0; for await (const p of paginateDescribeInstances({ client: c.ec2, pageSize: 1000 }, {})) for (const r of p.Reservations ?? []) n += r.Instances?.length ?? 0; return n; });
      run(async () => { let n = 0; for await (const p of paginateDescribeVolumes({ client: c.ec2, pageSize: 500 }, {})) n += p.Volumes?.length ?? 0; return n; });
      run(async () => { let n = 0; for await (const p of paginateDescribeSnapshots({ client: c.ec2, pageSize: 1000 }, { OwnerIds: ['self'] })) n += p.Snapshots?.length ?? 0; return n; });
      run(async () => (await c.ec2.send(new DescribeAddressesCommand({}))).Addresses?.length ?? 0);
      run(async () => { let n = 0; for await (const p of paginateDescribeNatGateways({ client: c.ec2, pageSize: 1000 }, {})) n += p.NatGateways?.length ?? 0; return n; });
      run(async () => { let n = 0; for await (const p of paginateDescribeLoadBalancers({ client: c.elb, pageSize: 400 }, {})) n += p.LoadBalancers?.length ?? 0; return n; }, 'elb');
      run(async () => { let n = 0; for await (const p of paginateDescribeDBInstances({ client: c.rds, pageSize: 100 }, {})) n += p.DBInstances?.length ?? 0; return n; }, 'rds');
      run(async () => { let n = 0; for await (const p of paginateDescribeDBSnapshots({ client: c.rds, pageSize: 100 }, {})) n += p.DBSnapshots?.length ?? 0; return n; }, 'rds');
    }
    run(async () => {
      const s3 = pool.for(account.accountId, access, 'us-east-1').s3;
      let n = 0;
      for await (const p of paginateListBuckets({ client: s3, pageSize: 1000 }, {}))
        for (const b of p.Buckets ?? []) {
          await s3.send(new GetBucketLocationCommand({ Bucket: b.Name! }));
          n++;
        }
      return n;
    }, 's3');
  }
  await Promise.all(tasks);
  pool.destroy();
  return count;
}

async function main() {
  useDummyAwsCredentials();
  const moto = await startMoto();
  // The scanner writes to PostgreSQL as deployed; PGlite would share this process's one thread with the SDK.
  if (DATABASE !== 'pglite') process.env.TEST_DATABASE_URL = DATABASE;
  else delete process.env.TEST_DATABASE_URL;
  const tdb = await createTestDatabase();
  try {
    let t = Date.now();
    await seed(moto.endpoint);
    console.log(`seeded ${INSTANCES} instances + 100 volumes per account and region (${DEFAULT_SEED_ACCOUNTS.length} accounts × ${REGIONS.length} regions) + a small world of every type in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const config = loadConfig({ SCAN_AWS_ENDPOINT: moto.endpoint, SCAN_REGIONS: REGIONS.join(','), LOG_LEVEL: 'silent' }).scan;
    const settings = scanSettingsFrom(config, { pricingApi: false });
    const org = await createOrg(tdb.db, 'bench');
    const accounts: ScanAccount[] = DEFAULT_SEED_ACCOUNTS.map((a) => ({ accountId: a.accountId, access: scanAccessFor(moto.endpoint, a), regions: REGIONS }));

    t = Date.now();
    const raw1 = await rawDescribe(moto.endpoint, settings.perAccountConcurrency, settings.perApiConcurrency);
    const rawMs1 = Date.now() - t;
    t = Date.now();
    const summary = await runScan(tdb.db, org, accounts, { mode: 'full', trigger: 'bench', utilization: false }, settings);
    const scanMs = Date.now() - t;
    t = Date.now();
    const raw2 = await rawDescribe(moto.endpoint, settings.perAccountConcurrency, settings.perApiConcurrency);
    const rawMs2 = Date.now() - t;
    const rawMs = (rawMs1 + rawMs2) / 2;

    if (summary.failedSlices.length) console.log('failed slices:', summary.failedSlices);
    const perMin = (n: number, ms: number) => (n / ms) * 60_000;
    const scanRate = perMin(summary.found, scanMs);
    const rawRate = perMin(raw1, rawMs);
    console.log(`database: ${tdb.db.kind}; regions: ${REGIONS.join(', ')}; accounts: ${accounts.length}`);
    console.log(`resources: scanner ${fmt(summary.found)} (new ${fmt(summary.new)}), raw describe ${fmt(raw1)} / ${fmt(raw2)}`);
    console.log(`raw paginated describe: ${(rawMs1 / 1000).toFixed(2)} s and ${(rawMs2 / 1000).toFixed(2)} s (mean ${(rawMs / 1000).toFixed(2)} s) → ${fmt(rawRate)} resources/min`);
    console.log(`scanner (describe + enrich + price + write, full mode, utilization off): ${(scanMs / 1000).toFixed(2)} s → ${fmt(scanRate)} resources/min`);
    console.log(`ratio scanner/raw time: ${(scanMs / rawMs).toFixed(2)}× (target ≤ 1.30×)`);
    console.log(`against the seed's ${fmt(SEED_RATE)} resources/min: ${(scanRate / SEED_RATE).toFixed(2)}× (bounded by moto here, not by the scanner)`);
  } finally {
    await tdb.drop();
    await moto.stop();
  }
}

await main();
