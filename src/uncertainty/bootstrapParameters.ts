/**
 * Parameter uncertainty by the nonparametric bootstrap over customers: resample the customers with replacement,
 * refit, keep the estimates. No normal approximation, and usable when the Hessian is not positive definite.
 */
import * as z from 'zod/mini';
import { ClvFitError, ClvValidationError, makeIssue } from '../errors.js';
import { type CustomersInput, customerColumns } from '../models/data/customers.js';
import { groupCustomers } from '../models/data/groupCustomers.js';
import { fitSpec } from '../models/fit/fitSpec.js';
import { MODELS } from '../models/registry.js';
import { createRandom } from '../models/simulate/random.js';
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
 * replacement from the N customers (as multiplicities of the distinct (x, t_x, T) patterns, so a refit costs as
 * much as the original fit), refit the same model starting from the original estimate, keep θ⁽ᵇ⁾. The result is
 * a `ParameterDraws`-shaped matrix that `predictivePurchases` accepts. Refits that fail (a resample on which the
 * model is not identified) are counted in `failedRefits` and replaced; more failures than refits asked for is a
 * `ClvFitError`. For customer-level models (continuous and discrete); the sBG's data is a survivor curve.
 *
 * @example
 * const boot = bootstrapParameters(fit, cdnow, { draws: 200, seed: 1, onProgress: (k, n) => bar(k / n) });
 * predictivePurchases(fit, 39, cdnow, { parameterDraws: boot });
 */
export function bootstrapParameters(
  fit: FitLike & { readonly penalizer?: number },
  customers: CustomersInput,
  options: BootstrapOptions = {},
): BootstrapDraws {
  const where = 'bootstrapParameters';
  const spec = modelOfFit(MODELS, fit, where);
  if (spec.dataKind !== 'continuous' && spec.dataKind !== 'discrete')
    throw new ClvValidationError(where, [
      makeIssue('fit.model', 'a model fitted on customers (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB)', fit.model),
    ]);
  const opts = parseInput(OptionsSchema, options ?? {}, where);
  const draws = opts.draws ?? DEFAULT_REFITS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const c = customerColumns(customers, where);
  const grouped = groupCustomers(c);
  const G = grouped.weights.length;
  const cumulative = new Float64Array(G);
  let total = 0;
  for (let g = 0; g < G; g++) cumulative[g] = total += grouped.weights[g] as number;
  const n = Math.round(total);
  if (!(n >= 1 && Math.abs(total - n) < 1e-9))
    throw new ClvValidationError(where, [
      makeIssue('weights', 'whole numbers of customers, at least one', total),
    ]);
  const names = spec.paramNames;
  const k = names.length;
  const values = new Float64Array(draws * k);
  const random = createRandom(seed);
  const counts = new Float64Array(G);
  const initialParams = { ...fit.params };
  const penalizer = fit.penalizer ?? 0;
  let failedRefits = 0;
  for (let b = 0; b < draws; ) {
    counts.fill(0);
    for (let j = 0; j < n; j++) {
      // The group holding the u-th customer: binary search in the cumulative weights.
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
    const kept: number[] = [];
    for (let g = 0; g < G; g++) if ((counts[g] as number) > 0) kept.push(g);
    const pick = (column: Float64Array) => Float64Array.from(kept, (g) => column[g] as number);
    const resample = {
      frequency: pick(grouped.frequency),
      recency: pick(grouped.recency),
      T: pick(grouped.T),
      weights: pick(counts),
    };
    try {
      const refit = fitSpec(spec, resample, where, { initialParams, penalizer });
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
