import { describe, expect, it } from 'vitest';
import { JsonLinesReader } from '../../lambdas/io/jsonl-reader.ts';
import { collect } from './fixture-truth.ts';

/** A `.json` file's bytes arriving in chunks of `size` characters (1: every split a chunk can make). */
function chunked(name: string, text: string, size = text.length) {
  return {
    name,
    async *stream() {
      for (let i = 0; i < text.length; i += size) yield new TextEncoder().encode(text.slice(i, i + size));
    },
  };
}

const read = (text: string, size?: number, limits = {}) =>
  collect(new JsonLinesReader(chunked('t.json', text, size), { layout: 'array-or-lines', limits }));

const TRICKY = `
  [ {"a": 1, "s": "x, y ] }", "n": {"k": [1, {"z": "\\"}"}]}},
    {"a": 2.5, "s": "\\\\", "b": true},
    {"a": null} ]
`;

describe('JSON array files', () => {
  it.each([1, 3, 7, TRICKY.length])(
    'reads each element as a row, in chunks of %i characters, brackets and commas inside strings included',
    async (size) => {
      const { columns } = await read(TRICKY, size);
      expect(columns.get('a')).toEqual([1, 2.5, null]);
      expect(columns.get('s')).toEqual(['x, y ] }', '\\', null]);
      expect(columns.get('n')).toEqual(['{"k":[1,{"z":"\\"}"}]}', null, null]);
      expect(columns.get('b')).toEqual([null, true, null]);
    },
  );

  it('reads a .json file of JSON Lines as JSON Lines', async () => {
    const { columns } = await read('{"a": 1}\n{"a": 2}\n');
    expect(columns.get('a')).toEqual([1, 2]);
  });

  it('reads an empty array, and an empty file, as no rows', async () => {
    expect((await read('[]')).batches).toEqual([]);
    expect((await read(' \n')).batches).toEqual([]);
  });

  it.each([
    ['[{"a": 1}, {"a": 2}', 't.json: the array is not closed after element 2 (is the file truncated?)'],
    ['[{"a": 1},]', "t.json: a ',' after element 1 is followed by ']'"],
    ['[{"a": 1} {"a": 2}]', "t.json: expected ',' or ']' after element 1"],
    ['[{"a": 1}] [{"a": 2}]', 't.json: text after the end of the array'],
    ['[{"a": 1}, 3]', 't.json element 2: expected a JSON object, found a number'],
    ['[{"a": 1}, {"a": }]', /^t\.json element 2: not valid JSON/],
  ])('refuses %s, naming the element', async (text, message) => {
    await expect(read(text, 2)).rejects.toThrow(message);
  });

  it('refuses an element longer than the record limit before holding it whole', async () => {
    const text = `[{"a": "${'x'.repeat(5000)}"}]`;
    await expect(read(text, 100, { maxLineBytes: 1000 })).rejects.toThrow(
      't.json: element 1 is longer than 1000 bytes (readLimits.maxLineBytes)',
    );
  });

  it('refuses nesting past the limit while scanning, before JSON.parse sees it', async () => {
    const deep = `[{"a": ${'['.repeat(100_000)}`;
    await expect(read(deep, 4096, { maxNestingDepth: 64 })).rejects.toThrow(
      't.json: element 1 nests deeper than 64 levels (readLimits.maxNestingDepth)',
    );
    // At the limit itself the value is read (as its JSON text).
    const { columns } = await read(`[{"a": ${'['.repeat(64)}${']'.repeat(64)}}]`, 10, {
      maxNestingDepth: 64,
    });
    expect(columns.get('a')).toEqual(['['.repeat(64) + ']'.repeat(64)]);
  });
});
