import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordBatch } from '../../lambdas/core/columns.ts';
import { Profiler } from '../../lambdas/core/profile/profiler.ts';
import { profileToJson } from '../../lambdas/core/profile/serialize-profile.ts';
import { CsvReader } from '../../lambdas/io/csv-reader.ts';
import { parseDecimal } from '../../lambdas/io/csv-scanner.ts';
import { detectFormat } from '../../lambdas/io/format.ts';
import type { ByteStream } from '../../lambdas/io/gzip.ts';
import { gunzipped } from '../../lambdas/io/gzip.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { cellsOf, FIXTURES } from './fixture-truth.ts';

/** Every CSV/TSV fixture, plain or gzipped: delimiters, BOM, CRLF, quoting, parts, compat data, the bad corpus. */
function csvFixtures(dir: string = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return csvFixtures(path);
    return /\.(csv|tsv)(\.gz)?$/.test(entry.name) ? [path] : [];
  });
}

interface Outcome {
  readonly cells: Map<string, unknown[]>;
  readonly rows: number;
  readonly profile: string | null;
  readonly error: string | null;
}

function streamOf(path: string): ByteStream {
  const source = new LocalFileSource(path, 'table.csv');
  return detectFormat(path).gzip ? gunzipped(source) : source;
}

async function readAll(
  stream: ByteStream,
  fastPath: boolean,
  batchRows?: number,
  reuseBuffers = false,
): Promise<Outcome> {
  const cells = new Map<string, unknown[]>();
  const profiler = new Profiler();
  let rows = 0;
  try {
    const reader = new CsvReader(stream, {
      fastPath,
      reuseBuffers,
      ...(stream.name.endsWith('.tsv') ? { delimiter: '\t' } : {}),
      ...(batchRows === undefined ? {} : { batchRows }),
    });
    for (const column of await reader.schema()) profiler.declare(column.name, column.sourceType);
    for await (const batch of reader.batches() as AsyncIterable<RecordBatch>) {
      expect(batch.firstRow).toBe(rows + 1);
      rows += batch.rowCount;
      for (const [name, values] of batch.columns) {
        const list = cells.get(name) ?? [];
        list.push(...cellsOf(values));
        cells.set(name, list);
      }
      profiler.add(batch);
    }
    return { cells, rows, profile: profileToJson(profiler.finish()), error: null };
  } catch (error) {
    return { cells, rows, profile: null, error: error instanceof Error ? error.message : String(error) };
  }
}

function memory(name: string, text: string): ByteStream {
  const bytes = new TextEncoder().encode(text);
  return {
    name,
    // Small chunks, so records and quoted fields straddle chunk boundaries.
    stream: async function* () {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    },
  };
}

const files = csvFixtures().map((path) => relative(FIXTURES, path));

describe('byte-level CSV scanner', () => {
  it.each(files)('gives the same cells, errors and profile as csv-parse: %s', async (name) => {
    const path = join(FIXTURES, name);
    const fast = await readAll(streamOf(path), true, 5);
    const library = await readAll(streamOf(path), false, 5);
    expect(fast.error).toBe(library.error);
    expect(fast.rows).toBe(library.rows);
    expect(fast.cells).toEqual(library.cells);
    expect(fast.profile).toBe(library.profile);
  });

  it.each(files)('reads the same when it reuses its batch buffers: %s', async (name) => {
    const path = join(FIXTURES, name);
    const reused = await readAll(streamOf(path), true, 5, true);
    const fresh = await readAll(streamOf(path), true, 5, false);
    expect(reused).toEqual(fresh);
  });

  it('clears a reused batch: nulls, numbers and text of the last batch do not leak into the next', async () => {
    const text = 'n,s\n1.5,a\n,b\n2.5,\n,\n7,c\n8,d\nx,e\n9,\n';
    const reused = await readAll(memory('z.csv', text), true, 2, true);
    const library = await readAll(memory('z.csv', text), false, 2);
    expect(reused.error).toBeNull();
    expect(reused.cells).toEqual(library.cells);
    expect(reused.profile).toBe(library.profile);
  });

  it('hands over to csv-parse mid-file at a doubled quote, and the whole reads as csv-parse reads it', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${i * 1.5},level_${i % 3}`);
    rows.splice(23, 0, '99,"1.5","say ""hi"""');
    const text = `id,x,label\n${rows.join('\n')}\n`;
    const fast = await readAll(memory('q.csv', text), true, 8);
    const library = await readAll(memory('q.csv', text), false, 8);
    expect(fast.error).toBeNull();
    expect(fast.cells).toEqual(library.cells);
    expect(fast.profile).toBe(library.profile);
    expect(fast.cells.get('label')?.[23]).toBe('say "hi"');
  });

  it('reads quoted fields with delimiters and newlines, CRLF ends, blank lines and null tokens like csv-parse', async () => {
    const text =
      '\ufeffa;b;c\r\n1;"x;y";NA\r\n\r\n2;"line\nbreak";3.5\r\n-0;;1e400\r\n+.5;"";  7 \r\nnan;true;2024-01-02\r\n';
    const fast = await readAll(memory('m.csv', text), true);
    const library = await readAll(memory('m.csv', text), false);
    expect(fast.error).toBeNull();
    expect(fast.cells).toEqual(library.cells);
    expect(fast.profile).toBe(library.profile);
  });

  it('delivers numeric columns as parsed numbers and string columns as dictionary codes', async () => {
    const reader = new CsvReader(memory('t.csv', 'n,s,m\n1.5,red,1\n2,blue,x\n,red,2\n'));
    const types = new Map<string, string>();
    for await (const batch of reader.batches())
      for (const [name, c] of batch.columns) types.set(name, c.type);
    expect(Object.fromEntries(types)).toEqual({ n: 'parsed-numbers', s: 'dictionary', m: 'cells' });
  });

  it('leaves a ragged row to csv-parse, which names the row', async () => {
    const text = 'a,b\n1,2\n3,4\n5\n';
    const fast = await readAll(memory('r.csv', text), true, 1);
    const library = await readAll(memory('r.csv', text), false, 1);
    expect(fast.error).toBe(library.error);
    expect(fast.error).toMatch(/row 3/);
  });

  it('parses decimal text to exactly the double Number() gives', () => {
    const digits = fc.string({
      unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
      maxLength: 25,
    });
    const decimal = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        digits,
        fc.boolean(),
        digits,
        fc.option(
          fc.tuple(
            fc.constantFrom('e', 'E'),
            fc.constantFrom('', '+', '-'),
            fc.integer({ min: 0, max: 400 }),
          ),
        ),
      )
      .map(([sign, whole, dot, fraction, exp]) => {
        const body = dot ? `${whole}.${fraction}` : whole;
        return `${sign}${body}${exp === null ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`;
      });
    fc.assert(
      fc.property(decimal, (text) => {
        const bytes = new TextEncoder().encode(text);
        const parsed = parseDecimal(bytes, 0, bytes.length);
        const valid = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text);
        if (!valid) return Number.isNaN(parsed);
        return Object.is(parsed, Number(text));
      }),
      { numRuns: 3000 },
    );
  });
});
