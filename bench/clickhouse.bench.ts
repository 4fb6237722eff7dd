/**
 * Issue #19: 10,000,000 orders → every customer scored inside a two-shard ClickHouse cluster (scoreInWarehouse).
 * The cluster is the tests' (test/sql/clickhouseCluster.ts: two clickhouse-server processes on loopback, a
 * Distributed table sharded by cityHash64(customer_id)); the scoring runs in its own spawned Node process from the
 * built dist/, so wall time includes start-up and peak memory is that Node process's maxRSS — the servers' memory
 * is theirs, not Node's. Run at 1 M and 10 M orders, to show Node's memory does not grow with the customers.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@clickhouse/client';
import { clickHouseBinary, startClickHouseCluster } from '../test/sql/clickhouseCluster.js';
import { runNode, writeLog } from './sql.bench.js';
import { type BenchSuite, formatMs } from './types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const suite: BenchSuite = {
  name: 'ClickHouse: scoring inside a 2-shard cluster (issue #19)',
  async run() {
    const ROWS = Number(process.env.CLVKIT_BENCH_ROWS ?? 10_000_000);
    const SMALL = Math.min(1_000_000, ROWS);
    const fmt = (n: number) => n.toLocaleString('en-US');
    const binary = clickHouseBinary();
    if (binary === undefined)
      throw new Error('no clickhouse-server binary: apt-get install clickhouse-server');
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-chbench-'));
    const cluster = await startClickHouseCluster(binary);
    const clients = cluster.shards.map((s) => createClient({ url: s.url, request_timeout: 3_600_000 }));
    try {
      const rssHook = join(dir, 'rss.cjs');
      writeFileSync(
        rssHook,
        "process.on('exit', () => process.stderr.write('\\n@@RSS@@' + process.resourceUsage().maxRSS + '\\n'));\n",
      );
      const load = async (name: string, rows: number) => {
        const csv = join(dir, `${name}.csv`);
        await writeLog(csv, rows);
        const columns = '(customer_id String, date Date, amount Decimal(38, 10))';
        for (const client of clients) {
          await client.command({
            query: `CREATE TABLE ${name}_local ${columns} ENGINE = MergeTree() ORDER BY (customer_id, date)`,
          });
          await client.command({
            query: `CREATE TABLE ${name} ${columns} ENGINE = Distributed(clvkit, default, ${name}_local, cityHash64(customer_id))`,
          });
        }
        const t = performance.now();
        await clients[0]?.insert({
          table: name,
          values: createReadStream(csv),
          format: 'CSVWithNames',
          clickhouse_settings: { insert_distributed_sync: 1 } as never,
        });
        const loadMs = performance.now() - t;
        rmSync(csv);
        return loadMs;
      };
      const score = (table: string) =>
        runNode(
          [
            '--input-type=module',
            '-e',
            `import { groupedSummaryWithClickHouse, scoreInWarehouse } from ${JSON.stringify(join(root, 'dist/node.js'))};
             import { fitBetaGeo, fitFromParams } from ${JSON.stringify(join(root, 'dist/index.js'))};
             const source = { engine: 'clickhouse', url: ${JSON.stringify(cluster.shards[0].url)}, table: '${table}', timeUnit: 'week' };
             const t = performance.now();
             const g = await groupedSummaryWithClickHouse({ url: source.url, table: source.table, timeUnit: 'week' });
             const fit = fitBetaGeo(g);
             const fitMs = performance.now() - t;
             const spendFit = fitFromParams({ model: 'gammaGamma', params: { p: 6, q: 4, gamma: 60 } });
             const r = await scoreInWarehouse({ ...source, fit, spendFit, into: '${table}_scores', replace: true });
             console.log(JSON.stringify({ customers: r.customers, groups: r.groups, fitMs, totalMs: performance.now() - t }));`,
          ],
          rssHook,
        );
      type Out = { customers: number; groups: number; fitMs: number; totalMs: number };
      const smallLoad = await load('orders_small', SMALL);
      const small = score('orders_small');
      const smallOut = JSON.parse(small.output) as Out;
      const bigLoad = await load('orders', ROWS);
      const big = score('orders');
      const bigOut = JSON.parse(big.output) as Out;
      const rows = (r: typeof big, o: Out, load: number) =>
        `Node peak RSS ${r.rssMb.toFixed(0)} MB; ${fmt(o.customers)} customers scored into a MergeTree table, ${fmt(o.groups)} groups crossed to Node; grouped summary + BG/NBD fit ${formatMs(o.fitMs)}; loading the orders through the Distributed table took ${formatMs(load)} (not counted)`;
      return [
        {
          issue: 19,
          task: `${fmt(ROWS)} orders in a 2-shard ClickHouse 18.16 cluster (Distributed table, cityHash64(customer_id)) → BG/NBD fitted from the grouped summary → every customer's P(alive), expected purchases, spend and CLV materialised as a table (scoreInWarehouse)`,
          target: 'Node memory flat in the number of customers',
          measured: formatMs(big.ms),
          met: big.rssMb < 2 * small.rssMb,
          notes: rows(big, bigOut, bigLoad),
        },
        {
          issue: 19,
          task: `same with ${fmt(SMALL)} orders`,
          target: '—',
          measured: formatMs(small.ms),
          met: null,
          notes: `${rows(small, smallOut, smallLoad)}; spawned processes, wall time from spawn to exit; 2 shared cores (the servers and Node contend)`,
        },
      ];
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
