import { z } from 'zod';
import { dec } from '../../domain/money.js';
import { PRICE_SOURCE, S3_GB_MONTH } from '../pricing.js';
import { defineCheck, type ResourceRecord } from '../model.js';
import { attr, num } from './util.js';

interface Rule {
  status?: string;
  Status?: string;
  abortIncompleteMultipartUpload?: unknown;
  AbortIncompleteMultipartUpload?: unknown;
}

/** The scanner stores the rules array (SDK shape) or a count; both are read. */
export function lifecycleRules(r: ResourceRecord): Rule[] | number | undefined {
  const v = attr(r, 'lifecycleRules', 'rules');
  if (Array.isArray(v)) return v as Rule[];
  if (typeof v === 'number') return v;
  return undefined;
}

function enabled(rules: Rule[]): Rule[] {
  return rules.filter((x) => (x.status ?? x.Status ?? 'Enabled') === 'Enabled');
}

/** Thrifty "s3_bucket_without_lifecycle_policy". */
export const s3NoLifecycle = defineCheck({
  id: 's3-no-lifecycle',
  title: 'S3 bucket without a lifecycle configuration',
  service: 'AmazonS3',
  resourceType: 's3_bucket',
  why: 'Without lifecycle rules every object stays in Standard forever; data nobody reads after a month costs about half in Standard-IA.',
  thresholds: z.object({ coldSharePct: z.number().min(0).max(100) }),
  defaults: { coldSharePct: 50 },
  evaluate(r, _ctx, t) {
    const rules = lifecycleRules(r);
    const count = Array.isArray(rules) ? enabled(rules).length : (num(r, 'lifecycleEnabledRules') ?? rules);
    if (count === undefined || count > 0) return null;
    const bytes = num(r, 'sizeBytes', 'bucketSizeBytes');
    const gb = bytes === undefined ? 0 : bytes / 1e9;
    const savings = dec(gb).times(dec(S3_GB_MONTH.standard).minus(S3_GB_MONTH.standardIa)).times(t.coldSharePct).div(100);
    return {
      savings,
      pricingBasis: { sizeGb: gb, standardGbMonth: S3_GB_MONTH.standard, standardIaGbMonth: S3_GB_MONTH.standardIa, coldSharePct: t.coldSharePct, formula: 'sizeGb x (Standard - Standard-IA) x coldSharePct / 100 (assumed share not read after 30 days)', source: PRICE_SOURCE },
      evidence: { lifecycleRules: 0, sizeBytes: bytes ?? null },
      confidence: 'low',
      action: 'Add a lifecycle configuration (transition to Standard-IA / Intelligent-Tiering, expire old versions).',
    };
  },
});

/** Thrifty "s3_bucket_without_abort_incomplete_multipart_upload" (Trusted Advisor has the same). */
export const s3NoAbortMpu = defineCheck({
  id: 's3-no-abort-mpu',
  title: 'S3 bucket without AbortIncompleteMultipartUpload',
  service: 'AmazonS3',
  resourceType: 's3_bucket',
  why: 'Parts of uploads that never completed are billed as storage but invisible in listings; a rule that aborts them after 7 days stops the leak.',
  thresholds: z.object({}),
  defaults: {},
  evaluate(r) {
    const rules = lifecycleRules(r);
    if (rules === undefined) return null;
    // The scanner records the days of the first enabled abort rule (null when there is none).
    const days = num(r, 'abortIncompleteMultipartUploadDays');
    const has = days !== undefined || (Array.isArray(rules) && enabled(rules).some((x) => x.abortIncompleteMultipartUpload ?? x.AbortIncompleteMultipartUpload));
    if (has) return null;
    return {
      // Incomplete parts are not visible to the scanner, so no figure is claimed.
      savings: dec(0),
      pricingBasis: { formula: 'not estimated: incomplete multipart parts are not listed by the scanner' },
      evidence: { lifecycleRules: Array.isArray(rules) ? rules.length : rules, abortIncompleteMultipartUpload: false },
      confidence: 'low',
      action: 'Add a lifecycle rule with AbortIncompleteMultipartUpload (DaysAfterInitiation: 7).',
    };
  },
});
