import { execFileSync, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { CLI, timedCli } from './timedCli.js';
import { type BenchSuite, formatMs } from './types.js';

const root = join(import.meta.dirname, '..');
const DIR = join(root, 'tmp');
const SORTED = join(DIR, 'bench-orders-10m.csv');
/** The same orders in no order (issue #18): each line sent to one of 256 buckets at random, the buckets joined. */
const UNSORTED_FILE = join(DIR, 'bench-orders-10m-unsorted.csv');

/** Writes `from`'s lines (header first) to `to` in a seeded random bucket order. */
function scatterLines(from: string, to: string): void {
  const text = readFileSync(from, 'utf8');
  const newline = text.indexOf('\n');
  const buckets: string[][] = Array.from({ length: 256 }, () => []);
  let state = 0x2545f491;
  for (let at = newline + 1; at < text.length; ) {
    const end = text.indexOf('\n', at);
    const stop = end < 0 ? text.length : end;
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    (buckets[state >>> 24] as string[]).push(text.slice(at, stop));
    at = stop + 1;
  }
  const tmp = `${to}.tmp`;
  writeFileSync(tmp, `${text.slice(0, newline)}\n`);
  for (const b of buckets) appendFileSync(tmp, b.length > 0 ? `${b.join('\n')}\n` : '');
  renameSync(tmp, to);
}

/** A summary CSV's lines, sorted (the customers' order follows the input's). */
function sortedLines(args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`clvkit ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.split('\n').sort().join('\n');
}

/** `clvkit simulate` of `customers` over two years (seeded), to `out`: the benchmark's order logs. */
function simulateArgs(customers: number, out: string): string[] {
  const span = ['--start', '2023-01-01', '--end', '2024-12-31'];
  return ['simulate', '--customers', String(customers), ...span, '--alpha', '20', '--seed', '11', '-o', out];
}

/**
 * The command-line benches' order logs in tmp/, generated on first use and kept: ~10 million orders from 1.25
 * million customers over two years (`clvkit simulate`, seeded), sorted by customer, and the same lines in no
 * order (issue #18; each line sent to one of 256 buckets at random, the buckets joined). Needs the built CLI.
 */
export function benchOrders(): { sorted: string; unsorted: string } {
  if (!existsSync(CLI)) throw new Error('build first: npm run build');
  mkdirSync(DIR, { recursive: true });
  if (!existsSync(SORTED)) execFileSync(process.execPath, [CLI, ...simulateArgs(1_250_000, SORTED)]);
  if (!existsSync(UNSORTED_FILE)) scatterLines(SORTED, UNSORTED_FILE);
  return { sorted: SORTED, unsorted: UNSORTED_FILE };
}

export const suite: BenchSuite = {
  name: 'Command line (issue #5)',
  async run() {
    const { sorted: FILE, unsorted: UNSORTED } = benchOrders();
    const mb = statSync(FILE).size / 2 ** 20;
    // Median of three whole runs (the machine's figures wander by ±15%).
    const runs = [0, 1, 2].map(() => timedCli(['summary', FILE, '--quiet']));
    const sorted = [...runs].sort((a, b) => a.ms - b.ms);
    const run = sorted[1] as (typeof runs)[number];
    const rows = Number(/read ([\d,]+) rows/.exec(run.stderr)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    const rate = rows / (run.ms / 1000);
    const peak = Math.max(...runs.map((r) => r.rss));
    const others = (
      [
        ['rfm', ['rfm', FILE, '--quiet']],
        ['fit bgnbd', ['fit', 'bgnbd', FILE, '--quiet']],
        ['fit pnbd', ['fit', 'pnbd', FILE, '--quiet']],
        ['predict', ['predict', FILE, '--quiet']],
        ['report', ['report', FILE, '-o', join(DIR, 'bench-report.html'), '--quiet']],
      ] as const
    ).map(([name, args]) => ({ name, ...timedCli([...args]) }));
    const gen = timedCli(simulateArgs(125_000, join(DIR, 'bench-orders-1m.csv')));
    // Issue #18: the same rows in no order, as order systems export them.
    const shuffledRuns = [0, 1, 2].map(() => timedCli(['summary', UNSORTED, '--quiet']));
    const shuffled = [...shuffledRuns].sort((a, b) => a.ms - b.ms)[1] as (typeof runs)[number];
    const shuffledRate = rows / (shuffled.ms / 1000);
    const shuffledPeak = Math.max(...shuffledRuns.map((r) => r.rss));
    const sameSummary =
      sortedLines(['summary', UNSORTED, '--quiet']) === sortedLines(['summary', FILE, '--quiet']);
    if (!sameSummary) throw new Error('the unsorted log summarizes differently from the sorted one');
    return [
      {
        issue: 5,
        task: `clvkit summary on a ${mb.toFixed(0)} MB CSV of ${rows.toLocaleString('en-US')} orders (1.25 M customers), end to end to a CSV of customers`,
        target: '≥ 1,000,000 rows/s',
        measured: `${(rate / 1e6).toFixed(2)} M rows/s (${formatMs(run.ms)})`,
        met: rate >= 1e6,
        notes:
          'median of 3 runs; peer (pandas read_csv + lifetimes summary_data_from_transaction_data): 22.7 s, 2.4 GB',
      },
      {
        issue: 5,
        task: 'peak RSS of those runs (whole process)',
        target: '< 1 GB',
        measured: `${(peak / 2 ** 20).toFixed(0)} MB`,
        met: peak < 2 ** 30,
        notes: `runs: ${runs.map((r) => formatMs(r.ms)).join(', ')}`,
      },
      ...others.map((o) => ({
        issue: 5,
        task: `clvkit ${o.name} on the same file (1.25 M customers; day occasions)${o.name === 'report' ? ', HTML page' : ', CSV out'}`,
        target: '—',
        measured: `${formatMs(o.ms)}, ${(o.rss / 2 ** 20).toFixed(0)} MB (${(rows / (o.ms / 1000) / 1e6).toFixed(2)} M rows/s)`,
        met: null,
        notes: '',
      })),
      {
        issue: 18,
        task: `clvkit summary, the same ${rows.toLocaleString('en-US')} orders in no order (1.25 M string ids), CSV out`,
        target: '≥ 2 M rows/s, < 1 GB',
        measured: `${(shuffledRate / 1e6).toFixed(2)} M rows/s (${formatMs(shuffled.ms)}), ${(shuffledPeak / 2 ** 20).toFixed(0)} MB`,
        met: shuffledRate >= 2e6 && shuffledPeak < 2 ** 30,
        notes: `median of 3 (${shuffledRuns.map((r) => formatMs(r.ms)).join(', ')}); the same summary as the sorted file (lines compared); ${(shuffledRate / rate).toFixed(2)}× the sorted file's rate; lines scattered over 256 buckets at random (seeded)`,
      },
      {
        issue: 5,
        task: 'clvkit simulate: 125,000 customers (~1 M orders) to a CSV',
        target: '—',
        measured: formatMs(gen.ms),
        met: null,
        notes: '',
      },
    ];
  },
};
