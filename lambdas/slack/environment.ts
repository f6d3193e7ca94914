import { LAMBDA_ENV } from '../environment-variables.ts';

/** The Slack notifier's environment (README "Alerts"), written by lib/slack-notifier.ts. */
export interface SlackEnvironment {
  readonly secretId: string;
  readonly allowedOrigins: readonly string[];
}

export function readSlackEnvironment(env: Readonly<Record<string, string | undefined>>): SlackEnvironment {
  const secretId = env[LAMBDA_ENV.slackSecret]?.trim() ?? '';
  if (secretId === '') throw new Error(`environment variable ${LAMBDA_ENV.slackSecret} is not set`);
  const origins = env[LAMBDA_ENV.slackWebhookOrigins] ?? '';
  return {
    secretId,
    allowedOrigins: origins
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  };
}
