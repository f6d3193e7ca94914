import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ConfigError } from '../lambdas/config-error.ts';
import { HEARTBEAT_METRIC } from '../lambdas/render/cloudwatch-metrics.ts';
import { alarmName } from './alarm-name.ts';
import { heartbeatWindow } from './schedule-period.ts';

/** CloudWatch's ceiling on widgets in one dashboard body. */
export const MAX_DASHBOARD_WIDGETS = 500;
const WIDGETS_PER_MONITOR = 3;

export interface MonitoredMonitor {
  readonly name: string;
  /** Hours after which a missing snapshot alarms. */
  readonly maxSnapshotAgeHours: number;
  /** Features with per-feature DriftScore metrics. @default [] */
  readonly featureMetrics?: readonly string[];
  /** Also alarm (not only alert) on dataset drift. @default false */
  readonly alarmOnDrift?: boolean;
  /** The monitor's schedule, whose period sets the heartbeat alarm's window. @default no heartbeat alarm */
  readonly schedule?: { readonly expression: string; readonly timeZone?: string };
}

export interface MonitoringProps {
  /** CloudWatch namespace the check writes to. */
  readonly namespace: string;
  readonly monitors: readonly MonitoredMonitor[];
  readonly checkFunction: IFunction;
  /**
   * Queues whose messages mean lost work (on-failure destination, schedule and subscription DLQs),
   * each with the label its alarm is named by (`<alarmNamePrefix>-DeadLetters-<label>`).
   */
  readonly deadLetterQueues: readonly { readonly label: string; readonly queue: IQueue }[];
  /** Every alarm's name starts with this, e.g. the stack name: `<prefix>-Stale-<monitor>`. */
  readonly alarmNamePrefix: string;
  readonly alertsTopic: ITopic;
  /** The Slack notifier, whose errors alarm (its failures reach email, not Slack). @default none */
  readonly notifierFunction?: IFunction;
  /** @default 'driftwatch' */
  readonly dashboardName?: string;
  /**
   * The construct each monitor's own alarms are created in: a nested stack when there are too many
   * monitors for one stack's 500 resources (README "Many monitors"). @default this construct
   */
  readonly monitorScope?: (monitorName: string) => Construct;
}

/**
 * The dashboard (drift share and scores over time, failures, staleness) and the alarms that
 * page: check and notifier failures, stale snapshots, a monitor whose check stopped running
 * (heartbeat), work in dead-letter queues and, when asked, dataset drift. Only the heartbeat
 * treats missing data as breaching: every run puts `CheckRan`, while the drift metrics are put
 * only when there is something new to say, so their gaps are normal.
 */
export class Monitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const action = new SnsAction(props.alertsTopic);
    const metric = (
      metricName: string,
      monitor: string,
      statistic = 'Maximum',
      extra: Record<string, string> = {},
    ) =>
      new Metric({
        namespace: props.namespace,
        metricName,
        dimensionsMap: { Monitor: monitor, ...extra },
        statistic,
        period: Duration.hours(1),
      });

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName ?? 'driftwatch' });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          "# driftwatch\nDrifted feature share per monitor (dataset drift at the monitor's share, 0.5 by default), check failures and snapshot age.",
        width: 24,
        height: 2,
      }),
    );

    const named = (...parts: string[]) => alarmName(props.alarmNamePrefix, ...parts);
    const failures = new Alarm(this, 'CheckErrors', {
      alarmName: named('CheckErrors'),
      alarmDescription:
        'The drift check Lambda failed (after its retries). See its logs and the on-failure queue.',
      metric: props.checkFunction.metricErrors({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.alarms.push(failures);

    if (props.notifierFunction !== undefined) {
      this.alarms.push(
        new Alarm(this, 'SlackErrors', {
          alarmName: named('SlackErrors'),
          alarmDescription:
            'The Slack notifier failed to post (each failed attempt counts; after two retries the message waits in its on-failure queue). Slack may be down or the webhook revoked: see its logs.',
          metric: props.notifierFunction.metricErrors({ period: Duration.minutes(5) }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

    props.deadLetterQueues.forEach(({ label, queue }, i) => {
      this.alarms.push(
        new Alarm(this, `DeadLetters${i}`, {
          alarmName: named('DeadLetters', label),
          alarmDescription: `Messages are waiting in ${queue.node.path}: work that failed for good. Inspect and redrive.`,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(5),
            statistic: 'Maximum',
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    });

    // A dashboard body holds at most 500 widgets (CloudWatch API Reference, "Dashboard Body
    // Structure and Syntax"): three per monitor fit 166 monitors, one per monitor every monitor a
    // stack can hold (README "Many monitors").
    const compactDashboard = 1 + WIDGETS_PER_MONITOR * props.monitors.length > MAX_DASHBOARD_WIDGETS;
    if (1 + props.monitors.length > MAX_DASHBOARD_WIDGETS) {
      throw new ConfigError(
        `${props.monitors.length} monitors do not fit one CloudWatch dashboard (${MAX_DASHBOARD_WIDGETS} widgets): split them over stacks`,
      );
    }
    for (const monitor of props.monitors) {
      const scope = props.monitorScope?.(monitor.name) ?? this;
      const share = metric('DriftedFeatureShare', monitor.name);
      const age = metric('SnapshotAgeHours', monitor.name);
      const failed = metric('CheckFailed', monitor.name, 'Sum');
      const scores: IMetric[] = (monitor.featureMetrics ?? []).map((feature) =>
        metric('DriftScore', monitor.name, 'Maximum', { Feature: feature }),
      );
      if (compactDashboard) {
        this.dashboard.addWidgets(
          new GraphWidget({
            title: `${monitor.name}: drifted feature share (left), snapshot age h and failures (right)`,
            left: [share],
            leftYAxis: { min: 0, max: 1 },
            right: [age, failed],
            width: 8,
          }),
        );
      } else {
        this.dashboard.addWidgets(
          new GraphWidget({
            title: `${monitor.name}: drifted feature share`,
            left: [share],
            leftYAxis: { min: 0, max: 1 },
            width: 8,
          }),
          new GraphWidget({
            title: `${monitor.name}: drift scores`,
            left: scores.length > 0 ? scores : [metric('DriftedFeatureCount', monitor.name)],
            width: 8,
          }),
          new SingleValueWidget({
            title: `${monitor.name}: snapshot age (h) and failures`,
            metrics: [age, failed],
            width: 8,
          }),
        );
      }
      // One evaluation window as long as the allowed age (CloudWatch caps periods at a day).
      const stalePeriod = Duration.hours(Math.min(24, Math.max(1, Math.ceil(monitor.maxSnapshotAgeHours))));
      this.alarms.push(
        new Alarm(scope, `Stale-${monitor.name}`, {
          alarmName: named('Stale', monitor.name),
          alarmDescription: `No fresh snapshot for monitor ${monitor.name} (older than ${monitor.maxSnapshotAgeHours} h), or the check stopped reporting.`,
          metric: age.with({ period: stalePeriod }),
          threshold: monitor.maxSnapshotAgeHours,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          // The check puts SnapshotAgeHours only when it looks at a new snapshot or finds the
          // newest one too old (it then also alerts `stale` itself); hours with nothing new are
          // gaps by design, not staleness. A check that stops running trips the heartbeat alarm.
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
      const window = monitor.schedule
        ? heartbeatWindow(monitor.schedule.expression, monitor.schedule.timeZone)
        : null;
      if (window !== null) {
        const hours = (window.periodSeconds / 3600).toFixed(window.periodSeconds % 3600 === 0 ? 0 : 2);
        this.alarms.push(
          new Alarm(scope, `Heartbeat-${monitor.name}`, {
            alarmName: named('Heartbeat', monitor.name),
            alarmDescription: `Monitor ${monitor.name} has not finished a scheduled check in two schedule periods (${hours} h each): its schedule is disabled or deleted, or the check fails before it finishes (see CheckErrors).`,
            metric: metric(HEARTBEAT_METRIC, monitor.name, 'Sum').with({
              period: Duration.seconds(window.periodSeconds),
            }),
            threshold: 1,
            evaluationPeriods: window.evaluationPeriods,
            datapointsToAlarm: window.evaluationPeriods,
            comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
            // No CheckRan in a period is exactly what this alarm is for.
            treatMissingData: TreatMissingData.BREACHING,
          }),
        );
      }
      if (monitor.alarmOnDrift) {
        this.alarms.push(
          new Alarm(scope, `Drift-${monitor.name}`, {
            alarmName: named('Drift', monitor.name),
            alarmDescription: `Dataset drift on monitor ${monitor.name}.`,
            metric: metric('DatasetDrift', monitor.name),
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: TreatMissingData.IGNORE,
          }),
        );
      }
    }
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
}
