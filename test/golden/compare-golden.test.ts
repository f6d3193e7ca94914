import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareGolden, compareGoldenFolders } from './compare-golden.ts';

const GOLDEN = import.meta.dirname;

/** The next double above `x` (one ulp), as another CPU's last-digit difference. */
function nextUp(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
}

/** Every number of a JSON document moved by `move`. */
function mapNumbers(value: unknown, move: (x: number) => number): unknown {
  if (typeof value === 'number') return move(value);
  if (Array.isArray(value)) return value.map((v) => mapNumbers(v, move));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapNumbers(v, move)]));
  }
  return value;
}

describe('the golden check', () => {
  let dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    dirs = [];
  });
  /** A folder holding the committed moments.json, edited by `edit`, as a regeneration would. */
  function regeneration(edit: (golden: unknown) => unknown): string {
    const dir = mkdtempSync(join(tmpdir(), 'golden-check-'));
    dirs.push(dir);
    const committed = JSON.parse(readFileSync(join(GOLDEN, 'moments.json'), 'utf8')) as unknown;
    writeFileSync(join(dir, 'moments.json'), JSON.stringify(edit(committed)));
    return dir;
  }
  function committedMoments(): string {
    const dir = mkdtempSync(join(tmpdir(), 'golden-committed-'));
    dirs.push(dir);
    copyFileSync(join(GOLDEN, 'moments.json'), join(dir, 'moments.json'));
    return dir;
  }

  it('passes a regenerated file whose every number differs in its last digit', () => {
    const problems = compareGoldenFolders(
      committedMoments(),
      regeneration((g) => mapNumbers(g, nextUp)),
    );
    expect(problems).toEqual([]);
  });

  it('passes the last-digit differences measured on another CPU', () => {
    // psi and a Cramér–von Mises p-value from the same scipy 1.10.1 / numpy 1.24.2 on two CPUs.
    expect(compareGolden({ psi: 0.05108256237659908 }, { psi: 0.05108256237659909 })).toEqual([]);
    expect(compareGolden({ p: 9.39262412291697e-9 }, { p: 9.392624233939273e-9 })).toEqual([]);
  });

  it('passes an Epps–Singleton W moved by a near-singular covariance, and no other value moved as far', () => {
    // Measured between two floating-point paths of the same scipy (see EPPS_SINGLETON_TOLERANCE).
    const committed = { cases: [{ epps_singleton: { statistic: 62.3397571868521 } }] };
    const regenerated = { cases: [{ epps_singleton: { statistic: 62.33975718662026 } }] };
    expect(compareGolden(committed, regenerated)).toEqual([]);
    expect(compareGolden({ psi: 62.3397571868521 }, { psi: 62.33975718662026 })).toHaveLength(1);
    expect(
      compareGolden(committed, { cases: [{ epps_singleton: { statistic: 62.3397571868521 * (1 + 1e-9) } }] }),
    ).toHaveLength(1);
  });

  it('fails on a real difference and names the file, the value and both numbers', () => {
    const problems = compareGoldenFolders(
      committedMoments(),
      regeneration((g) => {
        const golden = g as { cases: { var: number }[] };
        golden.cases[3].var *= 1 + 1e-9;
        return golden;
      }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^moments\.json \$\.cases\[3\]\.var: committed [\d.e-]+, regenerated [\d.e-]+ \(differs by/,
    );
  });

  it('fails when a string, a key or a list length changes', () => {
    expect(compareGolden({ t: 'nan' }, { t: 0 })).toHaveLength(1);
    expect(compareGolden({ a: 1 }, { a: 1, b: 2 })).toHaveLength(1);
    expect(compareGolden({ a: [1, 2] }, { a: [1, 2, 3] })).toHaveLength(1);
    expect(
      compareGolden({ error: 'x and y should have at least 5 elements' }, { error: 'other' }),
    ).toHaveLength(1);
  });

  it('fails when a generator stops writing a committed file or writes a new one', () => {
    const committed = committedMoments();
    const empty = mkdtempSync(join(tmpdir(), 'golden-empty-'));
    dirs.push(empty);
    expect(compareGoldenFolders(committed, empty)).toEqual([
      'moments.json: committed, but no generator writes it',
    ]);
    expect(compareGoldenFolders(empty, committed)).toEqual(['moments.json: generated, but not committed']);
  });
});
