import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RecordBatch } from '../../lambdas/core/columns.ts';
import { Profiler, type ProfilerOptions } from '../../lambdas/core/profile/profiler.ts';
import { profileToJson } from '../../lambdas/core/profile/serialize-profile.ts';
import { CsvReader, type CsvReaderOptions } from '../../lambdas/io/csv-reader.ts';
import { detectFormat } from '../../lambdas/io/format.ts';
import type { ByteStream } from '../../lambdas/io/gzip.ts';
import { gunzipped } from '../../lambdas/io/gzip.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { parseDecimal } from '../../lambdas/io/parse-decimal.ts';
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
  readerOptions: CsvReaderOptions = {},
  profilerOptions: ProfilerOptions = {},
): Promise<Outcome> {
  const cells = new Map<string, unknown[]>();
  const profiler = new Profiler(profilerOptions);
  let rows = 0;
  try {
    const reader = new CsvReader(stream, {
      ...readerOptions,
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

/** `text` as a stream cut at `cuts` (byte offsets, any order, out of range ones ignored). */
function cutAt(name: string, text: string, cuts: readonly number[]): ByteStream {
  const bytes = new TextEncoder().encode(text);
  const ends = [...new Set(cuts.filter((cut) => cut > 0 && cut < bytes.length))].sort((a, b) => a - b);
  ends.push(bytes.length);
  return {
    name,
    stream: async function* () {
      let start = 0;
      for (const end of ends) {
        yield bytes.subarray(start, end);
        start = end;
      }
    },
  };
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

  it('marks parsed numbers written with a leading zero (zip codes), on the fast and the long path', async () => {
    // 0, 0.5 and -0 start with a zero too but are quantities; 0001234567890 is past the inline path's 9 digits.
    const text = 'zip,amount,account\n02134,0,0001234567890\n90210,0.5,1\n00501,-0,2\n';
    const reader = new CsvReader(memory('z.csv', text));
    const marked = new Map<string, boolean>();
    for await (const batch of reader.batches())
      for (const [name, c] of batch.columns)
        marked.set(name, c.type === 'parsed-numbers' && c.leadingZeros === true);
    expect(Object.fromEntries(marked)).toEqual({ zip: true, amount: false, account: true });
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
  it('reads random CSV text exactly as csv-parse does: same cells, row numbers and profile', async () => {
    const digits = (max: number) =>
      fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), maxLength: max });
    // Numbers in the forms a CSV writer or a person produces, and near-numbers that are not.
    const number = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('', '', '-', '+'),
          digits(12),
          fc.boolean(),
          digits(12),
          fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.nat(330))),
        )
        .map(([sign, whole, dot, fraction, exp]) => {
          const body = dot ? `${whole}.${fraction}` : whole;
          return `${sign}${body}${exp === null ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`;
        }),
      fc.double().map(String),
      fc.integer({ min: -1e6, max: 1e6 }).map((n) => (n / 1e3).toFixed(3)),
      fc.constantFrom(
        'NaN',
        'nan',
        'inf',
        '-inf',
        'Infinity',
        '-Infinity',
        '00012',
        '-0',
        '0.000',
        '.5',
        '5.',
        '-.5',
        '1e400',
        '12345678901234567890',
        '123456789.0123456789',
        '9007199254740993',
        '- 1',
        '1-',
        '1..2',
        '.',
        '-',
        '0x1A',
        ' 7',
        '1_000',
      ),
    );
    const nullToken = fc.constantFrom('', '', 'NA', 'N/A', 'null', 'NULL', 'None');
    const word = fc.constantFrom(
      'level_1',
      'level_2',
      'level_10',
      'a',
      'true',
      'FALSE',
      '2024-01-02',
      'x y',
      'é',
      '日本',
      'Nonesuch',
    );
    const quotedContent = fc.oneof(number, word, fc.constantFrom('a,b', 'line\nbreak', 'cr\r\nlf', ''));
    const cellOf = (kind: number) =>
      fc.oneof(
        { weight: kind === 0 ? 12 : 1, arbitrary: number },
        { weight: 2, arbitrary: nullToken },
        { weight: kind === 1 ? 12 : 1, arbitrary: word },
        { weight: 1, arbitrary: quotedContent.map((text) => `"${text}"`) },
      );
    // Columns lean numeric, textual or mixed, so every output form (parsed numbers, dictionary,
    // cells, a column turning from numbers to codes mid-batch) occurs.
    const table = fc.array(fc.constantFrom(0, 0, 1, 2), { minLength: 1, maxLength: 4 }).chain((kinds) =>
      fc.tuple(
        fc.constant(kinds.length),
        fc.array(
          fc.tuple(
            fc.tuple(...kinds.map(cellOf)),
            fc.constantFrom('\n', '\n', '\r\n'),
            fc.boolean().map((blank) => (blank ? '' : null)),
          ),
          { maxLength: 24 },
        ),
      ),
    );
    const input = fc.record({
      table,
      bom: fc.boolean(),
      finalNewline: fc.boolean(),
      cuts: fc.array(fc.nat(400), { maxLength: 12 }),
      batchRows: fc.integer({ min: 1, max: 9 }),
      reuseBuffers: fc.boolean(),
      maxCategories: fc.constantFrom(2, 5, 10_000),
    });
    await fc.assert(
      fc.asyncProperty(
        input,
        async ({ table: [width, rows], bom, finalNewline, cuts, batchRows, reuseBuffers, maxCategories }) => {
          const header = Array.from({ length: width }, (_, i) => `c${i}`).join(',');
          let text = `${bom ? '\ufeff' : ''}${header}\n`;
          for (const [cells, end, blank] of rows)
            text += `${cells.join(',')}${end}${blank === null ? '' : end}`;
          if (!finalNewline) text = text.replace(/\r?\n$/, '');
          const profilerOptions = { maxCategories };
          const fast = await readAll(
            cutAt('p.csv', text, cuts),
            true,
            batchRows,
            reuseBuffers,
            {},
            profilerOptions,
          );
          const library = await readAll(
            cutAt('p.csv', text, []),
            false,
            batchRows,
            false,
            {},
            profilerOptions,
          );
          expect(fast.error).toBe(library.error);
          expect(fast.rows).toBe(library.rows);
          expect(fast.cells).toEqual(library.cells);
          expect(fast.profile).toBe(library.profile);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads the same with a chunk boundary at every byte', async () => {
    const text =
      'x,label,y\r\n-1.033321,level_1,"2.5"\n12.355683,"a,b",NA\n,level_2,1e-7\r\n\n+.5,level_1,-0\n' +
      '123456789012,"line\nbreak",nan\n7,日本,1.0';
    const library = await readAll(cutAt('b.csv', text, []), false, 2);
    expect(library.error).toBeNull();
    const length = new TextEncoder().encode(text).length;
    for (let cut = 1; cut < length; cut++) {
      const fast = await readAll(cutAt('b.csv', text, [cut]), true, 2, cut % 2 === 0);
      expect(fast.cells).toEqual(library.cells);
      expect(fast.profile).toBe(library.profile);
    }
  });

  it('reads numbers the same with a null token that looks like a number, and with a delimiter that does', async () => {
    const tokens = await Promise.all(
      [true, false].map((fastPath) =>
        readAll(memory('t.csv', 'a,b\n-1,2.5\n999,3\n-1.5,-1\n'), fastPath, 2, false, {
          nullTokens: ['-1', '999'],
        }),
      ),
    );
    expect(tokens[0].cells).toEqual(tokens[1].cells);
    expect(tokens[0].cells.get('a')).toEqual([null, null, '-1.5']);
    expect(tokens[0].profile).toBe(tokens[1].profile);
    const dots = await Promise.all(
      [true, false].map((fastPath) =>
        readAll(memory('d.csv', 'a.b\n1.5\n-2.25\n'), fastPath, 2, false, { delimiter: '.' }),
      ),
    );
    expect(dots[0].cells).toEqual(dots[1].cells);
    expect(dots[0].cells.get('b')).toEqual(['5', '25']);
    expect(dots[0].profile).toBe(dots[1].profile);
  });
  it('throws a failed read of the chunk it read ahead where that chunk is reached, while the consumer waits', async () => {
    let opened = 0;
    const stream: ByteStream = {
      name: 'e.csv',
      // The header read (schema) sees a healthy stream; the scanner's read fails after one chunk.
      stream: async function* () {
        opened++;
        yield new TextEncoder().encode('a,b\n1,2\n3,4\n');
        if (opened > 1) throw new Error('disk gone');
      },
    };
    const reader = new CsvReader(stream, { batchRows: 1 });
    const rows: number[] = [];
    const reading = (async () => {
      for await (const batch of reader.batches()) {
        rows.push(batch.firstRow);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await expect(reading).rejects.toThrow('disk gone');
    expect(rows).toEqual([1, 2]);
  });
  it('reads any header line as csv-parse does: names, detected delimiter, and the errors for empty or repeated names', async () => {
    const name = fc.constantFrom(
      'a',
      'b',
      'x y',
      ' ',
      '',
      'a',
      'é',
      '"q"',
      '"a,b"',
      'n;1',
      'c|d',
      'tab\there',
      '1.5',
    );
    const input = fc.record({
      names: fc.array(name, { minLength: 1, maxLength: 5 }),
      delimiter: fc.constantFrom(',', ';', '|', '\t'),
      bom: fc.boolean(),
      end: fc.constantFrom('\n', '\r\n', ''),
      given: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(input, async ({ names, delimiter, bom, end, given }) => {
        const row = names.map((_, i) => String(i)).join(delimiter);
        const text = `${bom ? '\ufeff' : ''}${names.join(delimiter)}${end}${end === '' ? '' : `${row}\n`}`;
        const options = given ? { delimiter } : {};
        const fast = await readAll(memory('h.csv', text), true, 3, false, options);
        const library = await readAll(memory('h.csv', text), false, 3, false, options);
        expect(fast.error).toBe(library.error);
        expect(fast.cells).toEqual(library.cells);
        expect(fast.profile).toBe(library.profile);
      }),
      { numRuns: 300 },
    );
  });
});
