/** The Pareto/NBD's posterior predictive sampler of future purchases, for `predictivePurchases`. */
import type { CustomerColumns } from '../data/customers.js';
import type { FuturePurchasePathSampler, FuturePurchaseSampler } from '../model.js';
import {
  aliveUniform,
  MAX_DRAWN_PURCHASES,
  negativeBinomialInverse,
  negativeBinomialZero,
  stepIndex,
  tooManyPurchases,
} from '../simulate/countDraws.js';
import { type ParetoNbdParams, paretoNbdProbabilityAliveColumns } from './predictions.js';

/**
 * Draws of Y = purchases in (T, T+t] given (x, t_x, T) under the Pareto/NBD (Schmittlein, Morrison & Colombo
 * 1987; posterior as in Fader & Hardie, "Deriving the conditional PMF of the Pareto/NBD model", 2006):
 *
 * 1. alive at T with probability P(alive | x, t_x, T) (Fader & Hardie 2005 eq. 18), else Y = 0;
 * 2. given alive, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T), independent (the likelihood is λ^x e^{−(λ+μ)T});
 * 3. the remaining lifetime τ ~ Exponential(μ) (memoryless), Y ~ Poisson(λ · min(τ, t)).
 *
 * μ and λ are integrated out: τ is Lomax, P(τ > v) = ((β+T)/(β+T+v))^s, drawn by inversion
 * τ = (β+T)(U^{−1/s} − 1); then Y ~ NegBin(r+x, (α+T)/(α+T+min(τ, t))). One uniform serves the alive state,
 * the event τ ≥ t (U ≤ ((β+T)/(β+T+t))^s) and, rescaled, N when τ ≥ t; a second one N when τ < t.
 *
 * @example paretoNbdFuturePurchaseSampler(cdnowParams, 39, customers)(0, createRandom(1)) // e.g. 2
 */
export function paretoNbdFuturePurchaseSampler(
  p: ParetoNbdParams,
  t: number,
  customers: CustomerColumns,
): FuturePurchaseSampler {
  const alive = paretoNbdProbabilityAliveColumns(p, customers);
  const { frequency, T } = customers;
  const n = alive.length;
  const lives = new Float64Array(n); // P(τ ≥ t | alive)
  const q = new Float64Array(n);
  const pmf0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const age = T[i] as number;
    lives[i] = Math.exp(-p.s * Math.log1p(t / (p.beta + age)));
    const rate = p.alpha + age;
    q[i] = rate / (rate + t);
    pmf0[i] = negativeBinomialZero(p.r + (frequency[i] as number), q[i] as number);
  }
  return (i, random) => {
    const u = aliveUniform(alive[i] as number, random);
    if (t === 0 || u < 0) return 0;
    const shape = p.r + (frequency[i] as number);
    const full = lives[i] as number;
    if (u <= full) return negativeBinomialInverse(u / full, shape, q[i] as number, pmf0[i] as number, random);
    const age = T[i] as number;
    const tau = (p.beta + age) * Math.expm1(-Math.log(u) / p.s);
    const rate = p.alpha + age;
    const qTau = rate / (rate + tau);
    return negativeBinomialInverse(random.uniform(), shape, qTau, negativeBinomialZero(shape, qTau), random);
  };
}

/**
 * Paths of the same posterior predictive: purchases per step over `steps` steps of length `step` after T. Alive
 * at T with P(alive | x, t_x, T); the remaining lifetime τ is Lomax (μ ~ Gamma(s, β+T) integrated out), drawn by
 * inversion, τ = (β+T)(U^{−1/s} − 1); purchases arrive until min(τ, end) as a Poisson process whose rate
 * λ ~ Gamma(r+x, α+T) is integrated out: given y purchases by time v the next gap is Lomax,
 * P(gap > g) = ((α+T+v)/(α+T+v+g))^{r+x+y}.
 *
 * @example paretoNbdFuturePurchasePathSampler(cdnowParams, 4.35, 12, customers)(0, createRandom(1), new Float64Array(12))
 */
export function paretoNbdFuturePurchasePathSampler(
  p: ParetoNbdParams,
  step: number,
  steps: number,
  customers: CustomerColumns,
): FuturePurchasePathSampler {
  const alive = paretoNbdProbabilityAliveColumns(p, customers);
  const { frequency, T } = customers;
  const end = step * steps;
  return (i, random, counts) => {
    const u = aliveUniform(alive[i] as number, random);
    if (end === 0 || u < 0) return 0;
    const age = T[i] as number;
    const until = Math.min(end, (p.beta + age) * Math.expm1(-Math.log(u) / p.s));
    const origin = p.alpha + age;
    let shape = p.r + (frequency[i] as number);
    let time = 0;
    let y = 0;
    for (;;) {
      time += (origin + time) * Math.expm1(-Math.log(random.uniform()) / shape);
      if (!(time <= until)) return y;
      const k = stepIndex(time, step, steps);
      counts[k] = (counts[k] as number) + 1;
      if (++y > MAX_DRAWN_PURCHASES) throw tooManyPurchases('paretoNbd');
      shape += 1;
    }
  };
}
