import {
  badOptionalNumber,
  badRequiredNumber,
  badTimestamp,
  Columns,
  day,
  JSON_OBJECT_RE,
  missing,
  presence,
  required,
  num,
  requireColumns,
  text,
  val,
  type BoundMapping,
  type Check,
  type ExportMapping,
} from '../export/mapping.js';

/**
 * FOCUS 1.0 / 1.1 / 1.2 → cost_data. The column mapping and its reasons are in
 * docs/ingestion.md; keep the two in step.
 */
export const focusMapping: ExportMapping = {
  source: 'focus',
  bind(header): BoundMapping {
    const cols = new Columns(header);
    const r = requireColumns(cols, 'FOCUS', {
      billedCost: ['BilledCost'],
      effectiveCost: ['EffectiveCost'],
      chargePeriodStart: ['ChargePeriodStart'],
      billingPeriodStart: ['BillingPeriodStart'],
      billingPeriodEnd: ['BillingPeriodEnd'],
      billingAccount: ['BillingAccountId'],
      currency: ['BillingCurrency'],
      serviceName: ['ServiceName'],
      chargeCategory: ['ChargeCategory'],
    });
    const sub = cols.find('SubAccountId');
    const region = cols.find('RegionId', 'Region');
    const usageType = cols.find('x_UsageType');
    const sku = cols.find('SkuId');
    const qty = cols.find('ConsumedQuantity');
    const tags = cols.find('Tags');
    const version = cols.has('InvoiceId') ? '1.2' : cols.has('ServiceSubcategory', 'CapacityReservationId') ? '1.1' : '1.0';

    const checks: Check[] = [
      required('BilledCost is not a number', badRequiredNumber(r.billedCost!), r.billedCost!),
      required('EffectiveCost is not a number', badRequiredNumber(r.effectiveCost!), r.effectiveCost!),
      required('ChargePeriodStart is not a date', badTimestamp(r.chargePeriodStart!), r.chargePeriodStart!),
      required('BillingPeriodStart is not a date', badTimestamp(r.billingPeriodStart!), r.billingPeriodStart!),
      required('BillingPeriodEnd is not a date', badTimestamp(r.billingPeriodEnd!), r.billingPeriodEnd!),
      presence('BillingAccountId is empty', r.billingAccount!),
      presence('BillingCurrency is empty', r.currency!),
    ];
    if (qty) checks.push({ reason: 'ConsumedQuantity is not a number', bad: badOptionalNumber(qty) });
    if (tags) checks.push({ reason: 'Tags is not a JSON object', bad: `(${val(tags)} IS NOT NULL AND ${val(tags)} !~ ${JSON_OBJECT_RE})` });

    const category = val(r.chargeCategory!);
    // Usage rows keep AWS's usage type when the export carries it (x_UsageType), else the SKU;
    // credits, taxes, adjustments and purchases are named by their category so they stay apart.
    const usage = text(usageType, text(sku));
    return {
      version,
      checks,
      billingAccount: val(r.billingAccount!),
      periodStart: day(r.billingPeriodStart!),
      periodEnd: day(r.billingPeriodEnd!),
      day: day(r.chargePeriodStart!),
      account: sub ? `COALESCE(${val(sub)}, ${val(r.billingAccount!)})` : val(r.billingAccount!),
      service: text(r.serviceName),
      region: text(region),
      usageType: `CASE WHEN ${category} IS NULL OR ${category} = 'Usage' THEN ${usage} ELSE ${category} || CASE WHEN ${usage} = '' THEN '' ELSE ':' || ${usage} END END`,
      unblended: `${val(r.billedCost!)}::numeric`,
      amortized: `${val(r.effectiveCost!)}::numeric`,
      netUnblended: `${val(r.billedCost!)}::numeric`,
      netAmortized: `${val(r.effectiveCost!)}::numeric`,
      quantity: num(qty),
      unit: text(cols.find('ConsumedUnit')),
      currency: val(r.currency!),
      tags: tags ? `COALESCE(${val(tags)}::jsonb, '{}'::jsonb)` : `'{}'::jsonb`,
      tagsKey: tags ? { raw: val(tags), from: (a) => `COALESCE(${a}::jsonb, '{}'::jsonb)` } : undefined,
    };
  },
};
