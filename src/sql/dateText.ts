import type { DialectDescription } from './dialects.js';

/**
 * The time part the in-process reader reads after a date (`readTimePart` in src/transactions/calendar.ts), as
 * a regular expression that RE2 (DuckDB, ClickHouse, BigQuery), PostgreSQL, Java (Spark) and POSIX (Snowflake)
 * read alike: a `T` or a space, `H:mm` or `HH:mm`, optional `:ss` and fraction, an optional ` AM`/` PM`, and an
 * optional zone `Z`, `UTC`, `GMT`, `+HH:mm`, `+HHmm` or `+HH`, also after a space. Groups: 1 hours, 2 minutes,
 * 4 seconds, 7 AM/PM, 9 the zone, 10 its sign, 11 its hours, 13 its minutes.
 */
export const TIME_PART_PATTERN =
  '^[T ]([0-9]{1,2}):([0-9]{2})(:([0-9]{2})([.,][0-9]{1,9})?)?( ?([AaPp][Mm]))?( ?(Z|z|UTC|GMT|([+-])([0-9]{2})(:?([0-9]{2}))?))?$';

/** A plain date, `yyyy-MM-dd`, the whole text. */
export const ISO_DAY = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';

/** The groups of `TIME_PART_PATTERN` the date needs, by name, as the stage's column names. */
const TIME_GROUPS = {
  hours: 1,
  minutes: 2,
  seconds: 4,
  meridiem: 7,
  zone: 9,
  sign: 10,
  zoneHours: 11,
  zoneMinutes: 13,
} as const;

/** The names of all groups of `TIME_PART_PATTERN`, in order (those `dateOfText` reads named as in TIME_GROUPS). */
const ALL_GROUP_NAMES = Array.from({ length: 13 }, (_, i) => {
  const named = Object.entries(TIME_GROUPS).find(([, k]) => k === i + 1);
  return named === undefined ? `g${i + 1}` : named[0];
});

/**
 * Group `name` of the date's time part (computed by `timePartColumns`): its column `tp_{name}`, or, where the engine
 * reads every group in one match (DuckDB's `groups`), that group's field of the one column `tp` (NULL for '').
 */
function timePart(d: DialectDescription, name: keyof typeof TIME_GROUPS): string {
  return d.groups === undefined ? `tp_${name}` : `NULLIF(struct_extract(tp, '${name}'), '')`;
}

/**
 * The SELECT items that read the time part of the (trimmed) date text `text`: one text column per group of
 * `TIME_PART_PATTERN`, NULL when the text has no time part (10 characters or fewer) or it does not match — or, for
 * an engine that reads every group of one match at once (`groups`: DuckDB), one column `tp` of them all, read once
 * per row with a time part (not once per group), and nothing for a plain date but one test of its length. Read in
 * a stage of their own so that `dateOfText` names each group once.
 *
 * @example timePartColumns(DIALECTS.postgres, 't.date_text') // ["CASE WHEN LENGTH(t.date_text) > 10 THEN … END AS tp_hours", …]
 */
export function timePartColumns(d: DialectDescription, text: string): string[] {
  // Only a text longer than a date is searched (engines that evaluate CASE lazily skip the rest).
  if (d.groups !== undefined)
    return [
      `CASE WHEN ${d.length(text)} > 10 THEN ${d.groups(d.substr(text, 11), TIME_PART_PATTERN, ALL_GROUP_NAMES)} END AS tp`,
    ];
  return Object.entries(TIME_GROUPS).map(
    ([name, k]) =>
      `CASE WHEN ${d.length(text)} > 10 THEN ${d.group(d.substr(text, 11), TIME_PART_PATTERN, k)} END AS ${timePart(d, name as keyof typeof TIME_GROUPS)}`,
  );
}

/**
 * The DATE of a log's date text under the in-process reader's rule (`parseDay`; docs/real-exports.md, "Dates,
 * timestamps and time zones"), or NULL when it is not one: `yyyy-MM-dd` or `yyyyMMdd` is the day written (a day
 * that does not exist, 2021-02-30, is no date); a date followed by a time without a zone (a local wall time) is
 * the day written; with a zone (`Z`, `UTC`, `GMT`, `±HH[:mm]`) it is an instant, dated by its calendar day in
 * UTC: day + ⌊(time of day − offset) / 24 h⌋, so `2011-01-01T23:30:00-05:00` is 2011-01-02 — or, given
 * `timeZone`, in that IANA zone by the engine's time-zone database (`dayInZone`): 2011-01-01 in America/New_York. A time that is not
 * a time (`25:00`, `13:00 PM`, an offset beyond ±18:59) makes the text no date. `text` is the trimmed date text;
 * the `tp_…` columns are those of `timePartColumns` over it, in reach. `plain`, when given, is a column true
 * only where the text matches `ISO_DAY` (found so before trimming, as it was written): the pattern is tested only
 * where it is not true.
 *
 * @example dateOfText(DIALECTS.postgres, 't.date_text') // 'CASE WHEN (t.date_text ~ …) THEN … END'
 */
export function dateOfText(d: DialectDescription, text: string, timeZone?: string, plain?: string): string {
  const col = (name: keyof typeof TIME_GROUPS) => timePart(d, name);
  const int = (name: keyof typeof TIME_GROUPS) => d.int(col(name));
  const or0 = (name: keyof typeof TIME_GROUPS) => `COALESCE(${int(name)}, 0)`;
  const pm = `${col('meridiem')} IN ('PM', 'pm', 'Pm', 'pM')`;
  const hours = `CASE WHEN ${col('meridiem')} IS NULL THEN ${int('hours')} WHEN ${pm} THEN ${d.mod(int('hours'), '12')} + 12 ELSE ${d.mod(int('hours'), '12')} END`;
  const offset = `CASE WHEN ${col('sign')} = '-' THEN -1 ELSE 1 END * (${or0('zoneHours')} * 60 + ${or0('zoneMinutes')})`;
  const seconds = `(${hours}) * 3600 + ${int('minutes')} * 60 + ${or0('seconds')} - (${offset}) * 60`;
  const isTime = [
    `${col('minutes')} IS NOT NULL`,
    `${int('minutes')} <= 59`,
    `${or0('seconds')} <= 59`,
    `CASE WHEN ${col('meridiem')} IS NULL THEN ${int('hours')} <= 23 ELSE ${int('hours')} BETWEEN 1 AND 12 END`,
    `(${col('sign')} IS NULL OR (${int('zoneHours')} <= 18 AND ${or0('zoneMinutes')} <= 59))`,
  ].join(' AND ');
  // The instant's UTC day differs from the day written by at most one: offsets are within ±18:59.
  const shift = `CASE WHEN ${col('zone')} IS NULL THEN 0 WHEN ${seconds} < 0 THEN -1 WHEN ${seconds} >= 86400 THEN 1 ELSE 0 END`;
  const day = d.substr(text, 1, 10);
  // In another zone than UTC, an instant's day is the engine's (its time-zone database), from its epoch seconds.
  const utc = timeZone === undefined || timeZone.toUpperCase() === 'UTC' || timeZone === 'Etc/UTC';
  const instant = utc
    ? d.addDays(d.isoDate(day), `(${shift})`)
    : `CASE WHEN ${col('zone')} IS NULL THEN ${d.isoDate(day)} ELSE ${d.dayInZone(d.dayNumber(d.isoDate(day)), `(${seconds})`, timeZone)} END`;
  const compact = d.concat(d.substr(text, 1, 4), "'-'", d.substr(text, 5, 2), "'-'", d.substr(text, 7, 2));
  const iso = d.matches(text, ISO_DAY);
  return `CASE WHEN ${plain === undefined ? iso : `${plain} OR ${iso}`} THEN ${d.isoDate(text)}
        WHEN ${d.matches(text, '^[0-9]{8}$')} THEN ${d.isoDate(compact)}
        WHEN ${d.matches(text, '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]')} AND ${isTime} THEN ${instant} END`;
}
