import { sortValuesInPlace } from './numeric-summary.ts';
import type { Profile } from './profile.ts';

/**
 * Sorts every kept-values array of a profile that is only compared from now on (see
 * `sortValuesInPlace`: arrival order is given up). Summaries sorted already are left alone.
 * @returns whether anything was sorted
 */
export function sortProfileInPlace(profile: Profile): boolean {
  let changed = false;
  for (const column of profile.columns) {
    for (const summary of [column.numbers, column.datetimes]) {
      if (summary.size > 1 && summary.sorted === undefined) {
        sortValuesInPlace(summary);
        changed = true;
      }
    }
  }
  return changed;
}
