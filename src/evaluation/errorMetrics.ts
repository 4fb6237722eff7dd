/**
 * Per-customer error metrics of a prediction against what happened: MAE, RMSE, MSLE and the aggregate bias.
 * BTYDplus's demo ranks models by these (Platzer 2016, BTYDplus vignette "Customer Analytics with BTYDplus");
 * Python lifetimes' users ask for them (lifetimes issue 438).
 */
import { ClvValidationError, makeIssue } from '../errors.js';
import { type NumberColumn, pairedColumns } from './columns.js';

/**
 * Mean absolute error, MAE = (1/n) Σ_i |a_i − p_i|.
 * Source: e.g. Hyndman & Koehler (2006), "Another look at measures of forecast accuracy", IJF 22(4).
 *
 * @example meanAbsoluteError([0, 2, 4], [1, 2, 2]) // 1
 */
export function meanAbsoluteError(actual: NumberColumn, predicted: NumberColumn): number {
  const { actual: a, predicted: p } = pairedColumns('meanAbsoluteError', actual, predicted);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] as number) - (p[i] as number));
  return s / a.length;
}

/**
 * Root mean squared error, RMSE = √((1/n) Σ_i (a_i − p_i)²). Source: Hyndman & Koehler (2006).
 *
 * @example rootMeanSquaredError([0, 2, 4], [1, 2, 2]) // √(5/3) ≈ 1.291
 */
export function rootMeanSquaredError(actual: NumberColumn, predicted: NumberColumn): number {
  const { actual: a, predicted: p } = pairedColumns('rootMeanSquaredError', actual, predicted);
  // Scaled by the largest error, so the squares cannot overflow (errors near 1e300 stay finite).
  let largest = 0;
  for (let i = 0; i < a.length; i++)
    largest = Math.max(largest, Math.abs((a[i] as number) - (p[i] as number)));
  if (!Number.isFinite(largest))
    throw new ClvValidationError('rootMeanSquaredError', [
      makeIssue(
        'predicted',
        'predictions within float64 range of the actual values',
        'a difference beyond 1.8e308',
      ),
    ]);
  if (largest === 0) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (((a[i] as number) - (p[i] as number)) / largest) ** 2;
  return largest * Math.sqrt(s / a.length);
}

/**
 * Mean squared logarithmic error, MSLE = (1/n) Σ_i (ln(1 + p_i) − ln(1 + a_i))²: errors on counts judged
 * relatively, so a few heavy buyers do not dominate (BTYDplus's demo; the squared log error of Platzer &
 * Reutterer 2016, "Ticking away the moments", Marketing Science 35(5)). Values must be ≥ 0.
 *
 * @example meanSquaredLogError([0, 3], [1, 3]) // (ln 2)² / 2 ≈ 0.2402
 */
export function meanSquaredLogError(actual: NumberColumn, predicted: NumberColumn): number {
  const { actual: a, predicted: p } = pairedColumns('meanSquaredLogError', actual, predicted, 0);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (Math.log1p(p[i] as number) - Math.log1p(a[i] as number)) ** 2;
  return s / a.length;
}

/**
 * Aggregate bias, Σ_i p_i / Σ_i a_i − 1: +0.10 means the model predicts 10 % more in total than happened
 * (BTYDplus's demo reports it per model). Needs Σ a_i > 0.
 *
 * @example aggregateBias([1, 3], [2, 3]) // 0.25
 */
export function aggregateBias(actual: NumberColumn, predicted: NumberColumn): number {
  const where = 'aggregateBias';
  const { actual: a, predicted: p } = pairedColumns(where, actual, predicted);
  let sa = 0;
  let sp = 0;
  for (let i = 0; i < a.length; i++) {
    sa += a[i] as number;
    sp += p[i] as number;
  }
  if (!(sa > 0))
    throw new ClvValidationError(where, [makeIssue('actual', 'values with a positive total', sa)]);
  return sp / sa - 1;
}
