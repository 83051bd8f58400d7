import { z } from 'zod';

/**
 * AWS KMS as the master key for secrets at rest (issue 4), merged into the one config schema in
 * index.ts. Endpoint and region follow the scan/ingest pattern: `<PART>_AWS_ENDPOINT` for moto or
 * a VPC endpoint, the region from the key's ARN, else the SDK's own AWS_REGION.
 */
export const kmsEnvSchema = {
  KMS_KEY_ID: z
    .string()
    .regex(/^(arn:aws[\w-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+|alias\/.+|[0-9a-f-]{36}|mrk-[0-9a-f]{32})$/, 'must be a KMS key id, key ARN, alias/name or alias ARN')
    .optional(),
  KMS_AWS_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().min(1).optional(),
};

export interface KmsConfig {
  /** Unset: the local master key (MASTER_KEY, key file or per-process) wraps the data keys. */
  readonly keyId?: string;
  readonly endpoint?: string;
  /** AWS_REGION, used for key ids and aliases that are not ARNs. */
  readonly awsRegion?: string;
}

/** Where one KMS key is reached; the rotate command builds one for NEW_KMS_KEY_ID too. */
export interface KmsKeySettings {
  readonly keyId: string;
  readonly region: string;
  readonly endpoint?: string;
}

type KmsEnv = z.output<z.ZodObject<typeof kmsEnvSchema>>;

export function kmsConfigFrom(e: KmsEnv): KmsConfig {
  return Object.freeze({ keyId: e.KMS_KEY_ID, endpoint: e.KMS_AWS_ENDPOINT, awsRegion: e.AWS_REGION });
}

/** A key lives in one region: an ARN names it; otherwise AWS_REGION, else us-east-1 as ingest does. */
export function kmsKeySettings(config: KmsConfig, keyId: string): KmsKeySettings {
  const fromArn = /^arn:aws[\w-]*:kms:([a-z0-9-]+):/.exec(keyId)?.[1];
  return Object.freeze({ keyId, region: fromArn ?? config.awsRegion ?? 'us-east-1', endpoint: config.endpoint });
}
