import { describe, expect, it } from 'vitest';
import { addDays, daysBetween } from '../domain/time.js';
import { CostCube, mergeRanges, MICROS } from './cube.js';
import { measure, readRanges, shiftMonths, type OrgFacts } from './measure.js';
import type { Rule } from './model.js';

/** Pure measurement on an in-memory cube: every kind, and the ranges the evaluator loads. */
const FROM = '2025-01-01';
const TO = '2026-11-21';
const DAY = '2026-11-20';

function cube(pick?: (day: string) => boolean): CostCube {
  const n = daysBetween(FROM, TO);
  const mk = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => (pick && !pick(addDays(FROM, i)) ? 0 : f(i) * MICROS));
  return new CostCube(FROM, TO, new Map([['unblended', [
    { account: 'a', service: 'ec2', region: 'r', values: mk((i) => 100 + (i % 7)) },
    { account: 'b', service: 's3', region: 'r', values: mk((i) => 10 + (i % 3)) },
  ]]]));
}

const facts: OrgFacts = {
  budgets: new Map([['b1', { id: 'b1', name: 'Annual A', period: 'annual', amountMicros: 30_000 * MICROS, metric: 'unblended', scope: { accounts: ['a'] } }]]),
  anomalies: [{ id: 'x', account: 'a', service: 'ec2', startDate: '2026-11-18', endDate: '2026-11-19', impactMicros: 900 * MICROS, severity: 'high', status: 'open' }],
  recommendations: [{ id: 'r', title: 't', account: 'b', savingsMicros: 250 * MICROS, firstDetected: '2026-11-19', status: 'open' }],
};

const rules: Pick<Rule, 'kind' | 'condition' | 'scope'>[] = [
  { kind: 'cost_threshold', scope: {}, condition: { period: 'daily', metric: 'unblended', window_days: 7, threshold: 100 } },
  { kind: 'cost_threshold', scope: { accounts: ['b'] }, condition: { period: 'month_to_date', metric: 'unblended', window_days: 7, threshold: 1000 } },
  { kind: 'cost_threshold', scope: { services: ['ec2'] }, condition: { period: 'window', metric: 'unblended', window_days: 30, threshold: 3000 } },
  ...(['previous_period', 'last_week', 'last_month', 'last_year'] as const).map((compare_to) => ({
    kind: 'change' as const, scope: {}, condition: { window_days: 7, compare_to, mode: 'absolute' as const, direction: 'either' as const, metric: 'unblended' as const, threshold: 1 },
  })),
  { kind: 'forecast', scope: { accounts: ['a'] }, condition: { metric: 'unblended', threshold: 3000 } },
  { kind: 'budget', scope: {}, condition: { budget_id: 'b1', basis: 'forecast', threshold_pct: 100 } },
  { kind: 'anomaly', scope: { accounts: ['a'] }, condition: { min_impact: 500, min_severity: 'medium' } },
  { kind: 'recommendation', scope: {}, condition: { min_savings: 100, within_days: 7 } },
];

describe('rule measurement', () => {
  it('computes each kind exactly', () => {
    const c = cube();
    const m = rules.map((r) => measure(r, c, facts, DAY));
    // 2026-11-20 is day 688 of the cube: 100 + 688 % 7 + 10 + 688 % 3.
    expect(m[0]).toMatchObject({ firing: true, value: 100 + (688 % 7) + 10 + (688 % 3) });
    expect(m[2]!.value).toBe(Array.from({ length: 30 }, (_, k) => 100 + ((688 - k) % 7)).reduce((a, b) => a + b, 0));
    expect(m[7]).toMatchObject({ unit: 'USD', firing: true });
    expect(m[8]).toMatchObject({ unit: 'percent', firing: true });
    expect(m[9]).toMatchObject({ firing: true, value: 900 });
    expect(m[10]).toMatchObject({ firing: true, value: 250 });
  });

  it('gives the same answers when only the ranges the evaluator loads are present', () => {
    const full = cube();
    const ranges = mergeRanges(rules.flatMap((r) => readRanges(r, DAY)));
    const partial = cube((d) => ranges.some(([a, b]) => d >= a && d <= b));
    const withToDate: OrgFacts = { ...facts, budgets: new Map([['b1', { ...facts.budgets.get('b1')!, toDate: { day: DAY, micros: full.sum({ accounts: ['a'] }, 'unblended', '2026-01-01', DAY) } }]]) };
    expect(rules.map((r) => measure(r, partial, withToDate, DAY))).toEqual(rules.map((r) => measure(r, full, facts, DAY)));
    expect(ranges.length).toBeLessThan(4);
  });

  it('merges ranges and shifts months with clamping', () => {
    expect(mergeRanges([['2026-01-05', '2026-01-09'], ['2026-01-01', '2026-01-04'], ['2026-02-01', '2026-02-02']])).toEqual([['2026-01-01', '2026-01-09'], ['2026-02-01', '2026-02-02']]);
    expect(shiftMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(shiftMonths('2026-11-20', -12)).toBe('2025-11-20');
  });
});
