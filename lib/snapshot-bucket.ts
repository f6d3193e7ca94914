import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface SnapshotBucketProps {
  /** Days reports are kept before they expire. @default 400 */
  readonly reportRetentionDays?: number;
  /** Days a replaced or deleted object's old version is kept. @default 30 */
  readonly noncurrentVersionDays?: number;
  /** Days access logs are kept. @default 90 */
  readonly accessLogRetentionDays?: number;
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
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(props.accessLogRetentionDays ?? 90) }],
    });
    this.accessLogs = accessLogs;
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
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
    // Reports live at monitors/<name>/reports/...: S3 lifecycle filters are prefixes, so one
    // rule per monitor is added by `expireReports`.
    this.reportRetentionDays = props.reportRetentionDays ?? 400;
  }

  /** Expires a monitor's reports after the retention period. */
  expireReports(reportsPrefix: string): void {
    this.bucket.addLifecycleRule({
      prefix: reportsPrefix,
      expiration: Duration.days(this.reportRetentionDays),
    });
  }
}
