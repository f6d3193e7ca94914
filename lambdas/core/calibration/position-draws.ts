import type { SeededRandom } from '../random.ts';

/**
 * Disjoint uniform random subsets of the positions [0, size), drawn again and again for one
 * column: `drawParts([a, b])` takes a uniform random a-subset, then a uniform random b-subset of
 * what is left. Each part is a bit set (size / 8 bytes, small enough to stay in cache, where a
 * shuffled permutation of a million positions is not), filled by rejection: positions drawn until
 * that many new ones are hit, or, for a part of more than half of what is left, the positions left
 * out of it drawn instead. So a draw costs O(size / 32 + drawn) whatever its parts, and reading a
 * part in ascending order (`gatherSorted`, `forEachPosition`) keeps sorted values sorted.
 */
export class PositionDraws {
  private readonly words: number;
  private readonly taken: Uint32Array;
  private readonly excluded: Uint32Array;
  private readonly parts: Uint32Array[] = [];

  constructor(readonly size: number) {
    this.words = Math.ceil(size / 32);
    this.taken = new Uint32Array(this.words);
    this.excluded = new Uint32Array(this.words);
  }

  /** Draws the parts (sizes in order, their sum at most `size`); valid until the next draw. */
  drawParts(partSizes: readonly number[], random: SeededRandom): void {
    const taken = this.taken;
    taken.fill(0);
    let free = this.size;
    partSizes.forEach((k, p) => {
      if (k > free) throw new RangeError(`cannot draw ${k} of the ${free} positions left`);
      this.parts[p] ??= new Uint32Array(this.words);
      const part = this.parts[p];
      part.fill(0);
      if (2 * k <= free) {
        this.hit(k, random, (word, bit) => {
          taken[word] |= bit;
          part[word] |= bit;
        });
      } else {
        // The part is most of what is left: draw what it leaves out, take the rest.
        const excluded = this.excluded;
        excluded.fill(0);
        this.hit(
          free - k,
          random,
          (word, bit) => {
            excluded[word] |= bit;
          },
          excluded,
        );
        for (let w = 0; w < this.words; w++) {
          part[w] = ~(taken[w] | excluded[w]) & this.wordMask(w);
          taken[w] |= part[w];
        }
      }
      free -= k;
    });
  }

  /** Each part's values of `sorted` at its positions, in ascending order, into `outputs[p]`. */
  gatherSorted(sorted: Float64Array, outputs: readonly Float64Array[]): void {
    outputs.forEach((out, p) => {
      let at = 0;
      this.forEachPosition(p, (position) => {
        out[at++] = sorted[position];
      });
    });
  }

  /** Calls `visit` with each position of part `p`, ascending. */
  forEachPosition(p: number, visit: (position: number) => void): void {
    const part = this.parts[p];
    for (let w = 0; w < this.words; w++) {
      let bits = part[w];
      while (bits !== 0) {
        const low = bits & -bits;
        visit(w * 32 + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
  }

  /** `count` positions not yet taken (nor in `alsoAvoid`), each new one passed to `mark`. */
  private hit(
    count: number,
    random: SeededRandom,
    mark: (word: number, bit: number) => void,
    alsoAvoid?: Uint32Array,
  ): void {
    const taken = this.taken;
    for (let hits = 0; hits < count; ) {
      const position = random.nextBelow(this.size);
      const word = position >>> 5;
      const bit = 1 << (position & 31);
      if ((taken[word] & bit) !== 0 || (alsoAvoid !== undefined && (alsoAvoid[word] & bit) !== 0)) continue;
      mark(word, bit);
      hits++;
    }
  }

  /** The bits of word `w` that stand for positions below `size`. */
  private wordMask(w: number): number {
    const last = this.size - w * 32;
    return last >= 32 ? -1 : (1 << last) - 1;
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
    const position = random.nextBelow(n);
    if (marks[position] === 1) continue;
    marks[position] = 1;
    drawn[i++] = position;
  }
  for (const position of drawn) marks[position] = 0;
  return drawn;
}
