/**
 * Predictive distributions of money: each customer's revenue over a horizon and discounted CLV, with intervals,
 * and their sums over groups of customers from joint draws.
 */
import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import type { CustomerColumns, CustomersInput } from '../models/data/customers.js';
import { type SpendInput, spendColumns } from '../models/gammaGamma.js';
import {
  discountingSettings,
  type LifetimeValueInput,
  stepDiscountFactors,
} from '../models/lifetimeValue.js';
import type { ModelSpec } from '../models/model.js';
import { customersFor, type FitLike, modelOfFit } from '../models/verbInputs.js';
import type { Decimal } from '../money.js';
import { guardedRead, parseInput } from '../schemas/parse.js';
import type { TimeUnit } from '../transactions/calendar.js';
import {
  DEFAULT_DRAWS,
  DEFAULT_SEED,
  drawOptionShape,
  drawParametersWith,
  type FitWithCovariance,
  type ParameterDraws,
} from './parameterDraws.js';
import type { PredictiveRun } from './predictivePurchases.js';
import { DEFAULT_QUANTILES, quantileLevelsSchema } from './quantiles.js';
import { valueTotals } from './simulateJointValue.js';
import { type PurchaseValuation, simulateValue } from './simulateValue.js';
import {
  checkParameterDraws,
  checkWholeCustomerWeights,
  type GroupLabels,
  groupLabels,
  type MoneyTotal,
  moneyOf,
} from './simulationParts.js';

const isObject = (v: unknown) => typeof v === 'object' && v !== null;

/** The options of the money verbs, checked once (`predictiveLifetimeValue`, `customerEquity`). */
export const valueOptionsSchema = z.strictObject({
  ...drawOptionShape,
  quantiles: z.optional(quantileLevelsSchema),
  parameterDraws: z.optional(
    z.custom<ParameterDraws>(isObject, { message: 'expected parameter draws (drawParameters)' }),
  ),
  spendParameterDraws: z.optional(
    z.custom<ParameterDraws>(isObject, {
      message: 'expected parameter draws of the Gamma-Gamma fit (drawParameters)',
    }),
  ),
  totals: z.optional(z.boolean()),
  groups: z.optional(
    z.custom<ArrayLike<string | number>>(
      (v) => isObject(v) && typeof (v as ArrayLike<unknown>).length === 'number',
      {
        message: 'expected an array of labels, one per customer',
      },
    ),
  ),
});

/** Options of `predictiveLifetimeValue` and `customerEquity`. */
export interface PredictiveValueOptions {
  /** Monte-Carlo draws per customer (default 1,000; with parameter draws, their number). */
  readonly draws?: number;
  /** Seed (a whole number in [0, 2³²); default 1): the same inputs and seed give the same figures everywhere. */
  readonly seed?: number;
  /** Quantile levels to report (default 0.05, 0.5, 0.95). */
  readonly quantiles?: readonly number[];
  /** Draws of the transaction model's parameters (`drawParameters`, `bootstrapParameters`). */
  readonly parameterDraws?: ParameterDraws;
  /** Draws of the Gamma-Gamma parameters (`drawParameters(spendModel)`), with the same number of draws. */
  readonly spendParameterDraws?: ParameterDraws;
  /** A label per customer (segment, cohort …): one sum per distinct label, in order of first appearance. */
  readonly groups?: ArrayLike<string | number>;
  /**
   * `predictiveLifetimeValue` only — false: per-customer figures without the groups' sums (`totals` is then
   * empty), so identical customers (same x, t_x, T, m̄) are drawn once: much faster when many repeat.
   */
  readonly totals?: boolean;
}

/** Per-customer predictive summaries of an amount of money. */
export interface MoneyDistribution {
  /** Predictive mean per customer. */
  readonly mean: Float64Array;
  /** quantiles[j][i]: quantile `quantileLevels[j]` of customer i's amount (one of its draws). */
  readonly quantiles: readonly Float64Array[];
  /** The same as money (Decimal rounded half-up to the cent), built on first read. */
  readonly money: { readonly mean: readonly Decimal[]; readonly quantiles: readonly (readonly Decimal[])[] };
}

/** A group's sums: the revenue over the horizon and the discounted value, each from joint draws. */
export interface ValueTotal {
  readonly group: string;
  readonly customers: number;
  readonly revenue: MoneyTotal;
  readonly clv: MoneyTotal;
}

/** What a money run was: the predictive run, and the discounting of the point CLV it used. */
export interface ValueRun extends PredictiveRun {
  /** Number of steps. */
  readonly horizon: number;
  /** Step length in the time unit. */
  readonly step: number;
  readonly timeUnit: TimeUnit;
  readonly discountRate: number;
  readonly margin: number;
}

/** The result of `predictiveLifetimeValue`, per customer in input order, and per group. */
export interface PredictiveValue extends ValueRun {
  /** Undiscounted revenue in the horizon (spend, before the margin). */
  readonly revenue: MoneyDistribution;
  /** Discounted value × margin: the CLV, whose mean is `predictCustomerLifetimeValue`'s within MC error. */
  readonly clv: MoneyDistribution;
  /** P(no purchase in the horizon) per customer. */
  readonly probabilityNone: Float64Array;
  /** Purchases in the horizon per customer, from the same draws: mean and quantiles (whole numbers). */
  readonly purchases: { readonly mean: Float64Array; readonly quantiles: readonly Float64Array[] };
  /** One sum per group ('all' without `groups`); empty with `options.totals` false. */
  readonly totals: readonly ValueTotal[];
}

/** Per-customer summaries, with their Decimals made on first read (a million customers rarely need them). */
export function moneyDistribution(mean: Float64Array, quantiles: readonly Float64Array[]): MoneyDistribution {
  let money: MoneyDistribution['money'] | undefined;
  return Object.freeze({
    mean,
    quantiles: Object.freeze([...quantiles]),
    get money() {
      if (money === undefined)
        money = Object.freeze({
          mean: Object.freeze(Array.from(mean, moneyOf)),
          quantiles: Object.freeze(quantiles.map((q) => Object.freeze(Array.from(q, moneyOf)))),
        });
      return money;
    },
  });
}

/** The checked options and run settings the money verbs share. */
export interface ValueSetup {
  readonly spec: ReturnType<typeof modelOfFit>;
  readonly customers: CustomerColumns;
  readonly weights: Float64Array | undefined;
  readonly settings: ReturnType<typeof discountingSettings>;
  readonly factors: Float64Array;
  readonly parameterDraws: ParameterDraws | undefined;
  readonly spendParameterDraws: ParameterDraws | undefined;
  readonly labels: GroupLabels | undefined;
  readonly draws: number;
  readonly seed: number;
  readonly levels: readonly number[];
  readonly totals: boolean;
}

/** Validates the input and options of a money verb: discounting, customers, draws, groups. */
export function valueSetup(
  models: readonly ModelSpec[],
  where: string,
  input: Omit<LifetimeValueInput, 'customers' | 'spendModel'> & { readonly customers: CustomersInput },
  options: PredictiveValueOptions,
): ValueSetup {
  const opts = parseInput(valueOptionsSchema, options ?? {}, where) as PredictiveValueOptions;
  const spec = modelOfFit(models, input.transactionModel, where, 'futurePurchasePathSampler');
  const settings = discountingSettings(models, input, where);
  const customers = customersFor(spec, input.transactionModel, input.customers, where);
  const n = customers.frequency.length;
  const weights = customers.weights;
  checkWholeCustomerWeights(where, weights);
  const params = opts.parameterDraws;
  if (params !== undefined) checkParameterDraws(where, params, spec.model, spec.paramNames);
  const D = params?.draws ?? opts.draws ?? DEFAULT_DRAWS;
  if (params !== undefined && opts.draws !== undefined && opts.draws !== D)
    throw new ClvValidationError(where, [
      makeIssue('options.draws', `the number of parameter draws (${D}) or nothing`, opts.draws),
    ]);
  const spendDraws = opts.spendParameterDraws;
  if (spendDraws !== undefined && spendDraws.draws !== D)
    throw new ClvValidationError(where, [
      makeIssue('options.spendParameterDraws.draws', `${D}, the number of draws`, spendDraws.draws),
    ]);
  const labels = opts.groups === undefined ? undefined : groupLabels(where, opts.groups);
  if (labels !== undefined && labels.index.length !== n)
    throw new ClvValidationError(where, [
      makeIssue('options.groups', `${n} labels, one per customer`, labels.index.length),
    ]);
  return {
    spec,
    customers,
    weights,
    settings,
    factors: stepDiscountFactors(settings),
    parameterDraws: params,
    spendParameterDraws: spendDraws,
    labels,
    draws: D,
    seed: opts.seed ?? DEFAULT_SEED,
    levels: opts.quantiles ?? DEFAULT_QUANTILES,
    totals: opts.totals ?? true,
  };
}

/** Gamma-Gamma valuation of rows: the spend fit's parameters and each row's x and x · m̄ (checked). */
export function gammaGammaValuation(
  models: readonly ModelSpec[],
  where: string,
  spendModel: FitLike,
  spend: SpendInput,
  spendParameterDraws: ParameterDraws | undefined,
): PurchaseValuation & { kind: 'gammaGamma' } {
  const spec = modelOfFit(models, spendModel, where, 'expectedSpend');
  if (spendParameterDraws !== undefined)
    checkParameterDraws(
      where,
      spendParameterDraws,
      spec.model,
      spec.paramNames,
      'options.spendParameterDraws',
    );
  const { frequency, monetaryValue } = spendColumns(spend, where, false);
  const spent = new Float64Array(frequency.length);
  for (let i = 0; i < spent.length; i++) {
    const x = frequency[i] as number;
    spent[i] = x > 0 ? x * (monetaryValue[i] as number) : 0;
  }
  const [p, q, gamma] = spec.paramNames.map((name) => spendModel.params[name] as number) as [
    number,
    number,
    number,
  ];
  return { kind: 'gammaGamma', params: [p, q, gamma], draws: spendParameterDraws, frequency, spent };
}

/** The run description of a money verb. */
export function valueRun(setup: ValueSetup): ValueRun {
  const s = setup.settings;
  return {
    model: setup.spec.model,
    t: s.horizon * s.step,
    draws: setup.draws,
    seed: setup.seed,
    parameterUncertainty: setup.parameterDraws !== undefined,
    quantileLevels: Object.freeze([...setup.levels]),
    horizon: s.horizon,
    step: s.step,
    timeUnit: s.timeUnit,
    discountRate: s.discountRate,
    margin: s.margin,
  };
}

/**
 * `predictiveLifetimeValue` (libraryVerbs.ts, where it is documented) with the fits' models among `models`.
 *
 * @example predictiveLifetimeValueWith(SHEET_MODELS, { transactionModel: bg, spendModel: gg, customers }, { seed: 1 }).clv.mean
 */
export function predictiveLifetimeValueWith(
  models: readonly ModelSpec[],
  input: LifetimeValueInput,
  options: PredictiveValueOptions = {},
): PredictiveValue {
  return guardedRead('predictiveLifetimeValue', 'input', () =>
    predictiveLifetimeValueChecked(models, input, options),
  );
}

function predictiveLifetimeValueChecked(
  models: readonly ModelSpec[],
  input: LifetimeValueInput,
  options: PredictiveValueOptions,
): PredictiveValue {
  const where = 'predictiveLifetimeValue';
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [makeIssue('input', 'an object', input)]);
  const setup = valueSetup(models, where, input, options);
  const valuation = gammaGammaValuation(
    models,
    where,
    input.spendModel,
    input.customers as SpendInput,
    setup.spendParameterDraws,
  );
  if (valuation.frequency.length !== setup.customers.frequency.length)
    throw new ClvValidationError(where, [
      makeIssue(
        'customers.monetaryValue',
        `${setup.customers.frequency.length} values`,
        valuation.frequency.length,
      ),
    ]);
  const s = setup.settings;
  const e = simulateValue({
    spec: setup.spec,
    params: input.transactionModel.params,
    parameterDraws: setup.parameterDraws,
    customers: setup.customers,
    weights: setup.weights,
    offsets: undefined,
    horizon: s.horizon,
    step: s.step,
    factors: setup.factors,
    margin: s.margin,
    valuation,
    labels: setup.labels,
    draws: setup.draws,
    seed: setup.seed,
    levels: setup.levels,
    totals: setup.totals,
  });
  return Object.freeze({
    ...valueRun(setup),
    revenue: moneyDistribution(e.revenueMean, e.revenueQuantiles),
    clv: moneyDistribution(e.clvMean, e.clvQuantiles),
    probabilityNone: e.probabilityNone,
    purchases: Object.freeze({
      mean: e.purchasesMean,
      quantiles: Object.freeze([...e.purchasesQuantiles]),
    }),
    totals: Object.freeze(
      setup.totals ? valueTotals(e, setup.labels?.names ?? ['all'], setup.draws, setup.levels) : [],
    ),
  });
}

/** Seed of the spend fit's parameter draws, derived from the run's seed so the two fits' draws are independent. */
export const spendDrawSeed = (seed: number): number => (seed ^ 0x9e3779b9) >>> 0;

/**
 * `predictiveLifetimeValue` with the parameter uncertainty the fits themselves carry: the draws of each fit
 * that has a covariance (`drawParameters`, the transaction fit's with `seed`, the spend fit's with
 * `spendDrawSeed(seed)`), the fit's estimates otherwise. The one recipe of the CLI's `--interval` and the
 * spreadsheet's CLV_PREDICT_INTERVAL, with the fits' models among `models` (MODELS, or SHEET_MODELS).
 *
 * @example predictiveLifetimeValueOfFits(MODELS, { transactionModel: bg, spendModel: gg, customers }, { draws: 1000, seed: 1, quantiles: [0.05, 0.95] })
 */
export function predictiveLifetimeValueOfFits(
  models: readonly ModelSpec[],
  input: LifetimeValueInput,
  options: {
    readonly draws: number;
    readonly seed: number;
    readonly quantiles: readonly number[];
    readonly totals?: boolean;
    /**
     * The transaction fit's parameter draws when the caller made them (e.g. `drawParameters` with its bootstrap
     * fallback), instead of drawing them here from the fit's covariance.
     */
    readonly transactionDraws?: ParameterDraws;
    /** The spend fit's parameter draws when the caller made them, likewise (seeded by `spendDrawSeed`). */
    readonly spendDraws?: ParameterDraws;
  },
): PredictiveValue {
  const { draws, seed, quantiles, totals, transactionDraws, spendDraws } = options;
  const covariant = (fit: FitLike) =>
    fit !== null && typeof fit === 'object' && (fit as FitWithCovariance).covariance !== undefined
      ? (fit as FitWithCovariance)
      : undefined;
  const transaction = covariant(input.transactionModel);
  const spend = covariant(input.spendModel);
  return predictiveLifetimeValueWith(models, input, {
    seed,
    quantiles,
    ...(totals === undefined ? {} : { totals }),
    ...(transactionDraws
      ? { parameterDraws: transactionDraws }
      : transaction
        ? { parameterDraws: drawParametersWith(models, transaction, { draws, seed }) }
        : { draws }),
    ...(spendDraws
      ? { spendParameterDraws: spendDraws }
      : spend
        ? { spendParameterDraws: drawParametersWith(models, spend, { draws, seed: spendDrawSeed(seed) }) }
        : {}),
  });
}
