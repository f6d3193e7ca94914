import fc from 'fast-check';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { describe, expect, it } from 'vitest';
import { readHybrid } from '../../lambdas/io/rle-hybrid.ts';

type Run = { kind: 'rle'; value: number; count: number } | { kind: 'packed'; values: number[] };

function varint(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
  return out;
}

/** The Parquet spec's encoding, written out independently: LSB-first bit packing in groups of 8. */
function encode(runs: readonly Run[], width: number): number[] {
  const out: number[] = [];
  for (const run of runs) {
    if (run.kind === 'rle') {
      out.push(...varint(run.count * 2));
      for (let i = 0; i < (width + 7) >> 3; i++) out.push(Math.floor(run.value / 2 ** (8 * i)) % 256);
    } else {
      const groups = Math.ceil(run.values.length / 8);
      out.push(...varint(groups * 2 + 1));
      const bits: number[] = [];
      for (let k = 0; k < groups * 8; k++) {
        const v = run.values[k] ?? 0;
        for (let b = 0; b < width; b++) bits.push(Math.floor(v / 2 ** b) % 2);
      }
      for (let i = 0; i < bits.length; i += 8) {
        let byte = 0;
        for (let b = 0; b < 8; b++) byte |= bits[i + b] << b;
        out.push(byte);
      }
    }
  }
  return out;
}

const scenario = fc.integer({ min: 1, max: 30 }).chain((width) =>
  fc.record({
    width: fc.constant(width),
    runs: fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant('rle' as const),
          value: fc.integer({ min: 0, max: 2 ** width - 1 }),
          count: fc.integer({ min: 1, max: 300 }),
        }),
        fc.record({
          kind: fc.constant('packed' as const),
          values: fc.array(fc.integer({ min: 0, max: 2 ** width - 1 }), { minLength: 1, maxLength: 64 }),
        }),
      ),
      { minLength: 1, maxLength: 12 },
    ),
    trailing: fc.integer({ min: 0, max: 5 }),
    cut: fc.integer({ min: 0, max: 40 }),
    prefixed: fc.boolean(),
  }),
);

function decode(
  read: typeof readHybrid,
  bytes: Uint8Array,
  width: number,
  outputLength: number,
  prefixed: boolean,
): { output: number[]; offset: number } | { error: string } {
  const output = width <= 8 ? new Uint8Array(outputLength) : new Int32Array(outputLength);
  const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
  try {
    read(reader, width, output, prefixed ? undefined : bytes.length);
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { output: [...output], offset: reader.offset };
}

describe('readHybrid (RLE / bit-packed hybrid)', () => {
  it('decodes exactly as hyparquet does (values, where the reader ends) and fails where it fails', () => {
    fc.assert(
      fc.property(scenario, ({ width, runs, trailing, cut, prefixed }) => {
        const body = [...encode(runs, width), ...new Array(trailing).fill(0)];
        const total = runs.reduce(
          (sum, run) => sum + (run.kind === 'rle' ? run.count : run.values.length),
          0,
        );
        const framed = prefixed
          ? [...[0, 1, 2, 3].map((i) => (body.length >>> (8 * i)) & 0xff), ...body]
          : body;
        for (const bytes of [
          Uint8Array.from(framed),
          Uint8Array.from(framed.slice(0, Math.max(1, framed.length - cut))),
        ]) {
          for (const outputLength of [total, Math.max(1, total - 5)]) {
            const ours = decode(readHybrid, bytes, width, outputLength, prefixed);
            const theirs = decode(readRleBitPackedHybrid, bytes, width, outputLength, prefixed);
            // Damage is an error on both sides; ours says so before repeating a run's count.
            if ('error' in theirs && width <= 24) expect(ours).toHaveProperty('error');
            else expect(ours).toEqual(theirs);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reads the values that were encoded (widths 1 to 24 on the fast path)', () => {
    fc.assert(
      fc.property(scenario, ({ width, runs }) => {
        fc.pre(width <= 24);
        // A bit-packed run holds whole groups of 8: all but the last run carry their zero padding.
        const expected = runs.flatMap((run, r) => {
          if (run.kind === 'rle') return new Array(run.count).fill(run.value);
          const padded = r === runs.length - 1 ? run.values.length : Math.ceil(run.values.length / 8) * 8;
          return Array.from({ length: padded }, (_, k) => run.values[k] ?? 0);
        });
        const bytes = Uint8Array.from(encode(runs, width));
        expect(decode(readHybrid, bytes, width, expected.length, false)).toEqual({
          output: expected,
          offset: bytes.length,
        });
      }),
      { numRuns: 200 },
    );
  });
});
