import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface AlertsTopicProps {
  /** Addresses subscribed by email (each must confirm the subscription). @default [] */
  readonly emails?: readonly string[];
}

/**
 * The alerts topic, encrypted with a customer-managed key: the AWS-managed `alias/aws/sns`
 * key cannot be granted to CloudWatch, which silently breaks alarm actions (and Chatbot).
 */
export class AlertsTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: AlertsTopicProps = {}) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'driftwatch alerts topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // CloudWatch alarms publish to the topic, so they must be able to use its key.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      masterKey: this.key,
      enforceSSL: true,
      displayName: 'driftwatch alerts',
    });
    for (const email of props.emails ?? []) this.topic.addSubscription(new EmailSubscription(email));
  }
}
