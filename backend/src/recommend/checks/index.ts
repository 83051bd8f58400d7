import type { Check } from '../model.js';
import { ebsAttachedToStopped } from './ebs-attached-to-stopped.js';
import { ebsGp2ToGp3 } from './ebs-gp2-to-gp3.js';
import { ebsIoToGp3 } from './ebs-io-to-gp3.js';
import { ebsLowIo } from './ebs-low-io.js';
import { ebsUnattached } from './ebs-unattached.js';
import { ec2Graviton } from './ec2-graviton.js';
import { ec2Idle } from './ec2-idle.js';
import { ec2OnDemandLongRunning } from './ec2-on-demand-long-running.js';
import { ec2Overprovisioned } from './ec2-overprovisioned.js';
import { ec2PreviousGeneration } from './ec2-previous-generation.js';
import { ec2StoppedWithEbs } from './ec2-stopped-with-ebs.js';
import { eipUnassociated } from './eip-unassociated.js';
import { natIdle } from './nat-idle.js';
import { rdsExtendedSupport } from './rds-extended-support.js';
import { rdsIdle } from './rds-idle.js';
import { rdsLowCpu } from './rds-low-cpu.js';
import { rdsOnDemandLongRunning } from './rds-on-demand-long-running.js';
import { rdsPreviousGeneration } from './rds-previous-generation.js';
import { rdsSnapshotOrphaned } from './rds-snapshot-orphaned.js';
import { s3NoAbortMpu, s3NoLifecycle } from './s3-lifecycle.js';
import { snapshotOld } from './snapshot-old.js';
import { snapshotOrphaned } from './snapshot-orphaned.js';

/**
 * The catalog, in precedence order: within a group (same spend of one resource) the first
 * check that fires wins, so the biggest, most certain action comes first.
 */
export const CATALOG: readonly Check[] = [
  ec2Idle,
  ec2Overprovisioned,
  ec2PreviousGeneration,
  ec2Graviton,
  ec2OnDemandLongRunning,
  ec2StoppedWithEbs,
  ebsUnattached,
  ebsAttachedToStopped,
  ebsLowIo,
  ebsIoToGp3,
  ebsGp2ToGp3,
  snapshotOrphaned,
  snapshotOld,
  rdsSnapshotOrphaned,
  eipUnassociated,
  natIdle,
  rdsIdle,
  rdsLowCpu,
  rdsPreviousGeneration,
  rdsOnDemandLongRunning,
  rdsExtendedSupport,
  s3NoLifecycle,
  s3NoAbortMpu,
] as unknown as readonly Check[];

export const CHECK_IDS = CATALOG.map((c) => c.id);
