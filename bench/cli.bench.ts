import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type BenchSuite, formatMs } from './types.js';

const root = join(import.meta.dirname, '..');
const CLI = join(root, 'dist/cli.js');
const DIR = join(root, 'tmp');
const FILE = join(DIR, 'bench-orders-10m.csv');

/** Runs the built CLI under /usr/bin/time: wall time (ms) and peak RSS (bytes) of the whole process. */
function timed(args: string[]) {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %M', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`clvkit ${args.join(' ')} failed: ${r.stderr}`);
  const m = /@@([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing in: ${r.stderr}`);
  return { ms: Number(m[1]) * 1000, rss: Number(m[2]) * 1024, stderr: r.stderr };
}

/** `clvkit simulate` of `customers` over two years (seeded), to `out`: the benchmark's order logs. */
function simulateArgs(customers: number, out: string): string[] {
  const span = ['--start', '2023-01-01', '--end', '2024-12-31'];
  return ['simulate', '--customers', String(customers), ...span, '--alpha', '20', '--seed', '11', '-o', out];
}

export const suite: BenchSuite = {
  name: 'Command line (issue #5)',
  async run() {
    if (!existsSync(CLI)) throw new Error('build first: npm run build');
    mkdirSync(DIR, { recursive: true });
    // ~10 million orders from 1.25 million customers over two years (generated once, kept in tmp/).
    if (!existsSync(FILE)) {
      execFileSync(process.execPath, [CLI, ...simulateArgs(1_250_000, FILE)]);
    }
    const mb = statSync(FILE).size / 2 ** 20;
    // Median of three whole runs (the machine's figures wander by ±15%).
    const runs = [0, 1, 2].map(() => timed(['summary', FILE, '--quiet']));
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
    ).map(([name, args]) => ({ name, ...timed([...args]) }));
    const gen = timed(simulateArgs(125_000, join(DIR, 'bench-orders-1m.csv')));
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
