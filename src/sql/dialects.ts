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
 * - `tryCast(x, type)`: `x` as `type`, NULL where it does not convert (DuckDB's TRY_CAST, so a CSV's bad date or
 *   amount is a counted rejection; the other engines read typed tables: a plain CAST);
 * - `text`: the (nullable) string type name; `blank(x)`: whether the text `x` is empty or only spaces; `today`: the
 *   current date.
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
  tryCast(value: string, type: string): string;
  readonly text: string;
  blank(value: string): string;
  readonly today: string;
}

const CAST = (v: string, t: string) => `CAST(${v} AS ${t})`;
const BLANK = (v: string) => `TRIM(${v}) = ''`;

const MOD = (a: string, b: string) => `MOD(${a}, ${b})`;

const EPOCH = "DATE '1970-01-01'";

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
    exact: 'DECIMAL(38, 10)',
    mod: MOD,
    ctes: true,
    tryCast: (v, t) => `TRY_CAST(${v} AS ${t})`,
    text: 'VARCHAR',
    blank: BLANK,
    today: 'CURRENT_DATE',
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
    tryCast: CAST,
    text: 'TEXT',
    blank: BLANK,
    today: 'CURRENT_DATE',
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
    tryCast: CAST,
    text: 'Nullable(String)',
    blank: (v) => `match(${v}, '^[[:space:]]*$')`,
    today: 'today()',
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
    tryCast: CAST,
    text: 'STRING',
    blank: BLANK,
    today: 'CURRENT_DATE()',
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
    tryCast: CAST,
    text: 'VARCHAR',
    blank: BLANK,
    today: 'CURRENT_DATE',
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
    tryCast: CAST,
    text: 'STRING',
    blank: BLANK,
    today: 'current_date()',
  },
};
