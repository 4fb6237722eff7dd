/**
 * Seeded simulation of one sBG cohort (Fader & Hardie 2007): θ ~ Beta(α, β) per customer, who renews at the end
 * of each period with probability 1 − θ; the result counts those still active at the start of each period.
 */

import { ClvValidationError, makeIssue } from '../../errors.js';
import { guardedRead, optionsObject } from '../../schemas/parse.js';
import { readParams } from '../fit/readParams.js';
import type { SimulatedCustomerColumns, SimulationSettings } from '../model.js';
import type { ShiftedBetaGeometricParams, ShiftedBetaGeometricParamsInput } from '../shiftedBetaGeometric.js';
import { createRandom } from './random.js';

/**
 * Simulates a cohort's survivor curve (periods + 1 counts, the first = customers), ready for
 * `fitShiftedBetaGeometric`.
 *
 * @example
 * simulateShiftedBetaGeometric({ alpha: 0.704, beta: 1.182 }, { customers: 1000, periods: 7, seed: 1 }).survivors;
 */
export function simulateShiftedBetaGeometric(
  params: ShiftedBetaGeometricParamsInput,
  options: { readonly customers: number; readonly periods: number; readonly seed: number },
): { readonly survivors: Float64Array } {
  return guardedRead('simulateShiftedBetaGeometric', 'input', () =>
    simulateShiftedBetaGeometricChecked(params, options),
  );
}

function simulateShiftedBetaGeometricChecked(
  params: ShiftedBetaGeometricParamsInput,
  options: { readonly customers: number; readonly periods: number; readonly seed: number },
): { readonly survivors: Float64Array } {
  const where = 'simulateShiftedBetaGeometric';
  const p = readParams<ShiftedBetaGeometricParams>(where, params, 'shiftedBetaGeometric', ['alpha', 'beta']);
  const issues = [];
  const { customers, periods, seed } = optionsObject(
    where,
    options,
    undefined,
    '{ customers, periods, seed }',
  );
  if (!(Number.isInteger(customers) && customers >= 1))
    issues.push(makeIssue('customers', 'a whole number of 1 or more', customers));
  if (!(Number.isInteger(periods) && periods >= 1 && periods <= 1e6))
    issues.push(makeIssue('periods', 'a whole number in [1, 1000000]', periods));
  if (!Number.isFinite(seed)) issues.push(makeIssue('seed', 'a finite number', seed));
  if (issues.length > 0) throw new ClvValidationError(where, issues);
  const rng = createRandom(seed);
  // churnedIn[t]: customers whose last period is t (they are absent from the start of t+1).
  const churnedIn = new Float64Array(periods + 1);
  for (let i = 0; i < customers; i++) {
    const theta = rng.beta(p.alpha, p.beta);
    // Lifetime T ~ Geometric(θ) on 1, 2, …: by inversion, T = ⌈log(1−U)/log(1−θ)⌉.
    const u = rng.uniform();
    const life = theta >= 1 ? 1 : Math.max(1, Math.ceil(Math.log1p(-u) / Math.log1p(-theta)));
    if (life <= periods) churnedIn[life] = (churnedIn[life] as number) + 1;
  }
  const survivors = new Float64Array(periods + 1);
  survivors[0] = customers;
  for (let t = 1; t <= periods; t++) survivors[t] = (survivors[t - 1] as number) - (churnedIn[t] as number);
  return { survivors };
}

/**
 * Customers of the sBG story for `simulateCustomers`: θ ~ Beta(α, β) per customer, lifetime L ~ Geometric(θ) on
 * 1, 2, …; observed over T decisions a customer renews x = min(L − 1, T) times, and is alive after the next
 * decision when L > T + 1 (what P(alive) predicts).
 */
export function simulateShiftedBetaGeometricCustomers(
  p: ShiftedBetaGeometricParams,
  settings: SimulationSettings,
): SimulatedCustomerColumns {
  const { T: periods, random: rng } = settings;
  const n = periods.length;
  const frequency = new Float64Array(n);
  const alive = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const theta = rng.beta(p.alpha, p.beta);
    const u = rng.uniform();
    const life = theta >= 1 ? 1 : Math.max(1, Math.ceil(Math.log1p(-u) / Math.log1p(-theta)));
    const T = periods[i] as number;
    frequency[i] = Math.min(life - 1, T);
    alive[i] = life > T + 1 ? 1 : 0;
  }
  return {
    frequency,
    recency: Float64Array.from(frequency),
    T: Float64Array.from(periods),
    weights: undefined,
    alive,
  };
}
