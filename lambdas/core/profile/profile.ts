import type { RowSample } from '../multivariate/row-sample.ts';
import type { ColumnProfile } from './column-profile.ts';
import type { SamplingOptions } from './numeric-summary.ts';

/** Bumped whenever the serialised shape changes; older cached profiles are rebuilt. */
export const PROFILE_VERSION = 1;

/** A table's profile: enough to compare against without re-reading the table. */
export interface Profile {
  readonly version: number;
  readonly rowCount: number;
  /** The files (or objects) profiled, in order. */
  readonly sources: readonly string[];
  readonly sampling: SamplingOptions & { readonly seed: number; readonly maxCategories: number };
  /** Columns in the order the table first declared them. */
  readonly columns: readonly ColumnProfile[];
  /**
   * A seeded sample of whole rows, for multivariate drift: kept in memory beside the profile when
   * the read asked for one (`TableReading.rowSample`), never serialized with it.
   */
  readonly rows?: RowSample;
}

export function findColumn(profile: Profile, name: string): ColumnProfile | undefined {
  return profile.columns.find((column) => column.name === name);
}
