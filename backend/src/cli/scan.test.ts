import { describe, expect, it } from 'vitest';
import { formatSummary } from './scan.js';

describe('costwatch scan summary', () => {
  it('states the counts and names the failed account:region pairs', () => {
    const text = formatSummary({
      runId: 'r1',
      mode: 'full',
      status: 'partial',
      found: 120,
      new: 7,
      changed: 3,
      gone: 2,
      slices: 19,
      failedSlices: [{ accountId: '123456789012', region: 'eu-west-1', type: 'ec2_instance', error: 'InternalError: 500' }],
      failedRegions: ['123456789012:eu-west-1'],
      utilizationErrors: [],
      durationMs: 4200,
    });
    expect(text).toContain('found 120, new 7, changed 3, gone 2, slices 19, failed slices 1');
    expect(text).toContain('failed (inventory kept, marked stale): 123456789012:eu-west-1');
    expect(text).toContain('123456789012/eu-west-1/ec2_instance: InternalError: 500');
  });
});
