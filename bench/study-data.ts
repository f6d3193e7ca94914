/**
 * The threshold study's real data, from the `vega-datasets` npm package (a pinned dev dependency):
 * US domestic flights of March 2001 (flights-3m.parquet, BTS on-time data) and FAA wildlife strikes
 * 1990–2003 (birdstrikes.csv). Read with DuckDB, in file order (one thread keeps it), then put in
 * time order by a stable sort, so every run sees the same rows in the same order.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface NumericData {
  readonly kind: 'numeric';
  readonly name: string;
  /** NaN for a null. */
  readonly values: Float64Array;
}

export interface CategoricalData {
  /** `boolean`: two values. */
  readonly kind: 'categorical' | 'boolean';
  readonly name: string;
  /** Index into `labels`; −1 for a null. */
  readonly codes: Int32Array;
  readonly labels: readonly string[];
}

export type ColumnData = NumericData | CategoricalData;

export interface Dataset {
  readonly name: string;
  readonly description: string;
  readonly rows: number;
  /** Rows are in time order (consecutive periods are consecutive rows). */
  readonly columns: readonly ColumnData[];
  /** Each row's time, epoch milliseconds, ascending (the `timestamp` role of a monitor). */
  readonly times: Float64Array;
}

/** The package's folder: resolved through its main entry (its exports do not list package.json). */
function packageFolder(): string {
  const require = createRequire(import.meta.url);
  let folder = dirname(require.resolve('vega-datasets'));
  while (!existsSync(join(folder, 'package.json'))) folder = dirname(folder);
  return folder;
}

export function vegaDatasetsVersion(): string {
  return (JSON.parse(readFileSync(join(packageFolder(), 'package.json'), 'utf8')) as { version: string })
    .version;
}

function dataFolder(): string {
  return join(packageFolder(), 'data');
}

export async function loadDatasets(): Promise<Dataset[]> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  const read = async (sql: string) => (await connection.runAndReadAll(sql)).getColumns();
  const folder = dataFolder();
  const flights = await read(
    `SELECT epoch_ms(date)::DOUBLE, delay::DOUBLE, distance::DOUBLE, origin, destination
     FROM '${join(folder, 'flights-3m.parquet')}' WHERE date >= '2001-03-01' AND date < '2001-04-01'`,
  );
  const birds = await read(
    `SELECT epoch_ms("Flight Date")::DOUBLE, "Speed IAS in knots"::DOUBLE, "Cost Total $"::DOUBLE,
       "Airport Name", "Aircraft Airline Operator", "Wildlife Species", "Origin State",
       "Phase of flight", "Effect Amount of damage", "Time of day", "Wildlife Size"
     FROM read_csv('${join(folder, 'birdstrikes.csv')}', header = true)`,
  );
  connection.closeSync();
  const flightOrder = timeOrder(flights[0]);
  const birdOrder = timeOrder(birds[0]);
  const delay = numbers(flights[1], flightOrder);
  const damage = categories(birds[8], birdOrder);
  return [
    {
      name: 'flights',
      description: 'US domestic flights, March 2001 (vega-datasets flights-3m.parquet)',
      rows: flightOrder.length,
      times: numbers(flights[0], flightOrder),
      columns: [
        { kind: 'numeric', name: 'delay', values: delay },
        { kind: 'numeric', name: 'distance', values: numbers(flights[2], flightOrder) },
        { kind: 'categorical', name: 'origin', ...categories(flights[3], flightOrder) },
        { kind: 'categorical', name: 'destination', ...categories(flights[4], flightOrder) },
        // Real, derived: the on-time measure (a flight is late past 15 minutes).
        { kind: 'boolean', name: 'late', ...booleanOf(delay, (x) => x > 15) },
      ],
    },
    {
      name: 'birdstrikes',
      description: 'FAA wildlife strikes 1990–2003 (vega-datasets birdstrikes.csv)',
      rows: birdOrder.length,
      times: numbers(birds[0], birdOrder),
      columns: [
        { kind: 'numeric', name: 'speed', values: numbers(birds[1], birdOrder) },
        { kind: 'numeric', name: 'cost', values: numbers(birds[2], birdOrder) },
        { kind: 'categorical', name: 'airport', ...categories(birds[3], birdOrder) },
        { kind: 'categorical', name: 'operator', ...categories(birds[4], birdOrder) },
        { kind: 'categorical', name: 'species', ...categories(birds[5], birdOrder) },
        { kind: 'categorical', name: 'state', ...categories(birds[6], birdOrder) },
        { kind: 'categorical', name: 'phase', ...categories(birds[7], birdOrder) },
        { kind: 'categorical', name: 'damage', ...damage },
        { kind: 'categorical', name: 'time_of_day', ...categories(birds[9], birdOrder) },
        { kind: 'categorical', name: 'size', ...categories(birds[10], birdOrder) },
        // Real, derived: any damage reported.
        {
          kind: 'boolean',
          name: 'damaged',
          ...booleanOf(
            Float64Array.from(damage.codes, (code) =>
              code < 0 ? Number.NaN : damage.labels[code] === 'None' ? 0 : 1,
            ),
            (x) => x === 1,
          ),
        },
      ],
    },
  ];
}

type Cells = readonly unknown[];

/** Row indexes sorted by time, ties in file order (a stable sort). */
function timeOrder(times: Cells): Int32Array {
  const order = Array.from({ length: times.length }, (_, i) => i);
  order.sort((a, b) => Number(times[a]) - Number(times[b]));
  return Int32Array.from(order);
}

function numbers(cells: Cells, order: Int32Array): Float64Array {
  return Float64Array.from(order, (i) => (cells[i] === null ? Number.NaN : Number(cells[i])));
}

function categories(cells: Cells, order: Int32Array): { codes: Int32Array; labels: string[] } {
  const labels: string[] = [];
  const index = new Map<string, number>();
  const codes = Int32Array.from(order, (i) => {
    const cell = cells[i];
    if (cell === null) return -1;
    const text = String(cell);
    let code = index.get(text);
    if (code === undefined) {
      code = labels.length;
      labels.push(text);
      index.set(text, code);
    }
    return code;
  });
  return { codes, labels };
}

function booleanOf(
  values: Float64Array,
  test: (x: number) => boolean,
): { codes: Int32Array; labels: string[] } {
  return {
    codes: Int32Array.from(values, (x) => (Number.isNaN(x) ? -1 : test(x) ? 1 : 0)),
    labels: ['false', 'true'],
  };
}
