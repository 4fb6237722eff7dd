import { FIELD_WHITESPACE } from '../transactions/fieldWhitespace.js';

/** The SQL engines `summarySql` writes for. */
export type SqlDialect = 'duckdb' | 'postgres' | 'clickhouse' | 'bigquery' | 'snowflake' | 'spark';
/** Every dialect `summarySql` writes, in the order the docs list them. */
export const SQL_DIALECTS: readonly SqlDialect[] = [
  'duckdb',
  'postgres',
  'clickhouse',
  'bigquery',
  'snowflake',
  'spark',
];

/** A calendar period that DATE_TRUNC-style functions cut dates to. */
export type TruncUnit = 'month' | 'quarter' | 'year';

/**
 * What differs between engines, as small SQL writers. Everything else in the summary query is portable
 * SQL (subqueries, GROUP BY, CASE, MIN/MAX/SUM/COUNT, CROSS JOIN, JOIN … ON).
 * - `placeholder(i)`: the i-th (1-based) bound parameter: `$1` (DuckDB, PostgreSQL), a positional `?`
 *   (BigQuery, Snowflake, Spark ≥ 3.4) or a named, typed `{p1:String}` (ClickHouse); every parameter appears
 *   exactly once in the query, so `?` is unambiguous.
 * - `dayNumber(date)`: whole days since 1970-01-01 of a DATE expression.
 * - `trunc(unit, date)`: the first day (a DATE) of the month, quarter or year of a DATE.
 * - `firstBy(value, key)`: an aggregate: `value` of the row with the smallest `key` (keys are distinct within
 *   a group here);
 * - `mod(a, b)`: the remainder of integer division (sign of `a`);
 * - `double`: the float64 type name; `exact`: a decimal type that sums money exactly (10 decimals kept);
 * - `ctes`: whether the engine takes `WITH name AS (subquery)`; without, the stages are nested subqueries.
 * - `number(x, type)`: the text `x` as the numeric `type` (`double` or `exact`), NULL where it does not convert —
 *   never an error, so one bad amount is a counted rejection, not a failed query (DuckDB's TRY_CAST, PostgreSQL's
 *   `pg_input_is_valid` (PostgreSQL 16 on), ClickHouse's `toFloat64OrNull`, BigQuery's SAFE_CAST, Snowflake's
 *   TRY_CAST, Spark's CAST, NULL on bad input outside ANSI mode);
 * - `text`: the (nullable) string type name; `today`: the current date;
 * - `trim(x)`: the text `x` without `FIELD_WHITESPACE` at either end (the in-process reader's trimming rule);
 * - `matches(x, pattern)`: whether the regular expression (RE2, POSIX and Java agree on the patterns used:
 *   anchors, classes, `{m,n}`, `?`, groups) matches in `x`; `group(x, pattern, k)`: the text of its k-th group,
 *   NULL when it does not match or the group took no part;
 * - `int(x)`: digit text as an integer; `substr(x, from, length?)` (1-based), `concat(…)`;
 * - `length(x)`: the text's length, used only to skip texts too short for a pattern: in characters, or (DuckDB) in
 *   bytes, never fewer and read without decoding the text;
 * - `groups(x, pattern, names)` (DuckDB only): every group of the pattern's one match, as a STRUCT of texts with
 *   the given names in group order ('' for a group that took no part; NULL for a NULL text);
 * - `isoDate(x)`: digit text `yyyy-MM-dd` as a DATE, NULL for a day that does not exist (2021-02-30);
 *   `addDays(date, n)`: the DATE n days later.
 */
export interface DialectDescription {
  readonly name: SqlDialect;
  placeholder(index: number): string;
  dayNumber(date: string): string;
  trunc(unit: TruncUnit, date: string): string;
  firstBy(value: string, key: string): string;
  mod(a: string, b: string): string;
  readonly double: string;
  readonly exact: string;
  readonly ctes: boolean;
  number(text: string, type: string): string;
  readonly text: string;
  readonly today: string;
  trim(text: string): string;
  matches(text: string, pattern: string): string;
  group(text: string, pattern: string, k: number): string;
  groups?(text: string, pattern: string, names: readonly string[]): string;
  int(text: string): string;
  substr(text: string, from: number, length?: number): string;
  length(text: string): string;
  concat(...parts: string[]): string;
  isoDate(text: string): string;
  addDays(date: string, days: string): string;
  /** The text `x`, known not NULL where it is used, as a non-nullable key (ClickHouse sorts only by those). */
  key(x: string): string;
  /**
   * The calendar day (a DATE) in the IANA zone `zone` of the instant `day` × 86,400 + `seconds` seconds after
   * 1970-01-01T00:00Z (`day` a day number, `seconds` an integer, in 64-bit arithmetic).
   */
  dayInZone(day: string, seconds: string, zone: string): string;
}

const CAST = (v: string, t: string) => `CAST(${v} AS ${t})`;
/** Plain decimal text that ClickHouse's Decimal(38, 10) cast reads without an error (a text that is not is NULL). */
const PLAIN_DECIMAL = '^[+-]?[0-9]{1,28}([.][0-9]{0,10})?$';
const SUBSTR = (x: string, from: number, length?: number) =>
  `SUBSTR(${x}, ${from}${length === undefined ? '' : `, ${length}`})`;
const LENGTH = (x: string) => `LENGTH(${x})`;
const PIPES = (...parts: string[]) => `(${parts.join(' || ')})`;
const PLUS_DAYS = (date: string, days: string) => `(${date} + ${days})`;

/** `FIELD_WHITESPACE` as the characters of a SQL string literal (none of them is a quote). */
const WHITESPACE_LITERAL = `'${FIELD_WHITESPACE}'`;
/** `FIELD_WHITESPACE` written with `\u` escapes of four hex digits (BigQuery's string literals take no raw line break). */
const WHITESPACE_ESCAPED = `'${[...FIELD_WHITESPACE].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}'`;
/** A regular-expression class of `FIELD_WHITESPACE` with RE2's `\x{…}` escapes (ClickHouse). */
const WHITESPACE_CLASS = `[${[...FIELD_WHITESPACE].map((c) => `\\\\x{${c.charCodeAt(0).toString(16).padStart(4, '0')}}`).join('')}]`;

/**
 * The pattern with only its k-th group capturing (the others made `(?:…)`), for engines whose regex extraction
 * returns the first group (ClickHouse's `extract`, BigQuery's REGEXP_EXTRACT).
 */
function onlyGroup(pattern: string, k: number): string {
  let n = 0;
  return pattern.replace(/\((?!\?)/g, () => (++n === k ? '(' : '(?:'));
}

/**
 * Whether the digit text `yyyy-MM-dd` is a day of the proleptic Gregorian calendar, in portable SQL: for engines
 * whose text-to-DATE cast fails (PostgreSQL) or rolls over (ClickHouse: 2021-02-30 is 2021-03-02) on a day that
 * does not exist.
 */
function isCivilDay(d: Pick<DialectDescription, 'int' | 'substr' | 'mod'>, x: string): string {
  const y = d.int(d.substr(x, 1, 4));
  const m = d.int(d.substr(x, 6, 2));
  const day = d.int(d.substr(x, 9, 2));
  const leap = `(${d.mod(y, '4')} = 0 AND (${d.mod(y, '100')} <> 0 OR ${d.mod(y, '400')} = 0))`;
  return `(${m} BETWEEN 1 AND 12 AND ${day} BETWEEN 1 AND CASE WHEN ${m} IN (4, 6, 9, 11) THEN 30 WHEN ${m} = 2 THEN CASE WHEN ${leap} THEN 29 ELSE 28 END ELSE 31 END)`;
}

const MOD = (a: string, b: string) => `MOD(${a}, ${b})`;

/**
 * A whole-text pattern of ASCII digit runs and dashes (`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`) as the GLOB pattern that
 * matches the same texts (`[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]`: GLOB matches the whole text, one
 * character per class), which DuckDB tests in about two thirds of a regular expression's time; undefined for
 * any other pattern.
 *
 * @example digitsGlob('^[0-9]{8}$') === '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'; digitsGlob('^[0-9]{4}[T ]') === undefined
 */
function digitsGlob(pattern: string): string | undefined {
  const whole = /^\^((?:\[0-9\]\{\d\}|-)+)\$$/.exec(pattern);
  return whole?.[1]?.replace(/\[0-9\]\{(\d)\}/g, (_, n: string) => '[0-9]'.repeat(Number(n)));
}

const EPOCH = "DATE '1970-01-01'";

/** DuckDB's exact type for money: 38 digits, 10 of them decimals. */
const DUCKDB_EXACT = 'DECIMAL(38, 10)';

/** The six dialects. Sources: each engine's reference for DATE arithmetic, DATE_TRUNC/TRUNC and parameters. */
export const DIALECTS: Readonly<Record<SqlDialect, DialectDescription>> = {
  // DuckDB: DATE - DATE is a BIGINT number of days; date_trunc on a DATE is cast back to DATE; arg_min.
  duckdb: {
    name: 'duckdb',
    placeholder: (i) => `$${i}`,
    dayNumber: (d) => `(${d} - ${EPOCH})`,
    trunc: (u, d) => `CAST(date_trunc('${u}', ${d}) AS DATE)`,
    firstBy: (v, k) => `arg_min(${v}, ${k})`,
    double: 'DOUBLE',
    exact: DUCKDB_EXACT,
    mod: MOD,
    ctes: true,
    // Text to DECIMAL(38, 10) (a 128-bit decimal) costs ~35× text to DECIMAL(18, 10) (64-bit): an amount below
    // 1e8 reads as the 64-bit decimal, the same value (both round to 10 decimals), and only the rest as the wide one
    // (COALESCE evaluates its second argument only where the first is NULL).
    number: (v, t) =>
      t === DUCKDB_EXACT
        ? `COALESCE(TRY_CAST(${v} AS DECIMAL(18, 10)), TRY_CAST(${v} AS ${t}))`
        : `TRY_CAST(${v} AS ${t})`,
    text: 'VARCHAR',
    today: 'CURRENT_DATE',
    // trim with a set of characters costs about 1 s per million fields: only a field whose first or last
    // character is not printable ASCII is trimmed (its other fields pass as they are). Both ends are tested by
    // least/greatest: on 10 M rows about a third of the time of two BETWEENs joined by AND. Each end's code is
    // written twice, so DuckDB computes it once (its common-subexpression step) — but for every row, even where
    // the trim sits in a COALESCE branch that few rows reach: the summary writes such a trim in a CASE's THEN or
    // ELSE instead, which that step leaves where it is (see `checkedRows`' amount_clean).
    trim: (x) =>
      `CASE WHEN least(ascii(${x}), ascii(${x}[-1])) >= 33 AND greatest(ascii(${x}), ascii(${x}[-1])) <= 126 THEN ${x} ELSE trim(${x}, ${WHITESPACE_LITERAL}) END`,
    matches: (x, p) => {
      const glob = digitsGlob(p);
      return glob === undefined ? `regexp_matches(${x}, '${p}')` : `(${x} GLOB '${glob}')`;
    },
    group: (x, p, k) => `NULLIF(regexp_extract(${x}, '${onlyGroup(p, k)}', 1), '')`,
    // One match for every group (a time part's eight groups were eight matches).
    groups: (x, p, names) => `regexp_extract(${x}, '${p}', [${names.map((n) => `'${n}'`).join(', ')}])`,
    int: (x) => `TRY_CAST(${x} AS INTEGER)`,
    substr: SUBSTR,
    // Bytes, never fewer than characters (a pre-filter only: see `length`), without reading the text.
    length: (x) => `strlen(${x})`,
    concat: PIPES,
    // TRY_CAST reads only days that exist (2021-02-30 is NULL); the digits are checked before.
    isoDate: (x) => `TRY_CAST(${x} AS DATE)`,
    addDays: PLUS_DAYS,
    key: (x) => x,
    // timezone() on a TIMESTAMPTZ is ICU's (bundled with @duckdb/node-api and loaded by default).
    dayInZone: (day, s, z) =>
      `CAST(timezone('${z}', to_timestamp(CAST(${day} AS BIGINT) * 86400 + ${s})) AS DATE)`,
  },
  // PostgreSQL: DATE - DATE is an integer number of days; date_trunc gives a timestamp, cast back to DATE;
  // no arg-min aggregate: the first element of an ordered ARRAY_AGG.
  postgres: {
    name: 'postgres',
    placeholder: (i) => `$${i}`,
    dayNumber: (d) => `(${d} - ${EPOCH})`,
    trunc: (u, d) => `CAST(date_trunc('${u}', ${d}) AS DATE)`,
    firstBy: (v, k) => `(ARRAY_AGG(${v} ORDER BY ${k}))[1]`,
    double: 'DOUBLE PRECISION',
    exact: 'NUMERIC',
    mod: MOD,
    ctes: true,
    // pg_input_is_valid (PostgreSQL 16 on): a text that is not a number is NULL, not a failed query.
    number: (v, t) =>
      `CASE WHEN pg_input_is_valid(${v}, '${t === 'NUMERIC' ? 'numeric' : 'float8'}') THEN CAST(${v} AS ${t}) END`,
    text: 'TEXT',
    today: 'CURRENT_DATE',
    trim: (x) => `btrim(${x}, ${WHITESPACE_LITERAL})`,
    matches: (x, p) => `(${x} ~ '${p}')`,
    group: (x, p, k) => `(regexp_match(${x}, '${p}'))[${k}]`,
    int: (x) => `CAST(${x} AS INTEGER)`,
    substr: SUBSTR,
    length: LENGTH,
    concat: PIPES,
    // Year 0 does not exist in PostgreSQL: read as 0001-01-01, an implausible date either way.
    isoDate: (x) =>
      `CASE WHEN ${isCivilDay(DIALECTS.postgres, x)} THEN CAST(CASE WHEN ${SUBSTR(x, 1, 4)} = '0000' THEN '0001-01-01' ELSE ${x} END AS DATE) END`,
    addDays: PLUS_DAYS,
    key: (x) => x,
    dayInZone: (day, s, z) =>
      `CAST(to_timestamp(CAST(${day} AS BIGINT) * 86400 + ${s}) AT TIME ZONE '${z}' AS DATE)`,
  },
  // ClickHouse (18.16 up to current): no `WITH name AS (subquery)` before 20.x (18.16 reads WITH as scalar
  // aliases only), so nested subqueries; a Date converted to Int64 is its day number since 1970-01-01;
  // toStartOfMonth/Quarter/Year; argMin; `modulo` (no MOD in 18.16); Decimal(38, 10) is Decimal128.
  // Parameters are typed names, bound with the HTTP interface's `param_p1` (19.x on; the runner
  // substitutes checked ISO dates on older servers).
  clickhouse: {
    name: 'clickhouse',
    placeholder: (i) => `{p${i}:String}`,
    dayNumber: (d) => `toInt64(${d})`,
    trunc: (u, d) => `toStartOf${u === 'month' ? 'Month' : u === 'quarter' ? 'Quarter' : 'Year'}(${d})`,
    firstBy: (v, k) => `argMin(${v}, ${k})`,
    mod: (a, b) => `modulo(${a}, ${b})`,
    double: 'Float64',
    exact: 'Decimal(38, 10)',
    ctes: false,
    // ClickHouse evaluates every branch of a CASE on every row: every function here gives NULL, never an error.
    number: (v, t) =>
      t === 'Float64'
        ? `toFloat64OrNull(${v})`
        : `if(match(${v}, '${PLAIN_DECIMAL}'), CAST(if(match(${v}, '${PLAIN_DECIMAL}'), ${v}, '0') AS Nullable(${t})), NULL)`,
    text: 'Nullable(String)',
    today: 'today()',
    trim: (x) => `replaceRegexpAll(${x}, '^${WHITESPACE_CLASS}+|${WHITESPACE_CLASS}+$', '')`,
    matches: (x, p) => `match(${x}, '${p}')`,
    group: (x, p, k) => `nullIf(extract(${x}, '${onlyGroup(p, k)}'), '')`,
    int: (x) => `toInt64OrNull(${x})`,
    substr: (x, from, length) => `substring(${x}, ${from}${length === undefined ? '' : `, ${length}`})`,
    length: (x) => `length(${x})`,
    concat: (...parts) => `concat(${parts.join(', ')})`,
    // A Date holds 1970-01-01 … 2105-12-31 (18.16 reads any other year as day 0): other years are no date here
    // (a visible 'date' rejection, where the in-process reader says 'implausible date'), never a wrong day.
    isoDate: (x) =>
      `if(${isCivilDay(DIALECTS.clickhouse, x)} AND toInt64OrNull(substring(${x}, 1, 4)) BETWEEN 1970 AND 2105, toDateOrNull(${x}), NULL)`,
    addDays: (date, days) => `(${date} + ${days})`,
    key: (x) => `assumeNotNull(${x})`,
    dayInZone: (day, s, z) => `toDate(toDateTime(toInt64(${day}) * 86400 + ${s}), '${z}')`,
  },
  // BigQuery (GoogleSQL): UNIX_DATE gives days since the epoch; DATE_TRUNC(date, MONTH) keeps a DATE;
  // MIN_BY (a synonym of ANY_VALUE(v HAVING MIN k)) as arg-min.
  bigquery: {
    name: 'bigquery',
    placeholder: () => '?',
    dayNumber: (d) => `UNIX_DATE(${d})`,
    trunc: (u, d) => `DATE_TRUNC(${d}, ${u.toUpperCase()})`,
    firstBy: (v, k) => `MIN_BY(${v}, ${k})`,
    double: 'FLOAT64',
    exact: 'NUMERIC',
    mod: MOD,
    ctes: true,
    number: (v, t) => `SAFE_CAST(${v} AS ${t})`,
    text: 'STRING',
    today: 'CURRENT_DATE()',
    trim: (x) => `TRIM(${x}, ${WHITESPACE_ESCAPED})`,
    matches: (x, p) => `REGEXP_CONTAINS(${x}, r'${p}')`,
    group: (x, p, k) => `REGEXP_EXTRACT(${x}, r'${onlyGroup(p, k)}')`,
    int: (x) => `SAFE_CAST(${x} AS INT64)`,
    substr: SUBSTR,
    length: LENGTH,
    concat: PIPES,
    isoDate: (x) => `SAFE_CAST(${x} AS DATE)`,
    addDays: (date, days) => `DATE_ADD(${date}, INTERVAL ${days} DAY)`,
    key: (x) => x,
    dayInZone: (day, s, z) => `DATE(TIMESTAMP_SECONDS(${day} * 86400 + ${s}), '${z}')`,
  },
  // Snowflake: DATEDIFF(day, a, b) counts day boundaries; DATE_TRUNC of a DATE is a DATE; MIN_BY.
  snowflake: {
    name: 'snowflake',
    placeholder: () => '?',
    dayNumber: (d) => `DATEDIFF(day, ${EPOCH}, ${d})`,
    trunc: (u, d) => `DATE_TRUNC('${u.toUpperCase()}', ${d})`,
    firstBy: (v, k) => `MIN_BY(${v}, ${k})`,
    double: 'DOUBLE',
    exact: 'NUMBER(38, 10)',
    mod: MOD,
    ctes: true,
    number: (v, t) => `TRY_CAST(${v} AS ${t})`,
    text: 'VARCHAR',
    today: 'CURRENT_DATE',
    trim: (x) => `TRIM(${x}, ${WHITESPACE_LITERAL})`,
    matches: (x, p) => `REGEXP_INSTR(${x}, '${p}') > 0`,
    group: (x, p, k) => `REGEXP_SUBSTR(${x}, '${p}', 1, 1, 'e', ${k})`,
    int: (x) => `TRY_CAST(${x} AS INTEGER)`,
    substr: SUBSTR,
    length: LENGTH,
    concat: PIPES,
    isoDate: (x) => `CASE WHEN ${isCivilDay(DIALECTS.snowflake, x)} THEN TRY_CAST(${x} AS DATE) END`,
    addDays: (date, days) => `DATEADD(day, ${days}, ${date})`,
    key: (x) => x,
    dayInZone: (day, s, z) =>
      `CAST(CONVERT_TIMEZONE('UTC', '${z}', TO_TIMESTAMP_NTZ(${day} * 86400 + ${s})) AS DATE)`,
  },
  // Spark SQL: DATEDIFF(end, start) in days; TRUNC(date, fmt) keeps a DATE; min_by (Spark ≥ 3.0).
  spark: {
    name: 'spark',
    placeholder: () => '?',
    dayNumber: (d) => `DATEDIFF(${d}, ${EPOCH})`,
    trunc: (u, d) => `TRUNC(${d}, '${u.toUpperCase()}')`,
    firstBy: (v, k) => `min_by(${v}, ${k})`,
    double: 'DOUBLE',
    exact: 'DECIMAL(38, 10)',
    mod: MOD,
    ctes: true,
    number: CAST,
    text: 'STRING',
    today: 'current_date()',
    trim: (x) => `trim(BOTH ${WHITESPACE_LITERAL} FROM ${x})`,
    matches: (x, p) => `(${x} RLIKE '${p}')`,
    group: (x, p, k) => `NULLIF(regexp_extract(${x}, '${onlyGroup(p, k)}', 1), '')`,
    int: (x) => `CAST(${x} AS INT)`,
    substr: SUBSTR,
    length: LENGTH,
    concat: PIPES,
    isoDate: (x) => `CASE WHEN ${isCivilDay(DIALECTS.spark, x)} THEN CAST(${x} AS DATE) END`,
    addDays: (date, days) => `date_add(${date}, ${days})`,
    key: (x) => x,
    dayInZone: (day, s, z) =>
      `to_date(from_utc_timestamp(timestamp_seconds(CAST(${day} AS BIGINT) * 86400 + ${s}), '${z}'))`,
  },
};
