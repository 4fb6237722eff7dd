/**
 * Issue #7: 10,000,000 order rows to a fitted BG/NBD — through embedded DuckDB (the grouped summary query,
 * from CSV and from Parquet) against the in-process streaming path (the CLI: CSV ingest → createSummarizer →
 * fit). Each path runs in its own spawned Node process from the built dist/, so wall time includes start-up
 * and peak memory is that process's maxRSS (DuckDB's native memory included).
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDay, simulateOrderDays } from '../src/transactions/index.js';
import { type BenchSuite, formatMs } from './types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Writes the first `rows` orders of a seeded BG/NBD log (core `simulateOrderDays`, ≈ 5.6 orders per customer over
 * two years, customer after customer) as CSV. A BG/NBD log, so that the fit is identified.
 */
export async function writeLog(path: string, rows: number): Promise<void> {
  const dates = new Map<number, string>();
  const out = createWriteStream(path);
  out.write('customer_id,date,amount\n');
  let text = '';
  let n = 0;
  for (const o of simulateOrderDays({
    customers: Math.min(10_000_000, Math.ceil(rows / 5)),
    start: '2023-01-01',
    end: '2024-12-31',
    seed: 7,
    purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
    spend: { p: 6, q: 4, gamma: 60 },
  })) {
    let date = dates.get(o.day);
    if (date === undefined) {
      date = formatDay(o.day);
      dates.set(o.day, date);
    }
    text += `${o.customerId},${date},${(o.cents / 100).toFixed(2)}\n`;
    if (++n === rows) break;
    if (n % 100_000 === 0) {
      if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
      text = '';
    }
  }
  out.write(text);
  await new Promise<void>((r) => out.end(() => r()));
}

/** Copies the CSV at `csv` to a Parquet file at `parquet`, with the column types DuckDB detects in it. */
export async function writeParquet(csv: string, parquet: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  await c.run(`COPY (SELECT * FROM read_csv($1)) TO '${parquet.replaceAll("'", "''")}' (FORMAT parquet)`, [
    csv,
  ]);
  c.closeSync();
  instance.closeSync();
}

export interface Run {
  ms: number;
  rssMb: number;
  output: string;
}

/** Runs a Node process, timing it from spawn to exit; a preloaded hook reports its maxRSS. */
export function runNode(args: string[], rssHook: string): Run {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--require', rssHook, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`bench child failed (${r.status}): ${r.stderr}`);
  const m = /@@RSS@@(\d+)/.exec(r.stderr);
  return { ms, rssMb: m ? Number(m[1]) / 1024 : Number.NaN, output: r.stdout };
}

export const suite: BenchSuite = {
  name: 'SQL engines: DuckDB vs in-process streaming (issue #7)',
  async run() {
    const ROWS = Number(process.env.CLVKIT_BENCH_ROWS ?? 10_000_000);
    const fmt = (n: number) => n.toLocaleString('en-US');
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-sqlbench-'));
    try {
      const csv = join(dir, 'orders.csv');
      const parquet = join(dir, 'orders.parquet');
      const rssHook = join(dir, 'rss.cjs');
      writeFileSync(
        rssHook,
        "process.on('exit', () => process.stderr.write('\\n@@RSS@@' + process.resourceUsage().maxRSS + '\\n'));\n",
      );
      await writeLog(csv, ROWS);
      await writeParquet(csv, parquet);
      const { DuckDBInstance } = await import('@duckdb/node-api');
      // A warehouse: the orders as a table of a DuckDB database file, for scoring in place.
      const warehouse = join(dir, 'warehouse.duckdb');
      const wi = await DuckDBInstance.create(warehouse);
      const wc = await wi.connect();
      await wc.run('CREATE TABLE orders AS SELECT * FROM read_parquet($1)', [parquet]);
      wc.closeSync();
      wi.closeSync();
      const mb = (f: string) => `${(statSync(f).size / 2 ** 20).toFixed(0)} MB`;

      const duck = (path: string, format: string) => [
        '--input-type=module',
        '-e',
        `import { groupedSummaryWithDuckDB } from ${JSON.stringify(join(root, 'dist/node.js'))};
         import { fitBetaGeo } from ${JSON.stringify(join(root, 'dist/index.js'))};
         const t = performance.now();
         const g = await groupedSummaryWithDuckDB({ file: { path: ${JSON.stringify(path)}, format: '${format}' }, timeUnit: 'week', granularity: 'week' });
         const sqlMs = performance.now() - t;
         const fit = fitBetaGeo(g);
         console.log(JSON.stringify({ customers: g.customers, rows: g.frequency.length, params: fit.params, sqlMs }));`,
      ];
      const fromCsv = runNode(duck(csv, 'csv'), rssHook);
      const fromParquet = runNode(duck(parquet, 'parquet'), rssHook);
      const streaming = runNode(
        [
          join(root, 'dist/cli.js'),
          'fit',
          'bgnbd',
          csv,
          '--time-unit',
          'week',
          '--quiet',
          '--format',
          'json',
        ],
        rssHook,
      );
      // Issue #19: every customer scored inside the warehouse; only the groups reach Node. The spend fit is
      // given (the simulation's Gamma-Gamma parameters): fitting it needs per-customer spend, a sample suffices.
      const scoring = runNode(
        [
          '--input-type=module',
          '-e',
          `import { groupedSummaryWithDuckDB, scoreInWarehouse } from ${JSON.stringify(join(root, 'dist/node.js'))};
           import { fitBetaGeo, fitFromParams } from ${JSON.stringify(join(root, 'dist/index.js'))};
           const source = { engine: 'duckdb', database: ${JSON.stringify(warehouse)}, table: 'orders', timeUnit: 'week' };
           const t = performance.now();
           const g = await groupedSummaryWithDuckDB({ database: source.database, table: 'orders', timeUnit: 'week' });
           const fit = fitBetaGeo(g);
           const fitMs = performance.now() - t;
           const spendFit = fitFromParams({ model: 'gammaGamma', params: { p: 6, q: 4, gamma: 60 } });
           const r = await scoreInWarehouse({ ...source, fit, spendFit, into: 'customer_scores', replace: true });
           console.log(JSON.stringify({ customers: r.customers, groups: r.groups, fitMs, totalMs: performance.now() - t }));`,
        ],
        rssHook,
      );
      const scored = JSON.parse(scoring.output) as {
        customers: number;
        groups: number;
        fitMs: number;
        totalMs: number;
      };
      type DuckOut = { customers: number; rows: number; params: Record<string, number>; sqlMs: number };
      const duckOut = JSON.parse(fromCsv.output) as DuckOut;
      const parquetOut = JSON.parse(fromParquet.output) as DuckOut;
      const a = duckOut.params;
      const note = (r: Run) => `peak RSS ${r.rssMb.toFixed(0)} MB`;
      const speedup = (r: Run) => `${(streaming.ms / r.ms).toFixed(1)}× the streaming path`;
      return [
        {
          issue: 7,
          task: `${fmt(ROWS)} rows (${mb(csv)} CSV, ${fmt(duckOut.customers)} customers) → fitted BG/NBD (weekly occasions, weeks) via DuckDB, grouped summary from CSV`,
          target: 'clearly faster than in-process streaming',
          measured: formatMs(fromCsv.ms),
          met: fromCsv.ms < streaming.ms / 1.5,
          notes: `${note(fromCsv)}; ${speedup(fromCsv)}; the query ${formatMs(duckOut.sqlMs)}; ${fmt(duckOut.rows)} distinct (x, t_x, T) rows leave DuckDB; r=${a.r?.toFixed(4)}, α=${a.alpha?.toFixed(3)}`,
        },
        {
          issue: 7,
          task: `same from Parquet (${mb(parquet)})`,
          target: 'clearly faster than in-process streaming',
          measured: formatMs(fromParquet.ms),
          met: fromParquet.ms < streaming.ms / 1.5,
          notes: `${note(fromParquet)}; ${speedup(fromParquet)}; the query ${formatMs(parquetOut.sqlMs)}`,
        },
        {
          issue: 19,
          task: `${fmt(ROWS)} orders in a DuckDB table → BG/NBD fitted from the grouped summary → every customer's P(alive), expected purchases, spend and CLV materialised as a table (scoreInWarehouse)`,
          target: 'Node memory flat in the number of customers',
          measured: formatMs(scoring.ms),
          met: null,
          notes: `${note(scoring)} (DuckDB's native memory included); ${fmt(scored.customers)} customers scored, ${fmt(scored.groups)} groups crossed to Node; grouped summary + fit ${formatMs(scored.fitMs)}`,
        },
        {
          issue: 7,
          task: 'same CSV through the in-process streaming path (clvkit fit bgnbd: ingest → createSummarizer → fit)',
          target: '—',
          measured: formatMs(streaming.ms),
          met: null,
          notes: `${note(streaming)}; spawned processes, wall time from spawn to exit; 2 shared cores (contended)`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
