import { type ClvIssue, ClvValidationError, makeIssue } from '../../errors.js';
import { MAX_LIST_LENGTH, numberRule } from '../../schemas/field.js';
import { guardedRead } from '../../schemas/parse.js';
import { ruleColumn } from '../../schemas/ruleColumn.js';
import type { SimulatedCustomerColumns } from '../model.js';
import { MODELS } from '../registry.js';
import { type FitLike, modelOfFit } from '../verbInputs.js';
import { createRandom } from './random.js';

/** What `simulateCustomers` draws: how many customers, how long each is observed, and a seed. */
export interface SimulateCustomersOptions {
  /** Observation length of every customer (with `customers`), or one per customer (an array). Whole periods for BG/BB and the sBG. */
  readonly T: number | ArrayLike<number>;
  /** Number of customers when `T` is a number. */
  readonly customers?: number;
  /** Seed of the pseudo-random source: the same seed gives the same customers on every machine. */
  readonly seed: number;
  /** Continuous models: purchase times rounded down to multiples of this (e.g. 1/7 for days when T is in weeks). */
  readonly resolution?: number;
}

/** Parameters beyond this are refused: the samplers' arithmetic would overflow. */
const MAX_PARAM = 1e12;
/** An observation length: any in [0, 1e9] for continuous models, whole periods for BG/BB and the sBG. */
const AGE = numberRule({ min: 0, max: 1e9 });
const WHOLE_AGE = numberRule({ min: 0, max: 1e9 }, true);

/**
 * Draws customers from a transaction model's generative story, with its parameters (a fit or `fitFromParams`):
 * BG/NBD (Fader, Hardie & Lee 2005 §2), MBG/NBD (Batislam et al. 2007), Pareto/NBD (Schmittlein et al. 1987),
 * BG/BB (Fader, Hardie & Berger 2010; T = opportunities), sBG (Fader & Hardie 2007; T = renewal decisions).
 * Returns the summary each customer would show (frequency, recency, T) and whether they are alive at the end (as
 * `probabilityAlive` defines it) — the truth to check predictions against. The parameter checks are the
 * registry's (the model's names, finite, > 0), plus a bound of 1e12 the samplers can handle.
 *
 * @example simulateCustomers(fitFromParams({ model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } }), { customers: 1000, T: 39, seed: 1 }).frequency.length // 1000
 */
export function simulateCustomers(fit: FitLike, options: SimulateCustomersOptions): SimulatedCustomerColumns {
  const where = 'simulateCustomers';
  const spec = modelOfFit(MODELS, fit, where);
  const issues: ClvIssue[] = [];
  if (spec.simulate === undefined)
    issues.push(
      makeIssue('fit.model', 'a transaction model (the spend model has no customers to simulate)', fit.model),
    );
  for (const name of spec.paramNames)
    if (!((fit.params[name] as number) <= MAX_PARAM))
      issues.push(makeIssue(`fit.params.${name}`, `a number up to ${MAX_PARAM}`, fit.params[name]));
  if (options === null || typeof options !== 'object')
    throw new ClvValidationError(where, [
      ...issues,
      makeIssue('options', '{ T, customers?, seed }', options),
    ]);
  const { T, customers, seed, resolution } = guardedRead(where, 'options', () => ({
    T: options.T,
    customers: options.customers,
    seed: options.seed,
    resolution: options.resolution,
  }));
  const whole = spec.dataKind !== 'continuous';
  const ageRule = whole ? WHOLE_AGE : AGE;
  let ages: Float64Array = new Float64Array(0);
  if (typeof T === 'number') {
    const age = ageRule.convert(T);
    if (age === undefined) issues.push(makeIssue('T', ageRule.expected, T));
    if (
      !(Number.isInteger(customers) && (customers as number) >= 0 && (customers as number) <= MAX_LIST_LENGTH)
    )
      issues.push(
        makeIssue('customers', `a whole number in [0, ${MAX_LIST_LENGTH}] (with a single T)`, customers),
      );
    else if (age !== undefined) ages = new Float64Array(customers as number).fill(age);
  } else {
    // A list of ages: its issues join the other options' (one error names them all).
    try {
      ages = ruleColumn(where, 'T', ageRule, T);
    } catch (e) {
      if (!(e instanceof ClvValidationError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (!(typeof seed === 'number' && Number.isFinite(seed)))
    issues.push(makeIssue('seed', 'a finite number', seed));
  if (
    resolution !== undefined &&
    !(typeof resolution === 'number' && Number.isFinite(resolution) && resolution > 0)
  )
    issues.push(makeIssue('resolution', 'a finite number greater than 0', resolution));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const simulate = spec.simulate as NonNullable<typeof spec.simulate>;
  return simulate(fit.params, {
    T: ages,
    resolution: whole ? undefined : resolution,
    random: createRandom(seed),
  });
}
