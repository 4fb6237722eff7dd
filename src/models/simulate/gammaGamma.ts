import { ClvValidationError, makeIssue } from '../../errors.js';
import { guardedRead } from '../../schemas/parse.js';
import { readParams } from '../fit/readParams.js';
import { createRandom } from './random.js';

/** What to simulate: Gamma-Gamma parameters, each customer's number of transactions, and a seed. */
export interface GammaGammaSimulation {
  readonly params: { readonly p: number; readonly q: number; readonly gamma: number };
  /** Number of transactions averaged per customer (whole, ≥ 1). */
  readonly frequency: ArrayLike<number>;
  readonly seed: number;
}

/**
 * Draws average spends from the Gamma-Gamma story (Fader, Hardie & Lee 2005 JMR; Fader & Hardie 2013 note):
 * each customer's ν ~ Gamma(q, γ); each transaction value z_j ~ Gamma(p, ν) (mean p/ν); the customer's
 * average of x transactions is returned, with the latent mean spend p/ν.
 *
 * @example simulateGammaGamma({ params: { p: 6.25, q: 3.74, gamma: 15.44 }, frequency: [1, 2, 5], seed: 1 }).monetaryValue
 */
export function simulateGammaGamma(spec: GammaGammaSimulation): {
  readonly frequency: Float64Array;
  readonly monetaryValue: Float64Array;
  readonly meanSpend: Float64Array;
} {
  return guardedRead('simulateGammaGamma', 'input', () => simulateGammaGammaChecked(spec));
}

function simulateGammaGammaChecked(spec: GammaGammaSimulation): {
  readonly frequency: Float64Array;
  readonly monetaryValue: Float64Array;
  readonly meanSpend: Float64Array;
} {
  const where = 'simulateGammaGamma';
  if (spec === null || typeof spec !== 'object')
    throw new ClvValidationError(where, [makeIssue('spec', '{ params, frequency, seed }', spec)]);
  const { p, q, gamma } = readParams<{ p: number; q: number; gamma: number }>(where, spec, 'gammaGamma', [
    'p',
    'q',
    'gamma',
  ]);
  const issues = [];
  if (
    !(
      typeof spec.frequency === 'object' &&
      spec.frequency !== null &&
      typeof spec.frequency.length === 'number'
    )
  )
    throw new ClvValidationError(where, [
      makeIssue('frequency', 'an array of repeat counts', spec.frequency),
    ]);
  for (const [name, v] of Object.entries({ p, q, gamma }))
    if (!(Number.isFinite(v) && v > 0))
      issues.push(makeIssue(`params.${name}`, 'a finite number greater than 0', v));
  for (let i = 0; i < spec.frequency.length; i++) {
    const x = spec.frequency[i];
    if (!(Number.isInteger(x) && (x as number) >= 1))
      issues.push(makeIssue(`frequency[${i}]`, 'a whole number of 1 or more', x, i));
  }
  if (!Number.isFinite(spec.seed)) issues.push(makeIssue('seed', 'a finite number', spec.seed));
  if (issues.length > 0) throw new ClvValidationError('simulateGammaGamma', issues);
  const rng = createRandom(spec.seed);
  const n = spec.frequency.length;
  const frequency = Float64Array.from(spec.frequency);
  const monetaryValue = new Float64Array(n);
  const meanSpend = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nu = rng.gamma(q, gamma);
    const x = frequency[i] as number;
    // The sum of x Gamma(p, ν) values is Gamma(p x, ν).
    monetaryValue[i] = rng.gamma(p * x, nu) / x;
    meanSpend[i] = p / nu;
  }
  return { frequency, monetaryValue, meanSpend };
}
