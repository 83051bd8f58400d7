import {
  badOptionalNumber,
  badRequiredNumber,
  badTimestamp,
  Columns,
  day,
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

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * Legacy CUR (lineItem/UnblendedCost ...) and CUR 2.0 (line_item_unblended_cost ...) →
 * cost_data; both spellings normalise to the same names. Amortized cost follows AWS's
 * documented per-line-item-type formula for whichever reservation / Savings Plans columns
 * the report includes. See docs/ingestion.md.
 */
export const curMapping: ExportMapping = {
  source: 'cur',
  bind(header): BoundMapping {
    const cols = new Columns(header);
    const r = requireColumns(cols, 'CUR', {
      start: ['lineItem/UsageStartDate'],
      account: ['lineItem/UsageAccountId'],
      payer: ['bill/PayerAccountId'],
      periodStart: ['bill/BillingPeriodStartDate'],
      periodEnd: ['bill/BillingPeriodEndDate'],
      unblended: ['lineItem/UnblendedCost'],
      currency: ['lineItem/CurrencyCode'],
      product: ['product/ProductName', 'lineItem/ProductCode'],
    });
    const type = cols.find('lineItem/LineItemType');
    const productCode = cols.find('lineItem/ProductCode');
    const netUnblendedCol = cols.find('lineItem/NetUnblendedCost');
    const qty = cols.find('lineItem/UsageAmount');
    const checks: Check[] = [
      required('lineItem/UsageStartDate is not a date', badTimestamp(r.start!), r.start!),
      required('lineItem/UnblendedCost is not a number', badRequiredNumber(r.unblended!), r.unblended!),
      required('bill/BillingPeriodStartDate is not a date', badTimestamp(r.periodStart!), r.periodStart!),
      required('bill/BillingPeriodEndDate is not a date', badTimestamp(r.periodEnd!), r.periodEnd!),
      presence('lineItem/UsageAccountId is empty', r.account!),
      presence('bill/PayerAccountId is empty', r.payer!),
      presence('lineItem/CurrencyCode is empty', r.currency!),
    ];
    const numeric = (name: string) => {
      const c = cols.find(name);
      if (c) checks.push({ reason: `${name} is not a number`, bad: badOptionalNumber(c) });
      return c;
    };
    if (qty) checks.push({ reason: 'lineItem/UsageAmount is not a number', bad: badOptionalNumber(qty) });
    if (netUnblendedCol) checks.push({ reason: 'lineItem/NetUnblendedCost is not a number', bad: badOptionalNumber(netUnblendedCol) });

    const unblended = `${val(r.unblended!)}::numeric`;
    const branches: string[] = [];
    if (type) {
      const t = val(type);
      const spEffective = numeric('savingsPlan/SavingsPlanEffectiveCost');
      const spTotal = numeric('savingsPlan/TotalCommitmentToDate');
      const spUsed = numeric('savingsPlan/UsedCommitment');
      const riEffective = numeric('reservation/EffectiveCost');
      const riUnusedUpfront = numeric('reservation/UnusedAmortizedUpfrontFeeForBillingPeriod');
      const riUnusedRecurring = numeric('reservation/UnusedRecurringFee');
      const riArn = cols.find('reservation/ReservationARN');
      if (spEffective) branches.push(`WHEN ${t} = 'SavingsPlanCoveredUsage' THEN ${num(spEffective)}`);
      if (spTotal && spUsed) branches.push(`WHEN ${t} = 'SavingsPlanRecurringFee' THEN ${num(spTotal)} - ${num(spUsed)}`);
      branches.push(`WHEN ${t} IN ('SavingsPlanNegation', 'SavingsPlanUpfrontFee') THEN 0`);
      if (riEffective) branches.push(`WHEN ${t} = 'DiscountedUsage' THEN ${num(riEffective)}`);
      if (riUnusedUpfront || riUnusedRecurring) {
        branches.push(`WHEN ${t} = 'RIFee' THEN ${num(riUnusedUpfront)} + ${num(riUnusedRecurring)}`);
      }
      if (riArn) branches.push(`WHEN ${t} = 'Fee' AND ${val(riArn)} IS NOT NULL THEN 0`);
    }
    const amortized = branches.length ? `(CASE ${branches.join(' ')} ELSE ${unblended} END)` : unblended;
    const netUnblended = netUnblendedCol ? `COALESCE(${val(netUnblendedCol)}::numeric, ${unblended})` : unblended;
    // Net amortized: amortized cost minus the same discounts that separate net from gross unblended.
    const netAmortized = netUnblendedCol ? `(${amortized} + ${netUnblended} - ${unblended})` : amortized;

    return {
      version: cols.has('line_item_unblended_cost') && !header.some((h) => h.includes('/')) ? 'CUR 2.0' : 'legacy CUR',
      checks,
      billingAccount: val(r.payer!),
      periodStart: day(r.periodStart!),
      periodEnd: day(r.periodEnd!),
      day: day(r.start!),
      account: val(r.account!),
      service: productCode && r.product !== productCode ? text(r.product, text(productCode)) : text(r.product),
      region: text(cols.find('product/region', 'product/regionCode', 'product_region_code')),
      usageType: text(cols.find('lineItem/UsageType')),
      unblended,
      amortized,
      netUnblended,
      netAmortized,
      quantity: num(qty),
      unit: text(cols.find('pricing/unit')),
      currency: val(r.currency!),
      tags: curTags(cols),
    };
  },
};

/** resourceTags/user:team → {"team": ...}; CUR 2.0's resource_tags map column is taken as JSON. */
function curTags(cols: Columns): string {
  const map = cols.find('resource_tags');
  if (map && cols.header.some((h) => h === 'resource_tags')) return `COALESCE(${val(map)}::jsonb, '{}'::jsonb)`;
  const tagCols = cols.withPrefix('resourceTags').filter((t) => t.name.includes('/'));
  if (tagCols.length === 0) return `'{}'::jsonb`;
  const parts: string[] = [];
  // jsonb_build_object takes at most 100 arguments: 50 tags per call, concatenated.
  for (let i = 0; i < tagCols.length; i += 50) {
    const args = tagCols.slice(i, i + 50).flatMap((t) => {
      const key = t.name.slice(t.name.indexOf('/') + 1).replace(/^user:/, '');
      return [sqlString(key), val(t.col)];
    });
    parts.push(`jsonb_build_object(${args.join(', ')})`);
  }
  return `jsonb_strip_nulls(${parts.join(' || ')})`;
}
