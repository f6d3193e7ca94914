import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { FanOut } from '../../lib/fan-out.ts';

/** An Amazon States Language state, as far as the fan-out uses it. */
export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly ResultPath?: string | null;
  readonly ItemSelector?: Record<string, string>;
  readonly ItemReader?: { Resource: string; Parameters: Record<string, string> };
  readonly ItemProcessor?: { StartAt: string; States: Record<string, AslState> };
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
}

/** The FanOut construct alone in a stack, bundling skipped (faster than the whole app). */
export function fanOutTemplate(): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'FanOutOnly', { env: { account: '123456789012', region: 'eu-west-1' } });
  const bucket = new Bucket(stack, 'Snapshots');
  new FanOut(stack, 'FanOut', {
    bucket,
    topic: new Topic(stack, 'Alerts'),
    namespace: 'DriftWatch',
    configJson: '{}',
    monitors: [{ name: 'fraud-model', prefix: 'monitors/fraud-model/', source: bucket }],
  });
  return Template.fromStack(stack);
}

/**
 * The fan-out state machine's definition from a synthesised template, with each Lambda's ARN
 * replaced by `lambda:<logical id>` and other tokens by `token`.
 */
export function fanOutDefinition(template: Template = fanOutTemplate()): AslDefinition {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const [, parts] = (machine.Properties.DefinitionString as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const text = parts
    .map((part) => {
      if (typeof part === 'string') return part;
      const getAtt = (part as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt'];
      return getAtt ? `lambda:${getAtt[0]}` : 'token';
    })
    .join('');
  return JSON.parse(text) as AslDefinition;
}
