/**
 * The BG family's posterior predictive sampler of future purchases (BG/NBD: Fader, Hardie & Lee 2005; MBG/NBD:
 * Batislam, Denizel & Filiztekin 2007), for `predictivePurchases`.
 */
import type { CustomerColumns } from '../data/customers.js';
import type { FuturePurchaseSampler } from '../model.js';
import {
  aliveUniform,
  betaGeometricInverse,
  negativeBinomialInverse,
  negativeBinomialZero,
} from '../simulate/countDraws.js';
import type { BetaGeoParams } from './likelihood.js';
import { betaGeoFamilyProbabilityAlive } from './predictions.js';

/**
 * Draws of Y = purchases in (T, T+t] given (x, t_x, T), s = 0 (BG/NBD) or 1 (MBG/NBD):
 *
 * 1. alive at T with probability P(alive | x, t_x, T) (else Y = 0);
 * 2. given alive, the likelihood is λ^x e^{−λT} (1−p)^{x+s}, so the posterior is
 *    λ ~ Gamma(r+x, α+T) and p ~ Beta(a, b+x+s), independent;
 * 3. the future: purchases N ~ Poisson(λ t) while alive, and the customer drops out after each purchase with
 *    probability p, i.e. after purchase G with P(G > k) = (1−p)^k; so Y = min(N, G).
 *
 * λ and p are integrated out: N ~ NegBin(r+x, (α+T)/(α+T+t)) and G − 1 is beta-geometric with
 * P(G − 1 ≥ k) = B(a, b+x+s+k)/B(a, b+x+s). E[Y] reproduces FHL 2005 eq. 10 and P(Y = 0) the conditional PMF.
 * The uniform u of the alive draw is reused, as u / P(alive), for N (exact: it is uniform given u < P(alive)).
 *
 * @example betaGeoFamilyFuturePurchaseSampler(0, cdnowParams, 39, customers)(0, createRandom(1)) // e.g. 1
 */
export function betaGeoFamilyFuturePurchaseSampler(
  shift: 0 | 1,
  p: BetaGeoParams,
  t: number,
  customers: CustomerColumns,
): FuturePurchaseSampler {
  const alive = betaGeoFamilyProbabilityAlive(shift, p, customers);
  const { frequency, T } = customers;
  const q = new Float64Array(alive.length);
  const pmf0 = new Float64Array(alive.length);
  for (let i = 0; i < q.length; i++) {
    const rate = p.alpha + (T[i] as number);
    q[i] = rate / (rate + t);
    pmf0[i] = negativeBinomialZero(p.r + (frequency[i] as number), q[i] as number);
  }
  return (i, random) => {
    const u = aliveUniform(alive[i] as number, random);
    if (t === 0 || u < 0) return 0;
    const x = frequency[i] as number;
    const n = negativeBinomialInverse(u, p.r + x, q[i] as number, pmf0[i] as number, random);
    return n <= 1 ? n : 1 + betaGeometricInverse(random.uniform(), p.a, p.b + x + shift, n - 1);
  };
}
