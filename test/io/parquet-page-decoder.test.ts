import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RecordBatch } from '../../lambdas/core/columns.ts';
import { Profiler } from '../../lambdas/core/profile/profiler.ts';
import { profileToJson } from '../../lambdas/core/profile/serialize-profile.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { ParquetReader } from '../../lambdas/io/parquet-reader.ts';
import { cellsOf, FIXTURES } from './fixture-truth.ts';

/** Every Parquet fixture: codecs, data page v2, nested, writers, parts, compat data, the bad corpus. */
function parquetFixtures(dir: string = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return parquetFixtures(path);
    return entry.name.endsWith('.parquet') ? [path] : [];
  });
}

interface Outcome {
  readonly batches: RecordBatch[];
  readonly error: string | null;
}

/** With `reuseBuffers`, each batch is copied as it arrives: the next one may overwrite its arrays. */
async function readAll(path: string, fastPath: boolean, reuseBuffers = false): Promise<Outcome> {
  const batches: RecordBatch[] = [];
  try {
    const reader = await ParquetReader.open(new LocalFileSource(path, 'f.parquet'), {
      fastPath,
      reuseBuffers,
    });
    for await (const batch of reader.batches()) batches.push(reuseBuffers ? structuredClone(batch) : batch);
    return { batches, error: null };
  } catch (error) {
    return { batches, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Bit patterns of numbers, so NaN payloads, -0 and every ulp count. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    const view = new DataView(new ArrayBuffer(16));
    view.setFloat64(0, a);
    view.setFloat64(8, b);
    return view.getBigUint64(0) === view.getBigUint64(8) || (Number.isNaN(a) && Number.isNaN(b));
  }
  return Object.is(a, b);
}

const files = parquetFixtures().map((path) => relative(FIXTURES, path));

describe('typed Parquet page decoder', () => {
  it.each(files)(
    'reads the same when it reuses its arrays from one row group to the next: %s',
    async (name) => {
      const path = join(FIXTURES, name);
      const reused = await readAll(path, true, true);
      const fresh = await readAll(path, true);
      expect(reused.error).toBe(fresh.error);
      expect(reused.batches).toEqual(fresh.batches);
    },
  );

  it('decodes the next row group into the same arrays when asked to reuse them', async () => {
    const path = join(FIXTURES, 'parquet', 'hyparquet-writer-snappy.parquet');
    const reader = await ParquetReader.open(new LocalFileSource(path, 'f.parquet'), { reuseBuffers: true });
    const buffers: ArrayBufferLike[] = [];
    for await (const batch of reader.batches()) {
      const score = batch.columns.get('score');
      if (score?.type === 'number') buffers.push(score.values.buffer);
    }
    expect(buffers.length).toBeGreaterThan(2);
    expect(new Set(buffers).size).toBe(1);
  });

  it.each(files)('gives the same cells as the hyparquet path, bit for bit: %s', async (name) => {
    const path = join(FIXTURES, name);
    const fast = await readAll(path, true);
    const library = await readAll(path, false);
    expect(fast.error).toBe(library.error);
    expect(fast.batches.length).toBe(library.batches.length);
    for (const [b, expected] of library.batches.entries()) {
      const actual = fast.batches[b];
      expect(actual.rowCount).toBe(expected.rowCount);
      expect(actual.firstRow).toBe(expected.firstRow);
      // The same columns in error, in the same words up to the detail (each path names the damage it met).
      const wording = (errors: ReadonlyMap<string, string> | undefined) =>
        [...(errors ?? new Map<string, string>())].map(([column, message]) => [
          column,
          message.replace(/ \(.*$/s, ''),
        ]);
      expect(wording(actual.columnErrors)).toEqual(wording(expected.columnErrors));
      expect([...actual.columns.keys()]).toEqual([...expected.columns.keys()]);
      for (const [column, values] of expected.columns) {
        const want = cellsOf(values);
        const got = cellsOf(actual.columns.get(column)!);
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) {
          if (!same(got[i], want[i])) expect(got[i], `${column} row ${i + 1}`).toBe(want[i]);
        }
      }
    }
  });

  it('decodes dictionary-encoded strings to codes and numbers to Float64Arrays without the library', async () => {
    const { batches } = await readAll(join(FIXTURES, 'parquet', 'duckdb-snappy.parquet'), true);
    const types = new Set(batches.flatMap((batch) => [...batch.columns.values()].map((c) => c.type)));
    expect(types.has('dictionary')).toBe(true);
    const library = await readAll(join(FIXTURES, 'parquet', 'duckdb-snappy.parquet'), false);
    const libraryTypes = new Set(library.batches.flatMap((b) => [...b.columns.values()].map((c) => c.type)));
    expect(libraryTypes.has('dictionary')).toBe(false);
  });

  it('splits a wide row group into pieces of columns that profile exactly like one batch', async () => {
    const profileWith = async (maxBatchBytes?: number) => {
      const path = join(FIXTURES, 'parquet', 'duckdb-snappy.parquet');
      const reader = await ParquetReader.open(new LocalFileSource(path, 'f.parquet'), { maxBatchBytes });
      const profiler = new Profiler();
      for (const column of await reader.schema()) profiler.declare(column.name, column.sourceType);
      let pieces = 0;
      for await (const batch of reader.batches()) {
        pieces++;
        profiler.add(batch);
      }
      return { pieces, profile: profileToJson(profiler.finish()) };
    };
    const whole = await profileWith();
    const split = await profileWith(1);
    expect(split.pieces).toBeGreaterThan(whole.pieces);
    expect(split.profile).toBe(whole.profile);
  });
});
