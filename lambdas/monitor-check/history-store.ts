import { z } from 'zod';
import { ALERT_REASONS } from '../core/alert-reasons.ts';
import {
  type FeaturePoint,
  HISTORY_MAX_CHECKS,
  type HistoryEntry,
  withHistoryEntry,
} from '../core/check-history.ts';
import { REPORT_STATUSES } from '../core/report.ts';
import type { SnapshotStore } from '../io/snapshot-store.ts';
import { WriteConflictError } from '../io/write-conflict-error.ts';

const HISTORY_FORMAT = 'driftwatch-history';

/** Reads and conditional writes before a check gives up on a history other writers keep changing. */
const APPEND_ATTEMPTS = 5;

/** Significant digits kept per number: plenty for a chart; report.json keeps every digit. */
const DIGITS = 6;

const FLAG_DRIFTED = 1;
const FLAG_FAILED = 2;
const FLAG_QUALITY = 4;
const FLAG_P_VALUE = 8;
const FLAG_DISTANCE = 16;

/** `[name index, statistic, p-value, threshold, flags, null share, n]` */
type FeatureTuple = [number, number | null, number | null, number | null, number, number, number];

/**
 * Checked by hand rather than by a zod tuple schema: a full history holds tens of thousands of
 * them, read on every check.
 */
function isFeatureTuples(value: unknown): value is FeatureTuple[] {
  if (!Array.isArray(value)) return false;
  for (const tuple of value) {
    if (!Array.isArray(tuple) || tuple.length !== 7) return false;
    const [index, statistic, pValue, threshold, flags, nullShare, n] = tuple;
    if (!Number.isInteger(index) || index < 0) return false;
    for (const x of [statistic, pValue, threshold]) if (x !== null && typeof x !== 'number') return false;
    if (typeof flags !== 'number' || typeof nullShare !== 'number' || typeof n !== 'number') return false;
  }
  return true;
}

/**
 * `<prefix>history.json`, compact: feature names once in `features`, and per check one tuple per
 * feature `[name index, statistic, p-value, threshold, flags, null share, n]` (flags: 1 drifted,
 * 2 not compared, 4 quality finding, 8 p-value test, 16 distance). README "History" documents it.
 */
const historySchema = z.object({
  format: z.literal(HISTORY_FORMAT),
  version: z.literal(1),
  monitor: z.string(),
  features: z.array(z.string()),
  checks: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      status: z.enum(REPORT_STATUSES),
      alert: z.enum(ALERT_REASONS).nullable(),
      /** report.json's key under the monitor's prefix. */
      report: z.string().nullable(),
      share: z.number(),
      rule: z.number(),
      f: z.custom<FeatureTuple[]>(isFeatureTuples, 'feature tuples'),
    }),
  ),
});

type StoredHistory = z.infer<typeof historySchema>;

export function historyKey(prefix: string): string {
  return `${prefix}history.json`;
}

/** The history as read, and the ETag a conditional write over it needs (null: no history yet). */
export interface ReadHistory {
  readonly entries: readonly HistoryEntry[];
  readonly etag: string | null;
}

/**
 * A monitor's history, oldest first. A history.json that cannot be parsed is reported through
 * `warn` and treated as empty (the next write starts a new one), as state.json is.
 */
export async function readHistory(
  store: SnapshotStore,
  prefix: string,
  warn: (message: string) => void,
): Promise<ReadHistory> {
  const stored = await store.getText(historyKey(prefix));
  if (stored === null) return { entries: [], etag: null };
  const where = `${store.location}/${historyKey(prefix)}`;
  let raw: unknown;
  try {
    raw = JSON.parse(stored.text);
  } catch {
    warn(`${where} is not JSON; starting a new history`);
    return { entries: [], etag: stored.etag };
  }
  const parsed = historySchema.safeParse(raw);
  if (!parsed.success) {
    warn(`${where} has an unknown shape; starting a new history`);
    return { entries: [], etag: stored.etag };
  }
  return { entries: decodeHistory(parsed.data, prefix), etag: stored.etag };
}

/**
 * Adds a check to the monitor's history: read, add (replacing an entry of the same id, dropping
 * the oldest past HISTORY_MAX_CHECKS), write conditionally on the ETag read (`If-Match`, or
 * `If-None-Match: *` for the first), and on a conflict read again and redo. S3 reads are strongly
 * consistent after writes ("Amazon S3 data consistency model", Amazon S3 User Guide,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html#ConsistencyModel), so the
 * read after a conflict sees the other writer's history. Returns the history written.
 *
 * @param first the history already read in this check, used for the first attempt
 * @throws WriteConflictError when every attempt met another writer's change
 */
export async function appendHistory(
  store: SnapshotStore,
  prefix: string,
  monitor: string,
  entry: HistoryEntry,
  first: ReadHistory,
  warn: (message: string) => void,
): Promise<HistoryEntry[]> {
  let read = first;
  // Rounded once here: the entries read back are rounded already, so writing them costs no more.
  const rounded = roundedEntry(entry);
  for (let attempt = 1; ; attempt++) {
    const entries = withHistoryEntry(read.entries, rounded, HISTORY_MAX_CHECKS);
    try {
      await store.putText(
        historyKey(prefix),
        encodeHistory(monitor, entries, prefix),
        'application/json',
        read.etag === null ? { ifNoneMatch: '*' } : { ifMatch: read.etag },
      );
      return entries;
    } catch (error) {
      if (!(error instanceof WriteConflictError) || attempt >= APPEND_ATTEMPTS) throw error;
      read = await readHistory(store, prefix, warn);
    }
  }
}

/** The entry with its numbers cut to DIGITS significant digits; non-finite ones become null. */
function roundedEntry(entry: HistoryEntry): HistoryEntry {
  return {
    ...entry,
    driftedShare: round(entry.driftedShare) ?? 0,
    features: entry.features.map((f) => ({
      ...f,
      statistic: round(f.statistic),
      pValue: round(f.pValue),
      threshold: round(f.threshold),
      nullShare: round(f.nullShare) ?? 0,
    })),
  };
}

/**
 * The stored JSON of a history, numbers as given (appendHistory rounds each entry once); one
 * line (the object is read by programs, and is big). JSON has no Infinity or NaN: they are
 * written as null.
 */
export function encodeHistory(monitor: string, entries: readonly HistoryEntry[], prefix: string): string {
  const names = new Map<string, number>();
  const index = (name: string) => {
    let i = names.get(name);
    if (i === undefined) {
      i = names.size;
      names.set(name, i);
    }
    return i;
  };
  const checks = entries.map((entry) => ({
    id: entry.id,
    at: entry.checkedAt,
    status: entry.status,
    alert: entry.alert,
    report:
      entry.reportKey === null
        ? null
        : entry.reportKey.startsWith(prefix)
          ? entry.reportKey.slice(prefix.length)
          : entry.reportKey,
    share: entry.driftedShare,
    rule: entry.driftShareThreshold,
    f: entry.features.map((f) => [
      index(f.name),
      f.statistic,
      f.pValue,
      f.threshold,
      flagsOf(f),
      f.nullShare,
      f.n,
    ]),
  }));
  const stored = {
    format: HISTORY_FORMAT,
    version: 1,
    monitor,
    features: [...names.keys()],
    checks,
  };
  return `${JSON.stringify(stored)}\n`;
}

function decodeHistory(stored: StoredHistory, prefix: string): HistoryEntry[] {
  return stored.checks.map((check) => ({
    id: check.id,
    checkedAt: check.at,
    status: check.status,
    alert: check.alert,
    reportKey: check.report === null ? null : `${prefix}${check.report}`,
    driftedShare: check.share,
    driftShareThreshold: check.rule,
    features: check.f.map(
      ([i, statistic, pValue, threshold, flags, nullShare, n]): FeaturePoint => ({
        name: stored.features[i] ?? `#${i}`,
        statistic,
        pValue,
        threshold,
        decision: flags & FLAG_P_VALUE ? 'p_value' : flags & FLAG_DISTANCE ? 'distance' : null,
        drifted: (flags & FLAG_DRIFTED) !== 0,
        failed: (flags & FLAG_FAILED) !== 0,
        quality: (flags & FLAG_QUALITY) !== 0,
        nullShare,
        n,
      }),
    ),
  }));
}

function flagsOf(f: FeaturePoint): number {
  return (
    (f.drifted ? FLAG_DRIFTED : 0) |
    (f.failed ? FLAG_FAILED : 0) |
    (f.quality ? FLAG_QUALITY : 0) |
    (f.decision === 'p_value' ? FLAG_P_VALUE : f.decision === 'distance' ? FLAG_DISTANCE : 0)
  );
}

/** Non-finite numbers (which JSON cannot hold) become null. */
function round(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : Number(x.toPrecision(DIGITS));
}
