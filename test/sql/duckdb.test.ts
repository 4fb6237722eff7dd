import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { groupedSummaryWithDuckDB, summarizeWithDuckDB } from '../../src/node/index.js';
import { type SummarizeOptions, summarizeTransactions } from '../../src/transactions/index.js';
import {
  cdnowMaster,
  cdnowSample,
  expectGroupedLikeCore,
  expectSameSummary,
  type Log,
  tempDir,
  writeCsv,
} from './fixtures.js';

// Loading a log into an engine on two shared cores can outlast the default 10 s hook timeout.
vi.setConfig({ hookTimeout: 120_000 });

const CASES: { name: string; options: SummarizeOptions }[] = [
  {
    name: 'weeks, day occasions, calibration to 1997-09-30, holdout to 1998-06-30',
    options: { timeUnit: 'week', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' },
  },
  { name: 'months, ISO-week occasions, whole log', options: { timeUnit: 'month', granularity: 'week' } },
  {
    name: 'days, month occasions, calibration without observationEnd',
    options: { timeUnit: 'day', granularity: 'month', calibrationEnd: '1997-12-31' },
  },
  {
    name: 'years, quarter occasions, observationEnd after the log',
    options: { timeUnit: 'year', granularity: 'quarter', observationEnd: '1999-01-01' },
  },
  {
    // Rows after observationEnd: the engines leave them out, as the summarizer does with onBadRow 'collect'.
    name: 'quarters, year occasions, calibration inside a grain, later rows left out',
    options: {
      timeUnit: 'quarter',
      granularity: 'year',
      calibrationEnd: '1997-06-15',
      observationEnd: '1998-03-31',
    },
  },
];

const dir = tempDir();
const logs: { log: Log; csv: string; parquet: string }[] = [];

beforeAll(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  for (const log of [cdnowSample(), cdnowMaster()]) {
    const csv = writeCsv(log, dir);
    const parquet = join(dir, `${log.name.replaceAll(' ', '-')}.parquet`);
    await c.run(`COPY (SELECT * FROM read_csv($1)) TO '${parquet}' (FORMAT parquet)`, [csv]);
    logs.push({ log, csv, parquet });
  }
  c.closeSync();
  instance.closeSync();
});

describe('DuckDB summaries equal summarizeTransactions (CDNOW, every column to 1e-9)', () => {
  for (const which of [0, 1]) {
    for (const { name, options } of CASES) {
      it(`${which === 0 ? 'sample' : 'master'}: ${name}`, async () => {
        const { log, csv, parquet } = logs[which] as (typeof logs)[number];
        const core = summarizeTransactions(log.rows, { ...options, onBadRow: 'collect' });
        // The sample alternates CSV and Parquet; the master reads both in the first case.
        const formats: ('csv' | 'parquet')[] =
          name === CASES[0]?.name ? ['csv', 'parquet'] : [which === 0 ? 'csv' : 'parquet'];
        for (const format of formats) {
          const engine = await summarizeWithDuckDB({
            file: { path: format === 'csv' ? csv : parquet, format },
            ...options,
          });
          expectSameSummary(core, engine);
          // Parquet keeps read_csv's DATE column: read as its day (typedDate), not parsed from its text.
          if (format === 'parquet') expect(engine.query.sql).toContain('CAST(t.date_value AS DATE)');
        }
      });
    }
  }

  it('grouped: distinct (frequency, recency, T) whose counts sum to the customers', async () => {
    const { log, parquet } = logs[1] as (typeof logs)[number];
    const options: SummarizeOptions = {
      timeUnit: 'week',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
    };
    const core = summarizeTransactions(log.rows, options);
    const g = await groupedSummaryWithDuckDB({ file: { path: parquet, format: 'parquet' }, ...options });
    expect(g.customers).toBe(23570);
    expect(g.customers).toBe(core.customers.length);
    expectGroupedLikeCore(g, core);
  });
});

describe('hostile names on DuckDB', () => {
  const HOSTILE = 'orders"; DROP TABLE x; --';
  let instance: DuckDBInstance;
  afterAll(() => instance?.closeSync());

  it('a table named orders"; DROP TABLE x; -- is read as a name; table x still exists', async () => {
    instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    await c.run('CREATE TABLE x (keep INTEGER)');
    await c.run('INSERT INTO x VALUES (1)');
    const { csv } = logs[0] as (typeof logs)[number];
    await c.run(`CREATE TABLE "orders""; DROP TABLE x; --" AS SELECT * FROM read_csv($1)`, [csv]);
    const options: SummarizeOptions = {
      timeUnit: 'week',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
    };
    const engine = await summarizeWithDuckDB({ connection: c as never, table: HOSTILE, ...options });
    expectSameSummary(summarizeTransactions((logs[0] as (typeof logs)[number]).log.rows, options), engine);
    // A hostile column name too: quoted, so DuckDB looks for that column and says it is not there.
    await expect(
      summarizeWithDuckDB({
        connection: c as never,
        table: HOSTILE,
        columns: { customerId: 'customer_id" FROM x; --' },
      }),
    ).rejects.toThrow(/customer_id" FROM x; --/);
    // A table named like one of the query's own steps is still the table (the steps are named clvkit_…).
    await c.run('CREATE TABLE orders AS SELECT * FROM read_csv($1)', [csv]);
    expectSameSummary(
      summarizeTransactions((logs[0] as (typeof logs)[number]).log.rows, options),
      await summarizeWithDuckDB({ connection: c as never, table: 'orders', ...options }),
    );
    const still = await c.runAndReadAll('SELECT keep FROM x');
    expect(still.getRowObjectsJS()).toEqual([{ keep: 1 }]);
    c.closeSync();
  });
});
