import { parquetWriteBuffer } from 'hyparquet-writer';
import { sampleFeaturesCsv } from '../../lambdas/cli/demo-command.ts';

/** The demo's sample features as CSV text (see demo-command.ts). */
export function featuresCsv(rows: number, seed: number, drifted: boolean): string {
  return sampleFeaturesCsv(rows, seed, drifted);
}

/** The same rows as Parquet (hyparquet-writer), typed columns, nullable amount. */
export function featuresParquet(rows: number, seed: number, drifted: boolean): Uint8Array {
  const [header, ...lines] = featuresCsv(rows, seed, drifted).trimEnd().split('\n');
  const names = header.split(',');
  const cells = lines.map((line) => line.split(','));
  const column = (name: string) => cells.map((row) => row[names.indexOf(name)]);
  const numbers = (name: string) => column(name).map((cell) => (cell === '' ? null : Number(cell)));
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: 'amount', data: numbers('amount'), type: 'DOUBLE', nullable: true },
      { name: 'customer_age', data: numbers('customer_age'), type: 'DOUBLE' },
      { name: 'session_seconds', data: numbers('session_seconds'), type: 'DOUBLE' },
      { name: 'items', data: numbers('items'), type: 'DOUBLE' },
      { name: 'country', data: column('country'), type: 'STRING' },
      { name: 'device', data: column('device'), type: 'STRING' },
      {
        name: 'is_new_customer',
        data: column('is_new_customer').map((cell) => cell === 'true'),
        type: 'BOOLEAN',
      },
    ],
  });
  return new Uint8Array(buffer);
}
