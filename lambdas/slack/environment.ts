/** The Slack notifier's environment contract (README "Alerts"), written by lib/slack-notifier.ts. */
export const SLACK_ENVIRONMENT = {
  /** Name of the Secrets Manager secret holding the webhook URL. */
  secret: 'DRIFTWATCH_SLACK_SECRET',
  /** Comma-separated origins besides https://hooks.slack.com the webhook may point at (`slackWebhookOrigins`). */
  origins: 'DRIFTWATCH_SLACK_WEBHOOK_ORIGINS',
} as const;

export interface SlackEnvironment {
  readonly secretId: string;
  readonly allowedOrigins: readonly string[];
}

export function readSlackEnvironment(env: Readonly<Record<string, string | undefined>>): SlackEnvironment {
  const secretId = env[SLACK_ENVIRONMENT.secret]?.trim() ?? '';
  if (secretId === '') throw new Error(`environment variable ${SLACK_ENVIRONMENT.secret} is not set`);
  const origins = env[SLACK_ENVIRONMENT.origins] ?? '';
  return {
    secretId,
    allowedOrigins: origins
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
  };
}
