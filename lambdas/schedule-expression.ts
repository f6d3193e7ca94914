/**
 * EventBridge Scheduler's schedule expressions and time zones, checked before anything is
 * deployed (Scheduler would only refuse them at deploy time). The rules follow "Schedule types on
 * EventBridge Scheduler" (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html):
 * `rate(value unit)` with a positive integer and a unit agreeing with it in number (`1 hour`,
 * `5 hours`); `cron(fields)` with six fields (minutes hours day-of-month month day-of-week year),
 * one of day-of-month and day-of-week being `?`; `at(yyyy-mm-ddThh:mm:ss)` for a one-time run.
 * Each function returns the problem, or undefined when the value is valid.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\((.*)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

/** Characters each cron field may hold (the Scheduler guide's table of values and wildcards). */
const CRON_FIELDS: readonly { readonly name: string; readonly pattern: RegExp }[] = [
  { name: 'minutes', pattern: /^[0-9,\-*/]+$/ },
  { name: 'hours', pattern: /^[0-9,\-*/]+$/ },
  { name: 'day-of-month', pattern: /^([0-9,\-*/?LW]+)$/ },
  { name: 'month', pattern: /^([0-9A-Za-z,\-*/]+)$/ },
  { name: 'day-of-week', pattern: /^([0-9A-Za-z,\-*?L#]+)$/ },
  { name: 'year', pattern: /^[0-9,\-*/]+$/ },
];

export function scheduleExpressionProblem(expression: string): string | undefined {
  if (expression.startsWith('rate(')) return rateProblem(expression);
  if (expression.startsWith('cron(')) return cronProblem(expression);
  if (expression.startsWith('at(')) return atProblem(expression);
  return 'expected rate(<n> <unit>), cron(<6 fields>) or at(yyyy-mm-ddThh:mm:ss)';
}

function rateProblem(expression: string): string | undefined {
  const match = RATE.exec(expression);
  if (match === null)
    return 'expected rate(<positive integer> <minute|minutes|hour|hours|day|days>), e.g. rate(1 hour)';
  const value = Number(match[1]);
  const unit = match[2];
  if (value < 1) return `the rate must be a positive integer, got ${match[1]}`;
  const plural = unit.endsWith('s');
  if (value === 1 && plural) return `a rate of 1 takes the singular unit: rate(1 ${unit.slice(0, -1)})`;
  if (value > 1 && !plural) return `a rate above 1 takes the plural unit: rate(${value} ${unit}s)`;
  return undefined;
}

function cronProblem(expression: string): string | undefined {
  const match = CRON.exec(expression);
  const fields = (match?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
  if (fields.length !== CRON_FIELDS.length) {
    return `a cron expression has six fields (minutes hours day-of-month month day-of-week year), got ${fields.length}`;
  }
  for (const [i, field] of fields.entries()) {
    if (!CRON_FIELDS[i].pattern.test(field))
      return `cron field ${CRON_FIELDS[i].name} "${field}" is not valid`;
  }
  if ((fields[2] === '?') === (fields[4] === '?')) {
    return 'exactly one of cron day-of-month and day-of-week must be "?"';
  }
  return undefined;
}

function atProblem(expression: string): string | undefined {
  const match = AT.exec(expression);
  if (match === null) return 'expected at(yyyy-mm-ddThh:mm:ss), e.g. at(2027-01-31T06:00:00)';
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const roundTrips =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return roundTrips ? undefined : `${expression.slice(3, -1)} is not a calendar date and time`;
}

/**
 * A time zone must be an IANA name this Node's ICU knows (aliases such as `Asia/Kolkata` included;
 * ICU lists some zones under older canonical names, so `Intl.supportedValuesOf` alone would refuse
 * them), spelled as IANA spells it: ICU matches names case-insensitively, Scheduler need not.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    return `"${timeZone}" is not an IANA time zone (e.g. "Europe/Berlin", "UTC")`;
  }
  // Newer ICU versions also take UTC offsets ("+01:00"), which are not IANA names.
  if (!/^[A-Za-z]/.test(timeZone)) return `"${timeZone}" is not an IANA time zone name`;
  const spelledAsIana = timeZone.split('/').every((segment) => /^[A-Z]/.test(segment));
  if (!spelledAsIana) return `"${timeZone}" is not spelled as IANA spells it; use "${resolved}"`;
  return undefined;
}
