import { ConfigError, type DriftwatchConfig, parseConfigText } from '../config.ts';
import { LAMBDA_ENV } from '../environment-variables.ts';

/**
 * The check Lambda's environment contract (README "Environment"). Resource names and ARNs come
 * in their own variables; the validated config comes as a JSON literal. Endpoints are not here:
 * the AWS SDK reads AWS_ENDPOINT_URL_S3 / _SNS / _CLOUDWATCH itself.
 */
export interface CheckEnvironment {
  /** `LAMBDA_ENV.bucket`: the stack's bucket (snapshots unless a monitor names its own; always reports and state). */
  readonly bucket: string;
  /** `LAMBDA_ENV.topicArn` */
  readonly topicArn: string;
  /** `LAMBDA_ENV.namespace`, else the config's namespace. */
  readonly namespace: string;
  /** `LAMBDA_ENV.config` */
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
  const config = parseConfigText(required(LAMBDA_ENV.config), LAMBDA_ENV.config);
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
