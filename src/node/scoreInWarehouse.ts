import { Readable } from 'node:stream';
import * as z from 'zod/mini';
import { ClvError } from '../errors.js';
import type { LifetimeValueInput } from '../models/lifetimeValue.js';
import type { FitLike } from '../models/predict.js';
import { type GroupScores, scoreGroups } from '../models/scoreGroups.js';
import { enumSchema } from '../schemas/field.js';
import { parseInput } from '../schemas/parse.js';
import { type ScoreQuery, scoreSql } from '../sql/scoreSql.js';
import { summarySql } from '../sql/summarySql.js';
import type { SummarySqlOptions } from '../sql/summarySqlOptions.js';
import {
  boundClickHouse,
  type ClickHouseConnection,
  clickHouseBindsParameters,
  openClickHouse,
  readClickHouse,
  splitClickHouse,
} from './clickhouse.js';
import { summaryAndAccount } from './duckdb.js';
import {
  accountWith,
  type EngineAccount,
  type EngineRejectsOption,
  rejectedRowsWith,
} from './engineAccount.js';
import { type EngineOutlierOption, withKeptDays } from './engineOutliers.js';
import { type EngineValue, engineGrouped } from './engineResult.js';
import { withCustomerIdType } from './idType.js';
import { loadOptional } from './loadOptional.js';
import { connectPostgres } from './postgres.js';
import { Callback, callerOptions, engineFields, RUNNER_ENGINES, withEngineErrors } from './runnerOptions.js';

/** Where the order log is (as `summarySql`, without a dialect) and how to reach the engine. */
export type WarehouseSource = Omit<SummarySqlOptions, 'dialect' | 'grouped' | 'calibrationEnd' | 'keptDays'> &
  EngineOutlierOption &
  (
    | {
        readonly engine: 'duckdb';
        /** A DuckDB database file (default in-memory: then only a `file` source makes sense). */
        readonly database?: string;
      }
    | { readonly engine: 'postgres'; readonly connectionString: string }
    | ({ readonly engine: 'clickhouse' } & ClickHouseConnection)
  );

/** Options of `scoreInWarehouse`: the source, the fits, the CLV settings and the table to create. */
export type WarehouseScoreOptions = WarehouseSource &
  EngineRejectsOption & {
    readonly fit: FitLike;
    readonly spendFit: FitLike;
    readonly horizon?: number;
    readonly discountRate?: number;
    readonly margin?: LifetimeValueInput['margin'];
    readonly step?: number;
    /** The per-customer table to create (`SCORE_SQL_COLUMNS`), one name or its parts. */
    readonly into: string | string[];
    /** Replace `into` when it exists (default false). */
    readonly replace?: boolean;
    /**
     * Called with the account of the rows read (`summaryAccountSql`) before anything is written; throw to stop
     * (the CLI stops at a rejected row, as the in-process reader does).
     */
    readonly checkAccount?: (account: EngineAccount) => void;
  };

/** What `scoreInWarehouse` did. */
export interface WarehouseScoreResult {
  /** The table created, as given. */
  readonly into: string | string[];
  /** Customers scored: rows of the new table (equal to the grouped summary's customers, checked). */
  readonly customers: number;
  /** Distinct (frequency, recency, T) computed in Node and uploaded. */
  readonly groups: number;
  readonly scores: GroupScores;
  readonly query: ScoreQuery;
  /** Every row read, used or rejected with its reason: rejected rows are not scored. */
  readonly account: EngineAccount;
}

/** One open engine session: run a statement, upload the groups, close. */
interface Session {
  run(sql: string, params: readonly unknown[]): Promise<readonly (readonly EngineValue[])[]>;
  upload(table: string, scores: GroupScores): Promise<void>;
  close(): Promise<void>;
}

const columnsOf = (s: GroupScores): readonly Float64Array[] => [
  s.frequency,
  s.recency,
  s.T,
  s.probabilityAlive,
  s.expectedPurchases,
  s.spendIntercept,
  s.spendSlope,
  s.clvPerSpend,
];

async function duckdbSession(database: string | undefined): Promise<Session> {
  const duck = await loadOptional<typeof import('@duckdb/node-api')>('@duckdb/node-api', 'The DuckDB engine');
  const instance = await duck.DuckDBInstance.create(database ?? ':memory:');
  const connection = await instance.connect();
  return {
    async run(sql, params) {
      return (await connection.runAndReadAll(sql, params as never[])).getColumns();
    },
    async upload(table, scores) {
      // The appender writes the doubles as they are (no text round trip).
      const appender = await connection.createAppender(table, 'main', 'temp');
      const columns = columnsOf(scores);
      for (let j = 0; j < scores.frequency.length; j++) {
        for (const column of columns) appender.appendDouble(column[j] as number);
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function postgresSession(connectionString: string): Promise<Session> {
  const { client } = await connectPostgres(connectionString);
  return {
    async run(sql, params) {
      const result = await client.query<EngineValue[]>({ text: sql, values: [...params], rowMode: 'array' });
      const width = result.fields.length;
      const columns: EngineValue[][] = Array.from({ length: width }, () => new Array(result.rows.length));
      result.rows.forEach((row, i) => {
        for (let c = 0; c < width; c++) (columns[c] as EngineValue[])[i] = row[c];
      });
      return columns;
    },
    async upload(table, scores) {
      // One statement per 100,000 groups: each column bound as a float8 array (shortest round-trip text).
      const columns = columnsOf(scores);
      const casts = columns.map((_, c) => `$${c + 1}::float8[]`).join(', ');
      for (let start = 0; start < scores.frequency.length; start += 100_000) {
        const end = Math.min(start + 100_000, scores.frequency.length);
        await client.query(`INSERT INTO ${table} SELECT * FROM unnest(${casts})`, [
          ...columns.map((c) => Array.from(c.subarray(start, end))),
        ]);
      }
    },
    async close() {
      await client.end();
    },
  };
}

/** A float64's bits as an unsigned decimal integer (little-endian order, as ClickHouse reinterprets them). */
function bitsOf(view: DataView, x: number): string {
  view.setFloat64(0, x, true);
  return view.getBigUint64(0, true).toString();
}

async function clickhouseSession(connection: ClickHouseConnection): Promise<Session> {
  const client = await openClickHouse(connection);
  // Temporary tables live in an HTTP session: every statement of the run carries its id.
  const session_id = `clvkit_${process.pid}_${Date.now().toString(36)}`;
  const binds = await clickHouseBindsParameters(client);
  const command = (sql: string, params: readonly unknown[] = []) =>
    client.command({ ...boundClickHouse(sql, params, binds), session_id });
  return {
    async run(sql, params) {
      if (/^\s*SELECT\b/i.test(sql)) return readClickHouse(client, sql, params, binds, session_id);
      await command(sql, params);
      return [];
    },
    async upload(table, scores) {
      // ClickHouse 18.16 parses float text to a double only approximately (1 ulp off for some values), and the
      // join keys must be bit-equal: the doubles go as their 64-bit patterns (integers parse exactly) and are
      // reinterpreted as Float64 on the server.
      const columns = columnsOf(scores);
      const bits = `${table}_bits`;
      const names = columns.map((_, c) => `b${c}`);
      await command(`CREATE TEMPORARY TABLE ${bits} (${names.map((n) => `${n} UInt64`).join(', ')})`);
      const view = new DataView(new ArrayBuffer(8));
      const lines = function* () {
        for (let start = 0; start < scores.frequency.length; start += 10_000) {
          let text = '';
          const end = Math.min(start + 10_000, scores.frequency.length);
          for (let j = start; j < end; j++)
            text += `${columns.map((c) => bitsOf(view, c[j] as number)).join('\t')}\n`;
          yield text;
        }
      };
      await client.insert({
        table: bits,
        values: Readable.from(lines(), { objectMode: false }),
        format: 'TabSeparated',
        session_id,
      });
      await command(
        `INSERT INTO ${table} SELECT ${names.map((n) => `reinterpretAsFloat64(reinterpretAsString(${n}))`).join(', ')} FROM ${bits}`,
      );
      await command(`DROP TEMPORARY TABLE ${bits}`);
    },
    async close() {
      await client.close();
    },
  };
}

/**
 * Scores every customer inside the warehouse, with only groups crossing the wire: (1) the grouped summary
 * (`summarySql` grouped) comes back as distinct (frequency, recency, T); (2) `scoreGroups` computes P(alive),
 * expected purchases, the spend line and CLV per unit of spend once per group in Node; (3) the groups go back
 * as a temporary table (DuckDB's appender; PostgreSQL float8 arrays; ClickHouse the doubles' bit patterns, in an
 * HTTP session); (4) `scoreSql` joins them with the
 * per-customer summary and materialises `into`. The result's customer count is checked against the grouped
 * summary's (no customer lost in the join). Node's memory grows with the groups, not the customers.
 *
 * @example
 * await scoreInWarehouse({ engine: 'duckdb', database: 'shop.duckdb', table: 'orders', timeUnit: 'week',
 *   fit: bgFit, spendFit: ggFit, into: 'customer_scores', replace: true }); // { customers: 23570, groups: 9613, … }
 */
export async function scoreInWarehouse(options: WarehouseScoreOptions): Promise<WarehouseScoreResult> {
  const where = 'scoreInWarehouse';
  const read = callerOptions(where, options);
  const { engine } = parseInput(
    z.object({ engine: enumSchema(RUNNER_ENGINES) }),
    { engine: read.engine },
    where,
  );
  engineFields(where, read, engine, { checkAccount: z.optional(Callback) });
  return withEngineErrors(where, engine, () => scoreChecked(read));
}

/** `scoreInWarehouse` once its options are read and the engine's fields checked. */
async function scoreChecked(options: WarehouseScoreOptions): Promise<WarehouseScoreResult> {
  const {
    engine,
    fit,
    spendFit,
    horizon,
    discountRate,
    margin,
    step,
    into,
    replace,
    checkAccount,
    rejectedRows,
    outlierDates,
    ...rest
  } = options as WarehouseScoreOptions & { database?: string; connectionString?: string; url?: string };
  let source: Omit<SummarySqlOptions, 'dialect'>;
  let open: () => Promise<Session>;
  if (engine === 'clickhouse') {
    const [connection, others] = splitClickHouse(rest as typeof rest & ClickHouseConnection);
    source = others;
    open = () => clickhouseSession(connection);
  } else {
    const { database, connectionString, url: _url, ...others } = rest;
    source = others;
    open = () =>
      engine === 'postgres' ? postgresSession(connectionString as string) : duckdbSession(database);
  }
  const dialect = engine;
  const groupsTable = `clvkit_groups_${process.pid}_${Date.now().toString(36)}`;
  // Validate everything before touching the engine.
  scoreSql({ ...source, dialect, groupsTable, into, ...(replace ? { replace } : {}) });
  summarySql({ ...source, dialect, grouped: true });
  const session = await open();
  try {
    // The id column's type decides whether ids are trimmed text or keep their type (`withCustomerIdType`).
    const { dialect: _d, ...typed } = await withCustomerIdType((q) => session.run(q.sql, q.params), {
      ...source,
      dialect,
    });
    const run = (q: { sql: string; params: unknown[] }) => session.run(q.sql, q.params);
    // Isolated outlier dates are rejected as in-process before the summary is read: DuckDB reads the grouped
    // summary and its account in one query (`summaryAndAccount`); the others read the account by day first.
    const read =
      dialect === 'duckdb'
        ? await summaryAndAccount(run, { ...typed, dialect, grouped: true }, outlierDates, 'scoreInWarehouse')
        : undefined;
    const {
      dialect: _k,
      grouped: _g,
      ...kept
    } = read?.sql ?? (await withKeptDays(run, { ...typed, dialect }, outlierDates, 'scoreInWarehouse'));
    source = kept;
    const query = scoreSql({ ...source, dialect, groupsTable, into, ...(replace ? { replace } : {}) });
    const grouped = summarySql({ ...source, dialect, grouped: true });
    const groups = engineGrouped(grouped, read?.data ?? (await run(grouped)));
    const account = read?.account ?? (await accountWith(run, { ...source, dialect }));
    if (rejectedRows && account.rowsRejected > 0)
      await rejectedRowsWith(run, { ...source, dialect }, rejectedRows);
    checkAccount?.(account);
    const scores = scoreGroups({
      transactionModel: fit,
      spendModel: spendFit,
      groups: {
        frequency: groups.frequency,
        recency: groups.recency,
        T: groups.T,
        timeUnit: grouped.timeUnit,
      },
      ...(horizon === undefined ? {} : { horizon }),
      ...(discountRate === undefined ? {} : { discountRate }),
      ...(margin === undefined ? {} : { margin }),
      ...(step === undefined ? {} : { step }),
    });
    await session.run(query.createGroups.sql, query.createGroups.params);
    await session.upload(groupsTable, scores);
    for (const statement of query.statements) await session.run(statement.sql, statement.params);
    const quoted = query.target;
    const counted = Number((await session.run(`SELECT COUNT(*) FROM ${quoted}`, []))[0]?.[0]);
    if (counted !== groups.customers)
      throw new ClvError(
        `scoreInWarehouse: ${groups.customers} customers in the summary but ${counted} scored in ${quoted}`,
      );
    await session.run(`DROP TABLE ${groupsTable}`, []);
    return { into, customers: counted, groups: groups.frequency.length, scores, query, account };
  } finally {
    await session.close();
  }
}
