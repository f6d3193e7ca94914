import { describe, expect, it } from 'vitest';
import { checkTableObjects, groupSnapshots } from '../../lambdas/check/snapshots.ts';
import type { StoredObject } from '../../lambdas/io/snapshot-store.ts';

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
