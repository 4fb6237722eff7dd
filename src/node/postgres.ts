import { summarySql } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import { accountWith, type EngineRejectsOption, type EngineRun, rejectedRowsWith } from './engineAccount.js';
import { type EngineOutlierOption, withKeptDays } from './engineOutliers.js';
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

/** Where PostgreSQL reads the log: a table, through a connection string (`postgres://…`). */
export type PostgresSummaryOptions = Omit<SummarySqlOptions, 'dialect' | 'grouped' | 'file' | 'keptDays'> & {
  readonly connectionString: string;
} & EngineRejectsOption &
  EngineOutlierOption;

type PgModule = typeof import('pg');
const DATE_OID = 1082;

/** Runs `work` with a query runner on one client, ended afterwards. */
async function withPostgres<T>(connectionString: string, work: (run: EngineRun) => Promise<T>): Promise<T> {
  const imported = await loadOptional<PgModule & { default?: PgModule }>('pg', 'The PostgreSQL engine');
  const pg = imported.default ?? imported;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await work(async (query) => {
      const result = await client.query<EngineValue[]>({
        text: query.sql,
        values: query.params,
        rowMode: 'array',
        // DATE as its text ('1997-01-01'), not a local-midnight Date; bigint and numeric stay text (exact).
        types: {
          getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
            oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format)) as never,
        },
      });
      const columns: EngineValue[][] = query.columns.map(() => new Array(result.rows.length));
      result.rows.forEach((row, i) => {
        for (let c = 0; c < columns.length; c++) (columns[c] as EngineValue[])[i] = row[c];
      });
      return columns;
    });
  } finally {
    await client.end();
  }
}

/**
 * Summarizes an order table inside PostgreSQL (`summarySql` with the 'postgres' dialect) and returns the
 * same rows and columns as `summarizeTransactions`. Needs the optional package `pg`, imported on first use.
 *
 * @example
 * const s = await summarizeWithPostgres({ connectionString: 'postgres://localhost/shop', table: 'orders', timeUnit: 'week' });
 */
export async function summarizeWithPostgres(options: PostgresSummaryOptions): Promise<EngineSummaryResult> {
  const { connectionString, rejectedRows, outlierDates, ...rest } = options;
  return withPostgres(connectionString, async (run) => {
    const typed = await withCustomerIdType(run, { ...rest, dialect: 'postgres' });
    const sql = await withKeptDays(run, typed, outlierDates, 'summarizeWithPostgres');
    const query = summarySql(sql);
    const data = await run(query);
    const account = await accountWith(run, sql);
    if (rejectedRows && account.rowsRejected > 0) await rejectedRowsWith(run, sql, rejectedRows);
    return engineSummary(query, data, calibrationEndOf(options), account);
  });
}

/**
 * The grouped summary inside PostgreSQL: distinct (frequency, recency, T) with their counts as `weights`.
 *
 * @example fitBetaGeo(await groupedSummaryWithPostgres({ connectionString, table: 'orders', timeUnit: 'week' }))
 */
export async function groupedSummaryWithPostgres(
  options: PostgresSummaryOptions,
): Promise<EngineGroupedResult> {
  const { connectionString, rejectedRows, outlierDates, ...rest } = options;
  return withPostgres(connectionString, async (run) => {
    const typed = await withCustomerIdType(run, { ...rest, dialect: 'postgres' });
    const sql = await withKeptDays(run, typed, outlierDates, 'groupedSummaryWithPostgres');
    const query = summarySql({ ...sql, grouped: true });
    const data = await run(query);
    const account = await accountWith(run, sql);
    if (rejectedRows && account.rowsRejected > 0) await rejectedRowsWith(run, sql, rejectedRows);
    return engineGrouped(query, data, account);
  });
}
