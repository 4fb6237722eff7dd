/**
 * Parameter uncertainty: draws of a fit's parameters from the asymptotic normal distribution of the maximum-
 * likelihood estimate of the log-parameters, for the predictive verbs to mix over.
 */
import * as z from 'zod/mini';
import { ClvFitError, ClvValidationError, makeIssue } from '../errors.js';
import { choleskyFactor } from '../models/fit/covariance.js';
import type { ModelParams, ModelSpec } from '../models/model.js';
import { createRandom } from '../models/simulate/random.js';
import { type FitLike, modelOfFit } from '../models/verbInputs.js';
import { numberSchema } from '../schemas/field.js';
import { parseInput } from '../schemas/parse.js';

/** A fit with its estimates' covariance, as `fitBetaGeo` … and `fitFromJson` (when the file has one) return it. */
export interface FitWithCovariance extends FitLike {
  /** Parameter order of `covariance`; absent in fit files, whose covariance is in the model's order. */
  readonly paramNames?: readonly string[];
  /** Natural-scale covariance of the estimates (inverse observed information, delta method). */
  readonly covariance: readonly (readonly number[])[];
}

/** A matrix of parameter draws: `draws` rows of `paramNames.length` natural-scale values, row-major. */
export interface ParameterDraws {
  /** The model the parameters belong to. */
  readonly model: string;
  /** Column order of `values`. */
  readonly paramNames: readonly string[];
  /** Number of rows. */
  readonly draws: number;
  /** values[d · k + j]: parameter j of draw d (k = number of parameters); every value finite and > 0. */
  readonly values: Float64Array;
  /** How the draws were made: `drawParameters` (asymptotic normal) or `bootstrapParameters`. */
  readonly method: 'asymptotic' | 'bootstrap';
  readonly seed: number;
}

/** Options of `drawParameters`. */
export interface ParameterDrawOptions {
  /** Number of draws (default 1,000; at most 1,000,000). */
  readonly draws?: number;
  /** Seed of the pseudo-random source (a whole number in [0, 2³²); default 1): same seed, same draws. */
  readonly seed?: number;
}

/** The draws and seed options shared by every verb of the uncertainty module. */
export const drawOptionShape = {
  draws: z.optional(numberSchema({ min: 1, max: 1_000_000 }, true)),
  seed: z.optional(numberSchema({ min: 0, max: 4_294_967_295 }, true)),
};

const OptionsSchema = z.strictObject(drawOptionShape);

/** Default number of draws of every verb. */
export const DEFAULT_DRAWS = 1000;
/** Default seed of every verb. */
export const DEFAULT_SEED = 1;

/**
 * `drawParameters` (libraryVerbs.ts, where it is documented) with the fit's model among `models`.
 *
 * @example drawParametersWith(SHEET_MODELS, bgFit, { draws: 1000, seed: 7 }).values[0] // r of the first draw
 */
export function drawParametersWith(
  models: readonly ModelSpec[],
  fit: FitWithCovariance,
  options: ParameterDrawOptions = {},
): ParameterDraws {
  const where = 'drawParameters';
  const spec = modelOfFit(models, fit, where);
  const opts = parseInput(OptionsSchema, options, where);
  const draws = opts.draws ?? DEFAULT_DRAWS;
  const seed = opts.seed ?? DEFAULT_SEED;
  const names = spec.paramNames;
  const k = names.length;
  const cov = fit.covariance;
  const order = fit.paramNames;
  const sameOrder =
    order === undefined ||
    (Array.isArray(order) && order.length === k && order.every((name, j) => name === names[j]));
  if (!sameOrder)
    throw new ClvValidationError(where, [
      makeIssue('fit.paramNames', `the model's parameters in order: ${names.join(', ')}`, order),
    ]);
  if (!(Array.isArray(cov) && cov.length === k && cov.every((row) => Array.isArray(row) && row.length === k)))
    throw new ClvValidationError(where, [
      makeIssue('fit.covariance', `a ${k}×${k} matrix (a fitted model, not fitFromParams)`, cov),
    ]);
  const theta = names.map((name) => fit.params[name] as number);
  const logCov = new Float64Array(k * k);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const v = (cov[i] as readonly number[])[j];
      if (!(typeof v === 'number' && Number.isFinite(v)))
        throw new ClvValidationError(where, [makeIssue(`fit.covariance[${i}][${j}]`, 'a finite number', v)]);
      logCov[i * k + j] = v / ((theta[i] as number) * (theta[j] as number));
    }
  const factor = choleskyFactor(logCov, k);
  if (typeof factor === 'number')
    throw new ClvFitError({
      model: spec.model,
      reason: `covariance not positive definite at parameter ${names[factor]} (not identified): no asymptotic draws`,
      lastParams: fit.params,
    });
  const random = createRandom(seed);
  const values = new Float64Array(draws * k);
  const z = new Float64Array(k);
  for (let d = 0; d < draws; d++) {
    for (let j = 0; j < k; j++) z[j] = random.normal();
    for (let i = 0; i < k; i++) {
      let u = Math.log(theta[i] as number);
      for (let j = 0; j <= i; j++) u += (factor[i * k + j] as number) * (z[j] as number);
      const v = Math.exp(u);
      if (!(Number.isFinite(v) && v > 0))
        throw new ClvFitError({
          model: spec.model,
          reason: `parameter ${names[i]} drawn outside (0, ∞): its standard error is too large for asymptotic draws`,
          lastParams: fit.params,
        });
      values[d * k + i] = v;
    }
  }
  return Object.freeze({
    model: spec.model,
    paramNames: Object.freeze([...names]),
    draws,
    values,
    method: 'asymptotic',
    seed,
  });
}

/** Draw d of a parameter matrix as a params record. */
export function parameterRow(p: ParameterDraws, d: number): ModelParams {
  const k = p.paramNames.length;
  const out: Record<string, number> = {};
  for (let j = 0; j < k; j++) out[p.paramNames[j] as string] = p.values[d * k + j] as number;
  return out;
}
