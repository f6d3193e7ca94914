import type { FeaturePoint, HistoryEntry } from '../core/check-history.ts';
import { escapeHtml as e, svgNumber as r } from './html-page.ts';
import { formatCount, formatNumber, formatShare } from './report-wording.ts';

const W = 560;
const H = 120;
const LEFT = 44;
const RIGHT = 10;
const TOP = 12;
const BOTTOM = 18;
/** The y axis stops at this many times the highest threshold, so one huge value cannot flatten the band. */
const CLIP_TIMES_THRESHOLD = 4;
/** p-values below this are drawn as this (−log10 300): below it a double is subnormal or 0. */
const P_FLOOR = 1e-300;

/** Checks to chart, oldest first, each with its features by name (looked up once per check). */
export interface TrendWindow {
  readonly checks: readonly HistoryEntry[];
  readonly byName: readonly ReadonlyMap<string, FeaturePoint>[];
}

export function trendWindow(checks: readonly HistoryEntry[]): TrendWindow {
  return { checks, byName: checks.map((check) => new Map(check.features.map((f) => [f.name, f]))) };
}

/**
 * One feature's drift over the given checks (oldest first) as an inline SVG: the value its
 * verdict compares with its threshold (the statistic for a distance; −log10 p for a test, so that
 * for both higher means more drift), the drift zone above each check's threshold shaded, drifted
 * checks marked, and a triangle over every check that sent an alert. Values above the axis are
 * drawn on its edge as ▲ with the true value in the tooltip. Every text is escaped.
 *
 * @param currentId the check the chart belongs to, outlined
 */
export function featureTrendChart(name: string, window: TrendWindow, currentId: string | undefined): string {
  const { checks } = window;
  const points = checks.map((check, i) => ({ check, point: window.byName[i].get(name) }));
  const latest = points.findLast((p) => p.point !== undefined)?.point;
  const usesP = latest?.decision === 'p_value';
  const values = points.map((p) => (p.point === undefined ? null : heightOf(p.point)));
  const thresholds = points.map((p) => (p.point === undefined ? null : thresholdHeightOf(p.point)));
  const finite = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));
  const maxThreshold = Math.max(0, ...finite(thresholds));
  const maxValue = Math.max(0, ...finite(values));
  const top =
    maxThreshold > 0
      ? Math.max(maxThreshold * 1.5, Math.min(maxValue, maxThreshold * CLIP_TIMES_THRESHOLD))
      : Math.max(maxValue * 1.1, 1e-9);
  const n = points.length;
  const step = (W - LEFT - RIGHT) / Math.max(1, n);
  const x = (i: number) => LEFT + step * (i + 0.5);
  const y = (v: number) => TOP + (H - TOP - BOTTOM) * (1 - Math.min(v, top) / top);
  const parts: string[] = [];

  // The drift zone: from each check's threshold up to the top of the axis.
  const band = thresholds
    .map((t, i) => (t === null || !Number.isFinite(t) ? null : { i, t }))
    .filter((b) => b !== null);
  if (band.length > 0) {
    const edge = band.flatMap(({ i, t }) => [
      `${r(x(i) - step / 2)},${r(y(t))}`,
      `${r(x(i) + step / 2)},${r(y(t))}`,
    ]);
    const first = x(band[0].i) - step / 2;
    const last = x(band[band.length - 1].i) + step / 2;
    parts.push(
      `<polygon class="band" points="${r(first)},${TOP} ${edge.join(' ')} ${r(last)},${TOP}"><title>drift zone: ${usesP ? 'p-value below' : 'statistic at or above'} the threshold</title></polygon>`,
    );
  }
  for (const tick of [0, top / 2, top]) {
    parts.push(
      `<line class="grid" x1="${LEFT}" x2="${W - RIGHT}" y1="${r(y(tick))}" y2="${r(y(tick))}"/><text class="tick" x="${LEFT - 4}" y="${r(y(tick) + 3)}" text-anchor="end">${formatNumber(tick)}</text>`,
    );
  }
  // The line breaks where a check did not compare the feature.
  let run: string[] = [];
  const lines: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (run.length > 1) lines.push(run.join(' '));
      run = [];
      return;
    }
    run.push(`${r(x(i))},${r(y(v))}`);
  });
  if (run.length > 1) lines.push(run.join(' '));
  for (const line of lines) parts.push(`<polyline class="line" points="${line}"/>`);

  points.forEach(({ check, point }, i) => {
    const cx = x(i);
    if (check.alert !== null) {
      parts.push(
        `<path class="alert" d="M${r(cx - 4)},1 L${r(cx + 4)},1 L${r(cx)},8 Z"><title>${e(check.checkedAt)}: alert (${e(check.alert)})</title></path>`,
      );
    }
    if (check.id === currentId) {
      parts.push(`<line class="now" x1="${r(cx)}" x2="${r(cx)}" y1="${TOP}" y2="${H - BOTTOM}"/>`);
    }
    const v = values[i];
    if (point === undefined || v === null || !Number.isFinite(v)) return;
    const state = point.drifted ? 'drifted' : point.failed ? 'failed' : 'ok';
    const tip = `<title>${e(`${check.checkedAt} · ${check.id}`)}: ${e(pointWords(point))}</title>`;
    if (v > top) {
      parts.push(
        `<text class="clip ${state}" x="${r(cx)}" y="${TOP + 2}" text-anchor="middle">▲${tip}</text>`,
      );
    } else {
      parts.push(
        `<circle class="pt ${state}" cx="${r(cx)}" cy="${r(y(v))}" r="${point.drifted ? 3 : 2.2}">${tip}</circle>`,
      );
    }
  });
  if (n > 0) {
    parts.push(
      `<text class="tick" x="${LEFT}" y="${H - 4}">${e(checks[0].checkedAt.slice(0, 10))}</text>`,
      `<text class="tick" x="${W - RIGHT}" y="${H - 4}" text-anchor="end">${e(checks[n - 1].checkedAt.slice(0, 10))}</text>`,
    );
  }
  const axis = usesP ? '−log10 p-value' : 'statistic';
  const label = `${name}: ${axis} over the last ${n} check${n === 1 ? '' : 's'} against the drift threshold; ${
    points.filter((p) => p.point?.drifted).length
  } drifted, ${points.filter((p) => p.check.alert !== null).length} alerted`;
  return `<figure class="trend"><svg class="trend-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(label)}">${parts.join('')}</svg><figcaption>${e(axis)} over the last ${n} check${n === 1 ? '' : 's'}; shaded: drift zone; <span class="alert-key">▼</span> alert sent</figcaption></figure>`;
}

/** How far toward drift a point is, on the axis the chart draws. */
function heightOf(point: FeaturePoint): number | null {
  if (point.decision === 'p_value') {
    return point.pValue === null ? null : -Math.log10(Math.max(point.pValue, P_FLOOR));
  }
  return point.statistic;
}

function thresholdHeightOf(point: FeaturePoint): number | null {
  if (point.threshold === null) return null;
  if (point.decision === 'p_value') return point.threshold > 0 ? -Math.log10(point.threshold) : null;
  return point.threshold;
}

function pointWords(point: FeaturePoint): string {
  const verdict = point.drifted ? 'drift' : point.failed ? 'not compared' : 'no drift';
  const rule =
    point.threshold === null
      ? ''
      : point.decision === 'p_value'
        ? ` (drift if p < ${formatNumber(point.threshold)})`
        : ` (drift if ≥ ${formatNumber(point.threshold)})`;
  const p = point.pValue === null ? '' : `, p ${formatNumber(point.pValue)}`;
  return `${verdict}; statistic ${formatNumber(point.statistic)}${p}${rule}; null share ${formatShare(point.nullShare)}; n ${formatCount(point.n)}${point.quality ? '; quality finding' : ''}`;
}

/** The chart's styles, for the pages that draw it. */
export const TREND_STYLE =
  '.trend{margin:8px 0 0}.trend-chart{width:100%;max-width:560px;height:auto;display:block}' +
  '.trend-chart .band{fill:var(--bad);opacity:.1}.trend-chart .grid{stroke:var(--line)}.trend-chart .line{fill:none;stroke:var(--ref);stroke-width:1.5}' +
  '.trend-chart .pt.ok{fill:var(--ref)}.trend-chart .pt.drifted{fill:var(--bad)}.trend-chart .pt.failed{fill:var(--caution)}' +
  '.trend-chart .clip{font-size:10px;fill:var(--bad)}.trend-chart .alert{fill:var(--caution)}.trend-chart .now{stroke:var(--fg);stroke-dasharray:2 2}' +
  '.trend-chart text{fill:var(--muted);font-size:10px}.trend figcaption{color:var(--muted);font-size:12px}.alert-key{color:var(--caution)}';
