/**
 * Parameter uncertainty by the nonparametric bootstrap over customers: resample the customers with replacement,
 * refit, keep the estimates. No normal approximation, and usable when the Hessian is not positive definite. For
 * every model of the registry: customer models, Gamma-Gamma's spenders and the sBG's cohort.
 */
import * as z from 'zod/mini';
import { ClvFitError, ClvValidationError, makeIssue } from '../errors.js';
import { type CustomersInput, customerColumns } from '../models/data/customers.js';
import { gatherRows } from '../models/data/gatherRows.js';
import { groupCustomers } from '../models/data/groupCustomers.js';
import { fitSpec } from '../models/fit/fitSpec.js';
import type { SpendColumns, SpendInput } from '../models/gammaGamma.js';
import type { ModelSpec } from '../models/model.js';
import { MODELS } from '../models/registry.js';
import type { ShiftedBetaGeometricData } from '../models/shiftedBetaGeometric.js';
import { createRandom, type Random } from '../models/simulate/random.js';
import { type FitLike, modelOfFit } from '../models/verbInputs.js';
import { parseInput } from '../schemas/parse.js';
import { DEFAULT_SEED, drawOptionShape, type ParameterDraws } from './parameterDraws.js';

/** Options of `bootstrapParameters`. */
export interface BootstrapOptions {
  /** Number of bootstrap refits (default 200). */
  readonly draws?: number;
  /** Seed of the resampling (default 1). */
  readonly seed?: number;
  /** Called after each refit with (refits done, refits asked for). Must not throw. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Bootstrap draws: a parameter matrix, and how many resamples could not be refitted (and were redrawn). */
export interface BootstrapDraws extends ParameterDraws {
  readonly method: 'bootstrap';
  /** Resamples whose refit failed (ClvFitError) and were replaced by new resamples. */
  readonly failedRefits: number;
}

const OptionsSchema = z.strictObject({
  ...drawOptionShape,
  onProgress: z.optional(
    z.custom<(done: number, total: number) => void>((v) => typeof v === 'function', {
      message: 'expected a function (done, total) => void',
    }),
  ),
});

/** Default number of bootstrap refits. */
const DEFAULT_REFITS = 200;

/**
 * Draws a fit's parameters by the bootstrap over customers (Efron & Tibshirani 1993, An Introduction to the
 * Bootstrap, ch. 6; as CLVTools' `predict(…, uncertainty = "boots")`): for b = 1 … B, draw N customers with
 * replacement from the N customers, refit the same model starting from the original estimate, keep θ⁽ᵇ⁾. The
 * result is a `ParameterDraws`-shaped matrix that every verb taking parameter draws accepts. Refits that fail
 * (a resample on which the model is not identified) are counted in `failedRefits` and replaced; more failures
 * than refits asked for is a `ClvFitError`. `data` is what the fit was made on, by the model's kind:
 *
 * - customer models (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB): the customers, resampled as multiplicities of the
 *   distinct (x, t_x, T) patterns, so a refit costs as much as the original fit;
 * - Gamma-Gamma: the repeat customers' `{ frequency, monetaryValue }` (x ≥ 1, m̄ > 0, as fitted);
 * - sBG: the cohort's `{ survivors }`; its customers are resampled as the periods they churned in (and those still
 *   active at the end), and the survivor curve is rebuilt from them.
 *
 * @example
 * const boot = bootstrapParameters(fit, cdnow, { draws: 200, seed: 1, onProgress: (k, n) => bar(k / n) });
 * predictivePurchases(fit, 39, cdnow, { parameterDraws: boot });
 * bootstrapParameters(fitGammaGamma(repeaters), repeaters, { draws: 200 }).values; // p, q, γ per draw
 * bootstrapParameters(fitShiftedBetaGeometric({ survivors }), { survivors }).draws; // 200
 */
export function bootstrapParameters(
  fit: FitLike & { readonly penalizer?: number },
  data: CustomersInput | SpendInput | ShiftedBetaGeometricData,
  options: BootstrapOptions = {},
): BootstrapDraws {
  const where = 'bootstrapParameters';
  const spec = modelOfFit(MODELS, fit, where);
  const opts = parseInput(OptionsSchema, options ?? {}, where);
  const draws = opts.draws ?? DEFAULT_REFITS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const resample = resamplerOf(spec, data, where);
  const names = spec.paramNames;
  const k = names.length;
  const values = new Float64Array(draws * k);
  const random = createRandom(seed);
  const initialParams = { ...fit.params };
  const penalizer = fit.penalizer ?? 0;
  let failedRefits = 0;
  for (let b = 0; b < draws; ) {
    const sample = resample(random);
    try {
      const refit = fitSpec(spec, sample, where, { initialParams, penalizer });
      for (let j = 0; j < k; j++) values[b * k + j] = refit.params[names[j] as string] as number;
      b++;
      opts.onProgress?.(b, draws);
    } catch (e) {
      if (!(e instanceof ClvFitError)) throw e;
      if (++failedRefits > draws)
        throw new ClvFitError({
          model: spec.model,
          reason: `bootstrap: ${failedRefits} resamples could not be refitted (${e.diagnostics.reason})`,
          lastParams: fit.params,
        });
    }
  }
  return Object.freeze({
    model: spec.model,
    paramNames: Object.freeze([...names]),
    draws,
    values,
    method: 'bootstrap',
    seed,
    failedRefits,
  });
}

/** A resample of the fitted data, as the model's fit takes it, from one stream of uniforms. */
type Resampler = (random: Random) => unknown;

/**
 * How a model's data is resampled: N customers drawn with replacement among categories of customers (distinct
 * histories, repeat spenders, churn periods) holding `weights[g]` customers each.
 */
function resamplerOf(spec: ModelSpec, data: unknown, where: string): Resampler {
  if (spec.dataKind === 'contractual') {
    // The sBG's prepared data is its validated survivor curve.
    const survivors = spec.prepare(data, where) as Float64Array;
    // Category t < T − 1: churned between decision t and t + 1; category T − 1: still active at the end.
    const T = survivors.length;
    const weights = new Float64Array(T);
    for (let t = 0; t + 1 < T; t++) weights[t] = (survivors[t] as number) - (survivors[t + 1] as number);
    weights[T - 1] = survivors[T - 1] as number;
    const draw = multinomialOf(weights, where);
    return (random) => {
      const counts = draw(random);
      const resampled = new Array<number>(T);
      let alive = survivors[0] as number;
      for (let t = 0; t < T; t++) {
        resampled[t] = alive;
        alive -= counts[t] as number;
      }
      return { survivors: resampled };
    };
  }
  if (spec.dataKind === 'spend') {
    // Gamma-Gamma's prepared data holds the validated repeat spenders' columns.
    const c = spec.prepare(data, where) as SpendColumns;
    const draw = multinomialOf(c.weights ?? new Float64Array(c.frequency.length).fill(1), where);
    return (random) => pickRows(draw(random), { frequency: c.frequency, monetaryValue: c.monetaryValue });
  }
  const grouped = groupCustomers(customerColumns(data as CustomersInput, where));
  const draw = multinomialOf(grouped.weights, where);
  return (random) =>
    pickRows(draw(random), { frequency: grouped.frequency, recency: grouped.recency, T: grouped.T });
}

/** The rows drawn at least once, each with its count as its weight. */
function pickRows<C extends Record<string, Float64Array>>(
  counts: Float64Array,
  columns: C,
): C & { weights: Float64Array } {
  const kept: number[] = [];
  for (let g = 0; g < counts.length; g++) if ((counts[g] as number) > 0) kept.push(g);
  const out: Record<string, Float64Array> = { weights: gatherRows(counts, kept) };
  for (const [name, column] of Object.entries(columns)) out[name] = gatherRows(column, kept);
  return out as C & { weights: Float64Array };
}

/**
 * N = Σ weights draws with replacement among the categories, category g with probability weights[g] / N, as
 * counts per category (a binary search in the cumulative weights per draw). The weights must be whole numbers
 * of customers, at least one in all.
 */
function multinomialOf(weights: Float64Array, where: string): (random: Random) => Float64Array {
  const G = weights.length;
  const cumulative = new Float64Array(G);
  let total = 0;
  for (let g = 0; g < G; g++) cumulative[g] = total += weights[g] as number;
  const n = Math.round(total);
  if (!(n >= 1 && Math.abs(total - n) < 1e-9))
    throw new ClvValidationError(where, [
      makeIssue('weights', 'whole numbers of customers, at least one', total),
    ]);
  const counts = new Float64Array(G);
  return (random) => {
    counts.fill(0);
    for (let j = 0; j < n; j++) {
      const u = random.uniform() * total;
      let lo = 0;
      let hi = G - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((cumulative[mid] as number) > u) hi = mid;
        else lo = mid + 1;
      }
      counts[lo] = (counts[lo] as number) + 1;
    }
    return counts;
  };
}
