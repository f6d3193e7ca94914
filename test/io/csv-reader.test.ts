import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import { describe, expect, it, vi } from 'vitest';
import { Profiler } from '../../lambdas/core/profile/profiler.ts';
import type { ByteSource } from '../../lambdas/io/byte-source.ts';
import { CsvReader } from '../../lambdas/io/csv-reader.ts';
import { gunzipped } from '../../lambdas/io/gzip.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { collect, fixture } from './fixture-truth.ts';

// csv-parse as it is, counted: a plain header must not start it.
vi.mock('csv-parse', async (importOriginal) => {
  const original = await importOriginal<typeof import('csv-parse')>();
  return { ...original, parse: vi.fn(original.parse) };
});

// Truth: test/fixtures/csv/table.truth.json, written by make_fixtures.py from the DataFrame pandas
// wrote each file from (null = empty field or a null token).
interface TextTruth {
  readonly columns: string[];
  readonly rows: (string | null)[][];
}
const readTextTruth = (...parts: string[]): TextTruth =>
  JSON.parse(readFileSync(fixture(...parts), 'utf8')) as TextTruth;
const truth = readTextTruth('csv', 'table.truth.json');

function csvFile(name: string, dir = 'csv'): LocalFileSource {
  return new LocalFileSource(fixture(dir, name), name);
}

/** A source over in-memory bytes, split into chunks of `chunkBytes` to exercise boundaries. */
function memorySource(name: string, content: string | Uint8Array, chunkBytes = 7): ByteSource {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return {
    name,
    size: async () => bytes.byteLength,
    readRange: async (start, end) => bytes.slice(start, end).buffer,
    async *stream() {
      for (let i = 0; i < bytes.byteLength; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
    },
  };
}

async function expectMatchesTruth(reader: CsvReader, expected: TextTruth = truth): Promise<void> {
  const schema = await reader.schema();
  expect(schema.map((c) => c.name)).toEqual(expected.columns);
  expect(schema.every((c) => c.sourceType === 'untyped')).toBe(true);
  const { columns } = await collect(reader);
  expected.columns.forEach((name, k) => {
    expect(columns.get(name), `column "${name}"`).toEqual(expected.rows.map((row) => row[k]));
  });
}

describe('CsvReader', () => {
  it.each(['comma.csv', 'semicolon.csv', 'tab.tsv', 'pipe.csv', 'crlf.csv', 'quote-all.csv', 'bom.csv'])(
    'reads %s cell by cell as pandas wrote it, detecting the delimiter',
    async (name) => {
      await expectMatchesTruth(new CsvReader(csvFile(name)));
    },
  );

  it('reads a gzipped CSV through gunzip', async () => {
    await expectMatchesTruth(new CsvReader(gunzipped(csvFile('comma.csv.gz'))));
  });

  it('handles quotes, UTF-8 characters and line ends split across stream chunks', async () => {
    const bytes = readFileSync(fixture('csv', 'crlf.csv'));
    for (const chunkBytes of [1, 2, 3, 5]) {
      await expectMatchesTruth(new CsvReader(memorySource('crlf.csv', bytes, chunkBytes)));
    }
  });

  it('uses the delimiter given instead of detecting one', async () => {
    const reader = new CsvReader(memorySource('x.csv', 'a;b,c\n1;2,3\n'), { delimiter: ',' });
    const { columns } = await collect(reader);
    expect([...columns]).toEqual([
      ['a;b', ['1;2']],
      ['c', ['3']],
    ]);
  });

  it('ignores delimiters inside quotes when detecting', async () => {
    const reader = new CsvReader(memorySource('x.csv', '"a,b,c";d;e\n1;2;3\n'));
    expect((await reader.schema()).map((c) => c.name)).toEqual(['a,b,c', 'd', 'e']);
  });

  it('reads the default null tokens as null and keeps NaN and infinity words as text', async () => {
    const { columns } = await collect(new CsvReader(csvFile('nan-inf.csv', 'bad')));
    expect(columns.get('value')).toEqual(['NaN', 'nan', 'inf', '-inf', 'Infinity', '-Infinity', '1.5', null]);
    const tokens = await collect(
      new CsvReader(memorySource('t.csv', 'v\nNA\nN/A\nnull\nNULL\nNone\n""\n\nnone\n-\n')),
    );
    // The blank line is skipped; "none" and "-" are not null tokens.
    expect(tokens.columns.get('v')).toEqual([null, null, null, null, null, null, 'none', '-']);
  });

  it('replaces the null tokens when given, keeping the empty field null', async () => {
    const reader = new CsvReader(memorySource('t.csv', 'v\nNA\n-\n\n""\n'), { nullTokens: ['-'] });
    expect((await collect(reader)).columns.get('v')).toEqual(['NA', null, null]);
  });

  it('projects the requested columns in the requested order', async () => {
    const { columns } = await collect(new CsvReader(csvFile('comma.csv')), ['when', 'id']);
    expect([...columns.keys()]).toEqual(['when', 'id']);
    expect(columns.get('id')).toEqual(truth.rows.map((row) => row[0]));
  });

  it('yields batches of 32,768 rows numbered from the first data row', async () => {
    const { batches, columns } = await collect(new CsvReader(gunzipped(csvFile('many-rows.csv.gz'))));
    expect(batches.map((b) => [b.firstRow, b.rowCount])).toEqual([
      [1, 32_768],
      [32_769, 32_768],
      [65_537, 4_464],
    ]);
    const n = columns.get('n')!;
    expect(n[0]).toBe('0');
    expect(n[69_999]).toBe('69999');
  });

  it('honours a smaller batch size', async () => {
    const { batches } = await collect(new CsvReader(csvFile('comma.csv'), { batchRows: 150 }));
    expect(batches.map((b) => [b.firstRow, b.rowCount])).toEqual([
      [1, 150],
      [151, 150],
      [301, 100],
    ]);
  });

  it('keeps stray quotes inside unquoted fields as text, as pandas does', async () => {
    const { columns } = await collect(new CsvReader(memorySource('q.csv', 'id,height\n1,5\'11"\n2,a"b\n')));
    expect(columns.get('height')).toEqual([`5'11"`, 'a"b']);
  });

  it('reads a header-only file as columns without rows', async () => {
    const reader = new CsvReader(csvFile('header-only.csv', 'bad'));
    expect((await reader.schema()).map((c) => c.name)).toEqual(['id', 'score', 'label']);
    expect((await collect(reader)).batches).toEqual([]);
  });
});

describe('CsvReader on broken files', () => {
  const cases: [string, string][] = [
    ['empty.csv', 'empty.csv: the file is empty; expected a header row naming the columns'],
    ['blank-lines.csv', 'blank-lines.csv: the file is empty; expected a header row naming the columns'],
    ['ragged.csv', 'ragged.csv row 2: expected 3 fields, found 2'],
    [
      'invalid-utf8.csv',
      'invalid-utf8.csv line 3: invalid UTF-8 at byte offset 23; save the file as UTF-8 (it may be Latin-1 or Windows-1252)',
    ],
    [
      'unterminated-quote.csv',
      'unterminated-quote.csv row 2: a quoted field is never closed: the quote opened in this row runs to the end of the file',
    ],
    [
      'duplicate-header.csv',
      'duplicate-header.csv header: column name "id" appears twice (columns 1 and 3); column names must be unique',
    ],
    [
      'empty-header-name.csv',
      'empty-header-name.csv header: column 2 has no name; every column needs a name',
    ],
  ];
  it.each(cases)('rejects %s with the exact message', async (name, message) => {
    await expect(collect(new CsvReader(csvFile(name, 'bad')))).rejects.toThrow(message);
  });

  it('names the byte of invalid UTF-8 whatever the chunking', async () => {
    const bytes = readFileSync(fixture('bad', 'invalid-utf8.csv'));
    for (const chunkBytes of [1, 3, 22, 23, 24]) {
      await expect(collect(new CsvReader(memorySource('u.csv', bytes, chunkBytes)))).rejects.toThrow(
        'u.csv line 3: invalid UTF-8 at byte offset 23;',
      );
    }
  });

  it('rejects a file ending inside a multi-byte character', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('a\n\u00e9'), 0xe6, 0x97]);
    await expect(collect(new CsvReader(memorySource('cut.csv', bytes)))).rejects.toThrow(
      'cut.csv line 2: invalid UTF-8 at byte offset 4: the file ends inside a multi-byte character',
    );
  });

  it('rejects a projection naming a column the header lacks', async () => {
    await expect(collect(new CsvReader(csvFile('comma.csv')), ['id', 'age'])).rejects.toThrow(
      'comma.csv: no column named "age"; the header has "id", "score", "label", "note", "when"',
    );
  });

  it.each([
    ['corrupt.csv.gz', 'corrupt.csv.gz: the gzip stream is corrupt'],
    ['not-gzip.csv.gz', 'not-gzip.csv.gz: not a gzip file (bad header) although the name ends in .gz'],
    [
      'truncated.csv.gz',
      'truncated.csv.gz: the gzip stream is truncated (unexpected end of file); the upload may be incomplete',
    ],
  ])('rejects the damaged gzip file %s naming it', async (name, message) => {
    await expect(collect(new CsvReader(gunzipped(csvFile(name, 'bad'))))).rejects.toThrow(message);
  });
  it('reads a plain header from a large first chunk without starting csv-parse, and a quoted one with it', async () => {
    const rows = Array.from({ length: 120_000 }, (_, i) => `${i},${i / 8}`).join('\n');
    const parseCalls = vi.mocked(parse);
    parseCalls.mockClear();
    // One chunk of ~1.5 MB, larger than LocalFileSource's 1 MiB chunks.
    const plain = new CsvReader(memorySource('big.csv', `id,x\n${rows}\n`, 1 << 21));
    expect((await plain.schema()).map((column) => column.name)).toEqual(['id', 'x']);
    expect(parseCalls).not.toHaveBeenCalled();
    const quoted = new CsvReader(memorySource('q.csv', `"id",x\n${rows}\n`, 1 << 21));
    expect((await quoted.schema()).map((column) => column.name)).toEqual(['id', 'x']);
    expect(parseCalls).toHaveBeenCalledTimes(1);
  });

  it('reads a file of several recycled chunks with reused buffers exactly as csv-parse does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-recycle-'));
    const path = join(dir, 'big.csv');
    const lines = ['x,label,y'];
    for (let i = 0; i < 200_000; i++)
      lines.push(`${((i * 7919) % 100003) / 1000},level_${i % 13},"q ${i % 7}"`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    // Over 3 MB: the scanner's stream hands its three chunk buffers out again.
    expect(statSync(path).size).toBeGreaterThan(3 << 20);
    expect(await profileOf(path, true)).toEqual(await profileOf(path, false));
  });
});

async function profileOf(path: string, fastPath: boolean) {
  const reader = new CsvReader(new LocalFileSource(path), { fastPath, reuseBuffers: true });
  const profiler = new Profiler({});
  for (const column of await reader.schema()) profiler.declare(column.name, column.sourceType);
  for await (const batch of reader.batches()) profiler.add(batch);
  const profile = profiler.finish();
  // Kept values up to `size`: the buffers' spare capacity depends on batch sizes, not on the data.
  return profile.columns.map((column) => ({
    ...column,
    numbers: { ...column.numbers, values: [...column.numbers.values.subarray(0, column.numbers.size)] },
    datetimes: {
      ...column.datetimes,
      values: [...column.datetimes.values.subarray(0, column.datetimes.size)],
    },
  }));
}

describe('CSV batch size', () => {
  // A batch holds 32,768 rows × 20 columns' worth of cells, whatever the width.
  const table = (columns: number, rows: number) => {
    const header = Array.from({ length: columns }, (_, c) => `c${c}`).join(',');
    const row = (r: number) => Array.from({ length: columns }, (_, c) => String((r * 31 + c) % 97)).join(',');
    return `${header}\n${Array.from({ length: rows }, (_, r) => row(r)).join('\n')}\n`;
  };
  const batchSizes = async (reader: CsvReader, columns?: string[]) => {
    const sizes: number[] = [];
    for await (const batch of reader.batches(columns)) sizes.push(batch.rowCount);
    return sizes;
  };

  for (const fastPath of [true, false]) {
    it(`is set by cells, not rows, on the ${fastPath ? 'scanner' : 'library'} path`, async () => {
      const wide = table(500, 3000);
      expect(await batchSizes(new CsvReader(memorySource('w.csv', wide, 1 << 16), { fastPath }))).toEqual([
        1310, 1310, 380,
      ]);
      // Only the columns read count: 20 of the 500 read as 32,768 rows a batch.
      const some = Array.from({ length: 20 }, (_, c) => `c${c}`);
      expect(
        await batchSizes(new CsvReader(memorySource('w.csv', wide, 1 << 16), { fastPath }), some),
      ).toEqual([3000]);
      // Very wide: never under 256 rows.
      expect(
        await batchSizes(new CsvReader(memorySource('v.csv', table(5000, 600), 1 << 16), { fastPath })),
      ).toEqual([256, 256, 88]);
    });
  }
});
