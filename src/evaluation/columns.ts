/**
 * The input rule shared by every evaluation metric: two columns of finite numbers, one entry per customer, of
 * the same length (at least one). Checked once here and reused by every metric.
 */
import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { unreadableInput } from '../schemas/parse.js';

/**
 * A column of numbers: a typed array or a plain array.
 *
 * @inline
 */
export type NumberColumn = ArrayLike<number>;

/**
 * Copies a column into a Float64Array, every entry finite and ≥ `min` when given; a `ClvValidationError` naming
 * `name[i]` otherwise (the first 100 bad entries listed).
 *
 * @example numberColumn('metric', 'actual', [1, 2]) // Float64Array [1, 2]
 */
export function numberColumn(where: string, name: string, value: unknown, min?: number): Float64Array {
  if (!(Array.isArray(value) || ArrayBuffer.isView(value)))
    throw new ClvValidationError(where, [makeIssue(name, 'an array of numbers', value)]);
  const v = value as unknown as ArrayLike<unknown>;
  const out = new Float64Array(v.length);
  const issues = new IssueList();
  const expected = min === undefined ? 'a finite number' : `a finite number ≥ ${min}`;
  let i = 0;
  try {
    for (; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'number' && Number.isFinite(x) && (min === undefined || x >= min)) out[i] = x;
      else issues.note(`${name}[${i}]`, expected, x, i);
    }
  } catch (e) {
    throw unreadableInput(where, `${name}[${i}]`, e, i); // a Proxy whose element throws when read
  }
  issues.throwIfAny(where);
  return out;
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
