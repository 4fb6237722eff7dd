/**
 * Exact draws of the counts the models' posterior predictive distributions are made of, with the latent
 * rates integrated out (collapsed sampling): a gamma–Poisson count is negative binomial, a beta–geometric
 * survival count is inverted from its survival function, a beta–binomial count is a Pólya urn. Each costs a
 * few flops and usually a single uniform (the samplers reuse the uniform of the alive draw, rescaled), so the
 * predictive samplers stay fast for millions of draws.
 */
import { ClvFitError } from '../../errors.js';
import type { Random } from './random.js';

/**
 * The most purchases one draw of one customer may make in a horizon: the samplers that step purchase by purchase
 * stop there, and a histogram of counts holds a float64 per count (80 MB at this bound). Only a parameter draw
 * far in the tail of a poorly determined estimate (a purchase rate of 10⁵⁰) gets near it.
 */
export const MAX_DRAWN_PURCHASES = 10_000_000;

/**
 * The `ClvFitError` ("not computed", naming `model`) of a draw past `MAX_DRAWN_PURCHASES` — `count` when known (a
 * count drawn whole), else only "more than": such a draw has left the model's numerics, as a series that does not
 * converge has, and the callers treat it alike (`holdoutIntervals` falls back to the estimates fixed).
 *
 * @example throw tooManyPurchases('paretoNbd') // paretoNbd: not computed — a draw of more than 10,000,000 purchases …
 */
export function tooManyPurchases(model: string, count?: number): ClvFitError {
  const bound = MAX_DRAWN_PURCHASES.toLocaleString('en-US');
  const what = count === undefined ? `more than ${bound}` : count.toPrecision(3);
  return new ClvFitError(
    {
      model,
      reason: `a draw of ${what} purchases by one customer in the horizon${count === undefined ? '' : `, more than ${bound}`} (a parameter draw far out in its tail)`,
    },
    'not computed',
  );
}

/**
 * The alive draw of a posterior predictive sampler: with probability `pAlive` the customer is alive and the
 * result is u / pAlive, uniform in (0, 1) given alive (so the same uniform serves the next count); otherwise −1.
 *
 * @example aliveUniform(0.5, createRandom(1)) // −1 (not alive) or a uniform in (0, 1)
 */
export function aliveUniform(pAlive: number, random: Random): number {
  const u = random.uniform();
  return u < pAlive ? u / pAlive : -1;
}

/** P(N = 0) = q^shape of a negative binomial, the starting term of `negativeBinomialInverse`. */
export function negativeBinomialZero(shape: number, q: number): number {
  return Math.exp(shape * Math.log(q));
}

/**
 * K ≥ 0 with P(K ≥ k) = Π_{j<k} (b+j)/(a+b+j) = B(a, b+k)/B(a, b), capped at `cap`, from a uniform u in (0, 1):
 * the number of consecutive "survivals" (each with probability 1 − θ) before the first failure when
 * θ ~ Beta(a, b) — the beta-geometric of Fader & Hardie (2007, sBG) and of the BG/NBD's drop-out after each
 * purchase (Fader, Hardie & Lee 2005). By inversion: K = the first k with S(k+1) < u. O(K) steps.
 *
 * @example betaGeometricInverse(0.3, 1, 1, 100) // 2: P(K ≥ k) = 1/(k+1), and S(3) = 1/4 < 0.3 ≤ S(2)
 */
export function betaGeometricInverse(u: number, a: number, b: number, cap: number): number {
  let survival = 1;
  let k = 0;
  while (k < cap) {
    survival *= (b + k) / (a + b + k);
    if (survival < u) return k;
    k++;
  }
  return cap;
}

/** Above this mean the negative binomial is drawn as a gamma–Poisson mixture rather than by inversion. */
const INVERSION_MEAN_LIMIT = 60;

/**
 * N ~ NegBin(shape, q): P(N = k) = Γ(shape+k)/(Γ(shape) k!) q^shape (1−q)^k, the count of a Poisson process over
 * a window w whose rate is Gamma(shape, rate) (q = rate/(rate + w)), given u uniform in (0, 1) and
 * pmf0 = q^shape. By inversion of the CDF with the recurrence P(k+1)/P(k) = (shape+k)/(k+1) (1−q) when the mean
 * shape (1−q)/q is at most 60 (then pmf0 ≥ e^−60, since −ln q ≤ (1−q)/q); for larger means u is not used and
 * N is drawn as Poisson(λ w), λ ~ Gamma, from `random` (Marsaglia–Tsang and PTRS of `createRandom`).
 *
 * @example negativeBinomialInverse(0.5, 0.5, 0.9, 0.9 ** 0.5, createRandom(1)) // 0: P(N = 0) ≈ 0.949
 */
export function negativeBinomialInverse(
  u: number,
  shape: number,
  q: number,
  pmf0: number,
  random: Random,
): number {
  if (q >= 1) return 0;
  const odds = (1 - q) / q;
  const mean = shape * odds;
  if (mean > INVERSION_MEAN_LIMIT) return random.poisson(random.gamma(shape, 1) * odds);
  let pmf = pmf0;
  let cdf = pmf;
  let k = 0;
  const far = 50 * (mean + 10);
  while (cdf < u && k < far) {
    pmf *= ((shape + k) / (k + 1)) * (1 - q);
    cdf += pmf;
    k++;
  }
  return k;
}

/**
 * Y ~ BetaBinomial(trials, a, b): successes in `trials` Bernoulli trials whose probability is Beta(a, b), by
 * Pólya's urn — trial j succeeds with probability (a + successes)/(a + b + j). O(trials) uniforms.
 *
 * @example betaBinomialDraw(5, 1, 1, createRandom(1)) // uniform on 0 … 5
 */
export function betaBinomialDraw(trials: number, a: number, b: number, random: Random): number {
  let y = 0;
  for (let j = 0; j < trials; j++) if (random.uniform() * (a + b + j) < a + y) y++;
  return y;
}

/**
 * The step (0-based) a future time v in (0, step · steps] falls in: step k covers (k·step, (k+1)·step], so
 * k = ⌈v / step⌉ − 1, kept in [0, steps − 1] against rounding.
 *
 * @example stepIndex(1.5, 1, 12) // 1: the second step, (1, 2]
 */
export function stepIndex(v: number, step: number, steps: number): number {
  return Math.min(steps - 1, Math.max(0, Math.ceil(v / step) - 1));
}

/**
 * The whole periods in a horizon of `steps` steps of length `step` (discrete and contractual models), allowing
 * for float error in the product (12 · (1/12) · 12 periods are 12).
 *
 * @example periodsIn(1, 12) // 12
 */
export function periodsIn(step: number, steps: number): number {
  return Math.floor(step * steps * (1 + 1e-12));
}
