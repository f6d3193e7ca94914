/**
 * The CDK construct library (`import { Driftwatch } from 'driftwatch/cdk'`): `Driftwatch` adds
 * drift monitoring to a stack; the reusable parts it is made of (a topic CloudWatch alarms can
 * publish to despite its KMS key, a hardened snapshot bucket) are exported for use on their own.
 * Needs `aws-cdk-lib` and `constructs` (peer dependencies). The Lambda code ships prebuilt in the
 * package: synth needs neither esbuild nor Docker.
 */
export type { DriftSettingsInput, DriftwatchSettings, MonitorSettings } from '../lambdas/config.ts';
export { MAX_ALARM_NAME_LENGTH } from './alarm-name.ts';
export { AlertsTopic } from './alerts-topic.ts';
export { CHECK_MEMORY_MB } from './check-function.ts';
export {
  Driftwatch,
  type DriftwatchProps,
  MONITORS_PER_STACK,
  type SlackChatbotSettings,
} from './driftwatch.ts';
export { SnapshotBucket, type SnapshotBucketProps } from './snapshot-bucket.ts';
