/**
 * Issue #18's targets that have a peer figure, side by side with the Python peer, lifetimes (0.11.3, with
 * numpy, scipy and pandas): the scripts in bench/peer/ run on the same data as ours, interleaved on the same
 * machine (ours, peer, ours, peer, ours, peer), and each row reports the ratio of the medians (peer / ours) with
 * both figures, after checking that both gave the same answer. `npm run bench -- peer` (build first: the summary
 * row runs the built CLI). Without the peer — `python3 -c "import numpy, scipy, pandas, lifetimes"` fails — every
 * row says "skipped" and why, so docs/benchmarks.md never shows a comparison that did not run.
 * CLVKIT_PEER_PYTHON picks another interpreter (a virtualenv's); CLVKIT_PEER_ROUNDS another number of rounds.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitBetaGeo } from '../src/models/betaGeo.js';
import type { Fit } from '../src/models/fit/fitModel.js';
import { fitFromParams } from '../src/models/fitFromParams.js';
import { fitParetoNbd } from '../src/models/paretoNbd.js';
import { expectedPurchases, probabilityAlive } from '../src/models/predict.js';
import { benchOrders } from './cli.bench.js';
import { paramText, simulatedCustomers, TRUTH, writeCustomersCsv } from './fitScale.js';
import { timedCli } from './timedCli.js';
import { type BenchResult, type BenchSuite, formatMs, median, timeMedian } from './types.js';

const root = join(import.meta.dirname, '..');
const DIR = join(root, 'tmp');
const SCRIPTS = join(import.meta.dirname, 'peer');
const PYTHON = process.env.CLVKIT_PEER_PYTHON ?? 'python3';
const ROUNDS = Number(process.env.CLVKIT_PEER_ROUNDS ?? 3);
/** Imports everything the peer's scripts need and prints lifetimes' version. */
const PROBE = 'import numpy, scipy, pandas, lifetimes; print(lifetimes.__version__)';

/** The line a peer script prints (bench/peer/timing.py's `report`). */
interface PeerLine {
  readonly task: string;
  /** Median of the script's timed runs. */
  readonly ms: number;
  readonly peakRssMb: number;
  readonly check: Record<string, unknown>;
  readonly lifetimes: string;
  readonly aliveMs?: number;
  readonly expectedMs?: number;
}

/** One side-by-side measurement: both sides' times per round and how their answers compare. */
interface SideBySide {
  readonly ours: readonly number[];
  readonly peer: readonly PeerLine[];
  /** Whether both gave the same answer within the row's tolerances. */
  readonly agree: boolean;
  /** What was compared, the differences found, and anything else of this row worth saying. */
  readonly notes: string;
}

/** A target of issue #18 with a peer figure. */
interface Comparison {
  readonly task: string;
  readonly target: string;
  /** The ratio (peer / ours) the target asks for, when it asks for one. */
  readonly atLeast?: number;
  /** What issue #18 measured when it was filed. */
  readonly filed: string;
  measure(): SideBySide;
}

function lastLine(text: string): string | undefined {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .at(-1);
}

function relative(value: number, reference: number): number {
  return Math.abs(value - reference) / Math.abs(reference);
}

/** lifetimes' version when Python has numpy, scipy, pandas and lifetimes; otherwise why not, in one sentence. */
export function findPeer(python = PYTHON): { version: string } | { missing: string } {
  const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8' });
  if (r.status === 0) return { version: r.stdout.trim() };
  const why = r.error?.message ?? lastLine(r.stderr ?? '') ?? `exit status ${r.status}`;
  return {
    missing: `Python with numpy, scipy, pandas and lifetimes not found (${python} -c "${PROBE}" failed: ${why})`,
  };
}

/** Runs one peer script; its last line of standard output is its JSON. */
function runPeer(script: string, args: readonly string[]): PeerLine {
  const r = spawnSync(PYTHON, [join(SCRIPTS, script), ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0)
    throw new Error(`bench/peer/${script} failed: ${r.error?.message ?? lastLine(r.stderr ?? '')}`);
  const line = lastLine(r.stdout);
  if (line === undefined) throw new Error(`bench/peer/${script} printed nothing`);
  return JSON.parse(line) as PeerLine;
}

/** ROUNDS rounds of ours then the peer's, one after the other, so both see the same machine. */
function interleaved(ours: () => number, peer: () => PeerLine): { ours: number[]; peer: PeerLine[] } {
  const result = { ours: [] as number[], peer: [] as PeerLine[] };
  for (let i = 0; i < ROUNDS; i++) {
    result.ours.push(ours());
    result.peer.push(peer());
  }
  return result;
}

/** Number of customers and Σ frequency of a summary CSV the CLI wrote. */
function summaryTotals(path: string): { customers: number; frequencySum: number } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const column = (lines[0] ?? '').split(',').indexOf('frequency');
  if (column < 0) throw new Error(`${path}: no frequency column`);
  let customers = 0;
  let frequencySum = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    customers++;
    frequencySum += Number(line.split(',', column + 1)[column]);
  }
  return { customers, frequencySum };
}

const summary: Comparison = {
  task: 'clvkit summary (whole process, CSV out) vs pandas read_csv + lifetimes summary_data_from_transaction_data (in process, freq D): 10 M unsorted rows, 1.25 M string ids',
  target: '≥ 4× lifetimes',
  atLeast: 4,
  filed: 'clvkit 22.8 s, lifetimes + pandas 41.2 s (1.8×)',
  measure() {
    const { unsorted } = benchOrders();
    const out = join(DIR, 'peer-summary-clvkit.csv');
    let rss = 0;
    const runs = interleaved(
      () => {
        const fd = openSync(out, 'w');
        try {
          const r = timedCli(['summary', unsorted, '--quiet'], fd);
          rss = Math.max(rss, r.rss);
          return r.ms;
        } finally {
          closeSync(fd);
        }
      },
      () => runPeer('summary.py', [unsorted]),
    );
    const ours = summaryTotals(out);
    const theirs = (runs.peer.at(-1) as PeerLine).check;
    const agree = ours.customers === theirs.customers && ours.frequencySum === theirs.frequencySum;
    const answer = (t: { customers?: unknown; frequencySum?: unknown }) =>
      `${Number(t.customers).toLocaleString('en-US')} customers, Σ frequency ${Number(t.frequencySum).toLocaleString('en-US')}`;
    return {
      ...runs,
      agree,
      notes: `${agree ? `the same answer (${answer(ours)})` : `**answers differ**: clvkit ${answer(ours)}, lifetimes ${answer(theirs)}`}; peak RSS clvkit ${(rss / 2 ** 20).toFixed(0)} MB, lifetimes + pandas ${peakMb(runs.peer)} MB; the peer's time leaves out Python's start and imports and writes no CSV`,
    };
  },
};

function peakMb(lines: readonly PeerLine[]): string {
  return Math.max(...lines.map((l) => l.peakRssMb)).toFixed(0);
}

/**
 * A fit of 1,000,000 simulated customers (the fit benches' customers, written to tmp/ for the peer), ours one
 * thread: the same optimum when the parameters are within 1e-3 relative of ours and the peer's log-likelihood at
 * its estimate within 1e-6 relative of ours.
 */
function fitComparison(
  model: 'betaGeo' | 'paretoNbd',
  ages: 'continuous' | 'days',
  comparison: Pick<Comparison, 'task' | 'target' | 'atLeast' | 'filed'>,
): Comparison {
  const fitCustomers: (customers: ReturnType<typeof simulatedCustomers>) => Fit =
    model === 'betaGeo' ? fitBetaGeo : fitParetoNbd;
  return {
    ...comparison,
    measure() {
      const customers = simulatedCustomers(model, 1_000_000, ages);
      const csv = join(DIR, `peer-${model}-${ages}.csv`);
      writeCustomersCsv(customers, csv);
      let ours = fitCustomers(customers);
      const runs = interleaved(
        () => {
          const t = performance.now();
          ours = fitCustomers(customers);
          return performance.now() - t;
        },
        () => runPeer('fit.py', [csv, model === 'betaGeo' ? 'bgnbd' : 'paretonbd']),
      );
      const theirs = (runs.peer.at(-1) as PeerLine).check as {
        params: Record<string, number>;
        logLikelihood: number;
      };
      let params = 0;
      for (const name of ours.paramNames)
        params = Math.max(params, relative(theirs.params[name] as number, ours.params[name] as number));
      const logLikelihood = relative(theirs.logLikelihood, ours.logLikelihood);
      const agree = params <= 1e-3 && logLikelihood <= 1e-6;
      const peerParams = ours.paramNames
        .map((n) => `${n} ${(theirs.params[n] as number).toFixed(4)}`)
        .join(', ');
      return {
        ...runs,
        agree,
        notes: `${agree ? 'the same optimum' : '**not the same optimum**'}: parameters within ${params.toExponential(1)} relative (≤ 1e-3 asked), log-likelihoods ${logLikelihood.toExponential(1)} relative apart (≤ 1e-6 asked; the peer's own at its estimate, unscaled times); clvkit ${paramText(ours)}; lifetimes ${peerParams}; clvkit one thread (validate + fit + standard errors); lifetimes peak RSS ${peakMb(runs.peer)} MB`,
      };
    },
  };
}

const predictions: Comparison = {
  task: "P(alive) + conditional E[X(52)], 1,000,000 customers, day-resolution T, BG/NBD at CDNOW's estimates: clvkit validate + predict vs lifetimes BetaGeoFitter on numpy arrays",
  target: '—',
  filed: 'P(alive) clvkit 65 ms, lifetimes 68 ms',
  measure() {
    const customers = simulatedCustomers('betaGeo', 1_000_000, 'days');
    const csv = join(DIR, 'peer-betaGeo-days.csv');
    writeCustomersCsv(customers, csv);
    const truth = fitFromParams({ model: 'betaGeo', params: TRUTH.betaGeo });
    const { r, alpha, a, b } = TRUTH.betaGeo;
    const parts: { alive: number; expected: number }[] = [];
    const runs = interleaved(
      () => {
        const alive = timeMedian(() => probabilityAlive(truth, customers), 9, 2);
        const expected = timeMedian(() => expectedPurchases(truth, 52, customers), 9, 2);
        parts.push({ alive, expected });
        return alive + expected;
      },
      () => runPeer('predict.py', [csv, ...[r, alpha, a, b].map(String), '--runs', '9', '--warmup', '2']),
    );
    const sum = (values: Float64Array) => values.reduce((acc, v) => acc + v, 0);
    const aliveSum = sum(probabilityAlive(truth, customers));
    const expectedSum = sum(expectedPurchases(truth, 52, customers));
    const theirs = (runs.peer.at(-1) as PeerLine).check as { aliveSum: number; expectedSum: number };
    const differences = Math.max(
      relative(theirs.aliveSum, aliveSum),
      relative(theirs.expectedSum, expectedSum),
    );
    const agree = differences <= 1e-9;
    return {
      ...runs,
      agree,
      notes: `${agree ? 'the same answers' : '**answers differ**'}: sums of P(alive) and of E[X(52)] ${differences.toExponential(1)} relative apart at most (≤ 1e-9 asked; clvkit ${aliveSum.toFixed(3)} and ${expectedSum.toFixed(3)}); each side a median of 9 runs after 2 warm-ups per round; clvkit ${formatMs(median(parts.map((p) => p.alive)))} + ${formatMs(median(parts.map((p) => p.expected)))}, lifetimes ${formatMs(median(runs.peer.map((p) => p.aliveMs ?? Number.NaN)))} + ${formatMs(median(runs.peer.map((p) => p.expectedMs ?? Number.NaN)))}; lifetimes peak RSS ${peakMb(runs.peer)} MB`,
    };
  },
};

/** Issue #18's targets that have a peer figure, in the issue's order. */
export const COMPARISONS: readonly Comparison[] = [
  summary,
  fitComparison('betaGeo', 'continuous', {
    task: 'BG/NBD fit, 1,000,000 customers, continuous T (no ties)',
    target: '—',
    filed: 'clvkit 2.27 s, 4.0× lifetimes',
  }),
  fitComparison('paretoNbd', 'continuous', {
    task: 'Pareto/NBD fit, 1,000,000 customers, continuous T',
    target: '—',
    filed: "clvkit 17.6 s and 531 MB, 18× lifetimes, lifetimes' 324 MB",
  }),
  fitComparison('betaGeo', 'days', {
    task: 'BG/NBD fit, 1,000,000 customers, day-resolution T',
    target: '≥ 40× lifetimes',
    atLeast: 40,
    filed: 'clvkit 0.47 s, 19.7× lifetimes',
  }),
  predictions,
];

/** The row of a comparison that did not run (`measured` says so: "skipped" by default), and why. */
export function skippedRow(comparison: Comparison, why: string, measured = 'skipped'): BenchResult {
  return {
    issue: 18,
    task: comparison.task,
    target: comparison.target,
    measured,
    met: null,
    notes: `${why}; issue #18 as filed: ${comparison.filed}`,
  };
}

function compare(comparison: Comparison, version: string): BenchResult {
  let result: SideBySide;
  try {
    result = comparison.measure();
  } catch (error) {
    return skippedRow(comparison, (error as Error).message.split('\n')[0] as string, 'did not complete');
  }
  const ours = median(result.ours);
  const peer = median(result.peer.map((p) => p.ms));
  const ratio = peer / ours;
  return {
    issue: 18,
    task: comparison.task,
    target: comparison.target,
    measured: `${ratio.toFixed(1)}× (clvkit ${formatMs(ours)}, lifetimes ${formatMs(peer)})`,
    met:
      comparison.atLeast === undefined
        ? result.agree
          ? null
          : false
        : result.agree && ratio >= comparison.atLeast,
    notes: `lifetimes ${version}; ${ROUNDS === 1 ? 'one round' : `medians of ${ROUNDS} interleaved rounds`} (clvkit ${result.ours.map(formatMs).join(', ')}; lifetimes ${result.peer.map((p) => formatMs(p.ms)).join(', ')}); ${result.notes}; issue #18 as filed: ${comparison.filed}`,
  };
}

export const suite: BenchSuite = {
  name: 'Side by side with the Python peer, lifetimes (issue #18)',
  async run(): Promise<BenchResult[]> {
    const peer = findPeer();
    if ('missing' in peer) return COMPARISONS.map((c) => skippedRow(c, peer.missing));
    mkdirSync(DIR, { recursive: true });
    return COMPARISONS.map((c) => compare(c, peer.version));
  },
};
