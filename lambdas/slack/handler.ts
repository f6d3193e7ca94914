import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LAMBDA_ENV } from '../environment-variables.ts';
import { slackBlocks } from '../sinks/slack-blocks.ts';
import { alertFromSnsMessage } from './alert-from-sns.ts';
import { postToSlack } from './post-to-slack.ts';
import { makeWebhookUrlReader } from './webhook-url.ts';

const secrets = new SecretsManagerClient({});
const secretId = process.env[LAMBDA_ENV.slackSecret] ?? '';
const webhookUrl = makeWebhookUrlReader(secrets, secretId);

interface SnsEvent {
  readonly Records: readonly { readonly Sns: { readonly Message: string; readonly MessageId?: string } }[];
}

/** SNS → Slack: one Block Kit message per alert. A thrown error lets SNS retry, then the DLQ keep it. */
export async function handler(event: SnsEvent): Promise<void> {
  if (secretId === '') throw new Error(`environment variable ${LAMBDA_ENV.slackSecret} is not set`);
  const url = await webhookUrl();
  for (const record of event.Records) {
    const alert = alertFromSnsMessage(record.Sns.Message);
    await postToSlack(url, slackBlocks(alert));
    console.log(
      JSON.stringify({
        level: 'info',
        message: 'posted to Slack',
        monitor: alert.monitor,
        status: alert.status,
      }),
    );
  }
}
