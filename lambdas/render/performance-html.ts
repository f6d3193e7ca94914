import type { PerformanceSection } from '../core/performance/performance-section.ts';
import { escapeHtml as e } from './html-page.ts';
import {
  coverageLine,
  metricVerdict,
  modelMetricLabel,
  performanceLine,
  performanceRowsText,
} from './performance-wording.ts';
import { formatNumber } from './report-wording.ts';

/** The verdict pill's class (the report's drift pills: red, green, amber) and word per metric verdict. */
const PILLS = {
  degraded: { css: 'drifted', word: 'degraded' },
  ok: { css: 'ok', word: 'ok' },
  undecided: { css: 'failed', word: 'undecided' },
} as const;

/**
 * The report page's "Model quality" section (README "Model monitoring"): the verdict sentence,
 * one table row per metric (baseline, current, change, worst value allowed and the rule), the
 * rows each side measured and what they lacked, label coverage, and why a side was not measured.
 * Server-rendered like the rest of the page: it reads with scripts off.
 */
export function performanceHtml(section: PerformanceSection | undefined): string {
  if (section === undefined) return '';
  const rows = section.metrics
    .map((m) => {
      const verdict = PILLS[metricVerdict(m)];
      const rule =
        m.rule.type === 'relative'
          ? `${m.higherIsBetter ? 'fall' : 'rise'} ≤ ${formatNumber(m.rule.value * 100)}%`
          : `${m.higherIsBetter ? 'fall' : 'rise'} ≤ ${formatNumber(m.rule.value)}`;
      const change =
        m.change === null
          ? '—'
          : `${m.change > 0 ? '+' : m.change < 0 ? '−' : ''}${formatNumber(Math.abs(m.change))}`;
      const why = m.reason === undefined ? '' : `<div class="why">${e(m.reason)}</div>`;
      return (
        `<tr class="${verdict.css === 'drifted' ? 'drifted' : ''}">` +
        `<td><span class="pill ${verdict.css}">${verdict.word}</span></td>` +
        `<td>${e(modelMetricLabel(m.name))} <code>${e(m.name)}</code>${why}</td>` +
        `<td class="num">${formatNumber(m.reference)}</td><td class="num">${formatNumber(m.current)}</td>` +
        `<td class="num${m.degraded === true ? ' rise' : ''}">${change}</td>` +
        `<td class="num">${formatNumber(m.threshold)}</td><td>${e(rule)}</td></tr>`
      );
    })
    .join('');
  const facts = [
    `Baseline: ${performanceRowsText(section.reference)}`,
    `Current: ${performanceRowsText(section.current)}`,
  ];
  const coverage = coverageLine(section);
  if (coverage !== null) facts.push(coverage);
  if (section.notComputed !== undefined) facts.push(`Not measured: ${section.notComputed}`);
  return `<section id="performance"><h2>Model quality (${e(section.task)})</h2>
<p class="model-verdict ${section.degraded ? 'degraded' : ''}">${e(performanceLine(section))}</p>
<div class="scroll"><table id="performance-table"><thead><tr><th></th><th>metric</th><th>baseline</th><th>current</th><th>change</th><th>worst allowed</th><th>rule</th></tr></thead><tbody>${rows}</tbody></table></div>
<ul class="model-facts">${facts.map((fact) => `<li>${e(fact)}</li>`).join('')}</ul></section>`;
}

/** Its styles, added to the report page's. */
export const PERFORMANCE_STYLE =
  '.model-verdict{font-weight:600}.model-verdict.degraded{color:var(--bad)}.model-facts{color:var(--muted);font-size:13px;padding-left:20px}';
