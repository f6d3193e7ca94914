import { describe, expect, it } from 'vitest';
import type { Profile } from '../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../lambdas/core/profile/profiler.ts';
import { profileToJson } from '../../lambdas/core/profile/serialize-profile.ts';
import {
  type PartialProfile,
  PartialProfileError,
  partialFromBytes,
  partialToBytes,
} from '../../lambdas/fanout/partial-profile.ts';

function partProfile(): Profile {
  const profiler = new Profiler();
  profiler.declare('x', 'untyped');
  profiler.add({
    source: 's3://b/snap/part-0.csv',
    firstRow: 1,
    rowCount: 6,
    columns: new Map([['x', { type: 'cells', values: ['0.1', '-0', '1e-300', 'red', null, '7'] }]]),
  });
  return profiler.finish();
}

const withProfile: PartialProfile = {
  key: 'snap/part-0.csv',
  etag: '"e1"',
  profile: partProfile(),
  error: null,
};

describe('partial profiles', () => {
  it('round-trip a part profile, its kept values viewed in place at an 8-byte boundary', () => {
    const bytes = partialToBytes(withProfile);
    const read = partialFromBytes(bytes, 's3://b/parts/0.bin');
    expect([read.key, read.etag, read.error]).toEqual(['snap/part-0.csv', '"e1"', null]);
    expect(profileToJson(read.profile!)).toBe(profileToJson(withProfile.profile!));
    const values = read.profile!.columns[0].numbers.values;
    expect(values.buffer).toBe(bytes.buffer);
    expect(values.byteOffset % 8).toBe(0);
  });

  it('round-trip a part that could not be read, with its error and no profile', () => {
    const failed: PartialProfile = {
      key: 'snap/part-1.csv',
      etag: '"e2"',
      profile: null,
      error: { source: 's3://b/snap/part-1.csv', location: 'line 3', problem: 'expected 2 fields, found 1' },
    };
    expect(partialFromBytes(partialToBytes(failed), 'p')).toEqual(failed);
  });

  it('says a partial cut short is truncated, naming the object', () => {
    const bytes = partialToBytes(withProfile);
    for (const length of [10, 40, bytes.byteLength - 1]) {
      expect(() => partialFromBytes(bytes.subarray(0, length), 's3://b/parts/0.bin')).toThrow(
        /^s3:\/\/b\/parts\/0\.bin: truncated driftwatch-partial-profile/,
      );
    }
  });

  it('rejects what is not a partial profile', () => {
    expect(() => partialFromBytes(new TextEncoder().encode('{"format":"x"}'), 'p.json')).toThrow(
      PartialProfileError,
    );
    const garbled = partialToBytes(withProfile);
    garbled[16] = 0x5b;
    expect(() => partialFromBytes(garbled, 'p.bin')).toThrow(/^p\.bin: garbled header/);
  });
});
