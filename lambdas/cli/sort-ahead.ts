import { type PrecomputedResults, sortedMethodPlan } from '../core/compare.ts';
import type { MethodId } from '../core/method-registry.ts';
import type { MethodResult } from '../core/methods/types.ts';
import type { DriftPolicy } from '../core/policy.ts';
import type { NumericSummary } from '../core/profile/numeric-summary.ts';
import type { Profile } from '../core/profile/profile.ts';
import { sortProfileInPlace } from '../core/profile/sort-profile.ts';
import type { ProfilingWorker, SortSide, SortTask } from './profile-in-worker.ts';

/**
 * The compare's expensive part done ahead on both cores: every kept-values array sorted in place
 * (the compare reads them sorted, see `sortedValues`), and every sorted-sample method the compare
 * will run (KS, Wasserstein, ...) run on them. Column pairs go to whichever worker is free,
 * largest first, so a check whose two tables differ in size still keeps both cores busy, and the
 * methods no longer run one after another on the main thread once both tables are read.
 *
 * With no workers the arrays are sorted here and the compare runs the methods itself.
 */
export async function sortAhead(
  baseline: Profile,
  current: Profile,
  policy: DriftPolicy,
  workers: readonly ProfilingWorker[],
): Promise<PrecomputedResults> {
  const results = new Map<string, { method: MethodId; result: MethodResult }>();
  const pairs = columnPairs(baseline, current, policy);
  if (workers.length === 0) {
    sortProfileInPlace(baseline);
    sortProfileInPlace(current);
    return results;
  }
  const shared = sharedBuffers([baseline, current]);
  // Largest first: the last tasks handed out are the short ones, so both workers finish together.
  pairs.sort((a, b) => weight(b) - weight(a));
  let next = 0;
  const drain = async (worker: ProfilingWorker) => {
    while (next < pairs.length) {
      const id = next++;
      const pair = pairs[id];
      const task: SortTask = {
        id,
        reference: sideOf(pair.reference, shared),
        current: sideOf(pair.current, shared),
        method: pair.method,
      };
      const outcome = await worker.sort(task);
      adopt(pair.reference, task.reference, outcome.reference);
      adopt(pair.current, task.current, outcome.current);
      if (pair.method !== null && outcome.result !== null) {
        results.set(pair.name, { method: pair.method, result: outcome.result });
      }
    }
  };
  await Promise.all(workers.map(drain));
  return results;
}

/**
 * Sorts one table's kept values in its worker while the other table is still being read (a saved
 * baseline profile loads in well under a second, a snapshot takes longer): column by column,
 * largest first, until `otherArrived()` — from then on `sortAhead` shares the rest between both
 * workers. Sorted summaries keep their `sorted` cache, which `sortAhead` then skips.
 */
export async function sortWhileWaiting(
  profile: Profile,
  worker: ProfilingWorker,
  otherArrived: () => boolean,
): Promise<void> {
  const shared = sharedBuffers([profile]);
  const summaries = profile.columns
    .flatMap((column) => [column.numbers, column.datetimes])
    .filter((summary) => summary.size > 1 && summary.sorted === undefined)
    .sort((a, b) => b.size - a.size);
  for (const [id, summary] of summaries.entries()) {
    if (otherArrived()) return;
    const side = sideOf(summary, shared);
    const outcome = await worker.sort({ id, reference: side, current: null, method: null });
    adopt(summary, side, outcome.reference);
  }
}

interface ColumnPair {
  readonly name: string;
  readonly reference: NumericSummary | null;
  readonly current: NumericSummary | null;
  readonly method: MethodId | null;
}

/** Every numbers and date-time summary with something to sort, paired by column. */
function columnPairs(baseline: Profile, current: Profile, policy: DriftPolicy): ColumnPair[] {
  const plan = sortedMethodPlan(baseline, current, policy);
  const names = new Set([...baseline.columns, ...current.columns].map((column) => column.name));
  const pairs: ColumnPair[] = [];
  for (const name of names) {
    const reference = baseline.columns.find((column) => column.name === name);
    const currentColumn = current.columns.find((column) => column.name === name);
    for (const field of ['numbers', 'datetimes'] as const) {
      const left = sortable(reference?.[field]);
      const right = sortable(currentColumn?.[field]);
      const planned = plan.get(name);
      const method = planned !== undefined && planned.values === field ? planned.method : null;
      // Sides sorted while the other table was still being read need only their method run.
      if (isSorted(left) && isSorted(right) && method === null) continue;
      pairs.push({ name, reference: left, current: right, method });
    }
  }
  return pairs;
}

function sortable(summary: NumericSummary | undefined): NumericSummary | null {
  return summary !== undefined && summary.size > 1 ? summary : null;
}

const isSorted = (summary: NumericSummary | null) => summary === null || summary.sorted !== undefined;

function weight(pair: ColumnPair): number {
  const sortCost = (summary: NumericSummary | null) => (isSorted(summary) ? 0 : (summary?.size ?? 0));
  return sortCost(pair.reference) + sortCost(pair.current) + (pair.method === null ? 0 : 1);
}

/**
 * Buffers that hold more than one summary's values (a saved profile's columns are views of one
 * file buffer): transferring one would detach the others, so such values travel as a copy.
 */
export function sharedBuffers(profiles: readonly Profile[]): Set<ArrayBufferLike> {
  const seen = new Set<ArrayBufferLike>();
  const shared = new Set<ArrayBufferLike>();
  for (const profile of profiles) {
    for (const column of profile.columns) {
      for (const summary of [column.numbers, column.datetimes]) {
        if (summary.size === 0) continue;
        const buffer = summary.values.buffer;
        if (seen.has(buffer) || !(buffer instanceof ArrayBuffer)) shared.add(buffer);
        seen.add(buffer);
      }
    }
  }
  return shared;
}

function sideOf(summary: NumericSummary | null, shared: ReadonlySet<ArrayBufferLike>): SortSide | null {
  if (summary === null) return null;
  const values = shared.has(summary.values.buffer) ? summary.values.slice(0, summary.size) : summary.values;
  return { values, size: summary.size, sorted: summary.sorted !== undefined };
}

/**
 * The sorted values come back in the buffer that left (or its copy): the summary's again. A copy
 * of values that were sorted already (a saved profile's, sorted in its worker) is dropped instead:
 * the summary keeps its view, and the copies never pile up beside the file's one buffer.
 */
function adopt(summary: NumericSummary | null, sent: SortSide | null, values: Float64Array | null): void {
  if (summary === null || sent === null || values === null) return;
  if (sent.sorted && sent.values !== summary.values) return;
  summary.values = values;
  summary.sorted = values.subarray(0, summary.size);
}
