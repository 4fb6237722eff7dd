/**
 * A model, described as data: what the one fitting routine (`fitModel`) needs to estimate it. Models are plain
 * objects implementing this interface — no class hierarchy — so every model of the library shares the same
 * optimiser, standard errors and diagnostics.
 *
 * `D` is whatever prepared data the model's likelihood reads (e.g. grouped customer columns).
 *
 * @example
 * const exponential: ModelDefinition<Float64Array> = {
 *   model: 'exponential', label: 'Exponential', paramNames: ['rate'],
 *   logLikelihood: ([rate], xs, grad) => { … Σ (ln rate − rate·x) … },
 *   initialParams: (xs) => Float64Array.of(1 / mean(xs)),
 *   count: (xs) => xs.length,
 * };
 */
export interface ModelDefinition<D> {
  /** Tag stored in the fit, e.g. 'betaGeo', 'paretoNbd', 'betaGeoBetaBinom', 'shiftedBetaGeometric', 'gammaGamma', 'modifiedBetaGeo'. */
  readonly model: string;
  /** Human-readable name, e.g. 'BG/NBD'. */
  readonly label: string;
  /** Parameter names in the order of the parameter vector, e.g. ['r', 'alpha', 'a', 'b']; all parameters are > 0. */
  readonly paramNames: readonly string[];
  /**
   * Σ_i w_i · log L_i at natural parameters; if grad is given, writes ∂/∂θ_j (natural scale) into it. With
   * `from`/`to` (models with `rowCount`), only rows [from, to) of the prepared data are summed, the terms shared
   * by every row being added by the part that starts at row 0 — so parts over [0, m) and [m, n) add up to the
   * whole, and can be evaluated side by side (the Node entry's `fitThreads`).
   */
  logLikelihood(params: Float64Array, data: D, grad?: Float64Array, from?: number, to?: number): number;
  /**
   * How many rows of the prepared data `logLikelihood` can sum in parts (`from`/`to`), or undefined when it
   * sums only whole. Optional: a model without it is always evaluated whole.
   */
  rowCount?(data: D): number | undefined;
  /** A sensible natural-scale starting point for this data. */
  initialParams(data: D): Float64Array;
  /** Number of customers (sum of weights) — for AIC/BIC and the penalizer scale. */
  count(data: D): number;
  /**
   * A systematic sample of about one customer in `every` (the same kind of data), or undefined when the model
   * does not sample this data. Optional: `fitModel` uses it on large data to start the fit near its optimum
   * (see `fitModel`); a model without it is fitted from `initialParams` directly.
   */
  subsample?(data: D, every: number): D | undefined;
}
