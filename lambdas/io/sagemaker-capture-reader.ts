import type { TableReader } from '../core/columns.ts';
import { SnapshotFormatError } from '../core/errors.ts';
import type { ByteStream } from './gzip.ts';
import { JsonLinesReader, parseObject } from './jsonl-reader.ts';
import type { ReadLimits } from './read-limits.ts';

/**
 * The columns a capture record adds beside its features, by role: the model's output, the
 * inference time and the event id (so ground-truth labels can be joined on it).
 */
export const CAPTURE_COLUMNS = { prediction: 'prediction', timestamp: 'timestamp', id: 'id' } as const;

export interface SageMakerCaptureOptions {
  /**
   * Feature names in payload order, for CSV payloads and positional JSON arrays.
   * @default `_c0`, `_c1`, ...
   */
  readonly captureColumns?: readonly string[];
  readonly limits?: Partial<ReadLimits>;
}

/**
 * SageMaker Data Capture files: JSON Lines, one captured request per line (SageMaker developer
 * guide, "Capture data from real-time endpoint" and "View collected data"):
 *
 *     {"captureData": {"endpointInput": {"observedContentType": "text/csv", "mode": "INPUT",
 *        "data": "1.5,2,a", "encoding": "CSV"}, "endpointOutput": {...}},
 *      "eventMetadata": {"eventId": "...", "inferenceTime": "2026-12-06T10:00:01Z"}, "eventVersion": "0"}
 *
 * `encoding` is `CSV` or `JSON` (the payload as text) or `BASE64` (content types not listed as
 * CSV or JSON in the endpoint's capture config), read by `observedContentType`. One request may
 * hold several records (CSV lines, a JSON array, `{"instances": [...]}`): each is a row. Columns:
 * the features (named by the JSON keys, else by `captureColumns`, else `_c0`, `_c1`, ...), then
 * `prediction` (the output for that record), `timestamp` (`inferenceTime`) and `id` (`eventId`).
 * Memory is bounded as for JSON Lines: one line (`maxLineBytes`) at a time, batches of rows.
 */
export function sageMakerCaptureReader(
  source: ByteStream,
  options: SageMakerCaptureOptions = {},
): TableReader {
  const names = options.captureColumns;
  return new JsonLinesReader(source, {
    limits: options.limits,
    rowsOfRecord: (file, location, text) =>
      rowsOfCapture(parseObject(file, location, text), names, (problem) => {
        throw new SnapshotFormatError(file, location, problem);
      }),
  });
}

type Fail = (problem: string) => never;

function rowsOfCapture(
  capture: Record<string, unknown>,
  names: readonly string[] | undefined,
  fail: Fail,
): Record<string, unknown>[] {
  const captureData = objectAt(capture, 'captureData', fail);
  if (captureData === undefined) fail('no "captureData"; is this a SageMaker Data Capture file?');
  const input = payloadAt(captureData, 'endpointInput', fail);
  const output = payloadAt(captureData, 'endpointOutput', fail);
  if (input === undefined && output === undefined)
    fail('"captureData" holds neither "endpointInput" nor "endpointOutput"');
  const metadata = objectAt(capture, 'eventMetadata', fail);

  const features = input === undefined ? [{}] : inputRecords(input, names, fail);
  const predictions = output === undefined ? undefined : outputValues(output, features.length, fail);
  return features.map((record, i) => {
    for (const role of Object.values(CAPTURE_COLUMNS)) {
      if (Object.hasOwn(record, role))
        fail(
          `the feature "${role}" has the name of the capture's ${role} column; rename it (captureColumns)`,
        );
    }
    return {
      ...record,
      ...(predictions !== undefined ? { [CAPTURE_COLUMNS.prediction]: predictions[i] } : {}),
      [CAPTURE_COLUMNS.timestamp]: metadata?.inferenceTime ?? null,
      [CAPTURE_COLUMNS.id]: metadata?.eventId ?? null,
    };
  });
}

function objectAt(
  parent: Record<string, unknown>,
  key: string,
  fail: Fail,
): Record<string, unknown> | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) fail(`"${key}" is not an object`);
  return value as Record<string, unknown>;
}

/** A payload's text and how to read it. */
interface Payload {
  readonly side: 'endpointInput' | 'endpointOutput';
  readonly syntax: 'csv' | 'json' | 'jsonlines';
  readonly text: string;
}

function payloadAt(
  captureData: Record<string, unknown>,
  side: Payload['side'],
  fail: Fail,
): Payload | undefined {
  const payload = objectAt(captureData, side, fail);
  if (payload === undefined) return undefined;
  const { data, encoding, observedContentType } = payload;
  if (typeof data !== 'string') fail(`${side}.data is not a string`);
  const contentType = typeof observedContentType === 'string' ? observedContentType.toLowerCase() : '';
  switch (encoding) {
    case 'CSV':
      return { side, syntax: 'csv', text: data };
    case 'JSON':
      return { side, syntax: contentType.includes('jsonlines') ? 'jsonlines' : 'json', text: data };
    case 'BASE64': {
      const syntax = contentType.includes('csv')
        ? 'csv'
        : contentType.includes('jsonlines')
          ? 'jsonlines'
          : contentType.includes('json')
            ? 'json'
            : fail(
                `${side} is BASE64 of content type "${String(observedContentType)}"; only text/csv and application/json payloads are read`,
              );
      if (data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data))
        fail(`${side}.data is not valid base64`);
      return { side, syntax, text: Buffer.from(data, 'base64').toString('utf8') };
    }
    default:
      return fail(`${side}.encoding is ${JSON.stringify(encoding)}; expected "CSV", "JSON" or "BASE64"`);
  }
}

/** The feature records of the request: one per CSV line or JSON record. */
function inputRecords(
  payload: Payload,
  names: readonly string[] | undefined,
  fail: Fail,
): Record<string, unknown>[] {
  const positional = (values: readonly unknown[]): Record<string, unknown> => {
    if (names !== undefined && values.length !== names.length) {
      fail(`${payload.side} has ${values.length} values; captureColumns names ${names.length}`);
    }
    const record: Record<string, unknown> = {};
    values.forEach((value, i) => {
      record[names?.[i] ?? `_c${i}`] = value;
    });
    return record;
  };
  if (payload.syntax === 'csv') {
    return csvRecords(payload.text, fail).map((fields) =>
      positional(fields.map((cell) => (cell === '' ? null : cell))),
    );
  }
  const records = jsonRecords(payload, fail);
  return records.map((record) =>
    Array.isArray(record)
      ? positional(record)
      : record !== null && typeof record === 'object'
        ? (record as Record<string, unknown>)
        : positional([record]),
  );
}

/**
 * A JSON payload's records: `{"instances": [...]}` and arrays of arrays or objects hold one
 * record per element; anything else (an object, a flat array of values) is one record.
 */
function jsonRecords(payload: Payload, fail: Fail): unknown[] {
  const value = parseJson(payload, fail);
  if (payload.syntax === 'jsonlines') return value as unknown[];
  const list =
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Array.isArray((value as { instances?: unknown }).instances)
      ? (value as { instances: unknown[] }).instances
      : value;
  if (Array.isArray(list) && list.some((item) => item !== null && typeof item === 'object')) return list;
  return [list];
}

function parseJson(payload: Payload, fail: Fail): unknown {
  try {
    if (payload.syntax === 'jsonlines') {
      return payload.text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line));
    }
    return JSON.parse(payload.text);
  } catch (error) {
    return fail(`${payload.side}.data is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * One output value per input record: a CSV line or a JSON array element each (or
 * `{"predictions": [...]}`); a single request's output that is no such list is its one value.
 * Values that are not numbers, strings or booleans become their JSON text.
 */
function outputValues(payload: Payload, records: number, fail: Fail): unknown[] {
  let values: unknown[];
  if (payload.syntax === 'csv') {
    values = csvRecords(payload.text, fail).map((fields) =>
      fields.length === 1 ? (fields[0] === '' ? null : fields[0]) : JSON.stringify(fields),
    );
  } else {
    const value = parseJson(payload, fail);
    const list =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Array.isArray((value as { predictions?: unknown }).predictions)
        ? (value as { predictions: unknown[] }).predictions
        : value;
    values = Array.isArray(list) && (records > 1 || list.length === 1) ? list : [list];
  }
  if (values.length !== records) {
    fail(`endpointOutput holds ${values.length} values for ${records} input records`);
  }
  return values.map((value) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value));
}

/**
 * RFC 4180 records of a small CSV payload (quoted fields, `""` escapes, LF or CRLF; a trailing
 * line break ends the last record). The payload is one line of the capture file, so it is
 * already bounded by `maxLineBytes`.
 */
function csvRecords(text: string, fail: Fail): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      i++;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      endField();
      records.push(fields);
      fields = [];
      if (char === '\r' && text[i + 1] === '\n') i++;
    } else field += char;
    i++;
  }
  if (quoted) fail('a CSV payload ends inside a quoted field');
  if (field !== '' || fields.length > 0) {
    endField();
    records.push(fields);
  }
  return records;
}
