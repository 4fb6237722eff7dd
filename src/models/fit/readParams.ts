import { ClvError, type ClvIssue, ClvValidationError, makeIssue } from '../../errors.js';
import { unreadableInput } from '../../schemas/parse.js';

/** A fitted model (anything with `params`) or the bare parameters. */
export type ParamsInput<P> = P | { readonly params: Readonly<Record<string, number>> };

/**
 * Reads `model`'s parameters from a fit of it or from the bare parameters, checking that each named one is a
 * finite number greater than 0 (every BTYD parameter is). Throws `ClvValidationError` naming each bad one
 * as `params.NAME`, or `model` when the input is a fit of another model.
 *
 * @example readParams('survivalCurve', { params: { alpha: 0.7, beta: 1.2 } }, 'shiftedBetaGeometric', ['alpha', 'beta']) // { alpha: 0.7, beta: 1.2 }
 */
export function readParams<P>(
  where: string,
  input: ParamsInput<P>,
  model: string,
  names: readonly (keyof P & string)[],
): P {
  try {
    return readParamsChecked(where, input, model, names);
  } catch (e) {
    if (e instanceof ClvError) throw e;
    // A Proxy trap or a getter that throws while the parameters are read: the input's fault, said as such.
    throw unreadableInput(where, 'params', e);
  }
}

function readParamsChecked<P>(
  where: string,
  input: ParamsInput<P>,
  model: string,
  names: readonly (keyof P & string)[],
): P {
  if (input === null || typeof input !== 'object') {
    throw new ClvValidationError(where, [makeIssue('params', 'a fit or an object of parameters', input)]);
  }
  // A fit names its model: another model's parameters (a BG/BB fit has an alpha and a beta too) are refused.
  const named = (input as { model?: unknown }).model;
  if (named !== undefined && named !== model)
    throw new ClvValidationError(where, [makeIssue('model', `'${model}' (a fit of that model)`, named)]);
  const source = ('params' in input ? input.params : input) as Readonly<Record<string, unknown>> | null;
  if (source === null || typeof source !== 'object')
    throw new ClvValidationError(where, [makeIssue('params', 'an object of parameters', source)]);
  const issues: ClvIssue[] = [];
  const out: Record<string, number> = {};
  for (const name of names) {
    const v = source[name];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      issues.push(makeIssue(`params.${name}`, 'a finite number greater than 0', v));
    } else out[name] = v;
  }
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return out as unknown as P;
}
