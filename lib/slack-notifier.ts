import { Duration } from 'aws-cdk-lib';
import { SlackChannelConfiguration } from 'aws-cdk-lib/aws-chatbot';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { LAMBDA_ENV } from '../lambdas/environment-variables.ts';
import { deadLetterQueue } from './dead-letter-queue.ts';
import { DriftwatchFunction } from './driftwatch-function.ts';

export interface SlackNotifierProps {
  readonly topic: ITopic;
  /** Name of an existing Secrets Manager secret holding the incoming-webhook URL. */
  readonly webhookSecretName: string;
}

/**
 * Posts each alert to Slack as a Block Kit message. The webhook URL stays in Secrets
 * Manager (never in the template); failed deliveries go to a dead-letter queue.
 */
export class SlackNotifier extends Construct {
  readonly function: DriftwatchFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: SlackNotifierProps) {
    super(scope, id);
    const secret = Secret.fromSecretNameV2(this, 'Webhook', props.webhookSecretName);
    this.function = new DriftwatchFunction(this, 'Function', {
      entry: 'lambdas/slack/handler.ts',
      description: 'driftwatch: posts alerts to Slack',
      memorySize: 256,
      timeout: Duration.minutes(2),
      environment: { [LAMBDA_ENV.slackSecret]: props.webhookSecretName },
    });
    secret.grantRead(this.function);
    this.deadLetterQueue = deadLetterQueue(
      this,
      'DeadLetters',
      'alerts the Slack notifier could not deliver',
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
