/**
 * Predictive distributions of future purchases, per customer and summed over groups of customers, for every
 * transaction model of the registry that has a `futurePurchaseSampler` kernel (BG/NBD, MBG/NBD, Pareto/NBD,
 * BG/BB, sBG). One Monte-Carlo engine, written once:
 *
 * - draw d (d = 1 … D) of every customer comes from the model's posterior predictive sampler — the customer's
 *   alive state and latent rates given (x, t_x, T), then the future, so process noise is included — under the
 *   fit's parameters, or under row d of a `ParameterDraws` matrix when parameter uncertainty is asked for;
 * - customers are independent given the parameters, so draw d of a group's total is the sum of its customers'
 *   draws d: the total's interval comes from these joint draws (it is much narrower than the sum of the
 *   customers' quantiles), and with parameter draws it carries their common uncertainty too;
 * - identical customers (same x, t_x, T) share their posterior work and their summary (their draws are pooled),
 *   each still contributing its own independent draws to the totals; a row with weight w stands for w customers
 *   (w × D draws; a row of weight 0 gets D draws for its summary and none in the totals). So the total's mean is
 *   exactly Σ_i w_i mean_i.
 *
 * Columnar and streaming: memory is O(customers + D · groups); no customers × draws matrix is stored.
 */

import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import type { NumericColumn } from '../models/data/columns.js';
import type { CustomersInput } from '../models/data/customers.js';
import { groupCustomers } from '../models/data/groupCustomers.js';
import { spendColumns } from '../models/gammaGamma.js';
import type { FuturePurchaseSampler } from '../models/model.js';
import { MODELS } from '../models/registry.js';
import { customersFor, type FitLike, horizon, modelOfFit } from '../models/verbInputs.js';
import { guardedRead, parseInput } from '../schemas/parse.js';
import { histogramHolding } from './countHistogram.js';
import { DEFAULT_DRAWS, DEFAULT_SEED, drawOptionShape, type ParameterDraws } from './parameterDraws.js';
import { DEFAULT_QUANTILES, histogramQuantile, quantileLevelsSchema } from './quantiles.js';
import {
  checkParameterDraws,
  checkWholeCustomerWeights,
  forEachSamplerBlock,
  groupLabels,
  type MoneyTotal,
  moneySummary,
  type PredictiveTotal,
  purchaseStream,
  rowsByGroup,
  spendStream,
  summarise,
} from './simulationParts.js';

export type { MoneyTotal, PredictiveTotal } from './simulationParts.js';

/** Options of `predictivePurchases` and `aggregatePredictive`. */
export interface PredictiveOptions {
  /** Monte-Carlo draws per customer (default 1,000; with `parameterDraws`, its number of draws). */
  readonly draws?: number;
  /** Seed (a whole number in [0, 2³²); default 1): the same inputs and seed give the same figures everywhere. */
  readonly seed?: number;
  /** Quantile levels to report (default 0.05, 0.5, 0.95: a central 90 % interval and the median). */
  readonly quantiles?: readonly number[];
  /**
   * Parameter draws (`drawParameters`) of the same model: draw d of every customer then uses parameter row d,
   * so the intervals include the estimation uncertainty of the parameters. Without it the fit's estimates are
   * taken as known (process noise and the customers' latent heterogeneity only).
   */
  readonly parameterDraws?: ParameterDraws;
  /**
   * The purchases each customer actually made in (T, T + t] (whole numbers), e.g. a holdout period: the result
   * then carries each customer's predictive CDF at the observed count (`pit`), for `predictiveCoverage`.
   */
  readonly observed?: ArrayLike<number>;
}

/** The predictive CDF at each customer's observed count y: F(y − 1) and F(y) (a randomized PIT's range). */
export interface ObservedPit {
  /** F(y − 1) = P(Y < y), 0 for y = 0. */
  readonly below: Float64Array;
  /** F(y) = P(Y ≤ y). */
  readonly at: Float64Array;
}

/** What a predictive run was: the model, horizon, draws, seed and quantile levels. */
export interface PredictiveRun {
  readonly model: string;
  /** Horizon, in the fit's time unit (opportunities / decisions for BG/BB / sBG). */
  readonly t: number;
  readonly draws: number;
  readonly seed: number;
  /** True when the draws mix over parameter draws. */
  readonly parameterUncertainty: boolean;
  readonly quantileLevels: readonly number[];
}

/** Per-customer predictive summaries of purchases in (T, T + t], in the order of the input customers. */
export interface PredictivePurchases extends PredictiveRun {
  /** Predictive mean per customer (≈ `expectedPurchases` within Monte-Carlo error). */
  readonly mean: Float64Array;
  /** quantiles[j][i]: quantile `quantileLevels[j]` of customer i's purchases, a whole number. */
  readonly quantiles: readonly Float64Array[];
  /** P(no purchase in (T, T + t]) per customer, the share of draws equal to 0. */
  readonly probabilityNone: Float64Array;
  /** The sum over all customers. */
  readonly total: PredictiveTotal;
  /** With `observed`: the predictive CDF at each customer's observed count. */
  readonly pit?: ObservedPit;
}

const OptionsSchema = z.strictObject({
  ...drawOptionShape,
  quantiles: z.optional(quantileLevelsSchema),
  observed: z.optional(
    z.custom<ArrayLike<number>>(
      (v) => typeof v === 'object' && v !== null && typeof (v as ArrayLike<number>).length === 'number',
      {
        message: 'expected an array of whole numbers ≥ 0, one per customer',
      },
    ),
  ),
  parameterDraws: z.optional(
    z.custom<ParameterDraws>((v) => typeof v === 'object' && v !== null, {
      message: 'expected parameter draws (drawParameters)',
    }),
  ),
});

interface Engine extends PredictiveRun {
  readonly mean: Float64Array;
  readonly quantiles: readonly Float64Array[];
  readonly probabilityNone: Float64Array;
  /** totals[g · D + d]: draw d of group g's total. */
  readonly totals: Float64Array;
  readonly groupSizes: Float64Array;
  readonly pit: ObservedPit | undefined;
  /** With a spend model: revenueTotals[g · D + d], draw d of group g's revenue. */
  readonly revenueTotals: Float64Array | undefined;
}

/** Per-row Gamma-Gamma posterior of the spend rate ν ~ Gamma(shape_i, rate_i), and the spend shape p. */
interface SpendPosterior {
  readonly p: number;
  readonly shape: Float64Array;
  readonly rate: Float64Array;
}

/** The shared Monte-Carlo engine; `labels[i]` is customer i's group for the totals (all 0 without groups). */
function simulate(
  where: string,
  fit: FitLike,
  t: number,
  customers: CustomersInput,
  options: PredictiveOptions,
  labels: { readonly index: Uint32Array; readonly count: number } | undefined,
  spend?: SpendOption,
): Engine {
  const spec = modelOfFit(MODELS, fit, where, 'futurePurchaseSampler');
  const opts = parseInput(OptionsSchema, options ?? {}, where) as PredictiveOptions;
  const time = horizon(spec, where, t);
  const c = customersFor(spec, fit, customers, where);
  const n = c.frequency.length;
  if (labels !== undefined && labels.index.length !== n)
    throw new ClvValidationError(where, [
      makeIssue('options.groups', `${n} labels, one per customer`, labels.index.length),
    ]);
  const observed = opts.observed === undefined ? undefined : observedCounts(where, opts.observed, n);
  const below = observed && new Float64Array(n);
  const at = observed && new Float64Array(n);
  const posterior = spend === undefined ? undefined : spendPosterior(where, spend, c.frequency);
  const weights = c.weights;
  checkWholeCustomerWeights(where, weights);
  const params = opts.parameterDraws;
  if (params !== undefined) {
    checkParameterDraws(where, params, spec.model, spec.paramNames);
    if (opts.draws !== undefined && opts.draws !== params.draws)
      throw new ClvValidationError(where, [
        makeIssue('options.draws', `the number of parameter draws (${params.draws}) or nothing`, opts.draws),
      ]);
  }
  const D = params?.draws ?? opts.draws ?? DEFAULT_DRAWS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const levels = opts.quantiles ?? DEFAULT_QUANTILES;
  const kernel = spec.kernels.futurePurchaseSampler as NonNullable<typeof spec.kernels.futurePurchaseSampler>;

  // Distinct customers, and the input rows of each (CSR).
  const grouped = groupCustomers({ frequency: c.frequency, recency: c.recency, T: c.T, weights: undefined });
  const G = grouped.frequency.length;
  const { start, rowsOf } = rowsByGroup(grouped.groupOf, G);

  const groupCount = labels?.count ?? 1;
  const totals = new Float64Array(groupCount * D);
  const groupSizes = new Float64Array(groupCount);
  const meanG = new Float64Array(G);
  const noneG = new Float64Array(G);
  const quantG = levels.map(() => new Float64Array(G));
  let counts = new Float64Array(64);
  // counts[0, used) may hold the last group's draws: cleared only that far, so that one heavy buyer's long
  // histogram does not make every later group clear it all.
  let used = 0;
  // A stream of its own: the same seed in drawParameters and here gives unrelated uniforms.
  const random = purchaseStream(seed);
  // Spend draws from a third stream, so the purchase draws are the same with or without a spend model.
  const spendRandom = spendStream(seed);
  const revenueTotals = posterior && new Float64Array(groupCount * D);

  forEachSamplerBlock(
    grouped,
    fit.params,
    params,
    (p, c) => kernel(p, time, c),
    (b0, b1, samplers, stride) => {
      for (let g = b0; g < b1; g++) {
        counts.fill(0, 0, used);
        used = 0;
        let sum = 0;
        let pooled = 0;
        const local = g - b0;
        for (let k = start[g] as number; k < (start[g + 1] as number); k++) {
          const row = rowsOf[k] as number;
          const copies = weights === undefined ? 1 : (weights[row] as number);
          const label = labels === undefined ? 0 : (labels.index[row] as number);
          groupSizes[label] = (groupSizes[label] as number) + copies;
          const base = label * D;
          const drawn = Math.max(copies, 1);
          for (let copy = 0; copy < drawn; copy++) {
            const counted = copy < copies;
            for (let d = 0; d < D; d++) {
              const v = (samplers[d * stride] as FuturePurchaseSampler)(local, random);
              counts = histogramHolding(counts, v, fit.model);
              counts[v] = (counts[v] as number) + 1;
              if (v >= used) used = v + 1;
              sum += v;
              if (counted) {
                totals[base + d] = (totals[base + d] as number) + v;
                if (posterior !== undefined && v > 0) {
                  // Revenue of v purchases: Σ z_j ~ Gamma(p v, ν) given the customer's spend rate ν.
                  const nu = spendRandom.gamma(posterior.shape[row] as number, posterior.rate[row] as number);
                  const revenue = revenueTotals as Float64Array;
                  revenue[base + d] =
                    (revenue[base + d] as number) + spendRandom.gamma(posterior.p * v, 1) / nu;
                }
              }
            }
          }
          pooled += D * drawn;
        }
        meanG[g] = sum / pooled;
        noneG[g] = (counts[0] as number) / pooled;
        for (let j = 0; j < levels.length; j++)
          (quantG[j] as Float64Array)[g] = histogramQuantile(counts, pooled, levels[j] as number);
        if (observed !== undefined)
          for (let k = start[g] as number; k < (start[g + 1] as number); k++) {
            const row = rowsOf[k] as number;
            const y = observed[row] as number;
            let cumulative = 0;
            for (let v = 0; v < Math.min(y, counts.length); v++) cumulative += counts[v] as number;
            (below as Float64Array)[row] = cumulative / pooled;
            (at as Float64Array)[row] =
              (cumulative + (y < counts.length ? (counts[y] as number) : 0)) / pooled;
          }
      }
    },
  );

  const scatter = (values: Float64Array) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = values[grouped.groupOf[i] as number] as number;
    return out;
  };
  return {
    model: spec.model,
    t: time,
    draws: D,
    seed,
    parameterUncertainty: params !== undefined,
    quantileLevels: Object.freeze([...levels]),
    mean: scatter(meanG),
    quantiles: Object.freeze(quantG.map(scatter)),
    probabilityNone: scatter(noneG),
    totals,
    groupSizes,
    revenueTotals,
    pit: observed && { below: below as Float64Array, at: at as Float64Array },
  };
}

/**
 * The Gamma-Gamma posterior of each customer's spend rate (Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4)):
 * transaction values z ~ Gamma(p, ν), ν ~ Gamma(q, γ), so ν | x, m̄ ~ Gamma(q + p x, γ + x m̄) — the posterior
 * whose mean spend p (γ + x m̄)/(p x + q − 1) is `expectedSpend`.
 */
function spendPosterior(where: string, spend: SpendOption, frequency: Float64Array): SpendPosterior {
  if (spend === null || typeof spend !== 'object')
    throw new ClvValidationError(where, [makeIssue('options.spend', '{ fit, monetaryValue }', spend)]);
  const spec = modelOfFit(MODELS, spend.fit, `${where}: options.spend.fit`, 'expectedSpend');
  const { monetaryValue } = spendColumns({ frequency, monetaryValue: spend.monetaryValue }, where, false);
  const [p, q, gamma] = spec.paramNames.map((name) => spend.fit.params[name] as number) as [
    number,
    number,
    number,
  ];
  const shape = new Float64Array(frequency.length);
  const rate = new Float64Array(frequency.length);
  for (let i = 0; i < shape.length; i++) {
    const x = frequency[i] as number;
    shape[i] = q + p * x;
    rate[i] = gamma + (x > 0 ? x * (monetaryValue[i] as number) : 0);
  }
  return { p, shape, rate };
}

/** Validates observed counts: whole numbers ≥ 0, one per customer. */
function observedCounts(where: string, values: ArrayLike<number>, n: number): Float64Array {
  if (values.length !== n)
    throw new ClvValidationError(where, [
      makeIssue('options.observed', `${n} counts, one per customer`, values.length),
    ]);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= 0))
      throw new ClvValidationError(where, [makeIssue(`options.observed[${i}]`, 'a whole number ≥ 0', v, i)]);
    out[i] = v;
  }
  return out;
}

/** The run's description, copied from the engine. */
function runOf(e: PredictiveRun): PredictiveRun {
  const { model, t, draws, seed, parameterUncertainty, quantileLevels } = e;
  return { model, t, draws, seed, parameterUncertainty, quantileLevels };
}

/**
 * The predictive distribution of each customer's number of purchases in the next t time units (periods for
 * BG/BB and the sBG), by Monte Carlo from the model's posterior predictive sampler: mean, quantiles (default
 * 5 %, 50 %, 95 %) and P(no purchase) per customer, and the same for their sum (`total`, from joint draws).
 *
 *   Y_i⁽ᵈ⁾ ~ p(Y_i(T, T+t] | x_i, t_x,i, T_i, θ⁽ᵈ⁾),   θ⁽ᵈ⁾ = θ̂ or row d of `parameterDraws`,
 *   mean_i = (1/D) Σ_d Y_i⁽ᵈ⁾,   Q_i(q) = inverse empirical CDF of the draws (a whole number),
 *   total⁽ᵈ⁾ = Σ_i w_i-fold sums of independent draws d.
 *
 * With θ fixed the mean converges to `expectedPurchases` and P(none) to `conditionalProbabilityOfPurchases(0)`;
 * Monte-Carlo standard error of a mean ≈ sd/√D. Samplers per model: Fader, Hardie & Lee (2005) for the BG/NBD,
 * Batislam et al. (2007) MBG/NBD, Schmittlein et al. (1987) / Fader & Hardie (2006) Pareto/NBD, Fader, Hardie &
 * Berger (2010) BG/BB, Fader & Hardie (2007) sBG; see each model's `futurePurchaseDraws.ts` and docs/intervals.md.
 * Weights must be whole (each represented customer is simulated); customers sharing (x, t_x, T) share a
 * summary computed from all their draws.
 *
 * @example
 * const p = predictivePurchases(fitBetaGeo(cdnow), 39, cdnow, { draws: 1000, seed: 1 });
 * p.quantiles[2][0]; // 95 % upper bound of customer 1's purchases in the 39-week holdout
 * p.total.quantiles;  // 5 %, 50 %, 95 % of the whole base's holdout purchases
 */
export function predictivePurchases(
  fit: FitLike,
  t: number,
  customers: CustomersInput,
  options: PredictiveOptions = {},
): PredictivePurchases {
  const e = simulate('predictivePurchases', fit, t, customers, options, undefined);
  return Object.freeze({
    ...runOf(e),
    mean: e.mean,
    quantiles: e.quantiles,
    probabilityNone: e.probabilityNone,
    total: summarise('all', e.groupSizes[0] as number, e.totals, e.quantileLevels),
    ...(e.pit === undefined ? {} : { pit: e.pit }),
  });
}

/** Options of `aggregatePredictive`: those of `predictivePurchases` and the customers' groups. */
export interface AggregateOptions extends PredictiveOptions {
  /** A label per customer (segment, cohort …): one total per distinct label, in order of first appearance. */
  readonly groups?: ArrayLike<string | number>;
  /** A Gamma-Gamma fit and each customer's mean repeat spend m̄: adds the revenue of each group (`revenue`). */
  readonly spend?: SpendOption;
}

/** The spend model of `aggregatePredictive`: a Gamma-Gamma fit and each customer's mean repeat spend. */
export interface SpendOption {
  readonly fit: FitLike;
  /** m̄_i, the mean value of customer i's repeat purchases (ignored when x_i = 0). */
  readonly monetaryValue: NumericColumn;
}

/** A group's revenue: the summaries of its joint draws, and its mean and quantiles as money. */
export type RevenueTotal = MoneyTotal;

/** Totals of purchases over groups of customers. */
export interface AggregatePredictive extends PredictiveRun {
  /** One total per group (one, 'all', without `groups`). */
  readonly totals: readonly PredictiveTotal[];
  /** With `spend`: each group's revenue in the horizon, in the order of `totals`. */
  readonly revenue?: readonly RevenueTotal[];
}

/**
 * The predictive distribution of the total purchases of groups of customers (the whole base, segments,
 * cohorts) in the next t time units: draw d of a group's total is the sum of its customers' draws d, all made
 * under the same parameters θ⁽ᵈ⁾, so the interval reflects the customers' independence given θ and their common
 * dependence on θ — never the sum of per-customer quantiles. Same engine, draws and seed as
 * `predictivePurchases`: with the same seed and no groups, its total is the same.
 *
 *   S_g⁽ᵈ⁾ = Σ_{i ∈ g} Y_i⁽ᵈ⁾,   mean_g = (1/D) Σ_d S_g⁽ᵈ⁾ = Σ_{i∈g} mean_i,   Q_g(q) = inverse empirical CDF.
 *
 * @example
 * aggregatePredictive(fit, 39, cdnow, { groups: cohortOf, parameterDraws: drawParameters(fit) }).totals
 */
export function aggregatePredictive(
  fit: FitLike,
  t: number,
  customers: CustomersInput,
  options: AggregateOptions = {},
): AggregatePredictive {
  return guardedRead('aggregatePredictive', 'input', () =>
    aggregatePredictiveChecked(fit, t, customers, options),
  );
}

function aggregatePredictiveChecked(
  fit: FitLike,
  t: number,
  customers: CustomersInput,
  options: AggregateOptions = {},
): AggregatePredictive {
  const where = 'aggregatePredictive';
  const { groups, spend, ...rest } = options ?? {};
  const labels = groups === undefined ? undefined : groupLabels(where, groups);
  const names = labels?.names ?? ['all'];
  const e = simulate(where, fit, t, customers, rest, labels, spend);
  const D = e.draws;
  const revenue = e.revenueTotals;
  return Object.freeze({
    ...runOf(e),
    totals: Object.freeze(
      names.map((name, g) =>
        summarise(name, e.groupSizes[g] as number, e.totals.slice(g * D, (g + 1) * D), e.quantileLevels),
      ),
    ),
    ...(revenue === undefined
      ? {}
      : {
          revenue: Object.freeze(
            names.map((name, g) =>
              moneySummary(
                name,
                e.groupSizes[g] as number,
                revenue.slice(g * D, (g + 1) * D),
                e.quantileLevels,
              ),
            ),
          ),
        }),
  });
}
