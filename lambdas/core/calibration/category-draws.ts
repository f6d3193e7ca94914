import type { SeededRandom } from '../random.ts';
import { PositionDraws } from './position-draws.ts';

/**
 * Above this many category values (rows, not kept values: category counts are never sampled), the
 * position tables of a draw (8 bytes a value) would cost too much memory: positions are then drawn
 * by rejection into a set instead, O(k) still since a draw takes at most half the values.
 */
const POSITION_TABLE_LIMIT = 1 << 22;

/**
 * The counts by category of `k` values drawn without replacement from `all` (categories laid end
 * to end, each value a position): a multivariate hypergeometric draw in O(k).
 */
export function categoryDraws(
  all: Float64Array,
  n: number,
): (k: number, random: SeededRandom) => Float64Array {
  const ends = new Float64Array(all.length);
  let running = 0;
  for (let c = 0; c < all.length; c++) ends[c] = running += all[c];
  if (n > POSITION_TABLE_LIMIT) {
    return (k, random) => {
      const counts = new Float64Array(all.length);
      const seen = new Set<number>();
      while (seen.size < k) {
        const position = random.nextInt(n);
        if (seen.has(position)) continue;
        seen.add(position);
        counts[categoryAt(ends, position)]++;
      }
      return counts;
    };
  }
  const categoryOf = new Uint32Array(n);
  for (let c = 0; c < all.length; c++) categoryOf.fill(c, c === 0 ? 0 : ends[c - 1], ends[c]);
  const positions = new PositionDraws(n);
  return (k, random) => {
    const counts = new Float64Array(all.length);
    const drawn = positions.draw(k, random);
    for (let i = 0; i < k; i++) counts[categoryOf[drawn[i]]]++;
    return counts;
  };
}

/** The first category whose end is past `position`. */
function categoryAt(ends: Float64Array, position: number): number {
  let lo = 0;
  let hi = ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] > position) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
