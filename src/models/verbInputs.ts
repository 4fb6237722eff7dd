/**
 * The inputs of the verbs, validated once: a fit's model among a list of models (the library's registry, or the
 * spreadsheet's few), the horizon and the customers. The list is a parameter, so code that runs a few models
 * (src/sheets) bundles those models and no other (issue #13).
 */
import { ClvError, type ClvIssue, ClvValidationError, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { unreadableInput } from '../schemas/parse.js';
import { type TimeUnit, timeUnitRule } from '../transactions/calendar.js';
import {
  type CustomerColumns,
  type CustomersInput,
  customerColumns,
  MAX_PERIODS,
  wholePeriodsRule,
} from './data/customers.js';
import type { ModelKernels, ModelParams, ModelSpec } from './model.js';

/** Anything with a model id and parameters: a `Fit`, a fit read back with `fitFromJson`, or `fitFromParams`. */
export interface FitLike {
  readonly model: string;
  readonly params: ModelParams;
  /** The unit of the data the parameters were fitted on, when known; customers in another unit are refused. */
  readonly timeUnit?: TimeUnit | undefined;
}

/** The verbs a transaction model may define (the keys of `ModelKernels`). */
export type TransactionVerb = keyof ModelKernels;

const listOf = (specs: readonly ModelSpec[]) => specs.map((m) => `${m.model} (${m.label})`).join(', ');

/**
 * Validates a fit's model and parameters against `models` (every parameter of the model present, finite and
 * > 0; no others) and returns its model record. `verb`, when given, must be defined by the model. A model not in
 * `models` is refused as unknown, with the list of those that are.
 *
 * @example modelOfFit(MODELS, { model: 'betaGeo', params: { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 } }, 'probabilityAlive', 'probabilityAlive').label // 'BG/NBD'
 */
export function modelOfFit(
  models: readonly ModelSpec[],
  fit: FitLike,
  where: string,
  verb?: TransactionVerb | 'expectedSpend',
): ModelSpec {
  try {
    return checkedModelOfFit(models, fit, where, verb);
  } catch (e) {
    if (e instanceof ClvError) throw e;
    // A Proxy trap or a getter that throws while the fit is read: the input's fault, said as such.
    throw unreadableInput(where, 'fit', e);
  }
}

function checkedModelOfFit(
  models: readonly ModelSpec[],
  fit: FitLike,
  where: string,
  verb?: TransactionVerb | 'expectedSpend',
): ModelSpec {
  if (fit === null || typeof fit !== 'object')
    throw new ClvValidationError(where, [makeIssue('fit', 'a fitted model (a fit or fitFromParams)', fit)]);
  const spec = models.find((m) => m.model === fit.model);
  const supports = (m: ModelSpec) =>
    verb === undefined ||
    (verb === 'expectedSpend' ? m.spendKernels !== undefined : m.kernels[verb] !== undefined);
  if (spec === undefined || !supports(spec)) {
    const able = models.filter(supports);
    const what = verb === undefined ? 'a model of the library' : `a model that defines ${verb}`;
    throw new ClvValidationError(where, [
      makeIssue(
        'fit.model',
        `${what}: ${listOf(able)}`,
        spec === undefined ? fit.model : `${spec.model} (${spec.label})`,
      ),
    ]);
  }
  const issues: ClvIssue[] = [];
  const params = fit.params as Readonly<Record<string, unknown>> | null;
  if (params === null || typeof params !== 'object')
    issues.push(makeIssue('fit.params', 'an object', params));
  else {
    for (const name of spec.paramNames) {
      const v = params[name];
      if (!(typeof v === 'number' && Number.isFinite(v) && v > 0))
        issues.push(makeIssue(`fit.params.${name}`, 'a finite number greater than 0', v));
    }
    for (const name of Object.keys(params))
      if (!spec.paramNames.includes(name))
        issues.push(makeIssue(`fit.params.${name}`, `only ${spec.paramNames.join(', ')}`, params[name]));
  }
  if (fit.timeUnit !== undefined && timeUnitRule.convert(fit.timeUnit) === undefined)
    issues.push(makeIssue('fit.timeUnit', timeUnitRule.expected, fit.timeUnit));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  return spec;
}

/** A time ≥ 0. */
export const timeRule = numberRule({ min: 0 });

/** The value of `value` under `rule`, or a `ClvValidationError` naming `name` and what was expected. */
export function check<T>(
  where: string,
  name: string,
  rule: { expected: string; convert(v: unknown): T | undefined },
  value: unknown,
): T {
  const v = rule.convert(value);
  if (v === undefined) throw new ClvValidationError(where, [makeIssue(name, rule.expected, value)]);
  return v;
}

/** A horizon t: any time ≥ 0 for continuous models, whole periods for discrete and contractual ones. */
export function horizon(spec: ModelSpec, where: string, t: unknown, name = 't'): number {
  return spec.dataKind === 'continuous'
    ? check(where, name, timeRule, t)
    : check(
        where,
        name,
        { ...wholePeriodsRule, expected: `whole ${spec.label} periods (${wholePeriodsRule.expected})` },
        t,
      );
}

/**
 * Validates customers for a model: the shared rules (x whole ≥ 0, 0 ≤ t_x ≤ T, t_x = 0 when x = 0), whole
 * numbers for discrete and contractual models (x ≤ t_x for BG/BB, x ≤ T for the sBG), and the time unit: a fit
 * and customers that both name one must name the same.
 */
export function customersFor(
  spec: ModelSpec,
  fit: FitLike,
  input: CustomersInput,
  where: string,
): CustomerColumns {
  // No caller code runs during a prediction or a simulation: valid plain arrays are read in place.
  const c = customerColumns(input, where, { shareArrays: true });
  const rows = Array.isArray(input);
  const path = (field: string, i: number) => (rows ? `customers[${i}].${field}` : `${field}[${i}]`);
  const fitUnit = fit.timeUnit === undefined ? undefined : timeUnitRule.convert(fit.timeUnit);
  if (fitUnit !== undefined && c.timeUnit !== undefined && fitUnit !== c.timeUnit)
    throw new ClvValidationError(where, [
      makeIssue(
        'customers.timeUnit',
        `the fit's unit, '${fitUnit}' (convert the customers or refit)`,
        c.timeUnit,
      ),
    ]);
  if (spec.dataKind === 'discrete' || spec.dataKind === 'contractual') {
    const issues: ClvIssue[] = [];
    for (let i = 0; i < c.T.length && issues.length < 100; i++) {
      const x = c.frequency[i] as number;
      const tx = c.recency[i] as number;
      const n = c.T[i] as number;
      if (!(Number.isInteger(n) && n <= MAX_PERIODS))
        issues.push(makeIssue(path('T', i), `whole ${spec.label} periods, at most ${MAX_PERIODS}`, n, i));
      else if (!Number.isInteger(tx)) issues.push(makeIssue(path('recency', i), `a whole period`, tx, i));
      else if (spec.dataKind === 'discrete' && x > tx)
        issues.push(
          makeIssue(path('frequency', i), `at most recency (${tx}): one purchase per period`, x, i),
        );
      else if (spec.dataKind === 'contractual' && x > n)
        issues.push(makeIssue(path('frequency', i), `renewals at most T (${n})`, x, i));
    }
    if (issues.length > 0) throw new ClvValidationError(where, issues);
  }
  return c;
}
