/**
 * The verbs over a list of models: one set of predictions over any fit of those models, dispatching on
 * `fit.model`, each taking the list as its first parameter. Each verb validates its inputs once (the fit's model
 * and parameters, the customers, the horizon), checks that the fit and the customers are in the same time unit,
 * calls the model's columnar kernel and refuses a non-finite result. A model that does not define a quantity, or
 * is not in the list, gets a `ClvValidationError` naming it. The library's verbs (predict.ts) are these over the
 * registry (MODELS); the spreadsheet functions' are these over SHEET_MODELS (src/sheets/models.ts), so the
 * spreadsheet file carries no other model's kernels (issue #13).
 */
import { type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { guardedRead } from '../schemas/parse.js';
import { ruleColumn } from '../schemas/ruleColumn.js';
import { type CustomersInput, customerColumns } from './data/customers.js';
import { type SpendInput, spendColumns } from './gammaGamma.js';
import type { ModelKernels, ModelSpec } from './model.js';
import {
  type CumulativePurchases,
  expectedCumulativePurchases as trackingCurve,
} from './tracking/expectedCumulativePurchases.js';
import { check, customersFor, type FitLike, horizon, modelOfFit, timeRule } from './verbInputs.js';

/** A purchase count n: a whole number up to a million (the BG family PMF costs O(n)). */
const countRule = numberRule({ min: 0, max: 1_000_000 }, true);
const bucketRule = numberRule({ min: 1, max: 10_000 }, true);
const rateRule = numberRule({ min: 0, minExclusive: true });

/** Fails loudly rather than return a non-finite prediction. */
function finite(where: string, values: Float64Array): Float64Array {
  const issues: ClvIssue[] = [];
  for (let i = 0; i < values.length && issues.length < 100; i++)
    if (!Number.isFinite(values[i] as number))
      issues.push(
        makeIssue(`customers[${i}]`, 'a finite prediction under these parameters', 'a non-finite result', i),
      );
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return values;
}

function finiteNumber(where: string, v: number): number {
  return finite(where, Float64Array.of(v))[0] as number;
}

/** The cohort of `expectedCumulativePurchases`: when each customer was acquired, and the calendar times asked for. */
export interface TrackingInput {
  /**
   * Each customer's first purchase on the calendar, in the fit's time unit and on the same origin as `times`
   * (e.g. weeks since the cohort's first day). Give this or `ages`.
   */
  readonly firstPurchaseTimes?: ArrayLike<number>;
  /**
   * Each customer's age at the end of calibration (their T): acquisition is then placed at max(T) − T_i, so
   * `times` count from the first acquisition (BTYD's convention). Give this or `firstPurchaseTimes`.
   */
  readonly ages?: ArrayLike<number>;
  /** Calendar times at which to evaluate, e.g. weeks 1, 2, …, 78. */
  readonly times: ArrayLike<number>;
  /** How many customers each entry stands for (default 1). */
  readonly weights?: ArrayLike<number>;
}

const finiteRule = numberRule({});

/** `probabilityAlive` (predict.ts, where it is documented) over the fits of `models`. */
export function probabilityAliveWith(
  models: readonly ModelSpec[],
  fit: FitLike,
  customers: CustomersInput,
): Float64Array {
  const where = 'probabilityAlive';
  const spec = modelOfFit(models, fit, where, 'probabilityAlive');
  const c = customersFor(spec, fit, customers, where);
  return finite(where, spec.kernels.probabilityAlive?.(fit.params, c) as Float64Array);
}

/** `expectedPurchases` (predict.ts, where it is documented) over the fits of `models`. */
export function expectedPurchasesWith(
  models: readonly ModelSpec[],
  fit: FitLike,
  t: number,
  customers: CustomersInput,
): Float64Array {
  const where = 'expectedPurchases';
  const spec = modelOfFit(models, fit, where, 'expectedPurchases');
  const time = horizon(spec, where, t);
  const c = customersFor(spec, fit, customers, where);
  return finite(where, spec.kernels.expectedPurchases?.(fit.params, time, c) as Float64Array);
}

/** `expectedPurchasesNewCustomer` (predict.ts, where it is documented) over the fits of `models`. */
export function expectedPurchasesNewCustomerWith(
  models: readonly ModelSpec[],
  fit: FitLike,
  t: number,
): number {
  const where = 'expectedPurchasesNewCustomer';
  const spec = modelOfFit(models, fit, where, 'expectedPurchasesNewCustomer');
  const time = horizon(spec, where, t);
  return finiteNumber(where, spec.kernels.expectedPurchasesNewCustomer?.(fit.params, time) as number);
}

/** `probabilityOfPurchases` (predict.ts, where it is documented) over the fits of `models`. */
export function probabilityOfPurchasesWith(
  models: readonly ModelSpec[],
  fit: FitLike,
  n: number,
  t: number,
): number {
  const where = 'probabilityOfPurchases';
  const spec = modelOfFit(models, fit, where, 'probabilityOfPurchases');
  const count = check(where, 'n', countRule, n);
  const time = horizon(spec, where, t);
  return finiteNumber(where, spec.kernels.probabilityOfPurchases?.(fit.params, count, time) as number);
}

/** `conditionalProbabilityOfPurchases` (predict.ts, where it is documented) over the fits of `models`. */
export function conditionalProbabilityOfPurchasesWith(
  models: readonly ModelSpec[],

  fit: FitLike,
  n: number,
  t: number,
  customers: CustomersInput,
): Float64Array {
  const where = 'conditionalProbabilityOfPurchases';
  const spec = modelOfFit(models, fit, where, 'conditionalProbabilityOfPurchases');
  const count = check(where, 'n', countRule, n);
  const time = horizon(spec, where, t);
  const c = customersFor(spec, fit, customers, where);
  return finite(
    where,
    spec.kernels.conditionalProbabilityOfPurchases?.(fit.params, count, time, c) as Float64Array,
  );
}

/** `discountedExpectedResidualPurchases` (predict.ts, where it is documented) over the fits of `models`. */
export function discountedExpectedResidualPurchasesWith(
  models: readonly ModelSpec[],

  fit: FitLike,
  discountRate: number,
  customers: CustomersInput,
): Float64Array {
  const where = 'discountedExpectedResidualPurchases';
  const spec = modelOfFit(models, fit, where, 'discountedExpectedResidualPurchases');
  const rate = check(where, 'discountRate', rateRule, discountRate);
  const c = customersFor(spec, fit, customers, where);
  return finite(
    where,
    spec.kernels.discountedExpectedResidualPurchases?.(fit.params, rate, c) as Float64Array,
  );
}

/** `expectedCumulativePurchases` (predict.ts, where it is documented) over the fits of `models`. */
export function expectedCumulativePurchasesWith(
  models: readonly ModelSpec[],
  fit: FitLike,
  input: TrackingInput,
): CumulativePurchases {
  const where = 'expectedCumulativePurchases';
  const spec = modelOfFit(models, fit, where, 'expectedPurchasesNewCustomer');
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [makeIssue('input', '{ firstPurchaseTimes | ages, times }', input)]);
  // Each field read once (a Proxy trap or a getter that throws is the input's fault, said as such).
  const fields = guardedRead(where, 'input', () => ({
    firstPurchaseTimes: input.firstPurchaseTimes,
    ages: input.ages,
    times: input.times,
    weights: input.weights,
  }));
  if ((fields.firstPurchaseTimes === undefined) === (fields.ages === undefined))
    throw new ClvValidationError(where, [
      makeIssue('firstPurchaseTimes', 'exactly one of firstPurchaseTimes and ages', 'both or neither'),
    ]);
  const times = ruleColumn(where, 'times', timeRule, fields.times);
  let starts: Float64Array;
  if (fields.ages !== undefined) {
    const ages = ruleColumn(where, 'ages', timeRule, fields.ages);
    let oldest = 0;
    for (let i = 0; i < ages.length; i++) oldest = Math.max(oldest, ages[i] as number);
    starts = ages.map((age) => oldest - age);
  } else starts = ruleColumn(where, 'firstPurchaseTimes', finiteRule, fields.firstPurchaseTimes);
  const weights =
    fields.weights === undefined
      ? undefined
      : ruleColumn(where, 'weights', timeRule, fields.weights, {
          count: starts.length,
          expected: `${starts.length} entries, one per customer`,
        });
  const kernel = spec.kernels.expectedPurchasesNewCustomer as NonNullable<
    ModelKernels['expectedPurchasesNewCustomer']
  >;
  const whole = spec.dataKind !== 'continuous';
  // Discrete models count whole opportunities: E[X] at ⌊τ − s⌋ periods.
  const curve = trackingCurve(
    (t) => kernel(fit.params, whole ? Math.floor(t + 1e-9) : t),
    starts,
    times,
    weights,
  );
  finite(where, curve.cumulative);
  return curve;
}

/** `customerLogLikelihood` (predict.ts, where it is documented) over the fits of `models`. */
export function customerLogLikelihoodWith(
  models: readonly ModelSpec[],
  fit: FitLike,
  customers: CustomersInput | SpendInput,
): Float64Array {
  const where = 'customerLogLikelihood';
  const spec = modelOfFit(models, fit, where);
  if (spec.spendKernels !== undefined)
    return finite(
      where,
      spec.spendKernels.customerLogLikelihood(fit.params, spendColumns(customers as SpendInput, where, true)),
    );
  const kernel = modelOfFit(models, fit, where, 'customerLogLikelihood').kernels.customerLogLikelihood;
  const c = customersFor(spec, fit, customers as CustomersInput, where);
  return finite(where, kernel?.(fit.params, c) as Float64Array);
}

/** `expectedRepeatCountDistribution` (predict.ts, where it is documented) over the fits of `models`. */
export function expectedRepeatCountDistributionWith(
  models: readonly ModelSpec[],

  fit: FitLike,
  customers: CustomersInput,
  maxCount = 7,
): Float64Array {
  const where = 'expectedRepeatCountDistribution';
  const spec = modelOfFit(models, fit, where, 'probabilityOfPurchases');
  const pmf = spec.kernels.probabilityOfPurchases as NonNullable<ModelKernels['probabilityOfPurchases']>;
  const m = check(where, 'maxCount', bucketRule, maxCount);
  const c = customersFor(spec, fit, customers, where);
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

/** `expectedSpend` (predict.ts, where it is documented) over the fits of `models`. */
export function expectedSpendWith(
  models: readonly ModelSpec[],
  spendFit: FitLike,
  customers: SpendInput,
): Float64Array {
  const where = 'expectedSpend';
  const spec = modelOfFit(models, spendFit, where, 'expectedSpend');
  const kernels = spec.spendKernels as NonNullable<ModelSpec['spendKernels']>;
  return finite(where, kernels.expectedSpend(spendFit.params, spendColumns(customers, where, false), where));
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
