/**
 * Ids that MurmurHash3 x86 32-bit maps to one value under every seed: the hash-flooding inputs a
 * hash table keyed by an unkeyed hash must survive (Aumasson, Bernstein and Boßlet, "Hash-flooding
 * DoS reloaded", 2012, on MurmurHash3's seed-independent multicollisions).
 *
 * Why they collide: a 4-byte block k updates the state as h ← rotl(h ⊕ mix(k), 13) · 5 + c, with
 * mix(k) = rotl(k · c1, 15) · c2 invertible. Flip bit 18 of mix(k1): after the rotation it is bit
 * 31, which ·5 and +c carry unchanged (5 · 2^31 ≡ 2^31 mod 2^32), so the state differs in bit 31
 * only; flipping bit 31 of mix(k2) in the next block cancels it, whatever the state (so whatever the
 * seed) was before. Two 8-byte chunks that differ so are interchangeable anywhere in an id: t of
 * them give 2^t ids of one hash.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function mix(k: number): number {
  return Math.imul(rotl(Math.imul(k, C1), 15), C2);
}

/** The multiplicative inverse of an odd number mod 2^32 (Newton's iteration doubles the bits). */
function inverse(odd: number): number {
  let x = odd;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(odd, x));
  return x;
}

function unmix(m: number): number {
  const rotated = Math.imul(m, inverse(C2));
  return Math.imul((rotated >>> 15) | (rotated << 17), inverse(C1));
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** A 4-byte block (little-endian) as text, when its bytes are whole UTF-8 characters without NUL. */
function blockText(k: number): string | null {
  const bytes = new Uint8Array(new Int32Array([k]).buffer);
  if (bytes.includes(0)) return null;
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The first block (in a fixed sequence) whose partner under `flip` is text too. The partner of an
 * ASCII block is never ASCII (the map adds a near-constant to its low bytes), so the blocks are
 * any UTF-8 text: the index hashed ids' UTF-8 bytes.
 */
function textPair(flip: number): [string, string] {
  for (let i = 1; ; i++) {
    const k = Math.imul(i, 0x9e3779b1);
    const text = blockText(k);
    const partner = text === null ? null : blockText(unmix(mix(k) ^ flip));
    if (text !== null && partner !== null) return [text, partner];
  }
}

/** 2^chunks distinct ids (of 8 UTF-8 bytes per chunk) of one MurmurHash3 value under any seed. */
export function murmur3Multicollisions(chunks: number): string[] {
  const [a1, b1] = textPair(0x00040000);
  const [a2, b2] = textPair(0x80000000 | 0);
  const pair = [a1 + a2, b1 + b2];
  let ids = [''];
  for (let c = 0; c < chunks; c++) ids = ids.flatMap((id) => [id + pair[0], id + pair[1]]);
  return ids;
}

/** MurmurHash3 x86 32-bit (Appleby, public domain) of a text's UTF-8 bytes. */
export function murmur3OfText(text: string, seed: number): number {
  const bytes = new TextEncoder().encode(text);
  let h = seed | 0;
  const blocks = bytes.length & ~3;
  for (let i = 0; i < blocks; i += 4) {
    const k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    h ^= mix(k);
    h = (Math.imul(rotl(h, 13), 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  for (let i = bytes.length - 1; i >= blocks; i--) k = (k << 8) | bytes[i];
  if (bytes.length & 3) h ^= mix(k);
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
