import { ClvValidationError, makeIssue } from '../errors.js';
import { parseInput } from '../schemas/parse.js';
import {
  DAYS_PER_UNIT,
  DEFAULT_TIME_UNIT,
  dayFromCivil,
  formatDay,
  type Granularity,
  type TimeUnit,
} from '../transactions/calendar.js';
import { dateOfText, ISO_DAY, timePartColumns } from './dateText.js';
import { DIALECTS, type DialectDescription } from './dialects.js';
import { quoteIdentifier, quoteQualified } from './identifiers.js';
import { type SummarySqlOptions, SummarySqlOptionsSchema } from './summarySqlOptions.js';

/** A query and its bound parameters (ISO date strings and file paths, in placeholder order). */
export interface SummaryQuery {
  readonly sql: string;
  readonly params: unknown[];
  /** The result's column names, in order. */
  readonly columns: readonly string[];
  /** The unit of recency and T the query computes in (summaries read from it carry it). */
  readonly timeUnit: TimeUnit;
}

/** Output columns of the per-customer query (named as `CustomerSummary`'s fields). */
export const SUMMARY_SQL_COLUMNS = [
  'customerId',
  'frequency',
  'recency',
  'T',
  'monetaryValue',
  'firstPurchase',
  'lastPurchase',
  'daysSinceLastPurchase',
  'orderCount',
  'totalSpend',
  'averageOrderValue',
] as const;
/** Extra output columns with calibrationEnd. */
export const SUMMARY_SQL_HOLDOUT_COLUMNS = [
  'frequencyHoldout',
  'monetaryValueHoldout',
  'durationHoldout',
] as const;
/** Output columns of the grouped query. */
export const GROUPED_SQL_COLUMNS = ['frequency', 'recency', 'T', 'count'] as const;

/** The day number of the start of the grain holding day number `day` (`date` is the same day as a DATE). */
function grainDay(d: DialectDescription, granularity: Granularity, day: string, date: string): string {
  switch (granularity) {
    case 'day':
      return day;
    case 'week': // ISO weeks start on Monday; 1970-01-01 was a Thursday. The double MOD is a floor modulo.
      return `${day} - ${d.mod(`${d.mod(`${day} + 3`, '7')} + 7`, '7')}`;
    default:
      return d.dayNumber(d.trunc(granularity, date));
  }
}

/** Day number of 1900-01-01: earlier order dates are implausible (a typo, a 0001-01-01 placeholder), as in-process. */
const FIRST_PLAUSIBLE_DAY = dayFromCivil(1900, 1, 1);

/**
 * Why a row of the log is rejected, in the order the in-process reader checks (its account's kinds in brackets):
 * no date or one that does not read as a DATE ('date'), before 1900-01-01 or after the observation end (without
 * one, after tomorrow) ('implausible date'), no amount ('amount'), no customer id — NULL or blank ('customer id'),
 * an amount that is negative, not a number or not below 1e15 ('amount'); on engines whose exact type keeps
 * 10 decimals (DuckDB, ClickHouse, Snowflake, Spark), an amount written with more ('amount': it would be rounded;
 * a DuckDB DOUBLE column read as its value, `typedAmount`, is judged by its text the same way: `typedDecimals`);
 * last, with the options' `keptDays`, a date outside the days the isolated-outlier rule kept ('outlier date', as
 * the in-process reader judges it after reading every row: `plausibleDaysOfHistogram`).
 */
export const REJECT_REASONS = [
  'date',
  'early date',
  'late date',
  'blank amount',
  'customer id',
  'amount',
  'decimals',
  'outlier date',
] as const;
/** One of `REJECT_REASONS`. */
export type RejectReason = (typeof REJECT_REASONS)[number];

/**
 * With `keptDays`: the condition that day number `day` is outside the days the isolated-outlier rule kept (the
 * bounds are validated integers, written into the query as literals); else undefined.
 */
function outsideKeptDays(o: ParsedOptions, day: string): string | undefined {
  const k = o.keptDays;
  return k === undefined ? undefined : `(${day} < ${k.from} OR ${day} > ${k.to})`;
}

/**
 * Whether the DuckDB DOUBLE `x` (a finite amount, 0 or more, below 1e15) is written with more than 10 decimals —
 * its text (`CAST(x AS VARCHAR)`, the shortest decimal that reads back as `x`) matches `%.___________%`, the text
 * rule — without writing most amounts as text. With k = round(x · 10¹⁰) (a whole number), k / 10¹⁰ = x (IEEE
 * division, correctly rounded) says the decimal k / 10¹⁰, of at most 10 decimals, reads back as `x`. Then the
 * shortest such decimal S has at most as many significant digits; had it 11 decimals or more, its leading digit
 * would sit below k / 10¹⁰'s, so a power of ten would lie between the two, inside the interval of decimals that
 * read back as `x`, and S, the shortest, would be that one-digit power of ten, not 11 decimals long: so S has at
 * most 10, and DuckDB writes it plainly from 1e-4 up to 1e16. Below 1e-4 it writes `1.2345e-05`: k < 10⁶ there,
 * so S has at most 6 significant digits, and at most 5 digits and an exponent of 4 or 5 characters follow the
 * point, never 11. So the shortcut never says no where the text says yes; the text is written and matched only
 * where the shortcut does not hold (amounts with more decimals than that, or 0.1 + 0.2), by the text rule itself.
 *
 * @example typedDecimals('r.amount_value', DIALECTS.duckdb) // "CASE WHEN round(r.amount_value * …) / … = r.amount_value THEN false ELSE … LIKE '%.___________%' END"
 */
function typedDecimals(x: string, d: DialectDescription): string {
  const scale = `CAST(1e10 AS ${d.double})`;
  return `CASE WHEN round(${x} * ${scale}) / ${scale} = ${x} THEN false ELSE CAST(${x} AS ${d.text}) LIKE '%.___________%' END`;
}

/**
 * DuckDB: the exact amount (DECIMAL(38, 10)) of the DOUBLE `x` — the value of its text, `CAST(x AS VARCHAR)`, the
 * shortest decimal that reads back as `x` — without writing most amounts as text. Below 65,536 a double's spacing
 * is under 2⁻³⁶ (1.5e-11), so at most one decimal of 10 places reads back as `x`: where the 64-bit decimal cast
 * D of `x` reads back as `x` (`CAST(D AS DOUBLE) = x`, a correctly rounded division of an integer below 2⁵³), D is
 * that decimal, and the text — of at most 10 decimals on every row the summary sums (`REJECT_REASONS`' 'decimals')
 * — is it too. Other amounts (larger, negative, NaN, or with more decimals) read their text, as before. The cast
 * is written as TRY_CAST twice (hoisted and computed once: every row needs it), the text once.
 *
 * @example exactOfDouble('t.amount_value', DIALECTS.duckdb) // "CASE WHEN abs(t.amount_value) < 65536 AND … END"
 */
function exactOfDouble(x: string, d: DialectDescription): string {
  const narrow = `TRY_CAST(${x} AS DECIMAL(18, 10))`;
  return `CASE WHEN abs(${x}) < 65536 AND CAST(${narrow} AS ${d.double}) = ${x} THEN ${narrow} ELSE TRY_CAST(CAST(${x} AS ${d.text}) AS ${d.exact}) END`;
}

/**
 * The stage every summary and account query starts from: each row of the source with its typed figures, its
 * fields as text and `reject_reason` (one of `REJECT_REASONS`, NULL for a row that is used). Without `exact`, no
 * exact `amount` (its cast is the costly one; the grouped and scoring forms and the account need none).
 */
function checkedRows(
  o: ParsedOptions,
  d: DialectDescription,
  source: string,
  param: (value: unknown) => string,
  numbered: boolean,
  exact = true,
): string {
  const q = (name: string, field: string) => quoteIdentifier(name, o.dialect, field);
  const customer = `src.${q(o.columns?.customerId ?? 'customer_id', 'columns.customerId')}`;
  const dateColumn = `src.${q(o.columns?.date ?? 'date', 'columns.date')}`;
  const amountName = o.columns?.amount === undefined ? 'amount' : o.columns.amount;
  const amount = amountName === null ? undefined : `src.${q(amountName, 'columns.amount')}`;
  const asText = (x: string) => `CAST(${x} AS ${d.text})`;
  const typedId = o.trimCustomerId === false;
  // A DATE column is read as it is (its day), not through its text (the engines' DATE cast to text and parsed back).
  const typedDate = o.typedDate === true;
  // A DuckDB DOUBLE amount likewise: its text (cast only where a rejection needs it) reads back as the same value.
  const typedAmount = o.typedAmount === true && amount !== undefined;
  // DuckDB computes an expression written twice in one SELECT once (its common-subexpression step), hoisted below
  // it for every row — even out of a COALESCE argument that most rows never reach (a CASE's THEN and ELSE it
  // leaves in place): what only some rows need is written once per SELECT, or in a CASE branch (see `cleanStage`,
  // `exactOfDouble`).
  const duck = d.name === 'duckdb';
  // A typed amount's text is written in the last stage only (dropped by the engine when no one reads it), not for
  // every row in the first: the exact amount reads most DOUBLEs without it (`exactOfDouble`).
  const amountTextInStages = !(duck && typedAmount);
  // DuckDB reads a text amount's spend and exact amount from the text as it is where a number reads from it
  // (`amount_number`), else from it trimmed (`amount_clean`, a stage of its own: the trim written once, in a CASE
  // branch, and paid only by such rows) — the rows the summary uses get the same figures as COALESCE(number of the
  // text, number of the text trimmed), whose trim DuckDB computed for every row.
  const cleanStage = duck && amount !== undefined && !typedAmount;
  // The date as text: a plain `yyyy-MM-dd` has nothing to trim (a cheap LIKE spares it the trim; on DuckDB the GLOB
  // that also dates it, see `plainDate`, and the other texts are trimmed, to no other day); the amount's text
  // is kept as written and trimmed only where a number does not read from it as it is (numbers ignore ASCII
  // blanks, not the rest of the set), so most rows pay no trim; messages and rejects files trim it in Node by the
  // same set.
  const dateText = (x: string) =>
    duck
      ? `CASE WHEN ${d.matches(x, ISO_DAY)} THEN ${x} ELSE ${d.trim(x)} END`
      : `CASE WHEN ${x} LIKE '____-__-__' THEN ${x} ELSE ${d.trim(x)} END`;
  // DuckDB tests a date written plain (`yyyy-MM-dd`) once, as it reads it (the test written twice in that SELECT is
  // computed once), and dates it from that (`date_plain`, `dateOfText`'s `plain`): no second pattern test.
  const plainDate = duck && !typedDate;
  const number = (type: string) =>
    `COALESCE(${d.number('t.amount_text', type)}, ${d.number(d.trim('t.amount_text'), type)})`;
  // Every field as text, trimmed by the in-process reader's rule (FIELD_WHITESPACE); then the date's time part;
  // then the typed figures, each read from the trimmed text, NULL where it does not read (never an error).
  const typed = `${typedId ? `${customer} AS id_value, ` : ''}${typedDate ? `${dateColumn} AS date_value, ` : ''}${typedAmount ? `${amount} AS amount_value, ` : ''}`;
  const trimmed = `      SELECT ${typed}${d.trim(asText(customer))} AS id_text,
        ${typedDate ? asText(dateColumn) : dateText(asText(dateColumn))} AS date_text${
          plainDate ? `, ${d.matches(asText(dateColumn), ISO_DAY)} AS date_plain` : ''
        }${
          amountTextInStages
            ? `,
        ${amount === undefined ? `CAST(NULL AS ${d.text})` : asText(amount)} AS amount_text`
            : ''
        }${numbered ? ', row_number() OVER () AS row_index' : ''}
      FROM ${source} AS src`;
  const carriedColumns = (names: readonly string[]) => names.map((n) => `t.${n}`).join(', ');
  const base = [
    ...(typedId ? ['id_value'] : []),
    ...(typedDate ? ['date_value'] : []),
    ...(typedAmount ? ['amount_value'] : []),
    'id_text',
    'date_text',
    ...(plainDate ? ['date_plain'] : []),
    ...(amountTextInStages ? ['amount_text'] : []),
    ...(numbered ? ['row_index'] : []),
  ];
  const carried = carriedColumns(base);
  const timeParts = typedDate ? [] : timePartColumns(d, 't.date_text');
  const numberColumn = cleanStage ? [`${d.number('t.amount_text', d.double)} AS amount_number`] : [];
  const withTime = `    SELECT ${[carried, ...timeParts, ...numberColumn].join(',\n      ')}
    FROM (
${trimmed}
    ) AS t`;
  // The amount's text once trimmed where it does not read as a number as it is (its own stage: see `cleanStage`).
  const cleaned = cleanStage
    ? `    SELECT t.*, CASE WHEN t.amount_number IS NOT NULL THEN t.amount_text ELSE ${d.trim('t.amount_text')} END AS amount_clean
    FROM (
${withTime}
    ) AS t`
    : withTime;
  const spend =
    amount === undefined
      ? `CAST(0 AS ${d.double})`
      : typedAmount
        ? `CAST(t.amount_value AS ${d.double})`
        : cleanStage
          ? `CASE WHEN t.amount_number IS NOT NULL THEN t.amount_number ELSE ${d.number('t.amount_clean', d.double)} END`
          : number(d.double);
  const exactAmount =
    amount === undefined
      ? `CAST(0 AS ${d.exact})`
      : cleanStage
        ? d.number('t.amount_clean', d.exact)
        : duck && typedAmount
          ? exactOfDouble('t.amount_value', d)
          : number(d.exact);
  const inner = `    SELECT ${typedId ? 't.id_value' : d.key('t.id_text')} AS customer_id, ${typedDate ? 'CAST(t.date_value AS DATE)' : dateOfText(d, 't.date_text', o.timeZone, plainDate ? 't.date_plain' : undefined)} AS order_date,
      ${spend} AS spend${exact ? `,\n      ${exactAmount} AS amount` : ''},
      ${typedAmount ? 't.amount_value, ' : ''}t.id_text, t.date_text${amountTextInStages ? ', t.amount_text' : ''}${numbered ? ', t.row_index' : ''}
    FROM (
${cleaned}
    ) AS t`;
  const day = d.dayNumber('r.order_date');
  // DuckDB compares the DATE itself with the bounds (half the time of its day number): the same days.
  const late = duck
    ? o.observationEnd !== undefined
      ? `r.order_date > CAST(${param(formatDay(o.observationEnd))} AS DATE)`
      : `r.order_date > ${d.addDays(d.today, '1')}`
    : o.observationEnd !== undefined
      ? `${day} > ${d.dayNumber(`CAST(${param(formatDay(o.observationEnd))} AS DATE)`)}`
      : `${day} > ${d.dayNumber(d.today)} + 1`;
  const early = duck
    ? `r.order_date < DATE '${formatDay(FIRST_PLAUSIBLE_DAY)}'`
    : `${day} < ${FIRST_PLAUSIBLE_DAY}`;
  const reasons = [
    `WHEN r.order_date IS NULL THEN 'date'`,
    `WHEN ${early} THEN 'early date'`,
    `WHEN ${late} THEN 'late date'`,
    ...(amount === undefined
      ? [`WHEN r.id_text IS NULL OR r.id_text = '' THEN 'customer id'`]
      : [
          typedAmount
            ? `WHEN r.spend IS NULL THEN 'blank amount'`
            : `WHEN r.spend IS NULL AND (r.amount_text IS NULL OR ${d.trim('r.amount_text')} = '') THEN 'blank amount'`,
          `WHEN r.id_text IS NULL OR r.id_text = '' THEN 'customer id'`,
          // NaN compares above every number in DuckDB and PostgreSQL: it fails `< 1e15` as ±Infinity do.
          // Checked on the float only: DuckDB's text-to-DECIMAL cast costs ~30× a scan, so the exact amount is
          // cast only where a total is summed (the per-customer form), never for the account or grouped form.
          `WHEN r.spend IS NULL OR NOT (r.spend >= 0 AND r.spend < 1e15) THEN 'amount'`,
          ...(d.exact.endsWith(', 10)')
            ? [
                typedAmount
                  ? `WHEN ${typedDecimals('r.amount_value', d)} THEN 'decimals'`
                  : // A text of 11 characters or fewer cannot hold a point and 11 more: most skip the LIKE.
                    `WHEN ${d.length('r.amount_text')} > 11 AND r.amount_text LIKE '%.___________%' AND ${d.trim('r.amount_text')} LIKE '%.___________%' THEN 'decimals'`,
              ]
            : []),
        ]),
    ...(o.keptDays === undefined ? [] : [`WHEN ${outsideKeptDays(o, day)} THEN 'outlier date'`]),
  ];
  return `  SELECT r.customer_id, r.order_date, r.spend${exact ? ', r.amount' : ''}, r.id_text, r.date_text, ${
    amountTextInStages ? 'r.amount_text' : `${asText('r.amount_value')} AS amount_text`
  }${numbered ? ', r.row_index' : ''},
    CASE ${reasons.join('\n      ')} END AS reject_reason
  FROM (
${inner}
  ) AS r`;
}

/**
 * The order-log summary as one SQL query for an analytical engine, with the definitions of
 * `summarizeTransactions` (see `CustomerSummary`): per customer, purchase occasions are the distinct grains
 * (day, ISO week, month, quarter, year) with an order, dated by the grain's first day;
 * frequency = occasions in the calibration window − 1, recency = last − first occasion, T = window end −
 * first occasion (in timeUnit: days / 1, 7, 365.25/12, 365.25/4, 365.25), monetaryValue = mean spend of
 * the repeat occasions; RFM figures first/last purchase, daysSinceLastPurchase, orderCount, totalSpend
 * (summed exactly as a decimal) and averageOrderValue; with calibrationEnd the holdout columns, and
 * customers first seen after it left out. observationEnd defaults to the latest date. Only the rows the
 * account of `summaryAccountSql` counts as used are summarized: a row with no or a bad date, a date before 1900
 * or after observationEnd (without one, after tomorrow), no amount, no customer id, a negative or non-finite
 * amount is rejected (see `REJECT_REASONS`), as the in-process reader rejects it.
 *
 * The query is pure text: names are validated and quoted per dialect (`quoteIdentifier`); dates (and a
 * DuckDB file path) are bound parameters, each used once, in `params`. With `grouped: true` it returns
 * the distinct (frequency, recency, T) with a `count` column — the weighted input of the fitters. Rows come in
 * a fixed order: a DuckDB file's customers as they first appear in the file (the in-process reader's order,
 * from `row_number() OVER ()` over the scan), a table's by customer id. Engines without `WITH name AS (subquery)`
 * (ClickHouse 18.16) get the same stages as nested subqueries. DuckDB's runners read the summary and its account
 * in one query (`summaryWithDaysSql`).
 *
 * @example
 * const q = summarySql({ dialect: 'postgres', table: 'orders', timeUnit: 'week', calibrationEnd: '1997-09-30' });
 * // q.sql: 'WITH clvkit_base AS (SELECT … FROM "orders" AS src …'; q.params: ['1997-09-30']
 */
export function summarySql(options: SummarySqlOptions): SummaryQuery {
  const o = parseSummaryOptions(options, 'summarySql');
  return summaryQuery(o, o.grouped === true ? 'grouped' : 'full');
}

/**
 * DuckDB only: the summary of `summarySql` and the account by day of `summaryAccountSql(…).days` in one query, so
 * that the log is read and checked once for both (its checked rows stored once, MATERIALIZED, then counted and
 * summarized). Rows (reason, day, rowCount) come first — a rejected reason with a NULL day and its count, or NULL
 * (used) with a day number and its count — then the summary's rows in `summarySql`'s order; the columns are the
 * histogram's three, then the summary's (NULL in the other part's rows; a file's per-customer form carries its
 * order last, `clvkit_first_row`). The runner judges the isolated-outlier rule (`plausibleDaysOfHistogram`) on the
 * histogram and runs `summarySql` again, with `keptDays`, only when the rule cut days.
 *
 * @example summaryWithDaysSql({ dialect: 'duckdb', file: { path: 'o.parquet', format: 'parquet' }, grouped: true }).columns
 * // ['reason', 'day', 'rowCount', 'frequency', 'recency', 'T', 'count']
 */
export function summaryWithDaysSql(options: SummarySqlOptions): SummaryQuery {
  const o = parseSummaryOptions(options, 'summaryWithDaysSql');
  if (o.dialect !== 'duckdb')
    throw new ClvValidationError('summaryWithDaysSql', [makeIssue('dialect', "'duckdb'", o.dialect)]);
  return summaryQuery(o, o.grouped === true ? 'grouped' : 'full', true);
}

/** The columns of the scoring shape: what a prediction needs of each customer. */
export const SCORING_SQL_COLUMNS = ['customerId', 'frequency', 'recency', 'T', 'monetaryValue'] as const;

/**
 * The per-customer summary cut to what a prediction needs — id, frequency, recency, T and monetaryValue, the same
 * figures as `summarySql` — without the RFM dates, order counts and exact totals, for `scoreSql` to join with
 * the scored groups inside the engine (internal to the SQL builders).
 *
 * @example scoringSummarySql({ dialect: 'duckdb', table: 'orders', timeUnit: 'week' }, 'scoreSql').columns // SCORING_SQL_COLUMNS
 */
export function scoringSummarySql(options: SummarySqlOptions, where: string): SummaryQuery {
  return summaryQuery(parseSummaryOptions(options, where), 'scoring');
}

/** Which columns a summary query carries: every one, the fitters' grouped form, or the scoring figures. */
type SummaryShape = 'full' | 'grouped' | 'scoring';

type ParsedOptions = ReturnType<typeof parseSummaryOptions>;

/** The FROM source: a DuckDB file (its path a bound parameter) or the quoted table. */
function sourceOf(o: ParsedOptions, param: (value: unknown) => string): string {
  if (o.file === undefined)
    return quoteQualified(typeof o.table === 'string' ? [o.table] : (o.table ?? []), o.dialect, 'table');
  // A CSV is read as text, as the in-process reader does: ids keep their leading zeros ('007' stays '007',
  // not 7); dates and amounts are cast in `checkedRows` as they are for a table.
  return o.file.format === 'csv'
    ? `read_csv(${param(o.file.path)}, all_varchar = true)`
    : `read_parquet(${param(o.file.path)})`;
}

function summaryQuery(o: ParsedOptions, shape: SummaryShape, withDays = false): SummaryQuery {
  const d = DIALECTS[o.dialect];
  const q = (name: string, field: string) => quoteIdentifier(name, o.dialect, field);
  const timeUnit = o.timeUnit ?? DEFAULT_TIME_UNIT;
  const granularity = o.granularity ?? 'day';
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return d.placeholder(params.length);
  };
  const unit = DAYS_PER_UNIT[timeUnit];
  const perUnit = (x: string) => `CAST(${x} AS ${d.double}) / CAST(${unit} AS ${d.double})`;
  const dateParam = (day: number) => d.dayNumber(`CAST(${param(formatDay(day))} AS DATE)`);
  const split = o.calibrationEnd !== undefined;
  const dn = d.dayNumber('order_date');

  // The grouped form needs only frequency, recency and T: no amounts or RFM figures are carried; the scoring
  // form carries spend (for monetaryValue) but no exact amounts, dates or counts.
  const lean = shape === 'grouped';
  const scoring = shape === 'scoring';
  // Row order of the per-customer form: a file's customers in the order they first appear in it (as the
  // in-process reader lists them; DuckDB numbers the rows of its scan in file order with row_number() OVER ()),
  // a table's by customer id.
  const fileOrder = shape === 'full' && o.file !== undefined;
  const rowIndex = fileOrder ? ', row_index' : '';
  const checked = checkedRows(o, d, sourceOf(o, param), param, fileOrder, shape === 'full');
  const spendColumns = lean ? '' : scoring ? ', spend' : ', spend, amount';
  // The stages as named subqueries: `WITH name AS (…)` where the engine has CTEs, else nested in place.
  const bodies = new Map<string, string>();
  const stage = (name: string, body: string, materialized = '') => {
    bodies.set(name, body);
    return `${name} AS ${materialized}(\n${body}\n)`;
  };
  const from = (name: string, alias?: string) =>
    d.ctes
      ? `${name}${alias === undefined ? '' : ` AS ${alias}`}`
      : `(\n${bodies.get(name)}\n) AS ${alias ?? name}`;
  // With the day histogram, the checked rows are read once (MATERIALIZED) for both: only the columns they use.
  const rowsStage = withDays
    ? `clvkit_checked AS MATERIALIZED (
  SELECT customer_id, order_date${spendColumns}${rowIndex}, reject_reason
  FROM (
${checked}
  ) AS clvkit_rows
)`
    : stage('clvkit_checked', checked);
  // Only the rows the account counts as used: the rejected ones (REJECT_REASONS) are counted by accountSql.
  // DuckDB, reading a text date's rows as they are checked (not stored, as with the day histogram), is not given
  // a filter on the reason: it would move the filter into the checks' stage and compute the order date there for
  // every row, then again for the rows kept (the date's cast and time part twice: 12 % of the grouped query's
  // time on the 10 M-row CSV). A rejected row's date is NULL instead, and `clvkit_orders`' `day <= observation_end`
  // drops it (NULL compares as unknown); MAX of the days, the observation end, skips NULLs. (A DATE column costs
  // nothing to read twice: there the filter, which drops the rows earlier, is 5 % faster on the Parquet file.)
  const dropRejected = d.name === 'duckdb' && !withDays && o.typedDate !== true;
  const base = stage(
    'clvkit_base',
    `  SELECT customer_id, ${dropRejected ? 'CASE WHEN reject_reason IS NULL THEN order_date END AS order_date' : 'order_date'}${spendColumns}${fileOrder ? ', row_index' : ''}
  FROM ${from('clvkit_checked')}${dropRejected ? '' : '\n  WHERE reject_reason IS NULL'}`,
    // Read twice (the observation end, the orders), it stays a filter on the stored rows, not a second copy.
    withDays ? 'NOT MATERIALIZED ' : '',
  );
  const observationEnd =
    o.observationEnd !== undefined
      ? dateParam(o.observationEnd)
      : `(SELECT MAX(${dn}) FROM ${from('clvkit_base')})`;
  // Placeholders in text order = params order (positional `?`): observationEnd, then calibrationEnd.
  const ends = stage(
    'clvkit_ends',
    split
      ? `  SELECT ${observationEnd} AS observation_end, ${dateParam(o.calibrationEnd as number)} AS window_end`
      : `  SELECT e.observation_end, e.observation_end AS window_end
  FROM (SELECT ${observationEnd} AS observation_end) AS e`,
  );
  // Its WHERE also drops the rows `clvkit_base` passes with a NULL date (`dropRejected`): it stays, even where every
  // used row is on or before the observation end.
  const orders = stage(
    'clvkit_orders',
    `  SELECT b.customer_id, b.order_date, b.day, b.grain_day${lean ? '' : scoring ? ', b.spend' : ', b.spend, b.amount'}${fileOrder ? ', b.row_index' : ''}, e.window_end
  FROM (
    SELECT customer_id, order_date, ${dn} AS day, ${grainDay(d, granularity, dn, 'order_date')} AS grain_day${spendColumns}${rowIndex}
    FROM ${from('clvkit_base')}
  ) AS b CROSS JOIN ${from('clvkit_ends', 'e')}
  WHERE b.day <= e.observation_end`,
  );
  const inWindow = 'day <= window_end';
  const occasionFigures = lean
    ? ''
    : scoring
      ? ' SUM(spend) AS spend,'
      : ` SUM(spend) AS spend,
    MIN(day) AS first_day, MIN(order_date) AS first_date,
    MAX(CASE WHEN ${inWindow} THEN day END) AS last_day,
    MAX(CASE WHEN ${inWindow} THEN order_date END) AS last_date,
    SUM(CASE WHEN ${inWindow} THEN 1 ELSE 0 END) AS order_count,
    SUM(CASE WHEN ${inWindow} THEN amount END) AS total_spend${fileOrder ? ', MIN(row_index) AS first_row' : ''}`;
  const occasions = stage(
    'clvkit_occasions',
    `  SELECT customer_id, grain_day, MIN(window_end) AS occasion_window_end,${
      shape === 'full' ? occasionFigures : `${occasionFigures} MIN(day) AS first_day`
    }
  FROM ${from('clvkit_orders')}
  GROUP BY customer_id, grain_day`,
  );
  const cal = 'grain_day <= occasion_window_end';
  const customers = stage(
    'clvkit_customers',
    `  SELECT customer_id, MIN(occasion_window_end) AS window_end, MIN(grain_day) AS first_grain,
    SUM(CASE WHEN ${cal} THEN 1 ELSE 0 END) AS occasions,
    MAX(CASE WHEN ${cal} THEN grain_day END) AS last_grain,${
      lean
        ? ''
        : scoring
          ? `
    SUM(CASE WHEN ${cal} THEN spend ELSE 0 END) AS window_spend,
    ${d.firstBy('spend', 'grain_day')} AS first_spend,`
          : `
    SUM(CASE WHEN ${cal} THEN spend ELSE 0 END) AS window_spend,
    ${d.firstBy('spend', 'grain_day')} AS first_spend,
    SUM(CASE WHEN ${cal} THEN 0 ELSE 1 END) AS holdout_occasions,
    SUM(CASE WHEN ${cal} THEN 0 ELSE spend END) AS holdout_spend,
    MIN(first_date) AS first_purchase,
    MAX(last_day) AS last_day, MAX(last_date) AS last_purchase,
    SUM(order_count) AS order_count, COALESCE(SUM(total_spend), CAST(0 AS ${d.exact})) AS total_spend,`
    }
    MIN(first_day) AS first_day${fileOrder ? ', MIN(first_row) AS first_row' : ''}
  FROM ${from('clvkit_occasions')}
  GROUP BY customer_id`,
  );
  const a = (name: string) => q(name, 'column');
  const figures = [
    `c.customer_id AS ${a('customerId')}`,
    `c.occasions - 1 AS ${a('frequency')}`,
    `${perUnit('c.last_grain - c.first_grain')} AS ${a('recency')}`,
    `${perUnit('c.window_end - c.first_grain')} AS ${a('T')}`,
    `CASE WHEN c.occasions > 1 THEN (c.window_spend - c.first_spend) / (c.occasions - 1) ELSE CAST(0 AS ${d.double}) END AS ${a('monetaryValue')}`,
    `c.first_purchase AS ${a('firstPurchase')}`,
    `c.last_purchase AS ${a('lastPurchase')}`,
    `c.window_end - c.last_day AS ${a('daysSinceLastPurchase')}`,
    `c.order_count AS ${a('orderCount')}`,
    `c.total_spend AS ${a('totalSpend')}`,
    `c.total_spend / c.order_count AS ${a('averageOrderValue')}`,
  ];
  if (lean) figures.splice(4);
  else if (scoring) figures.splice(5);
  else if (split) {
    figures.push(
      `c.holdout_occasions AS ${a('frequencyHoldout')}`,
      `CASE WHEN c.holdout_occasions > 0 THEN c.holdout_spend / c.holdout_occasions ELSE CAST(0 AS ${d.double}) END AS ${a('monetaryValueHoldout')}`,
      `${perUnit('e.observation_end - e.window_end')} AS ${a('durationHoldout')}`,
    );
  }
  // With the day histogram, a file's summary is ordered outside its SELECT: the first row is carried, last.
  if (withDays && fileOrder) figures.push('c.first_row AS clvkit_first_row');
  const summary = `SELECT ${figures.join(',\n  ')}
FROM ${from('clvkit_customers', 'c')} CROSS JOIN ${from('clvkit_ends', 'e')}
WHERE c.first_day <= c.window_end`;
  const ctes = d.ctes ? `WITH ${[rowsStage, base, ends, orders, occasions, customers].join(',\n')}\n` : '';
  if (scoring) return { sql: `${ctes}${summary}`, params, columns: SCORING_SQL_COLUMNS, timeUnit };
  const g = GROUPED_SQL_COLUMNS.map(a);
  const body = lean
    ? `SELECT s.${g[0]}, s.${g[1]}, s.${g[2]}, COUNT(*) AS ${g[3]}
FROM (${summary}) AS s
GROUP BY s.${g[0]}, s.${g[1]}, s.${g[2]}`
    : summary;
  const columns = lean
    ? GROUPED_SQL_COLUMNS
    : split
      ? [...SUMMARY_SQL_COLUMNS, ...SUMMARY_SQL_HOLDOUT_COLUMNS]
      : SUMMARY_SQL_COLUMNS;
  if (!withDays) {
    const order = lean ? `s.${g[0]}, s.${g[1]}, s.${g[2]}` : fileOrder ? 'c.first_row' : 'c.customer_id';
    return { sql: `${ctes}${body}\nORDER BY ${order}`, params, columns, timeUnit };
  }
  // The day histogram's rows first (their rowCount is never NULL), then the summary's in its order.
  const h = DAY_HISTOGRAM_SQL_COLUMNS.map(a);
  const order = lean ? g.slice(0, 3).join(', ') : fileOrder ? 'clvkit_first_row' : a('customerId');
  return {
    sql: `${ctes}SELECT * FROM (
SELECT reject_reason AS ${h[0]}, CASE WHEN reject_reason IS NULL THEN ${dn} END AS ${h[1]}, COUNT(*) AS ${h[2]}
FROM clvkit_checked
GROUP BY reject_reason, ${h[1]}
UNION ALL BY NAME
${body}
) AS clvkit_both
ORDER BY ${h[2]} IS NULL, ${order}`,
    params,
    columns: [...DAY_HISTOGRAM_SQL_COLUMNS, ...columns],
    timeUnit,
  };
}

/** The validated options (the output of `SummarySqlOptionsSchema`). */
function parseSummaryOptions(options: SummarySqlOptions, where: string) {
  return parseInput(SummarySqlOptionsSchema, options, where);
}

/** Output columns of the account query: one row per reason (NULL: the rows used). */
export const ACCOUNT_SQL_COLUMNS = ['reason', 'rowCount'] as const;
/** Output columns of the first-rejection query. */
export const FIRST_REJECTION_SQL_COLUMNS = ['reason', 'customerId', 'date', 'amount', 'row'] as const;

/** Output columns of the rejected-rows query (`AccountQueries.rejectedRows`). */
export const REJECTED_ROWS_SQL_COLUMNS = FIRST_REJECTION_SQL_COLUMNS;

/** Output columns of the account-by-day query (`AccountQueries.days`): reason (NULL: used), day (used rows only). */
export const DAY_HISTOGRAM_SQL_COLUMNS = ['reason', 'day', 'rowCount'] as const;

/** The account and first-rejection queries of `summaryAccountSql`. */
export interface AccountQueries {
  /**
   * The account with the used rows' day histogram, in one scan: rows (reason, day, rowCount) — a rejected reason
   * with a NULL day and its count, or NULL (used) with each day number that has used rows and their count (in no
   * order). Its used rows are the isolated-outlier rule's input (`plausibleDaysOfHistogram`), whose range the
   * runners pass back as `keptDays`; summed by reason it is `account`'s result, so a runner reads both at once.
   */
  readonly days: Omit<SummaryQuery, 'timeUnit'>;
  /** Rows by `reason` (NULL for the rows used; else one of `REJECT_REASONS`) with their `rowCount`. */
  readonly account: Omit<SummaryQuery, 'timeUnit'>;
  /** The first rejected row (a file's first in file order): reason, its fields as text and row number. */
  readonly firstRejection: Omit<SummaryQuery, 'timeUnit'>;
  /**
   * One page of the rejected rows (for `--rejects`): `limit` rows from the `offset`-th, in a total order that is
   * the same on every run — a file's in file order (with its row number), a table's by customer id, date and
   * amount text (the row number 0: a table's rows have no order), so that paging never skips or repeats a row.
   */
  rejectedRows(offset: number, limit: number): Omit<SummaryQuery, 'timeUnit'>;
}

/**
 * The account of the rows `summarySql` reads, with the same options: every physical row of the log is used or
 * rejected for one of `REJECT_REASONS` (the in-process reader's rules, in its order), so read = used + rejected.
 * `account` gives one row per reason with its count; `firstRejection` the first rejected row's fields as text
 * and, for a file, its row number (1-based, in file order, numbered only in this query; 0 for a table), to name
 * it as the in-process reader does. Both read the source once. (DuckDB's runners read `days` with the summary,
 * in one query: `summaryWithDaysSql`.) `days` is the same account with the used rows split by day, the isolated-outlier rule's input: the runners read
 * it instead of `account`, give the range the rule keeps back as `keptDays`, and rows outside it are rejected as
 * 'outlier date', listed after the other rejections (the in-process reader judges them after reading every row).
 *
 * @example
 * const { account } = summaryAccountSql({ dialect: 'postgres', table: 'orders' });
 * // account.sql: 'WITH clvkit_checked AS (…) SELECT reject_reason AS "reason", COUNT(*) AS "rowCount", …'
 */
export function summaryAccountSql(options: SummarySqlOptions): AccountQueries {
  const o = parseSummaryOptions(options, 'summaryAccountSql');
  const d = DIALECTS[o.dialect];
  const a = (name: string) => quoteIdentifier(name, o.dialect, 'column');
  const build = (select: (rows: string) => string, numbered: boolean, exact = true) => {
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return d.placeholder(params.length);
    };
    const checked = checkedRows(o, d, sourceOf(o, param), param, numbered, exact);
    const sql = d.ctes
      ? `WITH clvkit_checked AS (\n${checked}\n)\n${select('clvkit_checked')}`
      : select(`(\n${checked}\n) AS clvkit_checked`);
    return { sql, params };
  };
  const file = o.file !== undefined;
  // The in-process reader judges outlier dates once every row is read: they come after the other rejections.
  const outliersLast =
    o.keptDays === undefined ? '' : `CASE WHEN reject_reason = 'outlier date' THEN 1 ELSE 0 END, `;
  const days = build(
    (
      rows,
    ) => `SELECT u.clvkit_reason AS ${a('reason')}, u.clvkit_day AS ${a('day')}, COUNT(*) AS ${a('rowCount')}
FROM (
  SELECT reject_reason AS clvkit_reason,
    CASE WHEN reject_reason IS NULL THEN ${d.dayNumber('order_date')} END AS clvkit_day
  FROM ${rows}
) AS u
GROUP BY u.clvkit_reason, u.clvkit_day`,
    false,
    false,
  );
  const account = build(
    (rows) => `SELECT reject_reason AS ${a('reason')}, COUNT(*) AS ${a('rowCount')}
FROM ${rows}
GROUP BY reject_reason`,
    false,
    false,
  );
  const firstRejection = build(
    (
      rows,
    ) => `SELECT reject_reason AS ${a('reason')}, id_text AS ${a('customerId')}, date_text AS ${a('date')},
  amount_text AS ${a('amount')}, ${file ? 'row_index' : '0'} AS ${a('row')}
FROM ${rows}
WHERE reject_reason IS NOT NULL${file ? `\nORDER BY ${outliersLast}row_index` : outliersLast === '' ? '' : `\nORDER BY ${outliersLast.slice(0, -2)}`}
LIMIT 1`,
    file,
  );
  const rejectedRows = (offset: number, limit: number) => {
    for (const [name, n] of [
      ['offset', offset],
      ['limit', limit],
    ] as const)
      if (!Number.isSafeInteger(n) || n < 0)
        throw new ClvValidationError('summaryAccountSql', [
          makeIssue(`rejectedRows.${name}`, 'a whole number of rows, 0 or more', n),
        ]);
    const page = build(
      (
        rows,
      ) => `SELECT reject_reason AS ${a('reason')}, id_text AS ${a('customerId')}, date_text AS ${a('date')},
  amount_text AS ${a('amount')}, ${file ? 'row_index' : '0'} AS ${a('row')}
FROM ${rows}
WHERE reject_reason IS NOT NULL
ORDER BY ${outliersLast}${file ? 'row_index' : 'id_text, date_text, amount_text, reject_reason'}
${o.dialect === 'clickhouse' ? `LIMIT ${offset}, ${limit}` : `LIMIT ${limit} OFFSET ${offset}`}`,
      file,
    );
    return { ...page, columns: REJECTED_ROWS_SQL_COLUMNS };
  };
  return {
    rejectedRows,
    account: { ...account, columns: ACCOUNT_SQL_COLUMNS },
    days: { ...days, columns: DAY_HISTOGRAM_SQL_COLUMNS },
    firstRejection: { ...firstRejection, columns: FIRST_REJECTION_SQL_COLUMNS },
  };
}

/**
 * The query naming the types of the log's customer id and date columns (one row, or none for an empty log), for
 * the runners to decide `trimCustomerId` — a text id is trimmed by the in-process reader's rule, any other keeps
 * its type (see `isTextType`) — and `typedDate` (a DATE column is read as its day, see `isDateType`); for DuckDB
 * also the amount column's (`typedAmount` for a DOUBLE). Undefined for a DuckDB CSV file, read as text.
 *
 * @example customerIdTypeSql({ dialect: 'postgres', table: 'orders' })?.sql // 'SELECT pg_typeof(src."customer_id")::text, pg_typeof(src."date")::text FROM "orders" AS src LIMIT 1'
 */
export function customerIdTypeSql(options: SummarySqlOptions): Omit<SummaryQuery, 'timeUnit'> | undefined {
  const o = parseSummaryOptions(options, 'customerIdTypeSql');
  if (o.file?.format === 'csv') return undefined;
  const d = DIALECTS[o.dialect];
  const params: unknown[] = [];
  const source = sourceOf(o, (value) => {
    params.push(value);
    return d.placeholder(params.length);
  });
  const id = `src.${quoteIdentifier(o.columns?.customerId ?? 'customer_id', o.dialect, 'columns.customerId')}`;
  const date = `src.${quoteIdentifier(o.columns?.date ?? 'date', o.dialect, 'columns.date')}`;
  const type = (x: string) =>
    o.dialect === 'postgres'
      ? `pg_typeof(${x})::text`
      : o.dialect === 'clickhouse'
        ? `toTypeName(${x})`
        : `typeof(${x})`;
  // DuckDB reads a DOUBLE amount column as its value (`typedAmount`): its type is asked for too.
  const amountName = o.columns?.amount === undefined ? 'amount' : o.columns.amount;
  const amount =
    o.dialect === 'duckdb' && amountName !== null
      ? `, ${type(`src.${quoteIdentifier(amountName, o.dialect, 'columns.amount')}`)}`
      : '';
  return {
    sql: `SELECT ${type(id)}, ${type(date)}${amount} FROM ${source} AS src LIMIT 1`,
    params,
    columns: amount === '' ? ['type', 'dateType'] : ['type', 'dateType', 'amountType'],
  };
}

/**
 * Whether an engine's type name is the plain calendar-date type (DATE, date, Date, Nullable(Date), Date32): such a
 * column is read as its day (`typedDate`), not parsed from its text.
 *
 * @example isDateType('DATE') === true; isDateType('TIMESTAMP WITH TIME ZONE') === false
 */
export function isDateType(name: string): boolean {
  if (typeof name !== 'string')
    throw new ClvValidationError('isDateType', [makeIssue('name', "an engine's type name (a string)", name)]);
  return /^(nullable\()?date(32)?\)?$/i.test(name.trim());
}

/**
 * Whether an engine's type name is a text type (VARCHAR, TEXT, character varying, String, Nullable(String),
 * LowCardinality(String), FixedString(n)).
 *
 * @example isTextType('character varying') === true; isTextType('bigint') === false
 */
export function isTextType(name: string): boolean {
  if (typeof name !== 'string')
    throw new ClvValidationError('isTextType', [makeIssue('name', "an engine's type name (a string)", name)]);
  return /char|text|string/i.test(name);
}
