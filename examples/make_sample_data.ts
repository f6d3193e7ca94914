/**
 * Writes the bundled sample data (run: `npx tsx examples/make_sample_data.ts`): a fraud
 * model's features, a baseline CSV and a current Parquet snapshot in which the transaction
 * amount, device mix and session length drifted, the rest did not. Deterministic.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ColumnSource } from 'hyparquet-writer';
import { parquetWriteFile } from 'hyparquet-writer';
import { SeededRandom } from '../lambdas/core/random.ts';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'data');

interface Table {
  amount: (number | null)[];
  customer_age: number[];
  session_seconds: number[];
  items: number[];
  country: string[];
  device: string[];
  is_new_customer: boolean[];
  signup_time: Date[];
}

function normal(random: SeededRandom): number {
  // Box–Muller; 1 - u keeps log away from 0.
  const u = 1 - random.nextDouble();
  const v = random.nextDouble();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function pick<T>(random: SeededRandom, values: readonly T[], weights: readonly number[]): T {
  let x = random.nextDouble() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < values.length; i++) {
    x -= weights[i];
    if (x < 0) return values[i];
  }
  return values[values.length - 1];
}

function makeTable(rows: number, seed: number, drifted: boolean): Table {
  const random = new SeededRandom(seed);
  const t: Table = {
    amount: [],
    customer_age: [],
    session_seconds: [],
    items: [],
    country: [],
    device: [],
    is_new_customer: [],
    signup_time: [],
  };
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < rows; i++) {
    const amount = Math.exp(3.5 + 0.8 * normal(random) + (drifted ? 0.35 : 0));
    t.amount.push(random.nextDouble() < 0.02 ? null : Math.round(amount * 100) / 100);
    t.customer_age.push(Math.max(18, Math.round(41 + 12 * normal(random))));
    t.session_seconds.push(Math.round(Math.exp(5 + 0.6 * normal(random)) * (drifted ? 0.7 : 1)));
    t.items.push(1 + Math.floor(-Math.log(1 - random.nextDouble()) * 1.5));
    t.country.push(pick(random, ['US', 'GB', 'DE', 'FR', 'IN', 'BR'], [40, 15, 12, 10, 13, 10]));
    t.device.push(
      drifted
        ? pick(random, ['mobile', 'desktop', 'tablet'], [62, 30, 8])
        : pick(random, ['mobile', 'desktop', 'tablet'], [45, 45, 10]),
    );
    t.is_new_customer.push(random.nextDouble() < 0.3);
    t.signup_time.push(new Date(start + Math.floor(random.nextDouble() * 300 * 86_400_000)));
  }
  return t;
}

function csvOf(t: Table): string {
  const names = Object.keys(t) as (keyof Table)[];
  const lines = [names.join(',')];
  for (let i = 0; i < t.amount.length; i++) {
    lines.push(
      names
        .map((name) => {
          const v = t[name][i];
          if (v === null) return '';
          if (v instanceof Date) return v.toISOString();
          return String(v);
        })
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'baseline.csv'), csvOf(makeTable(5000, 11, false)));
const current = makeTable(3000, 12, true);
const columnData: ColumnSource[] = [
  { name: 'amount', data: current.amount, type: 'DOUBLE' },
  { name: 'customer_age', data: current.customer_age, type: 'INT32' },
  { name: 'session_seconds', data: current.session_seconds.map(BigInt), type: 'INT64' },
  { name: 'items', data: current.items, type: 'INT32' },
  { name: 'country', data: current.country, type: 'STRING' },
  { name: 'device', data: current.device, type: 'STRING' },
  { name: 'is_new_customer', data: current.is_new_customer, type: 'BOOLEAN' },
  { name: 'signup_time', data: current.signup_time, type: 'TIMESTAMP' },
];
parquetWriteFile({ filename: join(out, 'current.parquet'), columnData });
writeFileSync(join(out, 'no-drift.csv'), csvOf(makeTable(3000, 13, false)));
console.log(`wrote sample data to ${out}`);
