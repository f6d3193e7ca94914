import type { Profile } from '../core/profile/profile.ts';
import { Profiler, type ProfilerOptions } from '../core/profile/profiler.ts';
import type { ByteSource } from './byte-source.ts';
import { openTable } from './open-table.ts';

/** Streams one table (a file or its part files) through the profiler, batch by batch. */
export async function profileSources(
  sources: readonly ByteSource[],
  options: ProfilerOptions = {},
): Promise<Profile> {
  const reader = await openTable(sources);
  const profiler = new Profiler(options);
  for (const column of await reader.schema()) profiler.declare(column.name, column.sourceType);
  for await (const batch of reader.batches()) profiler.add(batch);
  return profiler.finish();
}
