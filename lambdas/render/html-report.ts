import { type HistoryEntry, TREND_CHECKS } from '../core/check-history.ts';
import {
  type DriftReport,
  type FeatureDistribution,
  type FeatureResult,
  isCompared,
  OTHER_VALUES_LABEL,
  type QualityViolation,
} from '../core/report.ts';
import { escapeHtml, htmlDocument, PALETTE_STYLE, shorten, svgNumber } from './html-page.ts';
import { PERFORMANCE_STYLE, performanceHtml } from './performance-html.ts';
import {
  biggestChange,
  comparedCountsText,
  datasetLine,
  driftRule,
  featuresBySeverity,
  formatCount,
  formatNumber,
  formatShare,
  methodLabel,
  notComparedPhrase,
  predictionLine,
  rowsText,
  statisticVsThreshold,
  statusWords,
  thresholdOrigin,
} from './report-wording.ts';
import { featureTrendChart, TREND_STYLE, trendWindow } from './trend-chart.ts';

export interface HtmlReportOptions {
  /**
   * Where the README's method notes live, linked from the methods footnote.
   * @default none: the footnote names the README section without a link
   */
  readonly docsUrl?: string;
  /**
   * The monitor's history, oldest first, this check included: each feature gets its trend over
   * the last TREND_CHECKS checks, and the header links the monitor's overview page.
   * @default none: no trends (`driftwatch check`)
   */
  readonly history?: readonly HistoryEntry[];
  /**
   * The overview page relative to the report (`../../index.html` for a monitor's report).
   * @default none: no link
   */
  readonly overviewHref?: string;
}

const e = escapeHtml;

/**
 * One self-contained HTML page for a report: no external scripts, fonts, styles or images (a CSP
 * meta tag forbids them), charts as inline SVG rendered here, and a small inline script only for
 * sorting and filtering, so the page reads fully even with scripts off. Feature names, category
 * values, file names and messages are data, escaped wherever they appear.
 */
export function renderHtmlReport(report: DriftReport, options: HtmlReportOptions = {}): string {
  const ctx = report.context ?? {};
  const verdict = statusWords(report.status);
  const monitor = ctx.monitor ?? 'driftwatch';
  const ranked = featuresBySeverity(report);
  const title = `${verdict.words} — ${monitor}`;
  const trend = trendOf(report, options.history);
  const body = [
    header(report, options.overviewHref),
    predictionSection(report, ranked),
    performanceHtml(report.performance),
    report.status === 'error' || report.features.length === 0 ? '' : whatChanged(ranked),
    report.features.length > 0 ? featureTable(ranked) : '',
    report.features.length > 0 ? distributions(ranked, trend) : '',
    quality(report),
    methods(report, options),
  ].join('\n');
  return htmlDocument({
    title,
    style: STYLE,
    body,
    script: SCRIPT,
    bodyClass: `tone-${verdict.tone}`,
    generator: `driftwatch${ctx.driftwatchVersion !== undefined ? ` ${ctx.driftwatchVersion}` : ''}`,
  });
}

/** A feature's trend chart, or '' when there is no history to draw. */
type TrendOf = (f: FeatureResult) => string;

function trendOf(report: DriftReport, history: readonly HistoryEntry[] | undefined): TrendOf {
  if (history === undefined || history.length === 0) return () => '';
  const window = trendWindow(history.slice(-TREND_CHECKS));
  const currentId = report.context?.snapshotId;
  return (f) =>
    window.byName.some((features) => features.has(f.name))
      ? featureTrendChart(f.name, window, currentId)
      : '';
}

function header(report: DriftReport, overviewHref: string | undefined): string {
  const ctx = report.context ?? {};
  const verdict = statusWords(report.status);
  const d = report.dataset;
  const facts: [string, string][] = [
    [
      'Snapshot',
      tableFact(ctx.snapshotId, report.current.sources, rowsText(report, report.current.rowCount)),
    ],
    [
      'Baseline',
      tableFact(ctx.baselineId, report.baseline.sources, rowsText(report, report.baseline.rowCount)),
    ],
  ];
  if (ctx.checkedAt !== undefined) {
    const took = ctx.durationMs !== undefined ? ` (took ${formatNumber(ctx.durationMs / 1000)} s)` : '';
    facts.push(['Checked', `<time>${e(ctx.checkedAt)}</time>${took}`]);
  }
  if (report.compat === 'evidently') facts.push(['Mode', 'compat: evidently']);
  if (overviewHref !== undefined) {
    facts.push([
      'History',
      `<a href="${e(overviewHref)}">monitor overview: every check, trends, reports</a>`,
    ]);
  }
  const share =
    report.status === 'error' || d.featureCount === 0
      ? ''
      : `<div class="share" role="img" aria-label="${e(datasetLine(report))}">
<div class="share-bar"><span class="share-fill" style="width:${pct(d.driftedShare)}"></span><span class="share-mark" style="left:${pct(d.driftShareThreshold)}" title="dataset drift threshold"></span></div>
<p>${e(datasetLine(report))}</p></div>`;
  const error = report.error !== undefined ? `<pre class="error">${e(report.error)}</pre>` : '';
  // The dataset line names them already; without one, they are still said.
  const notCompared = notComparedPhrase(report, 10);
  const unnamed = share === '' && notCompared !== '' ? `<p class="not-compared">${e(notCompared)}</p>` : '';
  return `<header class="verdict">
<p class="monitor">${e(ctx.monitor ?? 'driftwatch report')}</p>
<h1><span class="badge">${e(verdict.words)}</span></h1>
${share}${unnamed}${error}
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
</header>`;
}

/** The `prediction` role's verdict, apart from the data's (README "Columns"). */
function predictionSection(report: DriftReport, ranked: readonly FeatureResult[]): string {
  const line = predictionLine(report);
  if (line === null) return '';
  const items = ranked
    .filter((f) => f.role === 'prediction')
    .map((f) => {
      const change = changeSentence(f);
      return `<li><a href="#${featureId(f, ranked)}"><code>${e(f.name)}</code></a>: ${e(statisticVsThreshold(f))}${change === null ? '' : `; ${change}`}</li>`;
    })
    .join('');
  return `<section id="prediction"><h2>Prediction drift</h2><p>${e(line)}</p><ul>${items}</ul></section>`;
}

function tableFact(id: string | undefined, sources: readonly string[], rows: string): string {
  const list = sources.map((s) => `<li>${e(s)}</li>`).join('');
  const files =
    sources.length === 0
      ? ''
      : `<details class="sources"><summary>${sources.length} file${sources.length === 1 ? '' : 's'}</summary><ul>${list}</ul></details>`;
  const label = id ?? (sources.length === 1 ? sources[0] : '');
  return `<b>${e(label)}</b> ${rows} ${files}`;
}

function whatChanged(ranked: readonly FeatureResult[]): string {
  const drifted = ranked.filter((f) => f.drifted).slice(0, 5);
  if (drifted.length === 0) {
    return `<section id="summary"><h2>What changed most</h2><p>No feature crossed its drift threshold.</p></section>`;
  }
  const items = drifted
    .map((f) => {
      const change = changeSentence(f);
      return `<li><a href="#${featureId(f, ranked)}"><code>${e(f.name)}</code></a>: ${change ?? e(statisticVsThreshold(f))}</li>`;
    })
    .join('');
  return `<section id="summary"><h2>What changed most</h2><ul>${items}</ul></section>`;
}

/** biggestChange's sentence with its labels as escaped `<q>` elements, and the rest escaped too. */
function changeSentence(f: FeatureResult): string | null {
  const labels: string[] = [];
  const sentence = biggestChange(f, (label) => {
    labels.push(label);
    return `\uE000${labels.length - 1}\uE001`;
  });
  if (sentence === null) return null;
  return e(sentence).replace(/\uE000(\d+)\uE001/g, (_, i: string) => `<q>${e(labels[Number(i)])}</q>`);
}

function featureId(f: FeatureResult, ranked: readonly FeatureResult[]): string {
  return `f${ranked.indexOf(f)}`;
}

const COLUMNS: { key: string; label: string; type: 'num' | 'text' }[] = [
  { key: 'severity', label: 'Drift', type: 'num' },
  { key: 'name', label: 'Feature', type: 'text' },
  { key: 'kind', label: 'Kind', type: 'text' },
  { key: 'method', label: 'Method', type: 'text' },
  { key: 'statistic', label: 'Statistic', type: 'num' },
  { key: 'threshold', label: 'Drift if', type: 'text' },
  { key: 'origin', label: 'Threshold from', type: 'text' },
  { key: 'p', label: 'p-value', type: 'num' },
  { key: 'nulls', label: 'Null share', type: 'num' },
  { key: 'nref', label: 'n ref', type: 'num' },
  { key: 'ncur', label: 'n cur', type: 'num' },
  { key: 'exact', label: 'Values', type: 'text' },
];

function featureTable(ranked: readonly FeatureResult[]): string {
  const head = COLUMNS.map(
    (c) =>
      `<th scope="col" data-key="${c.key}" data-type="${c.type}"${c.key === 'severity' ? ' aria-sort="descending"' : ''}><button type="button">${c.label}</button></th>`,
  ).join('');
  const rows = ranked.map((f, i) => featureRow(f, i, ranked.length)).join('\n');
  const drifted = ranked.filter((f) => f.drifted).length;
  const failed = ranked.filter((f) => f.error !== undefined).length;
  return `<section id="features"><h2>Features</h2>
<div class="controls" role="search">
<label>Filter <input id="filter" type="search" placeholder="feature name" autocomplete="off"></label>
<label>Show <select id="show"><option value="all">all ${ranked.length}</option><option value="drifted">drifted (${drifted})</option><option value="failed">not compared (${failed})</option><option value="ok">not drifted (${ranked.length - drifted - failed})</option></select></label>
<span id="count" aria-live="polite"></span>
</div>
<div class="scroll"><table id="feature-table">
<thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table></div></section>`;
}

function featureRow(f: FeatureResult, index: number, total: number): string {
  const state = f.drifted ? 'drifted' : f.error !== undefined ? 'failed' : 'ok';
  const stateWords = f.drifted ? '▲ drift' : f.error !== undefined ? '✕ n/a' : '✓ ok';
  const p = f.pValueAdjusted ?? f.pValue;
  const threshold = driftRule(f);
  const origin = f.threshold === null ? '—' : thresholdOrigin(f);
  const nullChange = f.nullShareCurrent - f.nullShareReference;
  const nulls =
    f.nullShareReference === f.nullShareCurrent
      ? formatShare(f.nullShareCurrent)
      : `${formatShare(f.nullShareReference)} → ${formatShare(f.nullShareCurrent)}`;
  const cell = (key: string, sort: string | number, html: string, cls = '') =>
    `<td data-key="${key}" data-sort="${e(String(sort))}"${cls ? ` class="${cls}"` : ''}>${html}</td>`;
  return (
    `<tr class="${state}" data-state="${state}" data-name="${e(f.name.toLowerCase())}">` +
    cell('severity', total - index, `<span class="pill ${state}">${stateWords}</span>`) +
    cell(
      'name',
      f.name,
      `<a href="#f${index}">${e(f.name)}</a>${f.error ? `<div class="why">${e(f.error)}</div>` : ''}`,
    ) +
    cell('kind', f.kind, f.kind) +
    cell('method', methodLabel(f.method), e(methodLabel(f.method))) +
    cell('statistic', f.statistic ?? -1, formatNumber(f.statistic), 'num') +
    cell('threshold', threshold, e(threshold), 'num') +
    cell('origin', origin, e(origin)) +
    cell('p', p ?? 2, p === null || p === undefined ? '—' : formatNumber(p), 'num') +
    cell('nulls', nullChange, nulls, nullChange > 0.001 ? 'num rise' : 'num') +
    cell('nref', f.nReference, formatCount(f.nReference), 'num') +
    cell('ncur', f.nCurrent, formatCount(f.nCurrent), 'num') +
    cell(
      'exact',
      f.exact ? 'exact' : 'sampled',
      f.sampledFrom !== undefined
        ? `<em>sampled</em><div class="why">of ${formatCount(f.sampledFrom.reference)} / ${formatCount(f.sampledFrom.current)}</div>`
        : f.exact
          ? 'exact'
          : '<em>sampled</em>',
    ) +
    '</tr>'
  );
}

function distributions(ranked: readonly FeatureResult[], trendOf: TrendOf): string {
  const cards = ranked.map((f, i) => featureCard(f, i, trendOf(f))).join('\n');
  return `<section id="distributions"><h2>Distributions</h2>
<p class="legend"><span class="key ref"></span> baseline <span class="key cur"></span> current <span class="new-key">★ new</span> value not in the baseline</p>
${cards}
</section>`;
}

function featureCard(f: FeatureResult, index: number, trend: string): string {
  const state = f.drifted ? 'drifted' : f.error !== undefined ? 'failed' : 'ok';
  const change = changeSentence(f);
  const chart =
    f.distribution === undefined
      ? ''
      : f.kind === 'numeric'
        ? histogram(f.distribution.labels, f.distribution.reference, f.distribution.current)
        : categoryBars(
            f.distribution.labels,
            f.distribution.reference,
            f.distribution.current,
            f.distribution.otherCategories,
          );
  const summary =
    f.reference !== undefined && f.current !== undefined
      ? `<table class="sides"><thead><tr><th></th><th>mean</th><th>std</th><th>min</th><th>median</th><th>max</th></tr></thead><tbody>${(
          [
            ['baseline', f.reference],
            ['current', f.current],
          ] as const
        )
          .map(
            ([label, s]) =>
              `<tr><th scope="row">${label}</th>${[s.mean, s.std, s.min, s.median, s.max].map((x) => `<td>${formatNumber(x)}</td>`).join('')}</tr>`,
          )
          .join('')}</tbody></table>`
      : '';
  return `<article class="card ${state}" id="f${index}" data-state="${state}" data-name="${e(f.name.toLowerCase())}">
<h3><code>${e(f.name)}</code> <span class="pill ${state}">${f.drifted ? '▲ drift' : f.error !== undefined ? '✕ not compared' : '✓ no drift'}</span></h3>
<p class="stat">${e(f.kind)} · ${e(statisticVsThreshold(f))} · ${comparedCountsText(f)}</p>
${change !== null ? `<p class="change">${change}</p>` : ''}${chart}${summary}${trend}
</article>`;
}

const W = 560;
/**
 * Chart text size (in the chart's own units) on screens up to 600 px: a chart W units wide then
 * shows about 360 px wide on a 400 px phone, so 16 units read as 10 px or more.
 */
const NARROW_CHART_FONT = 16;
const BAR_AREA = 130;
const TOP = 10;
/** Room for the last rotated bin label. */
const RIGHT = 40;

/** Overlaid histograms on the reference bins: each bin gets equal width, bar height is its share. */
function histogram(
  labels: readonly string[],
  reference: readonly number[],
  current: readonly number[],
): string {
  const n = labels.length;
  const left = 40;
  const bw = (W - left - RIGHT) / n;
  const max = Math.max(...reference, ...current, 1e-9);
  const y = (share: number) => TOP + BAR_AREA - (share / max) * BAR_AREA;
  const parts: string[] = [axis(left, max)];
  for (let i = 0; i < n; i++) {
    const x = left + i * bw;
    const tip = `<title>${e(labels[i])}: baseline ${formatShare(reference[i])}, current ${formatShare(current[i])}</title>`;
    parts.push(
      `<g>${tip}<rect class="ref" x="${r(x + 1)}" y="${r(y(reference[i]))}" width="${r(bw - 2)}" height="${r(TOP + BAR_AREA - y(reference[i]))}"/>` +
        `<rect class="cur" x="${r(x + bw * 0.25)}" y="${r(y(current[i]))}" width="${r(bw * 0.5)}" height="${r(TOP + BAR_AREA - y(current[i]))}"/>` +
        (reference[i] === 0 && current[i] > 0
          ? `<text class="new" x="${r(x + bw / 2)}" y="${r(y(current[i]) - 3)}" text-anchor="middle">★</text>`
          : '') +
        `<text class="tick" transform="translate(${r(x + bw / 2)},${TOP + BAR_AREA + 10}) rotate(35)">${e(shorten(labels[i], 16))}</text></g>`,
    );
  }
  const height = TOP + BAR_AREA + 70;
  return `<svg class="chart" viewBox="0 0 ${W} ${height}" role="img" aria-label="Histogram of baseline and current shares on the baseline's bins">${parts.join('')}</svg>`;
}

/** Side-by-side horizontal bars per category, biggest shift first (the order the report stores). */
function categoryBars(
  labels: readonly string[],
  reference: readonly number[],
  current: readonly number[],
  otherCategories: FeatureDistribution['otherCategories'],
): string {
  const shown = Math.min(labels.length, 15);
  const left = 170;
  const row = 24;
  const max = Math.max(...reference.slice(0, shown), ...current.slice(0, shown), 1e-9);
  const width = W - left - 90;
  const parts: string[] = [];
  for (let i = 0; i < shown; i++) {
    const y0 = 4 + i * row;
    const unseen = reference[i] === 0 && current[i] > 0;
    const rw = (reference[i] / max) * width;
    const cw = (current[i] / max) * width;
    parts.push(
      `<g><title>${e(labels[i])}: baseline ${formatShare(reference[i])}, current ${formatShare(current[i])}${unseen ? ' (new)' : ''}</title>` +
        `<text class="cat" x="${left - 6}" y="${y0 + 14}" text-anchor="end">${unseen ? '★ ' : ''}${e(shorten(labels[i], 24))}</text>` +
        `<rect class="ref" x="${left}" y="${y0 + 2}" width="${r(rw)}" height="9"/>` +
        `<rect class="cur" x="${left}" y="${y0 + 11}" width="${r(cw)}" height="9"/>` +
        `<text class="val" x="${r(left + Math.max(rw, cw) + 4)}" y="${y0 + 14}">${formatShare(reference[i])} → ${formatShare(current[i])}</text></g>`,
    );
  }
  const hidden = labels.slice(shown);
  const pooled = hidden.includes(OTHER_VALUES_LABEL) ? otherCategories : undefined;
  const moreCount = hidden.filter((label) => label !== OTHER_VALUES_LABEL).length + (pooled?.count ?? 0);
  const more =
    hidden.length > 0
      ? `<text class="tick" x="${left}" y="${shown * row + 18}">${pooled?.atLeast ? 'at least ' : ''}${formatCount(moreCount)} more categor${moreCount === 1 ? 'y' : 'ies'} with smaller changes</text>`
      : '';
  const height = shown * row + (more ? 28 : 8);
  return `<svg class="chart" viewBox="0 0 ${W} ${height}" role="img" aria-label="Baseline and current share of each category, biggest change first">${parts.join('')}${more}</svg>`;
}

function axis(left: number, max: number): string {
  const ticks = [0, max / 2, max];
  return ticks
    .map((t) => {
      const y = TOP + BAR_AREA - (t / max) * BAR_AREA;
      return `<line class="grid" x1="${left}" x2="${W - RIGHT}" y1="${r(y)}" y2="${r(y)}"/><text class="tick" x="${left - 4}" y="${r(y + 3)}" text-anchor="end">${formatShare(t)}</text>`;
    })
    .join('');
}

function quality(report: DriftReport): string {
  const failed = report.features.filter((f) => f.error !== undefined);
  const parts: string[] = [];
  if (report.quality.length > 0) {
    const rows = [...report.quality]
      .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
      .map(
        (q: QualityViolation) =>
          `<tr class="${q.severity}"><td><span class="pill ${q.severity}">${q.severity}</span></td><td>${q.check.replace(/_/g, ' ')}</td><td>${q.feature === null ? '<em>table</em>' : `<code>${e(q.feature)}</code>`}</td><td>${e(q.message)}</td></tr>`,
      )
      .join('');
    parts.push(
      `<div class="scroll"><table class="quality"><thead><tr><th>Severity</th><th>Check</th><th>Where</th><th>What</th></tr></thead><tbody>${rows}</tbody></table></div>`,
    );
  } else if (isCompared(report.status)) {
    parts.push('<p>No data-quality problems found.</p>');
  } else {
    parts.push('<p>Not checked: the check stopped before comparing the tables.</p>');
  }
  if (failed.length > 0) {
    parts.push(
      `<h3>Not compared</h3><ul>${failed.map((f) => `<li><code>${e(f.name)}</code>: ${e(f.error ?? '')}</li>`).join('')}</ul>`,
    );
  }
  if (report.skipped.length > 0) {
    parts.push(
      `<h3>Not tested</h3><ul>${report.skipped.map((s) => `<li><code>${e(s.name)}</code> (${e(s.kind)}): ${e(s.reason)}</li>`).join('')}</ul>`,
    );
  }
  return `<section id="quality"><h2>Data quality</h2>${parts.join('')}</section>`;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function methods(report: DriftReport, options: HtmlReportOptions): string {
  const used = [...new Set(report.features.map((f) => f.method).filter((m) => m !== null))];
  const readme =
    options.docsUrl !== undefined && /^https?:\/\//.test(options.docsUrl)
      ? `<a href="${e(options.docsUrl)}">What is compared, and how</a>`
      : '“What is compared, and how” in the driftwatch README';
  return `<footer id="methods"><h2>Methods</h2>
<p>Each feature's baseline and current values are compared by one method${used.length > 0 ? ` (here: ${used.map((m) => e(methodLabel(m))).join(', ')})` : ''}. Distance methods (Wasserstein normed by the baseline's standard deviation, Jensen–Shannon, PSI and others) call drift when the statistic reaches its threshold; tests (KS, chi-square, Z and others) when the p-value falls below it. The default follows Evidently's rule: up to 1000 baseline values, KS for numbers and chi-square or Z for categories; above, normed Wasserstein ≥ 0.1 for numbers and Jensen–Shannon ≥ 0.1 for categories. The dataset drifts when the share of drifted features reaches ${formatShare(report.dataset.driftShareThreshold)}.</p>
<p>Numeric histograms use the baseline's decile bins (plus below-minimum and above-maximum bins), so the baseline's bars are even and the current's show where values moved. “Sampled” means a seeded uniform sample stood in for every value; n says how many were compared. Details: ${readme}.</p>
<p class="gen">driftwatch${report.context?.driftwatchVersion !== undefined ? ` ${e(report.context.driftwatchVersion)}` : ''} · report schema ${report.schemaVersion}</p>
</footer>`;
}

function pct(share: number): string {
  return `${Math.max(0, Math.min(100, share * 100)).toFixed(1)}%`;
}

const r = svgNumber;

const STYLE = `
${PALETTE_STYLE}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,section,footer{max-width:1100px;margin:0 auto;padding:16px 20px}
h1{margin:.2em 0;font-size:1.7em}h2{font-size:1.25em;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:1.05em;margin:.2em 0}
code{font:0.92em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.verdict{border-left:8px solid var(--tone);background:var(--panel);margin-top:12px;border-radius:4px}
.tone-good{--tone:var(--good)}.tone-caution{--tone:var(--caution)}.tone-bad{--tone:var(--bad)}.tone-neutral{--tone:var(--muted)}
.monitor{margin:0;color:var(--muted);font-weight:600;word-break:break-all}
.badge{color:var(--tone)}.badge::before{content:"";display:inline-block;width:.7em;height:.7em;border-radius:50%;background:var(--tone);margin-right:.35em;vertical-align:.05em}
.share{margin:8px 0}.share p{margin:4px 0}.share-bar{position:relative;height:10px;background:var(--line);border-radius:5px;max-width:420px}
.share-fill{position:absolute;left:0;top:0;bottom:0;background:var(--tone);border-radius:5px}.share-mark{position:absolute;top:-4px;bottom:-4px;width:2px;background:var(--fg)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 0}.facts dt{color:var(--muted)}.facts dd{margin:0;word-break:break-all}
.sources{display:inline}.sources summary{display:inline;cursor:pointer;color:var(--muted)}.sources ul{margin:4px 0;padding-left:18px;font:12px ui-monospace,monospace}
pre.error{white-space:pre-wrap;word-break:break-all;background:var(--bg);border:1px solid var(--bad);padding:8px;border-radius:4px}
#summary ul{padding-left:20px}#summary li{margin:3px 0}
q{quotes:"‘" "’";font-weight:600}
.controls{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:8px}.controls input,.controls select{font:inherit;padding:3px 6px}
#count{color:var(--muted)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.rise{color:var(--bad)}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;color:inherit;cursor:pointer;white-space:nowrap}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
#feature-table td[data-key=name]{word-break:break-all;min-width:10em}
tr.drifted{background:color-mix(in srgb,var(--bad) 7%,transparent)}.why{color:var(--muted);font-size:12px;word-break:normal}
.pill{display:inline-block;padding:0 6px;border-radius:9px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid currentColor}
.pill.drifted,.pill.error{color:var(--bad)}.pill.ok{color:var(--good)}.pill.failed,.pill.warning{color:var(--caution)}.pill.info{color:var(--muted)}
.legend{color:var(--muted)}.key{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin-left:8px}.key.ref{background:var(--ref);opacity:.45}.key.cur{background:var(--cur)}.new-key{margin-left:8px;color:var(--cur)}
.card{border:1px solid var(--line);border-left:5px solid var(--line);border-radius:4px;padding:10px 14px;margin:12px 0}
.card.drifted{border-left-color:var(--bad)}.card.failed{border-left-color:var(--caution)}
.card .stat{margin:2px 0;color:var(--muted);font-size:13px}.card .change{margin:4px 0;font-weight:500}
.chart{width:100%;max-width:${W}px;height:auto;display:block;margin-top:6px}
.chart .ref{fill:var(--ref);opacity:.45}.chart .cur{fill:var(--cur)}.chart .grid{stroke:var(--line)}
.chart text{fill:var(--muted);font-size:10px}.chart .cat{fill:var(--fg);font-size:11px}.chart .new{fill:var(--cur);font-size:12px}
.sides{width:auto;font-size:12px;margin-top:6px}.sides td{text-align:right;font-variant-numeric:tabular-nums}
footer{color:var(--muted);font-size:13px}.gen{font-size:12px}
${TREND_STYLE}
${PERFORMANCE_STYLE}
[hidden]{display:none!important}
@media (max-width:600px){header,section,footer{padding:12px 8px}.card{padding:8px}
#feature-table [data-key=kind],#feature-table [data-key=method],#feature-table [data-key=p],#feature-table [data-key=nulls],#feature-table [data-key=nref],#feature-table [data-key=ncur],#feature-table [data-key=exact]{display:none}
#feature-table td[data-key=name]{min-width:0}table{font-size:13px}th,td{padding:4px 5px}
.chart text,.chart .cat,.chart .new{font-size:${NARROW_CHART_FONT}px}}
`
  .replace(/\n/g, '')
  .trim();

// Sorting and filtering only; everything else is server-rendered so the page reads with scripts off.
const SCRIPT = `
(function(){
var table=document.getElementById('feature-table');if(!table)return;
var body=table.tBodies[0],heads=table.tHead.rows[0].cells,filter=document.getElementById('filter'),show=document.getElementById('show'),count=document.getElementById('count');
var cards=document.querySelectorAll('#distributions .card');
function key(row,k,type){var c=row.querySelector('td[data-key="'+k+'"]');var v=c?c.getAttribute('data-sort'):'';return type==='num'?parseFloat(v):v.toLowerCase();}
Array.prototype.forEach.call(heads,function(th){th.querySelector('button').addEventListener('click',function(){
var k=th.getAttribute('data-key'),type=th.getAttribute('data-type');
var dir=th.getAttribute('aria-sort')==='descending'?'ascending':'descending';
if(!th.hasAttribute('aria-sort')&&type==='text')dir='ascending';
Array.prototype.forEach.call(heads,function(h){h.removeAttribute('aria-sort');});th.setAttribute('aria-sort',dir);
var rows=Array.prototype.slice.call(body.rows),s=dir==='ascending'?1:-1;
rows.sort(function(a,b){var x=key(a,k,type),y=key(b,k,type);return x<y?-s:x>y?s:0;});
rows.forEach(function(r){body.appendChild(r);});});});
function apply(){var q=filter.value.trim().toLowerCase(),m=show.value,n=0;
function match(el){return(q===''||el.getAttribute('data-name').indexOf(q)>=0)&&(m==='all'||el.getAttribute('data-state')===m);}
Array.prototype.forEach.call(body.rows,function(r){var ok=match(r);r.hidden=!ok;if(ok)n++;});
Array.prototype.forEach.call(cards,function(c){c.hidden=!match(c);});
count.textContent=n+' of '+body.rows.length+' shown';}
filter.addEventListener('input',apply);show.addEventListener('change',apply);apply();
})();
`
  .trim()
  .replace(/\n/g, '');
