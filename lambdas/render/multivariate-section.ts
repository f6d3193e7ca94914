import type { DriftReport } from '../core/report.ts';
import { escapeHtml as e } from './html-page.ts';
import { multivariateChunksText, multivariateLine } from './multivariate-wording.ts';
import { formatCount, formatNumber, formatShare } from './report-wording.ts';

/**
 * The report page's "Multivariate drift" section (README "Multivariate drift"): the verdict, the
 * band and what it came from, the columns used; or why it was not computed. Empty when the report
 * has no multivariate result.
 */
export function multivariateSection(report: DriftReport): string {
  const m = report.multivariate;
  const line = multivariateLine(report);
  if (m === undefined || line === null) return '';
  const facts: [string, string][] = [['method', 'PCA data reconstruction (NannyML)']];
  if (m.statistic !== null) facts.push(['mean reconstruction error', formatNumber(m.statistic)]);
  if (m.threshold !== null)
    facts.push(['band', `${formatNumber(m.threshold.lower)} to ${formatNumber(m.threshold.upper)}`]);
  const chunks = multivariateChunksText(m);
  if (chunks !== null) facts.push(['drawn from', chunks]);
  if (m.components > 0)
    facts.push([
      'components',
      `${m.components}, explaining ${formatShare(m.explainedVariance)} of the variance`,
    ]);
  if (m.rows !== undefined)
    facts.push([
      'rows used',
      `baseline ${formatCount(m.rows.reference)} of ${formatCount(m.rows.referenceTable)}, current ${formatCount(m.rows.current)} of ${formatCount(m.rows.currentTable)}`,
    ]);
  if (m.columns.length > 0) facts.push(['columns', m.columns.map((c) => `<code>${e(c)}</code>`).join(', ')]);
  const tone = m.drifted ? ' class="drifted"' : '';
  return `<section id="multivariate"><h2>Multivariate drift</h2><p${tone}>${e(line)}</p>
<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${k === 'columns' ? v : e(v)}</dd>`).join('')}</dl></section>`;
}
