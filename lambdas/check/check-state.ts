import { z } from 'zod';
import type { AlertMemory } from '../core/alert-policy.ts';
import { ALERT_REASONS } from '../core/alert-reasons.ts';
import { REPORT_STATUSES } from '../core/report.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';

const STATE_FORMAT = 'driftwatch-state';

const stateSchema = z.object({
  format: z.literal(STATE_FORMAT),
  version: z.literal(1),
  monitor: z.string(),
  /** The newest snapshot fully handled: reported, metrics put, alert sent if one was due. */
  lastSnapshotId: z.string().nullable(),
  lastStatus: z.enum(REPORT_STATUSES),
  lastCheckedAt: z.string(),
  lastAlertAt: z.string().nullable(),
  lastAlertReason: z.enum(ALERT_REASONS).nullable(),
  lastReportKey: z.string().nullable(),
});

/**
 * `<prefix>state.json`: written last in a check, after report, metrics and alert, so a crash or
 * a failed publish leaves the previous state and the next run repeats the whole check.
 */
export type CheckState = z.infer<typeof stateSchema>;

function stateKey(prefix: string): string {
  return `${prefix}state.json`;
}

/**
 * The monitor's state, or null before its first check. A state file that cannot be parsed is
 * reported through `warn` and treated as absent: the worst outcome is one extra alert.
 */
export async function readState(
  store: SnapshotStore,
  prefix: string,
  warn: (message: string) => void,
): Promise<CheckState | null> {
  const stored = await store.getText(stateKey(prefix));
  if (stored === null) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(stored.text);
  } catch {
    warn(`${store.location}/${stateKey(prefix)} is not JSON; treating it as absent`);
    return null;
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) {
    warn(`${store.location}/${stateKey(prefix)} has an unknown shape; treating it as absent`);
    return null;
  }
  return parsed.data;
}

export async function writeState(store: SnapshotStore, prefix: string, state: CheckState): Promise<void> {
  await store.putText(stateKey(prefix), `${JSON.stringify(state, null, 2)}\n`, 'application/json');
}

export function alertMemoryOf(state: CheckState | null): AlertMemory {
  return {
    lastStatus: state?.lastStatus ?? null,
    lastAlertAt: state?.lastAlertAt ? Date.parse(state.lastAlertAt) : null,
  };
}
