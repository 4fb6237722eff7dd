import { ClvError } from '../errors.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import type { EngineRejectsOption, EngineRun } from './engineAccount.js';
import type { EngineOutlierOption } from './engineOutliers.js';
import {
  calibrationEndOf,
  type EngineGroupedResult,
  type EngineSummaryResult,
  type EngineValue,
  engineGrouped,
  engineSummary,
} from './engineResult.js';
import { loadOptional } from './loadOptional.js';
import { runnerOptions, withEngineErrors } from './runnerOptions.js';
import { serverSummary } from './serverSummary.js';

/** Where PostgreSQL reads the log: a table, through a connection string (`postgres://…`). */
export type PostgresSummaryOptions = Omit<SummarySqlOptions, 'dialect' | 'grouped' | 'file' | 'keptDays'> & {
  readonly connectionString: string;
} & EngineRejectsOption &
  EngineOutlierOption;

type PgModule = typeof import('pg');
const DATE_OID = 1082;

/** The oldest PostgreSQL the reading rules run on: `pg_input_is_valid` (amounts and dates that do not read are
 * counted rejections, never a failed query) came in PostgreSQL 16. */
export const MIN_POSTGRES_VERSION_NUM = 160000;

/**
 * Refuses a PostgreSQL server older than 16 before any query, naming its version, instead of failing midway
 * with `function pg_input_is_valid(text, unknown) does not exist`. `versionNum` is `server_version_num`
 * (160002 for 16.2).
 *
 * @example checkPostgresVersion(150004, '15.4') // throws ClvError: PostgreSQL 15.4 is older than 16 …
 */
export function checkPostgresVersion(versionNum: number, version: string): void {
  if (!(versionNum >= MIN_POSTGRES_VERSION_NUM))
    throw new ClvError(
      `PostgreSQL ${version} is older than 16: clvkit reads amounts and dates in PostgreSQL with pg_input_is_valid (PostgreSQL 16 on), so that a value that does not read is a counted rejection as in-process; use PostgreSQL 16 or later, or read the data in-process or with --engine duckdb`,
    );
}

/**
 * Loads the optional package `pg`, connects one client and checks the server's version
 * (`checkPostgresVersion`); the client is ended again when the check fails. Every PostgreSQL path connects here.
 *
 * @example const { client } = await connectPostgres('postgres://localhost/shop'); await client.end();
 */
export async function connectPostgres(
  connectionString: string,
): Promise<{ readonly pg: PgModule; readonly client: InstanceType<PgModule['Client']> }> {
  const imported = await loadOptional<PgModule & { default?: PgModule }>('pg', 'The PostgreSQL engine');
  const pg = imported.default ?? imported;
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const version = await client.query<{ server_version_num: string; server_version: string }>(
      "SELECT current_setting('server_version_num') AS server_version_num, current_setting('server_version') AS server_version",
    );
    const row = version.rows[0];
    checkPostgresVersion(Number(row?.server_version_num), String(row?.server_version));
  } catch (error) {
    await client.end();
    throw error;
  }
  return { pg, client };
}

/** Runs `work` with a query runner on one client, ended afterwards. */
async function withPostgres<T>(connectionString: string, work: (run: EngineRun) => Promise<T>): Promise<T> {
  const { pg, client } = await connectPostgres(connectionString);
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
  const where = 'summarizeWithPostgres';
  const o = runnerOptions(where, options, 'postgres', false);
  const { connectionString, rejectedRows, outlierDates, ...rest } = o;
  return withEngineErrors(where, 'postgres', () =>
    withPostgres(connectionString, async (run) => {
      const { query, data, account } = await serverSummary(
        run,
        { ...rest, dialect: 'postgres' },
        { where, grouped: false, outlierDates, rejectedRows },
      );
      return engineSummary(query, data, calibrationEndOf(o), account);
    }),
  );
}

/**
 * The grouped summary inside PostgreSQL: distinct (frequency, recency, T) with their counts as `weights`.
 *
 * @example fitBetaGeo(await groupedSummaryWithPostgres({ connectionString, table: 'orders', timeUnit: 'week' }))
 */
export async function groupedSummaryWithPostgres(
  options: PostgresSummaryOptions,
): Promise<EngineGroupedResult> {
  const where = 'groupedSummaryWithPostgres';
  const { connectionString, rejectedRows, outlierDates, ...rest } = runnerOptions(
    where,
    options,
    'postgres',
    true,
  );
  return withEngineErrors(where, 'postgres', () =>
    withPostgres(connectionString, async (run) => {
      const { query, data, account } = await serverSummary(
        run,
        { ...rest, dialect: 'postgres' },
        { where, grouped: true, outlierDates, rejectedRows },
      );
      return engineGrouped(query, data, account);
    }),
  );
}
