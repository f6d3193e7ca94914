import { describe, expect, it } from 'vitest';
import type { StoredObject } from '../../lambdas/io/snapshot-store.ts';
import {
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
