import { ClvValidationError, makeIssue } from '../errors.js';
import { type FieldRule, fieldSchema } from '../schemas/field.js';

/**
 * Calendar dates as whole day numbers (days since 1970-01-01), with no time zone anywhere: an ISO
 * '1997-01-01' is the same day wherever the code runs. Conversions use Howard Hinnant's civil-date
 * algorithms ("chrono-compatible low-level date algorithms", 2013) — plain integer arithmetic.
 */

/** The unit of recency, T and durations. */
export type TimeUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';
/** The grain within which purchases count as one purchase occasion. */
export type Granularity = TimeUnit;
/** Every time unit, shortest first (the values of `TimeUnit`). */
export const TIME_UNITS: readonly TimeUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

/** The time unit when none is given, everywhere: the core, the SQL builder, the CLI and the spreadsheet functions. */
export const DEFAULT_TIME_UNIT: TimeUnit = 'day';

/**
 * The rule of a time unit wherever one is given (summaries, fits, predictions, SQL): 'day', 'week', 'month',
 * 'quarter' or 'year', the plural spellings ('weeks') accepted and read as the singular.
 */
export const timeUnitRule: FieldRule<TimeUnit> = {
  expected: `one of ${TIME_UNITS.map((u) => `'${u}'`).join(', ')}`,
  convert: (value) => {
    if (typeof value !== 'string') return undefined;
    const unit = value.endsWith('s') ? value.slice(0, -1) : value;
    return (TIME_UNITS as readonly string[]).includes(unit) ? (unit as TimeUnit) : undefined;
  },
};

/** A time unit as a zod field (summaries, SQL options), built from `timeUnitRule`: one rule, one message. */
export const TimeUnitField = fieldSchema<TimeUnit, TimeUnit | `${TimeUnit}s`>(timeUnitRule);

/** Days in one unit: weeks are 7 days; months, quarters and years are their mean Gregorian length (365.25 days a year). */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = {
  day: 1,
  week: 7,
  month: 365.25 / 12,
  quarter: 365.25 / 4,
  year: 365.25,
};

/** Day number of a civil date (proleptic Gregorian). @example dayFromCivil(1970, 1, 1) === 0 */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number. @example civilFromDay(0) → { year: 1970, month: 1, day: 1 } */
export function civilFromDay(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The value of `count` decimal digits of `s` from `from`; -1 when one is not a digit. */
export function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses a calendar date to its day number, or `undefined` when it is not one.
 * Accepts an ISO date `yyyy-MM-dd` (a time part after it, `T…` or ` …`, is ignored: the calendar day is the
 * one written), a compact `yyyyMMdd` string, or a `Date` — taken as its UTC calendar day, which is the day
 * `new Date('1997-01-01')` and most drivers mean. Days that do not exist (1997-02-29) are rejected.
 *
 * @example parseDay('1997-01-01') === 9862; parseDay('19970101') === 9862; parseDay('1997-02-29') === undefined
 */
export function parseDay(value: unknown): number | undefined {
  if (typeof value === 'string') {
    let y: number;
    let m: number;
    let d: number;
    if (value.length >= 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
      if (value.length > 10 && value[10] !== 'T' && value[10] !== ' ') return undefined;
      y = digits(value, 0, 4);
      m = digits(value, 5, 2);
      d = digits(value, 8, 2);
    } else if (value.length === 8) {
      y = digits(value, 0, 4);
      m = digits(value, 4, 2);
      d = digits(value, 6, 2);
    } else return undefined;
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
    return dayFromCivil(y, m, d);
  }
  if (value === null || typeof value !== 'object') return undefined;
  // Date.prototype.getTime reads the time of a real Date (also one from another realm) and throws on anything
  // else — an object that only inherits from Date, a Proxy: such a thing is no date.
  let t: number;
  try {
    t = Date.prototype.getTime.call(value);
  } catch {
    return undefined;
  }
  return Number.isNaN(t) ? undefined : Math.floor(t / 86_400_000);
}

/** Formats a day number as ISO `yyyy-MM-dd`. @example formatDay(9862) === '1997-01-01' */
export function formatDay(dayNumber: number): string {
  if (!(typeof dayNumber === 'number' && Number.isInteger(dayNumber) && Math.abs(dayNumber) <= 1e8))
    throw new ClvValidationError('formatDay', [
      makeIssue('dayNumber', 'a whole number of days since 1970-01-01 (|n| ≤ 100,000,000)', dayNumber),
    ]);
  const { year, month, day } = civilFromDay(dayNumber);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A `formatDay` that prints each day once and hands back the same text afterwards: writers of a million
 * customers, who share a few hundred purchase days, print dates without a string per row.
 *
 * @example const day = dayFormatter(); day(9862) === '1997-01-01'
 */
export function dayFormatter(): (dayNumber: number) => string {
  const printed = new Map<number, string>();
  return (dayNumber) => {
    let text = printed.get(dayNumber);
    if (text === undefined) {
      text = formatDay(dayNumber);
      printed.set(dayNumber, text);
    }
    return text;
  };
}

/**
 * The grain a day falls in, as an integer, and the day number the grain starts on:
 * day → the day; week → ISO weeks starting on Monday; month, quarter, year → calendar periods.
 */
export function grainOf(dayNumber: number, granularity: Granularity): number {
  switch (granularity) {
    case 'day':
      return dayNumber;
    case 'week':
      return Math.floor((dayNumber + 3) / 7); // 1970-01-01 was a Thursday; weeks start on Monday
    default: {
      const { year, month } = civilFromDay(dayNumber);
      if (granularity === 'month') return year * 12 + (month - 1);
      if (granularity === 'quarter') return year * 4 + Math.floor((month - 1) / 3);
      return year;
    }
  }
}

/** The first day of a grain (inverse of `grainOf` to the grain's start). */
export function grainStart(grain: number, granularity: Granularity): number {
  switch (granularity) {
    case 'day':
      return grain;
    case 'week':
      return grain * 7 - 3;
    case 'month':
      return dayFromCivil(Math.floor(grain / 12), (grain % 12) + 1, 1);
    case 'quarter':
      return dayFromCivil(Math.floor(grain / 4), (grain % 4) * 3 + 1, 1);
    case 'year':
      return dayFromCivil(grain, 1, 1);
  }
}

/** The field rule of a calendar date (see `parseDay`): its day number, with one message everywhere. */
export const calendarDateRule: FieldRule<number> = {
  expected: "a calendar date ('yyyy-MM-dd', 'yyyyMMdd' or a Date)",
  convert: parseDay,
};
