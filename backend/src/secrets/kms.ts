import { DecryptCommand, DescribeKeyCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient, ReEncryptCommand } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { clientConfig } from '../aws/index.js';
import type { KmsKeySettings } from '../config/index.js';
import { DecryptError } from './aead.js';
import { describeContext, kmsContext, type Keyring, type WrapContext } from './keyring.js';

/** A KMS call that failed for a reason other than the ciphertext itself: names the key and the operation. */
export class KmsError extends Error {
  override readonly name = 'KmsError';
  constructor(
    readonly operation: string,
    readonly keyId: string,
    readonly awsError: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

// KMS answers these when the blob or its encryption context is wrong: the data's fault, not KMS's.
const REFUSED = new Set(['InvalidCiphertextException', 'IncorrectKeyException']);
const PREFIX = 'kms.';

function kmsClient(settings: KmsKeySettings): KMSClient {
  return new KMSClient({
    ...clientConfig({ endpoint: settings.endpoint, maxAttempts: 3 }, settings.region),
    // Request paths wait on these calls (first use of an organization's key, first login), so a
    // dead endpoint must fail in seconds, not hang on the OS connect timeout.
    requestHandler: new NodeHttpHandler({ connectionTimeout: 3000, requestTimeout: 10000 }),
  });
}

/**
 * Envelope encryption under one symmetric KMS key. Data keys come from GenerateDataKey and are
 * stored as `kms.` + base64(CiphertextBlob); JWT private keys (a few hundred bytes, under KMS's
 * 4 KiB limit) are KMS-encrypted directly. Every call carries an encryption context naming the
 * organization or the sealed item, so a blob moved to another row is refused by KMS itself.
 */
export class KmsKeyring implements Keyring {
  readonly kind = 'kms' as const;
  readonly id: string;
  private readonly client: KMSClient;

  constructor(
    readonly arn: string,
    readonly settings: KmsKeySettings,
  ) {
    this.id = `kms:${arn}`;
    this.client = kmsClient(settings);
  }

  async generateDataKey(organization: string): Promise<{ plaintext: Buffer; wrapped: string }> {
    const context = { purpose: 'data-key', organization } as const;
    const out = await this.call('GenerateDataKey', context, () =>
      this.client.send(new GenerateDataKeyCommand({ KeyId: this.arn, KeySpec: 'AES_256', EncryptionContext: kmsContext(context) })),
    );
    return { plaintext: Buffer.from(out.Plaintext!), wrapped: PREFIX + Buffer.from(out.CiphertextBlob!).toString('base64') };
  }

  async wrap(plaintext: Buffer, context: WrapContext): Promise<string> {
    const out = await this.call('Encrypt', context, () =>
      this.client.send(new EncryptCommand({ KeyId: this.arn, Plaintext: plaintext, EncryptionContext: kmsContext(context) })),
    );
    return PREFIX + Buffer.from(out.CiphertextBlob!).toString('base64');
  }

  async unwrap(wrapped: string, context: WrapContext): Promise<Buffer> {
    const blob = this.blob(wrapped, context);
    const out = await this.call('Decrypt', context, () =>
      this.client.send(new DecryptCommand({ KeyId: this.arn, CiphertextBlob: blob, EncryptionContext: kmsContext(context) })),
    );
    return Buffer.from(out.Plaintext!);
  }

  async rewrapFrom(from: Keyring, wrapped: string, context: WrapContext): Promise<string> {
    if (!(from instanceof KmsKeyring) || from.settings.region !== this.settings.region || from.settings.endpoint !== this.settings.endpoint) {
      return this.wrap(await from.unwrap(wrapped, context), context);
    }
    const blob = from.blob(wrapped, context);
    const ctx = kmsContext(context);
    const out = await this.call('ReEncrypt', context, () =>
      this.client.send(
        new ReEncryptCommand({ CiphertextBlob: blob, SourceKeyId: from.arn, SourceEncryptionContext: ctx, DestinationKeyId: this.arn, DestinationEncryptionContext: ctx }),
      ),
    );
    return PREFIX + Buffer.from(out.CiphertextBlob!).toString('base64');
  }

  private blob(wrapped: string, context: WrapContext): Buffer {
    if (!wrapped.startsWith(PREFIX)) throw new DecryptError(`${describeContext(context)} is not a KMS ciphertext (expected ${this.id})`);
    return Buffer.from(wrapped.slice(PREFIX.length), 'base64');
  }

  private async call<T>(operation: string, context: WrapContext, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      const { awsError, detail } = explain(err);
      const what = describeContext(context);
      if (REFUSED.has(awsError)) {
        throw new DecryptError(`KMS ${operation} with ${this.arn} refused ${what} (${detail}): wrong organization, wrong key or tampered`);
      }
      const message = `KMS ${operation} of ${what} with key ${this.arn} (${this.settings.region}) failed: ${detail}`;
      throw new KmsError(operation, this.arn, awsError, message, { cause: err });
    }
  }
}

/** The AWS error name (or the socket error code) and a readable line; moto's messages are often just "UnknownError". */
function explain(err: unknown): { awsError: string; detail: string } {
  const e = err as { name?: string; code?: string; message?: string };
  const awsError = e.code ?? e.name ?? 'Error';
  return { awsError, detail: `${awsError}${e.message && e.message !== 'UnknownError' ? `: ${e.message}` : ''}` };
}

/**
 * Resolves a key id, alias or ARN to its key ARN (what master_key_id records) and checks that
 * it can encrypt. Called at start-up, so a wrong KMS_KEY_ID stops the process before it serves.
 */
export async function connectKms(settings: KmsKeySettings): Promise<KmsKeyring> {
  const client = kmsClient(settings);
  let meta;
  try {
    meta = (await client.send(new DescribeKeyCommand({ KeyId: settings.keyId }))).KeyMetadata;
  } catch (err) {
    const { awsError, detail } = explain(err);
    throw new KmsError('DescribeKey', settings.keyId, awsError, `KMS DescribeKey of ${settings.keyId} (${settings.region}) failed: ${detail}`, { cause: err });
  } finally {
    client.destroy();
  }
  if (!meta?.Arn) throw new KmsError('DescribeKey', settings.keyId, 'NoKeyMetadata', `KMS DescribeKey of ${settings.keyId} returned no key`);
  const usable = meta.KeyState === 'Enabled' && (meta.KeyUsage ?? 'ENCRYPT_DECRYPT') === 'ENCRYPT_DECRYPT' && (meta.KeySpec ?? 'SYMMETRIC_DEFAULT') === 'SYMMETRIC_DEFAULT';
  if (!usable) {
    const state = `${meta.KeyState} (${meta.KeySpec} for ${meta.KeyUsage})`;
    throw new KmsError('DescribeKey', meta.Arn, 'UnusableKey', `KMS key ${meta.Arn} is ${state}; an Enabled symmetric ENCRYPT_DECRYPT key is required`);
  }
  return new KmsKeyring(meta.Arn, { ...settings, keyId: meta.Arn });
}
