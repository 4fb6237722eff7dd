import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { predictCustomerLifetimeValue, probabilityAlive } from '../../src/models/predict.js';
import { scoreInWarehouse } from '../../src/node/scoreInWarehouse.js';
import { SCORE_SQL_COLUMNS, scoreSql } from '../../src/sql/scoreSql.js';
import { summarizeTransactions } from '../../src/transactions/index.js';
import {
  cdnowMaster,
  expectScoresLikeCore,
  loadIntoPostgres,
  pgUrl,
  simulatedLog,
  spendFitOf,
  tempDir,
  transactions,
  writeCsv,
} from './fixtures.js';

vi.setConfig({ hookTimeout: 120_000, testTimeout: 120_000 });

const dir = tempDir();
const database = join(dir, 'shop.duckdb');
const master = cdnowMaster();
const options = { timeUnit: 'week', observationEnd: '1998-06-30' } as const;

async function withDuckDB<T>(
  run: (c: Awaited<ReturnType<DuckDBInstance['connect']>>) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(database);
  const c = await instance.connect();
  try {
    return await run(c);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

beforeAll(async () => {
  const csv = writeCsv(master, dir);
  await withDuckDB((c) => c.run('CREATE TABLE orders AS SELECT * FROM read_csv($1)', [csv]));
});

const readScores = (table: string) =>
  withDuckDB(async (db) =>
    (
      await db.runAndReadAll(`SELECT ${SCORE_SQL_COLUMNS.map((n) => `"${n}"`).join(', ')} FROM "${table}"`)
    ).getRowObjectsJS(),
  );

describe('scoreInWarehouse: every customer scored inside DuckDB, equal to predictCustomerLifetimeValue', () => {
  const summary = summarizeTransactions(transactions(master), options);
  const c = summary.columns;
  const bg = fitBetaGeo(c);
  const gg = spendFitOf(c);
  const settings = { horizon: 12, discountRate: 0.01, margin: 0.3 };

  it('on the CDNOW master log (23,570 customers): every column to 1e-9, only the groups crossing', async () => {
    const result = await scoreInWarehouse({
      engine: 'duckdb',
      database,
      table: 'orders',
      ...options,
      fit: bg,
      spendFit: gg,
      ...settings,
      into: 'customer_scores',
    });
    expect(result.customers).toBe(23_570);
    expect(result.groups).toBeLessThan(result.customers / 2);
    const local = predictCustomerLifetimeValue({
      transactionModel: bg,
      spendModel: gg,
      customers: c,
      ...settings,
    });
    expectScoresLikeCore(await readScores('customer_scores'), c, { alive: probabilityAlive(bg, c), local });
  });

  it('on 1,000,000 simulated rows (≈ 180,000 customers, day occasions, weeks)', async () => {
    const log = simulatedLog();
    const csv = writeCsv(log, dir);
    await withDuckDB((db) => db.run('CREATE TABLE simulated AS SELECT * FROM read_csv($1)', [csv]));
    const sim = summarizeTransactions(log.rows, { timeUnit: 'week' }).columns;
    const fit = fitBetaGeo(sim);
    const spend = spendFitOf(sim);
    const result = await scoreInWarehouse({
      engine: 'duckdb',
      database,
      table: 'simulated',
      timeUnit: 'week',
      fit,
      spendFit: spend,
      into: 'simulated_scores',
    });
    expect(result.customers).toBe(sim.frequency.length);
    const local = predictCustomerLifetimeValue({ transactionModel: fit, spendModel: spend, customers: sim });
    expectScoresLikeCore(await readScores('simulated_scores'), sim, {
      alive: probabilityAlive(fit, sim),
      local,
    });
  });

  it('inside PostgreSQL on the CDNOW master log: the same figures, replace by DROP then CREATE', async () => {
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    const schema = `clvkit_score_${process.pid}`;
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      await loadIntoPostgres(client, 'orders', master);
      const run = () =>
        scoreInWarehouse({
          engine: 'postgres',
          connectionString: pgUrl(),
          table: [schema, 'orders'],
          ...options,
          fit: bg,
          spendFit: gg,
          ...settings,
          into: [schema, 'customer_scores'],
          replace: true,
        });
      expect((await run()).customers).toBe(23_570);
      expect((await run()).customers).toBe(23_570); // replaced, not appended
      const result = await client.query({
        text: `SELECT ${SCORE_SQL_COLUMNS.map((n) => `"${n}"`).join(', ')} FROM ${schema}.customer_scores`,
      });
      const rows = result.rows.map((r: Record<string, unknown>) => ({
        ...r,
        customer_id: String(r.customer_id),
      }));
      const local = predictCustomerLifetimeValue({
        transactionModel: bg,
        spendModel: gg,
        customers: c,
        ...settings,
      });
      expectScoresLikeCore(rows, c, { alive: probabilityAlive(bg, c), local });
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  it('refuses an existing table unless replace is given, and quotes a hostile name', async () => {
    const base = { engine: 'duckdb', database, table: 'orders', ...options, fit: bg, spendFit: gg } as const;
    await expect(scoreInWarehouse({ ...base, into: 'customer_scores' })).rejects.toThrow(/customer_scores/);
    const hostile = 'scores"; DROP TABLE orders; --';
    const again = await scoreInWarehouse({ ...base, into: hostile, replace: true });
    expect(again.customers).toBe(23_570);
    const tables = await withDuckDB(
      async (db) =>
        (
          await db.runAndReadAll('SELECT table_name FROM information_schema.tables ORDER BY 1')
        ).getColumnsJS()[0],
    );
    expect(tables).toEqual(expect.arrayContaining(['orders', hostile]));
    expect(() => scoreSql({ dialect: 'duckdb', table: 'orders', groupsTable: 'g', into: '' })).toThrow(
      ClvValidationError,
    );
  });
});

describe('scoreSql', () => {
  it('writes one CREATE TABLE … AS joining the summary with the groups; PostgreSQL replaces by DROP first', () => {
    const duck = scoreSql({
      dialect: 'duckdb',
      table: 'orders',
      groupsTable: 'g',
      into: ['analytics', 'scores'],
      replace: true,
    });
    expect(duck.statements).toHaveLength(1);
    expect(duck.statements[0]?.sql).toMatch(/^CREATE OR REPLACE TABLE "analytics"\."scores" AS SELECT/);
    const pg = scoreSql({
      dialect: 'postgres',
      table: 'orders',
      groupsTable: 'g',
      into: 'scores',
      replace: true,
      calibrationEnd: '1997-09-30',
    });
    expect(pg.statements.map((s) => s.sql.slice(0, 24))).toEqual([
      'DROP TABLE IF EXISTS "sc',
      'CREATE TABLE "scores" AS',
    ]);
    expect(pg.statements[1]?.params).toEqual(['1997-09-30']);
    expect(pg.columns).toEqual(SCORE_SQL_COLUMNS);
  });

  it('ClickHouse: no CTE, a MergeTree ordered by customer, DROP first to replace, frequency joined as Float64', () => {
    const ch = scoreSql({
      dialect: 'clickhouse',
      table: 'orders',
      groupsTable: 'g',
      into: ['analytics', 'scores'],
      replace: true,
    });
    expect(ch.statements.map((s) => s.sql.split(' AS SELECT')[0])).toEqual([
      'DROP TABLE IF EXISTS `analytics`.`scores`',
      'CREATE TABLE `analytics`.`scores` ENGINE = MergeTree() ORDER BY `customer_id`',
    ]);
    expect(ch.statements[1]?.sql).toContain('ON CAST(s.`frequency` AS Float64) = g.`frequency`');
    expect(ch.statements[1]?.sql).not.toMatch(/\bWITH\b/);
    // A target name ClickHouse cannot quote safely is refused before any statement is written; others are quoted.
    expect(() =>
      scoreSql({
        dialect: 'clickhouse',
        table: 'orders',
        groupsTable: 'g',
        into: 'x` ENGINE = Memory; DROP TABLE y; --',
      }),
    ).toThrow(ClvValidationError);
    expect(
      scoreSql({ dialect: 'clickhouse', table: 'orders', groupsTable: 'g', into: 'x"; DROP TABLE y; --' })
        .target,
    ).toBe('`x"; DROP TABLE y; --`');
    expect(ch.createGroups.sql).toBe(
      'CREATE TEMPORARY TABLE `g` (`frequency` Float64, `recency` Float64, `T` Float64, `probability_alive` Float64, `expected_purchases` Float64, `spend_intercept` Float64, `spend_slope` Float64, `clv_per_spend` Float64)',
    );
  });
});
