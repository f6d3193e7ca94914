import type { SeededRandom } from '../random.ts';

/**
 * Distinct positions of [0, n) in seeded random order, drawn again and again for one column: a
 * partial Fisher–Yates shuffle over a permutation that is kept between draws (any permutation is
 * a valid start), so a draw of k positions costs O(k) whatever n is, and no buffer is allocated
 * after the first. The first k positions of a draw are a uniform random k-subset, and any split
 * of them into consecutive parts gives disjoint uniform subsets (Knuth, TAOCP vol. 2, 3.4.2,
 * Algorithm P, stopped after k steps).
 */
export class PositionDraws {
  private readonly order: Uint32Array;
  private marks: Uint8Array | null = null;

  constructor(readonly size: number) {
    this.order = new Uint32Array(size);
    for (let i = 0; i < size; i++) this.order[i] = i;
  }

  /** `k` distinct positions; valid until the next call. */
  draw(k: number, random: SeededRandom): Uint32Array {
    const order = this.order;
    const n = this.size;
    for (let i = 0; i < k; i++) {
      const j = i + random.nextInt(n - i);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order.subarray(0, k);
  }

  /**
   * `sorted[parts]` gathered into `outputs` (one per consecutive part of the last draw), each
   * output in ascending order because the positions are taken in ascending order: by sorting a
   * part's positions when the part is small against the column, else by one pass over the column
   * marking each position with its part (cheaper than sorting once a draw covers a good share).
   */
  gatherSorted(sorted: Float64Array, partSizes: readonly number[], outputs: readonly Float64Array[]): void {
    let drawn = 0;
    for (const part of partSizes) drawn += part;
    if (drawn * 8 < this.size) {
      let start = 0;
      partSizes.forEach((part, p) => {
        const positions = this.order.subarray(start, start + part).sort();
        const out = outputs[p];
        for (let i = 0; i < part; i++) out[i] = sorted[positions[i]];
        start += part;
      });
      return;
    }
    this.marks ??= new Uint8Array(this.size);
    const marks = this.marks;
    marks.fill(0);
    let start = 0;
    partSizes.forEach((part, p) => {
      for (let i = start; i < start + part; i++) marks[this.order[i]] = p + 1;
      start += part;
    });
    const at = new Array<number>(partSizes.length).fill(0);
    for (let i = 0; i < this.size; i++) {
      const mark = marks[i];
      if (mark !== 0) outputs[mark - 1][at[mark - 1]++] = sorted[i];
    }
  }
}

/**
 * `k` distinct positions of [0, n), at most half of them, in seeded random order, by rejection:
 * at most 2k draws expected, O(k) whatever n is. `marks` (at least n long, all zero) is left all
 * zero again.
 */
export function distinctPositions(
  n: number,
  k: number,
  random: SeededRandom,
  marks: Uint8Array,
): Uint32Array {
  if (2 * k > n) throw new RangeError(`distinctPositions draws at most half of ${n} positions, not ${k}`);
  const drawn = new Uint32Array(k);
  for (let i = 0; i < k; ) {
    const position = random.nextInt(n);
    if (marks[position] === 1) continue;
    marks[position] = 1;
    drawn[i++] = position;
  }
  for (const position of drawn) marks[position] = 0;
  return drawn;
}
