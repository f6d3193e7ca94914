import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, type DriftwatchConfig, parseConfigText } from '../config.ts';
import { LAMBDA_ENV } from '../environment-variables.ts';

/**
 * The validated config travels inside each Lambda's code asset, as this file beside the bundle's
 * `index.mjs`, not in an environment variable: Lambda caps a function's environment at 4 KB in
 * total (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), which a dozen
 * monitors already exceed. In the asset, config and code are deployed together (one asset hash),
 * the size is bounded only by the 250 MB unzipped package, and no extra resource, grant or
 * cold-start call is needed.
 */
export const DEPLOYED_CONFIG = {
  /** The file name inside the asset. */
  fileName: 'driftwatch.config.json',
  /** Environment variable naming another config file: for running the handlers outside Lambda. */
  pathVariable: LAMBDA_ENV.configFile,
} as const;

/** Reads and validates the deployed config (or the file DRIFTWATCH_CONFIG_FILE names). */
export function readDeployedConfig(env: Readonly<Record<string, string | undefined>>): DriftwatchConfig {
  const path =
    env[DEPLOYED_CONFIG.pathVariable]?.trim() ||
    fileURLToPath(new URL(`./${DEPLOYED_CONFIG.fileName}`, import.meta.url));
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `cannot read the deployed config ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); ` +
        `it is bundled beside the handler at deploy, or named by ${DEPLOYED_CONFIG.pathVariable}`,
    );
  }
  return parseConfigText(text, path);
}

/**
 * The check Lambda's environment contract (README "Environment"). Resource names and ARNs come
 * in their own variables; the validated config comes from the asset (`DEPLOYED_CONFIG`).
 * Endpoints are not here: the AWS SDK reads AWS_ENDPOINT_URL_S3 / _SNS / _CLOUDWATCH itself.
 */
export interface CheckEnvironment {
  /** `LAMBDA_ENV.bucket`: the stack's bucket (snapshots unless a monitor names its own; always reports and state). */
  readonly bucket: string;
  /** `LAMBDA_ENV.topicArn` */
  readonly topicArn: string;
  /** `LAMBDA_ENV.namespace`, else the config's namespace. */
  readonly namespace: string;
  /** The deployed config file. */
  readonly config: DriftwatchConfig;
  /** `LAMBDA_ENV.dashboardUrl` (optional): linked from alerts. */
  readonly dashboardUrl?: string;
  /** `LAMBDA_ENV.stateMachineArn` (optional): the fan-out for snapshots above a monitor's `fanOut` limits. */
  readonly stateMachineArn?: string;
}

export function readEnvironment(env: Readonly<Record<string, string | undefined>>): CheckEnvironment {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value.trim() === '')
      throw new ConfigError(`environment variable ${name} is not set`);
    return value;
  };
  const config = readDeployedConfig(env);
  const dashboardUrl = env[LAMBDA_ENV.dashboardUrl];
  const stateMachineArn = env[LAMBDA_ENV.stateMachineArn];
  return {
    bucket: required(LAMBDA_ENV.bucket),
    topicArn: required(LAMBDA_ENV.topicArn),
    namespace: env[LAMBDA_ENV.namespace]?.trim() || config.namespace,
    config,
    ...(dashboardUrl ? { dashboardUrl } : {}),
    ...(stateMachineArn ? { stateMachineArn } : {}),
  };
}
