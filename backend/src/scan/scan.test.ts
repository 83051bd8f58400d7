import { CreateTagsCommand, CreateVolumeCommand, DeleteVolumeCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { bearer, createOrg, keyFor, testApp } from '../testing/app.js';
import { startFaultProxy, startMoto, useDummyAwsCredentials, type Moto } from '../testing/moto.js';
import { RegionClients } from './clients.js';
import { scanOrganization, type ScanDeps } from './service.js';
import { DEFAULT_SEED_ACCOUNTS, MOTO_DEFAULT_ACCOUNT, registerAccounts, scanAccessFor, SECOND_ACCOUNT, SEED_TAG, seedWorld, withoutMotoBuiltinImages, type SeededResource } from './testing.js';

const REGIONS = ['us-east-1', 'eu-west-1'];

describe('resource scanner against moto and the real database (moto)', () => {
  let moto: Moto;
  let tdb: TestDatabase;
  let org: string;
  let seeded: SeededResource[];
  let deps: ScanDeps;

  beforeAll(async () => {
    useDummyAwsCredentials();
    withoutMotoBuiltinImages();
    [moto, tdb] = await Promise.all([startMoto(), createTestDatabase()]);
    org = await createOrg(tdb.db, 'scan-org');
    seeded = await seedWorld({ endpoint: moto.endpoint, name: 'w1', regions: REGIONS });
    await registerAccounts(tdb.db, org, DEFAULT_SEED_ACCOUNTS, REGIONS);
    const config = loadConfig({ SCAN_AWS_ENDPOINT: moto.endpoint, LOG_LEVEL: 'silent' }).scan;
    deps = { db: tdb.db, config, access: { maxAttempts: 3 }, settings: { retryBaseMs: 10, retries: 1 } };
  }, 120_000);
  afterAll(async () => {
    await moto?.stop();
    await tdb?.drop();
  });

  const rows = async () =>
    (
      await tdb.db.query<{ id: string; account_id: string; region: string; resource_type: string; resource_id: string; state: string; tags: Record<string, string>; cost_allocation: Record<string, string>; attributes: Record<string, unknown>; monthly_cost: string | null; last_seen_at: Date; deleted_at: Date | null }>(
        `SELECT id, account_id, region, resource_type, resource_id, state, tags, cost_allocation, attributes, monthly_cost::text AS monthly_cost, last_seen_at, deleted_at
         FROM aws_resources WHERE organization_id = $1 ORDER BY account_id, region, resource_type, resource_id`,
        [org],
      )
    ).rows;
  const find = async (s: { accountId: string; region: string; type: string; id: string }) =>
    (await rows()).find((r) => r.account_id === s.accountId && r.region === s.region && r.resource_type === s.type && r.resource_id === s.id);

  it('finds every seeded resource of both accounts in every region with tags, state and an estimated cost', async () => {
    const summary = await scanOrganization(deps, org, { mode: 'full', trigger: 'test' });
    expect(summary.failedSlices).toEqual([]);
    expect(summary.status).toBe('succeeded');
    const all = await rows();
    const seen = new Map(all.map((r) => [`${r.account_id}|${r.region}|${r.resource_type}|${r.resource_id}`, r]));
    expect(new Set(seeded.map((s) => s.accountId))).toEqual(new Set([MOTO_DEFAULT_ACCOUNT, SECOND_ACCOUNT]));
    expect(new Set(seeded.map((s) => s.type)).size).toBe(9);
    for (const s of seeded) {
      const r = seen.get(`${s.accountId}|${s.region}|${s.type}|${s.id}`);
      expect(r, `${s.accountId}/${s.region}/${s.type}/${s.id}`).toBeDefined();
      expect(r!.tags[SEED_TAG]).toBe('w1');
      expect(r!.tags).toMatchObject(s.tags);
      expect(r!.state).toBe(s.state);
      expect(r!.monthly_cost, `${s.type} ${s.id} cost`).not.toBeNull();
      expect(r!.cost_allocation.team).toBe(s.tags.team);
      expect(r!.cost_allocation.env).toBe(s.tags.Env!.toLowerCase());
    }
    expect(summary.new).toBe(all.length);
    // Nothing else was found but the NAT gateways' own addresses, the instances' root volumes and RDS's
    // automated snapshots (moto's built-in images are off).
    const instanceIds = new Set(seeded.filter((s) => s.type === 'ec2_instance').map((s) => s.id));
    const extra = all.filter((r) => !r.tags[SEED_TAG]);
    expect(extra.filter((r) => r.resource_type === 'elastic_ip')).toHaveLength(4);
    expect(extra.filter((r) => r.resource_type === 'ebs_volume' && (r.attributes.attachedInstanceIds as string[]).every((i) => instanceIds.has(i)))).toHaveLength(instanceIds.size);
    expect(extra.filter((r) => r.resource_type === 'rds_snapshot' && r.attributes.snapshotType === 'automated')).toHaveLength(4);
    expect(extra).toHaveLength(4 + instanceIds.size + 4);
    // Costs follow the offline table (moto has no Pricing API): m5.large in us-east-1 is 0.096 $/h × 730 h.
    const m5 = seeded.find((s) => s.type === 'ec2_instance' && s.region === 'us-east-1' && s.state === 'running' && all.find((r) => r.resource_id === s.id)?.attributes.instanceType === 'm5.large');
    expect(m5).toBeDefined();
    expect((await find(m5!))!.monthly_cost).toBe('70.080000');
    const priced = await tdb.db.query<{ pricing: { source: string } }>('SELECT pricing FROM aws_resources WHERE organization_id = $1 AND resource_id = $2', [org, m5!.id]);
    expect(priced.rows[0]!.pricing.source).toBe('offline-table');
    const stopped = seeded.find((s) => s.type === 'ec2_instance' && s.state === 'stopped')!;
    expect((await find(stopped))!.monthly_cost).toBe('0.000000');
    const vm = (await find(seeded.find((s) => s.type === 'ec2_instance')!))!;
    expect(vm.attributes).toMatchObject({ vcpu: expect.any(Number), memoryGib: expect.any(Number), generation: expect.stringMatching(/current|previous/), architecture: expect.any(String) });
    // S3: region resolved, lifecycle rules with AbortIncompleteMultipartUpload, size from CloudWatch.
    const bucket = (await find(seeded.find((s) => s.type === 's3_bucket' && s.region === 'eu-west-1')!))!;
    expect(bucket.region).toBe('eu-west-1');
    expect(bucket.attributes.sizeBytes).toBeGreaterThan(0);
    expect(bucket.attributes.objectCount).toBeGreaterThan(0);
    const withRule = all.filter((r) => r.resource_type === 's3_bucket' && r.attributes.abortIncompleteMultipartUploadDays === 7);
    expect(withRule.length).toBeGreaterThan(0);
    // Utilization: 30 daily rows of CPU for an instance, connections for RDS, read ops for EBS.
    const usage = await tdb.db.query<{ resource_type: string; metric_name: string; n: string; max: number }>(
      `SELECT r.resource_type, m.metric_name, count(*)::text AS n, max(m.max_value) AS max FROM resource_usage_metrics m JOIN aws_resources r ON r.id = m.resource_id
       WHERE m.organization_id = $1 AND r.resource_id = ANY($2::text[]) GROUP BY 1, 2`,
      [org, seeded.map((s) => s.id)],
    );
    const metric = (t: string, m: string) => usage.rows.find((u) => u.resource_type === t && u.metric_name === m);
    expect(Number(metric('ec2_instance', 'CPUUtilization')?.n)).toBeGreaterThanOrEqual(30 * seeded.filter((s) => s.type === 'ec2_instance').length - 4);
    expect(metric('ec2_instance', 'NetworkIn')).toBeDefined();
    expect(metric('rds_instance', 'DatabaseConnections')?.max).toBe(3);
    expect(metric('ebs_volume', 'VolumeReadOps')?.max).toBe(100);
  }, 120_000);

  it('marks a resource deleted between scans with deleted_at after the next full scan and records state changes', async () => {
    const vol = seeded.find((s) => s.type === 'ebs_volume' && s.accountId === SECOND_ACCOUNT && s.region === 'eu-west-1')!;
    const vm = seeded.find((s) => s.type === 'ec2_instance' && s.accountId === SECOND_ACCOUNT && s.state === 'running')!;
    const account = DEFAULT_SEED_ACCOUNTS.find((a) => a.accountId === SECOND_ACCOUNT)!;
    const c = new RegionClients(scanAccessFor(moto.endpoint, account), vol.region);
    const cvm = new RegionClients(scanAccessFor(moto.endpoint, account), vm.region);
    await c.ec2.send(new DeleteVolumeCommand({ VolumeId: vol.id }));
    await cvm.ec2.send(new StopInstancesCommand({ InstanceIds: [vm.id] }));
    const before = await find(vol);
    expect(before!.deleted_at).toBeNull();

    const summary = await scanOrganization(deps, org, { mode: 'full', trigger: 'test', utilization: false });
    expect(summary.failedSlices).toEqual([]);
    expect(summary.gone).toBe(1);
    expect(summary.changed).toBeGreaterThanOrEqual(1);
    const gone = (await find(vol))!;
    expect(gone.deleted_at).not.toBeNull();
    const all = await rows();
    expect(all.filter((r) => r.deleted_at !== null).map((r) => r.resource_id)).toEqual([vol.id]);
    expect((await find(vm))!.state).toBe('stopped');
    const hist = await tdb.db.query<{ resource_id: string; old_state: string | null; new_state: string }>(
      `SELECT r.resource_id, h.old_state, h.new_state FROM resource_state_history h JOIN aws_resources r ON r.id = h.resource_id
       WHERE h.organization_id = $1 AND h.run_id = $2 ORDER BY r.resource_id`,
      [org, summary.runId],
    );
    expect(hist.rows).toEqual(expect.arrayContaining([
      { resource_id: vol.id, old_state: 'available', new_state: 'deleted' },
      { resource_id: vm.id, old_state: 'running', new_state: 'stopped' },
    ]));
    c.destroy();
    cvm.destroy();
  }, 120_000);

  it('a region answering 5xx leaves other regions updated and its own inventory untouched, and the summary names it', async () => {
    const proxy = await startFaultProxy(moto.endpoint, [{ kind: 'status-500', times: Infinity, match: (i) => i.region === 'eu-west-1' }]);
    try {
      const c = new RegionClients(scanAccessFor(moto.endpoint, DEFAULT_SEED_ACCOUNTS[0]!), 'us-east-1');
      const fresh = await c.ec2.send(new CreateVolumeCommand({ AvailabilityZone: 'us-east-1a', Size: 8 }));
      const ceu = new RegionClients(scanAccessFor(moto.endpoint, DEFAULT_SEED_ACCOUNTS[0]!), 'eu-west-1');
      const euVol = seeded.find((s) => s.type === 'ebs_volume' && s.accountId === MOTO_DEFAULT_ACCOUNT && s.region === 'eu-west-1')!;
      await ceu.ec2.send(new DeleteVolumeCommand({ VolumeId: euVol.id })); // would be marked gone if eu-west-1 had answered
      const euBefore = (await rows()).filter((r) => r.region === 'eu-west-1');

      const summary = await scanOrganization({ ...deps, access: { endpoint: proxy.endpoint, maxAttempts: 2 } }, org, { mode: 'full', trigger: 'test', utilization: false });

      expect(summary.status).toBe('partial');
      expect(summary.failedRegions).toEqual(expect.arrayContaining([`${MOTO_DEFAULT_ACCOUNT}:eu-west-1`, `${SECOND_ACCOUNT}:eu-west-1`]));
      expect(summary.failedSlices.every((f) => f.region === 'eu-west-1' || (f.type === 's3_bucket' && f.region === '*'))).toBe(true);
      expect(proxy.faults()).toBeGreaterThan(0);
      expect((await rows()).filter((r) => r.region === 'eu-west-1')).toEqual(euBefore);
      const added = await find({ accountId: MOTO_DEFAULT_ACCOUNT, region: 'us-east-1', type: 'ebs_volume', id: fresh.VolumeId! });
      expect(added?.deleted_at).toBeNull();
      const slices = await tdb.db.query<{ region: string; status: string }>(`SELECT DISTINCT region, status FROM scan_slices WHERE organization_id = $1 AND resource_type <> 's3_bucket' ORDER BY 1`, [org]);
      expect(slices.rows).toEqual([{ region: 'eu-west-1', status: 'stale' }, { region: 'us-east-1', status: 'ok' }]);
      c.destroy();
      ceu.destroy();
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('retries throttling until the scan succeeds', async () => {
    // Four throttles outlast one call's three SDK attempts, so the task-level retry is exercised too.
    const proxy = await startFaultProxy(moto.endpoint, [{ kind: 'xml-throttle', times: 4, match: (i) => i.region === 'us-east-1' && i.service === 'ec2' }]);
    try {
      const summary = await scanOrganization({ ...deps, access: { endpoint: proxy.endpoint, maxAttempts: 3 } }, org, {
        mode: 'incremental',
        trigger: 'test',
        regions: ['us-east-1'],
        types: ['ec2_instance', 'ebs_volume'],
      });
      expect(proxy.faults()).toBe(4);
      expect(summary.failedSlices).toEqual([]);
      expect(summary.found).toBeGreaterThan(0);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('a critical run re-reads only the resources matching the selector and marks nothing deleted', async () => {
    const vm = seeded.find((s) => s.type === 'ec2_instance' && s.accountId === MOTO_DEFAULT_ACCOUNT && s.region === 'us-east-1')!;
    const c = new RegionClients(scanAccessFor(moto.endpoint, DEFAULT_SEED_ACCOUNTS[0]!), 'us-east-1');
    await c.ec2.send(new CreateTagsCommand({ Resources: [vm.id], Tags: [{ Key: 'costwatch:critical', Value: 'true' }] }));
    c.destroy();
    const deletedBefore = (await rows()).filter((r) => r.deleted_at !== null).length;
    const summary = await scanOrganization(deps, org, { mode: 'critical', trigger: 'test' });
    expect(summary.failedSlices).toEqual([]);
    expect(summary.found).toBe(1);
    expect(summary.gone).toBe(0);
    const after = await rows();
    expect(after.filter((r) => r.deleted_at !== null).length).toBe(deletedBefore);
    expect(after.find((r) => r.resource_id === vm.id)!.tags['costwatch:critical']).toBe('true');
  }, 120_000);

  it('a manual scan through POST /api/v1/scans answers 202 with a run that GET /api/v1/scans/:id reports', async () => {
    const { app } = testApp(tdb.db, { env: { SCAN_AWS_ENDPOINT: moto.endpoint } });
    const key = await keyFor(tdb.db, org, 'editor');
    const res = await app.request('/api/v1/scans', {
      method: 'POST',
      headers: bearer(key),
      body: JSON.stringify({ mode: 'incremental', regions: ['us-east-1'], types: ['ec2_instance'], accounts: [SECOND_ACCOUNT] }),
    });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    let run: { status: string; found: number; failedSlices: unknown[] } = { status: 'running', found: 0, failedSlices: [] };
    while (run.status === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      run = await (await app.request(`/api/v1/scans/${runId}`, { headers: bearer(key) })).json();
    }
    expect(run.status).toBe('succeeded');
    expect(run.found).toBe(seeded.filter((s) => s.type === 'ec2_instance' && s.accountId === SECOND_ACCOUNT && s.region === 'us-east-1').length);
  }, 120_000);
});
