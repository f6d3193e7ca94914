/**
 * The threshold study: how often each drift method cries wolf, and how often it catches a real
 * shift, at its default threshold and at calibrated thresholds, by current-sample size, on real
 * data. Writes docs/thresholds.md (tables and recommendations). Deterministic for its seed.
 *
 *   npm run study                                   # the defaults (sizes 300 to 300,000)
 *   npm run study -- --sizes 300,3000 --reps 4,2 --chunks 30 --out /tmp/thresholds.md
 *
 * Every check goes through the engine's own code: the same method runs (`runMethod`), the same
 * verdicts at a fixed threshold (`fixedVerdict`) and at the default one (`defaultOrFloorVerdict`,
 * the noise floor), the same chunks and statistic as a calibration (`randomChunks`, `timeChunks`,
 * `calibrationStatistic`, `thresholdOf`).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { chunkSizeOf, thresholdOf } from '../lambdas/core/calibration/calibrate-feature.ts';
import { calibrationStatistic } from '../lambdas/core/calibration/calibration-statistic.ts';
import { periodLengthOf } from '../lambdas/core/calibration/period-length.ts';
import { randomChunks } from '../lambdas/core/calibration/random-chunks.ts';
import { type BaselinePeriods, timeChunks } from '../lambdas/core/calibration/time-chunks.ts';
import { FeatureInputError, FeatureInputs } from '../lambdas/core/feature-inputs.ts';
import type { FeatureKind } from '../lambdas/core/kinds.ts';
import { METHOD_IDS, type MethodId, methodSpec } from '../lambdas/core/method-registry.ts';
import type { MethodResult } from '../lambdas/core/methods/types.ts';
import { DEFAULT_POLICY, makePolicy } from '../lambdas/core/policy.ts';
import { categoryColumnOf, numericColumnOf } from '../lambdas/core/profile/column-of-values.ts';
import { type ColumnProfile, emptyColumnProfile } from '../lambdas/core/profile/column-profile.ts';
import { SeededRandom } from '../lambdas/core/random.ts';
import { runMethod } from '../lambdas/core/run-method.ts';
import { defaultMethod } from '../lambdas/core/select-method.ts';
import { defaultOrFloorVerdict, fixedVerdict } from '../lambdas/core/threshold-verdict.ts';
import {
  type CategoricalData,
  type ColumnData,
  type Dataset,
  loadDatasets,
  vegaDatasetsVersion,
} from './study-data.ts';
import { renderStudy, type StudyResults } from './study-report.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '300,3000,30000,300000' },
    reps: { type: 'string', default: '20,6,2,1' },
    chunks: { type: 'string', default: '100' },
    seed: { type: 'string', default: '2026' },
    out: { type: 'string', default: 'docs/thresholds.md' },
  },
});
const sizes = args.sizes.split(',').map(Number);
const reps = args.reps.split(',').map(Number);
const chunks = Number(args.chunks);
const seed = Number(args.seed);
/** How far the baseline outsizes the current sample, where the data allow. */
const BASELINE_FACTOR = 10;
/**
 * Consecutive periods: the baseline is the history just before the current, this many current-
 * sized periods long where the data allow (a month of baseline for a daily check), so time chunks
 * have periods to calibrate on.
 */
const HISTORY_FACTOR = 30;
/** The rate the quantile calibration is asked for. */
const FALSE_ALARM_RATE = 0.01;

export const SCENARIOS = {
  numeric: ['mean +0.1σ', 'mean +0.25σ', 'mean +0.5σ', 'variance ×1.5', 'nulls +5 pts'],
  categorical: ['share +2 pts', 'share +5 pts', 'share +10 pts', 'nulls +5 pts'],
} as const;

/**
 * Rules compared: the method's fixed default (Evidently's number), the default a new monitor uses
 * (that number raised to the statistic's sampling noise), and calibrations: random chunks (3σ
 * and a quantile), and time chunks (3σ; consecutive periods only, the random splits having no
 * time order to chunk by).
 */
const TIME_RULE = 'calibrated 3σ (time chunks)';
export const RULES = [
  'fixed',
  'default',
  'calibrated 3σ',
  `calibrated q${1 - FALSE_ALARM_RATE}`,
  TIME_RULE,
] as const;
export type Rule = (typeof RULES)[number];
type Thresholds = Map<MethodId, { sigma: number; quantile: number; time?: number }>;

const policy = makePolicy({ calibration: { ...DEFAULT_POLICY.calibration, chunks } });

/** Which methods can test a column of this kind. */
function methodsFor(column: ColumnData): MethodId[] {
  if (column.kind === 'numeric') return METHOD_IDS.filter((id) => !binary(id));
  return METHOD_IDS.filter(
    (id) => methodSpec(id).input === 'counts' && (!binary(id) || column.kind === 'boolean'),
  );
}

function binary(id: MethodId): boolean {
  const spec = methodSpec(id);
  return spec.input === 'counts' && spec.binary === true;
}

/** The group a column's results are pooled into: numbers, booleans, few- or many-valued categories. */
export function groupOf(column: ColumnData): string {
  if (column.kind === 'numeric') return 'numeric';
  if (column.kind === 'boolean') return 'boolean';
  return column.labels.length > 10 ? 'categorical (> 10 values)' : 'categorical (≤ 10 values)';
}

const results: StudyResults = { cells: new Map(), notes: [] };

function tally(key: string, hit: boolean): void {
  const cell = results.cells.get(key) ?? { n: 0, hits: 0 };
  cell.n++;
  if (hit) cell.hits++;
  results.cells.set(key, cell);
}

/** A sample's column profile, as the profiler would keep it (every value; ≤ 1,024 distinct numbers counted). */
function profileOf(
  column: ColumnData,
  values: Float64Array | Int32Array,
  stand: ColumnProfile,
): ColumnProfile {
  if (column.kind === 'numeric') {
    const finite = (values as Float64Array).filter((x) => Number.isFinite(x)).sort();
    const distinct = new Set<number>();
    for (const x of finite) if (distinct.size <= 1024) distinct.add(x);
    return numericColumnOf(stand, 'numeric', finite, distinct.size <= 1024);
  }
  const counts = new Float64Array(column.labels.length + 1);
  for (const code of values as Int32Array) if (code >= 0) counts[code]++;
  return categoryColumnOf(stand, column.kind, column.labels, counts);
}

function kindOf(column: ColumnData): FeatureKind {
  return column.kind;
}

/** One method's calibration statistic and result on a pair, or null when the method cannot take it. */
function run(method: MethodId, inputs: FeatureInputs): { result: MethodResult; statistic: number } | null {
  try {
    const { result, compared } = runMethod(method, inputs, policy);
    return { result, statistic: calibrationStatistic(method, result, compared) };
  } catch (error) {
    if (error instanceof FeatureInputError) return null;
    throw error;
  }
}

/** The thresholds each calibration rule draws from the baseline, per method. */
function calibrate(
  column: ColumnData,
  baseline: ColumnProfile,
  currentCount: number,
  methods: readonly MethodId[],
  random: SeededRandom,
): Thresholds {
  const statistics = chunkStatistics(randomChunks, column, baseline, currentCount, methods, random);
  const thresholds: Thresholds = new Map();
  for (const [method, list] of statistics ?? []) {
    if (list.length < 10) continue;
    thresholds.set(method, {
      sigma: thresholdOf(list, policy.calibration.rule),
      quantile: thresholdOf(list, { falseAlarmRate: FALSE_ALARM_RATE }),
    });
  }
  return thresholds;
}

/**
 * Adds the time-chunk threshold (3σ) to each method's thresholds: the baseline's periods as the
 * chunks; where too few periods hold enough values the product falls back to random chunks, and
 * so does this (counted in `timeFallbacks`).
 */
function calibrateByTime(
  column: ColumnData,
  baseline: ColumnProfile,
  currentCount: number,
  methods: readonly MethodId[],
  periods: BaselinePeriods | null,
  thresholds: Thresholds,
  random: SeededRandom,
  size: number,
): void {
  const statistics =
    periods === null
      ? null
      : chunkStatistics(timeChunks(periods), column, baseline, currentCount, methods, random);
  const tally = timeFallbacks.get(size) ?? { byTime: 0, fellBack: 0 };
  timeFallbacks.set(size, tally);
  if (statistics === null) tally.fellBack++;
  else tally.byTime++;
  for (const [method, entry] of thresholds) {
    const list = statistics?.get(method);
    entry.time =
      list !== undefined && list.length >= 10 ? thresholdOf(list, policy.calibration.rule) : entry.sigma;
  }
}

/** Calibrations by time chunks that found enough periods, and those that fell back to random chunks, by size. */
const timeFallbacks = new Map<number, { byTime: number; fellBack: number }>();

/** Each method's calibration statistics over the strategy's chunks; null when it drew none. */
function chunkStatistics(
  strategy: typeof randomChunks,
  column: ColumnData,
  baseline: ColumnProfile,
  currentCount: number,
  methods: readonly MethodId[],
  random: SeededRandom,
): Map<MethodId, number[]> | null {
  const statistics = new Map<MethodId, number[]>(methods.map((m) => [m, []]));
  const draw = strategy.draw(baseline, kindOf(column), chunkSizeOf(currentCount), chunks, random);
  if (draw === null || draw.unusable !== undefined) return null;
  for (const { chunk, rest } of draw.pairs) {
    // One FeatureInputs per pair: every order-based method shares its sort.
    const inputs = new FeatureInputs(rest, chunk, kindOf(column));
    for (const method of methods) {
      const outcome = run(method, inputs);
      if (outcome !== null) statistics.get(method)!.push(outcome.statistic);
    }
  }
  return statistics;
}

/** Records each rule's verdict for one current sample against one baseline. */
function judge(
  prefix: string,
  column: ColumnData,
  baseline: ColumnProfile,
  current: ColumnProfile,
  methods: readonly MethodId[],
  thresholds: Thresholds,
  rules: readonly Rule[],
): void {
  const inputs = new FeatureInputs(baseline, current, kindOf(column));
  const verdicts = new Map<MethodId, Partial<Record<Rule, boolean>>>();
  for (const method of methods) {
    const outcome = run(method, inputs);
    const calibrated = thresholds.get(method);
    if (outcome === null || calibrated === undefined) continue;
    const spec = methodSpec(method);
    const verdict: Partial<Record<Rule, boolean>> = {
      fixed: fixedVerdict(outcome.result, spec.defaultThreshold, spec, policy).drifted,
      default: defaultOrFloorVerdict(
        outcome.result,
        spec.defaultThreshold,
        'default',
        method,
        inputs,
        policy,
        column.name,
      ).drifted,
      'calibrated 3σ': outcome.statistic > calibrated.sigma,
      [RULES[3]]: outcome.statistic > calibrated.quantile,
      ...(calibrated.time !== undefined ? { [TIME_RULE]: outcome.statistic > calibrated.time } : {}),
    };
    verdicts.set(method, verdict);
    for (const rule of rules) {
      const drifted = verdict[rule];
      if (drifted !== undefined) tally(`${prefix}|${method}|${rule}`, drifted);
    }
  }
  // What a new monitor picks (Evidently's selection rule), under each rule.
  const ruleKind = column.kind === 'numeric' ? 'numeric' : 'categorical';
  const auto = defaultMethod(ruleKind, inputs.counts().reference, inputs.distinctInUnion());
  const chosen = verdicts.get(auto);
  if (chosen === undefined) return;
  for (const rule of rules) {
    const drifted = chosen[rule];
    if (drifted !== undefined) tally(`${prefix}|auto|${rule}`, drifted);
  }
}

/** `k` distinct indexes of [0, n), seeded (a partial Fisher–Yates shuffle of a reused buffer). */
function sampleIndexes(order: Int32Array, k: number, random: SeededRandom): Int32Array {
  for (let i = 0; i < k; i++) {
    const j = i + random.nextInt(order.length - i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order.slice(0, k);
}

function pick(column: ColumnData, rows: Int32Array): Float64Array | Int32Array {
  if (column.kind === 'numeric') return Float64Array.from(rows, (r) => column.values[r]);
  return Int32Array.from(rows, (r) => column.codes[r]);
}

/** The current sample with one injected change. */
function inject(
  column: ColumnData,
  current: Float64Array | Int32Array,
  scenario: string,
  baseline: ColumnProfile,
  random: SeededRandom,
): Float64Array | Int32Array {
  if (scenario === 'nulls +5 pts') {
    const out = current.slice();
    const nulls = Math.round(0.05 * out.length);
    const rows = sampleIndexes(
      Int32Array.from({ length: out.length }, (_, i) => i),
      nulls,
      random,
    );
    for (const r of rows) out[r] = column.kind === 'numeric' ? Number.NaN : -1;
    return out;
  }
  if (column.kind === 'numeric') {
    const summary = baseline.numbers;
    const sigma = Math.sqrt(summary.m2 / summary.count);
    const mean = summary.mean;
    const values = current as Float64Array;
    if (scenario === 'variance ×1.5') return values.map((x) => mean + (x - mean) * Math.sqrt(1.5));
    const shift = Number(scenario.match(/\+([\d.]+)σ/)![1]);
    return values.map((x) => x + shift * sigma);
  }
  return moveShare(
    column,
    current as Int32Array,
    Number(scenario.match(/\+(\d+) pts/)![1]) / 100,
    baseline,
    random,
  );
}

/** Moves `share` of the rows (as a share of all rows) from other values into the baseline's most common value. */
function moveShare(
  column: CategoricalData,
  codes: Int32Array,
  share: number,
  baseline: ColumnProfile,
  random: SeededRandom,
): Int32Array {
  let target = 0;
  let best = -1;
  for (const [label, count] of baseline.categories.counts) {
    if (count > best) {
      best = count;
      target = column.labels.indexOf(label);
    }
  }
  const out = codes.slice();
  const others = Int32Array.from(
    Array.from(out).flatMap((code, i) => (code >= 0 && code !== target ? [i] : [])),
  );
  const moved = Math.min(others.length, Math.round(share * out.length));
  for (const r of sampleIndexes(others, moved, random)) out[r] = target;
  return out;
}

/**
 * The consecutive baseline's rows split into periods as the scheduled check splits a baseline by
 * its `timestamp` role: the period is what the current rows cover (`periodLengthOf`), aligned to
 * multiples of its length; null when the current has fewer than two distinct times.
 */
function baselinePeriods(
  dataset: Dataset,
  rows: { baseline: Int32Array; current: Int32Array },
): BaselinePeriods | null {
  const stand = emptyColumnProfile('time', 'untyped', 'datetime');
  const times = Float64Array.from(rows.current, (r) => dataset.times[r]).sort();
  const periodMs = periodLengthOf(numericColumnOf(stand, 'datetime', times, true).datetimes);
  if (periodMs === null) return null;
  const byPeriod = new Map<number, number[]>();
  for (const r of rows.baseline) {
    if (!Number.isFinite(dataset.times[r])) continue;
    const start = Math.floor(dataset.times[r] / periodMs) * periodMs;
    const list = byPeriod.get(start) ?? [];
    list.push(r);
    byPeriod.set(start, list);
  }
  const periods = [...byPeriod.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([start, list]) => {
      const periodRows = Int32Array.from(list);
      return {
        start,
        columns: dataset.columns.map((column) =>
          profileOf(
            column,
            pick(column, periodRows),
            emptyColumnProfile(column.name, 'untyped', kindOf(column)),
          ),
        ),
      };
    });
  return { column: 'time', periodMs, periods, untimedRows: 0 };
}

function studyDataset(dataset: Dataset): void {
  const all = Int32Array.from({ length: dataset.rows }, (_, i) => i);
  for (const [s, size] of sizes.entries()) {
    // A baseline of at least half the current's size, or no pairs.
    if (dataset.rows - size < size / 2) {
      results.notes.push(`${dataset.name}: no pairs at ${size} rows (only ${dataset.rows} rows)`);
      continue;
    }
    const baselineRows = Math.min(BASELINE_FACTOR * size, dataset.rows - size);
    if (baselineRows < BASELINE_FACTOR * size) {
      results.notes.push(
        `${dataset.name} at ${size} rows: baselines of ${baselineRows} rows (all the rest), not ${BASELINE_FACTOR * size}`,
      );
    }
    for (let rep = 0; rep < (reps[s] ?? 1); rep++) {
      const random = new SeededRandom(seed + 7919 * s + 104729 * rep + dataset.rows);
      // A random split of one period: no drift by construction.
      const chosen = sampleIndexes(all, baselineRows + size, random);
      const split = { baseline: chosen.subarray(0, baselineRows), current: chosen.subarray(baselineRows) };
      // Consecutive periods: the rows just after a baseline window, in time order.
      const historyRows = Math.min(HISTORY_FACTOR * size, dataset.rows - size);
      const start = random.nextInt(dataset.rows - historyRows - size + 1);
      const consecutive = {
        baseline: Int32Array.from({ length: historyRows }, (_, i) => start + i),
        current: Int32Array.from({ length: size }, (_, i) => start + historyRows + i),
      };
      const periods = baselinePeriods(dataset, consecutive);
      for (const column of dataset.columns) {
        const stand = emptyColumnProfile(column.name, 'untyped', kindOf(column));
        const methods = methodsFor(column);
        const group = groupOf(column);
        for (const [pairing, rows] of [
          ['random', split],
          ['consecutive', consecutive],
        ] as const) {
          const baseline = profileOf(column, pick(column, rows.baseline), stand);
          const currentValues = pick(column, rows.current);
          const current = profileOf(column, currentValues, stand);
          const currentCount = new FeatureInputs(baseline, current, kindOf(column)).counts().current;
          const thresholds = calibrate(column, baseline, currentCount, methods, random);
          // Random splits: every rule but time chunks; consecutive periods: every rule for false
          // alarms, and detection by time chunks (the random splits' detection covers the others).
          const rules = RULES.filter((rule) => (rule === TIME_RULE) === (pairing === 'consecutive'));
          if (pairing === 'consecutive') {
            calibrateByTime(column, baseline, currentCount, methods, periods, thresholds, random, size);
          }
          judge(`fa|${pairing}|${group}|${size}`, column, baseline, current, methods, thresholds, [
            ...(pairing === 'consecutive' ? RULES : rules),
          ]);
          for (const scenario of SCENARIOS[column.kind === 'numeric' ? 'numeric' : 'categorical']) {
            const shifted = profileOf(
              column,
              inject(column, currentValues, scenario, baseline, random),
              stand,
            );
            judge(
              `detect|${scenario}|${group}|${size}`,
              column,
              baseline,
              shifted,
              methods,
              thresholds,
              rules,
            );
          }
        }
      }
      process.stderr.write(`  ${dataset.name} ${size} rows: pair ${rep + 1} of ${reps[s] ?? 1}\n`);
    }
  }
}

const started = performance.now();
const datasets = await loadDatasets();
for (const dataset of datasets) studyDataset(dataset);
for (const [size, { byTime, fellBack }] of timeFallbacks) {
  results.notes.push(
    `time chunks at ${size} rows: ${byTime} of ${byTime + fellBack} calibrations found enough periods; the others fell back to random chunks, as the check does`,
  );
}
const seconds = (performance.now() - started) / 1000;
const text = renderStudy(results, {
  command: `npm run study -- --sizes ${args.sizes} --reps ${args.reps} --chunks ${chunks} --seed ${seed}`,
  sizes,
  reps,
  chunks,
  rules: RULES,
  falseAlarmRate: FALSE_ALARM_RATE,
  dataVersion: `vega-datasets ${vegaDatasetsVersion()}`,
  datasets: datasets.map((d) => `${d.description}: ${d.rows.toLocaleString('en-US')} rows`),
  machine: `${cpus().length} cores, Node ${process.versions.node}, ${Math.round(seconds)} s`,
});
writeFileSync(args.out, text);
process.stderr.write(`wrote ${args.out} in ${Math.round(seconds)} s\n`);
