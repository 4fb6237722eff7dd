/**
 * The parts the Monte-Carlo verbs of the uncertainty module share: checking parameter draws, the input rows of
 * each distinct customer, group labels, summaries of joint draws and money summaries. One place for each.
 */
import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import type { CustomerColumns } from '../models/data/customers.js';
import type { FuturePurchasePathSampler, ModelParams, ModelSpec } from '../models/model.js';
import { createRandom, type Random } from '../models/simulate/random.js';
import { type Decimal, decimalFromNumber, roundMoney } from '../money.js';
import { type ParameterDraws, parameterRow } from './parameterDraws.js';
import { sortedQuantile } from './quantiles.js';
import type { ValueDraws, ValueSimulation } from './simulateValue.js';

/** A sum over a group of customers: summaries of its D joint draws. */
export interface PredictiveTotal {
  /** The group's label (`aggregatePredictive`'s `groups`), or 'all'. */
  readonly group: string;
  /** Number of customers in the group (Σ weights). */
  readonly customers: number;
  /** Mean of the draws of the total: Σ of the customers' predictive means. */
  readonly mean: number;
  /** Standard deviation of the draws of the total. */
  readonly standardDeviation: number;
  /** The total's quantiles, one per level of `quantileLevels`. */
  readonly quantiles: Float64Array;
  /** The D draws of the total, in draw order (for any other summary). */
  readonly draws: Float64Array;
}

/** A sum of money over a group (revenue, CLV, equity): the summaries of its joint draws, and as money. */
export interface MoneyTotal extends PredictiveTotal {
  /** `mean` and `quantiles` as money, rounded half-up to the cent (`roundMoney`). */
  readonly money: { readonly mean: Decimal; readonly quantiles: readonly Decimal[] };
}

/** A float figure as money: its shortest decimal, rounded half-up to the cent (`roundMoney`). */
export const moneyOf = (x: number): Decimal => roundMoney(decimalFromNumber(x));

/**
 * Checks that group weights count whole customers: every customer of a group is simulated, so a weight of 2.5
 * customers has no meaning here (the point predictions accept any weight).
 *
 * @example checkWholeCustomerWeights('predictivePurchases', Float64Array.of(1, 3)) // passes
 */
export function checkWholeCustomerWeights(where: string, weights: ArrayLike<number> | undefined): void {
  if (weights === undefined) return;
  const bad = Array.prototype.findIndex.call(weights, (w: number) => !Number.isInteger(w));
  if (bad >= 0)
    throw new ClvValidationError(where, [
      makeIssue(`weights[${bad}]`, 'a whole number of customers (each is simulated)', weights[bad], bad),
    ]);
}

/** Checks that parameter draws belong to the model and are usable (finite, positive, the right shape). */
export function checkParameterDraws(
  where: string,
  p: ParameterDraws,
  model: string,
  names: readonly string[],
  field = 'options.parameterDraws',
): void {
  const issues = new IssueList();
  if (p === null || typeof p !== 'object') issues.note(field, 'parameter draws', p);
  else if (p.model !== model) issues.note(`${field}.model`, `'${model}'`, p.model);
  else if (!(Array.isArray(p.paramNames) && names.every((n, j) => p.paramNames[j] === n)))
    issues.note(`${field}.paramNames`, names.join(', '), p.paramNames);
  else if (
    !(
      Number.isInteger(p.draws) &&
      p.draws >= 1 &&
      p.values instanceof Float64Array &&
      p.values.length === p.draws * names.length
    )
  )
    issues.note(`${field}.values`, `${p.draws} × ${names.length} values`, p.values);
  else {
    const bad = p.values.findIndex((v) => !(Number.isFinite(v) && v > 0));
    if (bad >= 0) issues.note(`${field}.values[${bad}]`, 'a finite number > 0', p.values[bad]);
  }
  issues.throwIfAny(where);
}

/**
 * The input rows of each distinct customer, in compressed-sparse-row form: the rows of group g are
 * rowsOf[start[g] … start[g+1] − 1], in input order.
 *
 * @example rowsByGroup(Uint32Array.of(0, 1, 0), 2) // start [0, 2, 3], rowsOf [0, 2, 1]
 */
export function rowsByGroup(
  groupOf: Uint32Array,
  groups: number,
): { readonly start: Uint32Array; readonly rowsOf: Uint32Array } {
  const n = groupOf.length;
  const start = new Uint32Array(groups + 1);
  for (let i = 0; i < n; i++) {
    const next = (groupOf[i] as number) + 1;
    start[next] = (start[next] as number) + 1;
  }
  for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
  const fill = start.slice(0, groups);
  const rowsOf = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] as number;
    rowsOf[fill[g] as number] = i;
    fill[g] = (fill[g] as number) + 1;
  }
  return { start, rowsOf };
}

/** Group labels, one per customer: each row's group index and the groups' names in order of first appearance. */
export interface GroupLabels {
  readonly index: Uint32Array;
  readonly count: number;
  readonly names: readonly string[];
}

/**
 * Reads `options.groups` (a string or finite number per customer) into group indices.
 *
 * @example groupLabels('demo', ['a', 'b', 'a']) // index [0, 1, 0], names ['a', 'b']
 */
export function groupLabels(where: string, groups: unknown): GroupLabels {
  if (
    !(
      typeof groups === 'object' &&
      groups !== null &&
      typeof (groups as ArrayLike<unknown>).length === 'number'
    )
  )
    throw new ClvValidationError(where, [
      makeIssue('options.groups', 'an array of labels, one per customer', groups),
    ]);
  const list = groups as ArrayLike<unknown>;
  const index = new Uint32Array(list.length);
  const seen = new Map<string, number>();
  for (let i = 0; i < list.length; i++) {
    const g = list[i];
    if (!(typeof g === 'string' || (typeof g === 'number' && Number.isFinite(g))))
      throw new ClvValidationError(where, [
        makeIssue(`options.groups[${i}]`, 'a string or a finite number', g, i),
      ]);
    const key = String(g);
    let k = seen.get(key);
    if (k === undefined) seen.set(key, (k = seen.size));
    index[i] = k;
  }
  return { index, count: Math.max(seen.size, 1), names: [...seen.keys()] };
}

/**
 * Summaries of one group's D joint draws of its total: mean, standard deviation and quantiles (Hyndman & Fan
 * definition 1, `sortedQuantile`).
 *
 * @example summarise('all', 2, Float64Array.of(1, 3), [0.5]).quantiles // [1]
 */
export function summarise(
  group: string,
  customers: number,
  draws: Float64Array,
  levels: readonly number[],
): PredictiveTotal {
  let mean = 0;
  for (const v of draws) mean += v;
  mean /= draws.length;
  let ss = 0;
  for (const v of draws) ss += (v - mean) ** 2;
  const sorted = Float64Array.from(draws).sort();
  return Object.freeze({
    group,
    customers,
    mean,
    standardDeviation: draws.length > 1 ? Math.sqrt(ss / (draws.length - 1)) : 0,
    quantiles: Float64Array.from(levels, (q) => sortedQuantile(sorted, q)),
    draws,
  });
}

/**
 * `summarise` for money: the same summaries, and the mean and quantiles as Decimal rounded to the cent.
 *
 * @example moneySummary('all', 2, Float64Array.of(1.005, 3), [0.5]).money.quantiles[0].toString() // '1.01'
 */
export function moneySummary(
  group: string,
  customers: number,
  draws: Float64Array,
  levels: readonly number[],
): MoneyTotal {
  const total = summarise(group, customers, draws, levels);
  return Object.freeze({
    ...total,
    money: Object.freeze({
      mean: moneyOf(total.mean),
      quantiles: Object.freeze(Array.from(total.quantiles, moneyOf)),
    }),
  });
}

/**
 * The pseudo-random stream of the purchase draws: derived from the seed so that the same seed given to
 * `drawParameters` and to a predictive verb gives unrelated uniforms.
 *
 * @example purchaseStream(1).uniform() // the same number on every machine
 */
export function purchaseStream(seed: number): Random {
  return createRandom((seed ^ 0x5bd1e995) >>> 0);
}

/**
 * The stream of the spend draws, separate from the purchases' so that the purchase draws are the same with or
 * without a spend model.
 *
 * @example spendStream(1).uniform()
 */
export function spendStream(seed: number): Random {
  return createRandom((seed ^ 0x27d4eb2f) >>> 0);
}

/** Distinct customers per block when samplers are built per parameter draw (bounds memory to D × block). */
const SAMPLER_BLOCK = 1024;

/**
 * A model's samplers over consecutive blocks of distinct customers (`customers`, e.g. `groupCustomers`' rows):
 * with parameter draws, one sampler per draw (draw d uses `samplers[d]`, stride 1), built per block of 1,024
 * customers so memory holds D samplers of one block; without, the fit's one sampler for every customer and draw
 * (stride 0). `each(b0, b1, samplers, stride)` runs per block; customer g of the block is `g − b0` to a sampler.
 *
 * @example forEachSamplerBlock(grouped, fit.params, draws, (p, c) => kernel(p, t, c), (b0, b1, samplers, stride) => { … })
 */
export function forEachSamplerBlock<S>(
  customers: CustomerColumns,
  params: ModelParams,
  parameterDraws: ParameterDraws | undefined,
  build: (params: ModelParams, columns: CustomerColumns) => S,
  each: (b0: number, b1: number, samplers: readonly S[], stride: 0 | 1) => void,
): void {
  const G = customers.frequency.length;
  const rows =
    parameterDraws && Array.from({ length: parameterDraws.draws }, (_, d) => parameterRow(parameterDraws, d));
  const block = rows === undefined ? Math.max(G, 1) : SAMPLER_BLOCK;
  for (let b0 = 0; b0 < G; b0 += block) {
    const b1 = Math.min(G, b0 + block);
    const columns = {
      frequency: customers.frequency.subarray(b0, b1),
      recency: customers.recency.subarray(b0, b1),
      T: customers.T.subarray(b0, b1),
      weights: undefined,
    };
    const samplers = rows === undefined ? [build(params, columns)] : rows.map((row) => build(row, columns));
    each(b0, b1, samplers, rows === undefined ? 0 : 1);
  }
}

/**
 * `forEachSamplerBlock` with the model's path sampler over a money simulation's steps (`futurePurchasePathSampler`,
 * `s.horizon` steps of `s.step`): the blocks both engines of the money verbs draw from.
 *
 * @example forEachPathSamplerBlock(s, grouped, (b0, b1, samplers, stride) => { … })
 */
export function forEachPathSamplerBlock(
  s: ValueSimulation,
  customers: CustomerColumns,
  each: (b0: number, b1: number, samplers: readonly FuturePurchasePathSampler[], stride: 0 | 1) => void,
): void {
  const kernel = s.spec.kernels.futurePurchasePathSampler as NonNullable<
    ModelSpec['kernels']['futurePurchasePathSampler']
  >;
  forEachSamplerBlock(customers, s.params, s.parameterDraws, (p, c) => kernel(p, s.step, s.horizon, c), each);
}

/** The per-row part of a money simulation's result (`ValueDraws`): means, quantiles and P(none) of each row. */
export type RowSummaries = Pick<
  ValueDraws,
  | 'revenueMean'
  | 'revenueQuantiles'
  | 'clvMean'
  | 'clvQuantiles'
  | 'probabilityNone'
  | 'purchasesMean'
  | 'purchasesQuantiles'
>;

/**
 * Zeroed per-row summaries for `n` rows, one quantile column per level: what both engines of the money verbs fill.
 *
 * @example rowSummaries(3, [0.05, 0.95]).clvQuantiles.length // 2
 */
export function rowSummaries(n: number, levels: readonly number[]): RowSummaries {
  return {
    revenueMean: new Float64Array(n),
    revenueQuantiles: levels.map(() => new Float64Array(n)),
    clvMean: new Float64Array(n),
    clvQuantiles: levels.map(() => new Float64Array(n)),
    probabilityNone: new Float64Array(n),
    purchasesMean: new Float64Array(n),
    purchasesQuantiles: levels.map(() => new Float64Array(n)),
  };
}

/**
 * A copier of rows: row `to`'s summaries become row `from`'s (the same customer: history and purchase value).
 *
 * @example const copyRow = rowCopier(rows); copyRow(0, 5)
 */
export function rowCopier(r: RowSummaries): (from: number, to: number) => void {
  const columns = [
    r.revenueMean,
    r.clvMean,
    r.probabilityNone,
    r.purchasesMean,
    ...r.revenueQuantiles,
    ...r.clvQuantiles,
    ...r.purchasesQuantiles,
  ];
  return (from, to) => {
    for (const column of columns) column[to] = column[from] as number;
  };
}
