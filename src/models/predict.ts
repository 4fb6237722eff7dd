/**
 * Predictions from fitted transaction models, dispatching on `fit.model` through one registry: each model file
 * exports its `ModelPredictions` and is registered here with one line. All functions take customers as rows
 * or columns, validate them (and the fit) first, and return Float64Arrays, one value per customer.
 */
import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { betaGeoPredictions } from './betaGeo.js';
import { betaGeoBetaBinomPredictions } from './betaGeoBetaBinom.js';
import { type CustomerColumns, type CustomersInput, customerColumns } from './data/customers.js';
import { gammaGammaExpectedSpend, type SpendInput, spendColumns } from './gammaGamma.js';
import { modifiedBetaGeoPredictions } from './modifiedBetaGeo.js';
import { paretoNbdPredictions } from './paretoNbd.js';

/** Natural-scale parameters by name, as in `Fit.params`. */
export type ModelParams = Readonly<Record<string, number>>;

/**
 * What a transaction model can predict. Every method is optional: a model registers what it supports, and
 * the public functions report a ClvValidationError for the rest. Inputs are already validated.
 */
export interface ModelPredictions {
  /** P(alive at T | x, t_x, T) per customer. */
  probabilityAlive?(params: ModelParams, customers: CustomerColumns): Float64Array;
  /** E[purchases in (T, T + t] | x, t_x, T] per customer. */
  expectedPurchases?(params: ModelParams, t: number, customers: CustomerColumns): Float64Array;
  /** E[repeat purchases in (0, t]] of a new customer. */
  expectedPurchasesNewCustomer?(params: ModelParams, t: number): number;
  /** P(n repeat purchases in (0, t]) for a new customer. */
  probabilityOfPurchases?(params: ModelParams, n: number, t: number): number;
  /**
   * Expected number of customers with 0, 1, …, maxCount − 1 and ≥ maxCount repeat purchases in their own
   * calibration periods. Optional: derived from `probabilityOfPurchases` when absent.
   */
  expectedRepeatCountDistribution?(
    params: ModelParams,
    customers: CustomerColumns,
    maxCount: number,
  ): Float64Array;
}

/** The registry: model tag → its predictions. Add a model with one line. */
const registry: Readonly<Record<string, ModelPredictions>> = {
  betaGeo: betaGeoPredictions,
  modifiedBetaGeo: modifiedBetaGeoPredictions,
  paretoNbd: paretoNbdPredictions,
  betaGeoBetaBinom: betaGeoBetaBinomPredictions,
};

/** Anything with a model tag and parameters: a `Fit`, or published parameters typed in. */
export interface FitLike {
  readonly model: string;
  readonly params: ModelParams;
}

/** Validates `fit` (a known model tag, finite positive parameters) and finds its predictions (for other modules of the library). */
export function lookup(fit: FitLike, where: string, method: keyof ModelPredictions): ModelPredictions {
  if (fit === null || typeof fit !== 'object')
    throw new ClvValidationError(where, [makeIssue('fit', 'a fitted model', fit)]);
  const entry = typeof fit.model === 'string' ? registry[fit.model] : undefined;
  const supporting = Object.keys(registry).filter((k) => registry[k]?.[method] !== undefined);
  if (entry === undefined || (method !== 'expectedRepeatCountDistribution' && entry[method] === undefined)) {
    throw new ClvValidationError(where, [
      makeIssue('fit.model', `a model that supports ${method} (${supporting.join(', ')})`, fit.model),
    ]);
  }
  const issues: ClvIssue[] = [];
  if (fit.params === null || typeof fit.params !== 'object')
    issues.push(makeIssue('fit.params', 'an object', fit.params));
  else
    for (const [name, v] of Object.entries(fit.params))
      if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
        issues.push(makeIssue(`fit.params.${name}`, 'a finite number greater than 0', v));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return entry;
}

const timeRule = numberRule({ min: 0 });
const countRule = numberRule({ min: 0 }, true);
const bucketRule = numberRule({ min: 1, max: 10_000 }, true);

function check(where: string, name: string, rule: typeof timeRule, value: unknown): number {
  const v = rule.convert(value);
  if (v === undefined) throw new ClvValidationError(where, [makeIssue(name, rule.expected, value)]);
  return v;
}

/** Fails loudly rather than return a non-finite prediction. */
function finite(where: string, values: Float64Array): Float64Array {
  const issues: ClvIssue[] = [];
  for (let i = 0; i < values.length; i++)
    if (!Number.isFinite(values[i] as number))
      issues.push(
        makeIssue(
          `customers[${i}]`,
          'a customer with a finite prediction under these parameters',
          'a non-finite result',
          i,
        ),
      );
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return values;
}

/**
 * The probability that each customer is still alive at the end of calibration, P(alive | x, t_x, T).
 * BG/NBD: 1 / (1 + [x>0] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)) (Fader, Hardie & Lee 2005).
 *
 * @example probabilityAlive(fit, { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] }) // Float64Array [0.75…, 1]
 */
export function probabilityAlive(fit: FitLike, customers: CustomersInput): Float64Array {
  const where = 'probabilityAlive';
  const entry = lookup(fit, where, 'probabilityAlive');
  const c = customerColumns(customers, where);
  return finite(
    where,
    (entry.probabilityAlive as NonNullable<ModelPredictions['probabilityAlive']>)(fit.params, c),
  );
}

/**
 * Conditional expected purchases of each customer in the next t time units, E[Y(t) | x, t_x, T]
 * (BG/NBD: Fader, Hardie & Lee 2005 eq. 10). Non-decreasing in t, 0 at t = 0.
 *
 * @example expectedPurchases(fit, 39, cdnow) // expected purchases in the 39-week holdout, per customer
 */
export function expectedPurchases(fit: FitLike, t: number, customers: CustomersInput): Float64Array {
  const where = 'expectedPurchases';
  const entry = lookup(fit, where, 'expectedPurchases');
  const time = check(where, 't', timeRule, t);
  const c = customerColumns(customers, where);
  return finite(
    where,
    (entry.expectedPurchases as NonNullable<ModelPredictions['expectedPurchases']>)(fit.params, time, c),
  );
}

/**
 * Expected repeat purchases of a newly acquired customer in (0, t], E[X(t)] (BG/NBD: FHL 2005 eq. 9).
 *
 * @example expectedPurchasesNewCustomer(fit, 78) // CDNOW BG/NBD: ≈ 1.2 per customer over 78 weeks
 */
export function expectedPurchasesNewCustomer(fit: FitLike, t: number): number {
  const where = 'expectedPurchasesNewCustomer';
  const entry = lookup(fit, where, 'expectedPurchasesNewCustomer');
  const time = check(where, 't', timeRule, t);
  const v = (
    entry.expectedPurchasesNewCustomer as NonNullable<ModelPredictions['expectedPurchasesNewCustomer']>
  )(fit.params, time);
  return finite(where, Float64Array.of(v))[0] as number;
}

/**
 * P(X(t) = n): the probability that a new customer makes exactly n repeat purchases in (0, t]
 * (BG/NBD: FHL 2005 eq. 8).
 *
 * @example probabilityOfPurchases(fit, 0, 39) // share of new customers with no repeat purchase in 39 weeks
 */
export function probabilityOfPurchases(fit: FitLike, n: number, t: number): number {
  const where = 'probabilityOfPurchases';
  const entry = lookup(fit, where, 'probabilityOfPurchases');
  const count = check(where, 'n', countRule, n);
  const time = check(where, 't', timeRule, t);
  const v = (entry.probabilityOfPurchases as NonNullable<ModelPredictions['probabilityOfPurchases']>)(
    fit.params,
    count,
    time,
  );
  return finite(where, Float64Array.of(v))[0] as number;
}

/**
 * Expected number of customers with 0, 1, …, maxCount − 1 repeat purchases in their calibration period, and
 * (last entry) with maxCount or more: Σ_i w_i P(X(T_i) = k). With `observedRepeatCountDistribution`, the
 * model-fit chart of Fader, Hardie & Lee (2005, Figure 2). Length maxCount + 1.
 *
 * @example expectedRepeatCountDistribution(fit, cdnow, 7) // [≈1411, ≈439, …] on CDNOW
 */
export function expectedRepeatCountDistribution(
  fit: FitLike,
  customers: CustomersInput,
  maxCount = 7,
): Float64Array {
  const where = 'expectedRepeatCountDistribution';
  const entry = lookup(fit, where, 'expectedRepeatCountDistribution');
  const m = check(where, 'maxCount', bucketRule, maxCount);
  const c = customerColumns(customers, where);
  if (entry.expectedRepeatCountDistribution)
    return finite(where, entry.expectedRepeatCountDistribution(fit.params, c, m));
  const pmf = entry.probabilityOfPurchases;
  if (pmf === undefined)
    throw new ClvValidationError(where, [
      makeIssue('fit.model', 'a model that supports probabilityOfPurchases', fit.model),
    ]);
  // One probability vector per distinct T.
  const byAge = new Map<number, Float64Array>();
  const out = new Float64Array(m + 1);
  let total = 0;
  for (let i = 0; i < c.T.length; i++) {
    const age = c.T[i] as number;
    let probs = byAge.get(age);
    if (probs === undefined) {
      probs = new Float64Array(m);
      for (let k = 0; k < m; k++) probs[k] = pmf(fit.params, k, age);
      byAge.set(age, probs);
    }
    const w = c.weights === undefined ? 1 : (c.weights[i] as number);
    total += w;
    for (let k = 0; k < m; k++) out[k] = (out[k] as number) + w * (probs[k] as number);
  }
  let below = 0;
  for (let k = 0; k < m; k++) below += out[k] as number;
  out[m] = Math.max(0, total - below);
  return finite(where, out);
}

/**
 * Observed number of customers with 0, 1, …, maxCount − 1 and ≥ maxCount (last entry) repeat purchases:
 * the data side of the model-fit chart. Length maxCount + 1.
 *
 * @example observedRepeatCountDistribution({ frequency: [0, 0, 1, 9], recency: [0, 0, 1, 5], T: [9, 9, 9, 9] }, 2) // [2, 1, 1]
 */
export function observedRepeatCountDistribution(customers: CustomersInput, maxCount = 7): Float64Array {
  const where = 'observedRepeatCountDistribution';
  const m = check(where, 'maxCount', bucketRule, maxCount);
  const c = customerColumns(customers, where);
  const out = new Float64Array(m + 1);
  for (let i = 0; i < c.frequency.length; i++) {
    const k = Math.min(c.frequency[i] as number, m);
    out[k] = (out[k] as number) + (c.weights === undefined ? 1 : (c.weights[i] as number));
  }
  return out;
}

/**
 * Conditional expected average transaction value of each customer under a Gamma-Gamma fit:
 * E[Z | x, m̄] = p (γ + x m̄) / (p x + q − 1) (Fader, Hardie & Lee 2005 JMR; Fader & Hardie 2013).
 * Customers are `{ frequency, monetaryValue }` (x ≥ 0; m̄ is ignored when x = 0).
 *
 * @example expectedSpend(spendFit, { frequency: [2], monetaryValue: [22.35] }) // between m̄ and the population mean
 */
export function expectedSpend(spendFit: FitLike, customers: SpendInput): Float64Array {
  const where = 'expectedSpend';
  if (spendFit === null || typeof spendFit !== 'object' || spendFit.model !== 'gammaGamma')
    throw new ClvValidationError(where, [makeIssue('spendFit.model', "'gammaGamma'", spendFit?.model)]);
  const issues: ClvIssue[] = [];
  for (const name of ['p', 'q', 'gamma']) {
    const v = spendFit.params?.[name];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
      issues.push(makeIssue(`spendFit.params.${name}`, 'a finite number greater than 0', v));
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return finite(
    where,
    gammaGammaExpectedSpend(spendFit.params, spendColumns(customers, where, false), where),
  );
}
