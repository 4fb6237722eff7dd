/**
 * Issue #14: what the SQL engines' row checks cost on the 10 M-row benchmark (the log of `sql.bench.ts`). The
 * summary as the library writes it — every row checked and accounted for (`REJECT_REASONS`) — against the same
 * query with its checked-rows stage replaced by a plain typed read that checks nothing (DuckDB's own CSV types, as
 * round 1 read it; NULL ids and dates left out), so that the two differ only by the checks. DuckDB on one thread,
 * CPU time of this process (DuckDB's native thread included), median of 5 interleaved runs after a warm-up.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarySql, summaryWithDaysSql } from '../src/sql/index.js';
import type { SummarySqlOptions } from '../src/sql/summarySqlOptions.js';
import { writeLog, writeParquet } from './sql.bench.js';
import { type BenchSuite, formatMs, median } from './types.js';

/** Where the summary's stages after the checked rows begin (each query below is cut there). */
const AFTER_CHECKS = 'clvkit_ends AS (';

/**
 * `sql` with everything before `AFTER_CHECKS` replaced by a `clvkit_base` that reads `source` (the file: `$1`)
 * unchecked; with `amounts`, it reads every amount too (DuckDB's own DOUBLE parse, `amount >= 0`, true of every
 * row of the log), which the unchecked query never does: the least any check that judges every amount costs.
 */
function unchecked(sql: string, source: string, amounts = false): string {
  const at = sql.indexOf(AFTER_CHECKS);
  if (at < 0) throw new Error(`bench: the summary query has no ${AFTER_CHECKS}`);
  return `WITH clvkit_base AS (
  SELECT customer_id, "date" AS order_date FROM ${source} WHERE customer_id IS NOT NULL AND "date" IS NOT NULL${
    amounts ? ' AND amount >= 0' : ''
  }
),
${sql.slice(at)}`;
}

/**
 * The per-customer summary's `sql` with its checked rows replaced by an unchecked typed read of `source` that
 * reads the amounts as the summary needs them: the float spend and the exact amount, the latter with the checked
 * query's own expression for a DOUBLE column (`exactOfDouble`, read out of its SQL), and the file's row order
 * when the source is a file.
 */
function uncheckedPerCustomer(sql: string, source: string, file: boolean): string {
  const at = sql.indexOf(AFTER_CHECKS);
  if (at < 0) throw new Error(`bench: the summary query has no ${AFTER_CHECKS}`);
  const typed = summarySql({ dialect: 'duckdb', table: 't', typedDate: true, typedAmount: true }).sql;
  const exact = /(CASE WHEN abs\(t\.amount_value\).*? END) AS amount,/.exec(typed)?.[1];
  if (exact === undefined) throw new Error('bench: no exact amount of a DOUBLE in the typed summary');
  return `WITH clvkit_base AS (
  SELECT customer_id, "date" AS order_date, CAST(amount AS DOUBLE) AS spend, ${exact.replaceAll('t.amount_value', 'amount')} AS amount${
    file ? ', row_number() OVER () AS row_index' : ''
  }
  FROM ${source} WHERE customer_id IS NOT NULL AND "date" IS NOT NULL
),
${sql.slice(at)}`;
}

export const suite: BenchSuite = {
  name: 'SQL engines: what the row checks cost (issue #14)',
  async run() {
    const ROWS = Number(process.env.CLVKIT_BENCH_ROWS ?? 10_000_000);
    const RUNS = 5;
    const dir = mkdtempSync(join(tmpdir(), 'clvkit-sqlchecks-'));
    try {
      const csv = join(dir, 'orders.csv');
      const parquet = join(dir, 'orders.parquet');
      await writeLog(csv, ROWS);
      await writeParquet(csv, parquet);
      const { DuckDBInstance } = await import('@duckdb/node-api');
      const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
      const c = await instance.connect();
      // The same rows in a table of the database (#19's case): VARCHAR ids, DATE dates, DOUBLE amounts.
      await c.run(`CREATE TABLE orders AS SELECT * FROM read_parquet('${parquet.replaceAll("'", "''")}')`);
      const cases = [
        {
          name: 'CSV',
          what: 'CSV (the log of the issue #7 rows)',
          source: { file: { path: csv, format: 'csv' as const } },
          plain: 'read_csv($1)',
          params: [csv] as unknown[],
          typed: {},
        },
        {
          name: 'Parquet file',
          what: 'Parquet file (the log of the issue #7 rows)',
          source: { file: { path: parquet, format: 'parquet' as const } },
          plain: 'read_parquet($1)',
          params: [parquet] as unknown[],
          // As the runners read a Parquet file: its DATE and DOUBLE columns as they are (`withCustomerIdType`).
          typed: { typedDate: true, typedAmount: true },
        },
        {
          name: 'DuckDB table',
          what: 'DuckDB table of the same rows (VARCHAR id, DATE date, DOUBLE amount)',
          source: { table: 'orders' },
          plain: 'orders',
          params: [] as unknown[],
          typed: { typedDate: true, typedAmount: true },
        },
      ];
      const results = [];
      for (const k of cases) {
        const o: SummarySqlOptions = {
          dialect: 'duckdb',
          ...k.source,
          grouped: true,
          timeUnit: 'week',
          granularity: 'week',
          ...k.typed,
        };
        const grouped = summarySql(o);
        const perCustomer = summarySql({ ...o, grouped: false });
        const queries = {
          runners: summaryWithDaysSql(o), // the grouped summary and the account by day, in one query
          grouped, // the grouped summary alone
          unchecked: { sql: unchecked(grouped.sql, k.plain), params: k.params },
          amounts: { sql: unchecked(grouped.sql, k.plain, true), params: k.params },
          // The per-customer summary (spend summed, exactly too), which reads every amount checked or not.
          perCustomer,
          perCustomerUnchecked: {
            sql: uncheckedPerCustomer(perCustomer.sql, k.plain, k.source.table === undefined),
            params: k.params,
          },
        };
        const cpu: Record<keyof typeof queries, number[]> = {
          runners: [],
          grouped: [],
          unchecked: [],
          amounts: [],
          perCustomer: [],
          perCustomerUnchecked: [],
        };
        const rows: Record<string, number> = {};
        for (let run = 0; run <= RUNS; run++) {
          for (const name of Object.keys(queries) as (keyof typeof queries)[]) {
            const q = queries[name];
            const before = process.cpuUsage();
            const reader = await c.runAndReadAll(q.sql, q.params as never[]);
            const used = process.cpuUsage(before);
            rows[name] = reader.currentRowCount;
            if (run > 0) cpu[name].push((used.user + used.system) / 1000);
          }
        }
        const base = median(cpu.unchecked);
        if (rows.grouped !== rows.unchecked || rows.amounts !== rows.unchecked)
          throw new Error(
            `bench: ${rows.grouped} grouped rows checked, ${rows.unchecked} unchecked, ${rows.amounts} with amounts read`,
          );
        if (rows.perCustomer !== rows.perCustomerUnchecked)
          throw new Error(
            `bench: ${rows.perCustomer} customers checked, ${rows.perCustomerUnchecked} unchecked`,
          );
        const format = k.name;
        for (const name of ['runners', 'grouped'] as const) {
          const t = median(cpu[name]);
          const ratio = t / base;
          results.push({
            issue: 14,
            task: `${ROWS.toLocaleString('en-US')}-row ${k.what}, DuckDB on one thread: ${
              name === 'runners'
                ? "the runners' query (grouped summary and account by day, summaryWithDaysSql)"
                : 'the grouped summary (summarySql)'
            }, checked, against the same query reading the ${k.source.table ? 'table' : 'file'} unchecked`,
            target: 'checks cost < 5 %',
            measured: `+${((ratio - 1) * 100).toFixed(0)} %`,
            met: ratio < 1.05,
            notes: `CPU ${formatMs(t)} against ${formatMs(base)} unchecked; runs ${cpu[name].map(formatMs).join(', ')}; unchecked ${cpu.unchecked.map(formatMs).join(', ')}`,
          });
        }
        const perCustomerBase = median(cpu.perCustomerUnchecked);
        const perCustomerTime = median(cpu.perCustomer);
        results.push({
          issue: 14,
          task: `${ROWS.toLocaleString('en-US')}-row ${k.what}, DuckDB on one thread: the per-customer summary (summarySql, spend summed as a float and exactly), checked, against the same query reading the ${k.source.table ? 'table' : 'file'} unchecked, amounts included`,
          target: 'checks cost < 5 %',
          measured: `${perCustomerTime >= perCustomerBase ? '+' : '−'}${Math.abs((perCustomerTime / perCustomerBase - 1) * 100).toFixed(0)} %`,
          met: perCustomerTime / perCustomerBase < 1.05,
          notes: `CPU ${formatMs(perCustomerTime)} against ${formatMs(perCustomerBase)} unchecked; runs ${cpu.perCustomer.map(formatMs).join(', ')}; unchecked ${cpu.perCustomerUnchecked.map(formatMs).join(', ')}`,
        });
        const floor = median(cpu.amounts);
        results.push({
          issue: 14,
          task: `${ROWS.toLocaleString('en-US')}-row ${format}, DuckDB on one thread: the same unchecked query reading every amount too (DuckDB's own DOUBLE parse, no check) — what judging every amount costs before any rule`,
          target: 'none (the floor of the checks above)',
          measured: `${floor >= base ? '+' : '−'}${Math.abs((floor / base - 1) * 100).toFixed(0)} %`,
          met: null,
          notes: `CPU ${formatMs(floor)} against ${formatMs(base)} unchecked; runs ${cpu.amounts.map(formatMs).join(', ')}`,
        });
      }
      c.closeSync();
      instance.closeSync();
      return results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
