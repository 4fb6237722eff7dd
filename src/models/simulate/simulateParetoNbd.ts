/**
 * Seeded simulation of Pareto/NBD customers (Schmittlein, Morrison & Colombo 1987): λ ~ Gamma(r, α) and
 * μ ~ Gamma(s, β) per customer, lifetime τ ~ Exponential(μ), purchases a Poisson process of rate λ on
 * (0, min(τ, T)]. Given x purchases there, their times are uniform, so t_x is the window times the largest of x
 * uniforms, U^{1/x} (David & Nagaraja 2003, order statistics).
 */
import { ClvValidationError, makeIssue } from '../../errors.js';
import type { ParetoNbdParams, ParetoNbdParamsInput } from '../paretoNbd.js';
import { createRandom, type Random } from './random.js';

/** Simulated calibration summaries, ready for `fitParetoNbd`. */
export interface SimulatedParetoNbd {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
}

export interface SimulateParetoNbdOptions {
  /** Observation length of each customer (an array), or of every customer (a number with `customers`). */
  readonly T: number | ArrayLike<number>;
  /** Number of customers when T is a number. */
  readonly customers?: number;
  /** Seed of the generator: the same seed gives the same customers. */
  readonly seed: number;
  /** Round purchase times down to multiples of this (e.g. 1/7 for days when time is in weeks). */
  readonly resolution?: number;
}

/**
 * Simulates Pareto/NBD customers with C's seeded generator.
 *
 * @example
 * const data = simulateParetoNbd({ r: 0.55, alpha: 10.6, s: 0.61, beta: 11.7 }, { T: 39, customers: 1000, seed: 1 });
 */
export function simulateParetoNbd(
  params: ParetoNbdParamsInput,
  options: SimulateParetoNbdOptions,
): SimulatedParetoNbd {
  const where = 'simulateParetoNbd';
  const source = ('params' in params ? params.params : params) as Readonly<Record<string, unknown>>;
  const issues = [];
  for (const name of ['r', 'alpha', 's', 'beta'] as const) {
    const v = source[name];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
      issues.push(makeIssue(`params.${name}`, 'a finite number greater than 0', v));
  }
  const { T, customers, seed, resolution } = options;
  let n = 0;
  if (typeof T === 'number') {
    if (!(Number.isFinite(T) && T > 0)) issues.push(makeIssue('T', 'a finite number greater than 0', T));
    if (!(Number.isInteger(customers) && (customers as number) >= 1))
      issues.push(makeIssue('customers', 'a whole number of 1 or more (with a single T)', customers));
    else n = customers as number;
  } else if (typeof T === 'object' && T !== null && typeof T.length === 'number') {
    n = T.length;
    for (let i = 0; i < n && issues.length < 100; i++) {
      const v = T[i];
      if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
        issues.push(makeIssue(`T[${i}]`, 'a finite number greater than 0', v, i));
    }
  } else issues.push(makeIssue('T', 'a number or an array of numbers', T));
  if (!Number.isFinite(seed)) issues.push(makeIssue('seed', 'a finite number', seed));
  if (resolution !== undefined && !(Number.isFinite(resolution) && resolution > 0))
    issues.push(makeIssue('resolution', 'a finite number greater than 0', resolution));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const p = source as unknown as ParetoNbdParams;
  return simulate(
    p,
    n,
    (i) => (typeof T === 'number' ? T : (T[i] as number)),
    createRandom(seed),
    resolution,
  );
}

function simulate(
  p: ParetoNbdParams,
  n: number,
  ageOf: (i: number) => number,
  rng: Random,
  resolution: number | undefined,
): SimulatedParetoNbd {
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const age = ageOf(i);
    const lambda = rng.gamma(p.r, p.alpha);
    const mu = rng.gamma(p.s, p.beta);
    const tau = rng.exponential(mu);
    const window = Math.min(tau, age);
    const x = rng.poisson(lambda * window);
    let tx = x === 0 ? 0 : window * rng.uniform() ** (1 / x);
    if (resolution !== undefined) tx = Math.floor(tx / resolution) * resolution;
    frequency[i] = x;
    recency[i] = Math.min(tx, age);
    T[i] = age;
  }
  return { frequency, recency, T };
}
