import { columnSeed, SeededRandom } from '../random.ts';
import type { RowSample, SampledColumn } from './row-sample.ts';

/**
 * One uniform row sample of several tables read as one (a rolling baseline's snapshots), from
 * each table's own uniform sample: each of the `maxRows` kept rows comes from a table with
 * probability proportional to that table's rows not yet drawn (a multivariate hypergeometric
 * draw), then that many rows are taken at random from the table's sample. Exact while every
 * table's share fits in its sample, which holds when each was sampled with the same `maxRows`.
 * Columns missing from a table are missing in its rows.
 */
export function mergeRowSamples(samples: readonly RowSample[], maxRows: number, seed: number): RowSample {
  if (samples.length === 1) return samples[0];
  const random = new SeededRandom(seed);
  const rowCount = samples.reduce((sum, s) => sum + s.rowCount, 0);
  const size = Math.min(
    maxRows,
    samples.reduce((sum, s) => sum + s.size, 0),
  );
  const left = samples.map((s) => s.rowCount);
  const taken = samples.map(() => 0);
  // A table whose sample is used up takes no more (only when tables were sampled unevenly).
  const open = (t: number) => taken[t] < samples[t].size;
  for (let i = 0; i < size; i++) {
    let total = 0;
    for (let t = 0; t < samples.length; t++) if (open(t)) total += left[t];
    let u = random.nextInt(total);
    let t = 0;
    for (; t < samples.length - 1; t++) {
      if (!open(t)) continue;
      if (u < left[t]) break;
      u -= left[t];
    }
    taken[t]++;
    left[t]--;
  }
  const names = [...new Set(samples.flatMap((s) => s.columns.map((c) => c.name)))];
  const picks = samples.map((s, t) => pickSlots(s.size, taken[t], random));
  const columns = names.map((name): SampledColumn => {
    const numbers = new Float64Array(size).fill(Number.NaN);
    let labels: (string | null)[] | null = null;
    let at = 0;
    samples.forEach((sample, t) => {
      const column = sample.columns.find((c) => c.name === name);
      for (const slot of picks[t]) {
        if (column !== undefined) {
          numbers[at] = column.numbers[slot];
          const label = column.labels?.[slot] ?? null;
          if (label !== null) {
            labels ??= new Array<string | null>(size).fill(null);
            labels[at] = label;
          }
        }
        at++;
      }
    });
    return { name, numbers, labels };
  });
  const leftOut = [...new Set(samples.flatMap((s) => s.leftOut))].filter((name) => !names.includes(name));
  return { rowCount, size, columns, leftOut };
}

/** `k` distinct slots of `n`, uniformly (Floyd's algorithm), in ascending order. */
function pickSlots(n: number, k: number, random: SeededRandom): number[] {
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = random.nextInt(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return [...chosen].sort((a, b) => a - b);
}

/**
 * `mergeRowSamples` folded over tables that arrive one at a time (a fan-out's parts), holding the
 * running sample and one table's, not all of them. Still exactly uniform: the running sample is a
 * uniform sample of the rows so far of size min(maxRows, their count), so each merge's share of
 * it always fits (the condition `mergeRowSamples` states). Each merge draws from its own seed.
 */
export class RowSampleFold {
  private merged: RowSample | undefined;
  private count = 0;

  constructor(
    private readonly maxRows: number,
    private readonly seed: number,
  ) {}

  add(sample: RowSample): void {
    this.count++;
    this.merged =
      this.merged === undefined
        ? sample
        : mergeRowSamples(
            [this.merged, sample],
            this.maxRows,
            columnSeed(this.seed, `merge\u0000${this.count}`),
          );
  }

  /** The merged sample; undefined before any table was added. */
  result(): RowSample | undefined {
    return this.merged;
  }
}
