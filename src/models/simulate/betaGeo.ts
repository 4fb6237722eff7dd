import { ClvValidationError, makeIssue } from '../../errors.js';
import type { CustomerColumns } from '../data/customers.js';
import { createRandom } from './random.js';

/** What to simulate: parameters, how many customers, how long each is observed, and a seed. */
export interface BetaGeoSimulation {
  readonly params: { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number };
  /** Number of customers. */
  readonly customers: number;
  /** Observation length T of every customer, or one per customer (then `customers` is ignored). */
  readonly T: number | ArrayLike<number>;
  /** Seed of the pseudo-random source (same seed, same customers). */
  readonly seed: number;
  /** If given, purchase times are rounded down to multiples of it (e.g. 1/7 for days when T is in weeks). */
  readonly resolution?: number;
}

/** Simulated customers with the latent truth that produced them. */
export interface SimulatedCustomers extends CustomerColumns {
  /** Each customer's purchase rate λ. */
  readonly lambda: Float64Array;
  /** Each customer's drop-out probability p. */
  readonly p: Float64Array;
  /** Whether each customer is still alive at T. */
  readonly alive: Uint8Array;
}

/**
 * Draws customers from the BG/NBD generative story (Fader, Hardie & Lee 2005, §2): λ ~ Gamma(r, α),
 * p ~ Beta(a, b); purchases arrive as a Poisson process of rate λ; after each repeat purchase the customer
 * drops out with probability p. Returns the calibration summary (x, t_x, T) of each customer.
 *
 * @example const sim = simulateBetaGeo({ params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, customers: 1000, T: 39, seed: 1 });
 */
export function simulateBetaGeo(spec: BetaGeoSimulation): SimulatedCustomers {
  return simulateBetaGeoFamily(0, spec, 'simulateBetaGeo');
}

/**
 * Draws customers from the MBG/NBD story (Batislam, Denizel & Filiztekin 2007): as `simulateBetaGeo`, but a
 * customer may also drop out at time 0, right after the first purchase, with probability p.
 *
 * @example const sim = simulateModifiedBetaGeo({ params: { r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, customers: 1000, T: 39, seed: 1 });
 */
export function simulateModifiedBetaGeo(spec: BetaGeoSimulation): SimulatedCustomers {
  return simulateBetaGeoFamily(1, spec, 'simulateModifiedBetaGeo');
}

function simulateBetaGeoFamily(shift: 0 | 1, spec: BetaGeoSimulation, where: string): SimulatedCustomers {
  const { r, alpha, a, b } = spec.params;
  const issues = [];
  for (const [name, v] of Object.entries({ r, alpha, a, b }))
    if (!(Number.isFinite(v) && v > 0))
      issues.push(makeIssue(`params.${name}`, 'a finite number greater than 0', v));
  const fixedT = typeof spec.T === 'number';
  const n = fixedT ? spec.customers : (spec.T as ArrayLike<number>).length;
  if (!(Number.isInteger(n) && n >= 0)) issues.push(makeIssue('customers', 'a whole number of 0 or more', n));
  if (fixedT && !(Number.isFinite(spec.T) && (spec.T as number) >= 0))
    issues.push(makeIssue('T', 'a finite number of 0 or more', spec.T));
  if (!Number.isFinite(spec.seed)) issues.push(makeIssue('seed', 'a finite number', spec.seed));
  if (spec.resolution !== undefined && !(Number.isFinite(spec.resolution) && spec.resolution > 0))
    issues.push(makeIssue('resolution', 'a finite number greater than 0', spec.resolution));
  if (issues.length > 0) throw new ClvValidationError(where, issues);

  const rng = createRandom(spec.seed);
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const lambda = new Float64Array(n);
  const p = new Float64Array(n);
  const alive = new Uint8Array(n);
  const res = spec.resolution;
  for (let i = 0; i < n; i++) {
    const age = fixedT ? (spec.T as number) : ((spec.T as ArrayLike<number>)[i] as number);
    if (!(Number.isFinite(age) && age >= 0))
      throw new ClvValidationError(where, [makeIssue(`T[${i}]`, 'a finite number of 0 or more', age)]);
    const li = rng.gamma(r, alpha);
    const pi = rng.beta(a, b);
    let x = 0;
    let tx = 0;
    let isAlive = !(shift === 1 && rng.uniform() < pi);
    let time = 0;
    while (isAlive) {
      time += rng.exponential(li);
      if (!(time <= age)) break;
      x++;
      tx = time;
      if (rng.uniform() < pi) isAlive = false;
    }
    if (res !== undefined && x > 0) tx = Math.min(age, Math.floor(tx / res) * res);
    frequency[i] = x;
    recency[i] = tx;
    T[i] = age;
    lambda[i] = li;
    p[i] = pi;
    alive[i] = isAlive ? 1 : 0;
  }
  return { frequency, recency, T, weights: undefined, lambda, p, alive };
}
