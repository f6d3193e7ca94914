/**
 * Delayed labels for a million predictions: index the predictions' ids, join two label batches,
 * line the labels up with the predictions and compute the classification metrics — wall and CPU
 * time per step, median of RUNS — then the same join and metrics in pandas + scikit-learn
 * (bench/label-join-peer.py, its reading of the CSV files not timed) on the same data, and the ratio.
 * An in-process reference row joins with a plain Map and Set, so a loaded machine's numbers can be
 * read as a ratio. Also prints both sides' metric values, which must agree. Not a test: numbers go
 * into the note.
 *
 *   npx tsx bench/label-join.ts [predictions=1000000] [runs=3] [peer=1]
 *
 * Data (seeded): UUID-like 36-character ids; a binary classifier right ~85% of the time with a
 * score; labels for 95% of the predictions in two shuffled batches, plus 1% unknown ids and 1%
 * repeated labels, which the join must count. Ids are held as the model-row collector holds a read
 * table's id column (UTF-8 bytes in one arena, `IdColumn`), which is what the check joins: the
 * index is fed by `addColumn` and `joinColumn`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classificationPerformance } from '../lambdas/core/performance/classification.ts';
import { PredictionIdIndex } from '../lambdas/core/performance/label-join.ts';
import type { ClassificationMetric } from '../lambdas/core/performance/metric-names.ts';
import type { IdColumn } from '../lambdas/core/performance/model-rows.ts';
import { SeededRandom } from '../lambdas/core/random.ts';

const n = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 3);
const withPeer = (process.argv[4] ?? '1') !== '0';

const METRICS: ClassificationMetric[] = [
  'accuracy',
  'balanced_accuracy',
  'precision',
  'recall',
  'f1',
  'f1_macro',
  'roc_auc',
  'average_precision',
  'log_loss',
  'brier',
];

const random = new SeededRandom(20261206);
const hex = (words: number) => {
  let s = '';
  for (let i = 0; i < words; i++) s += random.nextUint32().toString(16).padStart(8, '0');
  return s;
};
const uuid = () => {
  const h = hex(4);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

const ids = Array.from({ length: n }, uuid);
const truth = new Int32Array(n);
const prediction = new Int32Array(n);
const score = new Float64Array(n);
for (let i = 0; i < n; i++) {
  truth[i] = random.nextDouble() < 0.3 ? 1 : 0;
  const s = Math.min(1, Math.max(0, 0.25 + 0.45 * truth[i] + (random.nextDouble() - 0.5) * 0.7));
  score[i] = s;
  prediction[i] = random.nextDouble() < 0.85 ? truth[i] : 1 - truth[i];
}
const labelled = Array.from({ length: n }, (_, i) => i).filter(() => random.nextDouble() < 0.95);
for (let i = labelled.length - 1; i > 0; i--) {
  const j = random.nextInt(i + 1);
  [labelled[i], labelled[j]] = [labelled[j], labelled[i]];
}
const extra = Math.floor(n / 100);
const labelRows = [...labelled, ...labelled.slice(0, extra)];
const labelIds: string[] = labelRows.map((r) => ids[r]);
const labelTargets: number[] = labelRows.map((r) => truth[r]);
for (let k = 0; k < extra; k++) {
  labelIds.push(uuid());
  labelTargets.push(0);
}
const half = Math.floor(labelIds.length / 2);
const batches = [
  { ids: labelIds.slice(0, half), target: Int32Array.from(labelTargets.slice(0, half)) },
  { ids: labelIds.slice(half), target: Int32Array.from(labelTargets.slice(half)) },
];

/** Ids as the model-row collector keeps a table's id column. */
function idColumn(texts: readonly string[]): IdColumn {
  const encoder = new TextEncoder();
  const offsets = new Uint32Array(texts.length + 1);
  const bytes = new Uint8Array(texts.reduce((sum, text) => sum + text.length * 3, 0));
  let at = 0;
  texts.forEach((text, i) => {
    at += encoder.encodeInto(text, bytes.subarray(at)).written;
    offsets[i + 1] = at;
  });
  return { bytes: bytes.slice(0, at), offsets, missing: new Uint8Array(texts.length) };
}
const predictionIds = idColumn(ids);
const batchIds = batches.map((batch) => idColumn(batch.ids));

interface Timing {
  wall: number;
  cpu: number;
}
function timed<T>(f: () => T): [T, Timing] {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = f();
  const used = process.cpuUsage(cpu);
  return [value, { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 }];
}

function once() {
  const [index, indexTime] = timed(() => {
    const index = new PredictionIdIndex(n);
    index.addColumn(predictionIds);
    return index;
  });
  const [target, joinTime] = timed(() => {
    const target = new Int32Array(n).fill(-1);
    const counts = { matched: 0, unmatched: 0, duplicate: 0 };
    for (const [b, batch] of batches.entries()) {
      const join = index.joinColumn(batchIds[b]);
      for (let i = 0; i < join.predictionRow.length; i++) {
        if (join.predictionRow[i] >= 0) target[join.predictionRow[i]] = batch.target[i];
      }
      counts.matched += join.matched;
      counts.unmatched += join.unmatched;
      counts.duplicate += join.duplicate;
    }
    return { target, counts };
  });
  const [performance_, metricsTime] = timed(() =>
    classificationPerformance(
      { classes: ['0', '1'], target: target.target, prediction, score, positiveClass: 1 },
      METRICS,
    ),
  );
  const [, mapTime] = timed(() => {
    const firstRow = new Map<string, number>();
    for (let i = 0; i < n; i++) if (!firstRow.has(ids[i])) firstRow.set(ids[i], i);
    const target = new Int32Array(n).fill(-1);
    const labelledIds = new Set<string>();
    for (const batch of batches) {
      for (let i = 0; i < batch.ids.length; i++) {
        const row = firstRow.get(batch.ids[i]);
        if (row === undefined || labelledIds.has(batch.ids[i])) continue;
        labelledIds.add(batch.ids[i]);
        target[row] = batch.target[i];
      }
    }
    return target;
  });
  return {
    index,
    counts: target.counts,
    performance: performance_,
    indexTime,
    joinTime,
    metricsTime,
    mapTime,
  };
}

const results = Array.from({ length: runs }, once);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (step: string, pick: (r: (typeof results)[number]) => Timing) => ({
  step,
  'wall ms': Math.round(median(results.map((r) => pick(r).wall))),
  'cpu ms': Math.round(median(results.map((r) => pick(r).cpu))),
});
const total = (r: (typeof results)[number]): Timing => ({
  wall: r.indexTime.wall + r.joinTime.wall + r.metricsTime.wall,
  cpu: r.indexTime.cpu + r.joinTime.cpu + r.metricsTime.cpu,
});
const last = results[results.length - 1];
console.log(
  `${n} predictions, ${labelIds.length} labels in 2 batches; index ${(last.index.memoryBytes / 2 ** 20).toFixed(1)} MiB`,
);
console.log('join counts', last.counts, 'labelled', last.index.labelled);
const table = [
  row('index prediction ids', (r) => r.indexTime),
  row('join labels', (r) => r.joinTime),
  row(`metrics (${METRICS.length})`, (r) => r.metricsTime),
  row('total', total),
  row('reference: the same join with a JS Map and Set (no metrics)', (r) => r.mapTime),
];

let peerValues: Record<string, number> | null = null;
if (withPeer) {
  const dir = mkdtempSync(join(tmpdir(), 'driftwatch-label-join-'));
  try {
    const predictionsCsv = ['id,prediction,score'];
    for (let i = 0; i < n; i++) predictionsCsv.push(`${ids[i]},${prediction[i]},${score[i]}`);
    writeFileSync(join(dir, 'predictions.csv'), `${predictionsCsv.join('\n')}\n`);
    for (const [k, batch] of batches.entries()) {
      const lines = ['id,target'];
      for (let i = 0; i < batch.ids.length; i++) lines.push(`${batch.ids[i]},${batch.target[i]}`);
      writeFileSync(join(dir, `labels-${k}.csv`), `${lines.join('\n')}\n`);
    }
    const peer = spawnSync(
      '/usr/bin/python3',
      [join(import.meta.dirname, 'label-join-peer.py'), dir, String(runs)],
      {
        encoding: 'utf8',
      },
    );
    if (peer.status !== 0) throw new Error(`peer failed: ${peer.stderr}`);
    const out = JSON.parse(peer.stdout) as { wall: number; cpu: number; metrics: Record<string, number> };
    table.push({
      step: 'pandas + sklearn: join and metrics',
      'wall ms': Math.round(out.wall),
      'cpu ms': Math.round(out.cpu),
    });
    peerValues = out.metrics;
    const ours = median(results.map((r) => total(r).cpu));
    console.table(table);
    console.log(`CPU ratio driftwatch / pandas+sklearn: ${(ours / out.cpu).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  console.table(table);
}
for (const m of last.performance.metrics) {
  console.log(`${m.name.padEnd(18)} ${m.value}${peerValues ? `  sklearn ${peerValues[m.name]}` : ''}`);
}
