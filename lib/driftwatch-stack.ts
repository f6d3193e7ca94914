import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Driftwatch, type DriftwatchProps } from './driftwatch.ts';

export interface DriftwatchStackProps extends StackProps, DriftwatchProps {}

/** The repository's own app: one Driftwatch and the outputs a person deploying it needs. */
export class DriftwatchStack extends Stack {
  readonly driftwatch: Driftwatch;

  constructor(scope: Construct, id: string, props: DriftwatchStackProps) {
    super(scope, id, props);
    // Id `Default`: CDK leaves it out of logical ids, so the resources keep the ids they had when
    // this stack built them itself, and an existing deployment updates instead of replacing them.
    this.driftwatch = new Driftwatch(this, 'Default', props);
    const { bucket, topic, dashboardUrl, checkFunction } = this.driftwatch;
    new CfnOutput(this, 'BucketName', { value: bucket.bucketName, description: 'Drop snapshots here' });
    new CfnOutput(this, 'AlertsTopicArn', { value: topic.topicArn });
    new CfnOutput(this, 'DashboardUrl', { value: dashboardUrl });
    new CfnOutput(this, 'CheckFunctionName', {
      value: checkFunction.functionName,
      description:
        'Run a check now: aws lambda invoke --function-name <this> --payload \'{"monitor":"<name>"}\'',
    });
  }
}
