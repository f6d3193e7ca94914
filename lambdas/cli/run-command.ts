import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { type DriftwatchConfig, findMonitor, parseConfig, parseConfigText } from '../config.ts';
import { UsageError } from '../core/errors.ts';
import type { PerformanceSection } from '../core/performance/performance-section.ts';
import type { DriftReport } from '../core/report.ts';
import { LocalStore } from '../io/local-store.ts';
import { type CheckSummary, htmlKeyOf, runMonitorCheck } from '../monitor-check/run-monitor-check.ts';
import type { AlertSink, MetricsSink } from '../monitor-check/sinks.ts';
import { settlingText } from '../monitor-check/snapshots.ts';
import type { AlertContent } from '../render/alert-content.ts';
import { emailText } from '../render/email-text.ts';
import { renderHtmlReport } from '../render/html-report.ts';
import { performanceLine } from '../render/performance-wording.ts';
import { slackBlocks } from '../render/slack-blocks.ts';
import { alertSubject } from '../render/sns-message.ts';
import { visibleText } from '../safe-text.ts';
import { postToSlack } from '../slack/post-to-slack.ts';
import { type SlackWebhook, SlackWebhookError, slackWebhook } from '../slack/slack-webhook.ts';
import { EXIT_OK, exitCodeOfCheck } from './exit-codes.ts';

export interface RunOptions {
  readonly store: string;
  readonly monitor: string;
  readonly config?: string;
  readonly slackWebhook?: string;
}

/** The config file a store folder may hold beside its monitors. */
export const STORE_CONFIG_FILE = 'driftwatch.config.json';

export interface RunResult {
  readonly summary: CheckSummary;
  /** Absolute path of the HTML report written, if any. */
  readonly htmlPath: string | null;
  /** Absolute path of the monitor's overview page, when this run rewrote it. */
  readonly overviewPath: string | null;
}

/**
 * `driftwatch run`: the scheduled check, identical code, against a local folder laid out like
 * the bucket. Prints what the Lambda would send: the alert (subject and email text) and the
 * metrics; posts the alert to a Slack incoming webhook when one is given.
 */
export async function runMonitor(
  options: RunOptions,
  print: (text: string) => void,
  now: () => Date = () => new Date(),
): Promise<RunResult> {
  // Snapshot ids, paths and feature names come from the store's file names and data.
  const stdout = (text: string) => print(visibleText(text));
  const info = await stat(options.store).catch(() => null);
  if (info === null || !info.isDirectory()) throw new UsageError(`--store ${options.store}: no such folder`);
  const config = await loadConfig(options);
  const monitor = findMonitor(config, options.monitor);
  const webhook = options.slackWebhook ? slackWebhookOption(options.slackWebhook, config) : null;
  const store = new LocalStore(options.store);
  const metrics: MetricsSink = {
    async put(namespace, data) {
      stdout(formatMetrics(namespace, data));
    },
  };
  const alerts: AlertSink = {
    async publish(alert) {
      stdout(formatAlert(alert));
      if (webhook !== null) await postToSlack(webhook, slackBlocks(alert));
    },
  };
  const summary = await runMonitorCheck({
    monitor,
    namespace: config.namespace,
    dataStore: store,
    stateStore: store,
    metrics,
    alerts,
    now,
    renderHtml: renderHtmlReport,
  });
  const htmlPath = summary.reportKey === null ? null : store.link(htmlKeyOf(summary.reportKey));
  if (summary.alreadyReported) {
    stdout(
      `${monitor.name}: snapshot ${summary.snapshotId} was already reported (${summary.status}); nothing to do\n`,
    );
  } else {
    if (summary.alert === null && summary.modelAlert === undefined) stdout('alert: none due\n');
    stdout(`${monitor.name}: ${summary.snapshotId ?? '(no snapshot)'} → ${summary.status}\n`);
    if (summary.detail !== undefined) stdout(`${monitor.name}: ${summary.detail}\n`);
    const performance = await reportPerformance(store, summary.reportKey);
    if (performance !== undefined) stdout(`${monitor.name}: ${performanceLine(performance)}\n`);
  }
  for (const settling of summary.settling ?? []) stdout(`${monitor.name}: ${settlingText(settling)}\n`);
  if (htmlPath !== null) stdout(`report: ${htmlPath}\n`);
  const overviewPath = summary.overviewKey === null ? null : store.link(summary.overviewKey);
  if (overviewPath !== null) stdout(`overview: ${overviewPath}\n`);
  return { summary, htmlPath, overviewPath };
}

/**
 * Exit codes (exit-codes.ts): a snapshot already reported, or handed to the fan-out, exits 0
 * whatever its status (its alert, if any, went out when it was checked); else by status, or 4
 * for a degraded model.
 */
export function exitCodeOfRun(summary: CheckSummary): number {
  if (summary.alreadyReported || summary.status === 'fanned-out') return EXIT_OK;
  return exitCodeOfCheck(summary.status, summary.modelDegraded === true);
}

/** The `performance` section of the report the check wrote, if the monitor measures a model. */
async function reportPerformance(
  store: LocalStore,
  reportKey: string | null,
): Promise<PerformanceSection | undefined> {
  if (reportKey === null) return undefined;
  const written = await store.getText(reportKey);
  return written === null ? undefined : (JSON.parse(written.text) as DriftReport).performance;
}

async function loadConfig(options: RunOptions): Promise<DriftwatchConfig> {
  const path = options.config ?? join(options.store, STORE_CONFIG_FILE);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' && options.config === undefined) return null;
    throw new UsageError(`${path}: cannot read the config (${error.message})`);
  });
  // No config anywhere: the monitor with every default.
  if (text === null) return parseConfig({ monitors: [{ name: options.monitor }] }, 'defaults');
  return parseConfigText(text, path);
}

function formatMetrics(namespace: string, data: readonly MetricDatum[]): string {
  const lines = [`metrics (${namespace}, ${data.length}):`];
  for (const datum of data) {
    const dimensions = (datum.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(',');
    lines.push(
      `  ${datum.MetricName} [${dimensions}] ${datum.Value}${datum.Unit && datum.Unit !== 'None' ? ` ${datum.Unit}` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function formatAlert(alert: AlertContent): string {
  const text = emailText(alert).replace(/\n+$/, '');
  return `alert (${alert.reason}): ${alertSubject(alert)}\n${text
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n')}\n`;
}

/** The webhook checked before the check runs: a refused URL sends nothing and names no token. */
function slackWebhookOption(url: string, config: DriftwatchConfig): SlackWebhook {
  try {
    return slackWebhook(url, config.slackWebhookOrigins);
  } catch (error) {
    if (error instanceof SlackWebhookError) throw new UsageError(`--slack-webhook: ${error.message}`);
    throw error;
  }
}
