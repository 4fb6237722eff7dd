import { type SummaryQuery, summarySql } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import {
  type EngineAccount,
  type EngineRejectsOption,
  type EngineRun,
  rejectedRowsWith,
} from './engineAccount.js';
import { accountWithKeptDays, type EngineOutlierOption } from './engineOutliers.js';
import type { EngineValue } from './engineResult.js';
import { withCustomerIdType } from './idType.js';

/** What a server engine's summary read: the query, its columns of values and the account of the rows. */
export interface ServerSummary {
  readonly query: SummaryQuery;
  readonly data: readonly (readonly EngineValue[])[];
  readonly account: EngineAccount;
}

/**
 * The steps a server engine (PostgreSQL, ClickHouse) takes to summarize a table, in order, each one query
 * through `run`: the id and date columns' types (`withCustomerIdType`), the account of the rows with the
 * isolated-outlier rule (`accountWithKeptDays`), the summary (`summarySql`, grouped or per customer) and, when
 * a row was rejected and the caller asked for them, the rejected rows (`rejectedRowsWith`). DuckDB takes the
 * summary and the account in one query instead (src/node/duckdb.ts).
 *
 * @example const { query, data, account } = await serverSummary(run, { dialect: 'postgres', table: 'orders' }, { where: 'summarizeWithPostgres', grouped: false });
 */
export async function serverSummary(
  run: EngineRun,
  options: SummarySqlOptions,
  how: {
    readonly where: string;
    readonly grouped: boolean;
    readonly outlierDates?: EngineOutlierOption['outlierDates'];
    readonly rejectedRows?: EngineRejectsOption['rejectedRows'];
  },
): Promise<ServerSummary> {
  const typed = await withCustomerIdType(run, options);
  const { sql, account } = await accountWithKeptDays(run, typed, how.outlierDates, how.where);
  const query = summarySql(how.grouped ? { ...sql, grouped: true } : sql);
  const data = await run(query);
  if (how.rejectedRows && account.rowsRejected > 0) await rejectedRowsWith(run, sql, how.rejectedRows);
  return { query, data, account };
}
