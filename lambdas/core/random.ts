/**
 * A seeded generator (xoshiro128**), so sampled profiles are reproducible: the same
 * snapshot and seed always give the same sample and therefore the same report.
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small seed over the 128-bit state.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
  }

  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.b << 9) >>> 0;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * An integer in [0, n) for n up to 2^32 from one 32-bit draw (half the work of `nextInt`): each
   * integer has probability ⌊2^32/n⌋/2^32 or ⌈2^32/n⌉/2^32, within n/2^32 of uniform relatively
   * (2.4e-4 at a million): for the many draws of a calibration's chunks, not for sampling a profile.
   */
  nextBelow(n: number): number {
    return Math.floor((this.nextUint32() * n) / 4294967296);
  }

  /** Uniform integer in [0, n) for n up to 2^53. */
  nextInt(n: number): number {
    return Math.floor(this.nextDouble() * n);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A stable 32-bit seed for one column, so columns sample independently but reproducibly. */
export function columnSeed(seed: number, columnName: string): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < columnName.length; i++) {
    h ^= columnName.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The seed of a column's datetime sample, apart from its numbers' (`columnSeed`). Every place that
 * makes or replays a column's sample — the profiler, merging profiles, the fan-out's merge of parts
 * — seeds with these two, so a fan-out gives the single-Lambda sample (docs/design.md §6).
 */
export function datetimeSeed(columnSeed: number): number {
  return columnSeed ^ 0x5bd1e995;
}
