import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { SCORE_SQL_COLUMNS } from '../../src/sql/scoreSql.js';
import { clvkit } from '../cli/run.js';
import { cdnowMaster, loadIntoPostgres, pgUrl, tempDir, writeCsv } from './fixtures.js';

vi.setConfig({ testTimeout: 120_000 });

/**
 * `clvkit predict --engine … --into TABLE`: every customer scored inside the engine. The table must hold the
 * figures `clvkit predict` prints for the same log and flags (its CSV rounds: P(alive) and expected purchases
 * to 4 decimals, money to the cent).
 */
const dir = tempDir();
const master = cdnowMaster();
const csv = writeCsv(master, dir);
const FLAGS = [
  '--time-unit',
  'week',
  '--observation-end',
  '1998-06-30',
  '--horizon',
  '12',
  '--margin',
  '0.3',
];

function printed(): Map<string, Record<string, number>> {
  const r = clvkit(['predict', '--engine', 'duckdb', csv, ...FLAGS, '--format', 'csv', '--quiet']);
  expect(r.stderr).not.toMatch(/error/i);
  expect(r.code).toBe(0);
  const [header, ...lines] = r.stdout.trim().split('\n');
  const names = (header as string).split(',');
  return new Map(
    lines.map((l) => {
      const cells = l.split(',');
      return [cells[0] as string, Object.fromEntries(names.map((n, j) => [n, Number(cells[j])]))];
    }),
  );
}

function expectLikePrinted(rows: Record<string, unknown>[], want: Map<string, Record<string, number>>): void {
  expect(rows).toHaveLength(want.size);
  let off = 0;
  for (const row of rows) {
    const p = want.get(String(row.customer_id)) as Record<string, number>;
    const near = (k: string, places: number) =>
      Math.abs(Number(row[k]) - (p[k] as number)) <= 0.5 * 10 ** -places + 1e-9;
    if (!(near('p_alive', 4) && near('expected_purchases', 4) && near('expected_spend', 2) && near('clv', 2)))
      off++;
  }
  expect(off).toBe(0);
}

describe('clvkit predict --into: scores materialised inside the engine', () => {
  const want = printed();

  it('DuckDB: a table in the --db file equal to the printed predictions, --replace to redo it', async () => {
    const db = join(dir, 'shop.duckdb');
    const args = ['predict', '--engine', 'duckdb', csv, '--db', db, ...FLAGS, '--into', 'scores'];
    const r = clvkit(args);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/duckdb: 23570 customers scored into scores/);
    expect(clvkit(args).stderr).toMatch(/scores/); // exists: refused by the engine
    expect(clvkit(args).code).toBe(2);
    expect(clvkit([...args, '--replace']).code).toBe(0);
    const instance = await DuckDBInstance.create(db);
    const c = await instance.connect();
    const rows = (
      await c.runAndReadAll(`SELECT ${SCORE_SQL_COLUMNS.map((n) => `"${n}"`).join(', ')} FROM scores`)
    ).getRowObjectsJS();
    c.closeSync();
    instance.closeSync();
    expectLikePrinted(rows, want);
  });

  it('PostgreSQL: a table from --table, equal to the printed predictions', async () => {
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    const schema = `clvkit_into_${process.pid}`;
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      await loadIntoPostgres(client, 'orders', master);
      const r = clvkit([
        'predict',
        '--engine',
        'postgres',
        '--db',
        pgUrl(),
        '--table',
        `${schema}.orders`,
        ...FLAGS,
        '--into',
        `${schema}.scores`,
      ]);
      expect(r.code).toBe(0);
      const rows = (await client.query(`SELECT * FROM ${schema}.scores`)).rows;
      expectLikePrinted(rows, want);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });

  it('refuses --into without an engine, DuckDB without --db, and per-row flags', () => {
    expect(clvkit(['predict', csv, '--into', 'scores']).stderr).toMatch(/--engine duckdb\|postgres/);
    expect(clvkit(['predict', '--engine', 'duckdb', csv, '--into', 'scores']).stderr).toMatch(/--db FILE/);
    expect(
      clvkit(['predict', '--engine', 'duckdb', csv, '--db', 'x.duckdb', '--into', 'scores', '--top', '5'])
        .stderr,
    ).toMatch(/--top: not with --into/);
  });
});
