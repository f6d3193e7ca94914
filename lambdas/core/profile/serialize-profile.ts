import type { SourceType } from '../columns.ts';
import { FEATURE_KINDS, type FeatureKind } from '../kinds.ts';
import type { CellClass } from './cell-parsing.ts';
import type { CellLocation, ColumnProfile } from './column-profile.ts';
import type { NumericSummary } from './numeric-summary.ts';
import { PROFILE_VERSION, type Profile } from './profile.ts';

/**
 * Profiles travel as JSON (baseline cache in S3, `driftwatch profile -o`). Kept values are
 * base64 of little-endian float64, so they round-trip bit for bit and stay compact.
 */
export const PROFILE_FORMAT = 'driftwatch-profile';

const CELL_CLASSES: readonly CellClass[] = ['number', 'boolean', 'datetime', 'string'];

export function profileToJson(profile: Profile): string {
  return JSON.stringify({
    format: PROFILE_FORMAT,
    version: profile.version,
    rowCount: profile.rowCount,
    sources: profile.sources,
    sampling: profile.sampling,
    columns: profile.columns.map((column) => ({
      name: column.name,
      sourceType: column.sourceType,
      kindOverride: column.kindOverride,
      rows: column.rows,
      nulls: column.nulls,
      unreadable: column.unreadable,
      readError: column.readError,
      classes: column.classes,
      // Fixed key order, so equal profiles serialise to equal text.
      firstOfClass: Object.fromEntries(
        CELL_CLASSES.flatMap((cls) => (column.firstOfClass[cls] ? [[cls, column.firstOfClass[cls]]] : [])),
      ),
      numbers: summaryToJson(column.numbers),
      datetimes: summaryToJson(column.datetimes),
      categories: {
        counts: [...column.categories.counts],
        other: column.categories.other,
        lengthSum: column.categories.lengthSum,
      },
    })),
  });
}

function summaryToJson(s: NumericSummary): unknown {
  return {
    count: s.count,
    nan: s.nan,
    posInf: s.posInf,
    negInf: s.negInf,
    mean: s.mean,
    m2: s.m2,
    // JSON has no Infinity: an empty summary's range is written as null.
    min: s.count > 0 ? s.min : null,
    max: s.count > 0 ? s.max : null,
    distinct: s.distinct === null ? null : [...s.distinct],
    exact: s.exact,
    values: Buffer.from(s.values.buffer, s.values.byteOffset, s.size * 8).toString('base64'),
  };
}

export class ProfileFormatError extends Error {
  override readonly name = 'ProfileFormatError';
}

/** Parses a saved profile; throws ProfileFormatError naming the field when it is not one. */
export function profileFromJson(text: string, source = 'profile'): Profile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProfileFormatError(`${source}: not JSON (${(error as Error).message})`);
  }
  const doc = record(raw, source);
  if (doc.format !== PROFILE_FORMAT)
    throw new ProfileFormatError(`${source}: not a driftwatch profile (format)`);
  if (doc.version !== PROFILE_VERSION) {
    throw new ProfileFormatError(
      `${source}: profile version ${String(doc.version)} is not ${PROFILE_VERSION}; rebuild it with this driftwatch`,
    );
  }
  const sampling = record(doc.sampling, `${source} sampling`);
  return {
    version: PROFILE_VERSION,
    rowCount: num(doc.rowCount, `${source} rowCount`),
    sources: (doc.sources as unknown[]).map(String),
    sampling: {
      maxValues: num(sampling.maxValues, 'sampling.maxValues'),
      maxDistinct: num(sampling.maxDistinct, 'sampling.maxDistinct'),
      seed: num(sampling.seed, 'sampling.seed'),
      maxCategories: num(sampling.maxCategories, 'sampling.maxCategories'),
    },
    columns: (doc.columns as unknown[]).map((c, i) =>
      columnFromJson(record(c, `${source} columns[${i}]`), source),
    ),
  };
}

function columnFromJson(c: Record<string, unknown>, source: string): ColumnProfile {
  const where = `${source} column ${JSON.stringify(c.name)}`;
  const override = c.kindOverride;
  if (override !== null && !FEATURE_KINDS.includes(override as FeatureKind)) {
    throw new ProfileFormatError(`${where}: unknown kind ${String(override)}`);
  }
  const categories = record(c.categories, `${where} categories`);
  return {
    name: String(c.name),
    sourceType: c.sourceType as SourceType,
    kindOverride: override as FeatureKind | null,
    rows: num(c.rows, `${where} rows`),
    nulls: num(c.nulls, `${where} nulls`),
    unreadable: num(c.unreadable, `${where} unreadable`),
    readError: c.readError === null ? null : String(c.readError),
    classes: c.classes as Record<CellClass, number>,
    firstOfClass: c.firstOfClass as Partial<Record<CellClass, CellLocation>>,
    numbers: summaryFromJson(record(c.numbers, `${where} numbers`), where),
    datetimes: summaryFromJson(record(c.datetimes, `${where} datetimes`), where),
    categories: {
      counts: new Map(categories.counts as [string, number][]),
      other: num(categories.other, `${where} categories.other`),
      lengthSum: num(categories.lengthSum, `${where} categories.lengthSum`),
    },
  };
}

function summaryFromJson(s: Record<string, unknown>, where: string): NumericSummary {
  const bytes = Buffer.from(String(s.values), 'base64');
  // Copy into an aligned buffer: Buffer pools may hand back an odd byteOffset.
  const values = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(values.buffer).set(bytes);
  const count = num(s.count, `${where} count`);
  return {
    count,
    nan: num(s.nan, `${where} nan`),
    posInf: num(s.posInf, `${where} posInf`),
    negInf: num(s.negInf, `${where} negInf`),
    mean: num(s.mean, `${where} mean`),
    m2: num(s.m2, `${where} m2`),
    min: s.min === null ? Number.POSITIVE_INFINITY : num(s.min, `${where} min`),
    max: s.max === null ? Number.NEGATIVE_INFINITY : num(s.max, `${where} max`),
    distinct: s.distinct === null ? null : new Map(s.distinct as [number, number][]),
    values,
    size: values.length,
    exact: s.exact === true,
  };
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null)
    throw new ProfileFormatError(`${where}: expected an object`);
  return value as Record<string, unknown>;
}

function num(value: unknown, where: string): number {
  if (typeof value !== 'number') throw new ProfileFormatError(`${where}: expected a number`);
  return value;
}
