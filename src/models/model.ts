/**
 * The model record: everything the library knows about one model, in one place. The registry
 * (`registry.ts`) lists them; the verbs (`predict.ts`), fit files (`fitFile.ts`), `fitFromParams`, the
 * simulators, the CLI's model choices and the spreadsheet lists are all derived from it, so adding a model
 * is one new file plus one registry line.
 */
import type { CustomerColumns } from './data/customers.js';
import type { ModelDefinition } from './fit/modelDefinition.js';
import type { SpendColumns } from './gammaGamma.js';
import type { Random } from './simulate/random.js';

/** The canonical id of every model: the `model` tag of its fits and fit files, and its name in every adapter. */
export type ModelId =
  | 'betaGeo'
  | 'modifiedBetaGeo'
  | 'paretoNbd'
  | 'betaGeoBetaBinom'
  | 'shiftedBetaGeometric'
  | 'gammaGamma';

/**
 * What a model is fitted on:
 * - `continuous`: non-contractual purchases in continuous time, customers (x, t_x, T) (BG/NBD, MBG/NBD, Pareto/NBD);
 * - `discrete`: non-contractual, one chance to buy per period, customers (x, t_x, n) with n in `T` (BG/BB);
 * - `contractual`: a cohort's survivors per period (sBG);
 * - `spend`: repeat customers' number of purchases and mean spend (Gamma-Gamma).
 */
export type DataKind = 'continuous' | 'discrete' | 'contractual' | 'spend';

/** Natural-scale parameters by name, as in `Fit.params`. */
export type ModelParams = Readonly<Record<string, number>>;

/**
 * A model's prediction kernels: pure and columnar, inputs already validated (the verbs of `predict.ts`
 * validate once and dispatch here). Times are in the unit of the data the parameters were fitted on; for
 * discrete models (BG/BB) `T` holds the opportunities n and `t` counts future opportunities. A model leaves
 * out what it does not define; the verbs then name the model in a `ClvValidationError`.
 */
export interface ModelKernels {
  /** P(alive at T | history) per customer. */
  probabilityAlive?(params: ModelParams, customers: CustomerColumns): Float64Array;
  /** E[purchases in (T, T + t] | history] per customer. */
  expectedPurchases?(params: ModelParams, t: number, customers: CustomerColumns): Float64Array;
  /** E[X(t)]: expected repeat purchases of a new customer in (0, t]. */
  expectedPurchasesNewCustomer?(params: ModelParams, t: number): number;
  /** P(X(t) = n): a new customer's probability of exactly n repeat purchases in (0, t]. */
  probabilityOfPurchases?(params: ModelParams, n: number, t: number): number;
  /** P(X(T, T + t] = n | history) per customer. */
  conditionalProbabilityOfPurchases?(
    params: ModelParams,
    n: number,
    t: number,
    customers: CustomerColumns,
  ): Float64Array;
  /**
   * Discounted expected residual purchases per customer. `discountRate` is the rate per time unit of the data
   * (per period for discrete models), compounded per unit: continuous-time models use δ = ln(1 + rate).
   */
  discountedExpectedResidualPurchases?(
    params: ModelParams,
    discountRate: number,
    customers: CustomerColumns,
  ): Float64Array;
  /** ln L_i per customer (weights ignored: one value per row). */
  customerLogLikelihood?(params: ModelParams, customers: CustomerColumns): Float64Array;
  /**
   * A sampler of each customer's purchases in (T, T + t] from the posterior predictive distribution: the
   * alive state and latent rates drawn given (x, t_x, T), then the future simulated, so process noise is
   * included. Per-customer work (P(alive), posterior shapes) is done once here; each call of the returned
   * sampler is one draw for customer `i` of `customers`. Used by `predictivePurchases` (src/uncertainty).
   */
  futurePurchaseSampler?(params: ModelParams, t: number, customers: CustomerColumns): FuturePurchaseSampler;
  /**
   * The same posterior predictive draws as `futurePurchaseSampler`, as a path: each customer's purchases in
   * each of `steps` consecutive steps of length `step` after T (step k covers (T + (k−1)·step, T + k·step]),
   * for the discounted value of the simulated future (`predictiveValue`, `customerEquity` in src/uncertainty).
   */
  futurePurchasePathSampler?(
    params: ModelParams,
    step: number,
    steps: number,
    customers: CustomerColumns,
  ): FuturePurchasePathSampler;
  /**
   * The path sampler's draws in scaled form, for the continuous-time models whose future is a Pólya–Lundberg
   * purchase process (λ integrated out) started at T: under `params`, for customers with `x` repeat purchases,
   * customer i's j-th future purchase in draw d falls at time a_i · P_dj − b_i after T (j = 1 … G_d, P_d1 < P_d2
   * < …), the customer is alive at T in draw d iff c_i · L_d > e_i, and with `lifetime` the purchases stop at the
   * remaining lifetime c_i · L_d − e_i too. The draw's variates (L_d, P_d·, G_d) do not depend on the customer's
   * recency or age, so every customer with this x shares them (common random numbers); the scales (a, b, c, e)
   * carry the customer. Same distribution per customer as `futurePurchasePathSampler`; used by the per-customer
   * engine of `predictiveLifetimeValue` (src/uncertainty/scaledHistoryDraws.ts).
   */
  futurePurchaseScaledPaths?(params: ModelParams, x: number): ScaledPurchasePaths;
}

/** A model's scaled purchase paths for one x under one parameter vector (`futurePurchaseScaledPaths`). */
export interface ScaledPurchasePaths {
  /** True: the remaining lifetime c · L − e also ends the purchases (Pareto/NBD); false: it only says alive. */
  readonly lifetime: boolean;
  /** Draws a draw's first variates: returns L_d and writes P_d1 to `first[0]`. */
  begin(random: Random, first: Float64Array): number;
  /** P_d(j+1) given P_dj = `previous` after j purchases, or 0 when the customer drops out after purchase j. */
  next(random: Random, previous: number, j: number): number;
  /** Each customer's scales (customers with this x): a, b, c, e as above, written to `out` from row 0. */
  scales(customers: CustomerColumns, out: PathScales): void;
}

/** Columns of the customers' scales a, b, c, e of `ScaledPurchasePaths`, one row per customer. */
export interface PathScales {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly e: Float64Array;
}

/** One draw of customer `i`'s purchases in the next t time units (a whole number ≥ 0). */
export type FuturePurchaseSampler = (i: number, random: Random) => number;

/**
 * One draw of customer `i`'s purchases per step: adds them to `counts[0 … steps−1]` (the caller zeroes it)
 * and returns their sum.
 */
export type FuturePurchasePathSampler = (i: number, random: Random, counts: Float64Array) => number;

/** A spend model's kernels (Gamma-Gamma): customers are validated `{ frequency, monetaryValue }` columns. */
export interface SpendKernels {
  /** E[mean spend per purchase | x, m̄] per customer. */
  expectedSpend(params: ModelParams, customers: SpendColumns, where: string): Float64Array;
  /** ln f(m̄_i | x_i) per customer (repeat customers only). */
  customerLogLikelihood(params: ModelParams, customers: SpendColumns): Float64Array;
}

/** Options of a model's simulator, validated by `simulateCustomers`. */
export interface SimulationSettings {
  /** Observation length of each customer (periods for discrete models). */
  readonly T: Float64Array;
  /** Purchase times rounded down to multiples of this (continuous models only). */
  readonly resolution: number | undefined;
  readonly random: Random;
}

/** Simulated customers: the summary a model is fitted on, and whether each is still alive at T. */
export interface SimulatedCustomerColumns extends CustomerColumns {
  /** 1 if the customer is still alive at the end of observation. */
  readonly alive: Uint8Array;
}

/**
 * One model: its identity, its parameters, the data it takes, its likelihood for the one optimiser
 * (`ModelDefinition`), its prediction kernels and simulator, and its published source.
 */
export interface ModelSpec<D = unknown, M extends ModelId = ModelId> extends ModelDefinition<D> {
  readonly model: M;
  /** Short names the CLI also accepts (`bgnbd`, `pnbd` …); the id is what every output prints. */
  readonly aliases: readonly string[];
  /** One line per parameter: what it is (all parameters are > 0). */
  readonly paramDescriptions: Readonly<Record<string, string>>;
  readonly dataKind: DataKind;
  /** The publication the model and its formulas come from. */
  readonly source: string;
  /** Validates and prepares the model's data (grouping identical customers when that pays) for `logLikelihood`. */
  prepare(data: unknown, where: string): D;
  readonly kernels: ModelKernels;
  /** Present on spend models only. */
  readonly spendKernels?: SpendKernels;
  /** Draws customers from the model's generative story (transaction models). */
  simulate?(params: ModelParams, settings: SimulationSettings): SimulatedCustomerColumns;
}
