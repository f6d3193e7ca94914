import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type CfnBucket,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ConfigError } from '../lambdas/config-error.ts';

export interface SnapshotBucketProps {
  /** Days reports are kept before they expire. @default 400 */
  readonly reportRetentionDays?: number;
  /**
   * Days a cached baseline profile (a copy of its table's values) lives at most. The check deletes
   * superseded profiles itself; this expires anything a failed run left, and rebuilds a fixed
   * baseline's profile from its files once per period. @default 30
   */
  readonly cacheRetentionDays?: number;
  /** Days a replaced or deleted object's old version is kept. @default 30 */
  readonly noncurrentVersionDays?: number;
  /** Days access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
  /**
   * What removing the bucket from the stack (or `cdk destroy`) does to it and to its access-log
   * bucket. `DESTROY` deletes only an empty bucket: CloudFormation cannot delete a bucket that
   * still holds objects (README, "What `cdk destroy` leaves behind").
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Send the bucket's events to EventBridge (monitors with `trigger: "upload"` read it).
   * @default false
   */
  readonly eventBridgeEnabled?: boolean;
}

/**
 * The bucket snapshots are dropped into and reports are written to: encrypted, versioned,
 * TLS only, never public, with access logs and lifecycle rules so that reports and old
 * object versions do not accumulate forever. Retained on stack deletion (data loss is
 * never a default; `autoDeleteObjects` is deliberately not used).
 */
export class SnapshotBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: IBucket;
  private readonly reportRetentionDays: number;

  constructor(scope: Construct, id: string, props: SnapshotBucketProps = {}) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 90) }],
    });
    this.accessLogs = accessLogs;
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'snapshot-bucket/',
      lifecycleRules: [
        {
          id: 'ExpireNoncurrentVersions',
          noncurrentVersionExpiration: Duration.days(props.noncurrentVersionDays ?? 30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });
    if (props.eventBridgeEnabled === true) {
      // The bucket's own NotificationConfiguration (AWS::S3::Bucket EventBridgeConfiguration),
      // not the Bucket prop, which deploys a custom-resource Lambda to set the same thing.
      (this.bucket.node.defaultChild as CfnBucket).notificationConfiguration = {
        eventBridgeConfiguration: { eventBridgeEnabled: true },
      };
    }
    // Reports and cache live under each monitor's prefix: S3 lifecycle filters are literal key
    // prefixes (no wildcards), so `expireMonitorData` adds two rules per monitor.
    this.reportRetentionDays = props.reportRetentionDays ?? 400;
    this.cacheRetentionDays = props.cacheRetentionDays ?? 30;
  }

  private readonly cacheRetentionDays: number;
  private rules = 1;

  /**
   * Expires a monitor's reports and cached profiles after their retention periods. S3 allows
   * 1,000 rules per bucket (https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleConfiguration.html):
   * past that, synth fails here rather than the deploy. On this versioned bucket an expired object
   * becomes a noncurrent version, removed after `noncurrentVersionDays`
   * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html).
   */
  expireMonitorData(prefix: string): void {
    this.rules += 2;
    if (this.rules > MAX_LIFECYCLE_RULES) {
      throw new ConfigError(
        `${(this.rules - 1) / 2} monitors need ${this.rules} lifecycle rules on the stack's bucket; S3 allows ${MAX_LIFECYCLE_RULES}. Split the monitors over two stacks.`,
      );
    }
    this.bucket.addLifecycleRule({
      prefix: `${prefix}reports/`,
      expiration: Duration.days(this.reportRetentionDays),
    });
    this.bucket.addLifecycleRule({
      prefix: `${prefix}cache/`,
      expiration: Duration.days(this.cacheRetentionDays),
    });
  }
}

const MAX_LIFECYCLE_RULES = 1000;
