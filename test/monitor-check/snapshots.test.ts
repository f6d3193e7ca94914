import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../lambdas/io/snapshot-store.ts';
import {
  captureSnapshots,
  checkTableObjects,
  groupSnapshots,
  partitionByReadiness,
} from '../../lambdas/monitor-check/snapshots.ts';

const object = (key: string, minute = 0): StoredObject => ({
  key,
  size: 10,
  etag: `"${key}"`,
  lastModified: new Date(Date.UTC(2026, 10, 28, 10, minute)),
});

describe('groupSnapshots', () => {
  it('makes one snapshot per file and per folder of parts, sorted by id, newest last', () => {
    const snapshots = groupSnapshots(
      [
        object('m/snapshots/2026-11-28T11/part-00001.parquet', 7),
        object('m/snapshots/2026-11-28T11/part-00000.parquet', 5),
        object('m/snapshots/2026-11-28T11/_SUCCESS', 9),
        object('m/snapshots/2026-11-28T09.csv.gz', 1),
        object('m/snapshots/2026-11-28T10.parquet', 2),
        object('m/snapshots/', 0),
      ],
      'm/snapshots/',
    );
    expect(snapshots.map((s) => s.id)).toEqual(['2026-11-28T09', '2026-11-28T10', '2026-11-28T11']);
    const newest = snapshots[2];
    expect(newest.objects.map((o) => o.key)).toEqual([
      'm/snapshots/2026-11-28T11/part-00000.parquet',
      'm/snapshots/2026-11-28T11/part-00001.parquet',
    ]);
    expect(newest.lastModified.getUTCMinutes()).toBe(7);
  });

  it('ignores a folder that holds only writer markers', () => {
    expect(
      groupSnapshots([object('m/snapshots/x/_SUCCESS'), object('m/snapshots/x/.part.crc')], 'm/snapshots/'),
    ).toEqual([]);
  });
});

describe('checkTableObjects', () => {
  const describeKey = (key: string) => `s3://b/${key}`;

  it('rejects nested folders and formats other than the configured one, naming the object', () => {
    expect(() =>
      checkTableObjects([object('m/snapshots/x/date=1/p.csv')], 'm/snapshots/x/', 'auto', describeKey),
    ).toThrow('s3://b/m/snapshots/x/date=1/p.csv: is in a nested folder');
    expect(() =>
      checkTableObjects([object('m/snapshots/a.csv')], 'm/snapshots/', 'parquet', describeKey),
    ).toThrow("s3://b/m/snapshots/a.csv: is csv but the monitor's format is parquet");
    expect(() =>
      checkTableObjects([object('m/snapshots/a.xlsx')], 'm/snapshots/', 'auto', describeKey),
    ).toThrow(/unknown file type/);
  });
});

describe('partitionByReadiness', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 10, minute));
  const settle = 10 * 60_000;

  it('waits for _SUCCESS once the writer uses markers, however old the parts are', () => {
    const snapshots = groupSnapshots(
      [
        object('m/snapshots/a/part-0.parquet', 1),
        object('m/snapshots/a/_SUCCESS', 2),
        object('m/snapshots/b/part-0.parquet', 3),
      ],
      'm/snapshots/',
    );
    const { ready, pending } = partitionByReadiness(snapshots, at(59), settle);
    expect(ready.map((s) => s.id)).toEqual(['a']);
    expect(pending.map((s) => s.id)).toEqual(['b']);
  });

  it('takes a marker-less folder once nothing in it changed for the settle time', () => {
    const snapshots = groupSnapshots(
      [
        object('m/snapshots/a/part-0.csv', 1),
        object('m/snapshots/b/part-0.csv', 5),
        object('m/snapshots/b/part-1.csv', 6),
      ],
      'm/snapshots/',
    );
    expect(partitionByReadiness(snapshots, at(12), settle).ready.map((s) => s.id)).toEqual(['a']);
    expect(partitionByReadiness(snapshots, at(16), settle).ready.map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('takes a single-file snapshot at once: one PUT writes it whole', () => {
    const snapshots = groupSnapshots(
      [object('m/snapshots/c.parquet', 9), object('m/snapshots/a/_SUCCESS', 1)],
      'm/snapshots/',
    );
    expect(partitionByReadiness(snapshots, at(9), settle).ready.map((s) => s.id)).toEqual(['c']);
  });
});

describe('captureSnapshots', () => {
  const folder = 'm/snapshots/';
  const capture = (hour: number, file: string, minute = 0, variant = 'AllTraffic') =>
    object(`${folder}fraud-endpoint/${variant}/2026/11/28/${String(hour).padStart(2, '0')}/${file}`, minute);
  const describeKey = (key: string) => `s3://b/${key}`;

  it('makes one snapshot per hour folder of Data Capture files, or per day', () => {
    const objects = [capture(9, 'a.jsonl', 5), capture(9, 'b.jsonl', 40), capture(10, 'c.jsonl', 2)];
    const hours = captureSnapshots(objects, folder, 'hour', describeKey);
    expect(hours.map((s) => [s.id, s.objects.length, s.periodEnd?.toISOString()])).toEqual([
      ['2026-11-28T09', 2, '2026-11-28T10:00:00.000Z'],
      ['2026-11-28T10', 1, '2026-11-28T11:00:00.000Z'],
    ]);
    const days = captureSnapshots(objects, folder, 'day', describeKey);
    expect(days.map((s) => [s.id, s.objects.length, s.periodEnd?.toISOString()])).toEqual([
      ['2026-11-28', 3, '2026-11-29T00:00:00.000Z'],
    ]);
  });

  it('counts a period complete once it has ended and nothing changed for the settle time', () => {
    const at = (stored: StoredObject, hour: number, minute: number) => ({
      ...stored,
      lastModified: new Date(Date.UTC(2026, 10, 28, hour, minute)),
    });
    const snapshots = captureSnapshots(
      [at(capture(9, 'a.jsonl'), 9, 50), at(capture(10, 'b.jsonl'), 10, 1)],
      folder,
      'hour',
      describeKey,
    );
    const tenPast10 = new Date(Date.UTC(2026, 10, 28, 10, 10));
    const { ready, settling } = partitionByReadiness(snapshots, tenPast10, 10 * 60_000);
    expect(ready.map((s) => s.id)).toEqual(['2026-11-28T09']);
    expect(settling).toEqual([{ id: '2026-11-28T10', completeAt: '2026-11-28T11:10:00.000Z' }]);
  });

  it('refuses keys outside the Data Capture layout and two endpoint variants in one period', () => {
    expect(() => captureSnapshots([object(`${folder}stray.jsonl`)], folder, 'hour', describeKey)).toThrow(
      's3://b/m/snapshots/stray.jsonl: is not in the Data Capture layout m/snapshots/<endpoint>/<variant>/yyyy/mm/dd/hh/<file>.jsonl',
    );
    expect(() =>
      captureSnapshots(
        [capture(9, 'a.jsonl'), capture(9, 'b.jsonl', 1, 'Shadow')],
        folder,
        'hour',
        describeKey,
      ),
    ).toThrow(
      /capture of fraud-endpoint\/Shadow, but 2026-11-28T09 also holds capture of fraud-endpoint\/AllTraffic/,
    );
  });

  it('lets capture files lie in their hour folders when checked as a table', () => {
    expect(() =>
      checkTableObjects([capture(9, 'a.jsonl')], folder, 'sagemaker-capture', describeKey),
    ).not.toThrow();
    expect(() => checkTableObjects([capture(9, 'a.csv')], folder, 'sagemaker-capture', describeKey)).toThrow(
      "is csv but the monitor's format is sagemaker-capture",
    );
  });
});
