/**
 * The verbs: one set of predictions over any fit, dispatching on `fit.model` through the registry. Each verb
 * validates its inputs once (the fit's model and parameters, the customers, the horizon), checks that the fit
 * and the customers are in the same time unit, calls the model's columnar kernel and refuses a non-finite
 * result. A model that does not define a quantity gets a `ClvValidationError` naming it.
 */
import { ClvError, type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { unreadableInput } from '../schemas/parse.js';
import { type TimeUnit, timeUnitRule } from '../transactions/calendar.js';
import { type CustomerColumns, type CustomersInput, customerColumns } from './data/customers.js';
import { type SpendInput, spendColumns } from './gammaGamma.js';
import type { ModelKernels, ModelParams, ModelSpec } from './model.js';
import { MODELS } from './registry.js';
import {
  type CumulativePurchases,
  expectedCumulativePurchases as trackingCurve,
} from './tracking/expectedCumulativePurchases.js';

export type { ModelParams } from './model.js';

/** Anything with a model id and parameters: a `Fit`, a fit read back with `fitFromJson`, or `fitFromParams`. */
export interface FitLike {
  readonly model: string;
  readonly params: ModelParams;
  /** The unit of the data the parameters were fitted on, when known; customers in another unit are refused. */
  readonly timeUnit?: TimeUnit | undefined;
}

/** The verbs a transaction model may define (the keys of `ModelKernels`). */
export type TransactionVerb = keyof ModelKernels;

const listOf = (specs: readonly ModelSpec[]) => specs.map((m) => `${m.model} (${m.label})`).join(', ');

/**
 * Validates a fit's model and parameters against the registry (every parameter of the model present, finite and
 * > 0; no others) and returns its model record. `verb`, when given, must be defined by the model.
 *
 * @example modelOfFit({ model: 'betaGeo', params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } }, 'probabilityAlive', 'probabilityAlive').label // 'BG/NBD'
 */
export function modelOfFit(fit: FitLike, where: string, verb?: TransactionVerb | 'expectedSpend'): ModelSpec {
  try {
    return checkedModelOfFit(fit, where, verb);
  } catch (e) {
    if (e instanceof ClvError) throw e;
    // A Proxy trap or a getter that throws while the fit is read: the input's fault, said as such.
    throw unreadableInput(where, 'fit', e);
  }
}

function checkedModelOfFit(fit: FitLike, where: string, verb?: TransactionVerb | 'expectedSpend'): ModelSpec {
  if (fit === null || typeof fit !== 'object')
    throw new ClvValidationError(where, [makeIssue('fit', 'a fitted model (a fit or fitFromParams)', fit)]);
  const spec = MODELS.find((m) => m.model === fit.model);
  const supports = (m: ModelSpec) =>
    verb === undefined ||
    (verb === 'expectedSpend' ? m.spendKernels !== undefined : m.kernels[verb] !== undefined);
  if (spec === undefined || !supports(spec)) {
    const able = MODELS.filter(supports);
    const what = verb === undefined ? 'a model of the library' : `a model that defines ${verb}`;
    throw new ClvValidationError(where, [
      makeIssue(
        'fit.model',
        `${what}: ${listOf(able)}`,
        spec === undefined ? fit.model : `${spec.model} (${spec.label})`,
      ),
    ]);
  }
  const issues: ClvIssue[] = [];
  const params = fit.params as Readonly<Record<string, unknown>> | null;
  if (params === null || typeof params !== 'object')
    issues.push(makeIssue('fit.params', 'an object', params));
  else {
    for (const name of spec.paramNames) {
      const v = params[name];
      if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
        issues.push(makeIssue(`fit.params.${name}`, 'a finite number greater than 0', v));
    }
    for (const name of Object.keys(params))
      if (!spec.paramNames.includes(name))
        issues.push(makeIssue(`fit.params.${name}`, `only ${spec.paramNames.join(', ')}`, params[name]));
  }
  if (fit.timeUnit !== undefined && timeUnitRule.convert(fit.timeUnit) === undefined)
    issues.push(makeIssue('fit.timeUnit', timeUnitRule.expected, fit.timeUnit));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return spec;
}

const timeRule = numberRule({ min: 0 });
const wholeTimeRule = numberRule({ min: 0 }, true);
/** A purchase count n: a whole number up to a million (the BG family PMF costs O(n)). */
const countRule = numberRule({ min: 0, max: 1_000_000 }, true);
const bucketRule = numberRule({ min: 1, max: 10_000 }, true);
const rateRule = numberRule({ min: 0, minExclusive: true });

function check<T>(
  where: string,
  name: string,
  rule: { expected: string; convert(v: unknown): T | undefined },
  value: unknown,
): T {
  const v = rule.convert(value);
  if (v === undefined) throw new ClvValidationError(where, [makeIssue(name, rule.expected, value)]);
  return v;
}

/** A horizon t: any time ≥ 0 for continuous models, whole periods for discrete and contractual ones. */
export function horizon(spec: ModelSpec, where: string, t: unknown, name = 't'): number {
  return spec.dataKind === 'continuous'
    ? check(where, name, timeRule, t)
    : check(
        where,
        name,
        { ...wholeTimeRule, expected: `whole ${spec.label} periods (${wholeTimeRule.expected})` },
        t,
      );
}

/**
 * Validates customers for a model: the shared rules (x whole ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 when x = 0), whole
 * numbers for discrete and contractual models (x ≤ t_x for BG/BB, x ≤ T for the sBG), and the time unit: a fit
 * and customers that both name one must name the same.
 */
export function customersFor(
  spec: ModelSpec,
  fit: FitLike,
  input: CustomersInput,
  where: string,
): CustomerColumns {
  const c = customerColumns(input, where);
  const rows = Array.isArray(input);
  const path = (field: string, i: number) => (rows ? `customers[${i}].${field}` : `${field}[${i}]`);
  const fitUnit = fit.timeUnit === undefined ? undefined : timeUnitRule.convert(fit.timeUnit);
  if (fitUnit !== undefined && c.timeUnit !== undefined && fitUnit !== c.timeUnit)
    throw new ClvValidationError(where, [
      makeIssue(
        'customers.timeUnit',
        `the fit's unit, '${fitUnit}' (convert the customers or refit)`,
        c.timeUnit,
      ),
    ]);
  if (spec.dataKind === 'discrete' || spec.dataKind === 'contractual') {
    const issues: ClvIssue[] = [];
    for (let i = 0; i < c.T.length && issues.length < 100; i++) {
      const x = c.frequency[i] as number;
      const tx = c.recency[i] as number;
      const n = c.T[i] as number;
      if (!Number.isInteger(n)) issues.push(makeIssue(path('T', i), `whole ${spec.label} periods`, n, i));
      else if (!Number.isInteger(tx)) issues.push(makeIssue(path('recency', i), `a whole period`, tx, i));
      else if (spec.dataKind === 'discrete' && x > tx)
        issues.push(
          makeIssue(path('frequency', i), `at most recency (${tx}): one purchase per period`, x, i),
        );
      else if (spec.dataKind === 'contractual' && x > n)
        issues.push(makeIssue(path('frequency', i), `renewals at most T (${n})`, x, i));
    }
    if (issues.length > 0) throw new ClvValidationError(where, issues);
  }
  return c;
}

/** Fails loudly rather than return a non-finite prediction. */
function finite(where: string, values: Float64Array): Float64Array {
  const issues: ClvIssue[] = [];
  for (let i = 0; i < values.length && issues.length < 100; i++)
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

function finiteNumber(where: string, v: number): number {
  return finite(where, Float64Array.of(v))[0] as number;
}

/**
 * The probability that each customer is still alive at the end of observation, P(alive | x, t_x, T): BG/NBD
 * (Fader, Hardie & Lee 2005), MBG/NBD (Batislam et al. 2007), Pareto/NBD (Fader & Hardie 2005 eq. 18), BG/BB at
 * opportunity n + 1 (Fader, Hardie & Berger 2010 eq. 11), sBG after the next renewal decision ((β+T)/(α+β+T)
 * for an active customer, 0 after churn).
 *
 * @example probabilityAlive(fit, { frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] }) // Float64Array [0.75…, 1]
 */
export function probabilityAlive(fit: FitLike, customers: CustomersInput): Float64Array {
  const where = 'probabilityAlive';
  const spec = modelOfFit(fit, where, 'probabilityAlive');
  const c = customersFor(spec, fit, customers, where);
  return finite(where, spec.kernels.probabilityAlive?.(fit.params, c) as Float64Array);
}

/**
 * Conditional expected purchases of each customer in the next t time units, E[Y(t) | x, t_x, T] (BG/NBD: FHL
 * 2005 eq. 10; Pareto/NBD: Fader & Hardie 2005 eq. 22; BG/BB: FHB 2010 eq. 13 in t future opportunities; sBG:
 * renewals in t decisions). Non-decreasing in t, 0 at t = 0.
 *
 * @example expectedPurchases(fit, 39, cdnow) // expected purchases in the 39-week holdout, per customer
 */
export function expectedPurchases(fit: FitLike, t: number, customers: CustomersInput): Float64Array {
  const where = 'expectedPurchases';
  const spec = modelOfFit(fit, where, 'expectedPurchases');
  const time = horizon(spec, where, t);
  const c = customersFor(spec, fit, customers, where);
  return finite(where, spec.kernels.expectedPurchases?.(fit.params, time, c) as Float64Array);
}

/**
 * Expected repeat purchases of a newly acquired customer in (0, t], E[X(t)] (BG/NBD: FHL 2005 eq. 9; Pareto/NBD:
 * Fader & Hardie 2005 eq. 17; BG/BB: FHB 2010 eq. 8 over t opportunities; sBG: Σ_{k≤t} S(k)).
 *
 * @example expectedPurchasesNewCustomer(fit, 78) // CDNOW BG/NBD: ≈ 1.2 per customer over 78 weeks
 */
export function expectedPurchasesNewCustomer(fit: FitLike, t: number): number {
  const where = 'expectedPurchasesNewCustomer';
  const spec = modelOfFit(fit, where, 'expectedPurchasesNewCustomer');
  const time = horizon(spec, where, t);
  return finiteNumber(where, spec.kernels.expectedPurchasesNewCustomer?.(fit.params, time) as number);
}

/**
 * P(X(t) = n): the probability that a new customer makes exactly n repeat purchases in (0, t] (BG/NBD: FHL 2005
 * eq. 8; Pareto/NBD: Fader & Hardie 2006; BG/BB: FHB 2010 eq. 7).
 *
 * @example probabilityOfPurchases(fit, 0, 39) // share of new customers with no repeat purchase in 39 weeks
 */
export function probabilityOfPurchases(fit: FitLike, n: number, t: number): number {
  const where = 'probabilityOfPurchases';
  const spec = modelOfFit(fit, where, 'probabilityOfPurchases');
  const count = check(where, 'n', countRule, n);
  const time = horizon(spec, where, t);
  return finiteNumber(where, spec.kernels.probabilityOfPurchases?.(fit.params, count, time) as number);
}

/**
 * P(X(T, T+t] = n | x, t_x, T): the probability that each existing customer makes exactly n purchases in the
 * next t time units (Pareto/NBD: Fader & Hardie 2006, "Deriving the conditional PMF of the Pareto/NBD model";
 * BG/NBD: its analogue, Fader, Hardie & Lee; BG/BB and sBG in whole periods). Sums to 1 over n.
 *
 * @example conditionalProbabilityOfPurchases(fit, 0, 39, cdnow) // P(no purchase in the 39-week holdout), per customer
 */
export function conditionalProbabilityOfPurchases(
  fit: FitLike,
  n: number,
  t: number,
  customers: CustomersInput,
): Float64Array {
  const where = 'conditionalProbabilityOfPurchases';
  const spec = modelOfFit(fit, where, 'conditionalProbabilityOfPurchases');
  const count = check(where, 'n', countRule, n);
  const time = horizon(spec, where, t);
  const c = customersFor(spec, fit, customers, where);
  return finite(
    where,
    spec.kernels.conditionalProbabilityOfPurchases?.(fit.params, count, time, c) as Float64Array,
  );
}

/**
 * Discounted expected residual purchases (DERT) of each customer: Σ over all future purchases of their
 * discount factor, with `discountRate` per time unit of the data (per period for BG/BB and the sBG), e.g. 0.0018
 * per week for 10 % a year. Continuous-time models discount continuously at δ = ln(1 + discountRate) (Pareto/NBD:
 * Fader, Hardie & Lee 2005 JMR eq. 2; BG/NBD: docs/models/dert-bgnbd.md); BG/BB per period (Fader, Hardie &
 * Berger 2010 eq. 14); sBG: residual renewals, DERL/(1+d) (Fader & Hardie 2010). Multiply by the expected margin
 * per purchase for the residual CLV.
 *
 * @example discountedExpectedResidualPurchases(fit, 0.0018, cdnow) // per customer, in purchases
 */
export function discountedExpectedResidualPurchases(
  fit: FitLike,
  discountRate: number,
  customers: CustomersInput,
): Float64Array {
  const where = 'discountedExpectedResidualPurchases';
  const spec = modelOfFit(fit, where, 'discountedExpectedResidualPurchases');
  const rate = check(where, 'discountRate', rateRule, discountRate);
  const c = customersFor(spec, fit, customers, where);
  return finite(
    where,
    spec.kernels.discountedExpectedResidualPurchases?.(fit.params, rate, c) as Float64Array,
  );
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

function column(
  where: string,
  name: string,
  rule: typeof timeRule,
  value: unknown,
  length?: number,
): Float64Array {
  if (
    !(typeof value === 'object' && value !== null && typeof (value as ArrayLike<number>).length === 'number')
  )
    throw new ClvValidationError(where, [makeIssue(name, 'an array of numbers', value)]);
  const v = value as ArrayLike<unknown>;
  if (length !== undefined && v.length !== length)
    throw new ClvValidationError(where, [makeIssue(name, `${length} entries, one per customer`, v.length)]);
  const out = new Float64Array(v.length);
  const issues: ClvIssue[] = [];
  for (let i = 0; i < v.length; i++) {
    const x = rule.convert(v[i]);
    if (x === undefined) {
      if (issues.length < 100) issues.push(makeIssue(`${name}[${i}]`, rule.expected, v[i], i));
    } else out[i] = x;
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return out;
}

/**
 * The expected cumulative and incremental repeat purchases of a cohort over calendar time — the "tracking" chart
 * of Fader, Hardie & Lee (2005, Figure 3), BTYD's `*.ExpectedCumulativeTransactions`, lifetimes'
 * `expected_cumulative_transactions` — for every transaction model:
 *
 *   C(τ_j) = Σ_{i: s_i ≤ τ_j} w_i E[X(τ_j − s_i)],   incremental I(τ_j) = C(τ_j) − C(τ_{j−1}),
 *
 * with E[X(t)] the model's new-customer expectation and s_i customer i's acquisition time. Customers are grouped
 * by acquisition time, so a million customers acquired over 12 weeks of days cost 84 × (times) evaluations.
 *
 * @example expectedCumulativePurchases(fit, { ages: cdnow.T, times: weeks1to78 }).cumulative[77] // expected repeat purchases by week 78
 */
export function expectedCumulativePurchases(fit: FitLike, input: TrackingInput): CumulativePurchases {
  const where = 'expectedCumulativePurchases';
  const spec = modelOfFit(fit, where, 'expectedPurchasesNewCustomer');
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [makeIssue('input', '{ firstPurchaseTimes | ages, times }', input)]);
  if ((input.firstPurchaseTimes === undefined) === (input.ages === undefined))
    throw new ClvValidationError(where, [
      makeIssue('firstPurchaseTimes', 'exactly one of firstPurchaseTimes and ages', 'both or neither'),
    ]);
  const times = column(where, 'times', timeRule, input.times);
  let starts: Float64Array;
  if (input.ages !== undefined) {
    const ages = column(where, 'ages', timeRule, input.ages);
    let oldest = 0;
    for (let i = 0; i < ages.length; i++) oldest = Math.max(oldest, ages[i] as number);
    starts = ages.map((age) => oldest - age);
  } else starts = column(where, 'firstPurchaseTimes', finiteRule, input.firstPurchaseTimes);
  const weights =
    input.weights === undefined
      ? undefined
      : column(where, 'weights', timeRule, input.weights, starts.length);
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

/**
 * Each customer's log-likelihood ln L_i under the fit (weights ignored: their weighted sum is the fit's
 * log-likelihood). Transaction models take customers `{ frequency, recency, T }`; Gamma-Gamma takes repeat
 * customers `{ frequency, monetaryValue }`.
 *
 * @example customerLogLikelihood(fit, cdnow).reduce((a, b) => a + b) // ≈ fit.logLikelihood
 */
export function customerLogLikelihood(fit: FitLike, customers: CustomersInput | SpendInput): Float64Array {
  const where = 'customerLogLikelihood';
  const spec = modelOfFit(fit, where);
  if (spec.spendKernels !== undefined)
    return finite(
      where,
      spec.spendKernels.customerLogLikelihood(fit.params, spendColumns(customers as SpendInput, where, true)),
    );
  const kernel = modelOfFit(fit, where, 'customerLogLikelihood').kernels.customerLogLikelihood;
  const c = customersFor(spec, fit, customers as CustomersInput, where);
  return finite(where, kernel?.(fit.params, c) as Float64Array);
}

/**
 * Expected number of customers with 0, 1, …, maxCount − 1 repeat purchases in their calibration period, and
 * (last entry) with maxCount or more: Σ_i w_i P(X(T_i) = k). With `observedRepeatCountDistribution`, the
 * model-fit chart of Fader, Hardie & Lee (2005, Figure 2). Length maxCount + 1. One probability vector per
 * distinct T.
 *
 * @example expectedRepeatCountDistribution(fit, cdnow, 7) // [≈1411, ≈439, …] on CDNOW
 */
export function expectedRepeatCountDistribution(
  fit: FitLike,
  customers: CustomersInput,
  maxCount = 7,
): Float64Array {
  const where = 'expectedRepeatCountDistribution';
  const spec = modelOfFit(fit, where, 'probabilityOfPurchases');
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
 * Conditional expected average transaction value of each customer under a spend fit (Gamma-Gamma):
 * E[Z | x, m̄] = p (γ + x m̄) / (p x + q − 1) (Fader, Hardie & Lee 2005 JMR; Fader & Hardie 2013).
 * Customers are `{ frequency, monetaryValue }` (x ≥ 0; m̄ is ignored when x = 0).
 *
 * @example expectedSpend(spendFit, { frequency: [2], monetaryValue: [22.35] }) // between m̄ and the population mean
 */
export function expectedSpend(spendFit: FitLike, customers: SpendInput): Float64Array {
  const where = 'expectedSpend';
  const spec = modelOfFit(spendFit, where, 'expectedSpend');
  const kernels = spec.spendKernels as NonNullable<ModelSpec['spendKernels']>;
  return finite(where, kernels.expectedSpend(spendFit.params, spendColumns(customers, where, false), where));
}
