import { z } from 'zod';
import { ClvValidationError, makeIssue } from '../errors.js';
import { parseInput } from '../schemas/parse.js';
import type { Fit } from './fit/fitModel.js';

/** The models a fit file may hold, with their parameters in order. */
export const FIT_FILE_MODELS = {
  betaGeo: ['r', 'alpha', 'a', 'b'],
  modifiedBetaGeo: ['r', 'alpha', 'a', 'b'],
  paretoNbd: ['r', 'alpha', 's', 'beta'],
  betaGeoBetaBinom: ['alpha', 'beta', 'gamma', 'delta'],
  gammaGamma: ['p', 'q', 'gamma'],
  shiftedBetaGeometric: ['alpha', 'beta'],
} as const satisfies Record<string, readonly string[]>;
export type FitFileModel = keyof typeof FIT_FILE_MODELS;

const positive = z.number().positive().finite();
const finite = z.number().finite();

/**
 * A saved fit, version 1 (docs/fit-file.md): `{ format: 'clvkit-fit', version: 1, model, params, … }`. The
 * parameters are what predictions need; the rest (standard errors, intervals, likelihood, convergence, the
 * time unit the data were in) documents the fit. Unknown fields are refused so a typo cannot pass.
 */
export const FitFileSchema = z
  .strictObject({
    format: z.literal('clvkit-fit'),
    version: z.literal(1),
    model: z.enum(Object.keys(FIT_FILE_MODELS) as [FitFileModel, ...FitFileModel[]]),
    label: z.string(),
    params: z.record(z.string(), positive),
    standardErrors: z.record(z.string(), z.number().nonnegative()),
    confidenceIntervals: z.record(z.string(), z.tuple([z.number(), z.number()])),
    logLikelihood: finite,
    aic: finite,
    bic: finite,
    n: z.number().nonnegative(),
    converged: z.boolean(),
    iterations: z.number().int().nonnegative(),
    penalizer: z.number().nonnegative(),
    /** The unit of recency and T in the data the model was fitted on (predictions must use the same). */
    timeUnit: z.string().optional(),
    createdWith: z.string(),
  })
  .superRefine((f, ctx) => {
    const names = FIT_FILE_MODELS[f.model] as readonly string[];
    for (const name of names)
      if (!(name in f.params))
        ctx.addIssue({
          code: 'custom',
          path: ['params', name],
          message: `expected a parameter ${name} of ${f.model}`,
          input: undefined,
        });
    for (const name of Object.keys(f.params))
      if (!names.includes(name))
        ctx.addIssue({
          code: 'custom',
          path: ['params', name],
          message: `expected only ${names.join(', ')}`,
          input: f.params[name],
        });
  });
export type FitFile = z.output<typeof FitFileSchema>;

/**
 * Writes a fit as a versioned, documented JSON object (see `FitFileSchema`), for `clvkit fit --save` and any
 * program that keeps fits: `JSON.stringify(fitToJson(fit))`.
 *
 * @example fitToJson(fitBetaGeo(customers), { timeUnit: 'week' }).params.r
 */
export function fitToJson(
  fit: Fit,
  extra: { readonly timeUnit?: string; readonly createdWith?: string } = {},
): FitFile {
  if (!(fit.model in FIT_FILE_MODELS)) {
    throw new ClvValidationError('fitToJson', [
      makeIssue('fit.model', `one of ${Object.keys(FIT_FILE_MODELS).join(', ')}`, fit.model),
    ]);
  }
  return {
    format: 'clvkit-fit',
    version: 1,
    model: fit.model as FitFileModel,
    label: fit.label,
    params: { ...fit.params },
    standardErrors: { ...fit.standardErrors },
    confidenceIntervals: Object.fromEntries(
      Object.entries(fit.confidenceIntervals).map(([k, v]) => [k, [v[0], v[1]] as [number, number]]),
    ),
    logLikelihood: fit.logLikelihood,
    aic: fit.aic,
    bic: fit.bic,
    n: fit.n,
    converged: fit.converged,
    iterations: fit.iterations,
    penalizer: fit.penalizer,
    ...(extra.timeUnit === undefined ? {} : { timeUnit: extra.timeUnit }),
    createdWith: extra.createdWith ?? 'clvkit',
  };
}

/**
 * Reads a saved fit (an object parsed from JSON) back, validated: a wrong format, version, model or
 * parameter throws `ClvValidationError` naming the field. The result works wherever a fit is expected
 * (`probabilityAlive(fitFromJson(json), customers)`).
 *
 * @example fitFromJson(JSON.parse(readFileSync('fit.json', 'utf8'))).model === 'betaGeo'
 */
export function fitFromJson(json: unknown): FitFile {
  return parseInput(FitFileSchema, json, 'fitFromJson');
}
