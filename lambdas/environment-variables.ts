/**
 * Every environment variable driftwatch reads, by name: the CDK app (`lib/`) sets the Lambdas'
 * variables with these names and the handlers read them with the same, so the two sides cannot
 * drift apart. A plain constants module: Lambda bundles import it without pulling in the CDK.
 * README "Environment of the check Lambda" documents the Lambdas' variables for users.
 */
export const LAMBDA_ENV = {
  /** The stack's bucket: reports, cache, state, and data unless a monitor names its own bucket. */
  bucket: 'DRIFTWATCH_BUCKET',
  /** The SNS alerts topic. */
  topicArn: 'DRIFTWATCH_TOPIC_ARN',
  /** The CloudWatch namespace (else the config's `namespace`). */
  namespace: 'DRIFTWATCH_NAMESPACE',
  /** Another config file than the one deployed beside the handler (running handlers outside Lambda). */
  configFile: 'DRIFTWATCH_CONFIG_FILE',
  /** Optional: a dashboard link for alerts. */
  dashboardUrl: 'DRIFTWATCH_DASHBOARD_URL',
  /** Optional: the fan-out state machine for large snapshots. */
  stateMachineArn: 'DRIFTWATCH_STATE_MACHINE_ARN',
  /** The Slack notifier's Secrets Manager secret holding the webhook URL. */
  slackSecret: 'DRIFTWATCH_SLACK_SECRET',
  /** Comma-separated origins besides https://hooks.slack.com the webhook may point at (`slackWebhookOrigins`). */
  slackWebhookOrigins: 'DRIFTWATCH_SLACK_WEBHOOK_ORIGINS',
} as const;

/** The `driftwatch` CLI's switches, set by users (and by the benchmarks). */
export const CLI_ENV = {
  /** `0`: read both tables in-process, one after the other, instead of in two worker threads. */
  workers: 'DRIFTWATCH_WORKERS',
  /** Any non-empty value: print the stack of an unexpected error. */
  debug: 'DRIFTWATCH_DEBUG',
} as const;
