/**
 * Exact draws of the counts the models' posterior predictive distributions are made of, with the latent
 * rates integrated out (collapsed sampling): a gamma–Poisson count is negative binomial, a beta–geometric
 * survival count is inverted from its survival function, a beta–binomial count is a Pólya urn. Each costs a
 * few uniforms and no special functions, so the predictive samplers stay fast for millions of draws.
 */
import type { Random } from './random.js';

/**
 * K ≥ 0 with P(K ≥ k) = Π_{j<k} (b+j)/(a+b+j) = B(a, b+k)/B(a, b), capped at `cap`: the number of
 * consecutive "survivals" (each with probability 1 − θ) before the first failure when θ ~ Beta(a, b) — the
 * beta-geometric of Fader & Hardie (2007, sBG) and of the BG/NBD's drop-out after each purchase (Fader, Hardie
 * & Lee 2005). By inversion: one uniform U, K = the first k with S(k+1) < U. O(K) steps.
 *
 * @example betaGeometricDraw(1, 1, 100, createRandom(1)) // P(K ≥ k) = 1/(k+1)
 */
export function betaGeometricDraw(a: number, b: number, cap: number, random: Random): number {
  const u = random.uniform();
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
 * a window w whose rate is Gamma(shape, rate) (q = rate/(rate + w)). By inversion of the CDF with the recurrence
 * P(k+1)/P(k) = (shape+k)/(k+1) (1−q) when the mean shape (1−q)/q is at most 60 (one uniform, O(N) steps); as
 * Poisson(λ w), λ ~ Gamma, for larger means (Marsaglia–Tsang and PTRS of `createRandom`).
 *
 * @example negativeBinomialDraw(0.5, 0.9, createRandom(1)) // mostly 0
 */
export function negativeBinomialDraw(shape: number, q: number, random: Random): number {
  if (q >= 1) return 0;
  const odds = (1 - q) / q;
  const mean = shape * odds;
  if (mean > INVERSION_MEAN_LIMIT) return random.poisson(random.gamma(shape, 1) * odds);
  let pmf = Math.exp(shape * Math.log(q));
  let cdf = pmf;
  const u = random.uniform();
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
