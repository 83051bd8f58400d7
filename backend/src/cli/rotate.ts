import { copyFileSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { kmsKeySettings } from '../config/index.js';
import type { Services } from '../main.js';
import { activeMasterKey, connectKms, defaultMasterKeyFile, forgetDataKeys, installMasterKey, parseMasterKey, rotateMasterKey, type Keyring } from '../secrets/index.js';

/**
 * `secrets rotate-master-key`: from the configured master (MASTER_KEY/key file, or KMS_KEY_ID)
 * to NEW_MASTER_KEY (local) or NEW_KMS_KEY_ID (KMS). Targets come from the environment, never
 * argv; the KMS target uses KMS_AWS_ENDPOINT and the region of its ARN, else AWS_REGION.
 */
async function target(s: Services): Promise<Keyring> {
  const local = process.env.NEW_MASTER_KEY;
  const kms = process.env.NEW_KMS_KEY_ID;
  if (local && kms) throw new Error('set either NEW_MASTER_KEY or NEW_KMS_KEY_ID, not both');
  if (kms) return connectKms(kmsKeySettings(s.config.kms, kms.trim()));
  if (local) return parseMasterKey(local);
  throw new Error('set NEW_MASTER_KEY (openssl rand -base64 32) or NEW_KMS_KEY_ID (a KMS key id, ARN or alias); keys are never read from the command line');
}

export async function rotateMasterKeyAction(s: Services): Promise<void> {
  const from = activeMasterKey();
  const to = await target(s);
  if (from.id === to.id) throw new Error(`the new master key is the current one (${to.id})`);
  const bar = new SingleBar({ format: 'rewrap [{bar}] {value}/{total} keys', stream: process.stderr }, Presets.shades_classic);
  let started = false;
  const res = await s.db.transaction((tx) =>
    rotateMasterKey(tx, from, to, (done, total) => {
      if (!started) bar.start(total, 0), (started = true);
      bar.update(done);
    }),
  );
  if (started) bar.stop();
  installMasterKey(to);
  forgetDataKeys();
  console.log(`rewrapped ${res.dataKeys} organization data keys and ${res.signingKeys} signing keys (${res.alreadyRotated} already under the new key)`);
  const file = defaultMasterKeyFile(s.config);
  const fileInUse = 'source' in from && from.source === 'file' && file && existsSync(file);
  if (to.kind === 'kms') {
    console.log(`now set KMS_KEY_ID=${to.id.slice('kms:'.length)} and restart every CostWatch process`);
    if (fileInUse) console.log(`${file} is no longer used once every process runs with KMS_KEY_ID; delete it then`);
  } else if (to.kind === 'local' && fileInUse) {
    copyFileSync(file, `${file}.previous`);
    writeFileSync(`${file}.new`, process.env.NEW_MASTER_KEY!.trim() + '\n', { mode: 0o600 });
    renameSync(`${file}.new`, file);
    console.log(`wrote the new key to ${file} (previous key kept in ${file}.previous until you delete it)`);
  } else {
    console.log(`now ${from.kind === 'kms' ? 'unset KMS_KEY_ID, ' : ''}set MASTER_KEY to the new key (fingerprint ${to.id}) and restart every CostWatch process`);
  }
}
