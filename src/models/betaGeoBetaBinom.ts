/**
 * The beta-geometric/beta-Bernoulli (BG/BB) model of discrete-time non-contractual repeat buying (Fader, Hardie &
 * Berger 2010, "Customer-base analysis in a discrete-time noncontractual setting", Marketing Science 29(6)).
 *
 * At each of n transaction opportunities an alive customer transacts with probability p ~ Beta(α, β), and at
 * the start of each opportunity after the first becomes inactive for good with probability θ ~ Beta(γ, δ).
 * A customer is summarised by x repeat transactions, the opportunity t_x of the last one (0 if none) and n.
 *
 *   L(α, β, γ, δ | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n)/B(γ,δ)
 *                             + Σ_{i=0}^{n−t_x−1} B(α+x, β+t_x−x+i)/B(α,β) · B(γ+1, δ+t_x+i)/B(γ,δ).
 */

import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { readColumns } from './data/columns.js';
import { weightRule } from './data/customers.js';
import { type Fit, type FitOptions, fitModel } from './fit/fitModel.js';
import type { ModelDefinition } from './fit/modelDefinition.js';
import { readParams as readModelParams } from './fit/readParams.js';
import type { ModelPredictions } from './predict.js';
import { digamma } from './special/digamma.js';
import { lgamma } from './special/lgamma.js';

/** Customers grouped by (x, t_x, n): the BG/BB's sufficient statistics, with weights. */
export interface BetaGeoBetaBinomColumns {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly periods: Float64Array;
  readonly weights: Float64Array;
}

/**
 * The terms of one customer's likelihood in log space, and their partials ∂/∂(α, β, γ, δ) when `grads` is given
 * (5 numbers per term: log value, then the four partials). Term i < n − t_x is "last alive at t_x + i",
 * the last term "alive through n". Returns how many terms there are.
 *
 * The Beta-function ratios are products over the opportunities,
 *   B(α+x, β+m−x)/B(α,β) = Π_{j<x}(α+j) Π_{j<m−x}(β+j) / Π_{j<m}(α+β+j),
 *   B(γ, δ+m)/B(γ,δ) = Π_{j<m} (δ+j)/(γ+δ+j),   B(γ+1, δ+m)/B(γ,δ) = γ/(γ+δ+m) · B(γ, δ+m)/B(γ,δ),
 * summed as logarithms opportunity by opportunity: exact for any parameter size, where differences of log B
 * of large arguments would cancel.
 */
function customerTerms(
  a: number,
  b: number,
  g: number,
  d: number,
  x: number,
  tx: number,
  n: number,
  out: Float64Array,
  grads: boolean,
): number {
  // LP = log B(α+x, β+m−x)/B(α,β) and LQ = log B(γ, δ+m)/B(γ,δ) at m = t_x, with partials.
  let LP = 0;
  let Pa = 0;
  let Pb = 0;
  for (let j = 0; j < x; j++) {
    LP += Math.log(a + j);
    Pa += 1 / (a + j);
  }
  for (let j = 0; j < tx - x; j++) {
    LP += Math.log(b + j);
    Pb += 1 / (b + j);
  }
  let LQ = 0;
  let Qg = 0;
  let Qd = 0;
  for (let j = 0; j < tx; j++) {
    const ab = a + b + j;
    LP -= Math.log(ab);
    Pa -= 1 / ab;
    Pb -= 1 / ab;
    const dj = d + j;
    LQ -= Math.log1p(g / dj);
    Qg -= 1 / (g + dj);
    Qd += g / (dj * (g + dj));
  }
  const logG = Math.log(g);
  let k = 0;
  for (let m = tx; m < n; m++, k++) {
    const gdm = g + d + m;
    const o = 5 * k;
    out[o] = LP + LQ + logG - Math.log(gdm);
    if (grads) {
      out[o + 1] = Pa;
      out[o + 2] = Pb;
      out[o + 3] = Qg + 1 / g - 1 / gdm;
      out[o + 4] = Qd - 1 / gdm;
    }
    const bm = b + m - x;
    const abm = a + b + m;
    LP += Math.log(bm) - Math.log(abm);
    Pa -= 1 / abm;
    Pb += 1 / bm - 1 / abm;
    const dm = d + m;
    LQ -= Math.log1p(g / dm);
    Qg -= 1 / (g + dm);
    Qd += g / (dm * (g + dm));
  }
  const o = 5 * k;
  out[o] = LP + LQ;
  if (grads) {
    out[o + 1] = Pa;
    out[o + 2] = Pb;
    out[o + 3] = Qg;
    out[o + 4] = Qd;
  }
  return k + 1;
}

/** log Σ exp over the count terms of `terms` (stride 5). */
function logSumExpTerms(terms: Float64Array, count: number): number {
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) if ((terms[5 * i] as number) > top) top = terms[5 * i] as number;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += Math.exp((terms[5 * i] as number) - top);
  return top + Math.log(sum);
}

/**
 * Σ_i w_i log L_i of the BG/BB at (α, β, γ, δ) = params[0..3], with the analytic gradient when asked: each
 * customer's terms' partials, weighted by the terms' shares of L_i.
 */
export function betaGeoBetaBinomLogLikelihoodColumns(
  params: Float64Array,
  data: BetaGeoBetaBinomColumns,
  grad?: Float64Array,
): number {
  const a = params[0] as number;
  const b = params[1] as number;
  const g = params[2] as number;
  const d = params[3] as number;
  const { frequency, recency, periods, weights } = data;
  let maxTerms = 1;
  for (let c = 0; c < periods.length; c++)
    maxTerms = Math.max(maxTerms, (periods[c] as number) - (recency[c] as number) + 1);
  const terms = new Float64Array(5 * maxTerms);
  let total = 0;
  let ga = 0;
  let gb = 0;
  let gg = 0;
  let gd = 0;
  for (let c = 0; c < frequency.length; c++) {
    const w = weights[c] as number;
    const count = customerTerms(
      a,
      b,
      g,
      d,
      frequency[c] as number,
      recency[c] as number,
      periods[c] as number,
      terms,
      grad !== undefined,
    );
    const ll = logSumExpTerms(terms, count);
    total += w * ll;
    if (!grad) continue;
    for (let i = 0; i < count; i++) {
      const share = w * Math.exp((terms[5 * i] as number) - ll);
      ga += share * (terms[5 * i + 1] as number);
      gb += share * (terms[5 * i + 2] as number);
      gg += share * (terms[5 * i + 3] as number);
      gd += share * (terms[5 * i + 4] as number);
    }
  }
  if (grad) {
    grad[0] = ga;
    grad[1] = gb;
    grad[2] = gg;
    grad[3] = gd;
  }
  return total;
}

// ————————————————————————————————————————————————————————— predictions

/** BG/BB parameters: transaction probability p ~ Beta(α, β), dropout probability θ ~ Beta(γ, δ). */
export interface BetaGeoBetaBinomParams {
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
  readonly delta: number;
}

/** A fitted model (its `params`) or the parameters themselves. */
export type BetaGeoBetaBinomParamsInput =
  | BetaGeoBetaBinomParams
  | { readonly params: Readonly<Record<string, number>> };

/** One customer: x repeat transactions, the last at opportunity t_x (0 if none), out of n opportunities. */
export interface BetaGeoBetaBinomCustomer {
  readonly frequency: number;
  readonly recency: number;
  readonly periods: number;
}

const PARAM_NAMES = ['alpha', 'beta', 'gamma', 'delta'] as const;

function readParams(where: string, input: BetaGeoBetaBinomParamsInput): BetaGeoBetaBinomParams {
  return readModelParams<BetaGeoBetaBinomParams>(where, input, PARAM_NAMES);
}

function checkCustomer(where: string, c: BetaGeoBetaBinomCustomer): void {
  const issues = [];
  const { frequency: x, recency: tx, periods: n } = c;
  if (!(Number.isInteger(n) && n >= 1)) issues.push(makeIssue('periods', 'a whole number of 1 or more', n));
  if (!(Number.isInteger(x) && x >= 0 && x <= n))
    issues.push(makeIssue('frequency', 'a whole number in [0, periods]', x));
  if (!(Number.isInteger(tx) && tx >= x && tx <= n && (x > 0 || tx === 0)))
    issues.push(makeIssue('recency', 'a whole number in [frequency, periods], 0 when frequency is 0', tx));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
}

/** log L of one customer, and in `parts` its terms (the last: alive through n, log B(α+x, β+n−x)/B(α,β) + log B(γ, δ+n)/B(γ,δ)). */
function logLikelihoodOne(
  p: BetaGeoBetaBinomParams,
  x: number,
  tx: number,
  n: number,
): { ll: number; alive: number } {
  const terms = new Float64Array(5 * (n - tx + 1));
  const count = customerTerms(p.alpha, p.beta, p.gamma, p.delta, x, tx, n, terms, false);
  return { ll: logSumExpTerms(terms, count), alive: terms[5 * (count - 1)] as number };
}

/**
 * Probability that a customer with summary (x, t_x, n) is alive at opportunity n+1 (Fader, Hardie & Berger 2010, eq. 11):
 *
 *   P(alive at n+1 | x, t_x, n) = B(α+x, β+n−x)/B(α,β) · B(γ, δ+n+1)/B(γ,δ) / L(α, β, γ, δ | x, t_x, n).
 *
 * @example
 * betaGeoBetaBinomProbabilityAlive({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, { frequency: 3, recency: 6, periods: 6 }); // ≈ 0.930
 */
export function betaGeoBetaBinomProbabilityAlive(
  fit: BetaGeoBetaBinomParamsInput,
  customer: BetaGeoBetaBinomCustomer,
): number {
  const where = 'betaGeoBetaBinomProbabilityAlive';
  const p = readParams(where, fit);
  checkCustomer(where, customer);
  const { frequency: x, recency: tx, periods: n } = customer;
  const { gamma: g, delta: d } = p;
  const { ll, alive } = logLikelihoodOne(p, x, tx, n);
  // Alive at n+1: one more survival factor (δ+n)/(γ+δ+n) on the "alive through n" term.
  const lAlive = alive - Math.log1p(g / (d + n));
  return Math.min(1, Math.exp(lAlive - ll));
}

/** Above this many future opportunities the closed form replaces the direct sum. */
const DIRECT_SUM_LIMIT = 10_000;

/**
 * Expected transactions in the next `future` opportunities n+1, …, n+future of a customer with summary
 * (x, t_x, n) (Fader, Hardie & Berger 2010, eq. 13):
 *
 *   E[X(n, n+n*) | x, t_x, n] = B(α+x+1, β+n−x)/B(α,β) / L · Σ_{k=1}^{n*} B(γ, δ+n+k)/B(γ,δ),
 *
 * whose sum is, in the paper's closed form, δ/(γ−1) · Γ(γ+δ)/Γ(1+δ) · [Γ(1+δ+n)/Γ(γ+δ+n) − Γ(1+δ+n+n*)/Γ(γ+δ+n+n*)].
 * The sum is taken term by term (exact at γ = 1) up to 10,000 opportunities, in closed form beyond.
 *
 * @example
 * betaGeoBetaBinomExpectedPurchases({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, 5, { frequency: 3, recency: 6, periods: 6 }); // ≈ 2.19
 */
export function betaGeoBetaBinomExpectedPurchases(
  fit: BetaGeoBetaBinomParamsInput,
  future: number,
  customer: BetaGeoBetaBinomCustomer,
): number {
  const where = 'betaGeoBetaBinomExpectedPurchases';
  const p = readParams(where, fit);
  checkCustomer(where, customer);
  if (!(Number.isInteger(future) && future >= 0))
    throw new ClvValidationError(where, [makeIssue('future', 'a whole number of 0 or more', future)]);
  if (future === 0) return 0;
  const { frequency: x, recency: tx, periods: n } = customer;
  const { alpha: a, beta: b, gamma: g, delta: d } = p;
  const { ll, alive } = logLikelihoodOne(p, x, tx, n);
  // B(α+x+1, β+n−x)/B(α,β) = (α+x)/(α+β+n) · B(α+x, β+n−x)/B(α,β); alive = that ratio's log + log S_θ(n).
  let logS = 0; // log B(γ, δ+n)/B(γ,δ)
  for (let j = 0; j < n; j++) logS -= Math.log1p(g / (d + j));
  const lead = alive - logS + Math.log((a + x) / (a + b + n)) - ll;
  let sum: number;
  if (future <= DIRECT_SUM_LIMIT || Math.abs(g - 1) < 1e-6) {
    // Σ_{k=1}^{n*} B(γ, δ+n+k)/B(γ,δ), each from the previous by the factor (δ+m)/(γ+δ+m).
    sum = 0;
    let term = logS;
    const last = Math.min(future, DIRECT_SUM_LIMIT);
    for (let k = 1; k <= last; k++) {
      term -= Math.log1p(g / (d + n + k - 1));
      sum += Math.exp(term);
    }
    if (future > last) sum += d * (digamma(1 + d + n + future) - digamma(1 + d + n + last));
  } else {
    const ratio = (m: number) => Math.exp(lgamma(1 + d + m) - lgamma(g + d + m));
    sum = (d / (g - 1)) * Math.exp(lgamma(g + d) - lgamma(1 + d)) * (ratio(n) - ratio(n + future));
  }
  return Math.exp(lead) * sum;
}

// ————————————————————————————————————————————————————————— fitting

/** Discrete-time summaries, as columns (below) or as rows `{ frequency, recency, periods, weight? }`. */
export type BetaGeoBetaBinomData = BetaGeoBetaBinomColumnsInput | readonly BetaGeoBetaBinomRow[];

/** One customer (or pattern) as a row. */
export interface BetaGeoBetaBinomRow {
  readonly frequency: number;
  readonly recency: number;
  readonly periods: number;
  readonly weight?: number;
}

/** Discrete-time summaries, one entry per customer or per group of identical customers. */
export interface BetaGeoBetaBinomColumnsInput {
  /** x: repeat transactions (whole, 0 ≤ x ≤ n). */
  readonly frequency: ArrayLike<number>;
  /** t_x: the opportunity of the last transaction (whole, x ≤ t_x ≤ n; 0 when x = 0). */
  readonly recency: ArrayLike<number>;
  /** n: transaction opportunities observed (whole, ≥ 1). */
  readonly periods: ArrayLike<number>;
  /** How many customers share the pattern (> 0); 1 each when absent. */
  readonly weights?: ArrayLike<number>;
}

const wholeRule = numberRule({ min: 0 }, true);
const periodsRule = numberRule({ min: 1 }, true);

/**
 * Validates `BetaGeoBetaBinomData` (rows or columns) with the shared column reader, checks x ≤ t_x ≤ n (t_x = 0
 * when x = 0), and groups customers by pattern.
 */
function toColumns(where: string, data: BetaGeoBetaBinomData): BetaGeoBetaBinomColumns {
  const { columns, length } = readColumns(
    data,
    [
      { name: 'frequency', rule: wholeRule },
      { name: 'recency', rule: wholeRule },
      { name: 'periods', rule: periodsRule },
      { name: 'weights', rowField: 'weight', rule: weightRule, optional: true },
    ],
    where,
  );
  const frequency = columns.frequency as Float64Array;
  const recency = columns.recency as Float64Array;
  const periods = columns.periods as Float64Array;
  const weights = columns.weights ?? new Float64Array(length).fill(1);
  const issues: ClvIssue[] = [];
  for (let i = 0; i < length && issues.length < 100; i++) {
    const x = frequency[i] as number;
    const tx = recency[i] as number;
    const n = periods[i] as number;
    if (x > n) issues.push(makeIssue(`frequency[${i}]`, `a whole number in [0, periods = ${n}]`, x, i));
    else if (!(tx >= x && tx <= n && (x > 0 || tx === 0)))
      issues.push(
        makeIssue(`recency[${i}]`, `a whole number in [frequency, periods], 0 when frequency is 0`, tx, i),
      );
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return group({ frequency, recency, periods, weights });
}

/** Merges customers with the same (x, t_x, n), adding their weights: the likelihood is a sum over patterns. */
function group(c: BetaGeoBetaBinomColumns): BetaGeoBetaBinomColumns {
  const index = new Map<string, number>();
  const x: number[] = [];
  const tx: number[] = [];
  const n: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < c.frequency.length; i++) {
    const key = `${c.frequency[i]},${c.recency[i]},${c.periods[i]}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, w.length);
      x.push(c.frequency[i] as number);
      tx.push(c.recency[i] as number);
      n.push(c.periods[i] as number);
      w.push(c.weights[i] as number);
    } else w[at] = (w[at] as number) + (c.weights[i] as number);
  }
  return {
    frequency: Float64Array.from(x),
    recency: Float64Array.from(tx),
    periods: Float64Array.from(n),
    weights: Float64Array.from(w),
  };
}

/** The BG/BB for the shared fitting plumbing: parameters (α, β, γ, δ), starting at 1 each. */
export const betaGeoBetaBinomModel: ModelDefinition<BetaGeoBetaBinomColumns> = {
  model: 'betaGeoBetaBinom',
  label: 'BG/BB',
  paramNames: ['alpha', 'beta', 'gamma', 'delta'],
  logLikelihood: betaGeoBetaBinomLogLikelihoodColumns,
  initialParams: () => Float64Array.of(1, 1, 1, 1),
  count(data) {
    let total = 0;
    for (const w of data.weights) total += w;
    return total;
  },
};

/**
 * Fits the BG/BB by maximum likelihood (Fader, Hardie & Berger 2010) → α, β, γ, δ.
 *
 * @example
 * const fit = fitBetaGeoBetaBinom(donations); // α ≈ 1.204, β ≈ 0.750, γ ≈ 0.657, δ ≈ 2.783, LL ≈ −33,225.6
 */
export function fitBetaGeoBetaBinom(data: BetaGeoBetaBinomData, options?: FitOptions): Fit {
  return fitModel(betaGeoBetaBinomModel, toColumns('fitBetaGeoBetaBinom', data), options);
}

/**
 * Σ w_i log L_i of the BG/BB on customer data at the given parameters (validated).
 *
 * @example
 * betaGeoBetaBinomLogLikelihood({ alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 }, donations); // ≈ −33,225.6
 */
export function betaGeoBetaBinomLogLikelihood(
  fit: BetaGeoBetaBinomParamsInput,
  data: BetaGeoBetaBinomData,
): number {
  const where = 'betaGeoBetaBinomLogLikelihood';
  const p = readParams(where, fit);
  return betaGeoBetaBinomLogLikelihoodColumns(
    Float64Array.of(p.alpha, p.beta, p.gamma, p.delta),
    toColumns(where, data),
  );
}

// ————————————————————————————————————————————————————————— registry entry

/**
 * The BG/BB's predictions for the shared dispatch in `predict.ts`. Discrete time: a customer's `T` is the
 * number of opportunities n, `recency` the opportunity of the last transaction, and `t` counts future
 * opportunities; all must be whole numbers (ClvValidationError otherwise).
 */
export const betaGeoBetaBinomPredictions: ModelPredictions = {
  probabilityAlive: (params, c) => {
    const out = new Float64Array(c.frequency.length);
    for (let i = 0; i < out.length; i++)
      out[i] = betaGeoBetaBinomProbabilityAlive(
        { params },
        { frequency: c.frequency[i] as number, recency: c.recency[i] as number, periods: c.T[i] as number },
      );
    return out;
  },
  expectedPurchases: (params, t, c) => {
    const out = new Float64Array(c.frequency.length);
    for (let i = 0; i < out.length; i++)
      out[i] = betaGeoBetaBinomExpectedPurchases({ params }, t, {
        frequency: c.frequency[i] as number,
        recency: c.recency[i] as number,
        periods: c.T[i] as number,
      });
    return out;
  },
};
