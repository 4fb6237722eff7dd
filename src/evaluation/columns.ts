/**
 * The input rule shared by every evaluation metric: two columns of finite numbers, one entry per customer, of
 * the same length (at least one). Checked once here and reused by every metric.
 */
import { ClvValidationError, makeIssue } from '../errors.js';
import type { FieldRule } from '../schemas/field.js';
import { ruleColumn } from '../schemas/ruleColumn.js';

/**
 * A column of numbers: a typed array or a plain array.
 *
 * @inline
 */
export type NumberColumn = ArrayLike<number>;

/** Any finite number (evaluated values need not stay below the inputs' magnitude bound), or one ≥ min. */
function metricValueRule(min: number | undefined): FieldRule<number> {
  return {
    expected: min === undefined ? 'a finite number' : `a finite number ≥ ${min}`,
    convert: (x) =>
      typeof x === 'number' && Number.isFinite(x) && (min === undefined || x >= min) ? x : undefined,
  };
}

/**
 * Copies a column into a Float64Array, every entry finite and ≥ `min` when given; a `ClvValidationError` naming
 * `name[i]` otherwise (read by `ruleColumn`).
 *
 * @example numberColumn('metric', 'actual', [1, 2]) // Float64Array [1, 2]
 */
export function numberColumn(where: string, name: string, value: unknown, min?: number): Float64Array {
  return ruleColumn(where, name, metricValueRule(min), value);
}

/**
 * Validates a pair of columns `actual` and `predicted`: the same length ≥ 1, entries finite (≥ `min` when given).
 *
 * @example pairedColumns('mae', [1, 2], [1.5, 2]) // { actual: Float64Array [1, 2], predicted: Float64Array [1.5, 2] }
 */
export function pairedColumns(
  where: string,
  actual: unknown,
  predicted: unknown,
  min?: number,
): { readonly actual: Float64Array; readonly predicted: Float64Array } {
  const a = numberColumn(where, 'actual', actual, min);
  const p = numberColumn(where, 'predicted', predicted, min);
  if (a.length === 0)
    throw new ClvValidationError(where, [makeIssue('actual', 'at least one value', a.length)]);
  if (p.length !== a.length)
    throw new ClvValidationError(where, [
      makeIssue('predicted', `${a.length} values, one per entry of actual`, p.length),
    ]);
  return { actual: a, predicted: p };
}
