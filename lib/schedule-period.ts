/**
 * How often a monitor's schedule runs, for the heartbeat alarm: the longest gap between two
 * consecutive runs, in seconds.
 *
 * - `rate(n unit)`: n units.
 * - `cron(min hour day-of-month month day-of-week year)`: the longest gap between consecutive
 *   run times over eight years of calendar (every weekday alignment and leap year), read in UTC;
 *   a time zone other than UTC adds one hour, the most a daylight-saving change can stretch a gap.
 *   The year field is ignored. `L`, `W` and `#` (last day, nearest weekday, n-th weekday) run
 *   about monthly, so their gap is taken as 31 days.
 * - `at(...)` runs once: there is no period (null).
 */
export function schedulePeriodSeconds(expression: string, timeZone = 'UTC'): number | null {
  const text = expression.trim();
  if (/^at\(.*\)$/.test(text)) return null;
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(text);
  if (rate !== null) {
    const unit = rate[2].startsWith('minute') ? 60 : rate[2].startsWith('hour') ? 3600 : 86_400;
    return Number(rate[1]) * unit;
  }
  const cron = /^cron\((.+)\)$/.exec(text);
  if (cron === null) throw new Error(`schedule "${expression}": expected rate(...), cron(...) or at(...)`);
  const gapMinutes = longestCronGapMinutes(cron[1].trim().split(/\s+/), expression);
  const daylightSaving = /^(UTC|Etc\/UTC|Etc\/GMT|GMT|Etc\/Universal|Universal|Zulu)$/.test(timeZone)
    ? 0
    : 60;
  return (gapMinutes + daylightSaving) * 60;
}

/**
 * The heartbeat alarm's window: periods of one schedule period (whole minutes), alarming when two
 * consecutive periods hold no run. CloudWatch evaluates at most seven days (PutMetricAlarm API
 * reference: Period × EvaluationPeriods ≤ 604,800 s), so a schedule slower than every 3.5 days
 * gets no heartbeat alarm (null), nor does a one-time `at()` schedule.
 */
export function heartbeatWindow(
  expression: string,
  timeZone?: string,
): { readonly periodSeconds: number; readonly evaluationPeriods: number } | null {
  const seconds = schedulePeriodSeconds(expression, timeZone);
  if (seconds === null) return null;
  const periodSeconds = Math.max(60, Math.ceil(seconds / 60) * 60);
  const evaluationPeriods = 2;
  return periodSeconds * evaluationPeriods <= MAX_ALARM_EVALUATION_SECONDS
    ? { periodSeconds, evaluationPeriods }
    : null;
}

/**
 * PutMetricAlarm API reference, Period: "Period multiplied by EvaluationPeriods can't be more
 * than 604,800 seconds" (and one day for periods under an hour, which two periods never exceed).
 */
export const MAX_ALARM_EVALUATION_SECONDS = 604_800;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const HORIZON_DAYS = 8 * 365 + 2;
const MONTHLY_MINUTES = 31 * 1440;

function longestCronGapMinutes(fields: string[], expression: string): number {
  if (fields.length !== 6) throw new Error(`schedule "${expression}": a cron expression has six fields`);
  const [minuteField, hourField, dayField, monthField, weekdayField] = fields;
  if (/[LW#]/i.test(`${dayField} ${weekdayField}`)) return MONTHLY_MINUTES;
  const minutes = valuesOf(minuteField, 0, 59, [], expression);
  const hours = valuesOf(hourField, 0, 23, [], expression);
  const days = valuesOf(dayField, 1, 31, [], expression);
  const months = valuesOf(monthField, 1, 12, MONTHS, expression);
  const weekdays = valuesOf(weekdayField, 1, 7, WEEKDAYS, expression);
  const times = [...hours].flatMap((h) => [...minutes].map((m) => h * 60 + m)).sort((a, b) => a - b);
  let longest = 0;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i] - times[i - 1]);
  const start = Date.UTC(2027, 0, 1);
  let previousDay = -1;
  for (let day = 0; day < HORIZON_DAYS; day++) {
    const date = new Date(start + day * 86_400_000);
    const runs =
      months.has(date.getUTCMonth() + 1) && days.has(date.getUTCDate()) && weekdays.has(date.getUTCDay() + 1);
    if (!runs) continue;
    if (previousDay >= 0) {
      longest = Math.max(longest, (day - previousDay) * 1440 - times[times.length - 1] + times[0]);
    }
    previousDay = day;
  }
  if (previousDay < 0) throw new Error(`schedule "${expression}": never runs`);
  return longest === 0 ? MONTHLY_MINUTES : longest;
}

/** The values a cron field allows: `*`, `?`, `n`, `a-b`, `x/step` and lists of them. */
function valuesOf(
  field: string,
  min: number,
  max: number,
  names: readonly string[],
  expression: string,
): Set<number> {
  const values = new Set<number>();
  const number = (text: string): number => {
    const named = names.indexOf(text.toUpperCase());
    const value = named >= 0 ? named + min : /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) {
      throw new Error(
        `schedule "${expression}": "${text}" is not a value from ${min} to ${max} in field "${field}"`,
      );
    }
    return value;
  };
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new Error(`schedule "${expression}": bad step in "${part}"`);
    let from = min;
    let to = max;
    if (range !== '*' && range !== '?') {
      const [a, b] = range.split('-');
      from = number(a);
      to = b === undefined ? (stepText === undefined ? from : max) : number(b);
    }
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}
