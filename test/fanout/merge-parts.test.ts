import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING } from '../../lambdas/core/profile/numeric-summary.ts';
import type { Profile } from '../../lambdas/core/profile/profile.ts';
import { profileToJson } from '../../lambdas/core/profile/serialize-profile.ts';
import { PartMerger } from '../../lambdas/fanout/merge-parts.ts';
import { LocalFileSource } from '../../lambdas/io/local-file-source.ts';
import { profileSources } from '../../lambdas/io/profile-sources.ts';
import { featuresCsv } from '../support/sample-tables.ts';

let folder: string;
const paths: string[] = [];

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'merge-parts-'));
  for (const [i, rows] of [400, 900, 30, 700, 1].entries()) {
    const path = join(folder, `part-${i}.csv`);
    // A NaN and an infinity in some parts: they are counted, never kept or sampled.
    const extra = i % 2 === 0 ? 'NaN,1,2,3,DE,mobile,true\ninf,1,2,3,DE,mobile,true\n' : '';
    await writeFile(path, featuresCsv(rows, 40 + i, i === 3) + extra);
    paths.push(path);
  }
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const source = (path: string) => new LocalFileSource(path, path);

async function bothWays(maxValues: number) {
  const options = { profilerOptions: { sampling: { ...DEFAULT_SAMPLING, maxValues } } };
  const sequential = await profileSources(paths.map(source), options);
  const parts = await Promise.all(paths.map((path) => profileSources([source(path)], options)));
  return { sequential, merged: mergePartsInOrder(parts) };
}

/** The parts' profiles merged in the order given, as the reduce step does. */
function mergePartsInOrder(parts: readonly Profile[]): Profile {
  const merger = new PartMerger();
  for (const part of parts) merger.add(part);
  return merger.result();
}

describe('PartMerger', () => {
  it('equals one sequential pass bit for bit while the union is exact', async () => {
    const { sequential, merged } = await bothWays(1_000_000);
    expect(merged.columns.every((column) => column.numbers.exact)).toBe(true);
    expect(profileToJson(merged)).toBe(profileToJson(sequential));
  });

  it('equals one sequential pass bit for bit when every part is exact but the union is sampled', async () => {
    const { sequential, merged } = await bothWays(1000);
    const amount = merged.columns.find((column) => column.name === 'amount')!;
    expect(amount.numbers.exact).toBe(false);
    expect(amount.numbers.size).toBe(1000);
    expect(profileToJson(merged)).toBe(profileToJson(sequential));
  });

  it('refuses an empty list of parts', () => {
    expect(() => mergePartsInOrder([])).toThrow(/at least one part/);
  });
});
