import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { principalComponents } from '../../../lambdas/core/multivariate/pca.ts';
import {
  type ColumnRoleInModel,
  fitReconstructionModel,
  reconstructionErrors,
} from '../../../lambdas/core/multivariate/reconstruction-model.ts';
import type { RowSample } from '../../../lambdas/core/multivariate/row-sample.ts';

type Cell = number | string | null;

/** test/golden/pca.json, written by test/golden/gen_pca.py (sklearn 1.2.1, numpy 1.24.2, pandas 1.5.3). */
const golden = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'golden', 'pca.json'), 'utf8'),
) as {
  versions: Record<string, string>;
  datasets: Record<string, number[][]>;
  pca: {
    name: string;
    share: number;
    dataset: string;
    components: number[][];
    explained_variance: number[];
    explained_variance_ratio: number[];
  }[];
  reconstruction: {
    name: string;
    share: number;
    numeric: string[];
    categorical: string[];
    reference: Record<string, Cell[]>;
    analysis: Record<string, Cell[]>;
    components: number;
    explained_variance_ratio: number[];
    errors: number[];
    mean_error: number;
  }[];
};

/**
 * Tolerances: sklearn takes the SVD of the data, we the eigenvectors of its covariance; both are
 * exact up to rounding, which the covariance's squaring amplifies by the condition number. Variances
 * and errors agree to 1e-9 relative, component entries to 1e-8 absolute (unit vectors), far below
 * any real difference (another variance share or component count moves them by 1e-2 and more).
 */
const RELATIVE = 1e-9;
const COMPONENT_ABSOLUTE = 1e-8;

function close(ours: number, theirs: number, relative = RELATIVE): boolean {
  return Math.abs(ours - theirs) <= 1e-12 + relative * Math.max(Math.abs(ours), Math.abs(theirs));
}

/** A component equals sklearn's up to sign. */
function sameUpToSign(ours: Float64Array, theirs: readonly number[]): boolean {
  const sign = ours.reduce((s, v, i) => s + v * theirs[i], 0) < 0 ? -1 : 1;
  return theirs.every((v, i) => Math.abs(sign * ours[i] - v) <= COMPONENT_ABSOLUTE);
}

function sampleOf(table: Record<string, Cell[]>): RowSample {
  const names = Object.keys(table);
  const size = table[names[0]].length;
  return {
    rowCount: size,
    size,
    leftOut: [],
    columns: names.map((name) => {
      const cells = table[name];
      const text = cells.some((c) => typeof c === 'string');
      return {
        name,
        numbers: Float64Array.from(cells, (c) => (typeof c === 'number' ? c : Number.NaN)),
        labels: text ? cells.map((c) => (typeof c === 'string' ? c : null)) : null,
      };
    }),
  };
}

describe('PCA against scikit-learn', () => {
  it('records the versions the goldens came from', () => {
    expect(golden.versions.sklearn).toBe('1.2.1');
  });

  it.each(golden.pca.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const rows = golden.datasets[c.dataset];
    const d = rows[0].length;
    const pca = principalComponents(Float64Array.from(rows.flat()), rows.length, d, c.share);
    expect(pca.components.length).toBe(c.components.length);
    pca.explainedVariance.forEach((v, i) => {
      expect(close(v, c.explained_variance[i]), `variance ${i}`).toBe(true);
    });
    pca.explainedVarianceRatio.forEach((v, i) => {
      expect(close(v, c.explained_variance_ratio[i]), `ratio ${i}`).toBe(true);
    });
    pca.components.forEach((component, i) => {
      expect(sameUpToSign(component, c.components[i]), `component ${i}`).toBe(true);
    });
  });
});

describe("NannyML's reconstruction pipeline against scikit-learn", () => {
  it.each(golden.reconstruction.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const columns = new Map<string, ColumnRoleInModel>([
      ...c.numeric.map((name) => [name, 'numeric'] as const),
      ...c.categorical.map((name) => [name, 'categorical'] as const),
    ]);
    const model = fitReconstructionModel(sampleOf(c.reference), columns, c.share);
    expect(model.components.length).toBe(c.components);
    model.explainedVarianceRatio.forEach((v, i) => {
      expect(close(v, c.explained_variance_ratio[i]), `ratio ${i}`).toBe(true);
    });
    const errors = reconstructionErrors(model, sampleOf(c.analysis));
    const wrong = [...errors].findIndex((e, i) => !close(e, c.errors[i]));
    expect(wrong, `row ${wrong}: ${errors[wrong]} vs ${c.errors[wrong]}`).toBe(-1);
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    expect(close(mean, c.mean_error)).toBe(true);
  });
});
