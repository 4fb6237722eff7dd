import * as z from 'zod/mini';
import { enumRule, fieldSchema } from '../schemas/field.js';
import { withCrossCheck } from '../schemas/record.js';
import { calendarDateRule, formatDay, instantDayReader, TimeUnitField } from '../transactions/calendar.js';
import { SQL_DIALECTS, type SqlDialect } from './dialects.js';

const DayField = fieldSchema<number, string | Date>(calendarDateRule);
const UnitField = TimeUnitField;
const Name = z.string();
/** A day number (whole days since 1970-01-01) of the years 1900 … 9999. */
const DayNumberField = fieldSchema<number, number>({
  expected: 'a day number (whole days since 1970-01-01) of the years 1900 … 9999',
  convert: (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= -25_567 && v <= 2_932_896 ? v : undefined,
});
/** A gap in days, 0 or more. */
const GapField = fieldSchema<number, number>({
  expected: 'a whole number of days, 0 or more',
  convert: (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : undefined),
});

/**
 * Options of `summarySql`: where the order log is, which dialect to write, and the same summary options as
 * `summarizeTransactions` (timeUnit, granularity, observationEnd, calibrationEnd).
 */
export const SummarySqlOptionsSchema = withCrossCheck(
  z.strictObject({
    /** The engine: 'duckdb', 'postgres', 'clickhouse', 'bigquery', 'snowflake' or 'spark'. */
    dialect: fieldSchema<SqlDialect, SqlDialect>(enumRule(SQL_DIALECTS)),
    /** The order table: one name (never split on dots), or its parts (`['analytics', 'orders']`). */
    table: z.optional(z.union([Name, z.array(Name).check(z.minLength(1))])),
    /** DuckDB only, instead of `table`: a CSV or Parquet file read with read_csv / read_parquet (DuckDB expands a glob in the path; the CLI refuses one); the path is a bound parameter. */
    file: z.optional(
      z.strictObject({ path: z.string().check(z.minLength(1)), format: z.enum(['csv', 'parquet']) }),
    ),
    /** The log's column names (defaults customer_id, date, amount; amount null: no amounts, spend 0). */
    columns: z.optional(
      z.strictObject({
        customerId: z.optional(Name),
        date: z.optional(Name),
        amount: z.optional(z.nullable(Name)),
      }),
    ),
    timeUnit: z.optional(UnitField),
    granularity: z.optional(UnitField),
    observationEnd: z.optional(DayField),
    calibrationEnd: z.optional(DayField),
    /**
     * Read the customer id as text, trimmed by the in-process reader's rule (default true: ` 42` and `42` are one
     * customer); false keeps the column's own type (a numeric id column has nothing to trim; the runners pass
     * false for one, so its ids stay numbers, ordered as numbers).
     */
    trimCustomerId: z.optional(z.boolean()),
    /**
     * The date column is of the engine's DATE type: read as its day, not through its text (the runners set it
     * from the column's type, `isDateType`; default false: the date is read from text by the in-process rules).
     * The same day either way for a DATE value; it spares parsing every row.
     */
    typedDate: z.optional(z.boolean()),
    /**
     * DuckDB only: the amount column is of DuckDB's DOUBLE type (a Parquet file's or a table's float64), read as its
     * value, not through its text (the DuckDB runner sets it from the column's type; default false). The same
     * spend and the same rejections as through its text — a DOUBLE's text is its shortest round-trip decimal,
     * which reads back as the same value — without writing every amount as text: see `REJECT_REASONS`.
     */
    typedAmount: z.optional(z.boolean()),
    /**
     * IANA time zone in which instants — timestamps with a zone (`…Z`, `…-05:00`), a TIMESTAMPTZ column — are
     * dated (default 'UTC'); dates and timestamps without a zone are the day written (the in-process reader's
     * time-zone rule). Written into the query as a literal: letters, digits and `/ _ + -` only.
     */
    timeZone: z.optional(
      fieldSchema<string, string>({
        expected: "an IANA time zone such as 'Europe/London' or 'UTC'",
        convert: (v) =>
          typeof v === 'string' && /^[A-Za-z0-9/_+-]{1,64}$/.test(v) && instantDayReader(v) !== undefined
            ? v
            : undefined,
      }),
    ),
    /**
     * The days the isolated-outlier rule kept (`plausibleDaysOfHistogram` over `summaryAccountSql(…).days`), as
     * day numbers, inclusive, with the gap the rule used: a used row dated outside [from, to] is rejected with
     * reason 'outlier date' (after every other reason), so the summary, its account and its rejected rows all
     * leave it out and the default observation end is the last kept date. The runners set it; the gap only
     * words the rejections (`expected a date within {gap} days of the rest of the log …`).
     */
    keptDays: z.optional(z.strictObject({ from: DayNumberField, to: DayNumberField, gap: GapField })),
    /** true: distinct (frequency, recency, T) with a `count` column — the fitters' weighted input. */
    grouped: z.optional(z.boolean()),
  }),
  (o) => {
    const problems = [];
    if ((o.table === undefined) === (o.file === undefined))
      problems.push({ field: 'table', expected: 'either a table or a file (not both)', value: o.table });
    if (o.file !== undefined && o.dialect !== 'duckdb')
      problems.push({
        field: 'file',
        expected: "a table (files are read by the 'duckdb' dialect only)",
        value: o.file.path,
      });
    if (
      o.calibrationEnd !== undefined &&
      o.observationEnd !== undefined &&
      o.calibrationEnd >= o.observationEnd
    )
      problems.push({
        field: 'calibrationEnd',
        expected: `a date before observationEnd ${formatDay(o.observationEnd)}`,
        value: formatDay(o.calibrationEnd),
      });
    if (o.typedAmount === true && o.dialect !== 'duckdb')
      problems.push({
        field: 'typedAmount',
        expected: "left out (a typed amount column is read by the 'duckdb' dialect only)",
        value: o.typedAmount,
      });
    if (o.keptDays !== undefined && o.keptDays.from > o.keptDays.to)
      problems.push({
        field: 'keptDays.to',
        expected: `a day on or after keptDays.from ${o.keptDays.from}`,
        value: o.keptDays.to,
      });
    return problems;
  },
);
/**
 * Options of `summarySql`: where the order log is, which dialect to write, and the same summary options as
 * `summarizeTransactions` (timeUnit, granularity, observationEnd, calibrationEnd).
 *
 * @interface
 */
export type SummarySqlOptions = z.input<typeof SummarySqlOptionsSchema>;
