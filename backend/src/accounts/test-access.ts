import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { clientConfig, type AwsAccess } from '../aws/index.js';

export interface AccessTestResult {
  ok: boolean;
  /** The account the credentials belong to, and whether it is the registered one. */
  callerAccount?: string;
  arn?: string;
  matches?: boolean;
  error?: string;
}

/**
 * Proves the credentials work with STS GetCallerIdentity: free, needs no IAM permission, and
 * exercises AssumeRole (with its external id) when the account is reached through a role.
 * Cost Explorer itself is not called here: every request costs $0.01.
 */
export async function testAccess(access: AwsAccess, expectedAccountId: string): Promise<AccessTestResult> {
  const sts = new STSClient({
    ...clientConfig({ ...access, maxAttempts: 2 }, 'us-east-1'),
    requestHandler: new NodeHttpHandler({ connectionTimeout: 3000, requestTimeout: 5000 }),
  });
  try {
    const res = await sts.send(new GetCallerIdentityCommand({}));
    return { ok: true, callerAccount: res.Account, arn: res.Arn, matches: res.Account === expectedAccountId };
  } catch (err) {
    const e = err as Error;
    return { ok: false, error: `${e.name}: ${e.message}` };
  } finally {
    sts.destroy();
  }
}
