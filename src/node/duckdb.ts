import { type SummaryQuery, summarySql, summaryWithDaysSql } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import type { OutlierDatesMode } from '../transactions/outlierDays.js';
import {
  type EngineAccount,
  type EngineRejectsOption,
  type EngineRun,
  rejectedRowsWith,
} from './engineAccount.js';
import { accountOfDays, type EngineOutlierOption } from './engineOutliers.js';
import {
  calibrationEndOf,
  type EngineGroupedResult,
  type EngineSummaryResult,
  type EngineValue,
  engineGrouped,
  engineSummary,
} from './engineResult.js';
import { withCustomerIdType } from './idType.js';
import { loadOptional } from './loadOptional.js';
import { runnerOptions, withEngineErrors } from './runnerOptions.js';

/** The part of a `@duckdb/node-api` connection the runner uses (pass your own to query its tables). */
export interface DuckDBConnectionLike {
  /** Runs `sql` with positional `values` and reads every row. */
  runAndReadAll(
    sql: string,
    values?: never[],
  ): Promise<{
    /** The result by columns, in the query's column order. */
    getColumns(): readonly (readonly EngineValue[])[];
  }>;
}

/** Where DuckDB reads the log: a CSV/Parquet file (`file`), or a table of `database` or of your `connection`. */
export type DuckDBSummaryOptions = Omit<SummarySqlOptions, 'dialect' | 'grouped' | 'keptDays'> & {
  /** A DuckDB database file to open (default: an in-memory database). */
  readonly database?: string;
  /** An open connection to use instead (not closed afterwards). */
  readonly connection?: DuckDBConnectionLike;
} & EngineRejectsOption &
  EngineOutlierOption;

type DuckDBModule = typeof import('@duckdb/node-api');

/** Runs `work` with a query runner on the caller's connection, or on a fresh database closed afterwards. */
async function withDuckDB<T>(
  options: DuckDBSummaryOptions,
  work: (run: EngineRun) => Promise<T>,
): Promise<T> {
  const own = options.connection;
  if (own) return work(async (q) => (await own.runAndReadAll(q.sql, q.params as never[])).getColumns());
  const duck = await loadOptional<DuckDBModule>('@duckdb/node-api', 'The DuckDB engine');
  const instance = await duck.DuckDBInstance.create(options.database ?? ':memory:');
  const connection = await instance.connect();
  try {
    return await work(
      async (q) =>
        (await connection.runAndReadAll(q.sql, q.params as never[])).getColumns() as EngineValue[][],
    );
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function sqlOptions(options: DuckDBSummaryOptions, grouped: boolean): SummarySqlOptions {
  const {
    database: _database,
    connection: _connection,
    rejectedRows: _rejected,
    outlierDates: _outliers,
    ...rest
  } = options;
  return { ...rest, dialect: 'duckdb', grouped };
}

/** A DuckDB summary's options (with `keptDays` when the outlier rule cut days), query, columns and account. */
export interface SummaryAndAccount {
  readonly sql: SummarySqlOptions;
  /** The summary's query (`summarySql(sql)`): its columns are `data`'s. */
  readonly query: SummaryQuery;
  readonly data: readonly (readonly EngineValue[])[];
  readonly account: EngineAccount;
}

/**
 * Reads the log once for the summary and its account (`summaryWithDaysSql`: the checked rows stored once, then
 * counted by reason and day and summarized), judges the isolated-outlier rule on the account by day (`mode`, as
 * `accountWithKeptDays`), and reads the summary again (`summarySql` with `keptDays`) only when the rule cut days;
 * the first rejected row is read only when a row was rejected. `options`: the summary's DuckDB options, the
 * columns' types decided (`withCustomerIdType`).
 *
 * @example const { query, data, account } = await summaryAndAccount(run, { dialect: 'duckdb', table: 'orders', grouped: true }, undefined, 'score');
 */
export async function summaryAndAccount(
  run: EngineRun,
  options: SummarySqlOptions,
  mode: OutlierDatesMode | undefined,
  where: string,
): Promise<SummaryAndAccount> {
  const both = await run(summaryWithDaysSql(options));
  // The account's rows come first: their rowCount is never NULL.
  const counts = both[2] ?? [];
  const split = counts.findIndex((n) => n === null || n === undefined);
  const k = split === -1 ? counts.length : split;
  const days = both.slice(0, 3).map((column) => column.slice(0, k));
  const { sql, account } = await accountOfDays(run, options, mode, where, days);
  const query = summarySql(sql);
  const cut = sql.keptDays !== options.keptDays && account.rejectedBy['outlier date'] !== undefined;
  const data = cut
    ? await run(query)
    : both.slice(3, 3 + query.columns.length).map((column) => column.slice(k));
  return { sql, query, data, account };
}

/** The summary and its account from DuckDB, and the rejected rows when asked (see `summaryAndAccount`). */
async function duckdbSummary(
  run: EngineRun,
  options: DuckDBSummaryOptions,
  grouped: boolean,
  where: string,
): Promise<SummaryAndAccount> {
  const typed = await withCustomerIdType(run, sqlOptions(options, grouped));
  const result = await summaryAndAccount(run, typed, options.outlierDates, where);
  if (options.rejectedRows && result.account.rowsRejected > 0)
    await rejectedRowsWith(run, result.sql, options.rejectedRows);
  return result;
}

/**
 * Summarizes an order log inside embedded DuckDB (`summarySql` with the 'duckdb' dialect) — a CSV or
 * Parquet file, or a table — and returns the same rows and columns as `summarizeTransactions`.
 * Needs the optional package `@duckdb/node-api`, imported on first use.
 *
 * @example
 * const s = await summarizeWithDuckDB({ file: { path: 'orders.parquet', format: 'parquet' }, timeUnit: 'week' });
 * fitBetaGeo(s.columns);
 */
export async function summarizeWithDuckDB(options: DuckDBSummaryOptions): Promise<EngineSummaryResult> {
  const where = 'summarizeWithDuckDB';
  const o = runnerOptions(where, options, 'duckdb', false);
  return withEngineErrors(where, 'duckdb', () =>
    withDuckDB(o, async (run) => {
      const { query, data, account } = await duckdbSummary(run, o, false, where);
      return engineSummary(query, data, calibrationEndOf(o), account);
    }),
  );
}

/**
 * The grouped summary inside DuckDB: distinct (frequency, recency, T) with their counts as `weights`.
 *
 * @example fitBetaGeo(await groupedSummaryWithDuckDB({ file: { path: 'orders.csv', format: 'csv' }, timeUnit: 'week' }))
 */
export async function groupedSummaryWithDuckDB(options: DuckDBSummaryOptions): Promise<EngineGroupedResult> {
  const where = 'groupedSummaryWithDuckDB';
  const o = runnerOptions(where, options, 'duckdb', true);
  return withEngineErrors(where, 'duckdb', () =>
    withDuckDB(o, async (run) => {
      const { query, data, account } = await duckdbSummary(run, o, true, where);
      return engineGrouped(query, data, account);
    }),
  );
}
