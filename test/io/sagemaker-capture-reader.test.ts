import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compare } from '../../lambdas/core/compare.ts';
import { DEFAULT_POLICY } from '../../lambdas/core/policy.ts';
import { sortProfileInPlace } from '../../lambdas/core/profile/sort-profile.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { openTable } from '../../lambdas/io/open-table.ts';
import { profileSources } from '../../lambdas/io/profile-sources.ts';
import { CAPTURE_COLUMNS, sageMakerCaptureReader } from '../../lambdas/io/sagemaker-capture-reader.ts';
import { collect, fixture } from './fixture-truth.ts';

// Fixtures: test/fixtures/capture/, written by make_capture.ts in the documented Data Capture
// record format; each capture-*.jsonl holds the rows of equivalent.csv.
const file = (name: string) => new LocalFileSource(fixture('capture', name), name);
const captureColumns = ['amount', 'age', 'device'];
const equivalent = readFileSync(fixture('capture', 'equivalent.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(','));
const COLUMNS = [
  'amount',
  'age',
  'device',
  CAPTURE_COLUMNS.prediction,
  CAPTURE_COLUMNS.timestamp,
  CAPTURE_COLUMNS.id,
];

function memory(name: string, lines: readonly unknown[]) {
  return {
    name,
    async *stream() {
      yield new TextEncoder().encode(`${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    },
  };
}

/** Cells as text, so CSV-payload strings and JSON numbers compare with the CSV's fields. */
async function rowsOf(name: string, options = { captureColumns }): Promise<string[][]> {
  const reader = sageMakerCaptureReader(file(name), options);
  expect((await reader.schema()).map((column) => column.name)).toEqual(COLUMNS);
  const { columns } = await collect(reader);
  const count = columns.get('id')!.length;
  return Array.from({ length: count }, (_, row) => COLUMNS.map((name) => String(columns.get(name)![row])));
}

describe('sageMakerCaptureReader', () => {
  it.each([
    ['capture-csv.jsonl', 'CSV payloads named by captureColumns'],
    ['capture-json.jsonl', 'JSON payloads named by their keys'],
    ['capture-base64.jsonl', 'BASE64 payloads read by their content type (CSV in, JSON out)'],
  ])('reads %s: %s, output as prediction, inferenceTime and eventId', async (name) => {
    expect(await rowsOf(name)).toEqual(equivalent);
  });

  it('expands requests of several records (JSON instances, multi-line CSV), each with its output', async () => {
    const truth = JSON.parse(
      readFileSync(fixture('capture', 'multi-record.truth.json'), 'utf8'),
    ) as unknown[][];
    expect(truth.length).toBeGreaterThan(40);
    expect(await rowsOf('multi-record.jsonl')).toEqual(truth.map((row) => row.map(String)));
  });

  it('names CSV features _c0, _c1, ... without captureColumns', async () => {
    const reader = sageMakerCaptureReader(file('capture-csv.jsonl'));
    expect((await reader.schema()).map((column) => column.name)).toEqual([
      '_c0',
      '_c1',
      '_c2',
      'prediction',
      'timestamp',
      'id',
    ]);
  });

  it('names the file and line of a corrupt record', async () => {
    await expect(collect(sageMakerCaptureReader(file('corrupt.jsonl'), { captureColumns }))).rejects.toThrow(
      'corrupt.jsonl line 4: endpointInput.data is not valid base64',
    );
  });

  it.each([
    [{ eventVersion: '0' }, 'line 1: no "captureData"; is this a SageMaker Data Capture file?'],
    [
      {
        captureData: {
          endpointInput: { data: '1,2,a', encoding: 'CSV' },
          endpointOutput: { data: '1\n2', encoding: 'CSV' },
        },
      },
      'line 1: endpointOutput holds 2 values for 1 input records',
    ],
    [
      {
        captureData: {
          endpointInput: { data: 'AAAA', encoding: 'BASE64', observedContentType: 'application/x-npy' },
        },
      },
      'line 1: endpointInput is BASE64 of content type "application/x-npy"; only text/csv and application/json payloads are read',
    ],
    [
      { captureData: { endpointInput: { data: '1,2', encoding: 'CSV' } } },
      'line 1: endpointInput has 2 values; captureColumns names 3',
    ],
    [
      { captureData: { endpointInput: { data: '{"id": 1}', encoding: 'JSON' } } },
      'line 1: the feature "id" has the name of the capture\'s id column',
    ],
  ])('refuses %j', async (line, message) => {
    await expect(
      collect(sageMakerCaptureReader(memory('m.jsonl', [line]), { captureColumns })),
    ).rejects.toThrow(`m.jsonl ${message}`);
  });

  it('reads a capture of inputs only without a prediction column', async () => {
    const reader = sageMakerCaptureReader(
      memory('in.jsonl', [
        {
          captureData: { endpointInput: { data: '{"a": 1}', encoding: 'JSON' } },
          eventMetadata: { eventId: 'e1' },
        },
      ]),
    );
    const { columns } = await collect(reader);
    expect([...columns.keys()]).toEqual(['a', 'timestamp', 'id']);
    expect(columns.get('id')).toEqual(['e1']);
  });

  it('is chosen by openTable for JSON Lines files in the sagemaker-capture input format, other files by extension', async () => {
    const reader = await openTable([file('capture-csv.jsonl')], {
      format: 'sagemaker-capture',
      captureColumns,
    });
    expect((await reader.schema()).map((column) => column.name)).toEqual(COLUMNS);
    const csv = await openTable([file('equivalent.csv')], { format: 'sagemaker-capture' });
    expect((await csv.schema()).map((column) => column.name)).toEqual(COLUMNS);
  });

  it('gives the same report as the equivalent CSV', async () => {
    const baseline = await profileSources([file('equivalent.csv')]);
    const viaCsv = await profileSources([file('equivalent.csv')]);
    for (const name of ['capture-csv.jsonl', 'capture-json.jsonl', 'capture-base64.jsonl']) {
      const viaCapture = await profileSources([file(name)], { format: 'sagemaker-capture', captureColumns });
      for (const profile of [baseline, viaCsv, viaCapture]) sortProfileInPlace(profile);
      const fromCsv = compare(baseline, viaCsv, DEFAULT_POLICY);
      const fromCapture = compare(baseline, viaCapture, DEFAULT_POLICY);
      // Sources differ by name only; every number is computed from the same values (exactly equal).
      expect({ ...fromCapture, current: { ...fromCapture.current, sources: [] } }, name).toEqual({
        ...fromCsv,
        current: { ...fromCsv.current, sources: [] },
      });
    }
  });
});
