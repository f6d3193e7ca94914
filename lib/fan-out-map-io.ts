import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  type IItemReader,
  JsonPath,
  OutputType,
  type QueryLanguage,
  ResultWriterV2,
  S3ObjectsItemReader,
  Transformation,
  WriterConfig,
} from 'aws-cdk-lib/aws-stepfunctions';
import { ConfigError } from '../lambdas/config-error.ts';
import type { MonitorLocation } from './check-function.ts';

/**
 * Where in the stack's bucket each Map Run's results are written (ResultWriter), outside every
 * monitor's prefix (checked at synth) and expired after `MAP_RUN_RESULTS_DAYS`.
 */
export const MAP_RUN_RESULTS_PREFIX = 'driftwatch-fan-out/map-runs/';

/** Days a Map Run's results are kept: they only help to debug a failed run. */
export const MAP_RUN_RESULTS_DAYS = 14;

/**
 * The S3 item reader over `<dataBucket>/<snapshotFolder>` from the execution input. CDK's
 * reader with a bucket path grants ListBucket on every bucket; this one grants it only on the
 * monitors' buckets and only under their snapshot folders.
 *
 * The reader lists only buckets in the state machine's own account and Region (Step Functions
 * developer guide, "ItemReader (Map)"): README "Large snapshots" says so for monitors with
 * their own `bucket`.
 */
export class MonitorSnapshotReader implements IItemReader {
  private readonly reader = new S3ObjectsItemReader({
    bucketNamePath: JsonPath.stringAt('$.dataBucket'),
    prefix: JsonPath.stringAt('$.snapshotFolder'),
  });
  readonly resource = this.reader.resource;
  readonly bucketNamePath = this.reader.bucketNamePath;

  constructor(private readonly monitors: readonly MonitorLocation[]) {}

  get bucket(): IBucket {
    return this.monitors[0].source;
  }

  // biome-ignore lint/suspicious/noExplicitAny: IItemReader.render is typed `any` by aws-cdk-lib.
  render(queryLanguage?: QueryLanguage): any {
    return this.reader.render(queryLanguage);
  }

  providePolicyStatements(): PolicyStatement[] {
    return this.monitors.map(
      (monitor) =>
        new PolicyStatement({
          actions: ['s3:ListBucket'],
          resources: [monitor.source.bucketArn],
          conditions: { StringLike: { 's3:prefix': [`${monitor.prefix}snapshots/*`] } },
        }),
    );
  }

  validateItemReader(): string[] {
    return this.monitors.length === 0 ? ['the fan-out needs at least one monitor'] : [];
  }
}

/**
 * Exports the child executions' outputs to S3 instead of gathering them into the Map state's
 * result: without a ResultWriter the result is an array of every child's output, and a state's
 * payload may not exceed 256 KiB (`States.DataLimitExceeded`; Step Functions developer guide,
 * "ResultWriter (Map)" and "Step Functions service quotas"). With it the result is the Map Run
 * ARN and the manifest's location, whatever the number of parts. The bucket must be in the state
 * machine's account and Region (same guide): the stack's bucket is.
 *
 * CDK's writer grants s3:PutObject and s3:GetObject on the whole bucket; this one grants the
 * actions the guide lists ("IAM policies for ResultWriter") under the results prefix only.
 */
export class MapRunResultWriter extends ResultWriterV2 {
  constructor(private readonly resultsBucket: IBucket) {
    super({
      bucket: resultsBucket,
      prefix: MAP_RUN_RESULTS_PREFIX,
      // Outputs only, as JSON Lines: the inputs (the request and the listed object) are in the logs.
      writerConfig: new WriterConfig({
        outputType: OutputType.JSONL,
        transformation: Transformation.COMPACT,
      }),
    });
  }

  override providePolicyStatements(): PolicyStatement[] {
    return [
      new PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [this.resultsBucket.arnForObjects(`${MAP_RUN_RESULTS_PREFIX}*`)],
      }),
    ];
  }
}

/** Fails synth when a monitor's prefix and the Map Run results prefix overlap. */
export function checkResultsPrefix(monitors: readonly MonitorLocation[]): void {
  for (const monitor of monitors) {
    if (
      monitor.prefix.startsWith(MAP_RUN_RESULTS_PREFIX) ||
      MAP_RUN_RESULTS_PREFIX.startsWith(monitor.prefix)
    ) {
      throw new ConfigError(
        `monitor ${monitor.name}: prefix "${monitor.prefix}" overlaps "${MAP_RUN_RESULTS_PREFIX}", where the large-snapshot fan-out writes its Map Run results; choose another prefix`,
      );
    }
  }
}
