import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { groupedSummaryWithDuckDB, summarizeWithDuckDB } from '../../src/node/index.js';
import { DIALECTS } from '../../src/sql/dialects.js';
import { summaryAccountSql, summarySql, summaryWithDaysSql } from '../../src/sql/summarySql.js';
import type { SummarySqlOptions } from '../../src/sql/summarySqlOptions.js';

// DuckDB's first start on two shared cores.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

type Columns = readonly (readonly unknown[])[];
let instance: DuckDBInstance;
let connection: Awaited<ReturnType<DuckDBInstance['connect']>>;
const read = async (q: { sql: string; params: unknown[] }): Promise<Columns> =>
  (await connection.runAndReadAll(q.sql, q.params as never[])).getColumns();
/** The rows of columns, each value as text (bigints, decimals and dates compare by their text). */
const rowsOf = (columns: Columns) =>
  (columns[0] ?? []).map((_, i) => columns.map((c) => (c[i] === null ? null : String(c[i]))));

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

// Amounts as DuckDB DOUBLEs, each with what the text rule says of it (its text is its shortest round-trip decimal).
const NAMED: readonly [string, number | null, string | null][] = [
  ['cents', 28.33, null],
  ['zero', 0, null],
  ['negative zero (its text -0.0 reads as 0 or more)', -0, null],
  ['0.1 + 0.2 is 0.30000000000000004: 17 decimals', 0.1 + 0.2, 'decimals'],
  ['ten decimals', 1.1234567891, null],
  ['eleven decimals', 1.12345678901, 'decimals'],
  ['ten decimals after six digits', 123456.1234567891, null],
  ['eleven decimals after five digits', 12345.12345678901, 'decimals'],
  ['seventeen digits, shortest as 123456.123456789: nine decimals', 123456.12345678901, null],
  ["1e-05, written '1e-05'", 1e-5, null],
  ["written '1.2345678901e-05': 14 characters after the point", 1.2345678901e-5, 'decimals'],
  ["written '9.999999999999999e-05'", 9.999999999999999e-5, 'decimals'],
  ['one ten-thousandth', 0.0001, null],
  ['the largest amount below 1e15 with a decimal', 999999999999999.9, null],
  ['the smallest denormal, written 5e-324', 5e-324, null],
  ['1e15 is not below the bound', 1e15, 'amount'],
  ['a refund', -3, 'amount'],
  ['NaN', Number.NaN, 'amount'],
  ['Infinity', Number.POSITIVE_INFINITY, 'amount'],
  ['no amount', null, 'blank amount'],
];

describe('a DuckDB DOUBLE amount read as its value (typedAmount) is judged as its text is', () => {
  it('named values: the same reason, the same spend, the same exact total as through the text', async () => {
    const literal = (x: number | null) =>
      x === null ? 'NULL' : `CAST('${Object.is(x, -0) ? '-0.0' : String(x)}' AS DOUBLE)`;
    const values = NAMED.map(([, x], i) => `(${i + 1}, ${literal(x)})`);
    await connection.run(`CREATE OR REPLACE TABLE named_amounts AS
      SELECT CAST(v.id AS VARCHAR) AS customer_id, d.date, CASE WHEN d.first THEN 1.0 ELSE v.x END AS amount
      FROM (VALUES ${values.join(', ')}) AS v(id, x)
      CROSS JOIN (VALUES (DATE '2024-01-01', true), (DATE '2024-02-01', false)) AS d(date, first)`);
    const text: SummarySqlOptions = {
      dialect: 'duckdb',
      table: 'named_amounts',
      observationEnd: '2024-06-30',
    };
    const typed = { ...text, typedAmount: true };
    expect(summarySql(typed).sql).toContain('round(r.amount_value * CAST(1e10 AS DOUBLE))');
    expect(summarySql(text).sql).not.toContain('amount_value');
    const rejected = async (o: SummarySqlOptions) =>
      rowsOf(await read(summaryAccountSql(o).rejectedRows(0, 100)));
    const byText = await rejected(text);
    expect(await rejected(typed)).toEqual(byText);
    // Each value's reason, as named (the row's id is its place in NAMED).
    const reasons = new Map(byText.map((r) => [Number(r[1]), r[0]]));
    NAMED.forEach(([name, , reason], i) => {
      expect(reasons.get(i + 1) ?? null, name).toBe(reason);
    });
    // The used rows' figures: spend (monetaryValue, the second order's amount) and exact totals.
    const summary = async (o: SummarySqlOptions) => rowsOf(await read(summarySql(o)));
    const used = await summary(typed);
    expect(used).toEqual(await summary(text));
    const cents = used.find((r) => r[0] === '1');
    expect(cents?.[4]).toBe('28.33'); // monetaryValue
    expect(cents?.[9]).toBe('29.3300000000'); // totalSpend, DECIMAL(38, 10): 1 + 28.33
    expect(used.find((r) => r[0] === '7')?.[9]).toBe('123457.1234567891'); // ten decimals kept exactly
  });

  it('300,000 doubles of every magnitude and number of decimals: the same rejections as the text rule', async () => {
    // x = round(u · 10^e, d) and raw u · 10^e for e in −9 … 15, d in 0 … 14 (u uniform in [0, 1), seeded).
    await connection.run('SELECT setseed(0.14)');
    await connection.run(`CREATE OR REPLACE TABLE many_amounts AS
      SELECT CAST(i AS VARCHAR) AS customer_id, DATE '2024-01-01' AS date,
        CASE WHEN i % 2 = 0 THEN round(random() * pow(10, i % 25 - 9), CAST((i // 25) % 15 AS INTEGER)) ELSE random() * pow(10, i % 25 - 9) END AS amount
      FROM range(300000) AS t(i)`);
    const text: SummarySqlOptions = {
      dialect: 'duckdb',
      table: 'many_amounts',
      observationEnd: '2024-06-30',
    };
    const account = async (o: SummarySqlOptions) => rowsOf(await read(summaryAccountSql(o).account)).sort();
    const byText = await account(text);
    expect(await account({ ...text, typedAmount: true })).toEqual(byText);
    // Both kinds occur in bulk: the rule is exercised either way.
    const decimals = Number(byText.find((r) => r[0] === 'decimals')?.[1]);
    const used = Number(byText.find((r) => r[0] === null)?.[1]);
    expect(decimals).toBeGreaterThan(100_000);
    expect(used).toBeGreaterThan(100_000);
    expect(decimals + used).toBe(300_000);
    // And row for row (the rejected rows in the same order, with the same reasons).
    const page = async (o: SummarySqlOptions) =>
      rowsOf(await read(summaryAccountSql(o).rejectedRows(0, 300_000))).map((r) => `${r[0]} ${r[1]}`);
    expect(await page({ ...text, typedAmount: true })).toEqual(await page(text));
  });

  it('150,000 doubles of every magnitude: the same exact totals and spend as through the text', async () => {
    // The exact amount of a DOUBLE is its 64-bit decimal cast where that reads back as it below 65,536, else its
    // text's (exactOfDouble): every used row's total must be the text's, to the last of the 10 decimals.
    await connection.run('SELECT setseed(0.27)');
    await connection.run(`CREATE OR REPLACE TABLE exact_amounts AS
      SELECT CAST(i AS VARCHAR) AS customer_id, d.date,
        CASE WHEN d.first THEN 1.0
          WHEN i % 3 = 0 THEN round(random() * pow(10, i % 20 - 5), CAST((i // 20) % 11 AS INTEGER))
          WHEN i % 3 = 1 THEN 65536 + (i % 7 - 3) * pow(2, -30) * (i // 7 % 5)
          ELSE random() * pow(10, i % 20 - 5) END AS amount
      FROM range(150000) AS t(i)
      CROSS JOIN (VALUES (DATE '2024-01-01', true), (DATE '2024-02-01', false)) AS d(date, first)`);
    const text: SummarySqlOptions = {
      dialect: 'duckdb',
      table: 'exact_amounts',
      observationEnd: '2024-06-30',
    };
    const typed = { ...text, typedAmount: true };
    expect(summarySql(typed).sql).toContain('abs(t.amount_value) < 65536');
    const summary = async (o: SummarySqlOptions) => rowsOf(await read(summarySql(o)));
    const byText = await summary(text);
    expect(byText.length).toBeGreaterThan(50_000);
    expect(await summary(typed)).toEqual(byText);
  });

  it('only the duckdb dialect takes typedAmount', () => {
    expect(() => summarySql({ dialect: 'postgres', table: 'orders', typedAmount: true })).toThrow(
      /typedAmount/,
    );
  });
});

describe("DuckDB's exact amount: the 64-bit decimal first, the 128-bit one only beyond it", () => {
  it('the same DECIMAL(38, 10) value (or NULL) as the wide cast alone, for texts of every size', async () => {
    const texts = [
      '0',
      '28.33',
      '1.1234567891',
      '1.12345678905', // rounded to 10 decimals by both casts
      '99999999.9999999999', // the largest the 64-bit decimal holds
      '99999999.99999999995', // rounds past it: the wide cast
      '100000000',
      '123456789012345.0123456789',
      '-42.5',
      '1e3',
      ' 7 ',
      'abc',
      '',
      '1e400',
    ];
    const values = texts.map((t) => `('${t}')`).join(', ');
    const exact = DIALECTS.duckdb.number('t', DIALECTS.duckdb.exact);
    expect(exact).toContain('DECIMAL(18, 10)');
    const [ours = [], wide = []] = await read({
      sql: `SELECT CAST(${exact} AS VARCHAR), CAST(TRY_CAST(t AS DECIMAL(38, 10)) AS VARCHAR) FROM (VALUES ${values}) AS v(t)`,
      params: [],
    });
    expect(ours).toEqual(wide);
    expect(ours.slice(1, 8)).toEqual([
      '28.3300000000',
      '1.1234567891',
      '1.1234567891',
      '99999999.9999999999',
      '100000000.0000000000',
      '100000000.0000000000',
      '123456789012345.0123456789',
    ]);
  });
});

describe("DuckDB's text amount is trimmed once, only where it does not read as a number as it is", () => {
  it('every blank of the set at either end of every kind of number: the same spend and exact total as before', async () => {
    const { number, trim, exact, double } = DIALECTS.duckdb;
    const blanks = [
      9, 10, 11, 12, 13, 32, 0xa0, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
    ].map((c) => String.fromCharCode(c));
    const numbers = [
      '28.33',
      '0',
      '1e5',
      '1E-3',
      '+2.25',
      '-3',
      '.5',
      '5.',
      'inf',
      'nan',
      '1_000',
      '1,5',
      '1e',
      '12345678901234567890.5',
      '99999999.99999999995',
      '1.00000000001',
      '',
      'abc',
      '1 5',
    ];
    const texts = new Set<string>();
    for (const n of numbers) {
      texts.add(n);
      for (const b of blanks) for (const t of [b + n, n + b, b + n + b, b + b + n]) texts.add(t);
    }
    const list = [...texts];
    await connection.run(
      'CREATE OR REPLACE TABLE blank_amounts (customer_id VARCHAR, date DATE, amount VARCHAR)',
    );
    const appender = await connection.createAppender('blank_amounts');
    list.forEach((t, i) => {
      for (const [date, amount] of [
        ['2024-01-01', '1'],
        ['2024-02-01', t],
      ] as const) {
        appender.appendVarchar(String(i));
        appender.appendVarchar(date);
        appender.appendVarchar(amount);
        appender.endRow();
      }
    });
    appender.closeSync();
    const o: SummarySqlOptions = { dialect: 'duckdb', table: 'blank_amounts', observationEnd: '2024-06-30' };
    expect(summarySql(o).sql).toContain('AS amount_clean');
    const rows = rowsOf(await read(summarySql(o)));
    // Each used row's figures by the rule as it was written before: the text as it is, else trimmed.
    const asBefore = (type: string) => `COALESCE(${number('t', type)}, ${number(trim('t'), type)})`;
    const [spend = [], total = []] = await read({
      sql: `SELECT ${asBefore(double)}, CAST(CAST(1 AS ${exact}) + ${asBefore(exact)} AS VARCHAR) FROM blank_amounts AS b, (SELECT b.amount AS t) WHERE b.date = DATE '2024-02-01' ORDER BY CAST(b.customer_id AS INTEGER)`,
      params: [],
    });
    const byId = new Map(rows.map((r) => [Number(r[0]), r]));
    let used = 0;
    list.forEach((_, i) => {
      const r = byId.get(i);
      const ok = spend[i] !== null && Number(spend[i]) >= 0 && Number(spend[i]) < 1e15;
      const tenDecimals = !/\.\d{11}/.test(list[i]?.trim() ?? '');
      if (!ok || !tenDecimals) return;
      used += 1;
      // monetaryValue: the two occasions' spend summed less the first's (1), in doubles as the query does.
      expect(r?.[4], list[i]).toBe(String(1 + Number(spend[i]) - 1));
      expect(r?.[9], list[i]).toBe(String(total[i])); // totalSpend: 1 + the exact amount
    });
    expect(used).toBeGreaterThan(200);
  });
});

describe('DuckDB reads the log once for the summary and its account (summaryWithDaysSql)', () => {
  it('the account by day, then the summary: the same rows as the two queries apart', async () => {
    await connection.run(`CREATE OR REPLACE TABLE once_orders AS SELECT * FROM (VALUES
      ('1', DATE '2024-01-05', 5.0), ('1', DATE '2024-02-01', 7.25), ('2', DATE '2024-01-10', 4.0),
      ('3', DATE '2024-02-03', -3.0), (NULL, DATE '2024-02-03', 4.0), ('4', DATE '2024-03-01', 1.5),
      ('4', DATE '2024-03-09', 2.0), ('5', NULL, 1.0), ('6', DATE '2024-04-01', -1.0)) AS t(customer_id, date, amount)`);
    for (const grouped of [false, true]) {
      const o: SummarySqlOptions = { dialect: 'duckdb', table: 'once_orders', grouped, timeUnit: 'week' };
      const both = await read(summaryWithDaysSql(o));
      const days = rowsOf(await read(summaryAccountSql(o).days));
      const summary = rowsOf(await read(summarySql(o)));
      const rows = rowsOf(both);
      const k = days.length;
      // Three rejected reasons (no date, two refunds, no id) and five used days.
      expect(k).toBe(8);
      expect(
        rows
          .slice(0, k)
          .map((r) => r.slice(0, 3))
          .sort(),
      ).toEqual([...days].sort());
      expect(rows.slice(0, k).every((r) => r.slice(3).every((v) => v === null))).toBe(true);
      expect(rows.slice(k).map((r) => r.slice(3, 3 + (summary[0]?.length ?? 0)))).toEqual(summary);
      expect(rows.slice(k).every((r) => r.slice(0, 3).every((v) => v === null))).toBe(true);
      // The rejected rows are not summarized, and the latest of them (a refund on 2024-04-01) does not end the
      // observation: T runs to 2024-03-09, the latest used date (customer 1: 64 days from 2024-01-05, 9.14 weeks).
      if (!grouped) {
        expect(summary.map((r) => r[0])).toEqual(['1', '2', '4']);
        expect(Number(summary[0]?.[3])).toBeCloseTo(64 / 7, 12);
      }
    }
    expect(summaryWithDaysSql({ dialect: 'duckdb', table: 'o', grouped: true }).columns).toEqual([
      'reason',
      'day',
      'rowCount',
      'frequency',
      'recency',
      'T',
      'count',
    ]);
    expect(() => summaryWithDaysSql({ dialect: 'postgres', table: 'o' })).toThrow(/summaryWithDaysSql/);
  });

  it('an isolated outlier date: the rule cuts it and the summary is read again without it', async () => {
    // 24 orders of January 2024 (customer c on days c, c + 10, c + 20) and a 1971 placeholder: rejected as an
    // outlier date, as in-process (the rule judges logs of 20 rows or more).
    await connection.run(`CREATE OR REPLACE TABLE outlier_orders AS
      SELECT CAST(c AS VARCHAR) AS customer_id, DATE '2024-01-01' + CAST(c + 10 * k AS INTEGER) AS date, 5.0 AS amount
      FROM range(1, 9) AS a(c) CROSS JOIN range(3) AS b(k)
      UNION ALL SELECT '2', DATE '1971-01-01', 9.0`);
    const s = await summarizeWithDuckDB({ connection, table: 'outlier_orders', timeUnit: 'day' });
    expect(s.account).toMatchObject({ rowsRead: 25, rowsUsed: 24, rejectedBy: { 'outlier date': 1 } });
    expect(s.columns.customerId).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    // T from the last kept date (2024-01-29) to customer 2's first kept order (2024-01-03): 26 days.
    expect(s.columns.T[1]).toBe(26);
    const g = await groupedSummaryWithDuckDB({ connection, table: 'outlier_orders', timeUnit: 'day' });
    expect(g.customers).toBe(8);
    expect(g.account?.rejectedBy).toEqual({ 'outlier date': 1 });
  });
});

describe('DuckDB matches a whole-text pattern of digits and dashes by GLOB', () => {
  it('the same texts as the regular expression, the others by the regular expression still', async () => {
    const d = DIALECTS.duckdb;
    const iso = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
    const compact = '^[0-9]{8}$';
    expect(d.matches('x', iso)).toBe("(x GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')");
    expect(d.matches('x', compact)).toBe("(x GLOB '[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]')");
    expect(d.matches('x', '^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ]')).toMatch(/^regexp_matches/);
    const texts = [
      '2024-01-05',
      '20240105',
      '2024-1-05',
      '2024-01-0a',
      '2024-01-05 ',
      ' 2024-01-05',
      '2024-01-051',
      '２０２４-01-05', // full-width digits: not [0-9]
      '2024/01/05',
      '2024-01-05T10:00',
      '202401050',
      '2024010',
      '',
      '*',
      '[0-9]',
    ];
    const values = texts.map((t) => `('${t}')`).join(', ');
    const both = (p: string) =>
      `SELECT ${d.matches('t', p)}, regexp_matches(t, '${p}') FROM (VALUES ${values}, (NULL)) AS v(t)`;
    for (const p of [iso, compact]) {
      const [glob = [], regex = []] = await read({ sql: both(p), params: [] });
      expect(glob).toEqual(regex);
      expect(glob.filter((m) => m === true)).toHaveLength(1); // '2024-01-05', '20240105'
    }
  });
});
