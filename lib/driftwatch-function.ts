import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

export interface DriftwatchFunctionProps {
  /** Handler source file, relative to the repository root (e.g. `lambdas/check/handler.ts`). */
  readonly entry: string;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default Duration.minutes(5) */
  readonly timeout?: Duration;
  /** @default {} */
  readonly environment?: Record<string, string>;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  readonly description?: string;
  /**
   * Files written into the code asset beside `index.mjs` (name → contents), e.g. the deployed
   * config: part of the asset, so they change the asset hash and deploy with the code.
   * @default {}
   */
  readonly assetFiles?: Readonly<Record<string, string>>;
}

/**
 * Every Lambda default in one place: Node.js 24 on arm64 (cheapest per GB-s), an ESM
 * bundle made by the local esbuild (no Docker) with the AWS SDK bundled and therefore
 * pinned to the version we test, source maps, structured JSON logs into an explicit log
 * group with retention.
 *
 * The bundle is minified but keeps class and function names (`keepNames`): the runtime's
 * JSON log lines name an error by its class, which minification would shorten to a letter or
 * two. Its source map carries mappings only, no `sourcesContent`: with
 * `--enable-source-maps` Node maps each stack frame to the TypeScript file, line and column,
 * which needs the mappings alone, so the zip does not also ship a copy of every source file
 * (AWS CDK `BundlingOptions.sourcesContent`, aws-lambda-nodejs).
 */
export class DriftwatchFunction extends NodejsFunction {
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
      entry: props.entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      description: props.description,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        bundleAwsSDK: true,
        // ESM bundles of CommonJS dependencies need `require`.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
        mainFields: ['module', 'main'],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (_inputDir, outputDir) => copyIntoAsset(props.assetFiles ?? {}, outputDir),
        },
      },
    });
  }
}

/**
 * Shell commands (local bundling runs them with the bundle's output folder) copying each file
 * into the asset. The contents are staged under the temp folder by content hash, so they never
 * pass through a command line (whose length is bounded) and repeated synths reuse them.
 */
function copyIntoAsset(files: Readonly<Record<string, string>>, outputDir: string): string[] {
  return Object.entries(files).map(([name, contents]) => {
    if (!/^[A-Za-z0-9._-]+$/.test(name))
      throw new Error(`asset file name "${name}" must be a plain file name`);
    const staging = join(tmpdir(), 'driftwatch-asset-files');
    mkdirSync(staging, { recursive: true });
    const staged = join(staging, `${createHash('sha256').update(contents).digest('hex')}-${name}`);
    writeFileSync(staged, contents);
    return `cp ${shellQuoted(staged)} ${shellQuoted(join(outputDir, name))}`;
  });
}

function shellQuoted(path: string): string {
  return `'${path.replaceAll("'", "'\\''")}'`;
}
