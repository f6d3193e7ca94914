import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '../core/random.ts';
import { runMonitor, STORE_CONFIG_FILE } from './run-command.ts';

const DEMO_MONITOR = 'fraud-model';

/**
 * Sample rows of a fraud model's features (CSV). `drifted` moves four of seven features:
 * transaction amounts up, customers older, sessions shorter, more mobile devices; enough for
 * dataset drift under the default rule (share ≥ 0.5). Deterministic per seed.
 */
export function sampleFeaturesCsv(rows: number, seed: number, drifted: boolean): string {
  const random = new SeededRandom(seed);
  const normal = () =>
    Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  const pick = (values: readonly string[], weights: readonly number[]) => {
    let x = random.nextDouble() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < values.length; i++) {
      x -= weights[i];
      if (x < 0) return values[i];
    }
    return values[values.length - 1];
  };
  const lines = ['amount,customer_age,session_seconds,items,country,device,is_new_customer'];
  for (let i = 0; i < rows; i++) {
    const amount =
      random.nextDouble() < 0.02 ? '' : Math.exp(3.5 + 0.8 * normal() + (drifted ? 0.35 : 0)).toFixed(2);
    const age = Math.max(18, Math.round(41 + 12 * normal() + (drifted ? 7 : 0)));
    const session = Math.round(Math.exp(5 + 0.6 * normal()) * (drifted ? 0.7 : 1));
    const items = 1 + Math.floor(-Math.log(1 - random.nextDouble()) * 1.5);
    const country = pick(['US', 'GB', 'DE', 'FR', 'IN', 'BR'], [40, 15, 12, 10, 13, 10]);
    const device = pick(['mobile', 'desktop', 'tablet'], drifted ? [62, 30, 8] : [45, 45, 10]);
    const isNew = random.nextDouble() < 0.3;
    lines.push([amount, age, session, items, country, device, isNew].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `driftwatch demo`: a temporary store with a baseline and three snapshots (no drift, drift,
 * recovered), checked one after another by the same code as the scheduled Lambda. Prints each
 * check's alert and metrics and the path of each HTML report.
 */
export async function runDemo(stdout: (text: string) => void, root?: string): Promise<string[]> {
  const store = root ?? (await mkdtemp(join(tmpdir(), 'driftwatch-demo-')));
  const prefix = join(store, 'monitors', DEMO_MONITOR);
  await mkdir(join(prefix, 'baseline'), { recursive: true });
  await mkdir(join(prefix, 'snapshots'), { recursive: true });
  await writeFile(
    join(store, STORE_CONFIG_FILE),
    `${JSON.stringify({ namespace: 'DriftWatch', monitors: [{ name: DEMO_MONITOR, featureMetrics: ['amount'] }] }, null, 2)}\n`,
  );
  await writeFile(join(prefix, 'baseline', 'features.csv'), sampleFeaturesCsv(3000, 1, false));
  stdout(`demo store: ${store}\n  baseline: monitors/${DEMO_MONITOR}/baseline/features.csv (3000 rows)\n\n`);
  const snapshots = [
    { id: '2026-01-01T00', seed: 2, drifted: false, what: 'no drift' },
    { id: '2026-01-01T01', seed: 3, drifted: true, what: 'drift' },
    { id: '2026-01-01T02', seed: 4, drifted: false, what: 'recovered' },
  ];
  const htmlPaths: string[] = [];
  for (const snapshot of snapshots) {
    const file = join(prefix, 'snapshots', `${snapshot.id}.csv`);
    await writeFile(file, sampleFeaturesCsv(2000, snapshot.seed, snapshot.drifted));
    stdout(`── snapshot ${snapshot.id} (${snapshot.what}) ──\n`);
    const { htmlPath } = await runMonitor({ store, monitor: DEMO_MONITOR }, stdout);
    if (htmlPath !== null) htmlPaths.push(htmlPath);
    stdout('\n');
  }
  stdout(`HTML reports:\n${htmlPaths.map((path) => `  ${path}`).join('\n')}\n`);
  return htmlPaths;
}
