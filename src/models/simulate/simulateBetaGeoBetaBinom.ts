/**
 * Seeded simulation of BG/BB customers (Fader, Hardie & Berger 2010): p ~ Beta(α, β) and θ ~ Beta(γ, δ) per
 * customer; at each of n opportunities an alive customer transacts with probability p, and at the start of
 * each opportunity after the first drops out for good with probability θ.
 */
import { ClvValidationError, makeIssue } from '../../errors.js';
import type { BetaGeoBetaBinomParams, BetaGeoBetaBinomParamsInput } from '../betaGeoBetaBinom.js';
import { createRandom } from './random.js';

/** Simulated (x, t_x, n) per customer, ready for `fitBetaGeoBetaBinom`. */
export interface SimulatedBetaGeoBetaBinom {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly periods: Float64Array;
}

/**
 * Simulates BG/BB customers with C's seeded generator.
 *
 * @example
 * simulateBetaGeoBetaBinom({ alpha: 1.2, beta: 0.75, gamma: 0.66, delta: 2.8 }, { customers: 1000, periods: 6, seed: 1 });
 */
export function simulateBetaGeoBetaBinom(
  params: BetaGeoBetaBinomParamsInput,
  options: { readonly customers: number; readonly periods: number; readonly seed: number },
): SimulatedBetaGeoBetaBinom {
  const where = 'simulateBetaGeoBetaBinom';
  const source = ('params' in params ? params.params : params) as Readonly<Record<string, unknown>>;
  const issues = [];
  for (const name of ['alpha', 'beta', 'gamma', 'delta'] as const) {
    const v = source[name];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
      issues.push(makeIssue(`params.${name}`, 'a finite number greater than 0', v));
  }
  const { customers, periods, seed } = options;
  if (!(Number.isInteger(customers) && customers >= 1))
    issues.push(makeIssue('customers', 'a whole number of 1 or more', customers));
  if (!(Number.isInteger(periods) && periods >= 1))
    issues.push(makeIssue('periods', 'a whole number of 1 or more', periods));
  if (!Number.isFinite(seed)) issues.push(makeIssue('seed', 'a finite number', seed));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const p = source as unknown as BetaGeoBetaBinomParams;
  const rng = createRandom(seed);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const out = new Float64Array(customers).fill(periods);
  for (let i = 0; i < customers; i++) {
    const buy = rng.beta(p.alpha, p.beta);
    const drop = rng.beta(p.gamma, p.delta);
    let x = 0;
    let tx = 0;
    for (let t = 1; t <= periods; t++) {
      if (rng.bernoulli(drop)) break;
      if (rng.bernoulli(buy)) {
        x += 1;
        tx = t;
      }
    }
    frequency[i] = x;
    recency[i] = tx;
  }
  return { frequency, recency, periods: out };
}
