import { Readable } from 'node:stream';
import { createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { predictCustomerLifetimeValue, probabilityAlive } from '../../src/models/predict.js';
import {
  groupedSummaryWithClickHouse,
  scoreInWarehouse,
  summarizeWithClickHouse,
} from '../../src/node/index.js';
import { SCORE_SQL_COLUMNS } from '../../src/sql/scoreSql.js';
import { type SummarizeOptions, summarizeTransactions } from '../../src/transactions/index.js';
import { runInProcess } from '../cli/inProcess.js';
import {
  CLICKHOUSE_HOWTO,
  type ClickHouseCluster,
  clickHouseBinary,
  startClickHouseCluster,
} from './clickhouseCluster.js';
import {
  cdnowMaster,
  expectGroupedLikeCore,
  expectSameSummary,
  expectScoresLikeCore,
  type Log,
  simulatedLog,
  spendFitOf,
  tempDir,
  writeCsv,
} from './fixtures.js';

// Starting two servers and loading a million rows on two shared cores outlasts the default hook timeout.
vi.setConfig({ hookTimeout: 180_000 });

const binary = clickHouseBinary();
const ci = process.env.CI === 'true';
// The one service allowed to skip, and only outside CI: say once how to enable it.
if (binary === undefined && !ci) console.warn(CLICKHOUSE_HOWTO);

const CASES: SummarizeOptions[] = [
  { timeUnit: 'week', calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' },
  { timeUnit: 'month', granularity: 'week' },
  { timeUnit: 'day', granularity: 'month', calibrationEnd: '1997-12-31' },
  { timeUnit: 'year', granularity: 'quarter', observationEnd: '1999-01-01' },
  { timeUnit: 'quarter', granularity: 'year', calibrationEnd: '1997-06-15', observationEnd: '1998-03-31' },
];

type Client = ReturnType<typeof createClient>;

/**
 * The log as `NAME` on the cluster: a MergeTree `NAME_local` on each shard and a Distributed `NAME` over them,
 * sharded by cityHash64(customer_id); rows inserted through the Distributed table (synchronously, so both shards
 * hold their part when the insert returns). Ids as text, dates as Date, amounts as Decimal(38, 10).
 */
async function loadIntoCluster(clients: readonly Client[], name: string, log: Log): Promise<void> {
  const columns = '(customer_id String, date Date, amount Decimal(38, 10))';
  for (const client of clients) {
    await client.command({ query: `DROP TABLE IF EXISTS ${name}` });
    await client.command({ query: `DROP TABLE IF EXISTS ${name}_local` });
    await client.command({
      query: `CREATE TABLE ${name}_local ${columns} ENGINE = MergeTree() ORDER BY (customer_id, date)`,
    });
    await client.command({
      query: `CREATE TABLE ${name} ${columns} ENGINE = Distributed(clvkit, default, ${name}_local, cityHash64(customer_id))`,
    });
  }
  const lines = function* () {
    const BATCH = 50_000;
    for (let i = 0; i < log.rows.length; i += BATCH)
      yield log.rows
        .slice(i, i + BATCH)
        .map((r) => `${r.customerId}\t${r.date}\t${r.amount}\n`)
        .join('');
  };
  await (clients[0] as Client).insert({
    table: name,
    values: Readable.from(lines(), { objectMode: false }),
    format: 'TabSeparated',
    clickhouse_settings: { insert_distributed_sync: 1 } as never,
  });
}

/** Each shard's distinct customer ids. */
async function idsOnShards(clients: readonly Client[], name: string): Promise<Set<string>[]> {
  return Promise.all(
    clients.map(async (client) => {
      const text = await (
        await client.query({
          query: `SELECT DISTINCT customer_id FROM ${name}_local`,
          format: 'TabSeparated',
        })
      ).text();
      return new Set(text.split('\n').filter((l) => l !== ''));
    }),
  );
}

describe.skipIf(binary === undefined && !ci)(
  'ClickHouse, a real 2-shard cluster: summaries through a Distributed table equal summarizeTransactions',
  () => {
    const master = cdnowMaster();
    const simulated = simulatedLog();
    let cluster: ClickHouseCluster;
    let clients: Client[] = [];
    let url: string;

    beforeAll(async () => {
      if (binary === undefined)
        throw new Error(
          "CI=true and no clickhouse-server binary: .ci/run installs Debian's clickhouse-server; the ClickHouse tests never skip in CI",
        );
      cluster = await startClickHouseCluster(binary);
      url = cluster.shards[0].url;
      clients = cluster.shards.map((s) => createClient({ url: s.url }));
      await loadIntoCluster(clients, 'cdnow', master);
      await loadIntoCluster(clients, 'simulated', simulated);
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await cluster?.stop();
    });

    it('the cluster has two shards, each holding its own customers (sharded by cityHash64 of the id)', async () => {
      const shards = await idsOnShards(clients, 'cdnow');
      const [one, two] = shards as [Set<string>, Set<string>];
      expect(one.size).toBeGreaterThan(5_000);
      expect(two.size).toBeGreaterThan(5_000);
      for (const id of one) expect(two.has(id)).toBe(false);
      expect(one.size + two.size).toBe(new Set(master.rows.map((r) => String(r.customerId))).size);
      const remote = await (
        await (clients[0] as Client).query({
          query: "SELECT count() FROM system.clusters WHERE cluster = 'clvkit'",
          format: 'TabSeparated',
        })
      ).text();
      expect(remote.trim()).toBe('2');
    });

    it('CDNOW master: five option sets, every column', async () => {
      for (const options of CASES) {
        const core = summarizeTransactions(master.rows, { ...options, onBadRow: 'collect' });
        const engine = await summarizeWithClickHouse({ url, table: 'cdnow', ...options });
        expectSameSummary(core, engine);
        // Every row accounted for: those after observationEnd rejected, as the core rejects them.
        const late = master.rows.filter(
          (r) => options.observationEnd !== undefined && r.date > String(options.observationEnd),
        ).length;
        expect(engine.account).toMatchObject({
          rowsRead: master.rows.length,
          rowsRejected: late,
          rowsUsed: master.rows.length - late,
          rejectedBy: late > 0 ? { 'implausible date': late } : {},
        });
      }
    }, 180_000);

    it('isolated outlier dates (a 1971-01-01 and a 2024-06-30 row in CDNOW master): rejected as in-process, or kept', async () => {
      const rows = [...master.rows];
      rows.splice(2000, 0, { customerId: 99_002, date: '2024-06-30', amount: '3.50' });
      rows.splice(1000, 0, { customerId: 99_001, date: '1971-01-01', amount: '5.00' });
      await loadIntoCluster(clients, 'outliers', { name: 'outliers', rows });
      const options = { timeUnit: 'week' } as const;
      const core = summarizeTransactions(rows, { ...options, onBadRow: 'collect' });
      expect(core.outlierDates).toMatchObject({ from: '1997-01-01', to: '1998-06-30', gapDays: 774 });
      const engine = await summarizeWithClickHouse({ url, table: 'outliers', ...options });
      expectSameSummary(core, engine);
      const { firstRejection, ...account } = engine.account ?? {};
      expect(account).toEqual({
        rowsRead: 69_661,
        rowsUsed: 69_659,
        rowsRejected: 2,
        rejectedBy: { 'outlier date': 2 },
        outlierDates: { from: '1997-01-01', to: '1998-06-30', gapDays: 774 },
      });
      expect(firstRejection?.reason).toBe('outlier date');
      const g = await groupedSummaryWithClickHouse({ url, table: 'outliers', ...options });
      expect(g.account?.rejectedBy).toEqual({ 'outlier date': 2 });
      expectGroupedLikeCore(g, core);
      const kept = await summarizeWithClickHouse({
        url,
        table: 'outliers',
        ...options,
        outlierDates: 'keep',
      });
      expectSameSummary(summarizeTransactions(rows, { ...options, outlierDates: 'keep' }), kept);
      expect(kept.account?.rowsRejected).toBe(0);
    }, 180_000);

    it('CDNOW master: the grouped form holds the core summary customers', async () => {
      const options = {
        timeUnit: 'week',
        calibrationEnd: '1997-09-30',
        observationEnd: '1998-06-30',
      } as const;
      const core = summarizeTransactions(master.rows, options);
      const g = await groupedSummaryWithClickHouse({ url, table: 'cdnow', ...options });
      expect(g.customers).toBe(core.customers.length);
      expectGroupedLikeCore(g, core);
    });

    it('1,000,000 simulated rows: every column', async () => {
      const options: SummarizeOptions = {
        timeUnit: 'week',
        granularity: 'day',
        calibrationEnd: '2024-06-30',
        observationEnd: '2024-12-31',
      };
      expect(simulated.rows.length).toBe(1_000_000);
      const core = summarizeTransactions(simulated.rows, options);
      expectSameSummary(core, await summarizeWithClickHouse({ url, table: 'simulated', ...options }));
    }, 180_000);

    /** The rows of a scores table on shard 1 (Float64 figures as JSON numbers, ids as text). */
    const readScores = async (table: string) =>
      (await (
        await (clients[0] as Client).query({
          query: `SELECT ${SCORE_SQL_COLUMNS.map((c) => `\`${c}\``).join(', ')} FROM ${table}`,
          format: 'JSONEachRow',
        })
      ).json()) as Record<string, unknown>[];

    it('scoreInWarehouse: every CDNOW customer scored inside the cluster, equal to predictCustomerLifetimeValue', async () => {
      const options = { timeUnit: 'week', observationEnd: '1998-06-30' } as const;
      const c = summarizeTransactions(master.rows, options).columns;
      const fit = fitBetaGeo(c);
      const spendFit = spendFitOf(c);
      const settings = { horizon: 12, discountRate: 0.01, margin: 0.3 };
      for (const replace of [false, true]) {
        const result = await scoreInWarehouse({
          engine: 'clickhouse',
          url,
          table: 'cdnow',
          ...options,
          fit,
          spendFit,
          ...settings,
          into: 'cdnow_scores',
          replace,
        });
        expect(result.customers).toBe(23_570);
        expect(result.groups).toBeLessThan(result.customers / 2);
      }
      const local = predictCustomerLifetimeValue({
        transactionModel: fit,
        spendModel: spendFit,
        customers: c,
        ...settings,
      });
      expectScoresLikeCore(await readScores('cdnow_scores'), c, { alive: probabilityAlive(fit, c), local });
    }, 180_000);

    it('scoreInWarehouse: 1,000,000 simulated rows', async () => {
      const sim = summarizeTransactions(simulated.rows, { timeUnit: 'week' }).columns;
      const fit = fitBetaGeo(sim);
      const spendFit = spendFitOf(sim);
      const result = await scoreInWarehouse({
        engine: 'clickhouse',
        url,
        table: 'simulated',
        timeUnit: 'week',
        fit,
        spendFit,
        into: 'simulated_scores',
      });
      expect(result.customers).toBe(sim.frequency.length);
      const local = predictCustomerLifetimeValue({
        transactionModel: fit,
        spendModel: spendFit,
        customers: sim,
      });
      expectScoresLikeCore(await readScores('simulated_scores'), sim, {
        alive: probabilityAlive(fit, sim),
        local,
      });
    }, 180_000);

    it('clvkit summary --engine clickhouse: the in-process rows (a table comes ordered by id), usage checked', async () => {
      const csv = writeCsv(master, tempDir());
      const flags = ['--time-unit', 'week', '--calibration-end', '1997-09-30', '--format', 'csv', '--quiet'];
      const node = await runInProcess(['summary', csv, ...flags]);
      const db = url.replace('http://', 'http://default:@');
      const ch = await runInProcess([
        'summary',
        '--engine',
        'clickhouse',
        '--db',
        db,
        '--table',
        'cdnow',
        ...flags,
      ]);
      expect(ch.code, ch.stderr).toBe(0);
      expect(ch.stderr).toContain(
        `read ${master.rows.length.toLocaleString('en-US')} rows: ${master.rows.length.toLocaleString('en-US')} used, 0 rejected`,
      );
      const lines = (text: string) => text.trim().split('\n');
      expect(lines(ch.stdout)[0]).toBe(lines(node.stdout)[0]);
      expect(lines(ch.stdout).slice(1).sort()).toEqual(lines(node.stdout).slice(1).sort());
      const missing = await runInProcess(['summary', '--engine', 'clickhouse', '--table', 'cdnow']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--engine clickhouse needs --db http/);
    });

    it('a hostile table name stays one identifier; a name ClickHouse cannot quote is refused before any query', async () => {
      await expect(
        summarizeWithClickHouse({ url, table: 'cdnow` WHERE 1; DROP TABLE cdnow; --' }),
      ).rejects.toThrow(/without backticks/);
      await expect(summarizeWithClickHouse({ url, table: 'cdnow"; DROP TABLE x; --' })).rejects.toThrow(
        /doesn't exist|Unknown table/i,
      );
      const text = await (
        await (clients[0] as Client).query({ query: 'SELECT count() FROM cdnow', format: 'TabSeparated' })
      ).text();
      expect(Number(text)).toBe(master.rows.length);
    });
  },
);
