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
 *
 * The likelihood is in `betaGeoBetaBinom/likelihood.ts`, the closed forms in `betaGeoBetaBinom/predictions.ts`;
 * this file holds the model record and the fitting entry.
 */
import { IssueList } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { betaGeoBetaBinomConditionalPmf } from './betaGeoBetaBinom/conditionalPmf.js';
import {
  betaGeoBetaBinomFuturePurchasePathSampler,
  betaGeoBetaBinomFuturePurchaseSampler,
} from './betaGeoBetaBinom/futurePurchaseDraws.js';
import {
  type BetaGeoBetaBinomColumns,
  betaGeoBetaBinomLogLikelihoodColumns,
} from './betaGeoBetaBinom/likelihood.js';
import {
  betaGeoBetaBinomExpectedPurchasesNewCustomer,
  betaGeoBetaBinomProbabilityOfPurchases,
} from './betaGeoBetaBinom/newCustomer.js';
import {
  betaGeoBetaBinomCustomerLogLikelihood,
  betaGeoBetaBinomExpectedPurchases,
  betaGeoBetaBinomParams,
  betaGeoBetaBinomProbabilityAlive,
} from './betaGeoBetaBinom/predictions.js';
import { betaGeoBetaBinomDiscountedResidualPurchases } from './betaGeoBetaBinom/residualPurchases.js';
import { type NumericColumn, readColumns } from './data/columns.js';
import { MAX_PERIODS, weightRule } from './data/customers.js';
import { groupCustomers } from './data/groupCustomers.js';
import type { Fit, FitOptions } from './fit/fitModel.js';
import { fitSpec } from './fit/fitSpec.js';
import type { ModelSpec } from './model.js';
import { simulateBetaGeoBetaBinomCustomers } from './simulate/simulateBetaGeoBetaBinom.js';

/** Discrete-time summaries, as columns (below) or as rows `{ frequency, recency, periods, weight? }`. */
export type BetaGeoBetaBinomData = BetaGeoBetaBinomColumnsInput | readonly BetaGeoBetaBinomRow[];

/** One customer (or pattern) as a row; the opportunities n as `periods` (or `T`, as the other models name it). */
export interface BetaGeoBetaBinomRow {
  readonly frequency: number;
  readonly recency: number;
  readonly periods?: number;
  readonly T?: number;
  readonly weight?: number;
}

/** Discrete-time summaries, one entry per customer or per group of identical customers. */
export interface BetaGeoBetaBinomColumnsInput {
  /** x: repeat transactions (whole, 0 ≤ x ≤ n). */
  readonly frequency: NumericColumn;
  /** t_x: the opportunity of the last transaction (whole, x ≤ t_x ≤ n; 0 when x = 0). */
  readonly recency: NumericColumn;
  /** n: transaction opportunities observed (whole, ≥ 1); or give it as `T`. */
  readonly periods?: NumericColumn;
  /** n under the continuous models' name. */
  readonly T?: NumericColumn;
  /** How many customers share the pattern (> 0); 1 each when absent. */
  readonly weights?: NumericColumn;
}

const wholeRule = numberRule({ min: 0 }, true);
const periodsRule = numberRule({ min: 1, max: MAX_PERIODS }, true);

/**
 * Validates BG/BB data (rows or columns; n as `periods` or `T`) with the shared column reader, checks
 * x ≤ t_x ≤ n (t_x = 0 when x = 0), and groups identical customers with the shared grouping.
 */
function toColumns(where: string, data: BetaGeoBetaBinomData): BetaGeoBetaBinomColumns {
  const first = Array.isArray(data) ? data[0] : data;
  const periodsName =
    first !== null && typeof first === 'object' && !('periods' in first) && 'T' in first ? 'T' : 'periods';
  const { columns, length } = readColumns(
    data,
    [
      { name: 'frequency', rule: wholeRule },
      { name: 'recency', rule: wholeRule },
      { name: periodsName, rule: periodsRule },
      { name: 'weights', rowField: 'weight', rule: weightRule, optional: true },
    ],
    where,
  );
  const frequency = columns.frequency as Float64Array;
  const recency = columns.recency as Float64Array;
  const periods = columns[periodsName] as Float64Array;
  const issues = new IssueList();
  for (let i = 0; i < length; i++) {
    const x = frequency[i] as number;
    const tx = recency[i] as number;
    const n = periods[i] as number;
    if (x > n) issues.note(`frequency[${i}]`, `a whole number in [0, ${periodsName} = ${n}]`, x, i);
    else if (!(tx >= x && tx <= n && (x > 0 || tx === 0)))
      issues.note(
        `recency[${i}]`,
        `a whole number in [frequency, ${periodsName}], 0 when frequency is 0`,
        tx,
        i,
      );
  }
  issues.throwIfAny(where);
  const grouped = groupCustomers({ frequency, recency, T: periods, weights: columns.weights });
  return {
    frequency: grouped.frequency,
    recency: grouped.recency,
    periods: grouped.T,
    weights: grouped.weights,
  };
}

/** The BG/BB (Fader, Hardie & Berger 2010): parameters α, β, γ, δ, starting at 1 each. */
export const betaGeoBetaBinomModel: ModelSpec<BetaGeoBetaBinomColumns, 'betaGeoBetaBinom'> = {
  model: 'betaGeoBetaBinom',
  label: 'BG/BB',
  aliases: ['bgbb'],
  paramNames: ['alpha', 'beta', 'gamma', 'delta'],
  paramDescriptions: {
    alpha: 'transaction probability p ~ Beta(α, β): first shape',
    beta: 'transaction probability p ~ Beta(α, β): second shape',
    gamma: 'drop-out probability θ ~ Beta(γ, δ): first shape',
    delta: 'drop-out probability θ ~ Beta(γ, δ): second shape',
  },
  dataKind: 'discrete',
  source:
    'Fader, Hardie & Berger (2010), "Customer-base analysis in a discrete-time noncontractual setting", Marketing Science 29(6)',
  prepare: (data, where) => toColumns(where, data as BetaGeoBetaBinomData),
  logLikelihood: betaGeoBetaBinomLogLikelihoodColumns,
  initialParams: () => Float64Array.of(1, 1, 1, 1),
  count(data) {
    let total = 0;
    for (const w of data.weights) total += w;
    return total;
  },
  kernels: {
    probabilityAlive: (params, c) => betaGeoBetaBinomProbabilityAlive(betaGeoBetaBinomParams(params), c),
    expectedPurchases: (params, t, c) =>
      betaGeoBetaBinomExpectedPurchases(betaGeoBetaBinomParams(params), t, c),
    expectedPurchasesNewCustomer: betaGeoBetaBinomExpectedPurchasesNewCustomer,
    probabilityOfPurchases: betaGeoBetaBinomProbabilityOfPurchases,
    conditionalProbabilityOfPurchases: betaGeoBetaBinomConditionalPmf,
    discountedExpectedResidualPurchases: betaGeoBetaBinomDiscountedResidualPurchases,
    customerLogLikelihood: (params, c) =>
      betaGeoBetaBinomCustomerLogLikelihood(betaGeoBetaBinomParams(params), c),
    futurePurchaseSampler: (params, t, c) =>
      betaGeoBetaBinomFuturePurchaseSampler(betaGeoBetaBinomParams(params), t, c),
    futurePurchasePathSampler: (params, step, steps, c) =>
      betaGeoBetaBinomFuturePurchasePathSampler(betaGeoBetaBinomParams(params), step, steps, c),
  },
  simulate: (params, settings) => simulateBetaGeoBetaBinomCustomers(betaGeoBetaBinomParams(params), settings),
};

/**
 * Fits the BG/BB by maximum likelihood (Fader, Hardie & Berger 2010) → α, β, γ, δ.
 *
 * @example
 * const fit = fitBetaGeoBetaBinom(donations); // α ≈ 1.204, β ≈ 0.750, γ ≈ 0.657, δ ≈ 2.783, LL ≈ −33,225.6
 */
export function fitBetaGeoBetaBinom(
  data: BetaGeoBetaBinomData,
  options?: FitOptions,
): Fit<'betaGeoBetaBinom'> {
  return fitSpec(betaGeoBetaBinomModel, data, 'fitBetaGeoBetaBinom', options);
}
