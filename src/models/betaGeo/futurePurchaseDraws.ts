/**
 * The BG family's posterior predictive sampler of future purchases (BG/NBD: Fader, Hardie & Lee 2005; MBG/NBD:
 * Batislam, Denizel & Filiztekin 2007), for `predictivePurchases`.
 */
import type { CustomerColumns } from '../data/customers.js';
import type { FuturePurchasePathSampler, FuturePurchaseSampler } from '../model.js';
import {
  aliveUniform,
  betaGeometricInverse,
  MAX_DRAWN_PURCHASES,
  negativeBinomialInverse,
  negativeBinomialZero,
  stepIndex,
  tooManyPurchases,
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
    if (n <= 1) return n;
    // The inversion steps survival by survival: bounded, as the path samplers are, at MAX_DRAWN_PURCHASES.
    const cap = Math.min(n - 1, MAX_DRAWN_PURCHASES);
    const survived = betaGeometricInverse(random.uniform(), p.a, p.b + x + shift, cap);
    if (survived === cap && cap < n - 1) throw tooManyPurchases(shift === 0 ? 'betaGeo' : 'modifiedBetaGeo');
    return 1 + survived;
  };
}

/**
 * Paths of the same posterior predictive: purchases per step over `steps` steps of length `step` after T. Alive
 * at T with P(alive | x, t_x, T); then purchases arrive as a Poisson process whose rate λ ~ Gamma(r+x, α+T) is
 * integrated out (a Pólya–Lundberg process): given y purchases by time v, λ ~ Gamma(r+x+y, α+T+v), so the next
 * gap is Lomax, P(gap > g) = ((α+T+v)/(α+T+v+g))^{r+x+y}, drawn by inversion. After purchase j the customer
 * survives with probability (b'+j−1)/(a+b'+j−1), b' = b+x+s (p ~ Beta(a, b') integrated out by Pólya's urn). So
 * the totals share the distribution of `betaGeoFamilyFuturePurchaseSampler`'s. The alive draw's uniform, rescaled,
 * decides "no purchase in the horizon" (probability ((α+T)/(α+T+end))^{r+x}) and gives the first gap.
 *
 * @example betaGeoFamilyFuturePurchasePathSampler(0, cdnowParams, 4.35, 12, customers)(0, createRandom(1), new Float64Array(12))
 */
export function betaGeoFamilyFuturePurchasePathSampler(
  shift: 0 | 1,
  p: BetaGeoParams,
  step: number,
  steps: number,
  customers: CustomerColumns,
): FuturePurchasePathSampler {
  const alive = betaGeoFamilyProbabilityAlive(shift, p, customers);
  const { frequency, T } = customers;
  const end = step * steps;
  const none = new Float64Array(alive.length);
  for (let i = 0; i < none.length; i++) {
    const rate = p.alpha + (T[i] as number);
    none[i] = negativeBinomialZero(p.r + (frequency[i] as number), rate / (rate + end));
  }
  return (i, random, counts) => {
    const u = aliveUniform(alive[i] as number, random);
    if (end === 0 || u < (none[i] as number)) return 0; // dead (u < 0), or alive without a purchase
    const x = frequency[i] as number;
    const origin = p.alpha + (T[i] as number);
    const b = p.b + x + shift;
    let shape = p.r + x;
    let time = origin * Math.expm1(-Math.log(u) / shape);
    let y = 0;
    for (;;) {
      const k = stepIndex(time, step, steps);
      counts[k] = (counts[k] as number) + 1;
      if (++y > MAX_DRAWN_PURCHASES) throw tooManyPurchases(shift === 0 ? 'betaGeo' : 'modifiedBetaGeo');
      // Drop-out after purchase y: with probability a / (a + b + y − 1) given the y − 1 survivals so far.
      if (random.uniform() * (p.a + b + (y - 1)) < p.a) return y;
      shape += 1;
      time += (origin + time) * Math.expm1(-Math.log(random.uniform()) / shape);
      if (!(time <= end)) return y;
    }
  };
}
