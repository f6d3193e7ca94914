import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '../core/random.ts';
import { runMonitor, STORE_CONFIG_FILE } from './run-command.ts';

const DEMO_MONITOR = 'fraud-model';

/** The demo's monitor: drift of the features, and the model's quality from the inline labels. */
const DEMO_MONITOR_CONFIG = {
  name: DEMO_MONITOR,
  featureMetrics: ['amount'],
  drift: {
    columns: { prediction: 'predicted_fraud', target: 'is_fraud' },
    model: { task: 'classification', score: 'fraud_score', positiveClass: 1 },
  },
};

/**
 * Sample rows of a fraud model's features (CSV). `drifted` moves four of seven features:
 * transaction amounts up, customers older, sessions shorter, more mobile devices; enough for
 * dataset drift under the default rule (share ≥ 0.5). With `model`, three more columns: the
 * model's `fraud_score` (its probability of fraud), `predicted_fraud` (1 when the score is at least
 * 0.5) and the label `is_fraud`, drawn from the rule the model learnt, or with `conceptDrift` from
 * another rule (fraud moved to large baskets from Brazil), which only the model's quality shows.
 * Deterministic per seed; the features are the same with or without `model`.
 */
export function sampleFeaturesCsv(
  rows: number,
  seed: number,
  drifted: boolean,
  model?: { readonly conceptDrift: boolean },
): string {
  const random = new SeededRandom(seed);
  // The labels draw from their own generator, so the features do not depend on `model`.
  const labelRandom = new SeededRandom(seed + 1_000_003);
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
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const header = 'amount,customer_age,session_seconds,items,country,device,is_new_customer';
  const lines = [model === undefined ? header : `${header},fraud_score,predicted_fraud,is_fraud`];
  for (let i = 0; i < rows; i++) {
    const amount =
      random.nextDouble() < 0.02 ? '' : Math.exp(3.5 + 0.8 * normal() + (drifted ? 0.35 : 0)).toFixed(2);
    const age = Math.max(18, Math.round(41 + 12 * normal() + (drifted ? 7 : 0)));
    const session = Math.round(Math.exp(5 + 0.6 * normal()) * (drifted ? 0.7 : 1));
    const items = 1 + Math.floor(-Math.log(1 - random.nextDouble()) * 1.5);
    const country = pick(['US', 'GB', 'DE', 'FR', 'IN', 'BR'], [40, 15, 12, 10, 13, 10]);
    const device = pick(['mobile', 'desktop', 'tablet'], drifted ? [62, 30, 8] : [45, 45, 10]);
    const isNew = random.nextDouble() < 0.3;
    const cells: (string | number | boolean)[] = [amount, age, session, items, country, device, isNew];
    if (model !== undefined) {
      // The rule the model learnt: large amounts, mobile devices and new customers.
      const logAmount = amount === '' ? 3.5 : Math.log(Number(amount));
      const learnt = -2.2 + 1.6 * (logAmount - 3.5) + (device === 'mobile' ? 0.9 : 0) + (isNew ? 1.1 : 0);
      const score = sigmoid(2 * learnt);
      const truth = model.conceptDrift ? -2.2 + 1.2 * (items - 1.5) + (country === 'BR' ? 1.2 : 0) : learnt;
      const isFraud = labelRandom.nextDouble() < sigmoid(2 * truth) ? 1 : 0;
      cells.push(score.toFixed(4), score >= 0.5 ? 1 : 0, isFraud);
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `driftwatch demo`: a temporary store with a baseline and four snapshots (no drift, drift,
 * recovered, then a model that degraded while its inputs held still), checked one after another
 * by the same code as the scheduled Lambda. Prints each check's alerts and metrics and the path of
 * each HTML report.
 */
export async function runDemo(stdout: (text: string) => void, root?: string): Promise<string[]> {
  const store = root ?? (await mkdtemp(join(tmpdir(), 'driftwatch-demo-')));
  const prefix = join(store, 'monitors', DEMO_MONITOR);
  await mkdir(join(prefix, 'baseline'), { recursive: true });
  await mkdir(join(prefix, 'snapshots'), { recursive: true });
  await writeFile(
    join(store, STORE_CONFIG_FILE),
    `${JSON.stringify({ namespace: 'DriftWatch', monitors: [DEMO_MONITOR_CONFIG] }, null, 2)}\n`,
  );
  await writeFile(
    join(prefix, 'baseline', 'features.csv'),
    sampleFeaturesCsv(3000, 1, false, { conceptDrift: false }),
  );
  stdout(`demo store: ${store}\n  baseline: monitors/${DEMO_MONITOR}/baseline/features.csv (3000 rows)\n\n`);
  const snapshots = [
    { id: '2026-01-01T00', seed: 2, drifted: false, what: 'no drift' },
    { id: '2026-01-01T01', seed: 3, drifted: true, what: 'drift' },
    { id: '2026-01-01T02', seed: 4, drifted: false, what: 'recovered' },
    {
      id: '2026-01-01T03',
      seed: 5,
      drifted: false,
      conceptDrift: true,
      what: 'model degraded, inputs unchanged',
    },
  ];
  const htmlPaths: string[] = [];
  for (const snapshot of snapshots) {
    const file = join(prefix, 'snapshots', `${snapshot.id}.csv`);
    await writeFile(
      file,
      sampleFeaturesCsv(2000, snapshot.seed, snapshot.drifted, {
        conceptDrift: snapshot.conceptDrift === true,
      }),
    );
    stdout(`── snapshot ${snapshot.id} (${snapshot.what}) ──\n`);
    const { htmlPath } = await runMonitor({ store, monitor: DEMO_MONITOR }, stdout);
    if (htmlPath !== null) htmlPaths.push(htmlPath);
    stdout('\n');
  }
  stdout(`HTML reports:\n${htmlPaths.map((path) => `  ${path}`).join('\n')}\n`);
  return htmlPaths;
}
