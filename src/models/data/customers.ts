import { IssueList } from '../../errors.js';
import { MAX_INPUT_MAGNITUDE } from '../../money.js';
import { numberRule } from '../../schemas/field.js';
import type { TimeUnit } from '../../transactions/calendar.js';
import { type NumericColumn, readColumns } from './columns.js';
import { dataTimeUnit } from './timeUnit.js';

/**
 * Validated customer summaries in columns: the RFM-style input of the buy-till-you-die models.
 * - frequency x: number of repeat purchases (whole, ≥ 0);
 * - recency t_x: age at the last purchase (0 when x = 0), measured from the first purchase;
 * - T: age at the end of the calibration period (0 ≤ t_x ≤ T);
 * - weights: how many customers share the row (default 1 each).
 * All times in the same unit (days, weeks …); predictions are in that unit.
 */
export interface CustomerColumns {
  readonly frequency: Float64Array;
  readonly recency: Float64Array;
  readonly T: Float64Array;
  readonly weights: Float64Array | undefined;
  /** The unit of recency and T, when the data says (summaries do); fits record it and predictions check it. */
  readonly timeUnit?: TimeUnit;
}

/** One customer as a row object. */
export interface CustomerRow {
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  /** How many customers share this row (default 1). */
  readonly weight?: number;
}

/** Customers as rows or as columns (plain arrays or Float64Arrays). */
export type CustomersInput =
  | readonly CustomerRow[]
  | {
      readonly frequency: NumericColumn;
      readonly recency: NumericColumn;
      readonly T: NumericColumn;
      readonly weights?: NumericColumn;
      /** The unit of recency and T ('day', 'week', …), as summaries carry it. */
      readonly timeUnit?: TimeUnit;
    };

export const frequencyRule = numberRule({ min: 0 }, true);
export const timeRule = numberRule({ min: 0 });
export const weightRule = numberRule({ min: 0 });

/**
 * The most whole periods (transaction opportunities of the BG/BB, contract periods of the sBG) a customer or a
 * horizon of a discrete or contractual model spans: their likelihoods and predictions sum over the periods, O(n)
 * per customer pattern, so a bound keeps every call fast. A million is 2,700 years of daily opportunities.
 */
export const MAX_PERIODS = 1_000_000;
/** Whole periods in [0, `MAX_PERIODS`]. */
export const wholePeriodsRule = numberRule({ min: 0, max: MAX_PERIODS }, true);

/** How `customerColumns` may use the caller's arrays. */
export interface CustomerColumnsOptions {
  /**
   * True: valid columns that are plain Float64Arrays over an unshared buffer are used as they are, not copied.
   * Only for a computation that runs no caller code before it is done (a prediction, a simulation), so nothing
   * can change them between the check and their use; a fit (progress callbacks) copies.
   */
  readonly shareArrays?: boolean;
}

/**
 * Validates customers (rows or columns) into Float64Array columns. Besides each value's rule, checks
 * t_x ≤ T and t_x = 0 when x = 0 (`recency[3]: expected a finite number in [0, T = 38.86], received 40`).
 *
 * @example customerColumns({ frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] }).frequency // Float64Array [2, 0]
 */
export function customerColumns(
  input: CustomersInput,
  where = 'customers',
  options: CustomerColumnsOptions = {},
): CustomerColumns {
  const fast = validFloat64Columns(input, options.shareArrays === true);
  if (fast !== undefined) {
    const timeUnit = dataTimeUnit(input, where);
    return { ...fast, ...(timeUnit === undefined ? {} : { timeUnit }) };
  }
  const { columns, length } = readColumns(
    input,
    [
      { name: 'frequency', rule: frequencyRule },
      { name: 'recency', rule: timeRule },
      { name: 'T', rule: timeRule },
      { name: 'weights', rowField: 'weight', rule: weightRule, optional: true },
    ],
    where,
  );
  const frequency = columns.frequency as Float64Array;
  const recency = columns.recency as Float64Array;
  const T = columns.T as Float64Array;
  const rows = Array.isArray(input);
  const path = (field: string, i: number) => (rows ? `customers[${i}].${field}` : `${field}[${i}]`);
  const issues = new IssueList();
  for (let i = 0; i < length; i++) {
    const tx = recency[i] as number;
    const t = T[i] as number;
    if (tx > t) issues.note(path('recency', i), `a finite number in [0, T = ${t}]`, tx, i);
    else if (frequency[i] === 0 && tx !== 0) issues.note(path('recency', i), '0 when frequency is 0', tx, i);
  }
  issues.throwIfAny(where);
  const timeUnit = dataTimeUnit(input, where);
  return { frequency, recency, T, weights: columns.weights, ...(timeUnit === undefined ? {} : { timeUnit }) };
}

/** Σ weights (or the number of rows). */
export function totalWeight(c: {
  readonly frequency: Float64Array;
  readonly weights: Float64Array | undefined;
}): number {
  if (c.weights === undefined) return c.frequency.length;
  let s = 0;
  for (let i = 0; i < c.weights.length; i++) s += c.weights[i] as number;
  return s;
}

/**
 * The common case of `customerColumns` in one tight pass: Float64Array columns whose every value passes the
 * rules (x whole, 0 ≤ t_x ≤ T, t_x = 0 when x = 0, weights ≥ 0, all below the input bound) are copied as they
 * are. Anything else — other column types, rows, any invalid value, an unreadable input — gives undefined,
 * and the general reader then builds the columns or the error with every issue.
 */
function validFloat64Columns(
  input: unknown,
  share: boolean,
): Pick<CustomerColumns, 'frequency' | 'recency' | 'T' | 'weights'> | undefined {
  try {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
    const { frequency, recency, T, weights } = input as Record<string, unknown>;
    if (!(frequency instanceof Float64Array && recency instanceof Float64Array && T instanceof Float64Array))
      return undefined;
    if (weights !== undefined && !(weights instanceof Float64Array)) return undefined;
    const n = frequency.length;
    if (recency.length !== n || T.length !== n || (weights !== undefined && weights.length !== n))
      return undefined;
    for (let i = 0; i < n; i++) {
      const x = frequency[i] as number;
      const tx = recency[i] as number;
      const t = T[i] as number;
      // NaN fails every comparison; t < bound and 0 ≤ t_x ≤ t bound the recency too.
      if (
        !(
          x >= 0 &&
          x < MAX_INPUT_MAGNITUDE &&
          x === Math.floor(x) &&
          tx >= 0 &&
          tx <= t &&
          t < MAX_INPUT_MAGNITUDE
        )
      )
        return undefined;
      if (x === 0 && tx !== 0) return undefined;
    }
    if (weights !== undefined)
      for (let i = 0; i < n; i++) {
        const w = weights[i] as number;
        if (!(w >= 0 && w < MAX_INPUT_MAGNITUDE)) return undefined;
      }
    const own = (a: Float64Array) => (share && isPlainUnsharedFloat64Array(a) ? a : a.slice());
    return {
      frequency: own(frequency),
      recency: own(recency),
      T: own(T),
      weights: weights === undefined ? undefined : own(weights),
    };
  } catch {
    return undefined;
  }
}

/** The intrinsic getter of a typed array's buffer (an own `buffer` property cannot stand in for it). */
const typedArrayBuffer = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Float64Array.prototype),
  'buffer',
)?.get as (this: Float64Array) => ArrayBufferLike;

/**
 * True for a Float64Array of this realm, not a subclass or a Proxy (`ArrayBuffer.isView` sees through neither),
 * with no own `length`, over a buffer no other thread can write (not a SharedArrayBuffer): its values can
 * change only when code runs that holds it.
 */
function isPlainUnsharedFloat64Array(a: Float64Array): boolean {
  if (!ArrayBuffer.isView(a) || Object.getPrototypeOf(a) !== Float64Array.prototype) return false;
  if (Object.getOwnPropertyDescriptor(a, 'length') !== undefined) return false;
  const buffer = typedArrayBuffer.call(a);
  return typeof SharedArrayBuffer === 'undefined' || !(buffer instanceof SharedArrayBuffer);
}
