/**
 * clvkit/node's runners as a user meets their failures: options checked before any engine is opened (a
 * `ClvValidationError` naming the option, no connection tried), an engine's failure said as a `ClvEngineError`
 * naming the runner and the engine with the driver's error as `cause`, the caller's own callback errors passed
 * through as they were, and one copy of the error classes across the built entries.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ClvEngineError, ClvValidationError } from '../../src/errors.js';
import {
  fitThreads,
  groupedSummaryWithDuckDB,
  predictOnThreads,
  scoreInWarehouse,
  summarizeWithClickHouse,
  summarizeWithPostgres,
  temporaryRunStore,
} from '../../src/node/index.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '../../dist');
const dir = mkdtempSync(join(tmpdir(), 'clvkit-runner-errors-'));
const csv = join(dir, 'orders.csv');
writeFileSync(csv, 'customer_id,date,amount\na,2024-01-01,10\na,2024-02-01,5\nb,2024-01-15,-3\n');

/** What a call rejected with (or threw at once). */
async function failure(call: () => unknown): Promise<unknown> {
  try {
    await call();
  } catch (e) {
    return e;
  }
  return 'no error';
}

describe('clvkit/node runners: failures as the library says them', () => {
  it('checks the options before opening an engine: a ClvValidationError naming the option', async () => {
    const cases: [() => unknown, string][] = [
      [() => summarizeWithPostgres({ table: 'orders' } as never), 'connectionString: expected'],
      [() => summarizeWithPostgres(null as never), 'options: expected an object of options, received null'],
      [
        () =>
          summarizeWithClickHouse({
            url: 'http://127.0.0.1:1',
            table: 'orders',
            outlierDates: 'drop',
          } as never),
        "outlierDates: expected one of 'reject', 'keep'",
      ],
      [
        () => groupedSummaryWithDuckDB({ file: { path: csv, format: 'csv' }, connection: {} } as never),
        'connection: expected a DuckDB connection',
      ],
      [
        () =>
          groupedSummaryWithDuckDB({
            file: { path: csv, format: 'csv' },
            rejectedRows: 'rejects.csv',
          } as never),
        'rejectedRows: expected a function',
      ],
      [() => groupedSummaryWithDuckDB({ file: { path: csv, format: 'xlsx' } } as never), 'file.format'],
      [
        () => scoreInWarehouse({ engine: 'sqlite', table: 'orders' } as never),
        "engine: expected one of 'duckdb', 'postgres', 'clickhouse', received \"sqlite\"",
      ],
      [() => fitThreads({ threads: 0 }), 'threads: expected a whole number of 1 or more, received 0'],
      [() => fitThreads({ thread: 2 } as never), 'thread: expected no such field'],
      [() => predictOnThreads({} as never, { threads: Number.NaN }), 'threads: expected a whole number'],
      [() => temporaryRunStore(null as never), 'options: expected an object of options, received null'],
    ];
    for (const [call, message] of cases) {
      const e = await failure(call);
      expect(e, message).toBeInstanceOf(ClvValidationError);
      expect((e as Error).message).toContain(message);
    }
  });

  it('an options Proxy that throws is the options’ error, not the trap’s', async () => {
    const trap = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    );
    const e = await failure(() => groupedSummaryWithDuckDB(trap as never));
    expect(e).toBeInstanceOf(ClvValidationError);
    expect((e as Error).message).toContain(
      'options: expected an object whose fields can be read (reading it threw: trap)',
    );
  });

  it('an engine that fails is a ClvEngineError naming the runner and the engine, with the driver’s error as cause', async () => {
    const refused = await failure(() =>
      summarizeWithPostgres({ connectionString: 'postgres://clvkit@127.0.0.1:1/none', table: 'orders' }),
    );
    expect(refused).toBeInstanceOf(ClvEngineError);
    expect((refused as ClvEngineError).engine).toBe('PostgreSQL');
    expect((refused as Error).message).toMatch(
      /^summarizeWithPostgres: PostgreSQL failed: connect ECONNREFUSED 127\.0\.0\.1:1/,
    );
    expect(((refused as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');

    const missing = await failure(() =>
      groupedSummaryWithDuckDB({ file: { path: join(dir, 'missing.csv'), format: 'csv' } }),
    );
    expect(missing).toBeInstanceOf(ClvEngineError);
    expect((missing as Error).message).toMatch(/^groupedSummaryWithDuckDB: DuckDB failed: .*missing\.csv/);
  });

  it("passes the caller's own callback errors through as they were", async () => {
    const mine = new Error('stop: a refund in the log');
    const e = await failure(() =>
      groupedSummaryWithDuckDB({
        file: { path: csv, format: 'csv' },
        rejectedRows: () => {
          throw mine;
        },
      }),
    );
    expect(e).toBe(mine);
    const async = await failure(() =>
      groupedSummaryWithDuckDB({
        file: { path: csv, format: 'csv' },
        rejectedRows: async () => Promise.reject(mine),
      }),
    );
    expect(async).toBe(mine);
  });

  it('the built clvkit/node throws the error classes of the built clvkit (one copy, also for its bundled checks)', async () => {
    const node = (await import(
      pathToFileURL(join(DIST, 'node.js')).href
    )) as typeof import('../../src/node/index.js');
    const core = (await import(
      pathToFileURL(join(DIST, 'index.js')).href
    )) as typeof import('../../src/index.js');
    // The outlier rule's option is checked by a schema clvkit/node bundles (src/schemas): was a second copy.
    const option = await failure(() =>
      node.groupedSummaryWithDuckDB({ file: { path: csv, format: 'csv' }, outlierDates: 'drop' as never }),
    );
    expect(option).toBeInstanceOf(core.ClvValidationError);
    const engine = await failure(() =>
      node.groupedSummaryWithDuckDB({ file: { path: join(dir, 'missing.csv'), format: 'csv' } }),
    );
    expect(engine).toBeInstanceOf(core.ClvEngineError);
  });
});
