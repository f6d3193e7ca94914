import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell, RecordBatch } from '../../../lambdas/core/columns.ts';
import { type NumericSummary, sortValuesInPlace } from '../../../lambdas/core/profile/numeric-summary.ts';
import type { Profile } from '../../../lambdas/core/profile/profile.ts';
import { Profiler } from '../../../lambdas/core/profile/profiler.ts';
import {
  looksLikeSavedProfile,
  ProfileFormatError,
  profileFromBytes,
  profileFromJson,
  profileToBytes,
  profileToJson,
} from '../../../lambdas/core/profile/serialize-profile.ts';

function profileOf(cells: Cell[], numbers: number[], maxValues: number): Profile {
  const profiler = new Profiler({ sampling: { maxValues, maxDistinct: 8 }, maxCategories: 50, seed: 11 });
  profiler.declare('mixed', 'untyped');
  profiler.declare('amount', 'double');
  const batch: RecordBatch = {
    source: 'a.csv',
    firstRow: 1,
    rowCount: Math.min(cells.length, numbers.length),
    columns: new Map([
      ['mixed', { type: 'cells', values: cells.slice(0, numbers.length) }],
      [
        'amount',
        {
          type: 'number',
          values: Float64Array.from(numbers.slice(0, cells.length)),
          nulls: new Uint8Array(Math.min(cells.length, numbers.length)),
        },
      ],
    ]),
  };
  profiler.add(batch);
  return profiler.finish();
}

/** Kept values as their bit patterns, so -0, NaN payloads and subnormals compare exactly. */
function bits(summary: NumericSummary): string[] {
  const words = new BigUint64Array(Float64Array.from(summary.values.subarray(0, summary.size)).buffer);
  return [...words].map((w) => w.toString(16));
}

function sampleProfile(): Profile {
  return profileOf(
    ['0.1', '1e-300', 'NaN', null, 'red', '-0', '5e-324', '2024-01-02', 'inf'],
    [0.1, -0, 5e-324, 123456789012.5, -2.5, 3, 3, 3, 1e-310],
    1000,
  );
}

const cell = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constantFrom('NaN', 'inf', '-inf', 'red', 'green', 'true', '2024-01-02', '2024-03-04T05:06:07Z', ''),
  fc.double({ min: -1e12, max: 1e12, noNaN: true }).map(String),
);
const number = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 3 }));

describe('profileToBytes / profileFromBytes', () => {
  it('round-trips a profile made by the Profiler, kept values bit for bit and everything else equal', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { maxLength: 60 }),
        fc.array(number, { maxLength: 60 }),
        fc.integer({ min: 1, max: 80 }),
        (cells, numbers, maxValues) => {
          const profile = profileOf(cells, numbers, maxValues);
          const bytes = profileToBytes(profile);
          const read = profileFromBytes(bytes, 'p.bin');
          for (const [i, column] of profile.columns.entries()) {
            expect(bits(read.columns[i].numbers)).toEqual(bits(column.numbers));
            expect(bits(read.columns[i].datetimes)).toEqual(bits(column.datetimes));
          }
          // The version-1 text covers every other field; both formats must agree on it.
          expect(profileToJson(read)).toBe(profileToJson(profile));
          expect(profileToBytes(read)).toEqual(bytes);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('maps kept values as aligned views of the container buffer instead of copying them', () => {
    const bytes = profileToBytes(sampleProfile());
    const read = profileFromBytes(bytes, 'p.bin');
    const amount = read.columns.find((c) => c.name === 'amount')!.numbers;
    expect(amount.values.buffer).toBe(bytes.buffer);
    expect(amount.values.byteOffset % 8).toBe(0);
    expect(bits(amount)).toEqual(bits(sampleProfile().columns[1].numbers));
  });

  it('reads a container that sits at an unaligned offset inside a larger buffer', () => {
    const bytes = profileToBytes(sampleProfile());
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    const read = profileFromBytes(shifted.subarray(3), 'p.bin');
    expect(profileToJson(read)).toBe(profileToJson(sampleProfile()));
  });

  it('still reads a version-1 JSON profile, told apart by its first bytes', () => {
    const text = profileToJson(sampleProfile());
    const read = profileFromBytes(new TextEncoder().encode(text), 'old.json');
    expect(profileToJson(read)).toBe(text);
    expect(looksLikeSavedProfile(new TextEncoder().encode(text))).toBe(true);
    expect(looksLikeSavedProfile(profileToBytes(sampleProfile()))).toBe(true);
    expect(looksLikeSavedProfile(new TextEncoder().encode('a,b\n1,2\n'))).toBe(false);
    expect(looksLikeSavedProfile(new TextEncoder().encode('{"a":1}'))).toBe(false);
  });

  it('says a container cut short at any byte is truncated, naming the file', () => {
    const bytes = profileToBytes(sampleProfile());
    for (let length = 1; length < bytes.byteLength; length++) {
      expect(() => profileFromBytes(bytes.subarray(0, length), 's3://b/cache/p.bin')).toThrow(
        /^s3:\/\/b\/cache\/p\.bin: truncated profile container/,
      );
    }
  });

  it('rejects a container with bytes appended after its data', () => {
    const bytes = profileToBytes(sampleProfile());
    const longer = new Uint8Array(bytes.byteLength + 8);
    longer.set(bytes);
    expect(() => profileFromBytes(longer, 'p.bin')).toThrow(
      /p\.bin: garbled profile container \(8 bytes after/,
    );
  });

  it('rejects a garbled header with ProfileFormatError naming the file', () => {
    const bytes = profileToBytes(sampleProfile());
    const garbled = bytes.slice();
    garbled[16] = 0x21; // the header's opening brace
    expect(() => profileFromBytes(garbled, 'p.bin')).toThrow(ProfileFormatError);
    expect(() => profileFromBytes(garbled, 'p.bin')).toThrow(/^p\.bin: garbled profile container header/);
  });

  it('rejects a section pointing outside the data area', () => {
    const profile = sampleProfile();
    const bytes = profileToBytes(profile);
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    const header = new TextDecoder().decode(bytes.subarray(16, 16 + headerLength));
    // Same length text (the offset's digits all 9s), so the preamble stays valid.
    const bad = header.replace(
      /"offset":(\d+)/,
      (_m, digits: string) => `"offset":${'9'.repeat(digits.length)}`,
    );
    expect(bad).not.toBe(header);
    const garbled = bytes.slice();
    garbled.set(new TextEncoder().encode(bad), 16);
    expect(() => profileFromBytes(garbled, 'p.bin')).toThrow(
      /p\.bin column .*values section 9+\+\d+×8 is outside/,
    );
  });

  it('keeps values sorted in place as sorted: read back with `sorted` set, arrival order otherwise', () => {
    const sorted = sampleProfile();
    for (const column of sorted.columns) if (column.numbers.size > 1) sortValuesInPlace(column.numbers);
    const back = profileFromBytes(profileToBytes(sorted));
    const amount = back.columns.find((c) => c.name === 'amount')?.numbers;
    expect(amount?.sorted).toBeDefined();
    expect([...(amount?.sorted ?? [])]).toEqual([...(amount?.values ?? [])].sort((a, b) => a - b));
    const unsorted = profileFromBytes(profileToBytes(sampleProfile()));
    expect(unsorted.columns.every((c) => c.numbers.sorted === undefined)).toBe(true);
  });

  it('rejects values marked ascending that are not', () => {
    const profile = sampleProfile();
    const bytes = profileToBytes(profile);
    const headerLength = new DataView(bytes.buffer).getUint32(8, true);
    const header = new TextDecoder().decode(bytes.subarray(16, 16 + headerLength));
    // "amount" arrives as 0.1, -0, ...: claiming ascending order is a lie the reader must catch.
    const amountAt = header.indexOf('"name":"amount"');
    const lengthAt = header.indexOf('"length":9', amountAt);
    expect(lengthAt).toBeGreaterThan(-1);
    const withFlag = `${header.slice(0, lengthAt)}"length":9,"ascending":true${header.slice(lengthAt + 10)}`;
    const rebuilt = new TextEncoder().encode(withFlag);
    const out = new Uint8Array(bytes.length + 64);
    out.set(bytes.subarray(0, 16));
    new DataView(out.buffer).setUint32(8, rebuilt.length, true);
    out.set(rebuilt, 16);
    const dataStart = Math.ceil((16 + headerLength) / 8) * 8;
    const newStart = Math.ceil((16 + rebuilt.length) / 8) * 8;
    out.fill(0x20, 16 + rebuilt.length, newStart);
    out.set(bytes.subarray(dataStart), newStart);
    expect(() => profileFromBytes(out.subarray(0, newStart + bytes.length - dataStart), 'p.bin')).toThrow(
      /p\.bin .*marked ascending are not/,
    );
  });

  it('refuses another container version with a message that says what to do', () => {
    const bytes = profileToBytes(sampleProfile());
    new DataView(bytes.buffer).setUint16(6, 3, true);
    expect(() => profileFromBytes(bytes, 'new.bin')).toThrow(
      /new\.bin: profile container version 3 is not 2; rebuild it/,
    );
  });

  it('rejects bytes that are neither a container nor JSON', () => {
    expect(() => profileFromBytes(new TextEncoder().encode('a,b\n1,2\n'), 'x.csv')).toThrow(
      /^x\.csv: not a driftwatch profile/,
    );
    expect(() => profileFromBytes(new Uint8Array(0), 'empty')).toThrow(/^empty: not a driftwatch profile/);
    expect(() => profileFromJson('{"format":"driftwatch-profile","version":2}', 'p.json')).toThrow(
      /p\.json: profile version 2 is not 1/,
    );
  });
});
