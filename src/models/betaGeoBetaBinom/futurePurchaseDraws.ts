/** The BG/BB's posterior predictive sampler of future transactions, for `predictivePurchases`. */
import type { CustomerColumns } from '../data/customers.js';
import type { FuturePurchasePathSampler, FuturePurchaseSampler } from '../model.js';
import {
  aliveUniform,
  betaBinomialDraw,
  betaGeometricInverse,
  periodsIn,
  stepIndex,
} from '../simulate/countDraws.js';
import { type BetaGeoBetaBinomParams, betaGeoBetaBinomProbabilityAlive } from './predictions.js';

/**
 * Draws of Y = transactions in the next t opportunities n+1, …, n+t given (x, t_x, n) under the BG/BB (Fader,
 * Hardie & Berger 2010), in the convention of its eqs. 11 and 13 (a drop-out check at the start of each
 * opportunity, then a transaction with probability p):
 *
 * 1. alive at opportunity n+1 with probability P(alive | x, t_x, n) (eq. 11), else Y = 0;
 * 2. given alive at n+1 the likelihood is p^x (1−p)^{n−x} (1−θ)^{n+1}: p ~ Beta(α+x, β+n−x) and
 *    θ ~ Beta(γ, δ+n+1), independent;
 * 3. the customer stays alive for L = min(t, G) of the t opportunities, P(G > k) = (1−θ)^k; with θ integrated
 *    out, L − 1 is beta-geometric, P(L − 1 ≥ k) = B(γ, δ+n+1+k)/B(γ, δ+n+1), capped at t − 1 (drawn from the
 *    alive draw's uniform, rescaled); Y | L ~ BetaBinomial(L, α+x, β+n−x) (Pólya urn).
 *
 * @example betaGeoBetaBinomFuturePurchaseSampler(donationParams, 5, donors)(0, createRandom(1)) // 0 … 5
 */
export function betaGeoBetaBinomFuturePurchaseSampler(
  p: BetaGeoBetaBinomParams,
  t: number,
  customers: CustomerColumns,
): FuturePurchaseSampler {
  const alive = betaGeoBetaBinomProbabilityAlive(p, customers);
  const { frequency, T } = customers;
  return (i, random) => {
    const u = aliveUniform(alive[i] as number, random);
    if (t === 0 || u < 0) return 0;
    const x = frequency[i] as number;
    const n = T[i] as number;
    const opportunities = 1 + betaGeometricInverse(u, p.gamma, p.delta + n + 1, t - 1);
    return betaBinomialDraw(opportunities, p.alpha + x, p.beta + n - x, random);
  };
}

/**
 * Paths of the same posterior predictive: transactions per step, opportunity n+j (j = 1 … J, J the whole
 * periods in `steps` steps of `step` periods) falling in step ⌈j / step⌉. Alive at n+1 as above; the customer
 * stays for L = 1 + beta-geometric opportunities (capped at J), and transacts in each with p ~ Beta(α+x, β+n−x),
 * one p per path.
 *
 * @example betaGeoBetaBinomFuturePurchasePathSampler(donationParams, 1, 5, donors)(0, createRandom(1), new Float64Array(5))
 */
export function betaGeoBetaBinomFuturePurchasePathSampler(
  p: BetaGeoBetaBinomParams,
  step: number,
  steps: number,
  customers: CustomerColumns,
): FuturePurchasePathSampler {
  const alive = betaGeoBetaBinomProbabilityAlive(p, customers);
  const { frequency, T } = customers;
  const periods = periodsIn(step, steps);
  return (i, random, counts) => {
    const u = aliveUniform(alive[i] as number, random);
    if (periods === 0 || u < 0) return 0;
    const x = frequency[i] as number;
    const n = T[i] as number;
    const opportunities = 1 + betaGeometricInverse(u, p.gamma, p.delta + n + 1, periods - 1);
    const chance = random.beta(p.alpha + x, p.beta + n - x);
    let y = 0;
    for (let j = 1; j <= opportunities; j++)
      if (random.uniform() < chance) {
        const k = stepIndex(j, step, steps);
        counts[k] = (counts[k] as number) + 1;
        y++;
      }
    return y;
  };
}
