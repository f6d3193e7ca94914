import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { MonitorLocation } from '../../lib/check-function.ts';
import { FanOut } from '../../lib/fan-out.ts';

/** An Amazon States Language state, as far as the fan-out uses it. */
export interface AslState {
  readonly Type: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Resource?: string;
  readonly ResultPath?: string | null;
  readonly ResultSelector?: Record<string, string>;
  readonly Catch?: readonly { ErrorEquals: string[]; Next: string }[];
  readonly Error?: string;
  readonly Cause?: string;
  readonly ResultWriter?: {
    Resource?: string;
    Parameters?: Record<string, unknown>;
    WriterConfig?: { OutputType?: string; Transformation?: string };
  };
  readonly Retry?: readonly {
    ErrorEquals: string[];
    IntervalSeconds?: number;
    MaxAttempts?: number;
    BackoffRate?: number;
    MaxDelaySeconds?: number;
    JitterStrategy?: string;
  }[];
  readonly ItemSelector?: Record<string, string>;
  readonly ItemReader?: { Resource: string; Parameters: Record<string, string> };
  readonly ItemProcessor?: { StartAt: string; States: Record<string, AslState> };
}

export interface AslDefinition {
  readonly StartAt: string;
  readonly States: Record<string, AslState>;
}

/** The FanOut construct alone in a stack, bundling skipped (faster than the whole app). */
export function fanOutTemplate(monitorPrefixes: readonly string[] = ['monitors/fraud-model/']): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'FanOutOnly', { env: { account: '123456789012', region: 'eu-west-1' } });
  const bucket = new Bucket(stack, 'Snapshots');
  new FanOut(stack, 'FanOut', {
    bucket,
    topic: new Topic(stack, 'Alerts'),
    namespace: 'DriftWatch',
    configJson: '{}',
    monitors: monitorPrefixes.map(
      (prefix, i): MonitorLocation => ({
        name: i === 0 ? 'fraud-model' : `monitor-${i}`,
        prefix,
        source: bucket,
      }),
    ),
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

/** A JSONPath reference path as the fan-out uses them: `$` or `$.a.b`. */
export function jsonPathValue(data: unknown, jsonPath: string): unknown {
  if (jsonPath === '$') return data;
  return jsonPath
    .replace(/^\$\./, '')
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], data);
}

/**
 * A Distributed Map's ItemSelector applied to one item: `$` paths read the state input,
 * `$$.Map.Item.Value` / `$$.Map.Item.Index` the item and its index (Step Functions developer
 * guide, "ItemSelector (Map)").
 */
export function selectItem(
  selector: Record<string, string>,
  data: unknown,
  item: unknown,
  index: number,
): unknown {
  return Object.fromEntries(
    Object.entries(selector).map(([key, value]) => {
      if (!key.endsWith('.$')) return [key, value];
      const resolved =
        value === '$$.Map.Item.Value'
          ? item
          : value === '$$.Map.Item.Index'
            ? index
            : jsonPathValue(data, value);
      return [key.slice(0, -2), resolved];
    }),
  );
}
