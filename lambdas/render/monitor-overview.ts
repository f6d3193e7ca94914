import {
  type FeaturePoint,
  HISTORY_MAX_CHECKS,
  type HistoryEntry,
  TREND_CHECKS,
} from '../core/check-history.ts';
import { escapeHtml as e, htmlDocument, PALETTE_STYLE, svgNumber as r, shorten } from './html-page.ts';
import { formatShare, statusWords } from './report-wording.ts';

/** Rows of the heat map: the features that drifted most in the window first; the rest are counted. */
const HEATMAP_MAX_FEATURES = 100;

/** Where a check's report opens from the overview page, while it is still stored. */
export interface ReportLink {
  /** Relative to the overview page (which sits at the monitor's prefix). */
  readonly href: string;
  /** The same report in the S3 console, for a bucket. */
  readonly console?: string;
}

export interface MonitorOverviewInput {
  readonly monitor: string;
  /** Oldest first, as the monitor's history keeps it. */
  readonly history: readonly HistoryEntry[];
  /** A check's report, or null when it was never written or has expired. */
  readonly reportLink: (entry: HistoryEntry) => ReportLink | null;
  readonly driftwatchVersion?: string;
}

type CellState = 'drifted' | 'ok' | 'quality' | 'failed' | 'absent';

/**
 * A monitor's overview page (`<prefix>index.html`), rewritten after every check: the status of
 * the last TREND_CHECKS checks as a timeline, a heat map of features × those checks (drifted, no
 * drift, quality finding, not compared), and a table of every check the history keeps with a link
 * to each report still stored. Self-contained like the report: no script at all, no network (a
 * CSP meta tag forbids loading anything), every name and id escaped.
 */
export function renderMonitorOverview(input: MonitorOverviewInput): string {
  const { monitor, history } = input;
  const latest = history.at(-1);
  const verdict = latest === undefined ? null : statusWords(latest.status);
  const window = history.slice(-TREND_CHECKS);
  const facts: string[] = [
    `<dt>Checks kept</dt><dd>${history.length}${history.length > 0 ? ` (since <time>${e(history[0].checkedAt)}</time>)` : ''}</dd>`,
  ];
  if (latest !== undefined) {
    facts.push(
      `<dt>Last check</dt><dd><time>${e(latest.checkedAt)}</time> · <code>${e(latest.id)}</code></dd>`,
      `<dt>Alerts</dt><dd>${window.filter((c) => c.alert !== null).length} in the last ${window.length} checks</dd>`,
    );
  }
  const body = [
    `<header class="verdict tone-${verdict?.tone ?? 'neutral'}">
<p class="monitor">${e(monitor)} · monitor overview</p>
<h1><span class="badge">${e(verdict?.words ?? 'No checks yet')}</span></h1>
<dl class="facts">${facts.join('')}</dl>
</header>`,
    window.length > 0 ? timeline(window, input.reportLink) : '',
    window.length > 0 ? heatMap(window) : '',
    checksTable(history, input.reportLink),
    `<footer><p>Rewritten after every check. Reports expire with the bucket's report retention; the history keeps the last ${HISTORY_MAX_CHECKS.toLocaleString('en-US')} checks.</p><p class="gen">driftwatch${input.driftwatchVersion !== undefined ? ` ${e(input.driftwatchVersion)}` : ''}</p></footer>`,
  ].join('\n');
  return htmlDocument({ title: `${monitor} — ${verdict?.words ?? 'no checks yet'}`, style: STYLE, body });
}

const CELL = 8;
const LABEL = 170;

function timeline(
  window: readonly HistoryEntry[],
  reportLink: (entry: HistoryEntry) => ReportLink | null,
): string {
  const width = LABEL + window.length * CELL + 4;
  const height = 34;
  const parts = window.map((check, i) => {
    const x = LABEL + i * CELL;
    const words = statusWords(check.status);
    const tip = `<title>${e(`${check.checkedAt} · ${check.id}: ${words.words}${check.alert !== null ? ` · alert (${check.alert})` : ''}`)}</title>`;
    const mark =
      `<rect class="status tone-${words.tone}" x="${r(x + 0.5)}" y="12" width="${CELL - 1}" height="18">${tip}</rect>` +
      (check.alert !== null
        ? `<path class="alert" d="M${r(x)},1 L${r(x + CELL)},1 L${r(x + CELL / 2)},9 Z">${tip}</path>`
        : '');
    const link = reportLink(check);
    return link === null ? `<g>${mark}</g>` : `<a href="${e(link.href)}">${mark}</a>`;
  });
  return `<section id="timeline"><h2>Status of the last ${window.length} checks</h2>
<div class="scroll"><svg class="grid-chart" viewBox="0 0 ${width} ${height}" style="min-width:${Math.min(width, 560)}px" role="img" aria-label="${e(`Status of the last ${window.length} checks, oldest first`)}">
<text class="lbl" x="${LABEL - 6}" y="25" text-anchor="end">status</text>${parts.join('')}</svg></div>
<p class="legend"><span class="key tone-good"></span> no drift <span class="key tone-caution"></span> warnings, some features drifted, stale <span class="key tone-bad"></span> drift, quality failed, check failed <span class="key tone-neutral"></span> waiting <span class="alert-key">▼</span> alert sent</p>
</section>`;
}

function heatMap(window: readonly HistoryEntry[]): string {
  const byName = window.map((check) => new Map(check.features.map((f) => [f.name, f])));
  const drifts = new Map<string, number>();
  for (const features of byName) {
    for (const f of features.values()) drifts.set(f.name, (drifts.get(f.name) ?? 0) + (f.drifted ? 1 : 0));
  }
  if (drifts.size === 0) return '';
  const names = [...drifts.keys()].sort(
    (a, b) => drifts.get(b)! - drifts.get(a)! || (a < b ? -1 : a > b ? 1 : 0),
  );
  const shown = names.slice(0, HEATMAP_MAX_FEATURES);
  const width = LABEL + window.length * CELL + 4;
  const height = shown.length * CELL + 4;
  const rows = shown.map((name, row) => {
    const y = 2 + row * CELL;
    const cells = window.map((check, i) => {
      const point = byName[i].get(name);
      const state = cellState(point);
      if (state === 'absent') return '';
      return `<rect class="cell ${state}" x="${LABEL + i * CELL + 0.5}" y="${y + 0.5}" width="${CELL - 1}" height="${CELL - 1}"><title>${e(`${name} · ${check.checkedAt} · ${check.id}: ${CELL_WORDS[state]}`)}</title></rect>`;
    });
    return `<g><text class="lbl" x="${LABEL - 6}" y="${y + CELL - 1}" text-anchor="end"><title>${e(name)}</title>${e(shorten(name, 26))}</text>${cells.join('')}</g>`;
  });
  const more =
    names.length > shown.length
      ? `<p class="legend">${names.length - shown.length} more features, none of which drifted more often, are not drawn.</p>`
      : '';
  return `<section id="heatmap"><h2>Features × checks</h2>
<div class="scroll"><svg class="grid-chart" viewBox="0 0 ${width} ${height}" style="min-width:${Math.min(width, 560)}px" role="img" aria-label="${e(`Drift of ${shown.length} features over the last ${window.length} checks, oldest first`)}">${rows.join('')}</svg></div>
<p class="legend"><span class="key drifted"></span> drifted <span class="key ok"></span> no drift <span class="key quality"></span> quality finding <span class="key failed"></span> not compared; blank: not in that check</p>${more}
</section>`;
}

const CELL_WORDS: Record<CellState, string> = {
  drifted: 'drifted',
  ok: 'no drift',
  quality: 'quality finding',
  failed: 'not compared',
  absent: 'not in this check',
};

function cellState(point: FeaturePoint | undefined): CellState {
  if (point === undefined) return 'absent';
  if (point.drifted) return 'drifted';
  if (point.failed) return 'failed';
  return point.quality ? 'quality' : 'ok';
}

function checksTable(
  history: readonly HistoryEntry[],
  reportLink: (entry: HistoryEntry) => ReportLink | null,
): string {
  if (history.length === 0)
    return '<section id="checks"><h2>Checks</h2><p>No check has run yet.</p></section>';
  const rows = [...history].reverse().map((check) => {
    const words = statusWords(check.status);
    const link = reportLink(check);
    const report =
      link === null
        ? check.reportKey === null
          ? '<span class="muted">none written</span>'
          : '<span class="muted">expired</span>'
        : `<a href="${e(link.href)}">report</a>${link.console !== undefined ? ` · <a href="${e(link.console)}">in S3</a>` : ''}`;
    return `<tr><td><time>${e(check.checkedAt)}</time></td><td><code>${e(check.id)}</code></td><td><span class="pill tone-${words.tone}">${e(words.words)}</span></td><td class="num">${check.features.length > 0 ? formatShare(check.driftedShare) : '—'}</td><td>${check.alert === null ? '' : e(check.alert)}</td><td>${report}</td></tr>`;
  });
  return `<section id="checks"><h2>Checks (newest first)</h2>
<div class="scroll"><table><thead><tr><th>Checked</th><th>Snapshot</th><th>Status</th><th>Drifted</th><th>Alert</th><th>Report</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

const STYLE = `${PALETTE_STYLE}
*{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,section,footer{max-width:1100px;margin:0 auto;padding:16px 20px}
h1{margin:.2em 0;font-size:1.7em}h2{font-size:1.25em;border-bottom:1px solid var(--line);padding-bottom:4px}
code{font:0.92em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
.verdict{border-left:8px solid var(--tone);background:var(--panel);margin-top:12px;border-radius:4px}
.tone-good{--tone:var(--good)}.tone-caution{--tone:var(--caution)}.tone-bad{--tone:var(--bad)}.tone-neutral{--tone:var(--muted)}
.monitor{margin:0;color:var(--muted);font-weight:600;word-break:break-all}.badge{color:var(--tone)}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 0}.facts dt{color:var(--muted)}.facts dd{margin:0;word-break:break-all}
.scroll{overflow-x:auto}
.grid-chart{width:100%;height:auto;display:block}
.grid-chart .lbl{fill:var(--fg);font-size:8px}.grid-chart .status{fill:var(--tone)}.grid-chart .alert{fill:var(--caution)}
.grid-chart .cell.drifted{fill:var(--bad)}.grid-chart .cell.ok{fill:var(--good);opacity:.35}.grid-chart .cell.quality{fill:var(--caution)}.grid-chart .cell.failed{fill:var(--muted)}
.legend{color:var(--muted);font-size:13px}.key{display:inline-block;width:12px;height:12px;vertical-align:-1px;margin-left:8px;background:var(--tone)}
.key.drifted{background:var(--bad)}.key.ok{background:var(--good);opacity:.35}.key.quality{background:var(--caution)}.key.failed{background:var(--muted)}.alert-key{color:var(--caution);margin-left:8px}
table{border-collapse:collapse;width:100%;font-size:14px}th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}td code{word-break:break-all}
.pill{display:inline-block;padding:0 6px;border-radius:9px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid currentColor;color:var(--tone)}
.muted{color:var(--muted)}
footer{color:var(--muted);font-size:13px}.gen{font-size:12px}
`
  .replace(/\n/g, '')
  .trim();
