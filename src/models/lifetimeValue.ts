/**
 * Model-based customer lifetime value: expected purchases per step from a transaction model, times expected
 * spend per purchase from a Gamma-Gamma fit, discounted per step.
 */

import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { Decimal, type DecimalInput } from '../money.js';
import { decimalRule, numberRule } from '../schemas/field.js';
import { guardedRead } from '../schemas/parse.js';
import { DAYS_PER_UNIT, DEFAULT_TIME_UNIT, type TimeUnit, timeUnitRule } from '../transactions/calendar.js';
import type { CustomerColumns } from './data/customers.js';
import { type CustomersInput, customerColumns } from './data/customers.js';
import { groupingPays } from './data/fitCustomers.js';
import { groupCustomers } from './data/groupCustomers.js';
import { type SpendInput, spendColumns } from './gammaGamma.js';
import type { ModelKernels, ModelParams, ModelSpec, SpendKernels } from './model.js';
import { type FitLike, modelOfFit } from './verbInputs.js';

/** Input of `predictCustomerLifetimeValue`. */
export interface LifetimeValueInput {
  /** A fitted transaction model supporting `expectedPurchases` (BG/NBD, MBG/NBD, …). */
  readonly transactionModel: FitLike;
  /** A Gamma-Gamma fit for spend per purchase. */
  readonly spendModel: FitLike;
  /** Customers with frequency, recency, T (in `timeUnit`) and monetaryValue (average spend of repeat purchases). */
  readonly customers: CustomersInput & SpendInput;
  /** Number of steps (default 12: a year of months). */
  readonly horizon?: number;
  /** Discount rate per step (default 0.01). */
  readonly discountRate?: number;
  /** Profit margin: the fraction of spend kept, in (0, 1] (default 1: CLV as revenue). */
  readonly margin?: DecimalInput;
  /**
   * Unit of recency and T. Read from the transaction fit (which records the unit of its data) or the customers
   * when they carry one; given here, it must agree with them. Default 'day' when nothing says. Fixes the
   * default step.
   */
  readonly timeUnit?: TimeUnit | `${TimeUnit}s`;
  /** Step length in the customers' time unit (default one month, 365.25/12 days, in `timeUnit`: 4.348… weeks). */
  readonly step?: number;
}

/**
 * Model CLV per customer. `clv` is money (the library's Decimal, unrounded: round with `roundMoney`), built on
 * first read; `values` holds the same figures as computed (float64) — print them exactly rounded with `moneyText`.
 */
export interface LifetimeValuePrediction {
  readonly clv: readonly Decimal[];
  /** The same values in float64, as computed. */
  readonly values: Float64Array;
  /** Undiscounted expected purchases over the horizon. */
  readonly expectedPurchases: Float64Array;
  /** Expected spend per purchase (Gamma-Gamma). */
  readonly expectedSpend: Float64Array;
  /** The step used, in the customers' time unit. */
  readonly step: number;
  /** The time unit of the customers and the fit (see `LifetimeValueInput.timeUnit`). */
  readonly timeUnit: TimeUnit;
}

const horizonRule = numberRule({ min: 1, max: 100_000 }, true);
const rateRule = numberRule({ min: 0 });
const stepRule = numberRule({ min: 0, minExclusive: true });
const marginRule = decimalRule({ min: 0, minExclusive: true, max: 1 }, 'a fraction');
const ONE = new Decimal(1);

/**
 * `predictCustomerLifetimeValue` (predict.ts, where it is documented) with the fits' models among `models`.
 *
 * @example predictCustomerLifetimeValueWith(SHEET_MODELS, { transactionModel: bgFit, spendModel: ggFit, customers }).clv
 */
export function predictCustomerLifetimeValueWith(
  models: readonly ModelSpec[],
  input: LifetimeValueInput,
): LifetimeValuePrediction {
  return guardedRead('predictCustomerLifetimeValue', 'input', () =>
    predictCustomerLifetimeValueChecked(models, input),
  );
}

function predictCustomerLifetimeValueChecked(
  models: readonly ModelSpec[],
  input: LifetimeValueInput,
): LifetimeValuePrediction {
  const where = 'predictCustomerLifetimeValue';
  const settings = lifetimeValueSettings(models, input, where);
  const { customers, margin, step, timeUnit } = settings;
  const spend = (settings.spendSpec.spendKernels as SpendKernels).expectedSpend(
    input.spendModel.params,
    spendColumns(input.customers as SpendInput, where, false),
    where,
  );

  const n = customers.frequency.length;
  // Customers with the same (x, t_x, T) have the same expected purchases: predict each distinct triple once
  // (a few thousand for weekly summaries of millions) when grouping saves work, and scatter back. Whether it
  // can is judged on a sample first, as for a fit (`groupingPays`): ages from timestamps never group, and
  // hashing ten million of them only to find that out took seconds.
  const grouped = groupingPays(customers) ? groupCustomers(customers) : undefined;
  const fewer = grouped !== undefined && grouped.weights.length < 0.8 * n;
  const { discounted, purchases: cumulative } = discountedPurchases(settings, fewer ? grouped : customers);
  const groupOf = fewer ? grouped.groupOf : undefined;
  const values = new Float64Array(n);
  const purchases = groupOf ? new Float64Array(n) : cumulative;
  const bad = new IssueList();
  for (let i = 0; i < n; i++) {
    const j = groupOf ? (groupOf[i] as number) : i;
    if (groupOf) purchases[i] = cumulative[j] as number;
    const v = (discounted[j] as number) * (spend[i] as number) * margin;
    values[i] = v;
    if (!Number.isFinite(v)) bad.note(`customers[${i}]`, 'a finite CLV under these models', v, i);
  }
  bad.throwIfAny(where);
  // The Decimals are made when first read: a million customers printed with `moneyText` never need them.
  let clv: Decimal[] | undefined;
  return {
    get clv() {
      if (clv === undefined) clv = Array.from(values, (v) => new Decimal(v));
      return clv;
    },
    values,
    expectedPurchases: purchases,
    expectedSpend: spend,
    step,
    timeUnit,
  };
}

/** The validated settings of a model CLV: the two models, the customers, and the horizon, rate, margin and step. */
export interface LifetimeValueSettings extends DiscountingSettings {
  readonly spendSpec: ModelSpec;
}

/** The validated settings of discounting a transaction model's future: all of `LifetimeValueSettings` but spend. */
export interface DiscountingSettings {
  readonly spec: ModelSpec;
  readonly transactionParams: ModelParams;
  readonly customers: CustomerColumns;
  readonly horizon: number;
  readonly discountRate: number;
  /** The margin as a float (validated as a fraction in (0, 1]). */
  readonly margin: number;
  readonly timeUnit: TimeUnit;
  readonly step: number;
}

/**
 * Validates the input of a model CLV once (`predictCustomerLifetimeValue`, `scoreGroups`): defaults, the two
 * models (among `models`), the customers, and one time unit agreed by the fit, the customers and the caller.
 *
 * @example lifetimeValueSettings(MODELS, { transactionModel, spendModel, customers, timeUnit: 'week' }, 'demo').step // 4.348…
 */
export function lifetimeValueSettings(
  models: readonly ModelSpec[],
  input: Omit<LifetimeValueInput, 'customers'> & { readonly customers: CustomersInput },
  where: string,
): LifetimeValueSettings {
  const settings = discountingSettings(models, input, where);
  return { ...settings, spendSpec: modelOfFit(models, input.spendModel, where, 'expectedSpend') };
}

/**
 * The settings of `lifetimeValueSettings` without a spend model (`customerEquity` with a fixed value per
 * purchase, e.g. an sBG contract's payment): defaults, the transaction model, the customers and one time unit.
 * The default step is a month in the time unit for continuous-time models and one period for the discrete and
 * contractual ones (BG/BB, sBG), whose time is counted in periods.
 *
 * @example discountingSettings(MODELS, { transactionModel: sbgFit, customers: active }, 'demo').step // 1
 */
export function discountingSettings(
  models: readonly ModelSpec[],
  input: Omit<LifetimeValueInput, 'customers' | 'spendModel'> & { readonly customers: CustomersInput },
  where: string,
): DiscountingSettings {
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [makeIssue('input', 'an object', input)]);
  const issues = new IssueList();
  const read = <T>(
    name: string,
    rule: { expected: string; convert: (v: unknown) => T | undefined },
    value: unknown,
    fallback: T,
  ): T => {
    if (value === undefined) return fallback;
    const v = rule.convert(value);
    if (v === undefined) {
      issues.note(name, rule.expected, value);
      return fallback;
    }
    return v;
  };
  const horizon = read('horizon', horizonRule, input.horizon, 12);
  const discountRate = read('discountRate', rateRule, input.discountRate, 0.01);
  const given = read<TimeUnit | undefined>('timeUnit', timeUnitRule, input.timeUnit, undefined);
  const margin = read('margin', marginRule, input.margin, ONE).toNumber();
  issues.throwIfAny(where);

  const spec = modelOfFit(models, input.transactionModel, where, 'expectedPurchases');
  const customers = customerColumns(input.customers as CustomersInput, where);
  // One unit: the fit's (the unit of its data), the customers' and the one given must agree.
  const named = [
    ['transactionModel.timeUnit', input.transactionModel.timeUnit],
    ['customers.timeUnit', customers.timeUnit],
    ['timeUnit', given],
  ].filter((e): e is [string, TimeUnit] => e[1] !== undefined);
  const timeUnit: TimeUnit = named[0]?.[1] ?? DEFAULT_TIME_UNIT;
  const clash = named.find((e) => e[1] !== timeUnit);
  if (clash)
    throw new ClvValidationError(where, [
      makeIssue(clash[0], `the unit of ${named[0]?.[0]}, '${timeUnit}'`, clash[1]),
    ]);
  const step = read(
    'step',
    stepRule,
    input.step,
    spec.dataKind === 'continuous' ? DAYS_PER_UNIT.month / DAYS_PER_UNIT[timeUnit] : 1,
  );
  issues.throwIfAny(where);
  return {
    spec,
    transactionParams: input.transactionModel.params,
    customers,
    horizon,
    discountRate,
    margin,
    timeUnit,
    step,
  };
}

/**
 * Per customer (or group), the discounted and the undiscounted expected purchases over the horizon:
 *
 *   discounted_i = Σ_{k=1}^{H} (E[Y_i(k s)] − E[Y_i((k−1) s)]) / (1 + d)^k,   purchases_i = E[Y_i(H s)].
 *
 * @example discountedPurchases(settings, customers).discounted // Float64Array, one per row of `rows`
 */
export function discountedPurchases(
  settings: DiscountingSettings,
  rows: CustomerColumns,
): { readonly discounted: Float64Array; readonly purchases: Float64Array } {
  const predict = settings.spec.kernels.expectedPurchases as NonNullable<ModelKernels['expectedPurchases']>;
  const m = rows.frequency.length;
  const discounted = new Float64Array(m);
  let previous: Float64Array = new Float64Array(m);
  const factors = stepDiscountFactors(settings);
  for (let k = 1; k <= settings.horizon; k++) {
    const cumulative = predict(settings.transactionParams, k * settings.step, rows);
    const discount = factors[k - 1] as number;
    for (let j = 0; j < m; j++)
      discounted[j] =
        (discounted[j] as number) + ((cumulative[j] as number) - (previous[j] as number)) * discount;
    previous = cumulative;
  }
  return { discounted, purchases: previous };
}

/**
 * The discount factor of each step's cash flows, received at the step's end: f_k = 1 / (1 + d)^k, k = 1 … H —
 * the one discounting rule of the model CLV (`discountedPurchases`) and of the simulated CLV and customer equity
 * (src/uncertainty).
 *
 * @example stepDiscountFactors({ discountRate: 0.01, horizon: 2 }) // [1/1.01, 1/1.0201]
 */
export function stepDiscountFactors(settings: {
  readonly discountRate: number;
  readonly horizon: number;
}): Float64Array {
  return Float64Array.from({ length: settings.horizon }, (_, j) => (1 + settings.discountRate) ** -(j + 1));
}
