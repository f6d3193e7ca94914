import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readSlackEnvironment } from './environment.ts';
import { postToSlack } from './post-to-slack.ts';
import { slackMessageOf } from './slack-message.ts';
import { slackWebhook } from './slack-webhook.ts';
import { makeWebhookUrlReader } from './webhook-url.ts';

const secrets = new SecretsManagerClient({});
let webhookUrl: (() => Promise<string>) | null = null;

interface SnsEvent {
  readonly Records: readonly {
    readonly Sns: { readonly Message: string; readonly MessageId?: string; readonly Subject?: string | null };
  }[];
}

/**
 * SNS → Slack: every message on the alerts topic becomes one Slack message (driftwatch alerts,
 * CloudWatch alarms, anything else as text). Only delivery can fail: SNS invokes asynchronously,
 * so a thrown error is retried twice by Lambda, then lands in the on-failure queue.
 */
export async function handler(event: SnsEvent): Promise<void> {
  const environment = readSlackEnvironment(process.env);
  webhookUrl ??= makeWebhookUrlReader(secrets, environment.secretId);
  const webhook = slackWebhook(await webhookUrl(), environment.allowedOrigins);
  for (const record of event.Records) {
    const message = slackMessageOf(String(record.Sns.Message ?? ''), record.Sns.Subject ?? undefined);
    await postToSlack(webhook, message.body);
    console.log(
      JSON.stringify({
        level: 'info',
        message: 'posted to Slack',
        kind: message.kind,
        name: message.name,
        snsMessageId: record.Sns.MessageId,
      }),
    );
  }
}
