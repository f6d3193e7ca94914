// An existing CDK app (a model-serving stack) that adds drift monitoring with the Driftwatch
// construct from the installed package: `npm install driftwatch aws-cdk-lib constructs`.
import { App, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Construct } from 'constructs';
import { Driftwatch } from 'driftwatch/cdk';

class ModelServingStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    // What the stack already had: here, the queue scoring requests arrive on.
    const failures = new Queue(this, 'ScoringFailures', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'The dead-letter queue of ScoringRequests.',
    });
    new Queue(this, 'ScoringRequests', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { maxReceiveCount: 5, queue: failures },
    });

    // What it adds: drift monitoring of the model's inputs. Drop a baseline under
    // `monitors/fraud-model/baseline/` and snapshots under `monitors/fraud-model/snapshots/` of
    // the bucket it creates (stack output below).
    const drift = new Driftwatch(this, 'Drift', {
      monitors: [
        {
          name: 'fraud-model',
          schedule: { expression: 'cron(0 * * * ? *)', timeZone: 'Europe/London' },
          featureMetrics: ['amount'],
        },
      ],
      alertEmails: ['ml-oncall@example.com'],
      // Defaults shown: a new bucket (pass `bucket` for one you have) kept when the stack goes,
      // a new KMS-encrypted topic (or `topic`), logs kept a month.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, 'DriftBucket', { value: drift.bucket.bucketName });
    new CfnOutput(this, 'DriftCheckFunction', { value: drift.checkFunction.functionName });
  }
}

const app = new App();
new ModelServingStack(app, 'ModelServing');
// cdk-nag's AwsSolutions checks: unacknowledged findings fail the synth.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
