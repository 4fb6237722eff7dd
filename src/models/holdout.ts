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
    const a = actual[i] as number;
    const p = predicted[i] as number;
    if (!Number.isFinite(p))
      throw new ClvValidationError(where, [makeIssue(`customers[${i}]`, 'a finite prediction', p, i)]);
    weight[k] = (weight[k] as number) + w;
    sumActual[k] = (sumActual[k] as number) + w * a;
    sumPredicted[k] = (sumPredicted[k] as number) + w * p;
    sw += w;
    sae += w * Math.abs(a - p);
    sse += w * (a - p) ** 2;
    totalActual += w * a;
    totalPredicted += w * p;
  }
  const rows: HoldoutRow[] = [];
  let gae = 0;
  let gse = 0;
  for (let k = 0; k <= m; k++) {
    const w = weight[k] as number;
    if (w === 0) continue;
    const row = {
      frequency: k,
      label: k === m ? `${k}+` : String(k),
      customers: w,
      actual: (sumActual[k] as number) / w,
      predicted: (sumPredicted[k] as number) / w,
    };
    gae += Math.abs(row.actual - row.predicted);
    gse += (row.actual - row.predicted) ** 2;
    rows.push(Object.freeze(row));
  }
  const rowsCount = Math.max(rows.length, 1);
  return Object.freeze({
    rows: Object.freeze(rows),
    mae: sw > 0 ? sae / sw : 0,
    rmse: sw > 0 ? Math.sqrt(sse / sw) : 0,
    groupMae: gae / rowsCount,
    groupRmse: Math.sqrt(gse / rowsCount),
    totalActual,
    totalPredicted,
  });
}
