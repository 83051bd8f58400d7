import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { seedWorld, WORLD_NOW } from './fixtures.js';
import { evaluateChangedOrganizations, listRecommendations } from './index.js';

let t: TestDatabase;
let org: string;
let ids: Map<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createOrg(t.db, 'Job Org');
  ids = await seedWorld(t.db, org);
});
afterAll(async () => t?.drop());

describe('evaluateChangedOrganizations', () => {
  it('evaluates after a scan changes the inventory, and not again until the next one', async () => {
    const now = () => WORLD_NOW;
    const first = await evaluateChangedOrganizations(t.db, { now });
    expect(Object.keys(first)).toEqual([org]);
    expect(await evaluateChangedOrganizations(t.db, { now })).toEqual({});

    // A "scan" sees the unattached volume attached now.
    await t.db.query(`UPDATE aws_resources SET state = 'in-use', attributes = attributes || '{"attachedInstanceIds":["i-running"]}', last_seen_at = now() + interval '1 minute' WHERE id = $1`, [ids.get('vol-unattached')]);
    const second = await evaluateChangedOrganizations(t.db, { now });
    expect(second[org]).toMatch(/1 resolved/);
    const open = await listRecommendations(t.db, org, { checkId: ['ebs-unattached'], status: ['open'] });
    expect(open.total).toBe(0);
  });

  it('reports a failing organization and carries on instead of throwing', async () => {
    const later = () => new Date(WORLD_NOW.getTime() + 5 * 3_600_000);
    const warnings: object[] = [];
    const res = await evaluateChangedOrganizations(t.db, { now: later, thresholds: { nope: {} }, log: { warn: (o) => warnings.push(o) } });
    expect(res[org]).toMatch(/^failed: unknown check "nope"/);
    expect(warnings).toHaveLength(1);
  });

  it('re-evaluates when the last evaluation is older than the refresh interval', async () => {
    const later = () => new Date(WORLD_NOW.getTime() + 2 * 3_600_000);
    expect(Object.keys(await evaluateChangedOrganizations(t.db, { now: later, refreshMs: 3_600_000 }))).toEqual([org]);
  });
});
