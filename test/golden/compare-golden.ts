/**
 * Compares a freshly regenerated golden file with the committed one, number by number within
 * the tolerances below; every other value (keys, list lengths, strings such as "nan" or scipy's error
 * messages, booleans, nulls) must be equal.
 *
 * Why a tolerance: scipy and numpy results are not bit-portable. The same Debian scipy 1.10.1 /
 * numpy 1.24.2 on another CPU takes other SIMD, BLAS and libm paths, which moves the last digits
 * of a statistic (psi 0.05108256237659908 → …909) and, for a p-value computed as 1 − (a number
 * near 1), its last absolute bits (a Cramér–von Mises p of 9.39262412291697e-9 moved by 1.1e-16,
 * 1.2e-8 relative). Values that are pure rounding noise on every CPU (scipy's Epps–Singleton W for
 * two constant samples) are not stored at all (see gen_order_b.py).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Tolerance {
  /** Allowed error relative to the larger magnitude of the two values. */
  readonly relative: number;
  /** Allowed error near zero, where a relative bound means nothing. */
  readonly absolute: number;
}

/**
 * 1e-12 relative is ~4,500 ulps: room for rounding amplified by sums of up to 1M terms and by the
 * special functions' series, far below any real change of a reference value (another generator,
 * input or scipy algorithm moves values by 1e-6 and more). 1e-14 absolute is ~45 ulps of 1, the
 * precision a probability computed as a complement keeps. The relative bound sits at or below
 * every relative tolerance the tests hold our TypeScript to against these files (1e-9, a few
 * 1e-12), so a value this check lets move cannot decide a test.
 *
 * Measured: regenerating with numpy's AVX/AVX2/AVX-512/FMA kernels disabled and OpenBLAS forced
 * to another core type (NPY_DISABLE_CPU_FEATURES, OPENBLAS_CORETYPE=Nehalem) reproduced the
 * psi …908 → …909 change seen on another CPU and moved every value outside Epps–Singleton by
 * less than this.
 */
export const GOLDEN_TOLERANCE: Tolerance = { relative: 1e-12, absolute: 1e-14 };

/**
 * Epps–Singleton's W solves a linear system with the sample covariance of the empirical
 * characteristic function (through BLAS/LAPACK), which is nearly singular for tied or narrow
 * samples: the run above moved a W by 3.7e-12 relative and a p-value by 1.2e-13. 1e-10 leaves
 * 30x room and stays 10x below the 1e-9 the tests hold our Epps–Singleton to.
 */
export const EPPS_SINGLETON_TOLERANCE: Tolerance = { relative: 1e-10, absolute: 1e-12 };

/** The tolerance for the value at a JSON path: Epps–Singleton values have their own. */
export function toleranceAt(path: string): Tolerance {
  return path.includes('.epps_singleton.') ? EPPS_SINGLETON_TOLERANCE : GOLDEN_TOLERANCE;
}

/** One place where the two files disagree: a JSON path (`$.cases[3].psi`) and what differs. */
export interface GoldenDifference {
  readonly path: string;
  readonly committed: unknown;
  readonly regenerated: unknown;
  readonly why: string;
}

export function numbersAgree(a: number, b: number, tolerance: Tolerance = GOLDEN_TOLERANCE): boolean {
  if (a === b) return true;
  const error = Math.abs(a - b);
  return error <= tolerance.absolute + tolerance.relative * Math.max(Math.abs(a), Math.abs(b));
}

/**
 * Every difference between two parsed JSON documents, at most `limit` of them; numbers are
 * compared within `tolerance` (by default the one `toleranceAt` gives for their path).
 */
export function compareGolden(
  committed: unknown,
  regenerated: unknown,
  tolerance: Tolerance | ((path: string) => Tolerance) = toleranceAt,
  limit = 20,
): GoldenDifference[] {
  const toleranceFor = typeof tolerance === 'function' ? tolerance : () => tolerance;
  const differences: GoldenDifference[] = [];
  const visit = (a: unknown, b: unknown, path: string): void => {
    if (differences.length >= limit) return;
    const differ = (why: string): void => {
      differences.push({ path, committed: a, regenerated: b, why });
    };
    if (typeof a === 'number' && typeof b === 'number') {
      if (!numbersAgree(a, b, toleranceFor(path))) differ(`differs by ${Math.abs(a - b)}`);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) differ(`length ${a.length} vs ${b.length}`);
      else for (let i = 0; i < a.length; i++) visit(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keysA = Object.keys(a).sort();
      const keysB = Object.keys(b).sort();
      if (keysA.join('\0') !== keysB.join('\0')) differ(`keys ${keysA} vs ${keysB}`);
      else for (const key of keysA) visit(a[key], b[key], `${path}.${key}`);
      return;
    }
    if (a !== b) differ('not equal');
  };
  visit(committed, regenerated, '$');
  return differences;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compares every `.json` file of two folders: the committed golden files and a regeneration.
 * Returns one line per problem (a file only on one side, or a value that differs); none means
 * the regeneration agrees.
 */
export function compareGoldenFolders(committedDir: string, regeneratedDir: string): string[] {
  const jsonIn = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.json'));
  const committed = jsonIn(committedDir);
  const regenerated = jsonIn(regeneratedDir);
  const problems: string[] = [];
  for (const name of committed.filter((n) => !regenerated.includes(n))) {
    problems.push(`${name}: committed, but no generator writes it`);
  }
  for (const name of regenerated) {
    if (!committed.includes(name)) {
      problems.push(`${name}: generated, but not committed`);
      continue;
    }
    const read = (dir: string) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as unknown;
    for (const d of compareGolden(read(committedDir), read(regeneratedDir))) {
      const committedText = JSON.stringify(d.committed);
      const regeneratedText = JSON.stringify(d.regenerated);
      problems.push(
        `${name} ${d.path}: committed ${committedText}, regenerated ${regeneratedText} (${d.why})`,
      );
    }
  }
  return problems;
}
