import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CDNOW_MASTER, CDNOW_MASTER_READ } from '../scripts/gettingStarted.js';
import type { BenchSuite } from './types.js';

const root = join(import.meta.dirname, '..');
const CLI = join(root, 'dist/cli.js');
const DIR = join(root, 'tmp');
/** Rows of the large simulated log (BENCH_EVALUATE_CUSTOMERS customers give about 7.5 orders each). */
const CUSTOMERS = Number(process.env.BENCH_EVALUATE_CUSTOMERS ?? 1_250_000);

/** Runs the built CLI under /usr/bin/time: wall and user CPU seconds, peak RSS (bytes) of the whole process. */
function timed(args: string[]) {
  const r = spawnSync('/usr/bin/time', ['-f', '@@%e %U %M', process.execPath, CLI, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`clvkit ${args.join(' ')} failed: ${r.stderr}`);
  const m = /@@([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no timing in: ${r.stderr}`);
  return { s: Number(m[1]), user: Number(m[2]), rss: Number(m[3]) * 1024, stderr: r.stderr };
}

const median = <T extends { s: number }>(runs: T[]) =>
  [...runs].sort((a, b) => a.s - b.s)[runs.length >> 1] as T;
const load = () => (execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ')[0] ?? '?').trim();

export const suite: BenchSuite = {
  name: 'Holdout evaluation (issue #17)',
  async run() {
    if (!existsSync(CLI)) throw new Error('build first: npm run build');
    mkdirSync(DIR, { recursive: true });
    const loadBefore = load();
    // CDNOW master: the three transaction models and Gamma-Gamma, split at 1997-09-30, median of three runs.
    const cdnowArgs = [
      'evaluate',
      CDNOW_MASTER,
      ...CDNOW_MASTER_READ,
      '--calibration-end',
      '1997-09-30',
      '--time-unit',
      'week',
      '--json',
      '--quiet',
    ];
    const cdnowRuns = [0, 1, 2].map(() => timed(cdnowArgs));
    const cdnow = median(cdnowRuns);
    // The simulated log (clvkit simulate, two years, seeded), split after the first year.
    const file = join(DIR, `bench-orders-evaluate-${CUSTOMERS}.csv`);
    if (!existsSync(file))
      execFileSync(process.execPath, [
        CLI,
        'simulate',
        '--customers',
        String(CUSTOMERS),
        '--start',
        '2023-01-01',
        '--end',
        '2024-12-31',
        '--alpha',
        '20',
        '--seed',
        '11',
        '-o',
        file,
      ]);
    const mb = statSync(file).size / 2 ** 20;
    const big = timed(['evaluate', file, '--calibration-end', '2023-12-31', '--time-unit', 'week', '--json']);
    const rows = Number(/read ([\d,]+) rows/.exec(big.stderr)?.[1]?.replace(/,/g, '') ?? Number.NaN);
    const loadAfter = load();
    const under = `load average ${loadBefore} before, ${loadAfter} after (2 cores shared)`;
    return [
      {
        issue: 17,
        task: 'clvkit evaluate CDNOW master (69,659 rows, 23,570 customers; BG/NBD, MBG/NBD, Pareto/NBD + Gamma-Gamma; split 1997-09-30), end to end',
        target: '< 3 s',
        measured: `${cdnow.s.toFixed(2)} s wall, ${cdnow.user.toFixed(2)} s CPU`,
        met: cdnow.s < 3,
        notes: `median of 3 (${cdnowRuns.map((r) => `${r.s.toFixed(2)} s`).join(', ')}); ${(cdnow.rss / 2 ** 20).toFixed(0)} MB peak; ${under}`,
      },
      {
        issue: 17,
        task: `clvkit evaluate a simulated log of ${rows.toLocaleString('en-US')} rows (${mb.toFixed(0)} MB, ${CUSTOMERS.toLocaleString('en-US')} customers; same models; split after the first year), end to end`,
        target: rows >= 9_000_000 ? '< 60 s' : '< 60 s at 10 M rows',
        measured: `${big.s.toFixed(1)} s wall, ${big.user.toFixed(1)} s CPU`,
        met: rows >= 9_000_000 ? big.s < 60 : null,
        notes: `one run; ${(big.rss / 2 ** 20).toFixed(0)} MB peak; ${(rows / big.s / 1e6).toFixed(2)} M rows/s; ${under}`,
      },
    ];
  },
};
