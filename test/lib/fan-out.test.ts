import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAP_RUN_RESULTS_PREFIX } from '../../lib/fan-out-map-io.ts';
import { type AslDefinition, fanOutDefinition, fanOutTemplate } from '../support/state-machine-definition.ts';
import { synthWithoutBundling } from './synth.ts';

let template: Template;
let definition: AslDefinition;
// A whole-stack synth: seconds on a loaded CI machine, beyond the 10 s default hook timeout.
beforeAll(() => {
  template = synthWithoutBundling().template;
  definition = fanOutDefinition(template);
}, 120_000);

function logicalIds(type: string, prefix: string): string[] {
  return Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
}

function statementsOf(rolePrefix: string): Record<string, unknown>[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Record<string, unknown>[]);
}

describe('the fan-out state machine', () => {
  it('is a Standard machine with every event logged to a vended-logs group, and a timeout', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    const [destination] = machine.Properties.LoggingConfiguration.Destinations;
    const [logGroupId] = destination.CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'];
    const logGroup = template.toJSON().Resources[logGroupId];
    expect(logGroup.Type).toBe('AWS::Logs::LogGroup');
    // Step Functions developer guide, "Avoiding Amazon CloudWatch Logs resource policy size restrictions".
    expect(logGroup.Properties.LogGroupName).toMatch(/^\/aws\/vendedlogs\/states\/[A-Za-z0-9-]+$/);
    expect(JSON.stringify(definition)).toContain('"TimeoutSeconds":7200');
  });

  it('is not traced with X-Ray, so its role holds no X-Ray grant', () => {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine.Properties.TracingConfiguration?.Enabled ?? false).toBe(false);
    expect(JSON.stringify(statementsOf('FanOutStateMachineRole'))).not.toMatch(/xray:/);
  });

  it("exports the parts' outputs with a ResultWriter under its own expiring prefix of the stack bucket", () => {
    const map = definition.States.ProfileParts;
    expect(map.ResultWriter?.Resource).toMatch(/:states:::s3:putObject$/);
    expect(map.ResultWriter?.Parameters).toMatchObject({ Prefix: MAP_RUN_RESULTS_PREFIX });
    expect(map.ResultWriter?.WriterConfig).toEqual({ OutputType: 'JSONL', Transformation: 'COMPACT' });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: MAP_RUN_RESULTS_PREFIX, ExpirationInDays: 14, Status: 'Enabled' }),
        ]),
      },
    });
    const writes = statementsOf('FanOutStateMachineRole').filter((s) =>
      JSON.stringify(s.Action).includes('s3:PutObject'),
    );
    expect(writes).toHaveLength(1);
    expect(JSON.stringify(writes[0].Resource)).toContain(`/${MAP_RUN_RESULTS_PREFIX}*`);
  });

  it('names the same-account-and-Region rule when the item reader cannot list the snapshot folder', () => {
    const [caught] = definition.States.ProfileParts.Catch ?? [];
    expect(caught.ErrorEquals).toEqual(['States.ItemReaderFailed']);
    const fail = definition.States[caught.Next];
    expect(fail).toMatchObject({ Type: 'Fail', Error: 'SnapshotFolderNotListable' });
    expect(fail.Cause).toMatch(/own account and Region/);
  });

  it.each(['ProfileParts', 'ReduceTask'])('%s retries Lambda throttling and service exceptions', (state) => {
    const task =
      state === 'ReduceTask'
        ? definition.States.ReduceTask
        : Object.values(definition.States.ProfileParts.ItemProcessor!.States)[0];
    const retried = (task.Retry ?? []).flatMap((retry) => retry.ErrorEquals);
    // Step Functions developer guide, "Handle Lambda service exceptions".
    expect(retried).toEqual(
      expect.arrayContaining([
        'Lambda.ClientExecutionTimeoutException',
        'Lambda.ServiceException',
        'Lambda.AWSLambdaException',
        'Lambda.SdkClientException',
        'Lambda.TooManyRequestsException',
      ]),
    );
    expect(
      task.Retry?.find((retry) => retry.ErrorEquals.includes('Lambda.TooManyRequestsException')),
    ).toEqual({
      ErrorEquals: ['Lambda.TooManyRequestsException'],
      IntervalSeconds: 2,
      MaxAttempts: 10,
      BackoffRate: 2,
      MaxDelaySeconds: 60,
      JitterStrategy: 'FULL',
    });
  });

  it('holds account-wide grants only where CloudWatch Logs has no narrower resource', () => {
    const statements = statementsOf('FanOutStateMachineRole');
    const onEverything = statements.filter((s) => s.Resource === '*');
    expect(onEverything.map((s) => s.Action)).toEqual([
      [
        'logs:CreateLogDelivery',
        'logs:GetLogDelivery',
        'logs:UpdateLogDelivery',
        'logs:DeleteLogDelivery',
        'logs:ListLogDeliveries',
      ],
    ]);
    const policies = statements.filter((s) => JSON.stringify(s.Action).includes('logs:PutResourcePolicy'));
    expect(policies).toHaveLength(1);
    expect(policies[0].Action).toEqual([
      'logs:PutResourcePolicy',
      'logs:DescribeResourcePolicies',
      'logs:DescribeLogGroups',
    ]);
    expect(policies[0].Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:123456789012:log-group:*']],
    });
  });

  it('refuses at synth a monitor prefix overlapping the Map Run results prefix', () => {
    expect(() => fanOutTemplate(['monitors/fraud-model/', MAP_RUN_RESULTS_PREFIX])).toThrow(
      /monitor monitor-1: prefix "driftwatch-fan-out\/map-runs\/" overlaps/,
    );
    expect(() => fanOutTemplate(['driftwatch-fan-out/'])).toThrow(/overlaps/);
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
    // Objects only under the Map Run results prefix (ResultWriter), never a monitor's data or reports.
    const objectAccess = statements.filter((s) => /s3:(Get|Put)Object/.test(JSON.stringify(s.Action)));
    expect(objectAccess.map((s) => JSON.stringify(s.Resource))).toEqual([
      expect.stringContaining(`/${MAP_RUN_RESULTS_PREFIX}*`),
    ]);
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

describe('the stack', () => {
  it('grants on "*" only what README lists as account-wide', () => {
    const onEverything = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[])
      .filter((statement) => ([] as unknown[]).concat(statement.Resource).includes('*'));
    const logDelivery = [
      'logs:CreateLogDelivery',
      'logs:GetLogDelivery',
      'logs:UpdateLogDelivery',
      'logs:DeleteLogDelivery',
      'logs:ListLogDeliveries',
    ];
    for (const statement of onEverything) {
      if (statement.Action === 'cloudwatch:PutMetricData') {
        expect(statement.Condition).toMatchObject({
          StringEquals: { 'cloudwatch:namespace': expect.any(String) },
        });
      } else {
        expect(statement.Action).toEqual(logDelivery);
      }
    }
  });
});
