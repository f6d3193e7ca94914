import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Function as LambdaFunction, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { lambdaCode } from './lambda-code.ts';

export interface DriftwatchFunctionProps {
  /** Handler source file, relative to the package root (e.g. `lambdas/check/handler.ts`). */
  readonly entry: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default no description */
  readonly description?: string;
  /**
   * Files written into the code asset beside `index.mjs` (name → contents), e.g. the deployed
   * config: part of the asset, so they change the asset hash and deploy with the code.
   * @default {}
   */
  readonly assetFiles?: Readonly<Record<string, string>>;
}

/**
 * Every Lambda default in one place: Node.js 24 on arm64 (cheapest per GB-s), an ESM bundle
 * (lib/lambda-code.ts: built by the local esbuild from source in a clone, no Docker, or shipped
 * prebuilt in the package) with the AWS SDK bundled and therefore pinned to the version we test,
 * source maps, structured JSON logs into an explicit log group with retention.
 */
export class DriftwatchFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: DriftwatchFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role: the default one attaches the AWS-managed AWSLambdaBasicExecutionRole,
    // which may write to any log group; this one may write only to the function's own.
    const role = new Role(scope, `${id}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    logGroup.grantWrite(role);
    super(scope, id, {
      role,
      code: lambdaCode(props.entry, props.assetFiles ?? {}),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      description: props.description,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      logGroup,
      loggingFormat: LoggingFormat.JSON,
    });
  }
}
