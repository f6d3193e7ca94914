import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What sklearn gave for one metric (see test/golden/gen_model_metrics.py). */
export interface SklearnResult {
  readonly value: number | 'nan' | 'inf' | '-inf' | null;
  readonly warning: string | null;
  readonly error: string | null;
}

export interface ClassificationGolden {
  readonly name: string;
  readonly positive: string | null;
  readonly target: (string | null)[];
  readonly prediction: (string | null)[];
  readonly score: (number | null)[] | null;
  readonly sklearn: Record<string, SklearnResult>;
}

export interface RegressionGolden {
  readonly name: string;
  readonly target: (number | null)[];
  readonly prediction: (number | null)[];
  readonly sklearn: Record<string, SklearnResult>;
}

/** test/golden/model_metrics.json, written by test/golden/gen_model_metrics.py (sklearn 1.2.1, numpy 1.24.2). */
export const modelMetricsGolden = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'golden', 'model_metrics.json'), 'utf8'),
) as {
  versions: { sklearn: string; numpy: string };
  classification: ClassificationGolden[];
  regression: RegressionGolden[];
};

/** The bound: each metric equal to sklearn's to 1e-9 relative (1e-15 absolute next to 0). */
export function agreesWithSklearn(ours: number, theirs: number): boolean {
  return Math.abs(ours - theirs) <= 1e-15 + 1e-9 * Math.max(Math.abs(ours), Math.abs(theirs));
}
