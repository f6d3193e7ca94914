/**
 * HalfSipHash (Aumasson and Bernstein's SipHash on 32-bit words, 64-bit key, 32-bit output) of
 * little-endian words: `words[0, ⌈byteLength / 4⌉)` hold the input's bytes, the last word's unused
 * high bytes zero.
 *
 * A keyed hash is what keeps a hash table's probes short against inputs crafted to collide: an
 * unkeyed hash (MurmurHash3 included, whose multicollisions do not depend on its seed) lets anyone
 * who can write the input put every key in one bucket. The Linux kernel uses HalfSipHash-1-3 as its
 * `hsiphash` hash-table key function for exactly that ("SipHash - a short input PRF", Linux kernel
 * Documentation/security/siphash.rst, https://www.kernel.org/doc/html/latest/security/siphash.html):
 * too weak a PRF for anything else, and the outputs must never leave the process.
 *
 * @param cRounds compression rounds per word (1 for hash tables; 2 in the reference test vectors)
 * @param dRounds finalisation rounds (3 for hash tables; 4 in the reference test vectors)
 * @returns the 32-bit output as a signed int
 */
export function halfSipHash(
  words: Int32Array,
  byteLength: number,
  k0: number,
  k1: number,
  cRounds = 1,
  dRounds = 3,
): number {
  let v0 = k0 | 0;
  let v1 = k1 | 0;
  let v2 = 0x6c796765 ^ k0;
  let v3 = 0x74656462 ^ k1;
  const full = byteLength >>> 2;
  for (let i = 0; i <= full; i++) {
    // The last block: the tail bytes and the length in the top byte, as the reference's `b`.
    const m = i < full ? words[i] : (byteLength << 24) | (byteLength & 3 ? words[i] : 0);
    v3 ^= m;
    for (let r = 0; r < cRounds; r++) {
      v0 = (v0 + v1) | 0;
      v1 = (v1 << 5) | (v1 >>> 27);
      v1 ^= v0;
      v0 = (v0 << 16) | (v0 >>> 16);
      v2 = (v2 + v3) | 0;
      v3 = (v3 << 8) | (v3 >>> 24);
      v3 ^= v2;
      v0 = (v0 + v3) | 0;
      v3 = (v3 << 7) | (v3 >>> 25);
      v3 ^= v0;
      v2 = (v2 + v1) | 0;
      v1 = (v1 << 13) | (v1 >>> 19);
      v1 ^= v2;
      v2 = (v2 << 16) | (v2 >>> 16);
    }
    v0 ^= m;
  }
  v2 ^= 0xff;
  for (let r = 0; r < dRounds; r++) {
    v0 = (v0 + v1) | 0;
    v1 = (v1 << 5) | (v1 >>> 27);
    v1 ^= v0;
    v0 = (v0 << 16) | (v0 >>> 16);
    v2 = (v2 + v3) | 0;
    v3 = (v3 << 8) | (v3 >>> 24);
    v3 ^= v2;
    v0 = (v0 + v3) | 0;
    v3 = (v3 << 7) | (v3 >>> 25);
    v3 ^= v0;
    v2 = (v2 + v1) | 0;
    v1 = (v1 << 13) | (v1 >>> 19);
    v1 ^= v2;
    v2 = (v2 << 16) | (v2 >>> 16);
  }
  return v1 ^ v3;
}
