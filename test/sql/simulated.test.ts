import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { summarizeWithDuckDB, summarizeWithPostgres } from '../../src/node/index.js';
import {
  formatDay,
  type SummarizeOptions,
  type SummaryResult,
  simulateOrderDays,
  summarizeTransactions,
} from '../../src/transactions/index.js';
import { expectSameSummary, type Log, loadIntoPostgres, pgUrl, tempDir, writeCsv } from './fixtures.js';

// Loading a log into an engine on two shared cores can outlast the default 10 s hook timeout.
vi.setConfig({ hookTimeout: 120_000 });

/** The first 1,000,000 rows of a seeded simulated log (≈ 180,000 customers over two years), generated once. */
function simulatedLog(): Log {
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

const OPTIONS: SummarizeOptions = {
  timeUnit: 'week',
  granularity: 'day',
  calibrationEnd: '2024-06-30',
  observationEnd: '2024-12-31',
};

describe('1,000,000 simulated rows: engines equal summarizeTransactions (every column to 1e-9)', () => {
  const log = simulatedLog();
  let core: SummaryResult;
  let csv: string;
  const dir = tempDir();
  beforeAll(() => {
    core = summarizeTransactions(log.rows, OPTIONS);
    csv = writeCsv(log, dir);
  });

  it('has a million rows and the holdout columns', () => {
    expect(log.rows.length).toBe(1_000_000);
    expect(core.columns.frequencyHoldout).toBeDefined();
    expect(core.customers.length).toBeGreaterThan(150_000);
  });

  it('DuckDB over the CSV', async () => {
    expectSameSummary(core, await summarizeWithDuckDB({ file: { path: csv, format: 'csv' }, ...OPTIONS }));
  }, 60_000);

  it('PostgreSQL over a table', async () => {
    const table = `clvkit_sim_${process.pid}`;
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    try {
      await loadIntoPostgres(client, table, log, 'text');
      expectSameSummary(core, await summarizeWithPostgres({ connectionString: pgUrl(), table, ...OPTIONS }));
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    }
  }, 120_000);
});
