/**
 * Seeded mutations of valid inputs for the fuzz test and the longer local campaign: byte-level
 * damage (flips, overwrites with sizes, cuts, duplicated and inserted ranges) on every format,
 * and structured damage of Parquet page headers and footers through parquet-surgery.
 */
import { gzipSync } from 'node:zlib';
import type { PageHeader } from 'hyparquet';
import { SeededRandom } from '../../lambdas/core/random.ts';
import { validCsv, validJsonLines, validParquet, validProfiles } from './hostile-inputs.ts';
import { rewriteParquet } from './parquet-surgery.ts';

/** The project's own seeded generator as a function, so a printed seed replays a run exactly. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.nextDouble();
}

export interface Seed {
  /** File name (its extension picks the reader). */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** A saved profile (the baseline side of a check), not a table. */
  readonly profile: boolean;
}

export async function validSeeds(): Promise<Seed[]> {
  const text = (s: string) => new TextEncoder().encode(s);
  const { container, json } = await validProfiles();
  return [
    { name: 'data.parquet', bytes: validParquet(), profile: false },
    { name: 'plain.parquet', bytes: validParquet('UNCOMPRESSED'), profile: false },
    { name: 'data.csv', bytes: text(validCsv()), profile: false },
    { name: 'data.csv.gz', bytes: gzipSync(validCsv()), profile: false },
    { name: 'data.jsonl', bytes: text(validJsonLines()), profile: false },
    { name: 'data.jsonl.gz', bytes: gzipSync(validJsonLines()), profile: false },
    { name: 'saved.bin', bytes: container, profile: true },
    { name: 'saved.json', bytes: text(json), profile: true },
  ];
}

/** Values that break size and count fields: signs, powers of two, the int32 edges. */
const NASTY = [0, 1, -1, -5, 255, 600, 1200, 65535, 2 ** 31 - 1, -(2 ** 31), 2 ** 30, 200_000_000];

export function mutate(seed: Seed, random: () => number): Uint8Array {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  if (seed.name.endsWith('.parquet') && random() < 0.5) {
    try {
      return mutateParquet(seed.bytes, random, pick);
    } catch {
      // The surgery itself could not write that edit: fall back to byte damage.
    }
  }
  let out = seed.bytes.slice();
  const at = () => Math.floor(random() * out.length);
  const edits = 1 + Math.floor(random() * 4);
  for (let e = 0; e < edits; e++) {
    const kind = Math.floor(random() * 6);
    if (kind === 0) out[at()] ^= 1 << Math.floor(random() * 8);
    else if (kind === 1) out[at()] = Math.floor(random() * 256);
    else if (kind === 2) {
      const i = Math.min(at(), out.length - 4);
      if (i >= 0) new DataView(out.buffer, out.byteOffset).setInt32(i, pick(NASTY), true);
    } else if (kind === 3) out = out.slice(0, at());
    else if (kind === 4) {
      const i = at();
      const j = Math.min(out.length, i + Math.floor(random() * 64));
      const copy = new Uint8Array(out.length + (j - i));
      copy.set(out.subarray(0, j));
      copy.set(out.subarray(i), j);
      out = copy;
    } else {
      const i = at();
      const noise = Uint8Array.from({ length: 1 + Math.floor(random() * 16) }, () =>
        pick([0x22, 0x0a, 0x2c, 0x7b, 0x5b, 0x00, 0xff, Math.floor(random() * 256)]),
      );
      const copy = new Uint8Array(out.length + noise.length);
      copy.set(out.subarray(0, i));
      copy.set(noise, i);
      copy.set(out.subarray(i), i + noise.length);
      out = copy;
    }
  }
  return out;
}

function mutateParquet(
  file: Uint8Array,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): Uint8Array {
  const target = Math.floor(random() * 8);
  const value = pick(NASTY);
  let page = 0;
  return rewriteParquet(file, {
    page: (_place, header: PageHeader, payload) => {
      if (page++ !== target) return { header, payload };
      const field = Math.floor(random() * 5);
      const data = header.data_page_header ?? header.data_page_header_v2;
      if (field === 0 && data) data.num_values = value;
      else if (field === 1) header.uncompressed_page_size = value;
      else if (field === 2 && header.dictionary_page_header) header.dictionary_page_header.num_values = value;
      else if (field === 3 && header.data_page_header_v2)
        header.data_page_header_v2.definition_levels_byte_length = value;
      else if (field === 4) return null;
      return { header, payload };
    },
    footer: (metadata) => {
      if (random() < 0.3) metadata.row_groups[0].num_rows = BigInt(value);
      if (random() < 0.2)
        metadata.row_groups[0].columns[Math.floor(random() * 4)].meta_data!.num_values = BigInt(value);
    },
  });
}
