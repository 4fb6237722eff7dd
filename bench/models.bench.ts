import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitBetaGeo } from '../src/models/betaGeo.js';
import { customerColumns } from '../src/models/data/customers.js';
import { groupCustomers } from '../src/models/data/groupCustomers.js';
import { fitFromParams } from '../src/models/fitFromParams.js';
import { expectedPurchases, probabilityAlive } from '../src/models/predict.js';
import { simulateCustomers } from '../src/models/simulate/simulateCustomers.js';
import { type BenchSuite, formatMs, timeMedian } from './types.js';

const DATA = fileURLToPath(
  new URL('../../shared/data/cdnow/cdnow_customers_summary_with_transactions.csv', import.meta.url),
);

function loadCdnow() {
  if (!existsSync(DATA)) throw new Error(`reference data missing: ${DATA}`);
  const lines = readFileSync(DATA, 'utf8').trim().split(/\r?\n/).slice(1);
  const frequency = new Float64Array(lines.length);
  const recency = new Float64Array(lines.length);
  const T = new Float64Array(lines.length);
  lines.forEach((line, i) => {
    const [, x, tx, t] = line.split(',').map(Number);
    frequency[i] = x as number;
    recency[i] = tx as number;
    T[i] = t as number;
  });
  return { frequency, recency, T };
}

/** 1,000,000 customers joining over 12 weeks (day resolution), observed to week 39, purchases rounded to days. */
function simulated() {
  const N = 1_000_000;
  const T = Float64Array.from({ length: N }, (_, i) => (273 + (i % 84)) / 7);
  return simulateCustomers(
    fitFromParams({ model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }),
    {
      T,
      seed: 2005,
      resolution: 1 / 7,
    },
  );
}

const ratio = (peer: number, ours: number) =>
  `${(peer / ours).toFixed(1)}× faster than lifetimes (${formatMs(peer)})`;

export const suite: BenchSuite = {
  name: 'BG/NBD, Gamma-Gamma and predictions (issue #4)',
  async run() {
    const cdnow = loadCdnow();
    let fitCdnow = fitBetaGeo(cdnow);
    const tCdnow = timeMedian(() => (fitCdnow = fitBetaGeo(cdnow)), 21, 5);

    const sim = simulated();
    const customers = { frequency: sim.frequency, recency: sim.recency, T: sim.T };
    const groups = groupCustomers(customerColumns(customers)).weights.length;
    let fitSim = fitBetaGeo(customers);
    const tSim = timeMedian(() => (fitSim = fitBetaGeo(customers)), 5, 1);

    const tAlive = timeMedian(() => probabilityAlive(fitCdnow, customers), 5, 2);
    const tExpected = timeMedian(() => expectedPurchases(fitCdnow, 39, customers), 5, 2);
    const p = fitSim.params as { r: number; alpha: number; a: number; b: number };
    return [
      {
        issue: 4,
        task: 'BG/NBD fit, CDNOW (2,357 customers; validate + group + fit + standard errors), warm',
        target: '< 5 ms',
        measured: formatMs(tCdnow),
        met: tCdnow < 5,
        notes: `${ratio(39, tCdnow)}; LL ${fitCdnow.logLikelihood.toFixed(1)}, ${fitCdnow.iterations} iterations`,
      },
      {
        issue: 4,
        task: 'BG/NBD fit, 1,000,000 simulated customers, ages in weeks at day resolution',
        target: '< 1 s',
        measured: formatMs(tSim),
        met: tSim < 1000,
        notes: `${ratio(6200, tSim)}; ${groups.toLocaleString('en-US')} distinct (x, t_x, T); r ${p.r.toFixed(3)}, α ${p.alpha.toFixed(3)}, a ${p.a.toFixed(3)}, b ${p.b.toFixed(3)} (truth 0.243, 4.414, 0.793, 2.426)`,
      },
      {
        issue: 4,
        task: 'probabilityAlive, 1,000,000 customers (validate + predict)',
        target: '< 0.3 s',
        measured: formatMs(tAlive),
        met: tAlive < 300,
      },
      {
        issue: 4,
        task: 'expectedPurchases (conditional, t = 39), 1,000,000 customers (validate + predict)',
        target: '< 0.3 s',
        measured: formatMs(tExpected),
        met: tExpected < 300,
        notes: '₂F₁ once per distinct (x, T)',
      },
    ];
  },
};
