import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * How CostWatch reaches one AWS account: the default credential chain, or an IAM role it
 * assumes (with an external id, as cross-account cost roles require). `endpoint` points every
 * client at one URL (moto in tests, a VPC endpoint or LocalStack elsewhere).
 */
export interface AwsAccess {
  roleArn?: string;
  externalId?: string;
  endpoint?: string;
  /** SDK attempts per call including the first (adaptive retry mode backs off with jitter). */
  maxAttempts?: number;
}

export interface ClientConfig {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  endpoint?: string;
  forcePathStyle?: boolean;
  maxAttempts: number;
  retryMode: 'adaptive';
}

const providers = new Map<string, AwsCredentialIdentityProvider>();

/** Credentials are cached per role so that AssumeRole runs once per session, not per client. */
export function credentialsFor(access: AwsAccess): AwsCredentialIdentityProvider {
  const key = `${access.roleArn ?? 'default'}|${access.externalId ?? ''}|${access.endpoint ?? ''}`;
  let p = providers.get(key);
  if (!p) {
    p = access.roleArn
      ? fromTemporaryCredentials({
          params: { RoleArn: access.roleArn, ExternalId: access.externalId, RoleSessionName: 'costwatch', DurationSeconds: 3600 },
          clientConfig: { region: 'us-east-1', ...(access.endpoint ? { endpoint: access.endpoint } : {}) },
        })
      : fromNodeProviderChain();
    providers.set(key, p);
  }
  return p;
}

/** Config for any AWS SDK v3 client: `new EC2Client(clientConfig(access, 'eu-west-1'))`. */
export function clientConfig(access: AwsAccess, region: string): ClientConfig {
  return {
    region,
    credentials: credentialsFor(access),
    ...(access.endpoint ? { endpoint: access.endpoint, forcePathStyle: true } : {}),
    maxAttempts: access.maxAttempts ?? 8,
    retryMode: 'adaptive',
  };
}

/** Error names AWS uses for throttling across services (CE, EC2, RDS, CloudWatch, S3). */
export const THROTTLING_ERRORS = new Set([
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
]);

export function isThrottling(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return THROTTLING_ERRORS.has(name) || (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 429;
}
