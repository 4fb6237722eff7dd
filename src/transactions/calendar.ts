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

/** The last instant a `Date` holds, in ms since 1970-01-01T00:00Z (ECMAScript's time range is ±8.64e15 ms). */
const MAX_TIME = 8.64e15;

/** Reads the UTC calendar day of an instant (ms since 1970-01-01T00:00Z): the default time zone, UTC. */
const utcDay: InstantDayReader = (ms) => Math.floor(ms / 86_400_000);

/**
 * The calendar day of an instant (milliseconds since 1970-01-01T00:00Z) in one time zone, as a day number.
 * Made by `instantDayReader`; `parseDay` and `compileDateFormat` use one for `Date` objects and for
 * timestamps that carry a zone (`Z`, `+01:00`).
 */
export type InstantDayReader = (ms: number) => number;

/** The time zone when none is given: UTC, everywhere (the CLI's --time-zone, the library's timeZone). */
export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * The reader of the calendar day of an instant in an IANA time zone (`Europe/London`, `America/New_York`,
 * `UTC`), or undefined when the zone is not one the platform's Intl knows. UTC is plain arithmetic; any
 * other zone asks `Intl.DateTimeFormat` about each quarter hour of time met (today every zone's offset and
 * every transition fall on a quarter hour), remembered in the reader (no global cache); a quarter hour that a
 * local midnight cuts (historical offsets such as Monrovia's −0:44:30) is dated instant by instant.
 *
 * @example instantDayReader('America/New_York')?.(Date.UTC(2024, 2, 11, 3, 30)) === dayFromCivil(2024, 3, 10)
 */
export function instantDayReader(timeZone: string = DEFAULT_TIME_ZONE): InstantDayReader | undefined {
  if (typeof timeZone !== 'string') return undefined;
  if (timeZone.toUpperCase() === 'UTC' || timeZone === 'Etc/UTC') return utcDay;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hourCycle: 'h23',
      era: 'short',
    });
  } catch {
    return undefined;
  }
  const dayAt = (ms: number): number => {
    const parts = format.formatToParts(ms);
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const bc = parts.find((p) => p.type === 'era')?.value === 'BC';
    return dayFromCivil(bc ? 1 - part('year') : part('year'), part('month'), part('day'));
  };
  // Per quarter hour: its day when the whole quarter lies in one local day (always, for today's offsets);
  // NaN marks a quarter that a local midnight cuts (historical offsets such as Monrovia's −0:44:30 until 1972),
  // whose instants are dated one by one.
  const seen = new Map<number, number>();
  return (ms) => {
    const quarter = Math.floor(ms / 900_000);
    let day = seen.get(quarter);
    if (day === undefined) {
      const first = dayAt(quarter * 900_000);
      // The last quarter of time a Date has (from +8.64e15 ms) is probed at its one instant, not beyond it.
      day = first === dayAt(Math.min(quarter * 900_000 + 899_999, MAX_TIME)) ? first : Number.NaN;
      seen.set(quarter, day);
    }
    return Number.isNaN(day) ? dayAt(ms) : day;
  };
}

/**
 * Reads the time part of a timestamp from `at` to the end of `text`: a `T` or a space, then `H:mm` or
 * `HH:mm`, optional `:ss` and fraction, an optional ` AM`/` PM`, then an optional zone — `Z`, `UTC`, `GMT`,
 * `+HH:mm`, `+HHmm` or `+HH` (or `-`), also after a space (`2024-01-01 10:00:00 UTC`, as BigQuery exports).
 * Returns the time of day in whole milliseconds — a fraction of up to 9 digits truncated to milliseconds, never
 * rounded, so that no time rounds up into the next second or day (the SQL builder drops the fraction: the same
 * day) — and the zone's offset in minutes (undefined when the text gives no zone: a local wall time), or undefined when the
 * text is not such a time (`2024-01-01 noon`, `25:00`).
 */
export function readTimePart(
  text: string,
  at: number,
): { readonly ms: number; readonly offset: number | undefined } | undefined {
  const m = TIME_PART.exec(at === 0 ? text : text.slice(at));
  if (!m) return undefined;
  let hours = Number(m[1]);
  const minutes = Number(m[2]);
  const seconds = m[3] === undefined ? 0 : Number(m[3]);
  // The fraction truncated to whole milliseconds, never rounded: 23:59:59.9999999 (7 digits, as .NET and SQL
  // Server's datetime2 write) is still 23:59:59.999 of its day, and the instant below is an exact integer.
  const millis = m[4] === undefined ? 0 : digits(`${m[4]}00`, 0, 3);
  const meridiem = m[5]?.toUpperCase();
  if (meridiem !== undefined) {
    if (hours < 1 || hours > 12) return undefined;
    hours = (hours % 12) + (meridiem === 'PM' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  let offset: number | undefined;
  if (m[6] !== undefined) {
    if (m[7] === undefined)
      offset = 0; // Z, UTC, GMT
    else {
      const oh = Number(m[8]);
      const om = m[9] === undefined ? 0 : Number(m[9]);
      if (oh > 18 || om > 59) return undefined;
      offset = (m[7] === '-' ? -1 : 1) * (oh * 60 + om);
    }
  }
  return { ms: ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis, offset };
}

const TIME_PART =
  /^[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?: ?([AaPp][Mm]))?(?: ?(Z|z|UTC|GMT|([+-])(\d{2})(?::?(\d{2}))?))?$/;

/**
 * The day number of a civil date followed (from `at`) by the rest of its text: nothing (a date), a local
 * time (the day written), or a time with a zone — an instant, dated by its calendar day in the time zone
 * of `instantDay` (UTC by default). Undefined when the rest is not a time.
 */
export function dayWithTime(
  day: number,
  text: string,
  at: number,
  instantDay: InstantDayReader = utcDay,
): number | undefined {
  if (at >= text.length) return day;
  const time = readTimePart(text, at);
  if (time === undefined) return undefined;
  if (time.offset === undefined) return day;
  return dayOfInstant(instantDay, day * 86_400_000 + time.ms - time.offset * 60_000);
}

/**
 * `instantDay(ms)`, kept to the contract: a day number within `MAX_DAY_NUMBER` (`isDayNumber`, the rule
 * `formatDay` prints by), or undefined — a reader that is not a function, throws or returns anything else (a
 * caller's own reader, or a zone's day of the first or last instant a Date holds: −271821-04-19 in New York is
 * day −100,000,001) dates nothing rather than leaking its error or a day no writer prints.
 */
function dayOfInstant(instantDay: InstantDayReader, ms: number): number | undefined {
  if (instantDay === utcDay) {
    const day = utcDay(ms);
    return isDayNumber(day) ? day : undefined;
  }
  try {
    const day = typeof instantDay === 'function' ? instantDay(ms) : utcDay(ms);
    return isDayNumber(day) ? day : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses a calendar date to its day number, or `undefined` when it is not one.
 * Accepts an ISO date `yyyy-MM-dd`, a compact `yyyyMMdd` string, an ISO timestamp, or a `Date`.
 * The time-zone rule, one for every path: a date, or a timestamp without a zone (`2024-03-10 23:30`, a
 * local wall time), is the calendar day written; an instant — a `Date` (also one from another realm), or a
 * timestamp with `Z` or an offset (`2024-03-10T23:30:00-05:00`) — is dated by its calendar day in the time
 * zone of `instantDay` (default UTC: the day `new Date('1997-01-01')` and most drivers mean; see
 * `instantDayReader`). A time part that is not a time (`1997-01-01 noon`) is no date. Days that do not
 * exist (1997-02-29) are rejected, as is an instant whose day in the zone lies beyond ±`MAX_DAY_NUMBER`
 * (`isDayNumber`: `new Date(-8.64e15)` in America/New_York). Fractions of a second beyond milliseconds are
 * truncated, so `2024-06-30T23:59:59.9999999Z` is 2024-06-30.
 *
 * @example parseDay('1997-01-01') === 9862; parseDay('19970101') === 9862; parseDay('1997-02-29') === undefined
 * @example parseDay('1997-01-01T23:30:00-05:00') === 9863   // 04:30 UTC on 1997-01-02
 */
export function parseDay(value: unknown, instantDay: InstantDayReader = utcDay): number | undefined {
  if (typeof value === 'string') {
    let y: number;
    let m: number;
    let d: number;
    if (value.length >= 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) {
      y = digits(value, 0, 4);
      m = digits(value, 5, 2);
      d = digits(value, 8, 2);
    } else if (value.length === 8) {
      y = digits(value, 0, 4);
      m = digits(value, 4, 2);
      d = digits(value, 6, 2);
    } else return undefined;
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
    const day = dayFromCivil(y, m, d);
    return value.length > 10 ? dayWithTime(day, value, 10, instantDay) : day;
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
  return Number.isNaN(t) ? undefined : dayOfInstant(instantDay, t);
}

/** Excel's serial 0 is 1899-12-30 for serials from 61 on (the 1900 system, after its 1900-02-29). */
const EXCEL_EPOCH_DAY = -25569;
/** The last date Excel has: 9999-12-31 is serial 2,958,465. */
const LAST_EXCEL_SERIAL = 2_958_465;

/**
 * The day number of an Excel date serial (the 1900 date system Excel and most spreadsheets export):
 * serial 1 is 1900-01-01; Excel counts a 1900-02-29 that never was (serial 60, rejected), so serials 1–59
 * are one day later than from the usual epoch 1899-12-30 and serials from 61 on count from it. A fraction
 * is the time of day (a local wall time, so it does not change the day). Undefined for anything below 1,
 * above 2,958,465 (9999-12-31) or not finite.
 *
 * @example dayOfExcelSerial(40513.35) === dayFromCivil(2010, 12, 1); dayOfExcelSerial(1) === dayFromCivil(1900, 1, 1)
 */
export function dayOfExcelSerial(serial: number): number | undefined {
  if (typeof serial !== 'number' || !(serial >= 1 && serial < LAST_EXCEL_SERIAL + 1)) return undefined;
  const whole = Math.floor(serial);
  if (whole === 60) return undefined;
  return whole + EXCEL_EPOCH_DAY + (whole < 60 ? 1 : 0);
}

/** Day numbers beyond ±100,000,000 (about 270,000 years) are no calendar day: `formatDay`'s bound, every reader's. */
export const MAX_DAY_NUMBER = 1e8;

/** What a day number must be (`isDayNumber`), for messages. */
export const DAY_NUMBER_EXPECTED = 'a whole number of days since 1970-01-01 (|n| ≤ 100,000,000)';

/**
 * The rule of a day number, one for every reader and writer of days: a whole number within ±`MAX_DAY_NUMBER`.
 *
 * @example isDayNumber(9862) === true; isDayNumber(Number.NaN) === false; isDayNumber(-100_000_001) === false
 */
export function isDayNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_DAY_NUMBER;
}

/**
 * Formats a day number as ISO `yyyy-MM-dd` (a year below 0 with its sign, `-0005-05-18`; see `yearText`); a
 * `ClvValidationError` naming `dayNumber` for anything `isDayNumber` refuses.
 *
 * @example formatDay(9862) === '1997-01-01'
 */
export function formatDay(dayNumber: number): string {
  if (!isDayNumber(dayNumber))
    throw new ClvValidationError('formatDay', [makeIssue('dayNumber', DAY_NUMBER_EXPECTED, dayNumber)]);
  return isoOfDay(dayNumber);
}

/**
 * `formatDay` of any whole day number, unchecked: for the first day of a period, which may lie a few days
 * beyond ±`MAX_DAY_NUMBER` when the period holds a day within them (the week or year of `new Date(-8.64e15)`).
 */
export function isoOfDay(dayNumber: number): string {
  const { year, month, day } = civilFromDay(dayNumber);
  return `${yearText(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A year as ISO 8601 prints it: four digits at least, and a minus sign for a year below 0 (astronomical
 * numbering, as `Date` and `civilFromDay` count: year 0 is 1 BC, −5 is 6 BC).
 *
 * @example yearText(1997) === '1997'; yearText(-5) === '-0005'
 */
export function yearText(year: number): string {
  return `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}`;
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
      return dayFromCivil(Math.floor(grain / 12), grain - Math.floor(grain / 12) * 12 + 1, 1);
    case 'quarter':
      return dayFromCivil(Math.floor(grain / 4), (grain - Math.floor(grain / 4) * 4) * 3 + 1, 1);
    case 'year':
      return dayFromCivil(grain, 1, 1);
  }
}

/** The field rule of a calendar date (see `parseDay`): its day number, with one message everywhere. */
export const calendarDateRule: FieldRule<number> = {
  expected: "a calendar date ('yyyy-MM-dd', 'yyyyMMdd' or a Date)",
  convert: parseDay,
};
