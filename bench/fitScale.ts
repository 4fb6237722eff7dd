/**
 * Shared by the issue #18 fit and prediction benches: simulated customers from the registry's simulators, with
 * ages either continuous (first purchases at uniformly random times, as ages from timestamps give: no two
 * customers share T) or at day resolution (ages and purchase times in whole days, in weeks), and the checks
 * every bench makes of its answer against the grouped path.
 */

import { closeSync, openSync, writeSync } from 'node:fs';
import type { CustomerColumns } from '../src/models/data/customers.js';
import type { Fit } from '../src/models/fit/fitModel.js';
import { fitFromParams } from '../src/models/fitFromParams.js';
import type { ModelId } from '../src/models/model.js';
import { createRandom } from '../src/models/simulate/random.js';
import { simulateCustomers } from '../src/models/simulate/simulateCustomers.js';

/** CDNOW's published estimates (FHL 2005; Fader & Hardie 2005 for the Pareto/NBD), the truth of the simulations. */
export const TRUTH = {
  betaGeo: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  paretoNbd: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
} as const;

/**
 * `n` customers of a CDNOW-like cohort (first purchases over 12 weeks, observed to week 51), in weeks: with
 * `ages: 'continuous'` every T is distinct; with `'days'` T and the purchase times are whole days.
 */
export function simulatedCustomers(model: keyof typeof TRUTH, n: number, ages: 'continuous' | 'days') {
  const rng = createRandom(18);
  const T =
    ages === 'continuous'
      ? Float64Array.from({ length: n }, () => (273 + rng.uniform() * 84) / 7)
      : Float64Array.from({ length: n }, (_, i) => (273 + (i % 84)) / 7);
  const sim = simulateCustomers(fitFromParams({ model: model as ModelId, params: TRUTH[model] }), {
    T,
    seed: 2005,
    ...(ages === 'days' ? { resolution: 1 / 7 } : {}),
  });
  return { frequency: sim.frequency, recency: sim.recency, T: sim.T };
}

/**
 * Writes customers to `path` as a CSV with the header `frequency,recency,T`, one line per customer, every number
 * in JavaScript's shortest round-trip form (so a reader parsing float64 gets the same values): the same customers
 * for a bench run by another program (bench/peer/).
 */
export function writeCustomersCsv(
  customers: Pick<CustomerColumns, 'frequency' | 'recency' | 'T'>,
  path: string,
): void {
  const { frequency, recency, T } = customers;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, 'frequency,recency,T\n');
    for (let start = 0; start < T.length; start += 65_536) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(start + 65_536, T.length); i++)
        lines.push(`${frequency[i]},${recency[i]},${T[i]}\n`);
      writeSync(fd, lines.join(''));
    }
  } finally {
    closeSync(fd);
  }
}

/** Largest relative difference of two fits' parameters. */
export function largestParamDifference(a: Fit, b: Fit): number {
  let worst = 0;
  for (const name of a.paramNames)
    worst = Math.max(worst, Math.abs((a.params[name] as number) / (b.params[name] as number) - 1));
  return worst;
}

/**
 * Checks that `fit` found the maximum `reference` found (the grouped path on the same customers): log-likelihoods
 * equal to 1e-12 relative and parameters within a thousandth of their standard errors. Both fits stop where
 * float64 resolves no further decrease of a sum over a million customers (gradients ~1e-7 per customer), which on
 * the flat ridge of the BG/NBD's (a, b) or the Pareto/NBD's (s, β) leaves the parameters up to ~3e-6 apart relative
 * — a thousandth of a standard error at most, but not inside a bare 1e-6 relative. Throws otherwise; returns the
 * largest relative parameter difference and the log-likelihood difference for the notes.
 */
export function checkSameOptimum(
  what: string,
  fit: Fit,
  reference: Fit,
): { params: number; logLikelihood: number } {
  const logLikelihood = fit.logLikelihood - reference.logLikelihood;
  let inErrors = 0;
  for (const name of fit.paramNames)
    inErrors = Math.max(
      inErrors,
      Math.abs((fit.params[name] as number) - (reference.params[name] as number)) /
        (reference.standardErrors[name] as number),
    );
  if (!(Math.abs(logLikelihood) <= 1e-12 * Math.abs(reference.logLikelihood) && inErrors <= 1e-3))
    throw new Error(
      `${what}: not the grouped path's maximum (log-likelihood ${logLikelihood}, parameters ${inErrors} standard errors apart)`,
    );
  return { params: largestParamDifference(fit, reference), logLikelihood };
}

/** Peak resident memory of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The parameters as the notes print them. */
export function paramText(fit: Fit): string {
  return fit.paramNames.map((name) => `${name} ${(fit.params[name] as number).toFixed(4)}`).join(', ');
}

/**
 * clvkit/node's `fitThreads` as built (dist/node.js, whose workers run dist/fitThreadWorker.js): the benches
 * time the threaded fits users get, not the TypeScript sources compiled on the fly in every worker. Run
 * `npm run build` first.
 */
export async function builtFitThreads(): Promise<typeof import('../src/node/fitThreads.js').fitThreads> {
  const url = new URL('../dist/node.js', import.meta.url);
  return ((await import(url.href)) as typeof import('../src/node/fitThreads.js')).fitThreads;
}
