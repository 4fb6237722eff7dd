/**
 * The BG family's closed forms (BG/NBD: Fader, Hardie & Lee 2005; MBG/NBD: Batislam, Denizel & Filiztekin
 * 2007), columnar over validated customers; `shift` is 0 for the BG/NBD and 1 for the MBG/NBD.
 */
import type { CustomerColumns } from '../data/customers.js';
import { pairIndex } from '../data/pairIndex.js';
import { logHyp2f1 } from '../special/hyp2f1.js';
import { lgamma } from '../special/lgamma.js';
import type { BetaGeoParams } from './likelihood.js';

/**
 * P(alive | x, t_x, T) = 1 / (1 + [x+s>0] · a/(b+x+s−1) · ((α+T)/(α+t_x))^(r+x))  (FHL 2005 eq. in §4;
 * Batislam et al. 2007 for s = 1), evaluated through the logistic function of the log-odds
 * z = ln a − ln(b+x+s−1) + (r+x) ln((α+T)/(α+t_x)): one logarithm and one exponential per customer, the
 * ln(b+x+s−1) of small whole x read from a table.
 */
export function betaGeoFamilyProbabilityAlive(
  shift: 0 | 1,
  p: BetaGeoParams,
  customers: CustomerColumns,
): Float64Array {
  const { r, alpha, a, b } = p;
  const { frequency, recency, T } = customers;
  const out = new Float64Array(frequency.length);
  const logA = Math.log(a);
  // ln a − ln(b+x+s−1) for x = 0 … TABLE−1 (frequencies are whole numbers).
  const logOdds = new Float64Array(TABLE);
  for (let x = 0; x < TABLE; x++) logOdds[x] = logA - Math.log(b + (x + shift - 1));
  for (let i = 0; i < out.length; i++) {
    const x = frequency[i] as number;
    if (x + shift === 0) {
      out[i] = 1;
      continue;
    }
    const z =
      (x < TABLE ? (logOdds[x] as number) : logA - Math.log(b + (x + shift - 1))) +
      (r + x) * Math.log((alpha + (T[i] as number)) / (alpha + (recency[i] as number)));
    // 1/(1 + e^z), written so that neither branch overflows.
    if (z > 0) {
      const e = Math.exp(-z);
      out[i] = e / (1 + e);
    } else out[i] = 1 / (1 + Math.exp(z));
  }
  return out;
}

/** Frequencies below this read ln(b+x+s−1) from a table. */
const TABLE = 256;

/**
 * Expected purchases in (T, T + t] given (x, t_x, T) (FHL 2005 eq. 10; Batislam et al. 2007 for s = 1):
 *
 *   E[Y(t) | x, t_x, T] = (a+b+x+s−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+s; a+b+x+s−1; t/(α+T+t))]
 *                         · P(alive | x, t_x, T),
 *
 * the bracket computed as −expm1(log of its second term). The ₂F₁ part depends on (x, T) only, so it is
 * computed once per distinct pair.
 */
export function betaGeoFamilyExpectedPurchases(
  shift: 0 | 1,
  p: BetaGeoParams,
  t: number,
  customers: CustomerColumns,
): Float64Array {
  const alive = betaGeoFamilyProbabilityAlive(shift, p, customers);
  if (t === 0) return alive.fill(0);
  const pairs = pairIndex(customers.frequency, customers.T);
  const unconditional = new Float64Array(pairs.a.length);
  for (let k = 0; k < unconditional.length; k++)
    unconditional[k] = aliveExpectedPurchases(shift, p, pairs.a[k] as number, pairs.b[k] as number, t);
  const code = pairs.code;
  for (let i = 0; i < alive.length; i++)
    alive[i] = (alive[i] as number) * (unconditional[code[i] as number] as number);
  return alive;
}

/**
 * (a+b+x+s−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x+s; a+b+x+s−1; z)], z = t/(α+T+t): expected
 * purchases in t given alive at T (never negative; rounding below 0 is clamped).
 *
 * - c > r + x and z ≤ 1 − 1e-4 (the usual case): the series of `aliveExpectedPurchasesSeries`, positive terms,
 *   no division by a − 1. Elsewhere:
 * - c = a+b+x+s−1 > 0: in log space, the bracket as −expm1(log of its second term).
 * - c ≤ 0 (BG/NBD, x = 0, a + b ≤ 1): the Gauss contiguous relation in c (A&S 15.2.12),
 *     c(c−1)(z−1) F(c−1) + c[c−1−(2c−A−B−1)z] F(c) + (c−A)(c−B) z F(c+1) = 0,
 *   written at c′ = c+1 gives c·F(c) from F(c+1), F(c+2) (both with positive c), so the expression is
 *   [c − q^(r+x) · c F(c)] / (a−1) with no division by c.
 * - |a − 1| < 1e-4, where both factors vanish: linear interpolation between a = 1 ± 1e-4 (error O(1e-8)).
 */
function aliveExpectedPurchases(shift: 0 | 1, p: BetaGeoParams, x: number, age: number, t: number): number {
  const { a } = p;
  const series = aliveExpectedPurchasesSeries(shift, p, x, age, t);
  if (series !== undefined) return series;
  if (Math.abs(a - 1) < NEAR_ONE) {
    const lo = aliveExpectedPurchasesAt(shift, { ...p, a: 1 - NEAR_ONE }, x, age, t);
    const hi = aliveExpectedPurchasesAt(shift, { ...p, a: 1 + NEAR_ONE }, x, age, t);
    return Math.max(0, lo + ((a - (1 - NEAR_ONE)) / (2 * NEAR_ONE)) * (hi - lo));
  }
  return Math.max(0, aliveExpectedPurchasesAt(shift, p, x, age, t));
}

const NEAR_ONE = 1e-4;

/**
 * The series of `aliveExpectedPurchasesSeries` is used when about (a + 40)/(1 − z) terms reach its end (its terms
 * follow a negative binomial in k, mean a z/(1 − z), that falls like z^k after it), at most this many.
 */
const SERIES_TERMS = 200_000;
/** Terms and partial sums are rescaled by this factor to stay finite ((a)_k z^k/k! reaches (1 − z)^−a). */
const RESCALE = 1e200;

/**
 * The same expectation as a series of positive terms, with no cancellation. Euler's transformation
 * (A&S 15.3.3) with c − B = a − 1 turns q^A ₂F₁(A, B; c; z) into (1−z)^(a−1) ₂F₁(c−A, a−1; c; z) (q = 1 − z),
 * and 1 = (1−z)^(a−1) Σ_k (a−1)_k z^k/k!, so
 *
 *   E = c (1−z)^(a−1) Σ_{k≥1} (a)_{k−1} z^k/k! · [1 − Π_{j<k} (1 − A/(c+j))],
 *
 * each bracket −expm1 of a sum of log1p's. The bracket form of `aliveExpectedPurchasesAt` cancels about
 * log₁₀ c digits (a dropout prior Beta(a, b) with b = 10⁸ gave 2 % off, and 0 at b = 10¹⁰, where this is right
 * to 1e-15 against mpmath), and divides by a − 1. Undefined where a factor 1 − A/(c+j) is not positive (c ≤ A)
 * or the series would be long (`SERIES_TERMS`: z near 1, or a large): the caller uses the bracket form there.
 */
function aliveExpectedPurchasesSeries(
  shift: 0 | 1,
  p: BetaGeoParams,
  x: number,
  age: number,
  t: number,
): number | undefined {
  const { r, alpha, a, b } = p;
  const A = r + x;
  const c = a + b + (x + shift - 1);
  const z = t / (alpha + age + t);
  if (!(c > A) || !((a + 40) / (1 - z) <= SERIES_TERMS)) return undefined;
  let g = z; // (a)_{k−1} z^k / k!, divided by e^logScale
  let logScale = 0;
  let logProduct = 0; // Σ_{j<k} log1p(−A/(c+j))
  let sum = 0;
  for (let k = 1; k <= 2 * SERIES_TERMS; k++) {
    logProduct += Math.log1p(-A / (c + (k - 1)));
    sum += g * -Math.expm1(logProduct);
    const ratio = (z * (a + (k - 1))) / (k + 1);
    // Past the largest term the ratios fall towards z, so the tail is below g·ratio/(1 − ratio) (brackets ≤ 1).
    if (ratio < 1 && g * ratio <= 1e-17 * sum * (1 - ratio))
      return c * Math.exp((a - 1) * Math.log1p(-z) + logScale) * sum;
    g *= ratio;
    if (g > RESCALE) {
      g /= RESCALE;
      sum /= RESCALE;
      logScale += Math.log(RESCALE);
    }
  }
  return undefined;
}

function aliveExpectedPurchasesAt(shift: 0 | 1, p: BetaGeoParams, x: number, age: number, t: number): number {
  const { r, alpha, a, b } = p;
  const base = alpha + age;
  const A = r + x;
  const B = b + x + shift;
  const c = a + b + (x + shift - 1);
  const z = t / (base + t);
  const logQ = A * (Math.log(base) - Math.log(base + t));
  if (c > 0) return (c / (a - 1)) * -Math.expm1(logQ + logHyp2f1(A, B, c, z));
  const c1 = c + 1;
  // q^(r+x) F(c+1) and q^(r+x) F(c+2), combined in log space so neither factor overflows.
  const qf1 = Math.exp(logQ + logHyp2f1(A, B, c1, z));
  const qf2 = Math.exp(logQ + logHyp2f1(A, B, c1 + 1, z));
  const qcF =
    -(c1 * (c1 - 1 - (2 * c1 - A - B - 1) * z) * qf1 + (c1 - A) * (c1 - B) * z * qf2) / (c1 * (z - 1));
  return (c - qcF) / (a - 1);
}

/**
 * Expected repeat purchases of a new customer in (0, t]: the conditional expectation at x = t_x = T = 0, i.e.
 *   BG/NBD (FHL 2005 eq. 9): (a+b−1)/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))];
 *   MBG/NBD: b/(a−1) · [1 − (α/(α+t))^r ₂F₁(r, b+1; a+b; t/(α+t))].
 */
export function betaGeoFamilyExpectedPurchasesNewCustomer(shift: 0 | 1, p: BetaGeoParams, t: number): number {
  if (t === 0) return 0;
  const aliveAtStart = shift === 0 ? 1 : p.b / (p.a + p.b);
  return aliveAtStart * aliveExpectedPurchases(shift, p, 0, 0, t);
}

/**
 * P(X(t) = n) for a new customer (FHL 2005 eq. 8; the s = 1 analogue for MBG/NBD):
 *   B(a, b+n+s)/B(a, b) · NB(n) + [n+s>0] · B(a+1, b+n+s−1)/B(a, b) · (1 − Σ_{j<n} NB(j)),
 * with NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j the negative-binomial (Poisson–gamma) probabilities.
 */
export function betaGeoFamilyProbabilityOfPurchases(
  shift: 0 | 1,
  p: BetaGeoParams,
  n: number,
  t: number,
): number {
  const { r, alpha, a, b } = p;
  if (t === 0) return n === 0 ? 1 : 0;
  const logQ = Math.log(alpha) - Math.log(alpha + t); // ln(α/(α+t))
  const logP = Math.log(t) - Math.log(alpha + t); // ln(t/(α+t))
  const lgR = lgamma(r);
  const logNb = (j: number) => lgamma(r + j) - lgR - lgamma(j + 1) + r * logQ + j * logP;
  let below = 0;
  for (let j = 0; j < n; j++) below += Math.exp(logNb(j));
  const lbAB = lgamma(a) + lgamma(b) - lgamma(a + b);
  const ns = n + shift;
  const stay = Math.exp(lgamma(a) + lgamma(b + ns) - lgamma(a + b + ns) - lbAB + logNb(n));
  const drop =
    ns > 0
      ? Math.exp(lgamma(a + 1) + lgamma(b + (ns - 1)) - lgamma(a + b + ns) - lbAB) * Math.max(0, 1 - below)
      : 0;
  return stay + drop;
}

/** Reads r, α, a, b from a fit's params. */
export function betaGeoParams(params: Readonly<Record<string, number>>): BetaGeoParams {
  return {
    r: params.r as number,
    alpha: params.alpha as number,
    a: params.a as number,
    b: params.b as number,
  };
}
