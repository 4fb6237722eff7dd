/**
 * The conditional PMF of the BG family (BG/NBD, shift s = 0; MBG/NBD, s = 1): the probability that a customer
 * with history (x, t_x, T) makes exactly n purchases in (T, T + t].
 */

import type { CustomerColumns } from '../data/customers.js';
import type { BetaGeoParams } from './likelihood.js';
import { betaGeoFamilyProbabilityAlive } from './predictions.js';

/**
 * P(X(T, T+t] = n | x, t_x, T) for every customer, in the BG family (s = 0: BG/NBD, Fader, Hardie & Lee 2005,
 * "'Counting your customers' the easy way", Marketing Science 24(2); s = 1: MBG/NBD, Batislam, Denizel &
 * Filiztekin 2007). Given alive at T, the posterior of (λ, p) is Gamma(r', α') × Beta(a, b') with r' = r+x,
 * α' = α+T, b' = b+x+s, and the future is a new customer's (λ Poisson purchases, dropout with probability p
 * after each), so the unconditional PMF (FHL 2005 eq. 8) applies with the posterior parameters (derived
 * here by the argument of Fader & Hardie's Pareto/NBD conditional PMF note, brucehardie.com/notes/028):
 *
 *   P(X = n | x, t_x, T) = [n = 0] (1 − P_alive)
 *     + P_alive · { B(a, b'+n)/B(a, b') · NB_n + [n > 0] B(a+1, b'+n−1)/B(a, b') · (1 − Σ_{j<n} NB_j) },
 *   NB_j = Γ(r'+j)/(Γ(r') j!) (α'/(α'+t))^r' (t/(α'+t))^j,
 *
 * with P_alive = P(alive at T | x, t_x, T) (FHL 2005 eq. in §4). The Beta ratios and NB_j are built by their
 * recurrences in O(n) per customer (rescaled for heavy buyers, whose NB_0 underflows); the tail
 * 1 − Σ_{j<n} NB_j is summed directly once Σ_{j<n} NB_j > ½ (no cancellation). Kernel: params and customers are already valid, `n` a whole number, `t` ≥ 0.
 *
 * @example
 * betaGeoFamilyConditionalPmf(0, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 0, 39, cdnowColumns) // P(no purchase in the 39-week holdout) per customer
 */
export function betaGeoFamilyConditionalPmf(
  shift: 0 | 1,
  p: BetaGeoParams,
  n: number,
  t: number,
  customers: CustomerColumns,
): Float64Array {
  const out = betaGeoFamilyProbabilityAlive(shift, p, customers);
  const { r, alpha, a, b } = p;
  const { frequency, T } = customers;
  for (let i = 0; i < out.length; i++) {
    const alive = out[i] as number;
    if (t === 0) {
      out[i] = n === 0 ? 1 : 0;
      continue;
    }
    const x = frequency[i] as number;
    const rp = r + x;
    const ap = alpha + (T[i] as number);
    const bp = b + x + shift;
    const stayAlive = aliveConditionalPmf(rp, ap, a, bp, n, t);
    out[i] = alive * stayAlive + (n === 0 ? 1 - alive : 0);
  }
  return out;
}

/**
 * P(n purchases in (0, t]) of a customer alive at 0 with λ ~ Gamma(r, α) and p ~ Beta(a, b) (dropout after
 * each purchase): B(a, b+n)/B(a, b) NB_n + [n>0] B(a+1, b+n−1)/B(a, b) (1 − Σ_{j<n} NB_j) (FHL 2005 eq. 8).
 */
export function aliveConditionalPmf(
  r: number,
  alpha: number,
  a: number,
  b: number,
  n: number,
  t: number,
): number {
  const lq = Math.log(alpha) - Math.log(alpha + t); // ln(α/(α+t))
  const pt = t / (alpha + t);
  // NB_j are carried as NB_j e^{−scale}: for heavy buyers (r ln(α/(α+t)) below −600) NB_0 would underflow while
  // the NB_j near the mean are O(1); the scale is released in steps as the terms grow.
  const logStart = r * lq;
  let scale = Math.min(0, logStart + 600);
  let nb = Math.exp(logStart - scale); // NB_0 e^{−scale}
  let below = 0; // Σ_{j<n} NB_j e^{−scale}
  let ratio = 1; // B(a, b+j)/B(a, b)
  for (let j = 0; j < n; j++) {
    below += nb;
    if (j < n - 1) ratio *= (b + j) / (a + b + j);
    nb *= ((r + j) / (j + 1)) * pt;
    if (scale < 0 && nb > 1e200) {
      const release = Math.max(scale, -460); // e^{−460} ≈ 1e-200
      nb *= Math.exp(release);
      below *= Math.exp(release);
      scale -= release;
    }
  }
  nb *= Math.exp(scale);
  below *= Math.exp(scale);
  // Here nb = NB_n and ratio = B(a, b+n−1)/B(a, b) (1 when n = 0).
  if (n === 0) return nb;
  const drop = (a / (a + b + (n - 1))) * ratio;
  const stay = ratio * ((b + (n - 1)) / (a + b + (n - 1)));
  return stay * nb + drop * negativeBinomialTail(r, pt, n, nb, below);
}

/** Most terms of the tail summed directly before `negativeBinomialTail` falls back on 1 − below. */
const TAIL_TERMS = 100_000;

/**
 * P(N ≥ n) for N ~ NB(r, p): 1 − below when below ≤ ½, else Σ_{j≥n} NB_j summed from NB_n = `first` (full
 * relative accuracy for a small tail). The terms fall like j^{r−1} p^j, so for p within ~1e-5 of 1 and a small r
 * the sum would need millions of terms: past `TAIL_TERMS` it gives up and returns 1 − below, accurate to about
 * 1e-16 absolute.
 */
function negativeBinomialTail(r: number, pt: number, n: number, first: number, below: number): number {
  if (below <= 0.5) return 1 - below;
  let sum = 0;
  let term = first;
  for (let j = n; term > 1e-17 * sum || j < n + 2; j++) {
    if (j - n >= TAIL_TERMS) return Math.max(0, 1 - below);
    sum += term;
    term *= ((r + j) / (j + 1)) * pt;
    if (term === 0) break;
  }
  return sum;
}
