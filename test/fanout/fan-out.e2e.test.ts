import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/config.ts';
import type { DriftReport } from '../../lambdas/core/report.ts';
import { partItemSchema, profilePart } from '../../lambdas/fanout/profile-part.ts';
import { reduceFanOut } from '../../lambdas/fanout/reduce.ts';
import { S3Store } from '../../lambdas/io/s3-store.ts';
import type { FanOutRequest, FanOutStarter } from '../../lambdas/monitor-check/fan-out-request.ts';
import { fanOutRequestSchema } from '../../lambdas/monitor-check/fan-out-request.ts';
import { type CheckDependencies, runMonitorCheck } from '../../lambdas/monitor-check/run-monitor-check.ts';
import type { AlertContent } from '../../lambdas/render/alert-content.ts';
import { type AwsEmulators, startAwsEmulators } from '../support/aws-emulators.ts';
import { classifierCsv, classifierRows } from '../support/classifier-rows.ts';
import { type ApiCall, allowingStatement, type PolicyStatement } from '../support/iam-evaluator.ts';
import { featuresCsv, featuresParquet } from '../support/sample-tables.ts';
import {
  type AslDefinition,
  type AslState,
  fanOutDefinition,
  fanOutTemplate,
  jsonPathValue,
  selectItem,
} from '../support/state-machine-definition.ts';
import { weatherCsvOf, weatherSplit, withShuffledTempMin } from '../support/weather-tables.ts';

const MONITOR = 'fraud-model';
const PREFIX = `monitors/${MONITOR}/`;
// An hour after the emulator stamps the objects (real time): folder snapshots without a _SUCCESS
// marker are then settled (snapshotSettle 10m) and none is stale (maxSnapshotAge 26h). A fixed date
// here made the suite fail from that date's morning on.
const CLOCK = Date.now() + 3_600_000;

let aws: AwsEmulators;
let s3: S3Client;
let store: S3Store;
let template: Template;
let definition: AslDefinition;
/** The S3 calls each step's code made, as `<Operation> s3://<bucket>/<key>` labels. */
let calls: Record<'FanOutProfilePart' | 'FanOutReduce' | 'FanOutStateMachine', string[]>;
let alerts: AlertContent[];
let metrics: MetricDatum[][];
let started: FanOutRequest[];

/** A starter that records what the check asked for, as Step Functions would receive it. */
const recordingStarter: FanOutStarter = {
  async start(request) {
    started.push(request);
    return { executionName: `e${started.length}`, executionArn: `arn:e${started.length}`, started: true };
  },
};

function deps(
  fanOut: { maxParts?: number; maxBytes?: string } | null,
  maxValues?: number,
  model?: Record<string, unknown>,
  multivariate?: Record<string, unknown>,
): CheckDependencies {
  const drift = {
    ...(maxValues ? { sampling: { maxValues } } : {}),
    ...(model ? { model } : {}),
    ...(multivariate ? { multivariate } : {}),
  };
  const config = parseConfig({ monitors: [{ name: MONITOR, fanOut: fanOut ?? {}, drift }] }, 'test');
  return {
    monitor: config.monitors[0],
    namespace: config.namespace,
    dataStore: store,
    stateStore: store,
    metrics: { put: async (_namespace, data) => void metrics.push([...data]) },
    alerts: { publish: async (alert) => void alerts.push(alert) },
    now: () => new Date(CLOCK),
    renderHtml: (report) => `<html>${report.status}</html>`,
    ...(fanOut !== null ? { fanOut: recordingStarter } : {}),
  };
}

async function put(key: string, body: string | Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: aws.bucket, Key: key, Body: body }));
}

async function clearPrefix(prefix: string): Promise<void> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: prefix }));
  for (const object of listed.Contents ?? []) {
    await s3.send(new DeleteObjectCommand({ Bucket: aws.bucket, Key: object.Key! }));
  }
}

async function readJson(key: string): Promise<unknown> {
  const stored = await store.getText(key);
  return stored === null ? null : JSON.parse(stored.text);
}

/**
 * Runs the synthesised state machine's steps in process: the Distributed Map's S3 item reader
 * (a real ListObjectsV2 on the emulator, items shaped as Step Functions gives them), its
 * ItemSelector, the profile-part Lambda per item (all at once, in reverse order, so part order
 * cannot come from timing), then the reduce Lambda with the state's output.
 */
async function runStateMachine(input: FanOutRequest, handlerDeps: CheckDependencies): Promise<unknown> {
  const partStore = recordingStore('FanOutProfilePart');
  const reduceStore = recordingStore('FanOutReduce');
  const lambdas: Record<string, (event: unknown) => Promise<unknown>> = {
    FanOutProfilePart: (event) =>
      profilePart(
        { ...handlerDeps, dataStore: partStore, stateStore: partStore },
        partItemSchema.parse(event),
      ),
    FanOutReduce: (event) =>
      reduceFanOut(
        { ...handlerDeps, dataStore: reduceStore, stateStore: reduceStore },
        fanOutRequestSchema.parse(event),
      ),
  };
  const invoke = (state: AslState, event: unknown) => {
    const logicalId = state.Resource?.replace(/^lambda:/, '') ?? '';
    const name = Object.keys(lambdas).find((prefix) => logicalId.startsWith(prefix));
    if (name === undefined) throw new Error(`no Lambda for ${state.Resource}`);
    // JSON round trip: Lambda payloads are JSON.
    return lambdas[name](JSON.parse(JSON.stringify(event)));
  };
  const data: unknown = input;
  let name: string | undefined = definition.StartAt;
  let result: unknown;
  while (name !== undefined) {
    const state: AslState = definition.States[name];
    if (state.Type === 'Map') {
      const parameters = state.ItemReader!.Parameters;
      expect(state.ItemReader!.Resource).toMatch(/:states:::s3:listObjectsV2$/);
      calls.FanOutStateMachine.push(
        `ListObjectsV2 s3://${jsonPathValue(data, parameters['Bucket.$'])}/${jsonPathValue(data, parameters['Prefix.$'])}`,
      );
      const listed = await s3.send(
        new ListObjectsV2Command({
          Bucket: jsonPathValue(data, parameters['Bucket.$']) as string,
          Prefix: jsonPathValue(data, parameters['Prefix.$']) as string,
        }),
      );
      const items = (listed.Contents ?? []).map((object) => ({
        Etag: object.ETag,
        Key: object.Key,
        LastModified: Math.floor(object.LastModified!.getTime() / 1000),
        Size: object.Size,
        StorageClass: 'STANDARD',
      }));
      const processor = state.ItemProcessor!;
      const task = processor.States[processor.StartAt];
      const selected = items.map((item, index) => selectItem(state.ItemSelector!, data, item, index));
      const outputs = await Promise.all(selected.reverse().map((event) => invoke(task, event)));
      // The ResultWriter exports the children's outputs (JSON Lines, COMPACT) and a manifest.
      const writer = state.ResultWriter!;
      expect(writer.Resource).toMatch(/:states:::s3:putObject$/);
      const resultsFolder = `${writer.Parameters!.Prefix}map-run-1/`;
      for (const [key, body] of [
        [`${resultsFolder}SUCCEEDED_0.json`, outputs.map((output) => JSON.stringify(output)).join('\n')],
        [`${resultsFolder}manifest.json`, JSON.stringify({ ResultFiles: { SUCCEEDED: [] } })],
      ] as const) {
        calls.FanOutStateMachine.push(`PutObject s3://${aws.bucket}/${key}`);
        await put(key, body);
      }
      if (state.ResultPath !== null) throw new Error('the map is expected to discard its results');
    } else if (state.Type === 'Task') {
      result = await invoke(state, data);
    } else {
      throw new Error(`state type ${state.Type} is not simulated`);
    }
    name = state.End ? undefined : state.Next;
  }
  return result;
}

/** Deep equality with numbers equal to 1e-12 relative (1e-12 absolute near zero). */
function expectClose(actual: unknown, expected: unknown, at = '$'): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    const scale = Math.max(1, Math.abs(expected), Math.abs(actual));
    expect(Math.abs(actual - expected), `${at}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * scale);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), at).toBe(true);
    expect((actual as unknown[]).length, `${at}.length`).toBe(expected.length);
    for (const [i, value] of expected.entries()) expectClose((actual as unknown[])[i], value, `${at}[${i}]`);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', at).toBe(true);
    expect(Object.keys(actual as object).sort(), `${at} keys`).toEqual(Object.keys(expected).sort());
    for (const [key, value] of Object.entries(expected)) {
      expectClose((actual as Record<string, unknown>)[key], value, `${at}.${key}`);
    }
    return;
  }
  expect(actual, at).toEqual(expected);
}

beforeAll(async () => {
  template = fanOutTemplate();
  definition = fanOutDefinition(template);
  aws = await startAwsEmulators({ bucket: 'dw-data', topic: 'dw-alerts' });
  s3 = new S3Client(aws.clientConfig);
  store = new S3Store(s3, aws.bucket);
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await aws?.stop();
});

beforeEach(async () => {
  await clearPrefix(PREFIX);
  alerts = [];
  metrics = [];
  started = [];
  calls = { FanOutProfilePart: [], FanOutReduce: [], FanOutStateMachine: [] };
});

/** A store that records its calls under the role that would make them. */
function recordingStore(role: keyof typeof calls): S3Store {
  return new S3Store(s3, aws.bucket, {
    call: (label, operation) => {
      calls[role].push(label);
      return operation();
    },
  });
}

/** What IAM is asked for by a recorded S3 call. */
function apiCallOf(label: string): ApiCall {
  const [operation, url] = label.split(' ');
  const [bucket, ...key] = url.replace(/^s3:\/\//, '').split('/');
  if (operation === 'ListObjectsV2') {
    return {
      action: 's3:ListBucket',
      resource: `arn:aws:s3:::${bucket}`,
      context: { 's3:prefix': key.join('/') },
    };
  }
  const write = ['PutObject', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload'].includes(
    operation,
  );
  return {
    action: write ? 's3:PutObject' : 's3:GetObject',
    resource: `arn:aws:s3:::${bucket}/${key.join('/')}`,
  };
}

/** The statements the template grants a role, the bucket resolved to the emulator's. */
function roleStatements(rolePrefix: string): PolicyStatement[] {
  const resolve = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const intrinsic = value as Record<string, unknown>;
    if ('Fn::GetAtt' in intrinsic) {
      const [id] = intrinsic['Fn::GetAtt'] as [string, string];
      return id.startsWith('Snapshots') ? `arn:aws:s3:::${aws.bucket}` : `unresolved:${id}`;
    }
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(resolve).join(separator);
    }
    return `unresolved:${JSON.stringify(value)}`;
  };
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(rolePrefix)),
    )
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[])
    .map((statement) => ({
      Effect: String(statement.Effect),
      Action: statement.Action as string | string[],
      Resource: ([] as unknown[]).concat(statement.Resource).map(resolve),
      ...(statement.Condition ? { Condition: statement.Condition as PolicyStatement['Condition'] } : {}),
    }));
}

describe.each([
  { format: 'Parquet', extension: 'parquet', table: featuresParquet, maxValues: undefined },
  { format: 'CSV', extension: 'csv', table: featuresCsv, maxValues: undefined },
  // Each part fits the value budget, their union (3,400 rows) does not: the merge keeps the very
  // sample a sequential pass keeps (merge-profiles.ts), so the sampled report is identical too.
  { format: 'Parquet (sampled)', extension: 'parquet', table: featuresParquet, maxValues: 1000 },
])('the fan-out over a $format snapshot of part files', ({ extension, table, maxValues }) => {
  const snapshotId = '2026-11-28T11';
  const snapshotFolder = `${PREFIX}snapshots/${snapshotId}/`;

  beforeEach(async () => {
    await put(`${PREFIX}baseline/features.${extension}`, table(3000, 1, false));
    // Part names sort differently as text and as numbers, and a writer marker sits among them.
    for (const [i, part] of ['part-0', 'part-1', 'part-10', 'part-2'].entries()) {
      await put(`${snapshotFolder}${part}.${extension}`, table(700 + 100 * i, 10 + i, i >= 2));
    }
    await put(`${snapshotFolder}_SUCCESS`, '');
  });

  it('reports exactly what the single-Lambda check reports: same report, metrics and alert', {
    timeout: 30_000,
  }, async () => {
    const single = await runMonitorCheck(deps(null, maxValues));
    expect(single).toMatchObject({ snapshotId, alreadyReported: false });
    const reportKey = `${PREFIX}reports/${snapshotId}/report.json`;
    const singleReport = await readJson(reportKey);
    const singleState = await readJson(`${PREFIX}state.json`);
    const singleAlerts = alerts.splice(0);
    const singleMetrics = metrics.splice(0);
    await clearPrefix(`${PREFIX}reports/`);
    await s3.send(new DeleteObjectCommand({ Bucket: aws.bucket, Key: `${PREFIX}state.json` }));

    const fanOutDeps = deps({ maxParts: 3 }, maxValues);
    const summary = await runMonitorCheck(fanOutDeps);
    expect(summary).toMatchObject({ status: 'fanned-out', snapshotId, reportKey: null, alert: null });
    expect(started).toEqual([
      {
        monitor: MONITOR,
        snapshotId,
        checkedAt: new Date(CLOCK).toISOString(),
        dataBucket: aws.bucket,
        snapshotFolder,
      },
    ]);
    // The check itself wrote nothing: the reduce step does.
    expect(await readJson(`${PREFIX}state.json`)).toBeNull();
    expect(await readJson(reportKey)).toBeNull();
    // Only the run's heartbeat, as the single-Lambda run put after its check metrics.
    const heartbeat = metrics.splice(0);
    expect(heartbeat).toEqual([[expect.objectContaining({ MetricName: 'CheckRan', Value: 1 })]]);
    expect(singleMetrics.at(-1)).toEqual(heartbeat[0]);

    const reduced = await runStateMachine(started[0], fanOutDeps);
    expect(reduced).toMatchObject({ status: single.status, reportKey, alreadyReported: false });
    const partials = await store.list(`${PREFIX}cache/parts/${snapshotId}/`);
    // One partial profile and one row sample per part file, numbered by listing index; `_SUCCESS`
    // (listed first: "_" < "p") has neither.
    expect(partials.map((object) => object.key.slice(object.key.lastIndexOf('/') + 1))).toEqual(
      [1, 2, 3, 4].flatMap((n) => [
        `${n}.bin`,
        expect.stringMatching(new RegExp(`^${n}\\.rows-[0-9a-f]{16}\\.bin$`)),
      ]),
    );
    const fannedReport = (await readJson(reportKey)) as { current: { rowCount: number; sources: string[] } };
    expect(fannedReport.current.rowCount).toBe(700 + 800 + 900 + 1000);
    expect(fannedReport.current.sources).toEqual(
      ['part-0', 'part-1', 'part-10', 'part-2'].map(
        (p) => `s3://${aws.bucket}/${snapshotFolder}${p}.${extension}`,
      ),
    );
    expectClose(fannedReport, singleReport);
    expectClose(await readJson(`${PREFIX}state.json`), singleState);
    expectClose(alerts, singleAlerts);
    expectClose(metrics, singleMetrics.slice(0, -1));

    // Every S3 call each step made is one its role's policy in the template allows.
    for (const [role, labels] of Object.entries(calls)) {
      expect(labels.length, role).toBeGreaterThan(0);
      const statements = roleStatements(`${role}Role`);
      expect(
        labels.filter((label) => allowingStatement(statements, apiCallOf(label)) === undefined),
        role,
      ).toEqual([]);
    }
    // ... and no wider: a part profiler may not write reports or read the baseline.
    const partStatements = roleStatements('FanOutProfilePartRole');
    expect(
      allowingStatement(partStatements, apiCallOf(`PutObject s3://${aws.bucket}/${reportKey}`)),
    ).toBeUndefined();
    expect(
      allowingStatement(
        partStatements,
        apiCallOf(`GetObject s3://${aws.bucket}/${PREFIX}baseline/features.csv`),
      ),
    ).toBeUndefined();

    // A repeated reduce (Step Functions retries, a second execution) does nothing.
    alerts = [];
    const again = await reduceFanOut(fanOutDeps, started[0]);
    expect(again).toMatchObject({ alreadyReported: true, alert: null });
    expect(alerts).toEqual([]);
  });
});

describe('when the check fans out', () => {
  const snapshotId = '2026-11-28T10';

  async function parts(count: number, rows: number): Promise<void> {
    await put(`${PREFIX}baseline/features.csv`, featuresCsv(1500, 1, false));
    for (let i = 0; i < count; i++) {
      await put(`${PREFIX}snapshots/${snapshotId}/part-${i}.csv`, featuresCsv(rows, 20 + i, false));
    }
  }

  it('checks in the Lambda at or below both limits', async () => {
    await parts(3, 300);
    const summary = await runMonitorCheck(deps({ maxParts: 3, maxBytes: '1MB' }));
    expect(started).toEqual([]);
    expect(summary.status).not.toBe('fanned-out');
    expect(await readJson(`${PREFIX}state.json`)).toMatchObject({ lastSnapshotId: snapshotId });
  });

  it('starts the state machine above the part count or above the byte limit', async () => {
    await parts(3, 300);
    expect(await runMonitorCheck(deps({ maxParts: 2 }))).toMatchObject({ status: 'fanned-out' });
    expect(await runMonitorCheck(deps({ maxBytes: '10KB' }))).toMatchObject({ status: 'fanned-out' });
    expect(started.map((request) => request.snapshotId)).toEqual([snapshotId, snapshotId]);
    expect(await readJson(`${PREFIX}state.json`)).toBeNull();
  });

  it('never fans out a snapshot of one file, however large', async () => {
    await put(`${PREFIX}baseline/features.csv`, featuresCsv(1500, 1, false));
    await put(`${PREFIX}snapshots/${snapshotId}.csv`, featuresCsv(1500, 2, false));
    const summary = await runMonitorCheck(deps({ maxParts: 1, maxBytes: '1KB' }));
    expect(started).toEqual([]);
    expect(summary.status).not.toBe('fanned-out');
  });

  it('fails the reduce, writing nothing, when a part has no partial profile at its current ETag', async () => {
    await parts(3, 200);
    const fanOutDeps = deps({ maxParts: 2 });
    await runMonitorCheck(fanOutDeps);
    await runStateMachine(started[0], fanOutDeps).catch(() => {});
    await clearPrefix(`${PREFIX}reports/`);
    await s3.send(new DeleteObjectCommand({ Bucket: aws.bucket, Key: `${PREFIX}state.json` }));
    // The pipeline rewrites part-1 after the map ran: its partial is now stale.
    await put(`${PREFIX}snapshots/${snapshotId}/part-1.csv`, featuresCsv(200, 99, true));
    await expect(reduceFanOut(fanOutDeps, started[0])).rejects.toThrow(
      /no partial profile for monitors\/fraud-model\/snapshots\/2026-11-28T10\/part-1\.csv at its current ETag/,
    );
    expect(await readJson(`${PREFIX}state.json`)).toBeNull();
    expect(await store.list(`${PREFIX}reports/`)).toEqual([]);
  });

  it("says in the report that a fanned-out snapshot's model quality is not measured, never dropping it silently", {
    timeout: 30_000,
  }, async () => {
    await put(`${PREFIX}baseline/features.csv`, classifierCsv(classifierRows(1500, 0.9, 1)));
    for (let i = 0; i < 2; i++) {
      await put(
        `${PREFIX}snapshots/${snapshotId}/part-${i}.csv`,
        classifierCsv(classifierRows(300, 0.6, 20 + i, 1000 * i)),
      );
    }
    const model = { task: 'classification', target: 'label', prediction: 'predicted', metrics: ['accuracy'] };
    const fanOutDeps = deps({ maxParts: 1 }, undefined, model);
    await runMonitorCheck(fanOutDeps);
    await runStateMachine(started[0], fanOutDeps);
    const report = (await readJson(`${PREFIX}reports/${snapshotId}/report.json`)) as DriftReport;
    const performance = report.performance!;
    expect(performance.reference?.rows).toBe(1500);
    expect(performance.current).toBeNull();
    expect(performance.notComputed).toMatch(/^the snapshot was profiled by the fan-out/);
    expect(performance.metrics).toEqual([
      expect.objectContaining({ name: 'accuracy', current: null, degraded: null }),
    ]);
    expect(alerts.map((alert) => alert.reason)).not.toContain('model_degraded');
  });

  it('reports a part that cannot be read as the single-Lambda check does', { timeout: 30_000 }, async () => {
    await parts(2, 300);
    await put(`${PREFIX}snapshots/${snapshotId}/part-9.csv`, 'a,b\n1,2\n');
    const single = await runMonitorCheck(deps(null));
    const singleReport = (await readJson(`${PREFIX}reports/${snapshotId}/report.json`)) as { error: string };
    await clearPrefix(`${PREFIX}reports/`);
    await s3.send(new DeleteObjectCommand({ Bucket: aws.bucket, Key: `${PREFIX}state.json` }));
    const fanOutDeps = deps({ maxParts: 1 });
    await runMonitorCheck(fanOutDeps);
    const reduced = await runStateMachine(started[0], fanOutDeps);
    expect(reduced).toMatchObject({ status: 'error' });
    expect(single.status).toBe('error');
    const fannedReport = (await readJson(`${PREFIX}reports/${snapshotId}/report.json`)) as { error: string };
    expect(fannedReport.error).toBe(singleReport.error);
  });
});

describe('multivariate drift of a fanned-out snapshot', () => {
  const snapshotId = '2026-11-28T12';
  const snapshotFolder = `${PREFIX}snapshots/${snapshotId}/`;
  /** Parts of different sizes, so the merge must weigh them by their rows. */
  const PART_ROWS = [150, 611, 300, 400];

  beforeEach(async () => {
    // Real weather (1,461 rows a side, so turned on), the snapshot's temp_min dealt out again:
    // every column's distribution as in a random split, the temp_max–temp_min pairing broken.
    const { baseline, current } = weatherSplit(1);
    const broken = withShuffledTempMin(current, 2);
    await put(`${PREFIX}baseline/weather.csv`, weatherCsvOf(baseline));
    let first = 0;
    for (const [i, rows] of PART_ROWS.entries()) {
      await put(`${snapshotFolder}part-${i}.csv`, weatherCsvOf(broken.slice(first, first + rows)));
      first += rows;
    }
    expect(first).toBe(current.length);
  });

  async function singleThenFanOut(multivariate: Record<string, unknown>) {
    const single = await runMonitorCheck(deps(null, undefined, undefined, multivariate));
    const reportKey = `${PREFIX}reports/${snapshotId}/report.json`;
    const singleReport = (await readJson(reportKey)) as DriftReport;
    await clearPrefix(`${PREFIX}reports/`);
    await s3.send(new DeleteObjectCommand({ Bucket: aws.bucket, Key: `${PREFIX}state.json` }));
    const fanOutDeps = deps({ maxParts: 2 }, undefined, undefined, multivariate);
    expect(await runMonitorCheck(fanOutDeps)).toMatchObject({ status: 'fanned-out' });
    const reduced = await runStateMachine(started[0], fanOutDeps);
    return {
      single,
      singleReport,
      reduced,
      fannedReport: (await readJson(reportKey)) as DriftReport,
      fanOutDeps,
    };
  }

  it('finds the broken correlation as the single-Lambda check does, from part samples merged through S3', {
    timeout: 60_000,
  }, async () => {
    // Every row kept (sampleRows above the table's rows): the same rows on both paths, so the same
    // statistic but for the order the errors are summed in.
    const { single, singleReport, reduced, fannedReport } = await singleThenFanOut({ enabled: true });
    expect(single).toMatchObject({ status: 'drift' });
    expect(reduced).toMatchObject({ status: 'drift', alert: 'drift' });
    const [one, fanned] = [singleReport.multivariate!, fannedReport.multivariate!];
    expect(fanned).toMatchObject({ drifted: true, rows: { current: 1461, currentTable: 1461 } });
    expect(fanned.error).toBeUndefined();
    expect(Math.abs(fanned.statistic! - one.statistic!)).toBeLessThanOrEqual(1e-12 * one.statistic!);
    expectClose(fannedReport, singleReport);
    // Each part's sample sits beside its partial profile in S3; the state carried none of it.
    const stored = (await store.list(`${PREFIX}cache/parts/${snapshotId}/`)).map((o) =>
      o.key.slice(o.key.lastIndexOf('/') + 1),
    );
    expect(stored.filter((k) => /^\d+\.rows-[0-9a-f]{16}\.bin$/.test(k))).toHaveLength(PART_ROWS.length);
    expect(stored.filter((k) => /^\d+\.bin$/.test(k))).toHaveLength(PART_ROWS.length);
  });

  it('agrees with the single-Lambda statistic within sampling noise when the parts are sampled', {
    timeout: 60_000,
  }, async () => {
    // 500 of 1,461 rows kept: each path keeps other rows (one reservoir against per-part reservoirs
    // merged), so the statistics differ by sampling alone. Two means of 500 rows drawn without
    // replacement from the same 1,461 differ by about √2·√(1 − 500/1461) ≈ 1.15 standard errors
    // of a 500-row mean, which the band's chunk std estimates: allowed 4 of them.
    const { singleReport, reduced, fannedReport } = await singleThenFanOut({
      enabled: true,
      sampleRows: 500,
    });
    const [one, fanned] = [singleReport.multivariate!, fannedReport.multivariate!];
    expect(reduced).toMatchObject({ status: 'drift' });
    expect(one).toMatchObject({ drifted: true, rows: { current: 500, currentTable: 1461 } });
    expect(fanned).toMatchObject({ drifted: true, rows: { current: 500, currentTable: 1461 } });
    expect(fanned.threshold).toEqual(one.threshold);
    expect(fanned.statistic).not.toBe(one.statistic);
    expect(Math.abs(fanned.statistic! - one.statistic!)).toBeLessThanOrEqual(4 * one.chunks!.std);
  });

  it.each([
    ['missing', null, /row sample is missing/],
    ['corrupt', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9]), /not a row sample/],
  ])(
    "fails the reduce, writing nothing, when a part's row sample is %s",
    { timeout: 60_000 },
    async (_what, body, message) => {
      const fanOutDeps = deps({ maxParts: 2 }, undefined, undefined, { enabled: true });
      await runMonitorCheck(fanOutDeps);
      const partStore = store;
      // The map step alone: every part profiled, then one sample damaged before the reduce.
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: aws.bucket, Prefix: snapshotFolder }));
      for (const [index, object] of (listed.Contents ?? []).entries()) {
        await profilePart(
          { monitor: fanOutDeps.monitor, dataStore: partStore, stateStore: partStore },
          partItemSchema.parse({
            request: started[0],
            object: { Key: object.Key, Size: object.Size, Etag: object.ETag },
            index,
          }),
        );
      }
      const sampleKey = (await store.list(`${PREFIX}cache/parts/${snapshotId}/`))
        .map((o) => o.key)
        .find((k) => k.includes('.rows-'))!;
      if (body === null) await s3.send(new DeleteObjectCommand({ Bucket: aws.bucket, Key: sampleKey }));
      else await put(sampleKey, body);
      await expect(reduceFanOut(fanOutDeps, started[0])).rejects.toThrow(message);
      await expect(reduceFanOut(fanOutDeps, started[0])).rejects.toThrow(sampleKey);
      expect(await readJson(`${PREFIX}state.json`)).toBeNull();
      expect(await store.list(`${PREFIX}reports/`)).toEqual([]);
    },
  );
});
