import { beforeAll, describe, expect, it } from 'vitest';
import type { PartResult } from '../../lambdas/fanout/profile-part.ts';
import { type FanOutRequest, partialProfileKey } from '../../lambdas/monitor-check/fan-out-request.ts';
import {
  type AslDefinition,
  type AslState,
  fanOutDefinition,
  jsonPathValue,
  selectItem,
} from '../support/state-machine-definition.ts';

/**
 * "Maximum input or output size for a task, state, or execution: 256 KiB of data as a UTF-8
 * encoded string" (Step Functions developer guide, "Step Functions service quotas"); above it a
 * state fails with States.DataLimitExceeded.
 */
const STATE_PAYLOAD_LIMIT = 256 * 1024;
const PARTS = 10_000;

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** An execution input as long as names allow: a 63-character bucket, a Spark-style folder. */
const request: FanOutRequest = {
  monitor: 'fraud-model-eu-central-production',
  snapshotId: 'run-2026-12-06T07-00-00Z',
  checkedAt: '2026-12-06T07:00:00.000Z',
  dataBucket: 'analytics-feature-snapshots-production-eu-central-1-0123456789',
  snapshotFolder: 'monitors/fraud-model-eu-central-production/snapshots/run-2026-12-06T07-00-00Z/',
};
const prefix = 'monitors/fraud-model-eu-central-production/';

/**
 * The items the S3 item reader gives the map, as Step Functions lists objects
 * (`{Etag, Key, LastModified, Size, StorageClass}`, LastModified in epoch seconds; developer
 * guide, "ItemReader (Map)"), for Spark-named part files.
 */
function listedParts(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => ({
    Etag: `"${i.toString(16).padStart(32, 'f')}"`,
    Key: `${request.snapshotFolder}part-${String(i).padStart(5, '0')}-4c9f7a52-0d1e-4b8a-9f3c-2e6d8a1b7c40-c000.snappy.parquet`,
    LastModified: 1796540400,
    Size: 134_217_728,
    StorageClass: 'STANDARD',
  }));
}

/** What the profile-part Lambda returns for item `index` (the PartResult shape, largest row count). */
function partOutput(item: { Key: string }, index: number): PartResult {
  return {
    key: item.Key,
    partialKey: partialProfileKey(prefix, request.snapshotId, index),
    rows: Number.MAX_SAFE_INTEGER,
  };
}

/**
 * The payloads one Distributed Map state produces: each child's input (ItemSelector), the
 * state's result — the Map Run ARN and the manifest's location when a ResultWriter exports the
 * outputs, otherwise the array of every child's output (the COMPACT transformation, the default
 * without a ResultWriter; developer guide, "ResultWriter (Map)") — and its output after ResultPath.
 */
function mapPayloads(map: AslState, input: unknown, items: readonly unknown[]) {
  if (map.ResultSelector !== undefined) throw new Error('ResultSelector is not simulated');
  const childInputs = items.map((item, index) => selectItem(map.ItemSelector!, input, item, index));
  const result = map.ResultWriter?.Resource
    ? {
        MapRunArn: `arn:aws:states:eu-west-1:123456789012:mapRun:${'m'.repeat(80)}/ProfileParts:0f3c2e6d-8a1b-4c40-9f7a-520d1e4b8a9f`,
        ResultWriterDetails: {
          Bucket: 'driftwatch-snapshotsbucket0123456789-abcdefghijkl',
          Key: `${String(map.ResultWriter.Parameters?.Prefix ?? '')}0f3c2e6d-8a1b-4c40-9f7a-520d1e4b8a9f/manifest.json`,
        },
      }
    : items.map((item, index) => partOutput(item as { Key: string }, index));
  const output =
    map.ResultPath === null
      ? input
      : map.ResultPath === undefined || map.ResultPath === '$'
        ? result
        : { ...(input as object), [map.ResultPath.replace(/^\$\./, '')]: result };
  return { largestChildInput: Math.max(...childInputs.map(bytes)), result: bytes(result), output };
}

let definition: AslDefinition;
beforeAll(() => {
  definition = fanOutDefinition();
}, 120_000);

describe(`the fan-out of a ${PARTS.toLocaleString('en')}-part snapshot`, () => {
  it('keeps every state payload under 256 KiB', () => {
    const map = definition.States[definition.StartAt];
    expect(map.Type).toBe('Map');
    const payloads = mapPayloads(map, request, listedParts(PARTS));
    expect(bytes(request)).toBeLessThanOrEqual(STATE_PAYLOAD_LIMIT);
    expect(payloads.largestChildInput).toBeLessThanOrEqual(STATE_PAYLOAD_LIMIT);
    expect(payloads.result).toBeLessThanOrEqual(STATE_PAYLOAD_LIMIT);
    // The reduce step's input is the map's output: the execution input again.
    const reduce = definition.States[map.Next!];
    expect(reduce.Type).toBe('Task');
    expect(bytes(payloads.output)).toBeLessThanOrEqual(STATE_PAYLOAD_LIMIT);
    expect(jsonPathValue(payloads.output, '$.snapshotFolder')).toBe(request.snapshotFolder);
  });

  it("would exceed 256 KiB if the map gathered its children's outputs (no ResultWriter)", () => {
    const { ResultWriter: _exported, ...gathering } = definition.States[definition.StartAt];
    expect(mapPayloads(gathering, request, listedParts(PARTS)).result).toBeGreaterThan(STATE_PAYLOAD_LIMIT);
    // ... as it already does at 1,500 parts named like these.
    expect(mapPayloads(gathering, request, listedParts(1_500)).result).toBeGreaterThan(STATE_PAYLOAD_LIMIT);
  });
});
