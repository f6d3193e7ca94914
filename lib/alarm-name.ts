import { Token } from 'aws-cdk-lib';
import { ConfigError } from '../lambdas/config-error.ts';

/**
 * CloudWatch alarm names: 1 to 255 characters, UTF-8 without ASCII control characters, unique
 * in the account and Region (CloudWatch API Reference, PutMetricAlarm, `AlarmName`:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
 */
export const MAX_ALARM_NAME_LENGTH = 255;

/**
 * A readable alarm name, `<prefix>-<part>-<part>` (e.g. `Driftwatch-Stale-fraud-model`), instead
 * of the one CloudFormation generates from the logical id and a random suffix. A name too long or
 * with control characters fails synth, not the deploy.
 */
export function alarmName(prefix: string, ...parts: readonly string[]): string {
  const name = [prefix, ...parts].join('-');
  if (Token.isUnresolved(name)) return name;
  if (name.length > MAX_ALARM_NAME_LENGTH) {
    throw new ConfigError(
      `alarm name "${name}" has ${name.length} characters; CloudWatch allows ${MAX_ALARM_NAME_LENGTH}: choose a shorter stack name (or construct \`name\`) or monitor name`,
    );
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\u0000-\u001f\u007f]/.test(name))
    throw new ConfigError(`alarm name ${JSON.stringify(name)} contains control characters`);
  return name;
}
