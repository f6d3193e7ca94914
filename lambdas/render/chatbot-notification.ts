import { visibleLine } from '../safe-text.ts';
import type { AlertContent } from './alert-content.ts';
import { ALERT_TOP_FEATURES } from './email-text.ts';
import { performanceLine } from './performance-wording.ts';
import {
  alertHeadline,
  datasetLine,
  featuresBySeverity,
  predictionLine,
  statisticVsThreshold,
  statusWords,
  truncate,
} from './report-wording.ts';
import { escapeMrkdwn, mrkdwnLiteral, SLACK_SECTION_CHARS } from './slack-blocks.ts';

/**
 * An AWS Chatbot (Amazon Q Developer in chat applications) custom notification. Chatbot shows
 * only its own schemas; the custom one is documented in its admin guide, "Custom notifications
 * using Amazon Q Developer in chat applications" (docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html):
 * `version` "1.0" and `source` "custom" required, `content.description` the text,
 * `textType` "client-markdown" (the only type, rendered as the chat platform's markdown),
 * optional `title`, `nextSteps`, `keywords`, and `metadata` (`threadId`, `summary`, `eventType`,
 * `relatedResources`, `additionalContext`).
 */
export interface ChatbotNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id?: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata?: {
    readonly threadId?: string;
    readonly summary?: string;
    readonly eventType?: string;
    readonly additionalContext?: Readonly<Record<string, string>>;
  };
}

/**
 * The guide gives no per-field lengths; Chatbot posts the description as one Slack message, so
 * Slack's section limit bounds it, and the title stays a line.
 */
const CHATBOT_DESCRIPTION_CHARS = SLACK_SECTION_CHARS;
const CHATBOT_TITLE_CHARS = 250;
const TONE_EMOJI = { good: ':large_green_circle:', caution: ':large_yellow_circle:', bad: ':red_circle:' };

/**
 * An alert as a Chatbot custom notification: the same facts as the email and the Block Kit
 * message, user strings escaped for Slack markdown, threaded per monitor.
 */
export function chatbotNotification(alert: AlertContent): ChatbotNotification {
  const report = alert.report;
  const verdict = statusWords(alert.status);
  const emoji = verdict.tone === 'neutral' ? '' : `${TONE_EMOJI[verdict.tone]} `;
  const monitor = escapeMrkdwn(truncate(visibleLine(alert.monitor), 80));
  const lines: string[] = [];
  if (alert.status === 'error' || alert.status === 'stale') {
    lines.push(`*${verdict.words}*`);
    if (report.error !== undefined) lines.push(escapeMrkdwn(truncate(visibleLine(report.error), 1500)));
  } else {
    lines.push(`*${verdict.words}*: ${escapeMrkdwn(datasetLine(report))}`);
    const prediction = predictionLine(report);
    if (prediction !== null) lines.push(escapeMrkdwn(truncate(prediction, 600)));
    if (report.performance !== undefined) {
      const model = escapeMrkdwn(truncate(visibleLine(performanceLine(report.performance)), 1200));
      if (alert.reason === 'model_degraded') lines.splice(0, 0, model);
      else lines.push(model);
    }
  }
  const snapshot = report.context?.snapshotId;
  if (snapshot !== undefined) lines.push(`*Snapshot* ${mrkdwnLiteral(snapshot)}`);
  const drifted = featuresBySeverity(report).filter((f) => f.drifted);
  for (const feature of drifted.slice(0, ALERT_TOP_FEATURES)) {
    lines.push(`• ${mrkdwnLiteral(feature.name)}: ${escapeMrkdwn(statisticVsThreshold(feature))}`);
  }
  if (drifted.length > ALERT_TOP_FEATURES)
    lines.push(`…and ${drifted.length - ALERT_TOP_FEATURES} more drifted features.`);

  const nextSteps: string[] = [];
  const reportUrl = alert.links.report ?? alert.links.reportConsole;
  if (reportUrl !== undefined) nextSteps.push(`Open the report: ${reportUrl}`);
  if (alert.links.overview !== undefined) nextSteps.push(`Monitor history: ${alert.links.overview}`);
  if (alert.links.dashboard !== undefined) nextSteps.push(`Dashboard: ${alert.links.dashboard}`);
  return {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: truncate(`${emoji}${alertHeadline(alert.reason)}: ${monitor}`, CHATBOT_TITLE_CHARS),
      description: fitLines(lines, CHATBOT_DESCRIPTION_CHARS),
      ...(nextSteps.length > 0 ? { nextSteps } : {}),
      keywords: ['driftwatch', alert.reason, alert.status],
    },
    metadata: {
      threadId: `driftwatch-${truncate(visibleLine(alert.monitor), 80)}`,
      summary: truncate(`${alertHeadline(alert.reason)}: ${visibleLine(alert.monitor)}`, CHATBOT_TITLE_CHARS),
      eventType: `driftwatch-${alert.reason}`,
    },
  };
}

/** Whole lines (never an escape cut in half) up to `max` characters. */
function fitLines(lines: readonly string[], max: number): string {
  let text = '';
  for (const line of lines) {
    const next = text === '' ? line : `${text}\n${line}`;
    if (next.length > max) return text === '' ? truncate(line, max) : `${text}\n…`;
    text = next;
  }
  return text;
}
