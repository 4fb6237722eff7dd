import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { keptDaysOfAccount } from '../../src/node/engineOutliers.js';
import {
  type DuckDBConnectionLike,
  type EngineRejectedRow,
  groupedSummaryWithDuckDB,
  groupedSummaryWithPostgres,
  summarizeWithDuckDB,
  summarizeWithPostgres,
} from '../../src/node/index.js';
import { scoreInWarehouse } from '../../src/node/scoreInWarehouse.js';
import { summaryAccountSql } from '../../src/sql/summarySql.js';
import { dayFromCivil, summarizeTransactions } from '../../src/transactions/index.js';
import { runInProcess } from '../cli/inProcess.js';
import {
  cdnowMaster,
  expectGroupedLikeCore,
  expectSameSummary,
  freshPostgresSchema,
  type Log,
  loadIntoPostgres,
  spendFitOf,
  tempDir,
  writeCsv,
} from './fixtures.js';

// DuckDB's first start, the embedded PostgreSQL and the CDNOW master log on two shared cores.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const dir = tempDir();
const master = cdnowMaster();

/** The CDNOW master log with `extra` rows inserted at the given row positions (0-based, in the master's rows). */
function withRows(name: string, extra: readonly [number, Log['rows'][number]][]): Log {
  const rows = [...master.rows];
  for (const [at, row] of [...extra].sort((a, b) => b[0] - a[0])) rows.splice(at, 0, row);
  return { name, rows };
}

// Two isolated outliers that both readers date before today: 1971-01-01 (row 1,000) and 2024-06-30 (row 2,000).
const EARLY = { customerId: 99_001, date: '1971-01-01', amount: '5.00' };
const LATER = { customerId: 99_002, date: '2024-06-30', amount: '3.50' };
const TWO = withRows('master plus two outliers', [
  [1000, EARLY],
  [2000, LATER],
]);
// One outlier only (row 1,000: line 1,002 of its CSV).
const ONE = withRows('master plus 1971', [[1000, EARLY]]);
// The case: one 9999-12-31 placeholder (row 10) and one 1971-01-01 row (row 1,000).
const PLACEHOLDER = withRows('master plus 9999 and 1971', [
  [10, { customerId: 99_003, date: '9999-12-31', amount: '1' }],
  [1000, EARLY],
]);
const KEPT = { from: '1997-01-01', to: '1998-06-30', gapDays: 774 };
const OPTIONS = { timeUnit: 'week' } as const;

const withoutOutliers = summarizeTransactions(master.rows, OPTIONS);
const inProcess = summarizeTransactions(TWO.rows, { ...OPTIONS, onBadRow: 'collect' });

/** The in-process result's account, in the engines' terms. */
function coreAccount() {
  return {
    rowsRead: inProcess.rowsRead,
    rowsUsed: inProcess.rowsRead - inProcess.rowsRejected,
    rowsRejected: inProcess.rowsRejected,
    rejectedBy: { 'outlier date': inProcess.outlierDates?.rows.length },
    outlierDates: {
      from: inProcess.outlierDates?.from,
      to: inProcess.outlierDates?.to,
      gapDays: inProcess.outlierDates?.gapDays,
    },
  };
}

const REASON_1971 =
  "column date: expected a date within 774 days of the rest of the log (1997-01-01 … 1998-06-30), received '1971-01-01': an isolated outlier date (give observationEnd, or outlierDates 'keep', to read it)";

describe('the in-process reference: two outliers in CDNOW master are rejected, nothing else moves', () => {
  it('rejects 1971-01-01 and 2024-06-30 as outlier dates, keeps 1997-01-01 … 1998-06-30 (gap 774 days)', () => {
    expect(inProcess.rowsRead).toBe(69_661);
    expect(inProcess.rowsRejected).toBe(2);
    expect(inProcess.outlierDates).toMatchObject(KEPT);
    expect(inProcess.outlierDates?.rows.map((r) => r.index)).toEqual([1000, 2001]);
    expect(inProcess.customers).toEqual(withoutOutliers.customers);
  });
});

describe('DuckDB applies the isolated-outlier rule as the in-process reader does (issue 14)', () => {
  const file = writeCsv(TWO, dir);
  const source = { file: { path: file, format: 'csv' as const } };

  it('a CSV file: the same customers and the same account, outlier date = 2, listed with the reason', async () => {
    const listed: EngineRejectedRow[] = [];
    const engine = await summarizeWithDuckDB({
      ...source,
      ...OPTIONS,
      rejectedRows: (rows) => {
        listed.push(...rows);
      },
    });
    expectSameSummary(inProcess, engine);
    expect(engine.columns.frequency.length).toBe(23_570);
    const { firstRejection, ...account } = engine.account ?? {};
    expect(account).toEqual(coreAccount());
    expect(account).toEqual({
      rowsRead: 69_661,
      rowsUsed: 69_659,
      rowsRejected: 2,
      rejectedBy: { 'outlier date': 2 },
      outlierDates: KEPT,
    });
    expect(firstRejection).toEqual({
      reason: 'outlier date',
      kind: 'outlier date',
      row: 1001,
      message: REASON_1971,
    });
    expect(listed.map((r) => [r.row, r.reason, r.date])).toEqual([
      [1001, 'outlier date', '1971-01-01'],
      [2002, 'outlier date', '2024-06-30'],
    ]);
  });

  it('the grouped form holds the in-process customers', async () => {
    const g = await groupedSummaryWithDuckDB({ ...source, ...OPTIONS });
    expect(g.customers).toBe(23_570);
    expect(g.account?.rejectedBy).toEqual({ 'outlier date': 2 });
    expectGroupedLikeCore(g, inProcess);
  });

  it("outlierDates 'keep': the rows are used and the observation end is 2024-06-30, as in-process", async () => {
    const core = summarizeTransactions(TWO.rows, { ...OPTIONS, outlierDates: 'keep' });
    const engine = await summarizeWithDuckDB({ ...source, ...OPTIONS, outlierDates: 'keep' });
    expectSameSummary(core, engine);
    expect(engine.account?.rowsRejected).toBe(0);
    const early = engine.customers.find((c) => String(c.customerId) === '99001');
    expect(early?.firstPurchase).toBe('1971-01-01');
    // T from 1971-01-01 (day 365) to 2024-06-30 (day 19,904), in weeks: 19,539 / 7.
    expect(early?.T).toBeCloseTo((dayFromCivil(2024, 6, 30) - dayFromCivil(1971, 1, 1)) / 7, 12);
    await expect(summarizeWithDuckDB({ ...source, outlierDates: 'drop' as never })).rejects.toThrow(
      /outlierDates: expected one of 'reject', 'keep'/,
    );
  });

  it('scoreInWarehouse: the outliers are rejected before scoring, every in-process customer scored', async () => {
    const c = inProcess.columns;
    const fit = fitBetaGeo(c);
    const result = await scoreInWarehouse({
      engine: 'duckdb',
      database: join(dir, 'scores.duckdb'),
      ...source,
      ...OPTIONS,
      fit,
      spendFit: spendFitOf(c),
      into: 'scores',
    });
    expect(result.customers).toBe(23_570);
    expect(result.account.rejectedBy).toEqual({ 'outlier date': 2 });
    expect(result.account.outlierDates).toEqual(KEPT);
  });

  it('a log with no outlier: no more queries (DuckDB reads the account by day with the summary, once), the summary unchanged; the same with keep or observationEnd', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const queries: string[] = [];
    const counting: DuckDBConnectionLike = {
      runAndReadAll: (sql, values) => {
        queries.push(sql);
        return connection.runAndReadAll(sql, values) as never;
      },
    };
    try {
      const plain = writeCsv(master, dir);
      const histogram = summaryAccountSql({ dialect: 'duckdb', file: { path: plain, format: 'csv' } }).days;
      expect(histogram.sql).toContain('GROUP BY u.clvkit_reason, u.clvkit_day');
      const engine = await summarizeWithDuckDB({
        file: { path: plain, format: 'csv' },
        ...OPTIONS,
        connection: counting,
      });
      expectSameSummary(withoutOutliers, engine);
      expect(engine.account?.outlierDates).toBeUndefined();
      // One query reads the CSV for the summary and its account by day (no row rejected: nothing else is read).
      expect(queries).toHaveLength(1);
      expect(queries[0]).toContain('UNION ALL BY NAME');
      const withRule = queries.length;
      queries.length = 0;
      await summarizeWithDuckDB({
        file: { path: plain, format: 'csv' },
        ...OPTIONS,
        outlierDates: 'keep',
        connection: counting,
      });
      expect(queries).toHaveLength(withRule);
      queries.length = 0;
      await summarizeWithDuckDB({
        file: { path: plain, format: 'csv' },
        ...OPTIONS,
        observationEnd: '1998-06-30',
        connection: counting,
      });
      expect(queries).toHaveLength(withRule);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('PostgreSQL applies the isolated-outlier rule as the in-process reader does (issue 14)', () => {
  const SCHEMA = `clvkit_outliers_${process.pid}`;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const pg = await freshPostgresSchema(SCHEMA);
    url = pg.url;
    drop = pg.drop;
    await pg.client.query(`SET search_path TO ${SCHEMA}`);
    await loadIntoPostgres(pg.client, 'two', TWO);
  });
  afterAll(async () => {
    await drop?.();
  });

  it('a table: the same customers and account (outlier date = 2), the grouped form, and keep', async () => {
    const listed: EngineRejectedRow[] = [];
    const table = [SCHEMA, 'two'];
    const engine = await summarizeWithPostgres({
      connectionString: url,
      table,
      ...OPTIONS,
      rejectedRows: (rows) => {
        listed.push(...rows);
      },
    });
    expectSameSummary(inProcess, engine);
    const { firstRejection, ...account } = engine.account ?? {};
    expect(account).toEqual(coreAccount());
    expect(firstRejection?.reason).toBe('outlier date');
    // A table's rows have no order: listed by customer id, date and amount.
    expect(listed.map((r) => [r.customerId, r.date, r.message])).toEqual([
      ['99001', '1971-01-01', REASON_1971],
      ['99002', '2024-06-30', REASON_1971.replace("received '1971-01-01'", "received '2024-06-30'")],
    ]);
    const g = await groupedSummaryWithPostgres({ connectionString: url, table, ...OPTIONS });
    expect(g.account?.rejectedBy).toEqual({ 'outlier date': 2 });
    expectGroupedLikeCore(g, inProcess);
    const kept = await summarizeWithPostgres({
      connectionString: url,
      table,
      ...OPTIONS,
      outlierDates: 'keep',
    });
    expectSameSummary(summarizeTransactions(TWO.rows, { ...OPTIONS, outlierDates: 'keep' }), kept);
    expect(kept.account?.rowsRejected).toBe(0);
  });
});

describe('clvkit summary --engine duckdb: a 9999-12-31 and a 1971-01-01 row, as in-process (issue 14)', () => {
  const file = writeCsv(PLACEHOLDER, dir);
  const FLAGS = ['--time-unit', 'week', '--format', 'csv'];
  // The columns the engine found by name, said as in-process (the file's header: customer_id,date,amount).
  const COLUMNS = 'columns: customer=customer_id, date=date, amount=amount\n';

  it('one 1971-01-01 row: the run stops at its line (exit 2) with the same message and account', async () => {
    const one = writeCsv(ONE, dir);
    const node = await runInProcess(['summary', one, ...FLAGS, '--quiet']);
    const duck = await runInProcess(['summary', one, '--engine', 'duckdb', ...FLAGS, '--quiet']);
    expect(node.code).toBe(2);
    expect(duck.code).toBe(2);
    expect(duck.stdout).toBe('');
    expect(duck.stderr).toBe(node.stderr);
    expect(duck.stderr).toBe(
      `${COLUMNS}clvkit summary: ${one}, line 1002: column date: expected a date within 774 days of the rest of the log (1997-01-01 … 1998-06-30), received '1971-01-01': an isolated outlier date (give --observation-end, or --keep-outlier-dates, to read it)\nread 69,660 rows: 69,659 used, 1 rejected (1 outlier date)\n`,
    );
  });

  it('--max-rejects: 1 stops (exit 2, the same account), 2 goes on with the same stdout', async () => {
    const over = [...FLAGS, '--quiet', '--max-rejects', '1'];
    const node = await runInProcess(['summary', file, ...over]);
    const duck = await runInProcess(['summary', file, '--engine', 'duckdb', ...over]);
    expect(node.code).toBe(2);
    expect(duck.code).toBe(2);
    const tail =
      'stopped: more than 1 row rejected (--max-rejects)\nread 69,661 rows: 69,659 used, 2 rejected (1 implausible date, 1 outlier date)\n';
    expect(node.stderr.endsWith(tail)).toBe(true);
    expect(duck.stderr.endsWith(tail)).toBe(true);
    // In-process names the row past the limit (the 1971-01-01 line); an engine, its first rejected row.
    expect(node.stderr).toContain(`${file}, line 1003: column date: expected a date within 774 days`);
    expect(duck.stderr).toContain(`${file}, line 12: column date: expected a date no later than today`);
    const within = [...FLAGS, '--quiet', '--max-rejects', '2'];
    const nodeOk = await runInProcess(['summary', file, ...within]);
    const duckOk = await runInProcess(['summary', file, '--engine', 'duckdb', ...within]);
    expect(duckOk.code, duckOk.stderr).toBe(0);
    expect(duckOk.stdout).toBe(nodeOk.stdout);
    expect(duckOk.stderr).toBe(nodeOk.stderr);
  });

  it('--on-bad-row skip: the same stdout, the same outlier note and account, the same --rejects file', async () => {
    const run = (engine: string[], rejects: string) =>
      runInProcess([
        'summary',
        file,
        ...engine,
        ...FLAGS,
        '--quiet',
        '--on-bad-row',
        'skip',
        '--rejects',
        rejects,
      ]);
    const nodeRejects = join(dir, 'node-rejects.csv');
    const duckRejects = join(dir, 'duck-rejects.csv');
    const node = await run([], nodeRejects);
    const duck = await run(['--engine', 'duckdb'], duckRejects);
    expect(node.code, node.stderr).toBe(0);
    expect(duck.code, duck.stderr).toBe(0);
    expect(duck.stdout).toBe(node.stdout);
    expect(node.stdout.split('\n').length).toBe(23_572); // header, 23,570 customers, final newline
    expect(duck.stderr).toBe(node.stderr);
    expect(duck.stderr).toBe(
      `${COLUMNS}outlier dates: 1 row outside 1997-01-01 … 1998-06-30, more than 774 days from the rest of the log, rejected (--observation-end or --keep-outlier-dates keeps them)\nread 69,661 rows: 69,659 used, 2 rejected (1 implausible date, 1 outlier date)\n`,
    );
    const listed = readFileSync(duckRejects, 'utf8');
    expect(listed).toBe(readFileSync(nodeRejects, 'utf8'));
    expect(listed.trim().split('\n').slice(1)).toHaveLength(2);
  });

  it('--keep-outlier-dates: the 1971-01-01 row is used, the same stdout', async () => {
    const flags = [...FLAGS, '--quiet', '--on-bad-row', 'skip', '--keep-outlier-dates'];
    const node = await runInProcess(['summary', file, ...flags]);
    const duck = await runInProcess(['summary', file, '--engine', 'duckdb', ...flags]);
    expect(duck.code, duck.stderr).toBe(0);
    expect(duck.stdout).toBe(node.stdout);
    expect(duck.stdout).toContain('\n99001,0,0,');
    expect(duck.stderr).toBe(`${COLUMNS}read 69,661 rows: 69,660 used, 1 rejected (1 implausible date)\n`);
  });
});

describe('keptDaysOfAccount: the rule and the account from one account-by-day result', () => {
  it('moves the used rows outside the kept days to outlier date; other reasons stay as counted', () => {
    const days = [...Array(100).keys()].map((k) => 9862 + k);
    const reasons = [...days.map(() => null), null, 'amount'];
    const dayColumn = [...days, 2932896, null];
    const counts = [...days.map(() => 1n), 1n, 3n];
    // In no order, as an engine's GROUP BY returns them.
    const order = [...reasons.keys()].reverse();
    const { kept, byReason } = keptDaysOfAccount(
      order.map((i) => reasons[i] ?? null),
      order.map((i) => dayColumn[i] ?? null),
      order.map((i) => counts[i] as bigint),
    );
    expect(kept).toEqual({ from: 9862, to: 9961, gap: 366 });
    expect(Object.fromEntries(byReason)).toEqual({ null: 100, 'outlier date': 1, amount: 3 });
    const none = keptDaysOfAccount([null, null], [9862, 9863], [30n, 1n]);
    expect(none.kept).toBeUndefined();
    expect(Object.fromEntries(none.byReason)).toEqual({ null: 31 });
  });
});
