/**
 * How untyped cells (CSV text, JSON values) are read: what counts as a number, a boolean,
 * a date-time; everything else is a string. Kept strict so that a stray word in a numeric
 * column is counted as a type mismatch instead of silently becoming NaN.
 */

export type CellClass = 'number' | 'boolean' | 'datetime' | 'string';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** The same form with a decimal comma (`3,14`): what a decimal-comma CSV writes. */
const COMMA_NUMBER = /^[+-]?(?:\d+,?\d*|,\d+)(?:[eE][+-]?\d+)?$/;
const NAN_TOKENS = new Set(['NaN', 'nan', 'NAN']);
const POS_INF_TOKENS = new Set(['inf', 'Inf', 'INF', '+inf', '+Inf', 'Infinity', '+Infinity', 'infinity']);
const NEG_INF_TOKENS = new Set(['-inf', '-Inf', '-INF', '-Infinity', '-infinity']);
const TRUE_TOKENS = new Set(['true', 'True', 'TRUE']);
const FALSE_TOKENS = new Set(['false', 'False', 'FALSE']);
// ISO 8601 dates and date-times, with a space or T; zone optional (read as UTC).
const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses a textual number, including NaN and infinity tokens; undefined when not a number. With
 * `decimalComma` the decimal separator is `,` and a `.` makes the text no number: in such files it
 * groups thousands (`1.234` is 1234 there), so reading it as a decimal point would be wrong.
 */
export function parseNumberText(text: string, decimalComma = false): number | undefined {
  const t = text.trim();
  if (decimalComma) {
    if (COMMA_NUMBER.test(t)) return Number(t.replace(',', '.'));
  } else if (NUMBER.test(t)) return Number(t);
  if (NAN_TOKENS.has(t)) return Number.NaN;
  if (POS_INF_TOKENS.has(t)) return Number.POSITIVE_INFINITY;
  if (NEG_INF_TOKENS.has(t)) return Number.NEGATIVE_INFINITY;
  return undefined;
}

export function parseBooleanText(text: string): boolean | undefined {
  const t = text.trim();
  if (TRUE_TOKENS.has(t)) return true;
  if (FALSE_TOKENS.has(t)) return false;
  return undefined;
}

/** Epoch milliseconds of an ISO 8601 date or date-time; a missing zone means UTC. */
export function parseDatetimeText(text: string): number | undefined {
  const t = text.trim();
  const m = DATETIME.exec(t);
  if (m === null) return undefined;
  if (m[4] === undefined) return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${m[8] ?? 'Z'}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}
