import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datetimeSourceOf } from '../../lambdas/core/profile/datetime-values.ts';
import { localSources } from '../../lambdas/io/local-files.ts';
import { profilePeriods } from '../../lambdas/io/profile-periods.ts';
import { profileSources } from '../../lambdas/io/profile-sources.ts';

const DAY = 86_400_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'profile-periods-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Row {
  readonly day: number;
  readonly x: number;
  readonly c: string;
}

/** Rows over `days` days, out of time order, every 13th without a time. */
function rows(days: number, perDay: number): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < days * perDay; i++) {
    const day = (i * 7) % days;
    out.push({ day: i % 13 === 5 ? -1 : day, x: ((i * 7919) % 1013) / 10 + day, c: `k${(i + day) % 4}` });
  }
  return out;
}

async function table(name: string, lines: string[]) {
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return localSources(path);
}

const iso = (day: number, i: number) =>
  new Date(Date.UTC(2026, 2, 1) + day * DAY + (i % 1000) * 60_000).toISOString();

describe('profilePeriods', () => {
  it('profiles each period of a CSV as its own rows would be profiled, untimed rows in none', async () => {
    const all = rows(12, 60);
    const line = (r: Row, i: number) => `${r.day < 0 ? '' : iso(r.day, i)},${r.x},${r.c}`;
    const sources = await table('all.csv', ['ts,x,c', ...all.map(line)]);
    const baseline = await profileSources(sources, {});
    const ts = baseline.columns.find((c) => c.name === 'ts')!;
    const split = await profilePeriods(
      [{ sources, reading: {} }],
      'ts',
      { sourceType: ts.sourceType, source: datetimeSourceOf(ts) },
      DAY,
    );
    expect(split.untimedRows).toBe(all.filter((r) => r.day < 0).length);
    expect(split.periods.map((p) => p.start)).toEqual(
      Array.from({ length: 12 }, (_, d) => Date.UTC(2026, 2, 1) + d * DAY),
    );
    for (const [d, period] of split.periods.entries()) {
      const own = all.map((r, i) => [r, i] as const).filter(([r]) => r.day === d);
      const alone = await profileSources(
        await table(`day-${d}.csv`, ['ts,x,c', ...own.map(([r, i]) => line(r, i))]),
        {},
      );
      for (const name of ['x', 'c']) {
        const got = period.columns.find((c) => c.name === name)!;
        const want = alone.columns.find((c) => c.name === name)!;
        expect(got.rows).toBe(want.rows);
        expect(Array.from(got.numbers.values.subarray(0, got.numbers.size))).toEqual(
          Array.from(want.numbers.values.subarray(0, want.numbers.size)),
        );
        expect(got.categories.counts).toEqual(want.categories.counts);
      }
    }
  });

  it('reads epoch seconds in JSON Lines as the profile reads them, into hourly periods', async () => {
    const start = Date.UTC(2026, 2, 1) / 1000;
    const lines = Array.from({ length: 240 }, (_, i) =>
      JSON.stringify({ event_ts: start + ((i * 37) % 240) * 60, x: i }),
    );
    const sources = await table('events.jsonl', lines);
    const baseline = await profileSources(sources, {});
    const ts = baseline.columns.find((c) => c.name === 'event_ts')!;
    const split = await profilePeriods(
      [{ sources, reading: {} }],
      'event_ts',
      { sourceType: ts.sourceType, source: datetimeSourceOf(ts) },
      3_600_000,
    );
    expect(split.untimedRows).toBe(0);
    expect(split.periods).toHaveLength(4);
    for (const period of split.periods)
      expect(period.columns.find((c) => c.name === 'x')!.numbers.count).toBe(60);
  });
});
