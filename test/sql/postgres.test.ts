import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { groupedSummaryWithPostgres, summarizeWithPostgres } from '../../src/node/index.js';
import { type SummarizeOptions, summarizeTransactions } from '../../src/transactions/index.js';
import {
  cdnowMaster,
  cdnowSample,
  expectGroupedLikeCore,
  expectSameSummary,
  loadIntoPostgres,
  pgUrl,
} from './fixtures.js';

// Loading a log into an engine on two shared cores can outlast the default 10 s hook timeout.
vi.setConfig({ hookTimeout: 120_000 });

const CASES: SummarizeOptions[] = [
  { timeUnit: 'week', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' },
  { timeUnit: 'month', granularity: 'week' },
  { timeUnit: 'day', granularity: 'month', calibrationEnd: '1997-12-31' },
  { timeUnit: 'year', granularity: 'quarter', observationEnd: '1999-01-01' },
  { timeUnit: 'quarter', granularity: 'year', calibrationEnd: '1997-06-15', observationEnd: '1998-03-31' },
];
const SCHEMA = `clvkit_test_${process.pid}`;
const HOSTILE = 'orders"; DROP TABLE x; --';

// The server is started for the run by ./postgres.setup.ts: these tests always run.
describe('PostgreSQL summaries equal summarizeTransactions (CDNOW, every column to 1e-9)', () => {
  const sample = cdnowSample();
  const master = cdnowMaster();
  let client: pg.Client;
  let url: string;

  beforeAll(async () => {
    url = pgUrl();
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.query(`CREATE SCHEMA ${SCHEMA}`);
    await client.query(`SET search_path TO ${SCHEMA}`);
    await loadIntoPostgres(client, 'sample', sample);
    await loadIntoPostgres(client, 'master', master);
    await client.query('CREATE TABLE x (keep integer)');
    await client.query('INSERT INTO x VALUES (1)');
    await loadIntoPostgres(client, HOSTILE, sample);
  });
  afterAll(async () => {
    await client?.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client?.end();
  });

  for (const [table, log] of [
    ['sample', sample],
    ['master', master],
  ] as const) {
    it(`${table}: five option sets`, async () => {
      for (const options of CASES) {
        const core = summarizeTransactions(log.rows, { ...options, onBadRow: 'collect' });
        const engine = await summarizeWithPostgres({
          connectionString: url,
          table: [SCHEMA, table],
          ...options,
        });
        expectSameSummary(core, engine);
      }
    });
  }

  it('grouped: counts sum to the customers and match the per-customer figures', async () => {
    const options: SummarizeOptions = {
      timeUnit: 'week',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
    };
    const core = summarizeTransactions(master.rows, options);
    const g = await groupedSummaryWithPostgres({
      connectionString: url,
      table: [SCHEMA, 'master'],
      ...options,
    });
    expect(g.customers).toBe(23570);
    expectGroupedLikeCore(g, core);
  });

  it('a table named orders"; DROP TABLE x; -- is read as a name; table x still exists', async () => {
    const options: SummarizeOptions = {
      timeUnit: 'week',
      calibrationEnd: '1997-09-30',
      observationEnd: '1998-06-30',
    };
    const engine = await summarizeWithPostgres({
      connectionString: url,
      table: [SCHEMA, HOSTILE],
      ...options,
    });
    expectSameSummary(summarizeTransactions(sample.rows, options), engine);
    await expect(
      summarizeWithPostgres({
        connectionString: url,
        table: [SCHEMA, HOSTILE],
        columns: { date: 'date" FROM x; --' },
      }),
    ).rejects.toThrow(/column .*date" FROM x; --.* does not exist/);
    const still = await client.query('SELECT keep FROM x');
    expect(still.rows).toEqual([{ keep: 1 }]);
  });
});
