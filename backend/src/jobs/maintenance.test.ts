import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPartitions } from '../store/index.js';
import { createTestDatabase, type TestDatabase } from '../testing/db.js';
import { maintainPartitions } from './maintenance.js';

describe('partition maintenance job (PostgreSQL or PGlite)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('creates the months ahead, then drops what retention no longer keeps, idempotently', async () => {
    const first = await maintainPartitions(t.db, { aheadMonths: 3, retentionMonths: 2, now: new Date('2027-03-15T00:00:00Z') });
    expect(first.created).toEqual(['cost_data_y2027m02', 'cost_data_y2027m03', 'cost_data_y2027m04', 'cost_data_y2027m05', 'cost_data_y2027m06']);
    const again = await maintainPartitions(t.db, { aheadMonths: 3, retentionMonths: 2, now: new Date('2027-03-15T00:00:00Z') });
    expect(again).toEqual({ created: [], dropped: [] });
    const later = await maintainPartitions(t.db, { aheadMonths: 3, retentionMonths: 2, now: new Date('2027-06-02T00:00:00Z') });
    expect(later.dropped).toEqual(['cost_data_y2027m02', 'cost_data_y2027m03']);
    expect(await listPartitions(t.db)).toContain('cost_data_y2027m09');
  });
});
