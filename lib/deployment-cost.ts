/**
 * What a deployment costs, from AWS's public list prices: the README's cost table ("Deploy to
 * AWS", "What it costs") is `costTableMarkdown()`, and test/lib/deployment-cost.test.ts checks
 * that the README holds this table and that its arithmetic matches the prices it states.
 */

/** The Region and date the prices were read. Prices vary by Region. */
export const PRICES_AS_OF = { region: 'US East (N. Virginia), us-east-1', date: '2026-12-06' } as const;

interface Price {
  /** Dollars per `per` units, as the pricing page states it. */
  readonly usd: number;
  readonly per: number;
  readonly unit: string;
  readonly source: string;
}

/** List prices, free tiers not subtracted (each service's free tier lowers a small account's bill). */
export const PRICES = {
  kmsKey: {
    usd: 1,
    per: 1,
    unit: 'key-month',
    // Each automatic yearly rotation adds $1/month for the first two rotations.
    source: 'https://aws.amazon.com/kms/pricing/',
  },
  dashboard: {
    usd: 3,
    per: 1,
    unit: 'dashboard-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  alarm: {
    usd: 0.1,
    per: 1,
    unit: 'standard-resolution alarm-month',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  customMetric: {
    usd: 0.3,
    per: 1,
    unit: 'metric-month (first 10,000)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  putMetricData: {
    usd: 0.01,
    per: 1000,
    unit: 'API requests',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 1,
    unit: 'GB-second (arm64)',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  lambdaRequest: {
    usd: 0.2,
    per: 1_000_000,
    unit: 'requests',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  s3WriteOrList: {
    usd: 0.005,
    per: 1000,
    unit: 'PUT, COPY, POST or LIST requests',
    source: 'https://aws.amazon.com/s3/pricing/',
  },
  s3Read: { usd: 0.0004, per: 1000, unit: 'GET requests', source: 'https://aws.amazon.com/s3/pricing/' },
  schedulerInvocation: {
    usd: 1,
    per: 1_000_000,
    unit: 'scheduled invocations',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
  },
} as const satisfies Record<string, Price>;

type PriceId = keyof typeof PRICES;

/** A billed quantity of one price. */
interface Line {
  readonly what: string;
  readonly price: PriceId;
  readonly quantity: number;
}

/**
 * What the construct's defaults create (test/lib/deployment-cost.test.ts counts the alarms in the
 * template): a KMS key for the topic, one dashboard, and the alarms CheckErrors, FanOutFailed and
 * the dead letters of the check and of the schedules; a Slack notifier adds three alarms.
 */
export const FIXED: readonly Line[] = [
  { what: 'KMS key of the alerts topic', price: 'kmsKey', quantity: 1 },
  { what: 'CloudWatch dashboard', price: 'dashboard', quantity: 1 },
  { what: 'alarms: CheckErrors, FanOutFailed, 2 dead-letter queues', price: 'alarm', quantity: 4 },
];

/**
 * Per monitor: the Stale and Heartbeat alarms, and the custom metrics every check puts (dimension
 * `Monitor`): CheckRan, CheckFailed, SnapshotAgeHours, QualityFailed, DatasetDrift,
 * DriftedFeatureShare, DriftedFeatureCount, RowCount, QualityViolations
 * (lambdas/render/cloudwatch-metrics.ts). A monitor whose checks compute multivariate drift adds
 * one (MultivariateDrift), each feature in `featureMetrics` one (DriftScore), `alarmOnDrift` one alarm.
 */
export const PER_MONITOR: readonly Line[] = [
  { what: 'alarms: Stale, Heartbeat', price: 'alarm', quantity: 2 },
  { what: 'custom metrics (9 per monitor)', price: 'customMetric', quantity: 9 },
];

/**
 * Per check of a single-file snapshot against a cached baseline profile, assumed: 2 s of the check
 * Lambda at 1769 MB (the 1M-row Parquet check takes 1.35 s, docs/performance.md), two
 * PutMetricData calls (metrics, heartbeat), 4 S3 LIST or PUT requests (list the snapshots; write
 * the JSON and HTML reports and the state) and 10 GET requests (state, cached profile, the
 * snapshot's byte ranges).
 */
export const PER_CHECK: readonly Line[] = [
  { what: 'check Lambda, 2 s at 1,769 MB', price: 'lambdaArmGbSecond', quantity: 1.769 * 2 },
  { what: 'Lambda request', price: 'lambdaRequest', quantity: 1 },
  { what: 'schedule invocation', price: 'schedulerInvocation', quantity: 1 },
  { what: 'PutMetricData calls', price: 'putMetricData', quantity: 2 },
  { what: 'S3 LIST and PUT requests', price: 's3WriteOrList', quantity: 4 },
  { what: 'S3 GET requests', price: 's3Read', quantity: 10 },
];

/** Hours in a month, as AWS bills them. */
const HOURS_PER_MONTH = 730;

export const WORKED_EXAMPLE = { monitors: 10, checksPerMonitorPerMonth: HOURS_PER_MONTH } as const;

function amount(line: Line): number {
  const price: Price = PRICES[line.price];
  return (line.quantity * price.usd) / price.per;
}

function cost(lines: readonly Line[]): number {
  return lines.reduce((sum, line) => sum + amount(line), 0);
}

/** The monthly bill for `monitors` monitors checked `checksPerMonitor` times a month each. */
export function monthlyCost(monitors: number, checksPerMonitor: number): number {
  return cost(FIXED) + monitors * cost(PER_MONITOR) + monitors * checksPerMonitor * cost(PER_CHECK);
}

/** Dollars: cents for a bill, up to ten decimals (no exponent) for the price of one request. */
function usd(value: number): string {
  if (value >= 0.01) return `$${value.toFixed(2)}`;
  return `$${value.toFixed(10).replace(/0+$/, '')}`;
}

function priceText(price: Price): string {
  return `${usd(price.usd)} per ${price.per === 1 ? '' : `${price.per.toLocaleString('en-US')} `}${price.unit}`;
}

/** The README's cost table: every line, its price, quantity and amount, and the worked example. */
export function costTableMarkdown(): string {
  const rows = (group: string, lines: readonly Line[]) =>
    lines.map((line) => {
      return `| ${group} | ${line.what} | ${Number(line.quantity.toFixed(6))} | ${priceText(PRICES[line.price])} | ${usd(amount(line))} |`;
    });
  const { monitors, checksPerMonitorPerMonth } = WORKED_EXAMPLE;
  const checks = monitors * checksPerMonitorPerMonth;
  return [
    '| part | what | quantity | price | amount |',
    '| --- | --- | --- | --- | --- |',
    ...rows('fixed, per month', FIXED),
    `| fixed, per month | **total** | | | **${usd(cost(FIXED))}** |`,
    ...rows('per monitor, per month', PER_MONITOR),
    `| per monitor, per month | **total** | | | **${usd(cost(PER_MONITOR))}** |`,
    ...rows('per check', PER_CHECK),
    `| per check | **total** | | | **${usd(cost(PER_CHECK))}** |`,
    `| worked example | ${monitors} monitors checked hourly: fixed + ${monitors} × per monitor + ${checks} checks × per check | | | **${usd(monthlyCost(monitors, checksPerMonitorPerMonth))}** per month |`,
  ].join('\n');
}
