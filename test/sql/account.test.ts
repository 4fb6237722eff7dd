import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import {
  groupedSummaryWithDuckDB,
  scoreInWarehouse,
  summarizeWithDuckDB,
  summarizeWithPostgres,
} from '../../src/node/index.js';
import { summaryAccountSql, summarySql } from '../../src/sql/summarySql.js';
import { summarizeTransactions } from '../../src/transactions/index.js';
import { runInProcess } from '../cli/inProcess.js';
import { cdnowSample, freshPostgresSchema, spendFitOf, tempDir, transactions } from './fixtures.js';

// DuckDB's first start and the embedded PostgreSQL on two shared cores.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const dir = tempDir();
const HEADER = 'customer_id,date,amount';
const GOOD = ['1,2024-01-05,5', '1,2024-02-01,7.25', '2,2024-01-10,4'];

function csv(name: string, lines: readonly string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
  return file;
}

/** The error line and the account line of a run (the in-process reader first prints the columns it chose). */
function refusal(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('clvkit summary:') || l.startsWith('read '));
}

// One row of each class the in-process reader rejects, last in its file so both readers have read every row
// when they stop: the engine names the same line with the same reason, and the account is the same.
const CLASSES: Record<string, string> = {
  'negative amount': '3,2024-02-03,-3',
  'empty customer id': ',2024-02-03,4',
  'blank customer id': '   ,2024-02-03,4',
  'empty date': '3,,4',
  'day-first date (never sniffed)': '3,03/02/2024,4',
  'month-first date (never sniffed)': '3,02/13/2024,4',
  'date before 1900': '3,1800-01-01,4',
  'date after the observation end': '3,2024-07-01,4',
  'amount not a number': '3,2024-02-03,abc',
  'NaN amount': '3,2024-02-03,NaN',
  'infinite amount': '3,2024-02-03,Infinity',
  'amount beyond float64': '3,2024-02-03,1e400',
  'amount above the input bound': '3,2024-02-03,1e16',
  'blank amount': '3,2024-02-03,',
};

describe('clvkit summary --engine duckdb accounts for every row as the in-process reader does (issue 14)', () => {
  for (const [name, row] of Object.entries(CLASSES)) {
    it(`${name}: stops at the same line with the same reason and account`, async () => {
      const file = csv(`class-${name.replace(/\W+/g, '-')}.csv`, [...GOOD, row]);
      const flags = ['--format', 'csv', '--observation-end', '2024-06-30'];
      const node = await runInProcess(['summary', file, ...flags]);
      const duck = await runInProcess(['summary', file, '--engine', 'duckdb', ...flags]);
      expect(node.code).toBe(2);
      expect(duck.code).toBe(2);
      expect(duck.stdout).toBe('');
      const lines = refusal(node.stderr);
      expect(lines[0]).toMatch(/line 5: column /);
      expect(lines[1]).toMatch(/^read 4 rows: 3 used, 1 rejected \(1 [^)]+\)$/);
      expect(refusal(duck.stderr)).toEqual(lines);
    });
  }

  const mixed = csv('mixed.csv', [...GOOD, ...Object.values(CLASSES), '4,2024-03-01,1.5']);
  const SKIP = ['--format', 'csv', '--observation-end', '2024-06-30', '--on-bad-row', 'skip'];

  it('--on-bad-row skip: the same customers and the same account (read = used + rejected, per reason)', async () => {
    const node = await runInProcess(['summary', mixed, ...SKIP]);
    const duck = await runInProcess(['summary', mixed, '--engine', 'duckdb', ...SKIP]);
    expect(node.code, node.stderr).toBe(0);
    expect(duck.code, duck.stderr).toBe(0);
    expect(duck.stdout).toBe(node.stdout);
    // The same counts per kind; kinds with equal counts are listed in a fixed order by the engine (in order of
    // first appearance in-process).
    const account = (stderr: string) => {
      const line = stderr.split('\n').find((l) => l.startsWith('read ')) ?? '';
      const [head, kinds = ''] = line.split(' (');
      return { head, kinds: new Set(kinds.replace(')', '').split(', ')) };
    };
    expect(account(node.stderr)).toEqual({
      head: 'read 18 rows: 4 used, 14 rejected',
      kinds: new Set(['7 amount', '3 date', '2 customer id', '2 implausible date']),
    });
    expect(account(duck.stderr)).toEqual(account(node.stderr));
  });

  it('--max-rejects N: stops past N rejected rows, goes on within them, as in-process', async () => {
    const under = await runInProcess([
      'summary',
      mixed,
      '--engine',
      'duckdb',
      ...SKIP.slice(0, 4),
      '--max-rejects',
      '14',
    ]);
    expect(under.code, under.stderr).toBe(0);
    const over = await runInProcess([
      'summary',
      mixed,
      '--engine',
      'duckdb',
      ...SKIP.slice(0, 4),
      '--max-rejects',
      '13',
    ]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('stopped: more than 13 rows rejected (--max-rejects)');
    const share = await runInProcess([
      'summary',
      mixed,
      '--engine',
      'duckdb',
      ...SKIP.slice(0, 4),
      '--max-rejects',
      '50%',
    ]);
    expect(share.code).toBe(2);
    expect(share.stderr).toContain(`${mixed}: 14 of 18 rows rejected, more than --max-rejects 50%`);
  });

  it('a 9999-12-31 placeholder without --observation-end: after today, the same words as in-process', async () => {
    const file = csv('placeholder.csv', [...GOOD, '3,9999-12-31,4']);
    const node = await runInProcess(['summary', file]);
    const duck = await runInProcess(['summary', file, '--engine', 'duckdb']);
    expect(duck.code).toBe(2);
    expect(refusal(duck.stderr)).toEqual(refusal(node.stderr));
    expect(refusal(duck.stderr)[0]).toContain('give --observation-end to read later dates');
  });

  it('every row rejected is an error, as in-process', async () => {
    const file = csv('all-bad.csv', ['1,2024-01-05,-1', ',2024-01-06,2']);
    const duck = await runInProcess(['summary', file, '--engine', 'duckdb', '--on-bad-row', 'skip']);
    expect(duck.code).toBe(2);
    expect(duck.stderr).toContain(`${file}: every row was rejected (2 of 2)`);
    expect(duck.stderr).toContain('read 2 rows: 0 used, 2 rejected (1 amount, 1 customer id)');
  });

  it('fit from the engine applies the same rules (a refund stops it, naming the line)', async () => {
    const file = csv('fit-refund.csv', [...GOOD, '3,2024-02-03,-3']);
    const duck = await runInProcess(['fit', 'bgnbd', file, '--engine', 'duckdb']);
    expect(duck.code).toBe(2);
    expect(duck.stderr).toContain(
      `${file}, line 5: column amount: expected an amount of 0 or more, received '-3'`,
    );
  });

  it('more than 10 decimals: refused, not rounded to DECIMAL(38, 10)', async () => {
    const file = csv('decimals.csv', [...GOOD, '3,2024-02-03,1.12345678901234']);
    const duck = await runInProcess(['summary', file, '--engine', 'duckdb', '--format', 'csv']);
    expect(duck.code).toBe(2);
    expect(duck.stderr).toContain(
      `${file}, line 5: column amount: expected an amount with at most 10 decimals`,
    );
    // Ten decimals are kept exactly.
    const ten = csv('ten-decimals.csv', [...GOOD, '3,2024-02-03,1.1234567891']);
    const ok = await runInProcess(['summary', ten, '--engine', 'duckdb', '--format', 'csv', '--quiet']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(',1.1234567891,');
  });

  it('a glob-like file name is refused, never expanded to other files', async () => {
    const literal = csv('orders[1].csv', GOOD);
    csv('orders1.csv', ['9,2024-01-05,5']);
    const duck = await runInProcess(['summary', literal, '--engine', 'duckdb']);
    expect(duck.code).toBe(2);
    expect(duck.stdout).toBe('');
    expect(duck.stderr).toContain('a file name with a glob character');
    const missing = await runInProcess(['summary', join(dir, 'nowhere.csv'), '--engine', 'duckdb']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
  });

  it('the library returns the account with the summary', async () => {
    const s = await summarizeWithDuckDB({
      file: { path: mixed, format: 'csv' },
      observationEnd: '2024-06-30',
    });
    expect(s.columns.customerId).toEqual(['1', '2', '4']);
    expect(s.account).toMatchObject({
      rowsRead: 18,
      rowsUsed: 4,
      rowsRejected: 14,
      rejectedBy: { amount: 7, date: 3, 'customer id': 2, 'implausible date': 2 },
      firstRejection: {
        reason: 'amount',
        kind: 'amount',
        row: 4,
        message: "column amount: expected an amount of 0 or more, received '-3'",
      },
    });
  });
});

describe('DuckDB reads a CSV once for the summary and its account', () => {
  it('same summary and account as the queries over the file, in one query (summaryWithDaysSql); nothing left on the connection', async () => {
    const file = csv('once.csv', [...GOOD, ...Object.values(CLASSES), '4,2024-03-01,1.5', '1,2024-03-02,2']);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const read = async (q: { sql: string; params: unknown[] }) =>
      (await connection.runAndReadAll(q.sql, q.params as never[])).getColumns();
    try {
      const where = { path: file, format: 'csv' } as const;
      const o = { dialect: 'duckdb', file: where, observationEnd: '2024-06-30' } as const;
      const direct = await read(summarySql(o));
      const directGrouped = await read(summarySql({ ...o, grouped: true }));
      const counts = await read(summaryAccountSql(o).account);
      const sent: string[] = [];
      const counting = {
        runAndReadAll: (sql: string, values?: never[]) => {
          sent.push(sql);
          return connection.runAndReadAll(sql, values);
        },
      };
      const s = await summarizeWithDuckDB({
        connection: counting,
        file: where,
        observationEnd: o.observationEnd,
      });
      // The summary with its account by day, then (a row was rejected) the first rejected row's fields.
      expect(sent).toHaveLength(2);
      expect(sent[0]).toContain('UNION ALL BY NAME');
      expect(sent[1]).toContain('WHERE reject_reason IS NOT NULL');
      const g = await groupedSummaryWithDuckDB({ connection, file: where, observationEnd: o.observationEnd });
      for (const account of [s.account, g.account]) {
        // The file's rows: 3 good + 14 rejected + 2 good.
        expect(account).toMatchObject({
          rowsRead: 19,
          rowsUsed: 5,
          rowsRejected: 14,
          firstRejection: { row: 4 },
        });
        expect(account?.rowsRead).toBe(counts[1]?.reduce((t: number, n) => t + Number(n), 0));
      }
      expect(s.columns.customerId).toEqual(['1', '2', '4']); // first-appearance order kept
      expect(s.columns.customerId).toEqual(direct[0]);
      expect(Array.from(s.columns.frequency)).toEqual(direct[1]?.map(Number));
      expect(s.customers.map((c) => c.totalSpend.toString())).toEqual(['14.25', '4', '1.5']);
      expect(Array.from(g.frequency)).toEqual(directGrouped[0]?.map(Number));
      expect(Array.from(g.weights)).toEqual(directGrouped[3]?.map(Number));
      const tables = await read({ sql: 'SELECT count(*) FROM duckdb_tables() WHERE temporary', params: [] });
      expect(Number(tables[0]?.[0])).toBe(0); // no temporary table on the caller's connection
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});

describe('scoreInWarehouse: the account before anything is written', () => {
  it('a refund is counted and not scored; a check that throws leaves no table', async () => {
    const c = summarizeTransactions(transactions(cdnowSample()), { timeUnit: 'week' }).columns;
    const fits = { fit: fitBetaGeo(c), spendFit: spendFitOf(c) };
    const database = join(dir, 'scores.duckdb');
    const file = csv('score-refund.csv', [...GOOD, '3,2024-02-03,-3']);
    const source = {
      engine: 'duckdb',
      database,
      file: { path: file, format: 'csv' },
      timeUnit: 'week',
    } as const;
    await expect(
      scoreInWarehouse({
        ...source,
        ...fits,
        into: 'refused',
        checkAccount: (a) => {
          throw new Error(`${a.rowsRejected} rejected: ${a.firstRejection?.message}`);
        },
      }),
    ).rejects.toThrow("1 rejected: column amount: expected an amount of 0 or more, received '-3'");
    const ok = await scoreInWarehouse({ ...source, ...fits, into: 'scored' });
    expect(ok.customers).toBe(2);
    expect(ok.account).toMatchObject({
      rowsRead: 4,
      rowsUsed: 3,
      rowsRejected: 1,
      rejectedBy: { amount: 1 },
    });
    const instance = await DuckDBInstance.create(database);
    const connection = await instance.connect();
    const names = (
      await connection.runAndReadAll('SELECT table_name FROM duckdb_tables() ORDER BY table_name')
    ).getColumns()[0];
    connection.closeSync();
    instance.closeSync();
    expect(names).toEqual(['scored']); // nothing written for the refused run
  });
});

describe('PostgreSQL: rows with a NULL id or date, a negative or non-finite amount are counted (issue 14)', () => {
  const SCHEMA = `clvkit_account_${process.pid}`;
  let client: pg.Client;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ client, url, drop } = await freshPostgresSchema(SCHEMA));
    await client.query(`CREATE TABLE ${SCHEMA}.orders (customer_id TEXT, date DATE, amount NUMERIC)`);
    await client.query(
      `CREATE TABLE ${SCHEMA}.floats (customer_id BIGINT, date DATE, amount DOUBLE PRECISION)`,
    );
    await client.query(`INSERT INTO ${SCHEMA}.orders VALUES
      ('1', '2024-01-05', 5), ('1', '2024-02-01', 7.25), ('2', '2024-01-10', 4),
      (NULL, '2024-01-11', 3), ('', '2024-01-11', 3), ('3', NULL, 3), ('3', '2024-01-12', -2),
      ('3', '2024-01-12', 'NaN'), ('3', '2024-01-12', NULL), ('3', '1850-01-01', 1)`);
    await client.query(`INSERT INTO ${SCHEMA}.floats VALUES
      (1, '2024-01-05', 5), (2, '2024-01-06', 'Infinity'), (2, '2024-01-07', '-Infinity'), (2, '2024-01-08', 'NaN')`);
  });

  afterAll(() => drop());

  it('the library: read = used + rejected, per reason; the used rows only in the summary', async () => {
    const s = await summarizeWithPostgres({ connectionString: url, table: [SCHEMA, 'orders'] });
    expect(s.account).toMatchObject({
      rowsRead: 10,
      rowsUsed: 3,
      rowsRejected: 7,
      rejectedBy: { 'customer id': 2, date: 1, amount: 3, 'implausible date': 1 },
    });
    expect(s.account?.firstRejection?.message).toMatch(/^column /);
    expect(s.customers.map((c) => [c.customerId, c.orderCount, c.totalSpend.toString()])).toEqual([
      ['1', 2, '12.25'],
      ['2', 1, '4'],
    ]);
    const f = await summarizeWithPostgres({ connectionString: url, table: [SCHEMA, 'floats'] });
    expect(f.account).toMatchObject({ rowsRead: 4, rowsUsed: 1, rowsRejected: 3, rejectedBy: { amount: 3 } });
    expect(f.account?.firstRejection?.message).toMatch(/^column amount: expected an amount of 0 or more/);
  });

  it('the CLI stops at a rejected row with the reader message, or goes on with --on-bad-row skip', async () => {
    const args = ['summary', '--engine', 'postgres', '--db', url, '--table', `${SCHEMA}.floats`];
    const stop = await runInProcess(args);
    expect(stop.code).toBe(2);
    expect(stop.stderr).toMatch(
      new RegExp(
        `clvkit summary: ${SCHEMA}\\.floats: column amount: expected an amount of 0 or more, received '(-?Infinity|NaN)'`,
      ),
    );
    expect(stop.stderr).toContain('read 4 rows: 1 used, 3 rejected (3 amount)');
    const skip = await runInProcess([...args, '--on-bad-row', 'skip', '--format', 'csv', '--quiet']);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stderr).toContain('read 4 rows: 1 used, 3 rejected (3 amount)');
    expect(skip.stdout.trim().split('\n')).toHaveLength(2);
  });
});
