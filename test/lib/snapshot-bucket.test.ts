import { App, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/config-error.ts';
import { SnapshotBucket } from '../../lib/snapshot-bucket.ts';

describe('the snapshot bucket lifecycle rules', () => {
  // S3 allows 1,000 lifecycle rules per bucket
  // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleConfiguration.html).
  it('take two rules per monitor and refuse, as a config error, a monitor past 1,000 rules', () => {
    const bucket = new SnapshotBucket(new Stack(new App(), 'S'), 'Snapshots');
    for (let i = 0; i < 499; i++) bucket.expireMonitorData(`monitors/m${i}/`);
    expect(() => bucket.expireMonitorData('monitors/m499/')).toThrow(ConfigError);
    expect(() => bucket.expireMonitorData('monitors/m500/')).toThrow(/S3 allows 1000/);
  });
});
