/**
 * Date-time layouts beside ISO 8601 (which `cell-parsing.ts` reads cell by cell): the ones
 * spreadsheets, databases and mail headers write. They are recognised over a column's distinct
 * values (its category table) once profiling is done, never per cell, so reading a CSV costs
 * nothing more; and because the whole column is seen at once, the day/month order of `1/2/2024`
 * is told from the data (a value above 12 in one place) instead of guessed per cell. Times
 * without a zone are read as UTC, as ISO ones are.
 */

/** A layout's id, as the report names it. */
export type DatetimeLayoutId =
  | 'YYYY/MM/DD'
  | 'M/D/YYYY'
  | 'D/M/YYYY'
  | 'D.M.YYYY'
  | 'Mon D YYYY'
  | 'D Mon YYYY'
  | 'RFC 2822';

/** What reading a column's text as date-times found. */
export interface TextDatetimes {
  readonly layout: DatetimeLayoutId;
  /**
   * Set when no value told the day from the month (every one of them ≤ 12 in both places): the
   * column is read month first, and the report says so.
   */
  readonly ambiguousOrder?: string;
}

/** A column is read as date-times when at least this share of its counted cells parse. */
const MIN_PARSED_SHARE = 0.95;

const TIME = String.raw`(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?`;
const YMD_SLASH = new RegExp(String.raw`^(\d{4})/(\d{1,2})/(\d{1,2})${TIME}$`);
const SLASH_YEAR_LAST = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`);
const DOTTED = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const MON_D_YYYY = new RegExp(String.raw`^${MONTH} (\d{1,2}),? (\d{4})${TIME}$`, 'i');
const D_MON_YYYY = new RegExp(String.raw`^(\d{1,2}) ${MONTH} (\d{4})${TIME}$`, 'i');
// RFC 2822 §3.3: [day-of-week ","] day month year hour ":" minute [":" second] zone.
const RFC_2822 =
  /^(?:(?:mon|tue|wed|thu|fri|sat|sun), ?)?(\d{1,2}) (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4}|ut|utc|gmt|z|[ecmp][sd]t)$/i;
// RFC 2822 §4.3 obsolete zones: EDT is -4, EST -5, CDT -5, CST -6, MDT -6, MST -7, PDT -7, PST -8.
const NAMED_ZONE_HOURS: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  edt: -4,
  est: -5,
  cdt: -5,
  cst: -6,
  mdt: -6,
  mst: -7,
  pdt: -7,
  pst: -8,
};

type Fields = readonly [year: number, month: number, day: number, time: readonly (string | undefined)[]];

/** Epoch ms from fields; undefined when the date does not exist (Feb 30, month 13, hour 25). */
function epochOf([year, month, day, time]: Fields, offsetMinutes = 0): number | undefined {
  const [hh, mm, ss, frac] = time;
  const hour = hh === undefined ? 0 : Number(hh);
  const minute = mm === undefined ? 0 : Number(mm);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return undefined;
  const ms = Date.UTC(
    year,
    month - 1,
    day,
    hour,
    minute,
    second,
    frac === undefined ? 0 : Number(frac.padEnd(3, '0')),
  );
  // Date.UTC rolls Feb 30 over into March: such a date is not a date.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms - offsetMinutes * 60_000;
}

function monthOf(name: string): number {
  return MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/** Epoch ms of `text` under `layout`; undefined when it does not fit. */
export function parseWithLayout(text: string, layout: DatetimeLayoutId): number | undefined {
  const t = text.trim();
  let m: RegExpExecArray | null;
  switch (layout) {
    case 'YYYY/MM/DD':
      m = YMD_SLASH.exec(t);
      return m === null ? undefined : epochOf([Number(m[1]), Number(m[2]), Number(m[3]), m.slice(4, 8)]);
    case 'M/D/YYYY':
    case 'D/M/YYYY': {
      m = SLASH_YEAR_LAST.exec(t);
      if (m === null) return undefined;
      const [month, day] = layout === 'M/D/YYYY' ? [m[1], m[2]] : [m[2], m[1]];
      return epochOf([Number(m[3]), Number(month), Number(day), m.slice(4, 8)]);
    }
    case 'D.M.YYYY':
      m = DOTTED.exec(t);
      return m === null ? undefined : epochOf([Number(m[3]), Number(m[2]), Number(m[1]), m.slice(4, 8)]);
    case 'Mon D YYYY':
      m = MON_D_YYYY.exec(t);
      return m === null ? undefined : epochOf([Number(m[3]), monthOf(m[1]), Number(m[2]), m.slice(4, 8)]);
    case 'D Mon YYYY':
      m = D_MON_YYYY.exec(t);
      return m === null ? undefined : epochOf([Number(m[3]), monthOf(m[2]), Number(m[1]), m.slice(4, 8)]);
    case 'RFC 2822': {
      m = RFC_2822.exec(t);
      if (m === null) return undefined;
      const zone = m[7].toLowerCase();
      const named = NAMED_ZONE_HOURS[zone];
      const offset =
        named !== undefined
          ? named * 60
          : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
      return epochOf([Number(m[3]), monthOf(m[2]), Number(m[1]), [m[4], m[5], m[6], undefined]], offset);
    }
  }
}

/** Layouts whose pattern a value has, before the day/month order is known. */
const CANDIDATES: readonly DatetimeLayoutId[] = [
  'YYYY/MM/DD',
  'M/D/YYYY',
  'D.M.YYYY',
  'Mon D YYYY',
  'D Mon YYYY',
  'RFC 2822',
];

/**
 * The layout a column's distinct text values are written in, weighed by their counts: undefined
 * unless one layout reads at least 95% of the counted cells. A `1/2/2024` column is month first
 * when some first field is above 12 never happens and some second one is; day first in the mirror
 * case; neither told, month first with `ambiguousOrder` saying so; both, not dates.
 */
export function detectTextDatetimes(values: ReadonlyMap<string, number>): TextDatetimes | undefined {
  let total = 0;
  for (const count of values.values()) total += count;
  if (total === 0) return undefined;
  // The layout is chosen by the first few values (one stray word first must not hide it), then
  // held to the whole column.
  let tried = 0;
  for (const text of values.keys()) {
    if (tried++ === 5) break;
    const layout = candidateOf(text);
    if (layout === undefined) continue;
    if (layout === 'M/D/YYYY') return slashOrder(values, total);
    return parsedShare(values, layout) >= MIN_PARSED_SHARE * total ? { layout } : undefined;
  }
  return undefined;
}

function candidateOf(text: string): DatetimeLayoutId | undefined {
  for (const layout of CANDIDATES) {
    if (
      layout === 'M/D/YYYY' ? SLASH_YEAR_LAST.test(text.trim()) : parseWithLayout(text, layout) !== undefined
    )
      return layout;
  }
  return undefined;
}

function parsedShare(values: ReadonlyMap<string, number>, layout: DatetimeLayoutId): number {
  let parsed = 0;
  for (const [text, count] of values) if (parseWithLayout(text, layout) !== undefined) parsed += count;
  return parsed;
}

function slashOrder(values: ReadonlyMap<string, number>, total: number): TextDatetimes | undefined {
  let firstAbove12: string | undefined;
  let secondAbove12: string | undefined;
  for (const text of values.keys()) {
    const m = SLASH_YEAR_LAST.exec(text.trim());
    if (m === null) continue;
    if (Number(m[1]) > 12) firstAbove12 ??= text;
    if (Number(m[2]) > 12) secondAbove12 ??= text;
  }
  if (firstAbove12 !== undefined && secondAbove12 !== undefined) return undefined;
  const layout: DatetimeLayoutId = firstAbove12 !== undefined ? 'D/M/YYYY' : 'M/D/YYYY';
  if (parsedShare(values, layout) < MIN_PARSED_SHARE * total) return undefined;
  if (firstAbove12 !== undefined || secondAbove12 !== undefined) return { layout };
  return {
    layout,
    ambiguousOrder:
      'no value has a day above 12, so the day/month order cannot be told from the data: read month first (M/D/YYYY)',
  };
}
