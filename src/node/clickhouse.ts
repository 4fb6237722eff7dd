import { ClvError } from '../errors.js';
import type { SummaryQuery } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import type { EngineRejectsOption } from './engineAccount.js';
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

/** How to reach a ClickHouse server over HTTP (the official `@clickhouse/client`). */
export interface ClickHouseConnection {
  /** The server's HTTP interface, e.g. `http://localhost:8123`. */
  readonly url: string;
  /** The ClickHouse user (default: `default`). */
  readonly username?: string;
  /** That user's password (default: none). */
  readonly password?: string;
  /** The database unqualified table names are looked up in (default: the user's default database). */
  readonly database?: string;
  /** How long one statement may run, in ms (default 600,000: a scoring query over billions of rows is long). */
  readonly requestTimeout?: number;
}

/** Where ClickHouse reads the log: a table (a `Distributed` table spreads the work over the cluster's shards). */
export type ClickHouseSummaryOptions = Omit<SummarySqlOptions, 'dialect' | 'grouped' | 'file' | 'keptDays'> &
  ClickHouseConnection &
  EngineRejectsOption &
  EngineOutlierOption;

type ClickHouseModule = typeof import('@clickhouse/client');
type ClickHouseClient = ReturnType<ClickHouseModule['createClient']>;

/**
 * Opens a client for `connection` (the optional peer dependency `@clickhouse/client`, imported on first use).
 *
 * @example const client = await openClickHouse({ url: 'http://localhost:8123' }); await client.close();
 */
export async function openClickHouse(connection: ClickHouseConnection): Promise<ClickHouseClient> {
  const mod = await loadOptional<ClickHouseModule>('@clickhouse/client', 'The ClickHouse engine');
  return mod.createClient({
    url: connection.url,
    request_timeout: connection.requestTimeout ?? 600_000,
    // Failures are thrown to the caller; the client's own error log would print them a second time.
    log: { level: mod.ClickHouseLogLevel.OFF },
    ...(connection.username === undefined ? {} : { username: connection.username }),
    ...(connection.password === undefined ? {} : { password: connection.password }),
    ...(connection.database === undefined ? {} : { database: connection.database }),
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The statement as the server takes it, with its `{pN:String}` parameters. ClickHouse binds them itself from
 * 19.11 on (the HTTP interface's `param_pN`); 18.x has no parameters, so there each one — always an ISO date
 * that `summarySql` formatted from a validated day — is checked against YYYY-MM-DD and written as a string
 * literal. Anything else is refused.
 *
 * @example boundClickHouse('SELECT {p1:String}', ['1997-09-30'], false).query === "SELECT '1997-09-30'"
 */
export function boundClickHouse(
  sql: string,
  params: readonly unknown[],
  serverBinds: boolean,
): { query: string; query_params?: Record<string, unknown> } {
  if (serverBinds)
    return { query: sql, query_params: Object.fromEntries(params.map((p, i) => [`p${i + 1}`, p])) };
  let query = sql;
  params.forEach((p, i) => {
    if (typeof p !== 'string' || !ISO_DATE.test(p))
      throw new ClvError(
        `ClickHouse before 19.11 binds no parameters; parameter ${i + 1} is not an ISO date`,
      );
    query = query.replaceAll(`{p${i + 1}:String}`, `'${p}'`);
  });
  return { query };
}

/** Whether the server binds `{name:Type}` parameters itself (19.11 and later). */
export async function clickHouseBindsParameters(client: ClickHouseClient): Promise<boolean> {
  const text = await (await client.query({ query: 'SELECT version()', format: 'TabSeparated' })).text();
  const [major = 0, minor = 0] = text.trim().split('.').map(Number);
  return major > 19 || (major === 19 && minor >= 11);
}

/** One TabSeparated field as text: `\N` is NULL; backslash escapes undone. */
function tsvField(field: string): EngineValue {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't'
      ? '\t'
      : c === 'n'
        ? '\n'
        : c === 'r'
          ? '\r'
          : c === '0'
            ? '\0'
            : c === 'b'
              ? '\b'
              : c === 'f'
                ? '\f'
                : c,
  );
}

/**
 * Runs a query and reads its rows as text columns (TabSeparated: Decimals, 64-bit integers and floats exactly
 * as the server prints them — shortest round-trip for Float64), streamed row by row; `sessionId` keeps the
 * temporary tables of a session in reach.
 *
 * @example const [ids] = await readClickHouse(client, 'SELECT customer_id FROM orders', [], true);
 */
export async function readClickHouse(
  client: ClickHouseClient,
  sql: string,
  params: readonly unknown[],
  serverBinds: boolean,
  sessionId?: string,
): Promise<EngineValue[][]> {
  const columns: EngineValue[][] = [];
  const result = await client.query({
    ...boundClickHouse(sql, params, serverBinds),
    format: 'TabSeparated',
    ...(sessionId === undefined ? {} : { session_id: sessionId }),
  });
  for await (const rows of result.stream()) {
    for (const row of rows as { text: string }[]) {
      const fields = row.text.split('\t');
      while (columns.length < fields.length) columns.push([]);
      for (let c = 0; c < fields.length; c++)
        (columns[c] as EngineValue[]).push(tsvField(fields[c] as string));
    }
  }
  return columns;
}

async function runClickHouse(
  query: Pick<SummaryQuery, 'sql' | 'params'>,
  connection: ClickHouseConnection,
): Promise<EngineValue[][]> {
  const client = await openClickHouse(connection);
  try {
    const binds = await clickHouseBindsParameters(client);
    return await readClickHouse(client, query.sql, query.params, binds);
  } finally {
    await client.close();
  }
}

/**
 * The connection fields of options that also carry a source (url, username, password, database, requestTimeout),
 * and the rest.
 *
 * @example splitClickHouse({ url: 'http://localhost:8123', table: 'orders' }) // [{ url }, { table: 'orders' }]
 */
export function splitClickHouse<T extends ClickHouseConnection>(
  options: T,
): [ClickHouseConnection, Omit<T, keyof ClickHouseConnection>] {
  const { url, username, password, database, requestTimeout, ...rest } = options;
  const connection = {
    url,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(database === undefined ? {} : { database }),
    ...(requestTimeout === undefined ? {} : { requestTimeout }),
  };
  return [connection, rest];
}

/**
 * Summarizes an order table inside ClickHouse (`summarySql` with the 'clickhouse' dialect: nested subqueries, so
 * 18.16 runs it as well as current releases) and returns the same rows and columns as `summarizeTransactions`.
 * Over a `Distributed` table each shard reads and groups its own rows and the initiator merges the groups.
 * Needs the optional package `@clickhouse/client`, imported on first use.
 *
 * @example
 * const s = await summarizeWithClickHouse({ url: 'http://localhost:8123', table: 'orders', timeUnit: 'week' });
 */
export async function summarizeWithClickHouse(
  options: ClickHouseSummaryOptions,
): Promise<EngineSummaryResult> {
  const where = 'summarizeWithClickHouse';
  const o = runnerOptions(where, options, 'clickhouse', false);
  const [connection, { rejectedRows, outlierDates, ...rest }] = splitClickHouse(o);
  const run = (q: Pick<SummaryQuery, 'sql' | 'params'>) => runClickHouse(q, connection);
  return withEngineErrors(where, 'clickhouse', async () => {
    const { query, data, account } = await serverSummary(
      run,
      { ...rest, dialect: 'clickhouse' },
      { where, grouped: false, outlierDates, rejectedRows },
    );
    return engineSummary(query, data, calibrationEndOf(o), account);
  });
}

/**
 * The grouped summary inside ClickHouse: distinct (frequency, recency, T) with their counts as `weights`.
 *
 * @example fitBetaGeo(await groupedSummaryWithClickHouse({ url: 'http://localhost:8123', table: 'orders', timeUnit: 'week' }))
 */
export async function groupedSummaryWithClickHouse(
  options: ClickHouseSummaryOptions,
): Promise<EngineGroupedResult> {
  const where = 'groupedSummaryWithClickHouse';
  const [connection, { rejectedRows, outlierDates, ...rest }] = splitClickHouse(
    runnerOptions(where, options, 'clickhouse', true),
  );
  const run = (q: Pick<SummaryQuery, 'sql' | 'params'>) => runClickHouse(q, connection);
  return withEngineErrors(where, 'clickhouse', async () => {
    const { query, data, account } = await serverSummary(
      run,
      { ...rest, dialect: 'clickhouse' },
      { where, grouped: true, outlierDates, rejectedRows },
    );
    return engineGrouped(query, data, account);
  });
}
