import type { FeatureCalibration } from './calibrate-feature.ts';

/**
 * Calibrations by feature, method and chunk size: filled by `compare` as it calibrates, and
 * kept by a caller that checks the same baseline again (the scheduled check caches it beside the
 * baseline profile) so each is paid once per baseline and snapshot-size class.
 */
export type CalibrationTable = Map<string, FeatureCalibration>;

export function calibrationKey(feature: string, method: string, chunkSize: number): string {
  return JSON.stringify([feature, method, chunkSize]);
}

/** The table as JSON text, for a cache. */
export function calibrationTableToJson(table: CalibrationTable): string {
  return JSON.stringify({ version: 1, entries: [...table] });
}

/** A cached table; anything unreadable is an empty table (the calibrations are then redone). */
export function calibrationTableFromJson(text: string): CalibrationTable {
  try {
    const parsed = JSON.parse(text) as { version?: unknown; entries?: unknown };
    if (parsed.version !== 1 || !Array.isArray(parsed.entries)) return new Map();
    const table: CalibrationTable = new Map();
    for (const entry of parsed.entries) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && isCalibration(entry[1]))
        table.set(entry[0], entry[1]);
    }
    return table;
  } catch {
    return new Map();
  }
}

function isCalibration(value: unknown): value is FeatureCalibration {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    typeof c.method === 'string' &&
    typeof c.chunkSize === 'number' &&
    typeof c.chunks === 'number' &&
    typeof c.mean === 'number' &&
    typeof c.std === 'number' &&
    (c.threshold === null || typeof c.threshold === 'number')
  );
}
