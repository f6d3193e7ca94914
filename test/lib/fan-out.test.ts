import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AslDefinition, fanOutDefinition } from '../support/state-machine-definition.ts';
import { synthWithoutBundling } from './synth.ts';

let template: Template;
let definition: AslDefinition;
beforeAll(() => {
  template = synthWithoutBundling().template;
  definition = fanOutDefinition(template);
});

function logicalIds(type: string, prefix: string): string[] {
  return Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
}

function statementsOf(rolePrefix: string): Record<string, unknown>[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
}

describe('the fan-out state machine', () => {
  it('is a Standard machine with every event logged, X-Ray tracing and a timeout', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    expect(JSON.stringify(definition)).toContain('"TimeoutSeconds":7200');
  });

  it('lists the snapshot folder from its input with a Distributed Map S3 item reader, then reduces', () => {
    expect(definition.StartAt).toBe('ProfileParts');
    const map = definition.States.ProfileParts;
    expect(map).toMatchObject({
      Type: 'Map',
      Next: 'ReduceTask',
      ResultPath: null,
      ItemReader: { Parameters: { 'Bucket.$': '$.dataBucket', 'Prefix.$': '$.snapshotFolder' } },
      ItemSelector: { 'request.$': '$', 'object.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
    expect(map.ItemReader?.Resource).toMatch(/:states:::s3:listObjectsV2$/);
    const [task] = Object.values(map.ItemProcessor!.States);
    expect(task.Resource).toMatch(/^lambda:FanOutProfilePart/);
    expect(definition.States.ReduceTask).toMatchObject({ Type: 'Task', End: true });
    expect(definition.States.ReduceTask.Resource).toMatch(/^lambda:FanOutReduce/);
  });

  it('may list each monitor bucket only under its snapshot folders, and invoke only its two Lambdas', () => {
    const statements = statementsOf('FanOutStateMachineRole');
    const lists = statements.filter((s) => s.Action === 's3:ListBucket');
    expect(lists.map((s) => s.Condition)).toEqual([
      { StringLike: { 's3:prefix': ['monitors/fraud-model/snapshots/*'] } },
      { StringLike: { 's3:prefix': ['monitors/churn-model/snapshots/*'] } },
    ]);
    const invoked = JSON.stringify(statements.filter((s) => s.Action === 'lambda:InvokeFunction'));
    expect(invoked).toMatch(/FanOutProfilePart/);
    expect(invoked).toMatch(/FanOutReduce/);
    expect(statements.some((s) => JSON.stringify(s.Action).includes('s3:GetObject'))).toBe(false);
    expect(statements.some((s) => JSON.stringify(s.Action).includes('s3:PutObject'))).toBe(false);
  });

  it('alarms on failed executions through the alerts topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ExecutionsFailed',
      Namespace: 'AWS/States',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlertsTopic') }],
    });
  });
});

describe('the fan-out Lambdas', () => {
  it('profile-part reads only snapshots and writes only partial profiles', () => {
    const statements = statementsOf('FanOutProfilePartRole').filter((s) =>
      String(s.Action).startsWith('s3:'),
    );
    const text = JSON.stringify(statements);
    expect(text).toMatch(/monitors\/fraud-model\/snapshots\/\*/);
    expect(text).toMatch(/monitors\/fraud-model\/cache\/parts\/\*/);
    expect(text).not.toMatch(/baseline|reports|state\.json|ListBucket/);
    for (const statement of statements) {
      const pattern = JSON.stringify(statement.Resource);
      if (statement.Action === 's3:PutObject') expect(pattern).toMatch(/cache\/parts\/\*/);
      else expect(statement.Action).toBe('s3:GetObject');
    }
  });

  it('reduce has the check Lambda grants, and runs with the check environment', () => {
    const reduce = JSON.stringify(statementsOf('FanOutReduceRole'));
    expect(reduce).toMatch(/cloudwatch:PutMetricData/);
    expect(reduce).toMatch(/sns:Publish/);
    expect(reduce).toMatch(/state\.json/);
    expect(reduce).not.toMatch(/states:/);
    const [reduceId] = logicalIds('AWS::Lambda::Function', 'FanOutReduce');
    const variables = template.toJSON().Resources[reduceId].Properties.Environment.Variables;
    expect(Object.keys(variables)).toEqual(
      expect.arrayContaining(['DRIFTWATCH_BUCKET', 'DRIFTWATCH_TOPIC_ARN', 'DRIFTWATCH_NAMESPACE']),
    );
  });
});

describe('the check Lambda', () => {
  it('knows the state machine and may start it and describe its executions, nothing more', () => {
    const [machineId] = logicalIds('AWS::StepFunctions::StateMachine', 'FanOut');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ DRIFTWATCH_STATE_MACHINE_ARN: { Ref: machineId } }),
      },
    });
    const states = statementsOf('CheckFunctionRole').filter((s) =>
      JSON.stringify(s.Action).includes('states:'),
    );
    expect(states.map((s) => s.Action)).toEqual(['states:StartExecution', 'states:DescribeExecution']);
    expect(states[0].Resource).toEqual({ Ref: machineId });
    expect(JSON.stringify(states[1].Resource)).toMatch(/:execution:/);
  });
});
