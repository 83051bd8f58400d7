import type { GroupDefinition } from '@aws-sdk/client-cost-explorer';

/**
 * Which two group-bys one GetCostAndUsage call uses (CE allows two). cost_data wants account,
 * service, region and usage type at once, which no single call can return, so:
 * - a standalone or member account asks for SERVICE x USAGE_TYPE; the region is read from the
 *   usage type's region prefix (USE2-, EUW1-, ...), which is how AWS names regional usage;
 * - a payer (management) account asks for LINKED_ACCOUNT x SERVICE, one row per member account;
 * - with a configured tag key a standalone account asks for SERVICE x TAG:<key>.
 * One plan per account and run keeps the bill at ceil(rows / page size) requests.
 */
export interface CePlan {
  kind: 'service-usage' | 'account-service' | 'service-tag';
  groupBy: GroupDefinition[];
  tagKey?: string;
}

export function planFor(account: { isPayer: boolean }, tagKey?: string): CePlan {
  if (account.isPayer) {
    return { kind: 'account-service', groupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, { Type: 'DIMENSION', Key: 'SERVICE' }] };
  }
  if (tagKey) return { kind: 'service-tag', tagKey, groupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'TAG', Key: tagKey }] };
  return { kind: 'service-usage', groupBy: [{ Type: 'DIMENSION', Key: 'SERVICE' }, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }] };
}

// AWS usage type region prefixes (the billing codes in front of usage types such as
// "EUW2-BoxUsage:t3.micro"). Usage types without a prefix are left without a region.
const PREFIXES: Record<string, string> = {
  USE1: 'us-east-1', USE2: 'us-east-2', USW1: 'us-west-1', USW2: 'us-west-2',
  CAN1: 'ca-central-1', CAN2: 'ca-west-1', MXC1: 'mx-central-1', SAE1: 'sa-east-1',
  EU: 'eu-west-1', EUW1: 'eu-west-1', EUW2: 'eu-west-2', EUW3: 'eu-west-3', EUC1: 'eu-central-1', EUC2: 'eu-central-2',
  EUN1: 'eu-north-1', EUS1: 'eu-south-1', EUS2: 'eu-south-2',
  APN1: 'ap-northeast-1', APN2: 'ap-northeast-2', APN3: 'ap-northeast-3', APS1: 'ap-southeast-1', APS2: 'ap-southeast-2',
  APS3: 'ap-south-1', APS4: 'ap-southeast-3', APS5: 'ap-south-2', APS6: 'ap-southeast-4', APS7: 'ap-southeast-5',
  APE1: 'ap-east-1', MES1: 'me-south-1', MEC1: 'me-central-1', AFS1: 'af-south-1', ILC1: 'il-central-1',
  UGW1: 'us-gov-west-1', UGE1: 'us-gov-east-1',
};

export function regionOfUsageType(usageType: string): string {
  const dash = usageType.indexOf('-');
  if (dash <= 0) return '';
  return PREFIXES[usageType.slice(0, dash)] ?? '';
}
