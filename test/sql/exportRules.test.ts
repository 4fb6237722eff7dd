import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from '@clickhouse/client';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rejectLineCsv } from '../../src/cli/ingest/summarizeFile.js';
import { rejectedRowsWith } from '../../src/node/engineAccount.js';
import { type EngineRejectedRow, summarizeWithDuckDB, summarizeWithPostgres } from '../../src/node/index.js';
import { summarySql } from '../../src/sql/summarySql.js';
import { FIELD_WHITESPACE } from '../../src/transactions/fieldWhitespace.js';
import { runInProcess } from '../cli/inProcess.js';
import { type ClickHouseCluster, clickHouseBinary, startClickHouseCluster } from './clickhouseCluster.js';
import { cdnowSample, freshPostgresSchema, tempDir } from './fixtures.js';

// Issue 14: the SQL engines read a log by the in-process reader's rules — one trimming rule, bad text dates and
// amounts counted as rejected rows (never a failed query), timestamps with a zone dated by their UTC day.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const dir = tempDir();
const NBSP = '\u00a0';
const IDEOGRAPHIC = '\u3000';

/**
 * The log's fields as written (customer id, date, amount): ids and fields that differ only by whitespace of the
 * trimming set at either end, timestamps with and without a zone, and rows each reader rejects.
 */
const ROWS: readonly (readonly [string, string, string])[] = [
  ['42', '2024-01-05', '5'],
  [' 42', '2024-01-20', '7'],
  [`${NBSP}42${IDEOGRAPHIC}`, '2024-02-01', '3'],
  ['\t42\u2003', `${NBSP}2024-02-10 `, `${IDEOGRAPHIC}1.25\u202f`],
  ['\ufeff7', '2024-01-07', ' 4.50'],
  ['7\u2028', '20240301', '2'],
  // An instant: 23:30 at −05:00 is 04:30 UTC the next day; 01:00 at +02:00 is 23:00 UTC the day before.
  ['8', '2024-01-01T23:30:00-05:00', '1'],
  ['8', '2024-01-01 23:30', '1'],
  ['9', '2024-01-03T01:00:00+02:00', '1'],
  ['9', '2024-01-03 11:30 PM', '1'],
  ['9', '2024-01-04 22:00:00 UTC', '1'],
  ['9', '2024-01-05T20:00:00.5-0700', '1'],
  // Rejected by every reader: a time that is not one, a day that does not exist, text that is no date or amount.
  ['10', '2024-01-05 25:00', '1'],
  ['10', '2021-02-30', '1'],
  ['10', 'not a date', '1'],
  ['10', '2024-01-06', 'abc'],
  [`${NBSP} `, '2024-01-06', '1'],
  ['11', '2024-01-06', `${IDEOGRAPHIC}`],
];

/** The rows as CSV text (every field quoted: the tab and line separator stay inside their field). */
function csvOf(rows: typeof ROWS): string {
  return `customer_id,date,amount\n${rows.map((r) => r.map((f) => `"${f}"`).join(',')).join('\n')}\n`;
}

const FLAGS = ['--format', 'csv', '--observation-end', '2024-06-30', '--on-bad-row', 'skip'];

/** The `read N rows: …` account line of a run, its kinds as a set (equal counts may be listed in either order). */
function account(stderr: string) {
  const line = stderr.split('\n').find((l) => l.startsWith('read ')) ?? '';
  const [head, kinds = ''] = line.split(' (');
  return { head, kinds: new Set(kinds.replace(')', '').split(', ')) };
}

const sorted = (stdout: string) => {
  const [header, ...lines] = stdout.trim().split('\n');
  return [header, ...lines.sort()];
};

const file = join(dir, 'whitespace.csv');
writeFileSync(file, csvOf(ROWS));

/** `clvkit summary` of a table through an engine (`--engine E --db URL --table T`), the shared flags and `extra`. */
function engineSummary(engine: string, db: string, table: string, extra: string[] = []) {
  return runInProcess(['summary', '--engine', engine, '--db', db, '--table', table, ...FLAGS, ...extra]);
}

/**
 * An engine's summary of the rules table against the in-process reader's of the same rows: same customers and
 * account, and in `zone` the same customers again, dated differently from UTC.
 */
async function expectSameAsInProcess(engine: string, db: string, table: string, zone: string): Promise<void> {
  const node = await runInProcess(['summary', file, ...FLAGS]);
  const run = await engineSummary(engine, db, table);
  expect(run.code, run.stderr).toBe(0);
  expect(sorted(run.stdout)).toEqual(sorted(node.stdout));
  expect(account(run.stderr)).toEqual(account(node.stderr));
  const zoned = ['--time-zone', zone];
  const nodeZoned = await runInProcess(['summary', file, ...FLAGS, ...zoned]);
  const engineZoned = await engineSummary(engine, db, table, zoned);
  expect(engineZoned.code, engineZoned.stderr).toBe(0);
  expect(sorted(engineZoned.stdout)).toEqual(sorted(nodeZoned.stdout));
  expect(engineZoned.stdout).not.toBe(run.stdout); // the zone dates some instants a day away from UTC
}

/** The in-process reader's --rejects file of `file`, and the rows a table's rejects file holds for the same log. */
async function nodeRejects(): Promise<{ text: string; tableRows: string[] }> {
  const path = join(dir, 'node-rejects.csv');
  const node = await runInProcess(['summary', file, ...FLAGS, '--rejects', path]);
  expect(node.code, node.stderr).toBe(0);
  const text = readFileSync(path, 'utf8');
  // A table's rows: no line, the fields as trimmed text; the same reasons.
  const rows = parse(text, { from_line: 2 }) as [string, string, string][];
  const tableRows = rows.map(([line, reason]) =>
    rejectLineCsv(
      undefined,
      reason,
      (ROWS[Number(line) - 2] as readonly string[]).map((f) => f.trim()).join(','),
    ).trimEnd(),
  );
  return { text, tableRows };
}

/** A table's rejects file as its rows, sorted (a table's rows come by customer id, date and amount). */
const tableRejects = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

/** A log in two currencies (customer_id, date, amount, currency): what a table with a currency column holds. */
const FX_ROWS = [
  { customer_id: '1', date: '2024-01-05', amount: '5', currency: 'USD' },
  { customer_id: '1', date: '2024-02-05', amount: '7', currency: 'EUR' },
] as const;

/**
 * A table with a currency column, through `engine`: refused as a file with one is (the engines add amounts as
 * they are), naming the column, before any row is read; with --currency-col none, what in-process prints for
 * the same rows with the same flag.
 */
async function expectCurrencyTableRefused(engine: string, db: string, table: string): Promise<void> {
  const flags = ['--observation-end', '2024-06-30'];
  const run = await runInProcess(['summary', '--engine', engine, '--db', db, '--table', table, ...flags]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    "column 'currency' looks like each row's currency, which only the in-process reader checks (one currency throughout, or --rates): export the table to a file and read it without --engine, or pass --currency-col none if every amount is in one currency",
  );
  const none = ['--currency-col', 'none', ...flags];
  const added = await runInProcess(['summary', '--engine', engine, '--db', db, '--table', table, ...none]);
  expect(added.code, added.stderr).toBe(0);
  const path = join(dir, `fx-${engine}.csv`);
  writeFileSync(
    path,
    `customer_id,date,amount,currency\n${FX_ROWS.map((r) => Object.values(r).join(',')).join('\n')}\n`,
  );
  const node = await runInProcess(['summary', path, ...none]);
  expect(added.stdout).toBe(node.stdout);
  // customer 1: 2 orders, total_spend 5 + 7 (USD and EUR added as they are, as the flag says they may be)
  expect(added.stdout.split('\n')[1]).toMatch(/^1,1,31,177,7,2024-01-05,2024-02-05,\d+,2,12,6\.00$/);
}

describe('the trimming set is the one String.prototype.trim removes', () => {
  it('code point by code point, over the whole Basic Multilingual Plane', () => {
    const set = new Set(FIELD_WHITESPACE);
    const removed: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (`a${ch}`.trim() === 'a') removed.push(ch);
    }
    expect(removed.length).toBe(25);
    expect(new Set(removed)).toEqual(set);
  });
});

describe('the in-process reader: what the engines must give', () => {
  it('one customer 42 of four orders, 7 of two; instants dated in UTC; 6 rows rejected', async () => {
    const node = await runInProcess(['summary', file, ...FLAGS]);
    expect(node.code, node.stderr).toBe(0);
    const rows = node.stdout.trim().split('\n');
    expect(rows[0]).toBe(
      'customer_id,frequency,recency,T,monetary_value,first_purchase,last_purchase,days_since_last_purchase,orders,total_spend,average_order_value',
    );
    const byId = new Map(rows.slice(1).map((r) => [r.split(',')[0], r.split(',')]));
    expect([...byId.keys()]).toEqual(['42', '7', '8', '9']);
    expect(byId.get('42')?.slice(5, 10)).toEqual(['2024-01-05', '2024-02-10', '141', '4', '16.25']);
    expect(byId.get('7')?.slice(5, 10)).toEqual(['2024-01-07', '2024-03-01', '121', '2', '6.5']);
    // 2024-01-01T23:30:00-05:00 is 2024-01-02 in UTC; 2024-01-01 23:30 (no zone) is the day written.
    expect(byId.get('8')?.slice(1, 2)).toEqual(['1']);
    expect(byId.get('8')?.slice(5, 7)).toEqual(['2024-01-01', '2024-01-02']);
    // 01:00 at +02:00 is 2024-01-02 23:00 UTC; 11:30 PM without a zone is 2024-01-03; 22:00 UTC is 2024-01-04;
    // 20:00:00.5 at −07:00 is 2024-01-06 03:00 UTC.
    expect(byId.get('9')?.slice(1, 2)).toEqual(['3']); // four days
    expect(byId.get('9')?.slice(5, 7)).toEqual(['2024-01-02', '2024-01-06']);
    expect(account(node.stderr)).toEqual({
      head: 'read 18 rows: 12 used, 6 rejected',
      kinds: new Set(['3 date', '2 amount', '1 customer id']),
    });
  });
});

describe('DuckDB reads the CSV by the same rules', () => {
  it('clvkit summary --engine duckdb prints the in-process rows and account', async () => {
    const node = await runInProcess(['summary', file, ...FLAGS]);
    const duck = await runInProcess(['summary', file, '--engine', 'duckdb', ...FLAGS]);
    expect(duck.code, duck.stderr).toBe(0);
    expect(duck.stdout).toBe(node.stdout);
    expect(account(duck.stderr)).toEqual(account(node.stderr));
  });

  it('--rejects: the same file as the in-process reader (line, reason, the line as written)', async () => {
    const { text } = await nodeRejects();
    expect((parse(text) as string[][]).slice(0, 2)).toEqual([
      ['line', 'reason', 'text'],
      [
        '14',
        "column date: expected a date (yyyy-MM-dd), received '2024-01-05 25:00'",
        '"10","2024-01-05 25:00","1"',
      ],
    ]);
    expect(text.trim().split('\n')).toHaveLength(7);
    const path = join(dir, 'duck-rejects.csv');
    const duck = await runInProcess(['summary', file, '--engine', 'duckdb', ...FLAGS, '--rejects', path]);
    expect(duck.code, duck.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(text);
    // Stopping at the first rejected row: that row only, as in-process.
    const stopNode = join(dir, 'stop-node.csv');
    const stopDuck = join(dir, 'stop-duck.csv');
    const stop = ['--format', 'csv', '--observation-end', '2024-06-30'];
    expect((await runInProcess(['summary', file, ...stop, '--rejects', stopNode])).code).toBe(2);
    expect(
      (await runInProcess(['summary', file, '--engine', 'duckdb', ...stop, '--rejects', stopDuck])).code,
    ).toBe(2);
    expect(readFileSync(stopDuck, 'utf8')).toBe(readFileSync(stopNode, 'utf8'));
    expect(readFileSync(stopDuck, 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('--rejects with fit (the grouped form): the same file as in-process', async () => {
    const nodePath = join(dir, 'fit-node-rejects.csv');
    const duckPath = join(dir, 'fit-duck-rejects.csv');
    const flags = ['--observation-end', '2024-06-30', '--on-bad-row', 'skip'];
    await runInProcess(['fit', 'bgnbd', file, ...flags, '--rejects', nodePath]);
    await runInProcess(['fit', 'bgnbd', file, '--engine', 'duckdb', ...flags, '--rejects', duckPath]);
    const written = readFileSync(nodePath, 'utf8');
    expect(written.trim().split('\n')).toHaveLength(7);
    expect(readFileSync(duckPath, 'utf8')).toBe(written);
  });

  it('--rejects with predict --into: the same file as in-process, written before the scores', async () => {
    const log = join(dir, 'cdnow-with-rejects.csv');
    const lines = cdnowSample().rows.map((r) => `${r.customerId},${r.date},${r.amount}`);
    // Rejected rows among the orders: a refund, a blank id, a day that does not exist, a bad time.
    lines.splice(100, 0, '5,1997-02-03,-3');
    lines.splice(2000, 0, `${NBSP},1997-03-01,4`);
    lines.splice(4000, 0, '7,1997-02-30,4', '8,1997-03-01T24:00:00Z,4');
    writeFileSync(log, `customer_id,date,amount\n${lines.join('\n')}\n`);
    const flags = [
      '--time-unit',
      'week',
      '--observation-end',
      '1998-06-30',
      '--on-bad-row',
      'skip',
      '--quiet',
    ];
    const nodePath = join(dir, 'predict-node-rejects.csv');
    const duckPath = join(dir, 'predict-duck-rejects.csv');
    const node = await runInProcess(['predict', log, ...flags, '--format', 'csv', '--rejects', nodePath]);
    expect(node.code, node.stderr).toBe(0);
    const duck = await runInProcess([
      'predict',
      '--engine',
      'duckdb',
      log,
      '--db',
      join(dir, 'predict.duckdb'),
      ...flags,
      '--into',
      'scores',
      '--rejects',
      duckPath,
    ]);
    expect(duck.code, duck.stderr).toBe(0);
    const written = readFileSync(nodePath, 'utf8');
    expect(
      written
        .trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
    ).toEqual(['line', '102', '2002', '4002', '4003']);
    expect(readFileSync(duckPath, 'utf8')).toBe(written);
  });

  it('the rejected rows come page by page, in file order, never skipped or repeated', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const pages: (readonly EngineRejectedRow[])[] = [];
    try {
      await rejectedRowsWith(
        async (q) => (await connection.runAndReadAll(q.sql, q.params as never[])).getColumns(),
        { dialect: 'duckdb', file: { path: file, format: 'csv' }, observationEnd: '2024-06-30' },
        (rows) => {
          pages.push(rows);
        },
        4,
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    expect(pages.map((p) => p.length)).toEqual([4, 2]);
    expect(pages.flat().map((r) => [r.row, r.kind])).toEqual([
      [13, 'date'],
      [14, 'date'],
      [15, 'date'],
      [16, 'amount'],
      [17, 'customer id'],
      [18, 'amount'],
    ]);
    expect(pages.flat()[5]).toMatchObject({
      reason: 'blank amount',
      customerId: '11',
      amount: '',
      message: 'column amount: expected an amount, received a blank',
    });
  });

  it('--time-zone: instants dated in that zone, as in-process; a zone the reader does not know is refused alike', async () => {
    const zoned = [...FLAGS, '--time-zone', 'America/New_York'];
    const node = await runInProcess(['summary', file, ...zoned]);
    const duck = await runInProcess(['summary', file, '--engine', 'duckdb', ...zoned]);
    expect(duck.code, duck.stderr).toBe(0);
    expect(duck.stdout).toBe(node.stdout);
    const byId = new Map(
      node.stdout
        .trim()
        .split('\n')
        .map((r) => [r.split(',')[0], r.split(',')]),
    );
    // 2024-01-01T23:30:00-05:00 is 2024-01-01 in New York: one day with 2024-01-01 23:30.
    expect(byId.get('8')?.slice(1, 2)).toEqual(['0']);
    // 01:00 at +02:00 is 18:00 on 2024-01-02 in New York; 20:00:00.5 at −07:00 is 22:00 on 2024-01-05.
    expect(byId.get('9')?.slice(5, 7)).toEqual(['2024-01-02', '2024-01-05']);
    const bad = await runInProcess(['summary', file, '--engine', 'duckdb', '--time-zone', 'Mars/Olympus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "--time-zone: expected an IANA time zone such as Europe/London, America/New_York or UTC, received 'Mars/Olympus'",
    );
  });

  it('the first rejected row is named with its trimmed text, as in-process', async () => {
    const stop = ['--format', 'csv', '--observation-end', '2024-06-30'];
    const bad = join(dir, 'bad-date.csv');
    writeFileSync(
      bad,
      csvOf([ROWS[0] as (typeof ROWS)[number], ['10', `${NBSP}2021-02-30${IDEOGRAPHIC}`, '1']]),
    );
    const node = await runInProcess(['summary', bad, ...stop]);
    const duck = await runInProcess(['summary', bad, '--engine', 'duckdb', ...stop]);
    const refusal = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('clvkit summary:'));
    expect(refusal(node.stderr)).toEqual([
      `clvkit summary: ${bad}, line 3: column date: expected a date (yyyy-MM-dd), received '2021-02-30'`,
    ]);
    expect(refusal(duck.stderr)).toEqual(refusal(node.stderr));
  });

  it('a numeric id column keeps its type (nothing to trim): ids stay numbers, ordered as numbers', async () => {
    const parquet = join(dir, 'typed.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT * FROM (VALUES (10::BIGINT, DATE '2024-01-05', 5.0), (9, DATE '2024-01-06', 2.5), (10, DATE '2024-02-01', 1.0)) AS v(customer_id, date, amount)) TO '${parquet}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const s = await summarizeWithDuckDB({ file: { path: parquet, format: 'parquet' } });
    expect(s.columns.customerId).toEqual([10, 9]); // the file's order of first appearance, as numbers
    expect(s.customers.map((c) => c.orderCount)).toEqual([2, 1]);
    // --rejects from a Parquet file: no line to read back, the row's fields as text.
    const refund = join(dir, 'refund.parquet');
    const again = await DuckDBInstance.create(':memory:');
    const c2 = await again.connect();
    await c2.run(
      `COPY (SELECT * FROM (VALUES ('10', '2024-01-05', '5'), ('9', '2024-01-06', '-1')) AS v(customer_id, date, amount)) TO '${refund}' (FORMAT parquet)`,
    );
    c2.closeSync();
    again.closeSync();
    const path = join(dir, 'parquet-rejects.csv');
    const run = await runInProcess(['summary', refund, '--engine', 'duckdb', ...FLAGS, '--rejects', path]);
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(
      `line,reason,text\n,"column amount: expected an amount of 0 or more, received '-1'","9,2024-01-06,-1"\n`,
    );
  });
});

describe('a table with a currency column is refused by every engine, as a file with one is', () => {
  it('DuckDB (--db FILE --table NAME)', async () => {
    const db = join(dir, 'fx.duckdb');
    const instance = await DuckDBInstance.create(db);
    const connection = await instance.connect();
    await connection.run(
      'CREATE TABLE fx (customer_id VARCHAR, date VARCHAR, amount VARCHAR, currency VARCHAR)',
    );
    for (const r of FX_ROWS)
      await connection.run('INSERT INTO fx VALUES ($1, $2, $3, $4)', Object.values(r) as never[]);
    connection.closeSync();
    instance.closeSync();
    await expectCurrencyTableRefused('duckdb', db, 'fx');
  });
});

describe('PostgreSQL reads text columns by the same rules (issue 14)', () => {
  const SCHEMA = `clvkit_rules_${process.pid}`;
  let client: pg.Client;
  let url: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ client, url, drop } = await freshPostgresSchema(SCHEMA));
    await client.query(`CREATE TABLE ${SCHEMA}.orders (customer_id TEXT, date TEXT, amount TEXT)`);
    await client.query(
      `INSERT INTO ${SCHEMA}.orders SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
      [ROWS.map((r) => r[0]), ROWS.map((r) => r[1]), ROWS.map((r) => r[2])],
    );
  });

  afterAll(() => drop());

  it('clvkit summary --engine postgres: the in-process customers and account, no failed query', async () => {
    // Tokyo dates some instants a day later than UTC.
    await expectSameAsInProcess('postgres', url, `${SCHEMA}.orders`, 'Asia/Tokyo');
  });

  it('--rejects: every rejected row with its reason and fields (a table row has no line)', async () => {
    const { tableRows } = await nodeRejects();
    const path = join(dir, 'pg-rejects.csv');
    const run = await engineSummary('postgres', url, `${SCHEMA}.orders`, ['--rejects', path]);
    expect(run.code, run.stderr).toBe(0);
    const rows = tableRejects(path);
    expect(rows[0]).toBe('line,reason,text');
    expect(rows.slice(1).sort()).toEqual([...tableRows].sort());
    expect(rows.slice(1)).toContain(
      `,"column amount: expected an amount of 0 or more, received 'abc'","10,2024-01-06,abc"`,
    );
  });

  it("the library: 'not a date', 2021-02-30 and 25:00 are date rejections, 'abc' an amount rejection", async () => {
    const s = await summarizeWithPostgres({
      connectionString: url,
      table: [SCHEMA, 'orders'],
      observationEnd: '2024-06-30',
    });
    expect(s.account).toMatchObject({
      rowsRead: 18,
      rowsUsed: 12,
      rowsRejected: 6,
      rejectedBy: { date: 3, amount: 2, 'customer id': 1 },
    });
    expect(s.columns.customerId).toEqual(['42', '7', '8', '9']);
  });

  it('a table with a currency column: refused as a file with one is; --currency-col none reads it', async () => {
    await client.query(`CREATE TABLE ${SCHEMA}.fx (customer_id TEXT, date TEXT, amount TEXT, currency TEXT)`);
    for (const r of FX_ROWS)
      await client.query(`INSERT INTO ${SCHEMA}.fx VALUES ($1, $2, $3, $4)`, Object.values(r));
    await expectCurrencyTableRefused('postgres', url, `${SCHEMA}.fx`);
  });

  it('a DATE or TIMESTAMPTZ column: the day of the text the server prints, an instant in UTC', async () => {
    await client.query(`CREATE TABLE ${SCHEMA}.typed (customer_id BIGINT, date TIMESTAMPTZ, amount NUMERIC)`);
    await client.query(`SET TIME ZONE 'America/New_York'`);
    await client.query(
      `INSERT INTO ${SCHEMA}.typed VALUES (5, '2024-01-01T23:30:00-05:00', 1), (5, '2024-01-03T12:00:00Z', 2)`,
    );
    const s = await summarizeWithPostgres({
      connectionString: url,
      table: [SCHEMA, 'typed'],
      observationEnd: '2024-06-30',
    });
    expect(s.customers.map((c) => [c.customerId, c.firstPurchase, c.lastPurchase])).toEqual([
      ['5', '2024-01-02', '2024-01-03'], // pg reads BIGINT as text (exact); not trimmed, not re-typed
    ]);
  });
});

const binary = clickHouseBinary();

describe.skipIf(binary === undefined && process.env.CI !== 'true')(
  'ClickHouse reads String columns by the same rules (issue 14)',
  () => {
    let cluster: ClickHouseCluster;
    let client: ReturnType<typeof createClient>;
    let url: string;

    beforeAll(async () => {
      if (binary === undefined) throw new Error('CI=true and no clickhouse-server binary');
      cluster = await startClickHouseCluster(binary);
      url = cluster.shards[0].url;
      client = createClient({ url });
      await client.command({
        query:
          'CREATE TABLE rules (customer_id String, date String, amount String) ENGINE = MergeTree() ORDER BY tuple()',
      });
      await client.insert({
        table: 'rules',
        values: ROWS.map(([customer_id, date, amount]) => ({ customer_id, date, amount })),
        format: 'JSONEachRow',
      });
    });
    afterAll(async () => {
      await client?.close();
      await cluster?.stop();
    });

    it('clvkit summary --engine clickhouse: the in-process customers and account, no failed query', async () => {
      await expectSameAsInProcess('clickhouse', url, 'rules', 'America/New_York');
    });

    it('--rejects: every rejected row with its reason and fields', async () => {
      const { tableRows } = await nodeRejects();
      const path = join(dir, 'ch-rejects.csv');
      const ch = await engineSummary('clickhouse', url, 'rules', ['--rejects', path]);
      expect(ch.code, ch.stderr).toBe(0);
      const rows = tableRejects(path);
      expect(rows[0]).toBe('line,reason,text');
      expect(rows.slice(1).sort()).toEqual([...tableRows].sort());
    });

    it('a table with a currency column: refused as a file with one is; --currency-col none reads it', async () => {
      await client.command({
        query:
          'CREATE TABLE fx (customer_id String, date String, amount String, currency String) ENGINE = MergeTree() ORDER BY tuple()',
      });
      await client.insert({ table: 'fx', values: [...FX_ROWS], format: 'JSONEachRow' });
      await expectCurrencyTableRefused('clickhouse', url, 'fx');
    });

    it('a year outside ClickHouse Date (1970 … 2105) is a rejected row, never read as 1970-01-01', async () => {
      await client.command({
        query:
          'CREATE TABLE years (customer_id String, date String, amount String) ENGINE = MergeTree() ORDER BY tuple()',
      });
      await client.insert({
        table: 'years',
        values: [
          { customer_id: '1', date: '2024-01-05', amount: '1' },
          { customer_id: '1', date: '1850-01-01', amount: '1' },
          { customer_id: '2', date: '2200-01-01', amount: '1' },
        ],
        format: 'JSONEachRow',
      });
      const { summarizeWithClickHouse } = await import('../../src/node/index.js');
      const s = await summarizeWithClickHouse({ url, table: 'years', observationEnd: '2024-06-30' });
      expect(s.account).toMatchObject({ rowsRead: 3, rowsUsed: 1, rowsRejected: 2, rejectedBy: { date: 2 } });
      expect(s.customers.map((c) => [c.customerId, c.firstPurchase])).toEqual([['1', '2024-01-05']]);
    });
  },
);

describe('BigQuery, Snowflake and Spark: the same rules in their text', () => {
  const escaped = [...FIELD_WHITESPACE]
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');
  it.each([
    ['bigquery', `TRIM(CAST(src.\`customer_id\` AS STRING), '${escaped}')`, `, '${escaped}')`],
    [
      'snowflake',
      `TRIM(CAST(src."customer_id" AS VARCHAR), '${FIELD_WHITESPACE}')`,
      `, '${FIELD_WHITESPACE}')`,
    ],
    [
      'spark',
      `trim(BOTH '${FIELD_WHITESPACE}' FROM CAST(src.\`customer_id\` AS STRING))`,
      `trim(BOTH '${FIELD_WHITESPACE}' FROM`,
    ],
  ] as const)(
    '%s trims every field with the whole set and reads the date by the rule',
    (dialect, id, each) => {
      const { sql } = summarySql({ dialect, table: 'orders' });
      expect(sql).toContain(id);
      // The date (when it is not a plain yyyy-MM-dd) and the amount (when it does not read as written) too.
      expect(sql).toMatch(/LIKE '____-__-__' THEN CAST\(src\.\S+date\S+ AS \w+\) ELSE/);
      expect(sql).toContain(`ELSE ${id.replace('customer_id', 'date')} END AS date_text`);
      const amount = dialect === 'spark' ? `${each} t.amount_text)` : `(t.amount_text${each}`;
      expect(sql).toContain(amount);
      expect(sql).toContain('[0-9]{4}-[0-9]{2}-[0-9]{2}');
      expect(sql).toContain('Z|z|UTC|GMT');
      // With a time zone, instants are dated by the engine's zone database; a zone is checked before it is written.
      const zoned = summarySql({ dialect, table: 'orders', timeZone: 'Europe/London' }).sql;
      const inZone = {
        bigquery: "'Europe/London')",
        snowflake: "CONVERT_TIMEZONE('UTC', 'Europe/London'",
        spark: ", 'Europe/London'))",
      }[dialect];
      expect(zoned).toContain(inZone);
      expect(sql).not.toContain(inZone);
      expect(() => summarySql({ dialect, table: 'orders', timeZone: "UTC'; DROP TABLE x; --" })).toThrow(
        /timeZone/,
      );
    },
  );
});
