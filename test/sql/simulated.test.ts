import pg from 'pg';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { summarizeWithDuckDB, summarizeWithPostgres } from '../../src/node/index.js';
import {
  type SummarizeOptions,
  type SummaryResult,
  summarizeTransactions,
} from '../../src/transactions/index.js';
import { expectSameSummary, loadIntoPostgres, pgUrl, simulatedLog, tempDir, writeCsv } from './fixtures.js';

// Loading a log into an engine on two shared cores can outlast the default 10 s hook timeout.
vi.setConfig({ hookTimeout: 120_000 });

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
