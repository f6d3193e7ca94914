import { type FeatureResult, isCompared } from '../core/report.ts';
import { visibleLine } from '../safe-text.ts';
import type { AlertContent } from './alert-content.ts';
import { coverageLine, performanceLine } from './performance-wording.ts';
import {
  alertHeadline,
  biggestChange,
  datasetLine,
  featuresBySeverity,
  predictionLine,
  qualityProblems,
  rowsText,
  statisticVsThreshold,
  statusWords,
  truncate,
} from './report-wording.ts';

/** Features listed by name in an alert; the report has the rest. */
export const ALERT_TOP_FEATURES = 5;
const QUALITY_LINES = 5;
/** Longest user string (feature name, category, file name) quoted in full. */
const NAME_CHARS = 80;
const ERROR_CHARS = 600;

/**
 * The `email` body of the SNS alert: plain text, short, readable on a phone.
 * User strings are cut to one line and a bounded length, so the body stays a few KB whatever the
 * data holds (SNS caps a whole message at 256 KB).
 */
export function emailText(alert: AlertContent): string {
  const report = alert.report;
  const ctx = report.context ?? {};
  const name = (s: string) => truncate(visibleLine(s), NAME_CHARS);
  const lines: string[] = [];

  lines.push(`${alertHeadline(alert.reason).toUpperCase()}: ${name(alert.monitor)}`);
  if (!isCompared(alert.status)) {
    lines.push(`Verdict: ${statusWords(alert.status).words}.`);
    if (report.error !== undefined) lines.push(truncate(visibleLine(report.error), ERROR_CHARS));
  } else {
    lines.push(`Verdict: ${statusWords(alert.status).words}. ${datasetLine(report, true)}.`);
    const prediction = predictionLine(report, true);
    if (prediction !== null) lines.push(`${truncate(visibleLine(prediction), ERROR_CHARS)}.`);
    if (report.performance !== undefined) {
      // The model's own verdict first when it is what the alert is about.
      const model = [performanceLine(report.performance), coverageLine(report.performance)]
        .filter((line): line is string => line !== null)
        .map((line) => truncate(visibleLine(line), ERROR_CHARS));
      if (alert.reason === 'model_degraded') lines.splice(1, 0, ...model);
      else lines.push(...model);
    }
  }
  lines.push('');
  lines.push(
    `Snapshot: ${tableLine(ctx.snapshotId, report.current.sources, rowsText(report, report.current.rowCount))}`,
  );
  lines.push(
    `Baseline: ${tableLine(ctx.baselineId, report.baseline.sources, rowsText(report, report.baseline.rowCount))}`,
  );
  if (ctx.checkedAt !== undefined) lines.push(`Checked:  ${name(ctx.checkedAt)}`);

  const quality: string[] = [];
  const problems = qualityProblems(report.quality);
  if (problems.length > 0) {
    quality.push('', `Data quality (${problems.length}):`);
    for (const q of problems.slice(0, QUALITY_LINES)) {
      const where = q.feature === null ? '' : `${name(q.feature)}: `;
      quality.push(`  - [${q.severity}] ${where}${truncate(visibleLine(q.message), 160)}`);
    }
    if (problems.length > QUALITY_LINES) quality.push(`  ... and ${problems.length - QUALITY_LINES} more.`);
  }
  // Broken data is the news: its findings come before the features they left uncompared.
  if (alert.status === 'invalid') lines.push(...quality);

  const ranked = featuresBySeverity(report);
  const drifted = ranked.filter((f) => f.drifted);
  if (drifted.length > 0) {
    lines.push('', drifted.length === 1 ? 'Drifted feature:' : 'Most drifted features:');
    drifted.slice(0, ALERT_TOP_FEATURES).forEach((f, i) => {
      lines.push(...featureLines(f, i + 1, name));
    });
    if (drifted.length > ALERT_TOP_FEATURES) {
      lines.push(`  ... and ${drifted.length - ALERT_TOP_FEATURES} more in the report.`);
    }
  }
  const failed = ranked.filter((f) => f.error !== undefined);
  if (failed.length > 0) {
    lines.push('', `Not compared (${failed.length}):`);
    for (const f of failed.slice(0, QUALITY_LINES)) lines.push(`  - ${name(f.name)}: ${name(f.error ?? '')}`);
    if (failed.length > QUALITY_LINES) lines.push(`  ... and ${failed.length - QUALITY_LINES} more.`);
  }

  if (alert.status !== 'invalid') lines.push(...quality);

  const links: string[] = [];
  if (alert.links.report !== undefined) links.push(`Report:    ${visibleLine(alert.links.report)}`);
  if (alert.links.reportConsole !== undefined)
    links.push(`In S3:     ${visibleLine(alert.links.reportConsole)}`);
  if (alert.links.overview !== undefined) links.push(`History:   ${visibleLine(alert.links.overview)}`);
  if (alert.links.dashboard !== undefined) links.push(`Dashboard: ${visibleLine(alert.links.dashboard)}`);
  if (links.length > 0) lines.push('', ...links);

  lines.push(
    '',
    `-- driftwatch${ctx.driftwatchVersion !== undefined ? ` ${name(ctx.driftwatchVersion)}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

function featureLines(f: FeatureResult, rank: number, name: (s: string) => string): string[] {
  const lines = [`  ${rank}. ${name(f.name)} (${f.kind}): ${statisticVsThreshold(f, true)}`];
  const change = biggestChange(f, (label) => `'${name(label)}'`);
  if (change !== null) lines.push(`     ${change.replace('→', '->')}`);
  return lines;
}

function tableLine(id: string | undefined, sources: readonly string[], rows: string): string {
  const label =
    id ?? (sources.length === 1 ? sources[0] : sources.length === 0 ? '(none)' : `${sources.length} files`);
  return `${truncate(visibleLine(label), NAME_CHARS)} (${rows})`;
}
