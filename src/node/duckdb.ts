import { randomUUID } from 'node:crypto';
import { summaryAccountSql, summarySql } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import { type EngineRejectsOption, type EngineRun, rejectedRowsWith } from './engineAccount.js';
import { accountWithKeptDays, type EngineOutlierOption } from './engineOutliers.js';
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

/**
 * Runs `work` with the name of a temporary table holding a CSV file's checked rows (`summaryAccountSql`'s `read`), read once for the
 * summary and its account and dropped afterwards, or with no name (a table or a Parquet file is read in place).
 */
async function readOnce<T>(
  run: EngineRun,
  options: SummarySqlOptions,
  work: (readInto: string | undefined) => Promise<T>,
): Promise<T> {
  // A fresh name: a caller's connection may already hold a table of any other name.
  const readInto = `clvkit_read_${randomUUID().replaceAll('-', '')}`;
  const { read } = summaryAccountSql(options, readInto);
  if (read === undefined) return work(undefined);
  await run(read);
  try {
    return await work(readInto);
  } finally {
    await run({ sql: `DROP TABLE IF EXISTS ${readInto}`, params: [], columns: [] });
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
  return withDuckDB(options, async (run) => {
    const typed = await withCustomerIdType(run, sqlOptions(options, false));
    return readOnce(run, typed, async (readInto) => {
      const where = 'summarizeWithDuckDB';
      const { sql, account } = await accountWithKeptDays(run, typed, options.outlierDates, where, readInto);
      const q = summarySql(sql, readInto);
      const data = await run(q);
      if (options.rejectedRows && account.rowsRejected > 0)
        await rejectedRowsWith(run, sql, options.rejectedRows);
      return engineSummary(q, data, calibrationEndOf(options), account);
    });
  });
}

/**
 * The grouped summary inside DuckDB: distinct (frequency, recency, T) with their counts as `weights`.
 *
 * @example fitBetaGeo(await groupedSummaryWithDuckDB({ file: { path: 'orders.csv', format: 'csv' }, timeUnit: 'week' }))
 */
export async function groupedSummaryWithDuckDB(options: DuckDBSummaryOptions): Promise<EngineGroupedResult> {
  return withDuckDB(options, async (run) => {
    const typed = await withCustomerIdType(run, sqlOptions(options, true));
    return readOnce(run, typed, async (readInto) => {
      const where = 'groupedSummaryWithDuckDB';
      const { sql, account } = await accountWithKeptDays(run, typed, options.outlierDates, where, readInto);
      const q = summarySql(sql, readInto);
      const data = await run(q);
      if (options.rejectedRows && account.rowsRejected > 0)
        await rejectedRowsWith(run, sql, options.rejectedRows);
      return engineGrouped(q, data, account);
    });
  });
}
