import { type FeatureResult, isCompared } from '../core/report.ts';
import { visibleLine } from '../safe-text.ts';
import type { AlertContent } from './alert-content.ts';
import { ALERT_TOP_FEATURES } from './email-text.ts';
import { coverageLine, performanceLine } from './performance-wording.ts';
import {
  alertHeadline,
  alertTitle,
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

// Slack Block Kit limits (api.slack.com/reference/block-kit/blocks).
export const SLACK_MAX_BLOCKS = 50;
export const SLACK_SECTION_CHARS = 3000;
const HEADER_CHARS = 150;
const BUTTON_URL_CHARS = 3000;
const CONTEXT_CHARS = 2000;
/** Slack truncates the top-level `text` at 40,000 characters; a notification needs far less. */
const FALLBACK_CHARS = 300;
const NAME_CHARS = 80;
const QUALITY_LINES = 8;

/**
 * Slack's three control characters, entity-escaped as Slack asks
 * (api.slack.com/reference/surfaces/formatting#escaping). Stops `<!channel>` and `<url|label>` injection.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A user string shown verbatim in mrkdwn. mrkdwn has no backslash escape for `*` `_` `~`, but none of
 * them format inside inline code; a backtick would end the code span, so it becomes the look-alike
 * U+02CB. Newlines would also end it. Empty strings get a visible placeholder.
 */
export function mrkdwnLiteral(text: string, max = NAME_CHARS): string {
  const shown = text === '' ? '(empty)' : truncate(visibleLine(text), max).replace(/`/g, 'ˋ');
  return `\`${escapeMrkdwn(shown)}\``;
}

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
type Block =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text: TextObject }
  | { type: 'divider' }
  | { type: 'context'; elements: TextObject[] }
  | {
      type: 'actions';
      elements: { type: 'button'; text: TextObject; url: string; style?: 'primary' }[];
    };

const TONE_EMOJI = { good: ':large_green_circle:', caution: ':large_yellow_circle:', bad: ':red_circle:' };

/**
 * The Slack message of an alert: the same facts as the email, as Block Kit. Every user string
 * (monitor, feature and category names, file names, error text) is escaped; every section stays
 * under 3000 characters and the message under 50 blocks, whatever the report holds.
 */
export function slackBlocks(alert: AlertContent): { text: string; blocks: unknown[] } {
  const report = alert.report;
  const ctx = report.context ?? {};
  const verdict = statusWords(alert.status);
  const headline = alertHeadline(alert.reason);
  const blocks: Block[] = [];

  // Header is plain_text: Slack parses no links or mentions in it, so only length needs care.
  blocks.push({
    type: 'header',
    text: {
      type: 'plain_text',
      text: truncate(`${headline}: ${visibleLine(alert.monitor)}`, HEADER_CHARS),
      emoji: true,
    },
  });

  const summary: string[] = [];
  const emoji = verdict.tone === 'neutral' ? '' : `${TONE_EMOJI[verdict.tone]} `;
  if (!isCompared(alert.status)) {
    summary.push(`${emoji}*${verdict.words}*`);
  } else {
    summary.push(`${emoji}*${verdict.words}*: ${escapeMrkdwn(datasetLine(report))}`);
    const prediction = predictionLine(report);
    if (prediction !== null) summary.push(escapeMrkdwn(truncate(prediction, 600)));
    if (report.performance !== undefined) {
      const model = escapeMrkdwn(truncate(visibleLine(performanceLine(report.performance)), 1200));
      if (alert.reason === 'model_degraded') summary.splice(0, 0, `*${model}*`);
      else summary.push(model);
      const coverage = coverageLine(report.performance);
      if (coverage !== null) summary.push(escapeMrkdwn(truncate(visibleLine(coverage), 400)));
    }
  }
  summary.push(
    `*Snapshot* ${tableText(ctx.snapshotId, report.current.sources, rowsText(report, report.current.rowCount))}` +
      `  vs  *baseline* ${tableText(ctx.baselineId, report.baseline.sources, rowsText(report, report.baseline.rowCount))}`,
  );
  blocks.push(section(summary.join('\n')));
  if (report.error !== undefined) {
    const text = escapeWithin(visibleLine(report.error).replace(/`/g, 'ˋ'), SLACK_SECTION_CHARS - 6);
    blocks.push(section(`\`\`\`${text}\`\`\``));
  }

  const ranked = featuresBySeverity(report);
  const drifted = ranked.filter((f) => f.drifted);
  if (drifted.length > 0) {
    blocks.push({ type: 'divider' });
    const lines = drifted.slice(0, ALERT_TOP_FEATURES).map(featureText);
    if (drifted.length > ALERT_TOP_FEATURES) {
      lines.push(`_…and ${drifted.length - ALERT_TOP_FEATURES} more drifted features in the report._`);
    }
    blocks.push(section(fitLines(lines)));
  }
  const failed = ranked.filter((f) => f.error !== undefined);
  if (failed.length > 0) {
    const lines = failed
      .slice(0, QUALITY_LINES)
      .map((f) => `• ${mrkdwnLiteral(f.name)}: ${escapeMrkdwn(truncate(visibleLine(f.error ?? ''), 200))}`);
    if (failed.length > QUALITY_LINES) lines.push(`_…and ${failed.length - QUALITY_LINES} more._`);
    blocks.push(section(fitLines([`*Not compared (${failed.length})*`, ...lines])));
  }

  const problems = qualityProblems(report.quality);
  if (problems.length > 0) {
    const lines = problems.slice(0, QUALITY_LINES).map((q) => {
      const where = q.feature === null ? '' : `${mrkdwnLiteral(q.feature)}: `;
      return `• _${q.severity}_ ${where}${escapeMrkdwn(truncate(visibleLine(q.message), 200))}`;
    });
    if (problems.length > QUALITY_LINES) lines.push(`_…and ${problems.length - QUALITY_LINES} more._`);
    blocks.push(section(fitLines([`*Data quality (${problems.length})*`, ...lines])));
  }

  const buttons: { type: 'button'; text: TextObject; url: string; style?: 'primary' }[] = [];
  const reportUrl = alert.links.report ?? alert.links.reportConsole;
  if (usableUrl(reportUrl))
    buttons.push({ type: 'button', text: plain('Open report'), url: reportUrl, style: 'primary' });
  if (alert.links.report !== undefined && usableUrl(alert.links.reportConsole))
    buttons.push({ type: 'button', text: plain('Report in S3'), url: alert.links.reportConsole });
  if (usableUrl(alert.links.overview))
    buttons.push({ type: 'button', text: plain('Monitor history'), url: alert.links.overview });
  if (usableUrl(alert.links.dashboard))
    buttons.push({ type: 'button', text: plain('Dashboard'), url: alert.links.dashboard });
  if (buttons.length > 0) blocks.push({ type: 'actions', elements: buttons });

  const footer = [`driftwatch${ctx.driftwatchVersion !== undefined ? ` ${ctx.driftwatchVersion}` : ''}`];
  if (ctx.checkedAt !== undefined) footer.push(`checked ${ctx.checkedAt}`);
  if (report.compat === 'evidently') footer.push('compat: evidently');
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: escapeMrkdwn(truncate(visibleLine(footer.join(' · ')), CONTEXT_CHARS)) },
    ],
  });

  const fallbackDetail = !isCompared(alert.status) ? verdict.words : datasetLine(report);
  const text = escapeMrkdwn(
    truncate(visibleLine(`${alertTitle(alert)}: ${alert.monitor}: ${fallbackDetail}`), FALLBACK_CHARS),
  );
  return { text, blocks: blocks.slice(0, SLACK_MAX_BLOCKS) };
}

function featureText(f: FeatureResult): string {
  let text = `• ${mrkdwnLiteral(f.name)} _${f.kind}_: ${escapeMrkdwn(statisticVsThreshold(f))}`;
  const change = biggestChange(f, (label) => mrkdwnLiteral(label));
  // biggestChange's own words carry no user text besides the quoted labels, which are escaped already.
  if (change !== null) text += `\n    ${change}`;
  return text;
}

function tableText(id: string | undefined, sources: readonly string[], rows: string): string {
  const label =
    id ?? (sources.length === 1 ? sources[0] : sources.length === 0 ? '(none)' : `${sources.length} files`);
  return `${mrkdwnLiteral(label)} (${rows})`;
}

/** Escaped text no longer than `max`, cut between characters (never inside an entity). */
export function escapeWithin(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    const escaped = escapeMrkdwn(ch);
    if (out.length + escaped.length > max - 1) return `${out}…`;
    out += escaped;
  }
  return out;
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, SLACK_SECTION_CHARS) } };
}

/** Join lines, dropping whole lines from the end (never cutting an escape in half) to fit a section. */
function fitLines(lines: string[]): string {
  const kept: string[] = [];
  let length = 0;
  const more = '_…more in the report._';
  for (const line of lines) {
    const added = (kept.length > 0 ? 1 : 0) + line.length;
    if (length + added > SLACK_SECTION_CHARS - more.length - 1) {
      kept.push(more);
      break;
    }
    kept.push(line);
    length += added;
  }
  return kept.join('\n');
}

function plain(text: string): TextObject {
  return { type: 'plain_text', text, emoji: true };
}

/** Slack rejects the whole message for a bad button URL, so an odd link is left out rather than sent. */
function usableUrl(url: string | undefined): url is string {
  return url !== undefined && url.length <= BUTTON_URL_CHARS && /^https?:\/\/\S+$/.test(url);
}
