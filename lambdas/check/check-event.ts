import { z } from 'zod';
import { ConfigError } from '../config.ts';

const checkEventSchema = z.object({ monitor: z.string().min(1) });

/** The Scheduler's input, `{"monitor": "<name>"}`; extra keys are allowed and ignored. */
export function parseCheckEvent(event: unknown): { readonly monitor: string } {
  const parsed = checkEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new ConfigError(
      `the check event must be {"monitor": "<name>"}, got ${JSON.stringify(event)?.slice(0, 200)}`,
    );
  }
  return parsed.data;
}
