import type { NumericSummary } from '../profile/numeric-summary.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The length of the baseline periods time chunks are cut into: the time the checked snapshot
 * covers, read from its `timestamp` column. A snapshot's stamps run from its first to its last,
 * which is one spacing short of what it covers (24 hourly stamps span 23 h of a day), so one
 * spacing (span / (distinct stamps − 1), the stamps counted when the profile still counts them
 * exactly, else all values) is added; the result is rounded to the nearest whole day, hour,
 * minute or second (the largest unit it reaches), so a daily snapshot gives 1 d whatever its
 * first and last stamp. Periods are then aligned to multiples of their length since the epoch
 * (UTC midnight for days). Null when the snapshot has fewer than two distinct stamps: no span,
 * no periods.
 */
export function periodLengthOf(times: NumericSummary): number | null {
  if (times.count < 2 || !(times.max > times.min)) return null;
  const span = times.max - times.min;
  const stamps = times.distinct !== null ? times.distinct.size : times.count;
  const covered = span + span / Math.max(1, stamps - 1);
  const unit = covered >= DAY ? DAY : covered >= HOUR ? HOUR : covered >= MINUTE ? MINUTE : SECOND;
  return Math.max(unit, Math.round(covered / unit) * unit);
}

/** "1 d", "6 h", "15 min", "30 s". */
export function periodText(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY} d`;
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  if (ms % MINUTE === 0) return `${ms / MINUTE} min`;
  return `${ms / SECOND} s`;
}
