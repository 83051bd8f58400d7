import { CreateAliasCommand, CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { kmsKeySettings, type KmsKeySettings } from '../config/index.js';

/** KMS tests run in one region of moto, with the dummy credentials of useDummyAwsCredentials. */
export const KMS_TEST_REGION = 'eu-west-1';

export function kmsSettings(endpoint: string, keyId: string): KmsKeySettings {
  return kmsKeySettings({ endpoint, awsRegion: KMS_TEST_REGION }, keyId);
}

/** Creates a symmetric key in moto (and an alias for it when asked); returns its ARN. */
export async function createKmsKey(endpoint: string, alias?: string): Promise<string> {
  const client = new KMSClient({ region: KMS_TEST_REGION, endpoint });
  try {
    const meta = (await client.send(new CreateKeyCommand({ Description: 'costwatch test master key' }))).KeyMetadata!;
    if (alias) await client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: meta.KeyId }));
    return meta.Arn!;
  } finally {
    client.destroy();
  }
}
