import type { SourceType } from '../columns.ts';
import { DriftwatchError } from '../errors.ts';
import { FEATURE_KINDS, type FeatureKind } from '../kinds.ts';
import { CATEGORY_RULES, type CategoryCounts, type CategoryRule, keptHashLimit } from './category-counts.ts';
import type { CellClass } from './cell-parsing.ts';
import type { CellLocation, ColumnProfile } from './column-profile.ts';
import { assertSettled, type NumericSummary } from './numeric-summary.ts';
import { PROFILE_VERSION, type Profile } from './profile.ts';

/**
 * Saved and cached profiles are a binary container (version 2): magic, a JSON header holding
 * everything but the kept values, then each summary's kept values as raw little-endian float64,
 * 8-byte aligned, so reading is one view per section over the file's own ArrayBuffer (base64 JSON
 * costs a decode and a copy of every value: bench/profile-format.ts). Version 1 was one
 * JSON document with the kept values as base64; it is still read, so older saved profiles load.
 */
const PROFILE_FORMAT = 'driftwatch-profile';

/** The version-1 JSON document; profileToJson still writes it (text that diffs and compares). */
const JSON_VERSION = 1;
/** The binary container that profileToBytes writes. */
const CONTAINER_VERSION = 2;

/** `DWPROF` then the container version as u16 LE; readers sniff these first bytes. */
const MAGIC = [0x44, 0x57, 0x50, 0x52, 0x4f, 0x46] as const;
/** Magic (6) + version u16 + header length u32 + reserved u32. */
const PREAMBLE_BYTES = 16;

const CELL_CLASSES: readonly CellClass[] = ['number', 'boolean', 'datetime', 'string'];

/** Where a summary's kept values sit in the container: byte offset and number of float64s. */
interface ValuesSection {
  readonly offset: number;
  readonly length: number;
  /**
   * The values are stored in ascending order (a profile only ever compared, sorted in place
   * before it was saved): readers set `sorted` and compare skips the sort. Absent: arrival order.
   */
  readonly ascending?: true;
}

export function profileToJson(profile: Profile): string {
  return JSON.stringify(profileDocument(profile, JSON_VERSION, summaryValuesBase64));
}

function summaryValuesBase64(s: NumericSummary): string {
  return Buffer.from(s.values.buffer, s.values.byteOffset, s.size * 8).toString('base64');
}

/** The container: header then sections; equal profiles give equal bytes. */
export function profileToBytes(profile: Profile): Uint8Array {
  const summaries: NumericSummary[] = [];
  const sections: ValuesSection[] = [];
  // Offsets are relative to the data area, which starts after the (padded) header: the header's
  // length depends on the offsets' digits, so absolute offsets would be circular.
  let dataBytes = 0;
  const header = profileDocument(profile, CONTAINER_VERSION, (s) => {
    const section: ValuesSection = {
      offset: dataBytes,
      length: s.size,
      ...(inPlaceSorted(s) ? { ascending: true } : {}),
    };
    summaries.push(s);
    sections.push(section);
    dataBytes += s.size * 8;
    return section;
  });
  const headerBytes = new TextEncoder().encode(JSON.stringify({ ...header, dataBytes }, keepNonFinite));
  const dataStart = align8(PREAMBLE_BYTES + headerBytes.byteLength);
  const bytes = new Uint8Array(dataStart + dataBytes);
  bytes.set(MAGIC, 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(6, CONTAINER_VERSION, true);
  view.setUint32(8, headerBytes.byteLength, true);
  bytes.set(headerBytes, PREAMBLE_BYTES);
  // Header padding is spaces, so the header region stays valid UTF-8 JSON when trimmed.
  bytes.fill(0x20, PREAMBLE_BYTES + headerBytes.byteLength, dataStart);
  const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
  for (let i = 0; i < summaries.length; i++) {
    const { values, size } = summaries[i];
    const at = dataStart + sections[i].offset;
    if (littleEndian) {
      bytes.set(new Uint8Array(values.buffer, values.byteOffset, size * 8), at);
    } else {
      for (let j = 0; j < size; j++) view.setFloat64(at + j * 8, values[j], true);
    }
  }
  return bytes;
}

/** `sorted` is the kept values themselves, sorted in place (`sortValuesInPlace`). */
function inPlaceSorted(s: NumericSummary): boolean {
  const sorted = s.sorted;
  return (
    sorted !== undefined &&
    s.size > 0 &&
    sorted.length === s.size &&
    sorted.buffer === s.values.buffer &&
    sorted.byteOffset === s.values.byteOffset
  );
}

/**
 * JSON has no NaN, ±Infinity or -0, yet a summary's mean and m2 overflow to Infinity on huge
 * values: the container keeps them as `{"$f":"Infinity"}` (an object, so no column name or
 * category string can be mistaken for one) and reads them back exactly.
 */
function keepNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    return { $f: Object.is(value, -0) ? '-0' : String(value) };
  }
  return value;
}

function reviveNonFinite(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const f = (value as { $f?: unknown }).$f;
    if (typeof f === 'string' && Object.keys(value).length === 1) {
      const n = f === '-0' ? -0 : Number(f);
      if (Number.isNaN(n) && f !== 'NaN') return value;
      return n;
    }
  }
  return value;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** True when the bytes start like a version-2 container (or a truncation of its magic). */
function isProfileContainer(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.byteLength, MAGIC.length);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

/** True when the bytes look like a saved profile of either version (cheap: reads the first bytes). */
export function looksLikeSavedProfile(head: Uint8Array): boolean {
  if (head.byteLength >= MAGIC.length && isProfileContainer(head)) return true;
  const text = new TextDecoder().decode(head.subarray(0, 200));
  return /^\s*\{\s*"format"\s*:\s*"driftwatch-profile"/.test(text);
}

/**
 * Reads a saved profile of either version, told apart by the first bytes: the container's
 * magic, else version-1 JSON. Kept values of a container are views of `bytes.buffer` (copied
 * once only if `bytes` is not 8-byte aligned). Throws ProfileFormatError naming `source`.
 */
export function profileFromBytes(bytes: Uint8Array, source = 'profile'): Profile {
  if (!isProfileContainer(bytes)) {
    const first = bytes.findIndex((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first === -1 || bytes[first] !== 0x7b) {
      throw new ProfileFormatError(`${source}: not a driftwatch profile (neither a container nor JSON)`);
    }
    return profileFromJson(new TextDecoder().decode(bytes), source);
  }
  if (bytes.byteLength < PREAMBLE_BYTES) {
    throw new ProfileFormatError(
      `${source}: truncated profile container (${bytes.byteLength} bytes, shorter than its ${PREAMBLE_BYTES}-byte preamble)`,
    );
  }
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  const version = view.getUint16(6, true);
  if (version !== CONTAINER_VERSION) {
    throw new ProfileFormatError(
      `${source}: profile container version ${version} is not ${CONTAINER_VERSION}; rebuild it with this driftwatch`,
    );
  }
  const headerLength = view.getUint32(8, true);
  const dataStart = align8(PREAMBLE_BYTES + headerLength);
  if (dataStart > aligned.byteLength) {
    throw new ProfileFormatError(
      `${source}: truncated profile container (${aligned.byteLength} bytes, its header alone needs ${dataStart})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(
        aligned.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength),
      ),
      reviveNonFinite,
    );
  } catch (error) {
    throw new ProfileFormatError(`${source}: garbled profile container header (${(error as Error).message})`);
  }
  const header = record(raw, `${source} header`);
  const dataBytes = count(header.dataBytes, `${source} header dataBytes`);
  const expected = dataStart + dataBytes;
  if (aligned.byteLength < expected) {
    throw new ProfileFormatError(
      `${source}: truncated profile container (${aligned.byteLength} of ${expected} bytes)`,
    );
  }
  if (aligned.byteLength > expected) {
    throw new ProfileFormatError(
      `${source}: garbled profile container (${aligned.byteLength - expected} bytes after its ${expected})`,
    );
  }
  const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
  const ascending = new Set<Float64Array>();
  const profile = profileFromDocument(header, source, CONTAINER_VERSION, (value, where) => {
    const section = record(value, `${where} values`);
    const offset = num(section.offset, `${where} values.offset`);
    const length = num(section.length, `${where} values.length`);
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset < 0 ||
      length < 0 ||
      offset % 8 !== 0 ||
      offset + length * 8 > dataBytes
    ) {
      throw new ProfileFormatError(
        `${where}: values section ${offset}+${length}×8 is outside the ${dataBytes} data bytes`,
      );
    }
    const at = aligned.byteOffset + dataStart + offset;
    let values: Float64Array;
    if (littleEndian) values = new Float64Array(aligned.buffer, at, length);
    else {
      values = new Float64Array(length);
      for (let j = 0; j < length; j++) values[j] = view.getFloat64(dataStart + offset + j * 8, true);
    }
    if (section.ascending === true) {
      // Trusted only when true: a wrong flag would give wrong statistics, not an error.
      for (let j = 1; j < length; j++) {
        if (!(values[j - 1] <= values[j])) {
          throw new ProfileFormatError(`${where}: values marked ascending are not (at ${j})`);
        }
      }
      ascending.add(values);
    }
    return values;
  });
  for (const column of profile.columns) {
    for (const summary of [column.numbers, column.datetimes]) {
      if (ascending.has(summary.values)) summary.sorted = summary.values.subarray(0, summary.size);
    }
  }
  return profile;
}

function profileDocument(
  profile: Profile,
  version: number,
  values: (s: NumericSummary) => unknown,
): Record<string, unknown> {
  return {
    format: PROFILE_FORMAT,
    version,
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
      numbers: summaryDocument(column.numbers, values),
      datetimes: summaryDocument(column.datetimes, values),
      categories: {
        counts: [...column.categories.counts],
        other: column.categories.other,
        lengthSum: column.categories.lengthSum,
        // Absent in profiles saved before the hash rule: their tables kept the first values seen.
        rule: column.categories.rule,
      },
    })),
  };
}

function summaryDocument(s: NumericSummary, values: (s: NumericSummary) => unknown): unknown {
  assertSettled(s);
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
    values: values(s),
  };
}

export class ProfileFormatError extends DriftwatchError {
  override readonly name = 'ProfileFormatError';
}

/** Parses a version-1 saved profile; throws ProfileFormatError naming the field when it is not one. */
export function profileFromJson(text: string, source = 'profile'): Profile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ProfileFormatError(`${source}: not JSON (${(error as Error).message})`);
  }
  return profileFromDocument(record(raw, source), source, JSON_VERSION, (value, where) => {
    if (typeof value !== 'string') throw new ProfileFormatError(`${where} values: expected base64 text`);
    const bytes = Buffer.from(value, 'base64');
    if (bytes.byteLength % 8 !== 0) {
      throw new ProfileFormatError(
        `${where} values: ${bytes.byteLength} bytes is not a whole number of float64s`,
      );
    }
    // Copy into an aligned buffer: Buffer pools may hand back an odd byteOffset.
    const values = new Float64Array(bytes.byteLength / 8);
    new Uint8Array(values.buffer).set(bytes);
    return values;
  });
}

type ValuesReader = (value: unknown, where: string) => Float64Array;

function profileFromDocument(
  doc: Record<string, unknown>,
  source: string,
  version: number,
  readValues: ValuesReader,
): Profile {
  if (doc.format !== PROFILE_FORMAT)
    throw new ProfileFormatError(`${source}: not a driftwatch profile (format)`);
  if (doc.version !== version) {
    throw new ProfileFormatError(
      `${source}: profile version ${String(doc.version)} is not ${version}; rebuild it with this driftwatch`,
    );
  }
  const sampling = record(doc.sampling, `${source} sampling`);
  if (!Array.isArray(doc.sources)) throw new ProfileFormatError(`${source} sources: expected an array`);
  if (!Array.isArray(doc.columns)) throw new ProfileFormatError(`${source} columns: expected an array`);
  return {
    version: PROFILE_VERSION,
    rowCount: count(doc.rowCount, `${source} rowCount`),
    sources: doc.sources.map(String),
    sampling: {
      maxValues: count(sampling.maxValues, `${source} sampling.maxValues`),
      maxDistinct: count(sampling.maxDistinct, `${source} sampling.maxDistinct`),
      seed: num(sampling.seed, `${source} sampling.seed`),
      maxCategories: count(sampling.maxCategories, `${source} sampling.maxCategories`),
    },
    columns: doc.columns.map((c, i) =>
      columnFromDocument(record(c, `${source} columns[${i}]`), source, readValues),
    ),
  };
}

function columnFromDocument(
  c: Record<string, unknown>,
  source: string,
  readValues: ValuesReader,
): ColumnProfile {
  const where = `${source} column ${JSON.stringify(c.name)}`;
  const override = c.kindOverride;
  if (override !== null && !FEATURE_KINDS.includes(override as FeatureKind)) {
    throw new ProfileFormatError(`${where}: unknown kind ${String(override)}`);
  }
  if (typeof c.name !== 'string') throw new ProfileFormatError(`${where}: name is not a string`);
  if (!SOURCE_TYPES.includes(c.sourceType as SourceType)) {
    throw new ProfileFormatError(`${where}: unknown source type ${JSON.stringify(c.sourceType)}`);
  }
  const categories = record(c.categories, `${where} categories`);
  const rows = count(c.rows, `${where} rows`);
  const nulls = count(c.nulls, `${where} nulls`);
  const unreadable = count(c.unreadable, `${where} unreadable`);
  if (nulls + unreadable > rows) {
    throw new ProfileFormatError(`${where}: ${nulls} nulls and ${unreadable} unreadable in ${rows} rows`);
  }
  const classes = record(c.classes, `${where} classes`);
  const firstOfClass = record(c.firstOfClass, `${where} firstOfClass`);
  for (const cls of Object.keys(firstOfClass)) {
    if (!CELL_CLASSES.includes(cls as CellClass))
      throw new ProfileFormatError(`${where} firstOfClass: unknown class ${cls}`);
    const location = record(firstOfClass[cls], `${where} firstOfClass.${cls}`);
    if (typeof location.source !== 'string' || typeof location.value !== 'string')
      throw new ProfileFormatError(`${where} firstOfClass.${cls}: expected a source and a value`);
    count(location.row, `${where} firstOfClass.${cls}.row`);
  }
  return {
    name: c.name,
    sourceType: c.sourceType as SourceType,
    kindOverride: override as FeatureKind | null,
    rows,
    nulls,
    unreadable,
    readError: c.readError === null ? null : String(c.readError),
    classes: Object.fromEntries(
      CELL_CLASSES.map((cls) => [cls, count(classes[cls], `${where} classes.${cls}`)]),
    ) as Record<CellClass, number>,
    firstOfClass: firstOfClass as Partial<Record<CellClass, CellLocation>>,
    numbers: summaryFromDocument(record(c.numbers, `${where} numbers`), `${where} numbers`, readValues),
    datetimes: summaryFromDocument(
      record(c.datetimes, `${where} datetimes`),
      `${where} datetimes`,
      readValues,
    ),
    categories: categoriesFromDocument(categories, `${where} categories`),
  };
}

function categoriesFromDocument(doc: Record<string, unknown>, where: string): CategoryCounts {
  const rule = doc.rule ?? 'arrival';
  if (!CATEGORY_RULES.includes(rule as CategoryRule)) {
    throw new ProfileFormatError(`${where}.rule: unknown rule ${JSON.stringify(rule)}`);
  }
  const categories: CategoryCounts = {
    counts: pairs(doc.counts, `${where}.counts`, (key) => typeof key === 'string') as Map<string, number>,
    other: count(doc.other, `${where}.other`),
    lengthSum: count(doc.lengthSum, `${where}.lengthSum`),
    rule: rule as CategoryRule,
    hashLimit: Number.POSITIVE_INFINITY,
  };
  categories.hashLimit = keptHashLimit(categories) ?? Number.POSITIVE_INFINITY;
  return categories;
}

function summaryFromDocument(
  s: Record<string, unknown>,
  where: string,
  readValues: ValuesReader,
): NumericSummary {
  const values = readValues(s.values, where);
  const finite = count(s.count, `${where} count`);
  // Kept values are finite (NaN and ±Inf are counted apart): a NaN would stall the rank methods.
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ProfileFormatError(`${where} values: value ${i} is ${values[i]}, not a finite number`);
    }
  }
  const exact = s.exact === true;
  if (exact ? values.length !== finite : values.length > finite) {
    throw new ProfileFormatError(
      `${where} values: ${values.length} kept for ${finite} finite values${exact ? ' (marked exact)' : ''}`,
    );
  }
  const min = s.min === null ? Number.POSITIVE_INFINITY : finiteNumber(s.min, `${where} min`);
  const max = s.max === null ? Number.NEGATIVE_INFINITY : finiteNumber(s.max, `${where} max`);
  if (finite > 0 && !(min <= max)) throw new ProfileFormatError(`${where}: min ${min} above max ${max}`);
  return {
    count: finite,
    nan: count(s.nan, `${where} nan`),
    posInf: count(s.posInf, `${where} posInf`),
    negInf: count(s.negInf, `${where} negInf`),
    mean: num(s.mean, `${where} mean`),
    m2: num(s.m2, `${where} m2`),
    min,
    max,
    distinct:
      s.distinct === null
        ? null
        : (pairs(s.distinct, `${where} distinct`, (key) => Number.isFinite(key)) as Map<number, number>),
    values,
    size: values.length,
    exact,
  };
}

const SOURCE_TYPES: readonly SourceType[] = [
  'double',
  'integer',
  'decimal',
  'boolean',
  'timestamp',
  'date',
  'string',
  'untyped',
];

/** `[key, count]` pairs with keys that pass `keyOk` and counts that are counts, each key once. */
function pairs(value: unknown, where: string, keyOk: (key: unknown) => boolean): Map<unknown, number> {
  if (!Array.isArray(value)) throw new ProfileFormatError(`${where}: expected an array of [value, count]`);
  const map = new Map<unknown, number>();
  for (const [i, entry] of value.entries()) {
    if (!Array.isArray(entry) || entry.length !== 2 || !keyOk(entry[0])) {
      throw new ProfileFormatError(`${where}[${i}]: expected [value, count]`);
    }
    if (map.has(entry[0]))
      throw new ProfileFormatError(`${where}[${i}]: ${JSON.stringify(entry[0])} appears twice`);
    map.set(entry[0], count(entry[1], `${where}[${i}] count`));
  }
  return map;
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null)
    throw new ProfileFormatError(`${where}: expected an object`);
  return value as Record<string, unknown>;
}

function num(value: unknown, where: string): number {
  if (typeof value !== 'number')
    throw new ProfileFormatError(`${where}: expected a number, found ${describe(value)}`);
  return value;
}

function finiteNumber(value: unknown, where: string): number {
  const n = num(value, where);
  if (!Number.isFinite(n)) throw new ProfileFormatError(`${where}: expected a finite number, found ${n}`);
  return n;
}

/** A whole number ≥ 0 (rows, cells, sizes). */
function count(value: unknown, where: string): number {
  const n = num(value, where);
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ProfileFormatError(`${where}: expected a count (a whole number ≥ 0), found ${n}`);
  return n;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
