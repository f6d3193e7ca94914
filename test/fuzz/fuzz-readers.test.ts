import { describe, expect, it } from 'vitest';
import { validCsv } from './hostile-inputs.ts';
import { mutate, seededRandom, validSeeds } from './mutations.ts';
import { checkMutated, type Outcome } from './run-one.ts';

// Seeded and bounded: FUZZ_SEED=<n> replays a run, FUZZ_RUNS=<n> sets mutations per input kind.
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS_PER_SEED = Number(process.env.FUZZ_RUNS ?? 25);

describe('mutated Parquet, CSV, JSON Lines, gzip and profile files through the check path', () => {
  it(`end in a report (exit 0, 1, 3) or a clear error (exit 2), never an unexpected one (seed ${SEED})`, async () => {
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays), ${RUNS_PER_SEED} mutations per input kind`);
    const random = seededRandom(SEED);
    const seeds = await validSeeds();
    const csv = validCsv();
    const tally = new Map<Outcome, number>();
    const unexpected: string[] = [];
    for (const seed of seeds) {
      for (let run = 0; run < RUNS_PER_SEED; run++) {
        const { outcome, message } = await checkMutated(seed, mutate(seed, random), csv);
        tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
        if (outcome === 'unexpected') unexpected.push(`${seed.name} run ${run}: ${message}`);
      }
    }
    console.log(`fuzz outcomes: ${[...tally].map(([k, v]) => `${k} ${v}`).join(', ')}`);
    expect(unexpected).toEqual([]);
    expect([...tally.keys()].filter((k) => !['exit 0', 'exit 1', 'exit 2', 'exit 3'].includes(k))).toEqual(
      [],
    );
    // The mutations reach past the readers' first checks: some runs read, some fail.
    expect(tally.get('exit 2') ?? 0).toBeGreaterThan(0);
    expect(
      (tally.get('exit 0') ?? 0) + (tally.get('exit 1') ?? 0) + (tally.get('exit 3') ?? 0),
    ).toBeGreaterThan(0);
  }, 120_000);
});
