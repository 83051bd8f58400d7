/**
 * What wraps the per-organization data keys and seals process-wide material (JWT private keys):
 * a local master key (masterkey.ts) or an AWS KMS key (kms.ts). Both bind every wrapped value to
 * where it belongs through a context, so a row copied elsewhere does not unwrap.
 */
export type WrapContext =
  | { readonly purpose: 'data-key'; readonly organization: string }
  | { readonly purpose: 'master'; readonly name: string };

export interface Keyring {
  readonly kind: 'local' | 'kms';
  /**
   * Stored beside every wrapped value (master_key_id), so a wrong configuration is named, not
   * guessed: a 12-hex fingerprint for a local key, `kms:<key ARN>` for KMS.
   */
  readonly id: string;
  /** A fresh 256-bit data key and its wrapped form (KMS: one GenerateDataKey call). */
  generateDataKey(organization: string): Promise<{ plaintext: Buffer; wrapped: string }>;
  wrap(plaintext: Buffer, context: WrapContext): Promise<string>;
  /** Throws DecryptError when the value does not open under this key and context. */
  unwrap(wrapped: string, context: WrapContext): Promise<Buffer>;
  /** Moves a value wrapped by `from` under this key; KMS→KMS never sees the plaintext. */
  rewrapFrom(from: Keyring, wrapped: string, context: WrapContext): Promise<string>;
}

export const dataKeyContext = (organization: string): WrapContext => ({ purpose: 'data-key', organization });
export const masterContext = (name: string): WrapContext => ({ purpose: 'master', name });

/** The associated data the local key has always used, so existing rows keep opening. */
export function localAad(context: WrapContext): string {
  return context.purpose === 'data-key' ? `costwatch:data-key:${context.organization}` : `costwatch:master:${context.name}`;
}

/** KMS encryption context: logged by CloudTrail and required again on Decrypt. */
export function kmsContext(context: WrapContext): Record<string, string> {
  return context.purpose === 'data-key'
    ? { purpose: 'costwatch:data-key', organization: context.organization }
    : { purpose: 'costwatch:master', name: context.name };
}

export function describeContext(context: WrapContext): string {
  return context.purpose === 'data-key' ? `the data key of organization ${context.organization}` : `sealed ${context.name}`;
}
