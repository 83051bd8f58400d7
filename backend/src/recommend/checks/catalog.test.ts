import { describe, expect, it } from 'vitest';
import { dec } from '../../domain/money.js';
import { runChecks } from '../evaluate.js';
import { EXPECTATIONS, WORLD_NOW, worldRecords } from '../fixtures.js';
import { CATALOG } from './index.js';
import { gp2Equivalent } from './ebs-gp2-to-gp3.js';
import { stoppedAt } from './ec2-stopped-with-ebs.js';
import { extendedSupportRate } from './rds-extended-support.js';

describe('check catalog', () => {
  const { resources, metrics } = worldRecords();
  const found = runChecks(resources, metrics, { now: WORLD_NOW });
  const hit = (check: string, id: string) => found.find((f) => f.check.id === check && f.resource.resourceId === id);

  it('has one expectation per check and unique ids', () => {
    expect(new Set(CATALOG.map((c) => c.id)).size).toBe(CATALOG.length);
    expect(EXPECTATIONS.map((e) => e.check).sort()).toEqual(CATALOG.map((c) => c.id).sort());
  });

  it.each(EXPECTATIONS)('$check flags $positive at $savings/month and not $negative', ({ check, positive, negative, savings }) => {
    const f = hit(check, positive);
    expect(f, `${check} should flag ${positive}`).toBeDefined();
    expect(f!.finding.savings.toFixed(6)).toBe(dec(savings).toFixed(6));
    expect(f!.finding.pricingBasis).not.toEqual({});
    expect(hit(check, negative), `${check} must not flag ${negative}`).toBeUndefined();
  });

  it('keeps one finding per resource and group, so no dollar counts twice', () => {
    const seen = new Set<string>();
    for (const f of found.filter((x) => x.check.group)) {
      const key = `${f.resourceKey}|${f.check.group}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
    // i-oversized (m5.xlarge) is also a Graviton candidate; the resize wins.
    expect(hit('ec2-graviton', 'i-oversized')).toBeUndefined();
  });

  it('respects configured thresholds and rejects unknown checks or bad values', () => {
    const strict = runChecks(resources, metrics, { now: WORLD_NOW, thresholds: { 'snapshot-old': { maxAgeDays: 400 } } });
    expect(strict.some((f) => f.check.id === 'snapshot-old')).toBe(false);
    expect(() => runChecks(resources, metrics, { now: WORLD_NOW, thresholds: { nope: {} } })).toThrow(/unknown check/);
    expect(() => runChecks(resources, metrics, { now: WORLD_NOW, thresholds: { 'ec2-idle': { cpuMaxPct: 400 } } })).toThrow(/cpuMaxPct/);
  });

  it('skips deleted resources and treats their dependants as orphans', () => {
    const gone = resources.map((r) => (r.resourceId === 'vol-unattached' ? { ...r, deletedAt: WORLD_NOW } : r));
    const res = runChecks(gone, metrics, { now: WORLD_NOW });
    expect(res.some((f) => f.resource.resourceId === 'vol-unattached')).toBe(false);
    expect(res.find((f) => f.check.id === 'snapshot-orphaned' && f.resource.resourceId === 'snap-recent')).toBeDefined();
  });

  it('isolates a check that throws on a malformed record', () => {
    const errors: string[] = [];
    const bad = [...resources, { id: 'x', accountId: '1', region: 'us-east-1', type: 'ebs_volume', resourceId: 'vol-bad', state: 'in-use', attributes: null as unknown as Record<string, unknown>, tags: {} }];
    const res = runChecks(bad, metrics, { now: WORLD_NOW, onError: (c) => errors.push(c.id) });
    expect(errors.length).toBeGreaterThan(0);
    expect(res.length).toBe(found.length);
  });
});

describe('pricing rules', () => {
  it('gp2 equivalent performance', () => {
    expect(gp2Equivalent(10)).toEqual({ iops: 100, throughput: 125 });
    expect(gp2Equivalent(2000)).toEqual({ iops: 6000, throughput: 250 });
    expect(gp2Equivalent(10000).iops).toBe(16000);
  });
  it('extended support is $0.10 in years 1-2 and $0.20 from year 3', () => {
    expect(extendedSupportRate('2025-03-01', new Date('2026-11-26T00:00:00Z'))).toBe(0.1);
    expect(extendedSupportRate('2024-03-01', new Date('2026-11-26T00:00:00Z'))).toBe(0.2);
  });
  it('reads the stop time EC2 writes into StateTransitionReason', () => {
    expect(stoppedAt('User initiated (2026-10-01 10:00:00 GMT)')?.toISOString()).toBe('2026-10-01T10:00:00.000Z');
    expect(stoppedAt('')).toBeUndefined();
  });
});
