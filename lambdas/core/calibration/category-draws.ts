import type { SeededRandom } from '../random.ts';
import { PositionDraws } from './position-draws.ts';

/**
 * Above this many category values (rows, not kept values: category counts are never sampled), the
 * bit sets of a draw (three bits a value) would cost too much memory: positions are then drawn by
 * rejection into a set instead, O(k) still since a draw takes at most half the values.
 */
const POSITION_BITS_LIMIT = 1 << 26;

/**
 * The counts by category of `k` values drawn without replacement from `all` (categories laid end
 * to end, each value a position): a multivariate hypergeometric draw in O(k + n / 32).
 */
export function categoryDraws(
  all: Float64Array,
  n: number,
): (k: number, random: SeededRandom) => Float64Array {
  const ends = new Float64Array(all.length);
  let running = 0;
  for (let c = 0; c < all.length; c++) ends[c] = running += all[c];
  if (n > POSITION_BITS_LIMIT) {
    return (k, random) => {
      const counts = new Float64Array(all.length);
      const seen = new Set<number>();
      while (seen.size < k) {
        const position = n > 2 ** 32 ? random.nextInt(n) : random.nextBelow(n);
        if (seen.has(position)) continue;
        seen.add(position);
        counts[categoryAt(ends, position)]++;
      }
      return counts;
    };
  }
  const positions = new PositionDraws(n);
  return (k, random) => {
    const counts = new Float64Array(all.length);
    positions.drawParts([k], random);
    // Positions come in ascending order, so the category only moves forward.
    let category = 0;
    positions.forEachPosition(0, (position) => {
      while (position >= ends[category]) category++;
      counts[category]++;
    });
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
