/** The Pareto/NBD's posterior predictive sampler of future purchases, for `predictivePurchases`. */
import type { CustomerColumns } from '../data/customers.js';
import type { FuturePurchaseSampler } from '../model.js';
import { negativeBinomialDraw } from '../simulate/countDraws.js';
import { type ParetoNbdParams, paretoNbdProbabilityAliveColumns } from './predictions.js';

/**
 * Draws of Y = purchases in (T, T+t] given (x, t_x, T) under the Pareto/NBD (Schmittlein, Morrison & Colombo
 * 1987; posterior as in Fader & Hardie, "Deriving the conditional PMF of the Pareto/NBD model", 2006):
 *
 * 1. alive at T with probability P(alive | x, t_x, T) (Fader & Hardie 2005 eq. 18), else Y = 0;
 * 2. given alive, λ ~ Gamma(r+x, α+T) and μ ~ Gamma(s, β+T), independent (the likelihood is λ^x e^{−(λ+μ)T});
 * 3. the remaining lifetime τ ~ Exponential(μ) (memoryless), Y ~ Poisson(λ · min(τ, t)).
 *
 * μ and λ are integrated out: τ is Lomax, P(τ > u) = ((β+T)/(β+T+u))^s, drawn by inversion
 * τ = (β+T)(U^{−1/s} − 1); then Y ~ NegBin(r+x, (α+T)/(α+T+min(τ, t))).
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
  return (i, random) => {
    if (t === 0 || !(random.uniform() < (alive[i] as number))) return 0;
    const age = T[i] as number;
    const scale = p.beta + age;
    // Lomax by inversion; τ may overflow to ∞ for tiny s, and the window is then the whole horizon.
    const tau = scale * Math.expm1(-Math.log(random.uniform()) / p.s);
    const window = Math.min(tau, t);
    const rate = p.alpha + age;
    return negativeBinomialDraw(p.r + (frequency[i] as number), rate / (rate + window), random);
  };
}
