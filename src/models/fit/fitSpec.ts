import { ClvValidationError, makeIssue } from '../../errors.js';
import { guardedRead, snapshot } from '../../schemas/parse.js';
import { timeUnitRule } from '../../transactions/calendar.js';
import { dataTimeUnit } from '../data/timeUnit.js';
import type { ModelId, ModelSpec } from '../model.js';
import { type Fit, type FitOptions, fitModel } from './fitModel.js';

/**
 * Fits a registered model to its data: the model validates and prepares the data (`ModelSpec.prepare`), the one
 * optimiser fits it (`fitModel`), and the fit records the data's time unit — from the data when it carries one,
 * else from `options.timeUnit`; the two disagreeing is a `ClvValidationError`.
 *
 * @example fitSpec(betaGeoModel, summary.columns, 'fitBetaGeo').timeUnit // the summary's unit, e.g. 'week'
 */
export function fitSpec<D, M extends ModelId>(
  spec: ModelSpec<D, M>,
  data: unknown,
  where: string,
  givenOptions: FitOptions = {},
): Fit<M> {
  // Read once (a Proxy or a throwing getter is the caller's ClvValidationError, not a foreign error).
  const options = snapshot(where, 'options', givenOptions, 1);
  const fromData = guardedRead(where, 'data', () => dataTimeUnit(data, where));
  const given = options?.timeUnit === undefined ? undefined : timeUnitRule.convert(options.timeUnit);
  if (fromData !== undefined && given !== undefined && fromData !== given)
    throw new ClvValidationError(where, [
      makeIssue('options.timeUnit', `the data's own unit, '${fromData}'`, options.timeUnit),
    ]);
  const prepared = guardedRead(where, 'data', () => spec.prepare(data, where));
  const unit = fromData ?? options?.timeUnit;
  return fitModel(spec, prepared, unit === undefined ? options : { ...options, timeUnit: unit });
}
