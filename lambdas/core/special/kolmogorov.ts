/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n for finite n,
 * `P(D_n > x)`, as `scipy.stats.kstwo.sf(x, n)` in scipy 1.10.1.
 *
 * Port of scipy 1.10 `scipy/stats/_ksstats.py` (`_kolmogn` with the Simard–L'Ecuyer selection of
 * Ruben–Gambino, Durbin/Marsaglia–Tsang–Wang, Pomeranz, Pelz–Good and 2·Smirnov) and of the
 * one-sided Smirnov survival function of `scipy/special/cephes/kolmogorov.c` (`smirnov`).
 *
 * References: Simard R, L'Ecuyer P (2011) "Computing the Two-Sided Kolmogorov-Smirnov
 * Distribution", J. Stat. Softw. 39(11); van Mulbregt P (2018) arXiv:1802.06966.
 */

const E128 = 128;
const EP128 = 2 ** 128;
const EM128 = 2 ** -128;
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_LOG = -708;
const SQRT3 = Math.sqrt(3);
const PI_SQUARED = Math.PI ** 2;
const PI_FOUR = Math.PI ** 4;
const PI_SIX = Math.PI ** 6;
/** cephes MINLOG = log(2^-1022). */
const CEPHES_MINLOG = -708.3964185322641;
const DBL_EPSILON = 2 ** -52;
/** cephes kolmogorov.c: beyond this n, smirnov uses a closed-form approximation. */
const SMIRNOV_MAX_COMPUTE_N = 1_000_000;

// scipy _ksstats.py: Stirling coefficients B_{2j}/(2j)/(2j-1), j = 8..1 (as parsed to doubles).
const STIRLING_COEFFS = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clipProb(p: number): number {
  return p < 0 ? 0 : Math.min(p, 1);
}

function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  const t = rn / n;
  let poly = 0;
  for (const c of STIRLING_COEFFS) poly = poly * t + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** Row-major m×m matrix product. */
function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      const bRow = k * m;
      const oRow = i * m;
      for (let j = 0; j < m; j++) out[oRow + j] += aik * b[bRow + j];
    }
  }
  return out;
}

/** scipy _ksstats.py _kolmogn_DMTW: Pr(D_n <= d) by Durbin's matrix algorithm (MTW variant). */
function kolmognDMTW(n: number, d: number): number {
  if (d >= 1.0) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;

  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1.0;
  for (let j = 1; j <= m; j++) {
    v[j - 1] = 1.0 - h ** j;
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] *= fac;
  }
  const tt = Math.max(2 * h - 1.0, 0) ** m - 2 * h ** m;
  v[m - 1] = (1.0 + tt) * fac;

  let H = new Float64Array(m * m);
  // H[i-1:, i] = w[:m-i+1]
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - (i - 1)];
  }
  for (let r = 0; r < m; r++) H[r * m] = v[r];
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c];

  let Hpwr = new Float64Array(m * m);
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let Hexpnt = 0;
  const kk = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H, m);
      expnt += Hexpnt;
    }
    H = matmul(H, H, m);
    Hexpnt *= 2;
    if (Math.abs(H[kk]) > EP128) {
      for (let i = 0; i < H.length; i++) H[i] /= EP128;
      Hexpnt += E128;
    }
    nn = Math.floor(nn / 2);
  }

  let p = Hpwr[kk];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < EM128) {
      p *= EP128;
      expnt -= E128;
    }
  }
  if (expnt !== 0) p *= 2 ** expnt;
  return clipProb(p);
}

function pomeranzJ1J2(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const ip1div2 = Math.floor((i + 1) / 2);
    const ip1mod2 = (i + 1) % 2;
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1;
        j2 = ip1div2 + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1;
      j2 = ip1div2 + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** scipy _ksstats.py _kolmogn_Pomeranz: Pr(D_n <= x) by Pomeranz's recursion. */
function kolmognPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1.0 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = 1;
  twogpower[0] = 1;
  onem2gpower[0] = 1;
  let expnt = 0;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gOverN) / m;
    twogpower[m] = (twogpower[m - 1] * twoGOverN) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * oneMinusTwoGOverN) / m;
  }

  let V0 = new Float64Array(npwrs);
  let V1 = new Float64Array(npwrs);
  V1[0] = 1;
  let V0s = 0;
  let V1s = 0;
  let [j1, j2] = pomeranzJ1J2(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [V0, V1] = [V1, V0];
    [V0s, V1s] = [V1s, V0s];
    V1.fill(0);
    [j1, j2] = pomeranzJ1J2(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // np.convolve(V0[k1-V0s : k1-V0s+ln2], pwrs[:ln2]) (numpy slices truncate at the end).
      const aStart = k1 - V0s;
      const aLen = Math.max(0, Math.min(ln2, npwrs - aStart));
      const bLen = Math.min(ln2, npwrs);
      const convStart = j1 - k1;
      const convLen = j2 - j1 + 1;
      let maxV1 = -Infinity;
      for (let c = 0; c < convLen; c++) {
        const kIdx = convStart + c;
        let s = 0;
        const lo = Math.max(0, kIdx - bLen + 1);
        const hi = Math.min(aLen - 1, kIdx);
        for (let a = lo; a <= hi; a++) s += V0[aStart + a] * pwrs[kIdx - a];
        V1[c] = s;
      }
      for (let c = 0; c < npwrs; c++) if (V1[c] > maxV1) maxV1 = V1[c];
      if (maxV1 > 0 && maxV1 < EM128) {
        for (let c = 0; c < npwrs; c++) V1[c] *= EP128;
        expnt -= E128;
      }
      V1s = V0s + j1 - k1;
    }
  }

  let ans = V1[n - V1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > EP128) {
      ans *= EM128;
      expnt += E128;
    }
    ans *= m;
  }
  if (expnt !== 0) ans *= 2 ** expnt;
  return clipProb(ans);
}

/** scipy _ksstats.py _kolmogn_PelzGood: Pelz–Good approximation to Pr(D_n <= x). */
function kolmognPelzGood(n: number, x: number): number {
  if (x <= 0.0) return 0;
  if (x >= 1.0) return 1;
  const z = Math.sqrt(n) * x;
  const zsquared = z ** 2;
  const zthree = z ** 3;
  const zfour = z ** 4;
  const zsix = z ** 6;
  const qlog = -PI_SQUARED / 8 / zsquared;
  if (qlog < MIN_LOG) return 0;
  let q = Math.exp(qlog);

  const k1a = -zsquared;
  const k1b = PI_SQUARED / 4;
  const k2a = 6 * zsix + 2 * zfour;
  const k2b = ((2 * zfour - 5 * zsquared) * PI_SQUARED) / 4;
  const k2c = (PI_FOUR * (1 - 2 * zsquared)) / 16;
  const k3d = (PI_SIX * (5 - 30 * zsquared)) / 64;
  const k3c = (PI_FOUR * (-60 * zsquared + 212 * zfour)) / 16;
  const k3b = (PI_SQUARED * (135 * zfour - 96 * zsix)) / 4;
  const k3a = -30 * zsix - 90 * z ** 8;

  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const msquared = m ** 2;
    const mfour = m ** 4;
    const msix = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [
      1.0,
      k1a + k1b * msquared,
      k2a + k2b * msquared + k2c * mfour,
      k3a + k3b * msquared + k3c * mfour + k3d * msix,
    ];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const denominators = [z, 6 * zfour, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT2PI) / denominators[i];

  q = Math.exp(-PI_SQUARED / 2 / zsquared);
  const sqrt3z = SQRT3 * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const ksq = k * k;
    const qp = q ** ksq;
    const kspi = Math.PI * k;
    k2extra += ksq * qp;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
  }
  K[2] += (k2extra * PI_SQUARED * SQRT2PI) / (-36 * zthree);
  K[3] += (k3extra * PI_SQUARED * SQRT2PI) / (216 * zsix);
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / n ** (i / 2);
  return sum;
}

/** Exact product a·b as hi + lo (Dekker/Veltkamp), for floor(n·x) without rounding error. */
function twoProduct(a: number, b: number): [number, number] {
  const hi = a * b;
  const split = 134217729; // 2^27 + 1
  const ca = split * a;
  const ah = ca - (ca - a);
  const al = a - ah;
  const cb = split * b;
  const bh = cb - (cb - b);
  const bl = b - bh;
  const lo = ah * bh - hi + ah * bl + al * bh + al * bl;
  return [hi, lo];
}

/**
 * One-sided Smirnov survival function P(D_n^+ >= x), as cephes `smirnov(n, x)` in scipy 1.10.
 *
 * Follows cephes kolmogorov.c `_smirnov` (same special cases, Birnbaum–Tingey lower sum and
 * early-termination rule) but evaluates each term in log space in double precision instead of
 * double-double; the relative error is about n·1e-16, below the 1e-9 the callers need.
 */
function smirnovSf(n: number, x: number): number {
  if (!(n > 0 && x >= 0 && x <= 1)) return Number.NaN;
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;

  // modNX: floor(n x) and the remainder, exactly.
  const [nxHi, nxLo] = twoProduct(n, x);
  let nxfl = Math.floor(nxHi);
  let alpha = nxHi - nxfl + nxLo;
  if (alpha < 0) {
    nxfl -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    nxfl += 1;
    alpha -= 1;
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1);
  if (alpha === 0) n1mxfl -= 1;

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const t = Math.exp((n - 1) * Math.log1p(x));
    return clipProb(1 - x * t);
  }
  if (-2 * n * x * x < CEPHES_MINLOG) return 0;
  if (nxfl >= n - 1) return clipProb(Math.exp(n * Math.log1p(-x)));
  if (n > SMIRNOV_MAX_COMPUTE_N) {
    const logp = -((6.0 * n * x + 1) ** 2) / 18.0 / n;
    return clipProb(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }
  // The upper (alternating) sum is only chosen by cephes for x <= 0.5/sqrt(n) with at most 3
  // terms or when floor(n x) = 0; kolmogn never calls smirnov there (it needs n x^2 >= 2.2 or
  // x >= 0.5 for n > 140, and n x > 1 always), so only the all-positive lower sum is ported.
  const nTerms = n1mxfl + 1;
  const vmid = Math.floor(n / 2);
  // A_0 = (1 - x)^n / x
  let sum = Math.exp(n * Math.log1p(-x)) / x;
  // log C(n, v) as a running sum of log((n − v + 1)/v), compensated (Neumaier): the sum reaches
  // ~n·log 2 and the terms can run to v ~ n, so plain summation would lose ~1e-9 relative.
  let logC = 0;
  let logCLo = 0;
  for (let v = 1; v < nTerms; v++) {
    const inc = Math.log((n - v + 1) / v);
    const next = logC + inc;
    logCLo += Math.abs(logC) >= Math.abs(inc) ? logC - next + inc : inc - next + logC;
    logC = next;
    // x + v/n = (nxfl + v + alpha)/n ; 1 - x - v/n = (n - nxfl - v - alpha)/n, as cephes.
    // log1p keeps the (n − v)-fold amplified rounding error of log(1 − x − v/n) small.
    const up = (nxfl + v + alpha) / n;
    const logTerm = logC + (v - 1) * Math.log(up) + (n - v) * Math.log1p(-up) + logCLo;
    const term = Math.exp(logTerm);
    if (Number.isFinite(term) && term !== 0) sum += term;
    if (term !== 0) {
      if (4 * (nTerms - v) * Math.abs(term) < DBL_EPSILON * sum && v !== nTerms - 1) break;
    } else if (v > vmid) {
      break;
    }
  }
  return clipProb(x * sum);
}

/**
 * `scipy.stats.kstwo.sf(x, n)` (scipy 1.10.1): P(D_n > x) for the two-sided one-sample
 * Kolmogorov–Smirnov statistic with sample size `n` (integer ≥ 1).
 * Outside the support (x ≤ 1/(2n)) it is 1; for x ≥ 1 it is 0, as rv_continuous.sf.
 */
export function kolmogorovSmirnovTwoSidedSf(x: number, n: number): number {
  if (!(Number.isInteger(n) && n >= 1) || Number.isNaN(x)) return Number.NaN;
  // rv_continuous.sf: support is (0.5/n, 1).
  if (x <= 0.5 / n) return 1;
  if (x >= 1) return 0;
  return kolmognSf(n, x);
}

/** scipy _ksstats.py _kolmogn(n, x, cdf=False). */
function kolmognSf(n: number, x: number): number {
  if (x >= 1.0) return 0;
  if (x <= 0.0) return 1;
  const t = n * x;
  if (t <= 1.0) {
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      const f = 2 * t - 1;
      for (let i = 1; i <= n; i++) prob *= i * (1.0 / n) * f;
    } else {
      prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    }
    return clipProb(1.0 - prob);
  }
  if (t >= n - 1) return clipProb(2 * (1.0 - x) ** n);
  if (x >= 0.5) return clipProb(2 * smirnovSf(n, x));

  const nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) return clipProb(1.0 - kolmognDMTW(n, x));
    if (nxsquared <= 4) return clipProb(1.0 - kolmognPomeranz(n, x));
    return clipProb(2 * smirnovSf(n, x));
  }
  if (nxsquared >= 370.0) return 0;
  if (nxsquared >= 2.2) return clipProb(2 * smirnovSf(n, x));
  let cdfprob: number;
  if (nxsquared >= 18.0) cdfprob = 1.0;
  else if (n <= 100000 && n * x ** 1.5 <= 1.4) cdfprob = kolmognDMTW(n, x);
  else cdfprob = kolmognPelzGood(n, x);
  return clipProb(1.0 - cdfprob);
}
