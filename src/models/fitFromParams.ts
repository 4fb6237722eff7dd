import { ClvValidationError, makeIssue } from '../errors.js';
import { guardedRead } from '../schemas/parse.js';
import { type TimeUnit, timeUnitRule } from '../transactions/calendar.js';
import type { ModelId } from './model.js';
import { MODEL_IDS, MODELS } from './registry.js';
import { type FitLike, modelOfFit } from './verbInputs.js';

/** Published parameters, ready for every verb: what `fitFromParams` returns. */
export interface ParamsFit<M extends ModelId = ModelId> extends FitLike {
  readonly model: M;
  readonly label: string;
  readonly params: Readonly<Record<string, number>>;
  readonly paramNames: readonly string[];
  readonly timeUnit?: TimeUnit;
}

/**
 * A fit from parameters published in a paper or estimated by another tool, validated like any fit (a model id of
 * the registry, each of its parameters finite and > 0, no others, a known time unit), so that the verbs and
 * `predictCustomerLifetimeValue` can use them without fitting. Give `timeUnit` — the unit of the data the
 * parameters were estimated on (α of BG/NBD is in that unit) — so customers in another unit are refused.
 *
 * @example
 * const cdnow = fitFromParams({ model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, timeUnit: 'week' });
 * expectedPurchasesNewCustomer(cdnow, 39) // ≈ 1.34 (FHL 2005)
 */
export function fitFromParams<M extends ModelId>(input: {
  readonly model: M;
  readonly params: Readonly<Record<string, number>>;
  readonly timeUnit?: TimeUnit | `${TimeUnit}s`;
}): ParamsFit<M> {
  return guardedRead('fitFromParams', 'input', () => fitFromParamsChecked(input));
}

function fitFromParamsChecked<M extends ModelId>(input: {
  readonly model: M;
  readonly params: Readonly<Record<string, number>>;
  readonly timeUnit?: TimeUnit | `${TimeUnit}s`;
}): ParamsFit<M> {
  const where = 'fitFromParams';
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [makeIssue('input', '{ model, params, timeUnit? }', input)]);
  if (!(MODEL_IDS as readonly string[]).includes(input.model as string))
    throw new ClvValidationError(where, [makeIssue('model', `one of ${MODEL_IDS.join(', ')}`, input.model)]);
  const unit = input.timeUnit === undefined ? undefined : timeUnitRule.convert(input.timeUnit);
  if (input.timeUnit !== undefined && unit === undefined)
    throw new ClvValidationError(where, [makeIssue('timeUnit', timeUnitRule.expected, input.timeUnit)]);
  const spec = modelOfFit(MODELS, { model: input.model, params: input.params }, where);
  const params = Object.freeze(
    Object.fromEntries(spec.paramNames.map((name) => [name, input.params[name] as number])),
  );
  return Object.freeze({
    model: input.model,
    label: spec.label,
    params,
    paramNames: Object.freeze([...spec.paramNames]),
    ...(unit === undefined ? {} : { timeUnit: unit }),
  });
}
