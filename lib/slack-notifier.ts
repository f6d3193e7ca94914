import { Duration } from 'aws-cdk-lib';
import { SlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_ENV } from '../lambdas/environment-variables.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { DriftwatchFunction } from './driftwatch-function.ts';
import { LAMBDA_ENTRIES } from './lambda-code.ts';

export interface SlackNotifierProps {
  readonly topic: ITopic;
  /** Name of an existing Secrets Manager secret holding the incoming-webhook URL. */
  readonly webhookSecretName: string;
  /** Origins besides https://hooks.slack.com the webhook may point at. @default [] */
  readonly webhookOrigins?: readonly string[];
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * Posts every message on the alerts topic to Slack (alerts as Block Kit, alarms with a console
 * link, anything else as text). The webhook URL stays in Secrets Manager (never in the template).
 *
 * SNS invokes Lambda asynchronously, so two queues catch two different failures (Lambda
 * developer guide, "How Lambda handles errors and retries with asynchronous invocation",
 * docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html: a
 * function error is retried twice, then the event is discarded unless a destination or DLQ
 * keeps it): `onFailure` holds invocations whose code failed after those retries (Slack down,
 * webhook revoked); `deadLetterQueue`, the subscription's redrive policy, holds only messages
 * SNS could not hand to Lambda at all (function deleted, invoke permission missing).
 */
export class SlackNotifier extends Construct {
  readonly function: DriftwatchFunction;
  readonly deadLetterQueue: Queue;
  readonly onFailure: Queue;

  constructor(scope: Construct, id: string, props: SlackNotifierProps) {
    super(scope, id);
    const secret = Secret.fromSecretNameV2(this, 'Webhook', props.webhookSecretName);
    const origins = props.webhookOrigins ?? [];
    this.function = new DriftwatchFunction(this, 'Function', {
      entry: LAMBDA_ENTRIES.slack,
      description: 'driftwatch: posts alerts and alarms to Slack',
      memorySize: 256,
      timeout: Duration.minutes(2),
      logRetention: props.logRetention,
      environment: {
        [LAMBDA_ENV.slackSecret]: props.webhookSecretName,
        ...(origins.length > 0 ? { [LAMBDA_ENV.slackWebhookOrigins]: origins.join(',') } : {}),
      },
    });
    secret.grantRead(this.function);
    this.onFailure = deadLetterQueue(
      this,
      'OnFailure',
      'messages the Slack notifier failed to post after its retries',
    );
    this.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.onFailure),
    });
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetters',
      'messages SNS could not hand to the Slack notifier',
    );
    props.topic.addSubscription(
      new LambdaSubscription(this.function, { deadLetterQueue: this.deadLetterQueue }),
    );
  }
}

export interface ChatbotChannelProps {
  readonly topic: ITopic;
  readonly slackWorkspaceId: string;
  readonly slackChannelId: string;
}

/** The alternative to the notifier: AWS Chatbot relays the topic to a Slack channel. */
export class ChatbotChannel extends Construct {
  constructor(scope: Construct, id: string, props: ChatbotChannelProps) {
    super(scope, id);
    new SlackChannelConfiguration(this, 'Channel', {
      slackChannelConfigurationName: `driftwatch-${props.slackChannelId}`,
      slackWorkspaceId: props.slackWorkspaceId,
      slackChannelId: props.slackChannelId,
      notificationTopics: [props.topic],
    });
  }
}
