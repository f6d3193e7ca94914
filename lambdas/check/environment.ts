import { ConfigError, type DriftwatchConfig, parseConfigText } from '../config.ts';

/**
 * The check Lambda's environment contract (README "Environment"). Resource names and ARNs come
 * in their own variables; the validated config comes as a JSON literal. Endpoints are not here:
 * the AWS SDK reads AWS_ENDPOINT_URL_S3 / _SNS / _CLOUDWATCH itself.
 */
export interface CheckEnvironment {
  /** DRIFTWATCH_BUCKET: the stack's bucket (snapshots unless a monitor names its own; always reports and state). */
  readonly bucket: string;
  /** DRIFTWATCH_TOPIC_ARN */
  readonly topicArn: string;
  /** DRIFTWATCH_NAMESPACE, else the config's namespace. */
  readonly namespace: string;
  /** DRIFTWATCH_CONFIG */
  readonly config: DriftwatchConfig;
  /** DRIFTWATCH_DASHBOARD_URL (optional): linked from alerts. */
  readonly dashboardUrl?: string;
  /** DRIFTWATCH_STATE_MACHINE_ARN (optional): the fan-out for snapshots above a monitor's `fanOut` limits. */
  readonly stateMachineArn?: string;
}

export function readEnvironment(env: Readonly<Record<string, string | undefined>>): CheckEnvironment {
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value.trim() === '')
      throw new ConfigError(`environment variable ${name} is not set`);
    return value;
  };
  const config = parseConfigText(required('DRIFTWATCH_CONFIG'), 'DRIFTWATCH_CONFIG');
  return {
    bucket: required('DRIFTWATCH_BUCKET'),
    topicArn: required('DRIFTWATCH_TOPIC_ARN'),
    namespace: env.DRIFTWATCH_NAMESPACE?.trim() || config.namespace,
    config,
    ...(env.DRIFTWATCH_DASHBOARD_URL ? { dashboardUrl: env.DRIFTWATCH_DASHBOARD_URL } : {}),
    ...(env.DRIFTWATCH_STATE_MACHINE_ARN ? { stateMachineArn: env.DRIFTWATCH_STATE_MACHINE_ARN } : {}),
  };
}
