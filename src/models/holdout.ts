/**
 * Holdout validation of a transaction model: actual versus predicted purchases in a holdout period, grouped by
 * calibration frequency — the conditional-expectations chart of Fader, Hardie & Lee (2005, Figure 4).
 */

import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { numberRule } from '../schemas/field.js';
import { guardedRead } from '../schemas/parse.js';
import type { NumericColumn } from './data/columns.js';
import { type CustomersInput, customerColumns } from './data/customers.js';
import type { ModelKernels } from './model.js';
import { MODELS } from './registry.js';
import {
  differenceExponent,
  largestExponent,
  scaledDifference,
  timesPowerOfTwo,
} from './special/powerOfTwoScaling.js';
import { type FitLike, modelOfFit } from './verbInputs.js';

/** Input of `compareHoldout`. */
export interface HoldoutInput {
  /** A fitted transaction model supporting `expectedPurchases`. */
  readonly fit: FitLike;
  /** Calibration summaries of the customers. */
  readonly customers: CustomersInput;
  /** Each customer's number of purchases in the holdout period (whole, ≥ 0), in the same order. */
  readonly holdoutPurchases: NumericColumn;
  /** Length of the holdout period, in the customers' time unit (the same for every customer). */
  readonly holdoutLength: number;
  /** Customers with this many or more calibration purchases share the last row (default 7). */
  readonly maxFrequency?: number;
}

/** One row of the comparison: customers with the same calibration frequency (the last row: `frequency`+). */
export interface HoldoutRow {
  readonly frequency: number;
  /** '0', '1', …, '7+'. */
  readonly label: string;
  /** Number of customers (sum of weights). */
  readonly customers: number;
  /** Mean actual holdout purchases per customer. */
  readonly actual: number;
  /** Mean predicted holdout purchases per customer. */
  readonly predicted: number;
}

/**
 * What `compareHoldout` returns: predicted against actual holdout purchases, one row per calibration
 * frequency, and the errors per customer and per row.
 */
export interface HoldoutComparison {
  readonly rows: readonly HoldoutRow[];
  /** Per customer: mean |actual − predicted| (weighted). */
  readonly mae: number;
  /** Per customer: √(mean (actual − predicted)²) (weighted). */
  readonly rmse: number;
  /** Per row: mean over rows of |actual − predicted| of the row means (the chart's visual gap). */
  readonly groupMae: number;
  /** Per row: √(mean over rows of the squared gap of the row means). */
  readonly groupRmse: number;
  /** Σ actual holdout purchases over all customers. */
  readonly totalActual: number;
  /** Σ predicted holdout purchases over all customers. */
  readonly totalPredicted: number;
}

const countRule = numberRule({ min: 0 }, true);
const lengthRule = numberRule({ min: 0, minExclusive: true });
const maxRule = numberRule({ min: 1, max: 10_000 }, true);

/**
 * Compares actual holdout purchases with the model's conditional expectations E[Y(t*) | x, t_x, T]
 * (t* = holdoutLength), grouped by calibration frequency x = 0, 1, …, maxFrequency−1 and maxFrequency+.
 * Errors and totals are summed in units of powers of two (`evaluation/scaling.ts`), so predictions near 1e300
 * give finite, exact errors; a weighted total beyond float64's range (1.8e308) is a `ClvValidationError`
 * naming `customers` (predicted) or `holdoutPurchases` (actual).
 *
 * @example compareHoldout({ fit, customers: calibration, holdoutPurchases, holdoutLength: 39 }).rows[0] // { label: '0', actual, predicted, … }
 */
export function compareHoldout(input: HoldoutInput): HoldoutComparison {
  return guardedRead('compareHoldout', 'input', () => compareHoldoutChecked(input));
}

function compareHoldoutChecked(input: HoldoutInput): HoldoutComparison {
  const where = 'compareHoldout';
  if (input === null || typeof input !== 'object')
    throw new ClvValidationError(where, [makeIssue('input', 'an object', input)]);
  const entry = modelOfFit(MODELS, input.fit, where, 'expectedPurchases').kernels;
  const issues = new IssueList();
  const length = lengthRule.convert(input.holdoutLength);
  if (length === undefined) issues.note('holdoutLength', lengthRule.expected, input.holdoutLength);
  const maxFrequency = input.maxFrequency === undefined ? 7 : maxRule.convert(input.maxFrequency);
  if (maxFrequency === undefined) issues.note('maxFrequency', maxRule.expected, input.maxFrequency);
  const customers = customerColumns(input.customers, where);
  const n = customers.frequency.length;
  const raw = input.holdoutPurchases;
  if (!(Array.isArray(raw) || ArrayBuffer.isView(raw)) || raw.length !== n)
    issues.note('holdoutPurchases', `an array of ${n} whole numbers (one per customer)`, raw);
  issues.throwIfAny(where);
  const actual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = countRule.convert(raw[i]);
    if (v === undefined) issues.note(`holdoutPurchases[${i}]`, countRule.expected, raw[i], i);
    else actual[i] = v;
  }
  issues.throwIfAny(where);

  const predict = entry.expectedPurchases as NonNullable<ModelKernels['expectedPurchases']>;
  const predicted = predict(input.fit.params, length as number, customers);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(predicted[i] as number))
      throw new ClvValidationError(where, [
        makeIssue(`customers[${i}]`, 'a finite prediction', predicted[i], i),
      ]);
  // Sums in units of powers of two (`evaluation/scaling.ts`), so predictions near 1e300 neither overflow the
  // squares and totals nor lose digits: kv scales the values, ke the errors (a, p ≥ 0, so |a − p| ≤ max(a, p)).
  const kv = Math.max(largestExponent(actual), largestExponent(predicted));
  const ke = differenceExponent(actual, predicted) ?? 0;
  const m = maxFrequency as number;
  const weight = new Float64Array(m + 1);
  const sumActual = new Float64Array(m + 1);
  const sumPredicted = new Float64Array(m + 1);
  let sw = 0;
  let sae = 0;
  let sse = 0;
  let totalActual = 0;
  let totalPredicted = 0;
  for (let i = 0; i < n; i++) {
    const w = customers.weights === undefined ? 1 : (customers.weights[i] as number);
    const k = Math.min(customers.frequency[i] as number, m);
    const a = timesPowerOfTwo(actual[i] as number, -kv);
    const p = timesPowerOfTwo(predicted[i] as number, -kv);
    const e = scaledDifference(actual[i] as number, predicted[i] as number, ke);
    weight[k] = (weight[k] as number) + w;
    sumActual[k] = (sumActual[k] as number) + w * a;
    sumPredicted[k] = (sumPredicted[k] as number) + w * p;
    sw += w;
    sae += w * Math.abs(e);
    sse += w * e ** 2;
    totalActual += w * a;
    totalPredicted += w * p;
  }
  const rows: HoldoutRow[] = [];
  for (let k = 0; k <= m; k++) {
    const w = weight[k] as number;
    if (w === 0) continue;
    const row = {
      frequency: k,
      label: k === m ? `${k}+` : String(k),
      customers: w,
      actual: timesPowerOfTwo((sumActual[k] as number) / w, kv),
      predicted: timesPowerOfTwo((sumPredicted[k] as number) / w, kv),
    };
    rows.push(Object.freeze(row));
  }
  const rowActual = rows.map((r) => r.actual);
  const rowPredicted = rows.map((r) => r.predicted);
  const kg = differenceExponent(rowActual, rowPredicted) ?? 0;
  let gae = 0;
  let gse = 0;
  for (let j = 0; j < rows.length; j++) {
    const e = scaledDifference(rowActual[j] as number, rowPredicted[j] as number, kg);
    gae += Math.abs(e);
    gse += e ** 2;
  }
  const total = (scaled: number, field: string) => {
    const value = timesPowerOfTwo(scaled, kv);
    if (!Number.isFinite(value))
      throw new ClvValidationError(where, [
        makeIssue(field, 'values whose weighted total is within float64 range (1.8e308)', 'a larger total'),
      ]);
    return value;
  };
  const rowsCount = Math.max(rows.length, 1);
  return Object.freeze({
    rows: Object.freeze(rows),
    mae: sw > 0 ? timesPowerOfTwo(sae / sw, ke) : 0,
    rmse: sw > 0 ? timesPowerOfTwo(Math.sqrt(sse / sw), ke) : 0,
    groupMae: timesPowerOfTwo(gae / rowsCount, kg),
    groupRmse: timesPowerOfTwo(Math.sqrt(gse / rowsCount), kg),
    totalActual: total(totalActual, 'holdoutPurchases'),
    totalPredicted: total(totalPredicted, 'customers'),
  });
}
