import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gunzipped } from '../../lambdas/io/gzip.ts';
import { JsonLinesReader } from '../../lambdas/io/jsonl-reader.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { collect, fixture } from './fixture-truth.ts';

// Truth: test/fixtures/jsonl/events.truth.json, written by make_fixtures.py from the records it
// serialised (nested values as compact JSON text, missing keys as null).
const truth = JSON.parse(readFileSync(fixture('jsonl', 'events.truth.json'), 'utf8')) as {
  columns: string[];
  rows: unknown[][];
};

const file = (name: string, dir = 'jsonl') => new LocalFileSource(fixture(dir, name), name);

function memory(name: string, text: string) {
  return {
    name,
    async *stream() {
      yield new TextEncoder().encode(text);
    },
  };
}

describe('JsonLinesReader', () => {
  it.each([
    ['events.jsonl', false],
    ['events.jsonl.gz', true],
  ])('reads %s cell by cell as Python wrote it', async (name, gzip) => {
    const source = gzip ? gunzipped(file(name)) : file(name);
    const reader = new JsonLinesReader(source);
    const schema = await reader.schema();
    expect(schema.map((c) => c.name)).toEqual(truth.columns);
    expect(schema.every((c) => c.sourceType === 'untyped')).toBe(true);
    const { batches, columns } = await collect(reader);
    expect(batches.map((b) => [b.firstRow, b.rowCount])).toEqual([[1, 300]]);
    truth.columns.forEach((column, k) => {
      expect(columns.get(column), `column "${column}"`).toEqual(truth.rows.map((row) => row[k]));
    });
  });

  it('adds a key first seen in a later batch as a new column, null in that batch before it', async () => {
    // "late" first appears on row 7 (line 8: line 4 is blank); batches of 4 rows.
    const reader = new JsonLinesReader(file('events.jsonl'), { batchRows: 4 });
    expect((await reader.schema()).map((c) => c.name)).toEqual([
      'id',
      'name',
      'score',
      'active',
      'meta',
      'tags',
    ]);
    const batches = [];
    for await (const batch of reader.batches()) batches.push(batch);
    expect(batches[0].columns.has('late')).toBe(false);
    expect(batches[1].firstRow).toBe(5);
    const late = batches[1].columns.get('late');
    expect(late?.type).toBe('cells');
    expect(late && 'values' in late ? late.values : undefined).toEqual([null, null, 'v6', 'v7']);
    expect(batches.at(-1)?.columns.has('late')).toBe(true);
  });

  it('projects columns, yielding null where a row lacks the key', async () => {
    const { columns } = await collect(new JsonLinesReader(file('events.jsonl')), ['tags', 'id']);
    expect([...columns.keys()]).toEqual(['tags', 'id']);
    const tagsIndex = truth.columns.indexOf('tags');
    expect(columns.get('tags')).toEqual(truth.rows.map((row) => row[tagsIndex]));
  });

  it('accepts CRLF line ends and a last line without a newline', async () => {
    const { columns } = await collect(new JsonLinesReader(memory('m.jsonl', '{"a":1}\r\n\r\n{"a":"x"}')));
    expect(columns.get('a')).toEqual([1, 'x']);
  });

  it('rejects a projection naming a key the first batch lacks', async () => {
    await expect(collect(new JsonLinesReader(file('events.jsonl')), ['nope'])).rejects.toThrow(
      'events.jsonl: no column named "nope"; the first 65536 rows have "id", "name", "score", "active", "meta", "tags", "late"',
    );
  });
});

describe('JsonLinesReader on broken files', () => {
  it('names the line of invalid JSON, blank lines counted', async () => {
    await expect(collect(new JsonLinesReader(file('bad-line.jsonl', 'bad')))).rejects.toThrow(
      /^bad-line\.jsonl line 3: not valid JSON \(.+\)$/,
    );
  });

  it('rejects a line that is not an object', async () => {
    await expect(collect(new JsonLinesReader(file('not-object.jsonl', 'bad')))).rejects.toThrow(
      'not-object.jsonl line 2: expected a JSON object, found an array',
    );
  });

  it('names the line of invalid UTF-8', async () => {
    const source = {
      name: 'u.jsonl',
      async *stream() {
        yield new Uint8Array([...new TextEncoder().encode('{"a":1}\n{"a":"'), 0xff, 0x22, 0x7d]);
      },
    };
    await expect(collect(new JsonLinesReader(source))).rejects.toThrow(
      'u.jsonl line 2: invalid UTF-8 at byte offset 14',
    );
  });

  it('reads an empty file as no columns and no rows', async () => {
    const reader = new JsonLinesReader(memory('e.jsonl', '\n\n'));
    expect(await reader.schema()).toEqual([]);
    expect((await collect(reader)).batches).toEqual([]);
  });
});
