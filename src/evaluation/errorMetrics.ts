/**
 * Per-customer error metrics of a prediction against what happened: MAE, RMSE, MSLE and the aggregate bias.
 * BTYDplus's demo ranks models by these (Platzer 2016, BTYDplus vignette "Customer Analytics with BTYDplus");
 * Python lifetimes' users ask for them (lifetimes issue 438).
 */
import { ClvValidationError, makeIssue } from '../errors.js';
import {
  differenceExponent,
  largestExponent,
  scaledDifference,
  timesPowerOfTwo,
} from '../models/special/powerOfTwoScaling.js';
import { type NumberColumn, pairedColumns } from './columns.js';

/**
 * Mean absolute error, MAE = (1/n) Σ_i |a_i − p_i|.
 * Source: e.g. Hyndman & Koehler (2006), "Another look at measures of forecast accuracy", IJF 22(4).
 * Summed in units of a power of two near the largest error (`scaling.ts`), so errors near 1e308 neither
 * overflow nor lose digits; an MAE beyond float64's range (1.8e308) is a `ClvValidationError` naming
 * `predicted`.
 *
 * @example meanAbsoluteError([0, 2, 4], [1, 2, 2]) // 1
 */
export function meanAbsoluteError(actual: NumberColumn, predicted: NumberColumn): number {
  const where = 'meanAbsoluteError';
  const { actual: a, predicted: p } = pairedColumns(where, actual, predicted);
  const k = differenceExponent(a, p);
  if (k === null) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(scaledDifference(a[i] as number, p[i] as number, k));
  return inRange(where, timesPowerOfTwo(s / a.length, k));
}

/**
 * Root mean squared error, RMSE = √((1/n) Σ_i (a_i − p_i)²). Source: Hyndman & Koehler (2006).
 * The squares are taken in units of a power of two near the largest error (`scaling.ts`, as LAPACK's `dnrm2`),
 * so they neither overflow (errors near 1e308) nor underflow (errors near 1e-200); an RMSE beyond float64's
 * range is a `ClvValidationError` naming `predicted`.
 *
 * @example rootMeanSquaredError([0, 2, 4], [1, 2, 2]) // √(5/3) ≈ 1.291
 */
export function rootMeanSquaredError(actual: NumberColumn, predicted: NumberColumn): number {
  const where = 'rootMeanSquaredError';
  const { actual: a, predicted: p } = pairedColumns(where, actual, predicted);
  const k = differenceExponent(a, p);
  if (k === null) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += scaledDifference(a[i] as number, p[i] as number, k) ** 2;
  return inRange(where, timesPowerOfTwo(Math.sqrt(s / a.length), k));
}

/** An error metric's value, refused when it is beyond float64's range (errors of opposite sign near 1e308). */
function inRange(where: string, value: number): number {
  if (!Number.isFinite(value))
    throw new ClvValidationError(where, [
      makeIssue(
        'predicted',
        `predictions whose ${where} is within float64 range (1.8e308)`,
        'an error beyond it',
      ),
    ]);
  return value;
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
 * (BTYDplus's demo reports it per model). Needs Σ a_i > 0. Each total is summed in units of a power of two near
 * its largest entry (`scaling.ts`), so totals beyond 1.8e308 still give the right ratio; a bias itself beyond
 * float64's range (Σ p more than 1.8e308 times Σ a) is a `ClvValidationError` naming `predicted`.
 *
 * @example aggregateBias([1, 3], [2, 3]) // 0.25
 */
export function aggregateBias(actual: NumberColumn, predicted: NumberColumn): number {
  const where = 'aggregateBias';
  const { actual: a, predicted: p } = pairedColumns(where, actual, predicted);
  const ka = largestExponent(a);
  const kp = largestExponent(p);
  let sa = 0;
  let sp = 0;
  for (let i = 0; i < a.length; i++) {
    sa += timesPowerOfTwo(a[i] as number, -ka);
    sp += timesPowerOfTwo(p[i] as number, -kp);
  }
  if (!(sa > 0))
    throw new ClvValidationError(where, [
      makeIssue('actual', 'values with a positive total', timesPowerOfTwo(sa, ka)),
    ]);
  const bias = timesPowerOfTwo(sp / sa, kp - ka) - 1;
  if (!Number.isFinite(bias))
    throw new ClvValidationError(where, [
      makeIssue('predicted', 'a total at most 1.8e308 times the total of actual', 'a larger total'),
    ]);
  return bias;
}
