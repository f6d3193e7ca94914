import { createHash } from 'node:crypto';
import { columnSeed } from '../core/random.ts';
import type { TableReading } from '../io/profile-sources.ts';

/**
 * Where a part's row sample sits: beside its partial profile, named after the part file's key and
 * ETag, so the reduce reads the sample of exactly the part version whose profile it merged (an
 * execution for an earlier version of the snapshot may write the same index).
 */
export function partRowSampleKey(partialKey: string, part: { key: string; etag: string }): string {
  const version = createHash('sha256')
    .update(JSON.stringify([part.key, part.etag]))
    .digest('hex')
    .slice(0, 16);
  return `${partialKey.replace(/\.bin$/, '')}.rows-${version}.bin`;
}

/**
 * A part's sampling settings: the check's, seeded per part file (by its key, which does not move
 * when other parts come and go) so that parts sample independently and a rerun keeps the same rows.
 */
export function partRowSampling(
  rowSample: NonNullable<TableReading['rowSample']>,
  partKey: string,
): NonNullable<TableReading['rowSample']> {
  return { ...rowSample, seed: columnSeed(rowSample.seed, `part\u0000${partKey}`) };
}
