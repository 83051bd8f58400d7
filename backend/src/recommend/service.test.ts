import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, sum } from '../domain/money.js';
import { createOrg } from '../testing/app.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { createMetrics } from '../obs/index.js';
import { EXPECTATIONS, seedWorld, WORLD_NOW } from './fixtures.js';
import {
  dismissRecommendation,
  evaluateOrganization,
  getRecommendation,
  listRecommendations,
  registerSavingsMetrics,
  reopenRecommendation,
  savingsSummary,
} from './index.js';

let t: TestDatabase;
let org: string;
let other: string;
let ids: Map<string, string>;

beforeAll(async () => {
  t = await createTestDatabase();
  org = await createOrg(t.db, 'Savers');
  other = await createOrg(t.db, 'Others');
  ids = await seedWorld(t.db, org);
  await seedWorld(t.db, other);
});
afterAll(async () => t?.drop());

const byCheck = async (check: string, resourceId: string) =>
  (await listRecommendations(t.db, org, { checkId: [check], search: resourceId, status: ['open', 'dismissed', 'resolved'] })).items.find((i) => i.resource.resourceId === resourceId);

describe('evaluateOrganization', () => {
  it('stores every positive with its savings and no negative', async () => {
    const res = await evaluateOrganization(t.db, org, { now: WORLD_NOW });
    expect(res.opened).toBe(res.detected);
    for (const e of EXPECTATIONS) {
      const rec = await byCheck(e.check, e.positive);
      expect(rec, `${e.check} / ${e.positive}`).toBeDefined();
      expect(rec!.estimatedMonthlySavings).toBe(dec(e.savings).toFixed(6));
      expect(rec!.status).toBe('open');
      expect(await byCheck(e.check, e.negative), `${e.check} / ${e.negative}`).toBeUndefined();
    }
  });

  it('is idempotent: a second run adds nothing and changes no status', async () => {
    const before = await listRecommendations(t.db, org, { limit: 500, status: ['open', 'dismissed', 'resolved'] });
    const res = await evaluateOrganization(t.db, org, { now: WORLD_NOW });
    const after = await listRecommendations(t.db, org, { limit: 500, status: ['open', 'dismissed', 'resolved'] });
    expect(res.opened).toBe(0);
    expect(res.resolved).toBe(0);
    expect(after.total).toBe(before.total);
    expect(after.items.map((i) => [i.id, i.status])).toEqual(before.items.map((i) => [i.id, i.status]));
  });

  it('keeps a dismissal with its reason across evaluations, and reopens on request', async () => {
    const rec = (await byCheck('ebs-gp2-to-gp3', 'vol-gp2'))!;
    const d = await dismissRecommendation(t.db, org, rec.id, 'vendor appliance needs gp2');
    expect(d.status).toBe('dismissed');
    await evaluateOrganization(t.db, org, { now: WORLD_NOW });
    const again = await getRecommendation(t.db, org, rec.id);
    expect([again.status, again.dismissReason]).toEqual(['dismissed', 'vendor appliance needs gp2']);
    const open = await reopenRecommendation(t.db, org, rec.id);
    expect([open.status, open.dismissReason]).toEqual(['open', null]);
  });

  it('resolves a recommendation when a later scan shows the fix, and reopens it if the waste returns', async () => {
    const eip = (await byCheck('eip-unassociated', 'eipalloc-free'))!;
    const vol = (await byCheck('ebs-unattached', 'vol-unattached'))!;
    await t.db.query(`UPDATE aws_resources SET state = 'associated', attributes = attributes || '{"associationId":"eipassoc-9"}' WHERE id = $1`, [ids.get('eipalloc-free')]);
    await t.db.query(`UPDATE aws_resources SET deleted_at = now() WHERE id = $1`, [ids.get('vol-unattached')]);
    const later = new Date(WORLD_NOW.getTime() + 3_600_000);
    const res = await evaluateOrganization(t.db, org, { now: later });
    expect(res.resolved).toBeGreaterThanOrEqual(2);
    const e2 = await getRecommendation(t.db, org, eip.id);
    expect([e2.status, e2.resolvedAt]).toEqual(['resolved', later.toISOString()]);
    expect((await getRecommendation(t.db, org, vol.id)).status).toBe('resolved');
    // The snapshots of the deleted volume are now orphans.
    expect((await byCheck('snapshot-orphaned', 'snap-recent'))?.status).toBe('open');

    await t.db.query(`UPDATE aws_resources SET state = 'unassociated', attributes = attributes - 'associationId' WHERE id = $1`, [ids.get('eipalloc-free')]);
    await evaluateOrganization(t.db, org, { now: new Date(later.getTime() + 3_600_000) });
    const e3 = await getRecommendation(t.db, org, eip.id);
    expect([e3.status, e3.resolvedAt, e3.firstDetectedAt]).toEqual(['open', null, eip.firstDetectedAt]);
  });

  it('rejects dismissing a resolved recommendation and hides other organizations', async () => {
    const vol = (await byCheck('ebs-unattached', 'vol-unattached'))!;
    await expect(dismissRecommendation(t.db, org, vol.id, 'x')).rejects.toMatchObject({ code: 'conflict' });
    const theirs = (await listRecommendations(t.db, other, { limit: 1 })).items;
    expect(theirs).toHaveLength(0); // not evaluated for the other org yet
    await evaluateOrganization(t.db, other, { now: WORLD_NOW });
    const foreign = (await listRecommendations(t.db, other, { limit: 1 })).items[0]!;
    await expect(getRecommendation(t.db, org, foreign.id)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('savings totals', () => {
  it('total equals the sum of its parts to the cent (by item, account, service and check)', async () => {
    const s = await savingsSummary(t.db, org);
    const items = (await listRecommendations(t.db, org, { status: ['open'], limit: 1000 })).items;
    expect(s.count).toBe(items.length);
    const fromItems = sum(items.map((i) => i.estimatedMonthlySavings));
    expect(s.total).toBe(fromItems.toFixed(6));
    for (const parts of [s.byAccount, s.byService, s.byCheck]) expect(sum(parts.map((p) => p.savings)).toFixed(6)).toBe(s.total);
    expect(dec(s.total).toDecimalPlaces(2).toFixed(2)).toBe(fromItems.toDecimalPlaces(2).toFixed(2));
    expect(Number(s.total)).toBeGreaterThan(1000);
  });

  it('exports bounded Prometheus gauges whose cells add up to the open total', async () => {
    const m = createMetrics(false);
    registerSavingsMetrics(m.registry, t.db, { maxAccounts: 1 });
    const text = await m.registry.metrics();
    const cells = [...text.matchAll(/^costwatch_recommendation_savings_monthly\{account="([^"]+)",check="([^"]+)"\} (\S+)$/gm)];
    expect(cells.length).toBeGreaterThan(10);
    const both = dec((await savingsSummary(t.db, org)).total).plus((await savingsSummary(t.db, other)).total);
    expect(sum(cells.map((c) => c[3]!)).toDecimalPlaces(2).toFixed(2)).toBe(both.toDecimalPlaces(2).toFixed(2));
    expect(new Set(cells.map((c) => c[1])).size).toBeLessThanOrEqual(2);
  });
});
