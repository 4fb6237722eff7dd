import * as z from 'zod/mini';
import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead, parseInput } from '../schemas/parse.js';
import { TIME_UNITS, type TimeUnit } from '../transactions/calendar.js';
import type { Fit } from './fit/fitModel.js';
import type { ModelId } from './model.js';
import { findModel, MODEL_IDS } from './registry.js';

const positive = z.number().check(z.positive());
const finite = z.number();
const MODEL_NAMES = MODEL_IDS as [ModelId, ...ModelId[]];
/** The parameter names of a model, from the registry. */
const paramNamesOf = (model: string): readonly string[] => findModel(model)?.paramNames ?? [];

/** The two fields every version keeps: read first, so a file of another kind or version gets one clear message. */
const FitFileHeaderSchema = z.looseObject({
  format: z.literal('clvkit-fit', {
    error: "'clvkit-fit' (a file written by clvkit fit --save or fitToJson)",
  }),
  version: z.literal(1, { error: '1 (this clvkit reads version 1 fit files)' }),
});

/**
 * A saved fit, version 1 (docs/fit-file.md): `{ format: 'clvkit-fit', version: 1, model, params, … }`. The
 * parameters are what predictions need; the rest (standard errors, intervals, covariance, likelihood,
 * convergence, the time unit the data were in) documents the fit. Unknown fields are refused so a typo cannot
 * pass.
 */
export const FitFileSchema = z
  .strictObject({
    format: z.literal('clvkit-fit', { error: "'clvkit-fit'" }),
    version: z.literal(1, { error: '1' }),
    model: z.enum(MODEL_NAMES, { error: `one of ${MODEL_NAMES.join(', ')}` }),
    label: z.string(),
    params: z.record(z.string(), positive),
    standardErrors: z.record(z.string(), z.number().check(z.nonnegative())),
    confidenceIntervals: z.record(z.string(), z.tuple([finite, finite])),
    /** Covariance of the estimates, rows and columns in the model's parameter order (optional). */
    covariance: z.optional(z.array(z.array(finite))),
    logLikelihood: finite,
    aic: finite,
    bic: finite,
    n: z.number().check(z.nonnegative()),
    converged: z.boolean(),
    iterations: z.int().check(z.nonnegative()),
    /** Largest |∂f/∂ln θ| at the estimate (optional). */
    gradientNorm: z.optional(z.number().check(z.nonnegative())),
    penalizer: z.number().check(z.nonnegative()),
    /** The unit of recency and T in the data the model was fitted on (predictions must use the same). */
    timeUnit: z.optional(
      z.enum(TIME_UNITS as [TimeUnit, ...TimeUnit[]], { error: `one of ${TIME_UNITS.join(', ')}` }),
    ),
    createdWith: z.string(),
  })
  .check(
    z.superRefine((f, ctx) => {
      const names = paramNamesOf(f.model);
      const issue = (path: (string | number)[], message: string, input: unknown) =>
        ctx.addIssue({ code: 'custom', path, message, input });
      for (const name of names)
        if (!(name in f.params))
          issue(['params', name], `expected a parameter ${name} of ${f.model}`, undefined);
      for (const name of Object.keys(f.params))
        if (!names.includes(name))
          issue(['params', name], `expected only ${names.join(', ')}`, f.params[name]);
      for (const field of ['standardErrors', 'confidenceIntervals'] as const)
        for (const name of Object.keys(f[field]))
          if (!names.includes(name))
            issue([field, name], `expected only ${names.join(', ')}`, f[field][name]);
      const cov = f.covariance;
      if (cov && (cov.length !== names.length || cov.some((row) => row.length !== names.length)))
        issue(
          ['covariance'],
          `expected a ${names.length} × ${names.length} matrix (${names.join(', ')})`,
          cov,
        );
    }),
  );
/**
 * A saved fit, version 1 (docs/fit-file.md; `fitToJson` writes it, `fitFromJson` reads and validates it): the
 * model, its parameters, and what documents the fit (standard errors, intervals, covariance, likelihood,
 * convergence, the time unit of the data).
 *
 * @interface
 */
export type FitFile = z.output<typeof FitFileSchema>;

/**
 * Writes a fit as a versioned, documented JSON object (see `FitFileSchema`), for `clvkit fit --save` and any
 * program that keeps fits: `JSON.stringify(fitToJson(fit))`.
 *
 * The time unit is the fit's own (`Fit.timeUnit`, recorded from the data); `extra.timeUnit` names it for a fit
 * that has none, and must agree with one that has.
 *
 * @example fitToJson(fitBetaGeo(summary.columns)).timeUnit // the summary's unit, e.g. 'week'
 */
export function fitToJson(
  fit: Fit,
  extra: { readonly timeUnit?: TimeUnit; readonly createdWith?: string } = {},
): FitFile {
  return guardedRead('fitToJson', 'input', () => fitToJsonChecked(fit, extra));
}

function fitToJsonChecked(
  fit: Fit,
  extra: { readonly timeUnit?: TimeUnit; readonly createdWith?: string } = {},
): FitFile {
  if (findModel(fit?.model)?.model !== fit?.model) {
    throw new ClvValidationError('fitToJson', [
      makeIssue('fit.model', `one of ${MODEL_IDS.join(', ')}`, fit?.model),
    ]);
  }
  if (extra.timeUnit !== undefined && fit.timeUnit !== undefined && extra.timeUnit !== fit.timeUnit)
    throw new ClvValidationError('fitToJson', [
      makeIssue('extra.timeUnit', `the fit's own unit, '${fit.timeUnit}'`, extra.timeUnit),
    ]);
  const timeUnit = fit.timeUnit ?? extra.timeUnit;
  return {
    format: 'clvkit-fit',
    version: 1,
    model: fit.model as ModelId,
    label: fit.label,
    params: { ...fit.params },
    standardErrors: { ...fit.standardErrors },
    confidenceIntervals: Object.fromEntries(
      Object.entries(fit.confidenceIntervals).map(([k, v]) => [k, [v[0], v[1]] as [number, number]]),
    ),
    ...covarianceOf(fit),
    logLikelihood: fit.logLikelihood,
    aic: fit.aic,
    bic: fit.bic,
    n: fit.n,
    converged: fit.converged,
    iterations: fit.iterations,
    ...(Number.isFinite(fit.gradientNorm) ? { gradientNorm: fit.gradientNorm } : {}),
    penalizer: fit.penalizer,
    ...(timeUnit === undefined ? {} : { timeUnit }),
    createdWith: extra.createdWith ?? 'clvkit',
  };
}

/**
 * Reads a saved fit (an object parsed from JSON) back, validated: a wrong format, version, model or
 * parameter throws `ClvValidationError` naming the field. `format` and `version` are checked first, so a
 * file of another kind or a later version gets that one message, not one per field it does not share. The result works wherever a fit is expected
 * (`probabilityAlive(fitFromJson(json), customers)`).
 *
 * @example fitFromJson(JSON.parse(readFileSync('fit.json', 'utf8'))).model === 'betaGeo'
 */
export function fitFromJson(json: unknown): FitFile {
  parseInput(FitFileHeaderSchema, json, 'fitFromJson');
  return parseInput(FitFileSchema, json, 'fitFromJson');
}

/** The fit's covariance reordered to the file's parameter order (absent when the fit has none). */
function covarianceOf(fit: Fit): { covariance?: number[][] } {
  const names = paramNamesOf(fit.model);
  const at = names.map((name) => fit.paramNames.indexOf(name));
  const cov = fit.covariance;
  if (!cov || at.some((i) => i < 0 || cov[i] === undefined)) return {};
  return { covariance: at.map((i) => at.map((j) => (cov[i] as readonly number[])[j] as number)) };
}
