import { extname } from 'node:path';
import { ClvEngineError, ClvError, type SummaryColumns, type TimeUnit } from '../index.js';
import type { ModelSpec } from '../models/model.js';
import {
  type EngineAccount,
  type EngineGroupedResult,
  type EngineSummaryResult,
  groupedSummaryWithClickHouse,
  groupedSummaryWithDuckDB,
  groupedSummaryWithPostgres,
  scoreInWarehouse,
  summarizeWithClickHouse,
  summarizeWithDuckDB,
  summarizeWithPostgres,
  type WarehouseScoreOptions,
  type WarehouseScoreResult,
} from '../node/index.js';
import { CliInputError, type CliIo, CliUsageError } from './command.js';
import { type EngineRejectsFile, inFlagWords, openEngineRejects } from './engineRejects.js';
import { checkInputFile } from './fileErrors.js';
import { accountLine, stoppedLine } from './ingest/accountLine.js';
import { canonicalIntegerOfBytes } from './ingest/byteFields.js';
import { columnsLine, currencyColumnOf, planColumns } from './ingest/columns.js';
import { EXPORT_FLAGS } from './ingest/options.js';
import { ingestSettings, outlierNote } from './ingest/summarizeFile.js';
import { fileColumnNames, type TableSource, tableColumnNames } from './sourceColumns.js';
import { timeUnitOf } from './timeUnit.js';

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** The flags that send a command's summary to a SQL engine (issue #7). */
export const engineOptions = {
  engine: { type: 'string' },
  db: { type: 'string' },
  table: { type: 'string' },
} as const;

/** Help lines for `engineOptions`. */
export const engineHelp: readonly string[] = [
  '--engine node|duckdb|postgres|clickhouse',
  '                                 where the summary is computed (default node: streamed in-process); duckdb',
  '                                 reads FILE (.parquet, else CSV) with embedded DuckDB; postgres and clickhouse',
  '                                 read --table',
  '--db URL                         PostgreSQL connection string (postgres://user@host/db), or ClickHouse HTTP URL',
  '                                 (http://user:password@host:8123), with --engine postgres|clickhouse',
  '--table NAME                     the order table (schema.table), with --engine postgres|clickhouse (or duckdb',
  '                                 and --db FILE)',
];

/** Ingest flags that only the in-process reader understands. */
// --time-zone is the engines' too: instants are dated in it by the engine's time-zone database.
const NODE_ONLY = [
  'date-format',
  'delimiter',
  'no-header',
  'encoding',
  'returns',
  'memory-budget',
  'spill-dir',
  ...EXPORT_FLAGS.filter((flag) => flag !== 'time-zone'),
] as const;

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/**
 * Whether the flags ask for a SQL engine (`--engine duckdb|postgres`); `node` or no flag: the in-process reader.
 *
 * @example usesEngine({ engine: 'duckdb' }) === true
 */
export function usesEngine(values: Values): boolean {
  const engine = str(values.engine);
  if (engine === undefined || engine === 'node') return false;
  if (engine !== 'duckdb' && engine !== 'postgres' && engine !== 'clickhouse')
    throw new CliUsageError(`--engine: expected node, duckdb, postgres or clickhouse, received '${engine}'`);
  return true;
}

/** The summary options and source the flags describe, checked. */
function engineRequest(positionals: readonly string[], values: Values) {
  const engine = str(values.engine) as 'duckdb' | 'postgres' | 'clickhouse';
  for (const flag of NODE_ONLY) {
    // `--currency-col none` says the amounts are in one currency: the engines read no currency column either.
    if (flag === 'currency-col' && str(values[flag]) === 'none') continue;
    if (values[flag] !== undefined)
      throw new CliUsageError(`--${flag} is for the in-process reader; not with --engine ${engine}`);
  }
  ingestSettings(values); // the reading flags both paths share (--time-zone, --max-rejects …), checked with the reader's words
  const amount = str(values['amount-col']);
  const options = {
    ...(str(values['time-unit']) ? { timeUnit: str(values['time-unit']) as TimeUnit } : {}),
    ...(str(values.granularity) ? { granularity: str(values.granularity) as TimeUnit } : {}),
    ...(str(values['observation-end']) ? { observationEnd: str(values['observation-end']) } : {}),
    ...(str(values['calibration-end']) ? { calibrationEnd: str(values['calibration-end']) } : {}),
    ...(str(values['time-zone']) ? { timeZone: str(values['time-zone']) } : {}),
    ...(values['keep-outlier-dates'] === true ? { outlierDates: 'keep' as const } : {}),
    columns: {
      ...(str(values['customer-col']) ? { customerId: str(values['customer-col']) } : {}),
      ...(str(values['date-col']) ? { date: str(values['date-col']) } : {}),
      ...(amount === undefined ? {} : { amount: amount === 'none' ? null : amount }),
    },
  };
  const table = str(values.table)?.split('.');
  const db = str(values.db);
  if (engine === 'postgres') {
    if (db === undefined || table === undefined)
      throw new CliUsageError('--engine postgres needs --db postgres://… and --table NAME');
    if (positionals.length > 0)
      throw new CliUsageError(`unexpected argument '${positionals[0]}' (--engine postgres reads --table)`);
    return { engine, options, connectionString: db, table };
  }
  if (engine === 'clickhouse') {
    if (db === undefined || table === undefined)
      throw new CliUsageError('--engine clickhouse needs --db http://host:8123 and --table NAME');
    if (positionals.length > 0)
      throw new CliUsageError(`unexpected argument '${positionals[0]}' (--engine clickhouse reads --table)`);
    return { engine, options, ...clickHouseUrl(db), table };
  }
  if (table !== undefined) {
    if (positionals.length > 0)
      throw new CliUsageError(`unexpected argument '${positionals[0]}' with --table`);
    return { engine, options, table, ...(db === undefined ? {} : { database: db }) };
  }
  const [file, ...extra] = positionals;
  if (file === undefined || file === '-')
    throw new CliUsageError('--engine duckdb reads a file (CSV or Parquet), not standard input');
  if (extra.length > 0) throw new CliUsageError(`unexpected argument '${extra[0]}'`);
  // DuckDB takes a path as a glob: 'orders[1].csv' would read orders1.csv. The file named is read, or refused.
  checkInputFile(file);
  if (/[*?[\]{}]/.test(file))
    throw new CliInputError(
      `${file}: a file name with a glob character (* ? [ ] { }) is not read with --engine duckdb (DuckDB would read the files the pattern matches instead); rename or link it, or use --engine node`,
    );
  const format = extname(file.replace(/\.gz$/i, '')).toLowerCase() === '.parquet' ? 'parquet' : 'csv';
  return {
    engine,
    options,
    file: { path: file, format } as const,
    ...(db === undefined ? {} : { database: db }),
  };
}

type DuckRequest = Exclude<ReturnType<typeof engineRequest>, { engine: 'postgres' | 'clickhouse' }>;
type EngineRequest = ReturnType<typeof engineRequest>;

/**
 * `engineRequest` with a DuckDB file's columns chosen as the in-process reader chooses them (`planColumns`: the
 * flags, else the known header names, never a bare `Id` or a unit price by guess), from the header DuckDB reads
 * (`DESCRIBE`), and the choice printed on stderr when a column was found by its name; a currency column found
 * by its name is refused (the engines add amounts as they are; `--currency-col none` says they may), in a table
 * (any engine) as in a file. Tables (and the other engines) keep the default names customer_id, date and amount
 * unless the flags name others.
 */
async function plannedRequest(
  positionals: readonly string[],
  values: Values,
  io: CliIo,
): Promise<EngineRequest> {
  const r = engineRequest(positionals, values);
  const oneCurrency = str(values['currency-col']) === 'none';
  if (!('file' in r)) {
    // A table is judged by its columns as a file by its header: a currency column is refused alike.
    if (oneCurrency) return r;
    const names = await engineCall(r.engine, () => tableColumnNames(r as TableSource));
    const currency = names[currencyColumnOf(names)];
    if (currency !== undefined) throw new CliUsageError(currencyRefusal(currency, 'table'));
    return r;
  }
  if (r.engine !== 'duckdb') return r;
  const header = await engineCall(r.engine, () => fileColumnNames(r.file));
  const plan = planColumns(
    header,
    {
      ...(str(values['customer-col']) ? { customer: str(values['customer-col']) } : {}),
      ...(str(values['date-col']) ? { date: str(values['date-col']) } : {}),
      ...(str(values['amount-col']) ? { amount: str(values['amount-col']) } : {}),
    },
    header.length,
    oneCurrency ? { currency: 'none' } : {},
    false,
  );
  if (plan.extra.currency) throw new CliUsageError(currencyRefusal(plan.extra.currency.name, 'file'));
  if (plan.guessed.length > 0) io.stderr(columnsLine(plan));
  const columns = {
    customerId: plan.names.customer,
    date: plan.names.date,
    amount: plan.amount < 0 ? null : plan.names.amount,
  };
  return { ...r, options: { ...r.options, columns } };
}

/** Why the engines refuse a file's or table's currency column (they add amounts as they are). */
function currencyRefusal(column: string, source: 'file' | 'table'): string {
  const elsewhere =
    source === 'file' ? 'read without --engine' : 'export the table to a file and read it without --engine';
  return `column '${column}' looks like each row's currency, which only the in-process reader checks (one currency throughout, or --rates): ${elsewhere}, or pass --currency-col none if every amount is in one currency`;
}

/** A ClickHouse HTTP URL with its credentials taken out (the client sends them as headers). */
function clickHouseUrl(db: string): { url: string; username?: string; password?: string } {
  let parsed: URL;
  try {
    parsed = new URL(db);
  } catch {
    throw new CliUsageError(`--db: expected a ClickHouse HTTP URL (http://host:8123), received '${db}'`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new CliUsageError(`--db: expected an http:// or https:// URL for ClickHouse, received '${db}'`);
  const username = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return {
    url: parsed.toString().replace(/\/$/, ''),
    ...(username === '' ? {} : { username }),
    ...(password === '' ? {} : { password }),
  };
}

/** The ClickHouse source of a request: connection and table. */
function clickHouseOptions(r: Extract<ReturnType<typeof engineRequest>, { engine: 'clickhouse' }>) {
  const { engine: _engine, options, ...source } = r;
  return { ...source, ...options };
}

function duckOptions(r: DuckRequest) {
  const { engine: _engine, options, ...source } = r;
  return { ...source, ...options };
}

/**
 * With `--rejects FILE`: the rejects file of the run, fed by the runner page by page (`rejectedRows`), and the
 * runner option that feeds it; else nothing.
 */
function rejectsOf(
  r: EngineRequest,
  values: Values,
  io: CliIo,
): { file?: EngineRejectsFile; option: { rejectedRows?: EngineRejectsFile['write'] } } {
  const path = str(values.rejects);
  if (path === undefined) return { option: {} };
  // A CSV's rejected rows are named by their line, read back from it; a Parquet file's and a table's by their fields.
  const csv = 'file' in r && r.file.format === 'csv' ? r.file.path : undefined;
  const file = openEngineRejects(
    path,
    csv,
    'file' in r ? [r.file.path] : [],
    io,
    ingestSettings(values).maxRejects,
  );
  return { file, option: { rejectedRows: file.write } };
}

/** Runs the engine call with the rejects file: committed when the engine is done (before the account is checked, as in-process), removed on a failure. */
async function withRejects<T>(rejects: ReturnType<typeof rejectsOf>, run: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await run();
  } catch (error) {
    rejects.file?.abort();
    throw error;
  }
  rejects.file?.commit();
  return result;
}

/**
 * Engine failures (a missing file or column, a refused connection: the runners' `ClvEngineError`) are bad input:
 * exit 2 with the first line of the engine's own message.
 */
async function engineCall<T>(engine: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const failure = error instanceof ClvEngineError ? error.cause : error;
    if (
      failure instanceof Error &&
      !(failure instanceof ClvError || failure instanceof CliInputError || failure instanceof CliUsageError)
    )
      throw new CliInputError(`${engine}: ${failure.message.split('\n')[0]}`);
    throw error;
  }
}

/**
 * Applies the in-process reader's rules to the engine's account: a rejected row stops the run (exit 2, naming
 * the first one: a file's line, the header being line 1) unless --on-bad-row skip or --max-rejects allow it;
 * every row rejected, or more than --max-rejects P%, is an error; else the account is printed on stderr.
 */
function checkAccountOf(r: EngineRequest, values: Values, io: CliIo, account?: EngineAccount): void {
  if (account === undefined) return;
  const { maxRejects, maxRejectShare } = ingestSettings(values);
  const where = 'file' in r ? r.file.path : (r.table as string[]).join('.');
  const line = accountLine(
    account.rowsRead,
    account.rowsRejected,
    account.rejectedBy as Readonly<Record<string, number>>,
  );
  const first = account.firstRejection;
  if (first !== undefined && account.rowsRejected > maxRejects) {
    const at = first.row === undefined ? where : `${where}, line ${first.row + 1}`;
    throw new CliInputError(`${at}: ${inFlagWords(first.message)}`, `${stoppedLine(maxRejects)}${line}`);
  }
  const rows = account.rowsRead.toLocaleString('en-US');
  if (account.rowsRead > 0 && account.rowsRejected === account.rowsRead)
    throw new CliInputError(`${where}: every row was rejected (${rows} of ${rows})`, line);
  if (maxRejectShare !== undefined && account.rowsRejected > maxRejectShare * account.rowsRead)
    throw new CliInputError(
      `${where}: ${account.rowsRejected.toLocaleString('en-US')} of ${rows} rows rejected, more than --max-rejects ${str(values['max-rejects'])}`,
      line,
    );
  // As in-process: what the outlier rule decided, then the account.
  const outliers = account.outlierDates;
  io.stderr(
    `${outliers === undefined ? '' : outlierNote(account.rejectedBy['outlier date'] ?? 0, outliers)}${line}`,
  );
}

/** An id as the in-process reader labels it: a canonical integer ('42', not '042') as a number, other text as is. */
function readerId(id: string | number): string | number {
  if (typeof id !== 'string') return id;
  const n = canonicalIntegerOfBytes(Buffer.from(id, 'utf8'), 0, Buffer.byteLength(id, 'utf8'));
  return n >= 0 ? n : id;
}

/** The engine's summary with ids typed as the in-process reader types them (same CSV, same NDJSON). */
function withReaderIds(result: EngineSummaryResult): EngineSummaryResult {
  const ids = result.columns.customerId.map(readerId);
  const customerAt = (i: number) => ({ ...result.customerAt(i), customerId: ids[i] as string | number });
  let rows: ReturnType<typeof customerAt>[] | undefined;
  return {
    get customers() {
      rows ??= ids.map((_, i) => customerAt(i));
      return rows;
    },
    customerAt,
    columns: { ...result.columns, customerId: ids },
    query: result.query,
    ...(result.calibrationEnd === undefined ? {} : { calibrationEnd: result.calibrationEnd }),
    ...(result.account === undefined ? {} : { account: result.account }),
  };
}

/**
 * `clvkit summary --engine …`: the per-customer summary computed by DuckDB, PostgreSQL or ClickHouse (`summarySql`), in the
 * shape `summarizeFile` gives (`{ result }` with columns, `customerAt` and `calibrationEnd`) and printed the same:
 * a file's customers in the order they first appear in it (a table's by id), ids typed as the in-process reader
 * types them (canonical integers as numbers, '007' as text), money as exact decimal text.
 *
 * @example const { result } = await summarizeWithEngine(['orders.parquet'], { engine: 'duckdb', 'time-unit': 'week' }, io);
 */
export async function summarizeWithEngine(
  positionals: readonly string[],
  values: Values,
  io: CliIo,
): Promise<{ result: EngineSummaryResult }> {
  const r = await plannedRequest(positionals, values, io);
  const t = performance.now();
  const rejects = rejectsOf(r, values, io);
  const result = await withRejects(rejects, () =>
    engineCall(r.engine, () =>
      r.engine === 'postgres'
        ? summarizeWithPostgres({
            connectionString: r.connectionString,
            table: r.table,
            ...r.options,
            ...rejects.option,
          })
        : r.engine === 'clickhouse'
          ? summarizeWithClickHouse({ ...clickHouseOptions(r), ...rejects.option })
          : summarizeWithDuckDB({ ...duckOptions(r), ...rejects.option }),
    ),
  );
  checkAccountOf(r, values, io, result.account);
  if (values.quiet !== true)
    io.stderr(
      `${r.engine}: ${result.columns.frequency.length} customers in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
  return { result: withReaderIds(result) };
}

/**
 * `clvkit fit MODEL --engine …`: the customers a model needs, computed by the engine. Every model but
 * Gamma-Gamma gets the grouped form: only the distinct (frequency, recency, T) leave the engine, with their
 * counts as weights. BG/BB from a log (calendar periods) is the in-process reader's.
 *
 * @example const c = await customersWithEngine(['orders.csv'], { engine: 'duckdb' }, io, betaGeoModel); fitBetaGeo(c)
 */
export async function customersWithEngine(
  positionals: readonly string[],
  values: Values,
  io: CliIo,
  model: ModelSpec,
): Promise<SummaryColumns & { weights?: Float64Array; periods: Float64Array; timeUnit: TimeUnit }> {
  if (model.dataKind === 'discrete')
    throw new CliUsageError(
      `${model.label} from an order log counts calendar periods in-process; not with --engine`,
    );
  const grouped = model.dataKind !== 'spend';
  const timeUnit = timeUnitOf(values);
  if (!grouped) {
    const { result } = await summarizeWithEngine(positionals, values, io);
    return { ...result.columns, periods: result.columns.T, timeUnit };
  }
  const r = await plannedRequest(positionals, values, io);
  const rejects = rejectsOf(r, values, io);
  const g: EngineGroupedResult = await withRejects(rejects, () =>
    engineCall(r.engine, () =>
      r.engine === 'postgres'
        ? groupedSummaryWithPostgres({
            connectionString: r.connectionString,
            table: r.table,
            ...r.options,
            ...rejects.option,
          })
        : r.engine === 'clickhouse'
          ? groupedSummaryWithClickHouse({ ...clickHouseOptions(r), ...rejects.option })
          : groupedSummaryWithDuckDB({ ...duckOptions(r), ...rejects.option }),
    ),
  );
  checkAccountOf(r, values, io, g.account);
  if (values.quiet !== true)
    io.stderr(
      `${r.engine}: ${g.customers} customers in ${g.frequency.length} distinct (frequency, recency, T) rows\n`,
    );
  return {
    customerId: Array.from({ length: g.frequency.length }, (_, i) => i),
    frequency: g.frequency,
    recency: g.recency,
    T: g.T,
    monetaryValue: new Float64Array(g.frequency.length),
    weights: g.weights,
    periods: g.T,
    timeUnit,
  };
}

/** What `clvkit predict --into` scores with: the fits and the CLV settings (the source comes from the flags). */
export type EngineScoreSettings = Pick<
  WarehouseScoreOptions,
  'fit' | 'spendFit' | 'horizon' | 'discountRate' | 'margin' | 'step' | 'into' | 'replace'
>;

/**
 * `clvkit predict --engine duckdb|postgres|clickhouse --into TABLE`: every customer scored inside the engine
 * (`scoreInWarehouse`); only the distinct (frequency, recency, T) cross to Node. DuckDB writes into the database
 * file of `--db` (an in-memory database would vanish with the run).
 *
 * @example await scoreWithEngine([], { engine: 'duckdb', db: 'shop.duckdb', table: 'orders' }, io, { fit, spendFit, into: 'scores' })
 */
export async function scoreWithEngine(
  positionals: readonly string[],
  values: Values,
  io: CliIo,
  settings: EngineScoreSettings,
): Promise<WarehouseScoreResult> {
  const r = await plannedRequest(positionals, values, io);
  if (r.engine === 'duckdb' && !('database' in r && r.database !== undefined))
    throw new CliUsageError(
      '--into with --engine duckdb needs --db FILE: the database the table is written to',
    );
  const { calibrationEnd: _calibration, ...options } = r.options as typeof r.options & {
    calibrationEnd?: string;
  };
  if (r.options.calibrationEnd !== undefined)
    throw new CliUsageError('--calibration-end: not with --into (scores use the whole observed history)');
  // The in-process rules, before the table is written: a rejected row stops the run unless the flags allow it.
  const rejects = rejectsOf(r, values, io);
  // The rejects file is complete when the account is checked (as in-process: it stays readable after a stop).
  const checkAccount = (account: EngineAccount) => {
    rejects.file?.commit();
    checkAccountOf(r, values, io, account);
  };
  const t = performance.now();
  const result = await withRejects(rejects, () =>
    engineCall(r.engine, () =>
      r.engine === 'postgres'
        ? scoreInWarehouse({
            engine: 'postgres',
            connectionString: r.connectionString,
            table: r.table,
            ...options,
            ...settings,
            checkAccount,
            ...rejects.option,
          })
        : r.engine === 'clickhouse'
          ? scoreInWarehouse({
              engine: 'clickhouse',
              ...clickHouseOptions(r),
              ...options,
              ...settings,
              checkAccount,
              ...rejects.option,
            })
          : scoreInWarehouse({
              engine: 'duckdb',
              ...duckOptions(r),
              ...options,
              ...settings,
              checkAccount,
              ...rejects.option,
            }),
    ),
  );
  if (values.quiet !== true)
    io.stderr(
      `${r.engine}: ${result.customers} customers scored into ${typeof settings.into === 'string' ? settings.into : settings.into.join('.')} (${result.groups} distinct (frequency, recency, T) computed in Node) in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
  return result;
}
