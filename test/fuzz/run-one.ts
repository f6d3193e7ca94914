import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCheck } from '../../lambdas/cli/check-command.ts';
import { describeError } from '../../lambdas/cli/describe-error.ts';
import type { Seed } from './mutations.ts';

/** How a run ended: `driftwatch check`'s exit 0/1/3 (a report), a clear error (exit 2), or a bug. */
export type Outcome = 'exit 0' | 'exit 1' | 'exit 2' | 'exit 3' | 'unexpected';

/**
 * One check in-process, as `driftwatch check` runs it: a mutated table as the current side
 * (against the valid CSV), or a mutated saved profile as the baseline side.
 */
export async function checkMutated(
  seed: Seed,
  bytes: Uint8Array,
  validCsv: string,
): Promise<{ outcome: Outcome; message: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'dw-fuzz-'));
  try {
    const mutated = join(folder, seed.name);
    const valid = join(folder, 'valid.csv');
    await writeFile(mutated, bytes);
    await writeFile(valid, validCsv);
    const options = {
      baseline: seed.profile ? mutated : valid,
      current: seed.profile ? valid : mutated,
      exclude: [],
      exact: false,
      format: 'json',
    };
    const code = await runCheck(options, () => {});
    return { outcome: `exit ${code}` as Outcome, message: '' };
  } catch (error) {
    const message = describeError(error);
    return { outcome: message.startsWith('unexpected error') ? 'unexpected' : 'exit 2', message };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
