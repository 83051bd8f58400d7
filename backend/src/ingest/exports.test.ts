import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretCodec } from '../accounts/index.js';
import { clientConfig } from '../aws/index.js';
import { Cache, createMemoryStore } from '../cache/index.js';
import { loadConfig } from '../config/index.js';
import { createLogger } from '../obs/index.js';
import { createMetrics } from '../obs/index.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { startMoto, useDummyAwsCredentials, type Moto } from '../testing/moto.js';
import { ingestExportLocation } from './exports.js';
import { runExportPoll } from './jobs.js';
import { ingestMetrics } from './metrics.js';
import { addExportSource } from './sources.js';
import { centMismatches, createOrg, CUR_SAMPLE, dbSums, fileSums, FOCUS_SAMPLE, snapshot } from './testing/fixtures.js';

describe('exports from S3 in the Data Exports layout (moto, real database)', () => {
  let t: TestDatabase;
  let moto: Moto;
  let s3: S3Client;
  const put = (key: string, body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: 'billing', Key: key, Body: body }));

  beforeAll(async () => {
    useDummyAwsCredentials();
    [t, moto] = await Promise.all([createTestDatabase(), startMoto()]);
    s3 = new S3Client(clientConfig({ endpoint: moto.endpoint }, 'us-east-1'));
    await s3.send(new CreateBucketCommand({ Bucket: 'billing' }));
    const base = 'exports/cw-focus';
    // An older manifest of the same period names a file that no longer exists: only the latest counts.
    await put(`${base}/metadata/BILLING_PERIOD=2024-09/old/cw-focus-Manifest.json`, JSON.stringify({ billingPeriod: { start: '2024-09-01T00:00:00.000Z' }, dataFiles: ['s3://billing/exports/cw-focus/data/gone.csv.gz'] }));
    await new Promise((r) => setTimeout(r, 1100));
    await put(`${base}/data/BILLING_PERIOD=2024-09/cw-focus-00001.csv.gz`, gzipSync(readFileSync(FOCUS_SAMPLE)));
    await put(
      `${base}/metadata/BILLING_PERIOD=2024-09/cw-focus-Manifest.json`,
      JSON.stringify({ billingPeriod: { start: '2024-09-01T00:00:00.000Z', end: '2024-10-01T00:00:00.000Z' }, dataFiles: [`s3://billing/${base}/data/BILLING_PERIOD=2024-09/cw-focus-00001.csv.gz`] }),
    );
    // Legacy CUR: report keys relative to the bucket.
    await put('cur/report/20231101-20231201/report-1.csv.gz', gzipSync(readFileSync(CUR_SAMPLE)));
    await put('cur/report/20231101-20231201/report-Manifest.json', JSON.stringify({ bucket: 'billing', billingPeriod: { start: '20231101T000000.000Z' }, reportKeys: ['cur/report/20231101-20231201/report-1.csv.gz'] }));
  });
  afterAll(async () => {
    await moto?.stop();
    await t?.drop();
  });

  it('takes each period’s latest manifest and its data files; totals match the file', async () => {
    const org = await createOrg(t.db, 's3-focus');
    const res = await ingestExportLocation(
      { db: t.db, codec: secretCodec, endpoint: moto.endpoint },
      { organizationId: org, format: 'focus', location: 's3://billing/exports/cw-focus', rejectThreshold: 0.01 },
    );
    expect(res).toHaveLength(1);
    expect(res[0]!.rowsRead).toBe(1000);
    const sums = fileSums(FOCUS_SAMPLE, { day: 'ChargePeriodStart', service: 'ServiceName', cost: 'BilledCost' });
    expect(centMismatches(sums, await dbSums(t.db, org, 'focus'))).toEqual([]);
  });

  it('the worker poll imports new manifests once and skips them afterwards', async () => {
    const org = await createOrg(t.db, 's3-poll');
    await addExportSource(t.db, org, { format: 'cur', location: 's3://billing/cur/report' });
    const config = loadConfig({ INGEST_AWS_ENDPOINT: moto.endpoint });
    const deps = {
      db: t.db,
      cache: new Cache(createMemoryStore(100), { query: 60, compute: 60, reference: 60 }),
      logger: createLogger('silent'),
      metrics: ingestMetrics(createMetrics(false).registry),
      codec: secretCodec,
      config: config.ingest,
    };
    expect(await runExportPoll(deps)).toEqual({ imported: 1, failed: 0 });
    const after = await snapshot(t.db, org);
    expect(await runExportPoll(deps)).toEqual({ imported: 0, failed: 0 });
    expect(await snapshot(t.db, org)).toBe(after);
    const sums = fileSums(CUR_SAMPLE, { day: 'lineItem/UsageStartDate', service: 'product/ProductName', cost: 'lineItem/UnblendedCost' });
    expect(centMismatches(sums, await dbSums(t.db, org, 'cur'))).toEqual([]);
  });
});
