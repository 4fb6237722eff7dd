import { ClvValidationError, makeIssue } from '../errors.js';
import type { DecimalInput } from '../money.js';
import { decimalRule, numberRule } from '../schemas/field.js';
import { anyValueRule, type CustomerValues, readValues, topIndices } from './values.js';

const fractionRule = decimalRule({ min: 0, minExclusive: true, max: 1 }, 'a fraction');

/**
 * The most valuable ⌈fraction × n⌉ customers (e.g. an ambassador or VIP list), most valuable first: their
 * indices in `values`, or their ids when `ids` (as long as `values`) is given. Equal values are listed by
 * index, so at the boundary a tie group is cut in input order (deterministic). Ranked as float64 (see
 * `rfmScores`); the count is computed exactly (fraction taken as its decimal digits). Linear expected time
 * plus a sort of the chosen customers.
 *
 * @example topCustomers([5, 90, 40, 90], 0.5) // [1, 3]
 * @example topCustomers([5, 90, 40], 0.5, ['ann', 'bob', 'cy']) // ['bob', 'cy']
 */
export function topCustomers(values: CustomerValues, fraction: DecimalInput): number[];
export function topCustomers<T>(values: CustomerValues, fraction: DecimalInput, ids: readonly T[]): T[];
export function topCustomers<T>(
  values: CustomerValues,
  fraction: DecimalInput,
  ids?: readonly T[],
): (number | T)[] {
  const where = 'topCustomers';
  const f = fractionRule.convert(fraction);
  if (f === undefined)
    throw new ClvValidationError(where, [makeIssue('fraction', fractionRule.expected, fraction)]);
  return pickTop(values, ids, where, (n) => f.mul(n).ceil().toNumber());
}

/** The top `countOf(n)` of validated values (ids checked against them), as indices or ids. */
function pickTop<T>(
  values: CustomerValues,
  ids: readonly T[] | undefined,
  where: string,
  countOf: (n: number) => number,
): (number | T)[] {
  const { n, x } = readValues(values, anyValueRule, where);
  if (ids !== undefined && (!Array.isArray(ids) || ids.length !== n))
    throw new ClvValidationError(where, [makeIssue('ids', `an array of ${n} ids (one per value)`, ids)]);
  const top = topIndices(x, countOf(n));
  return ids === undefined ? top : top.map((i) => ids[i] as T);
}

const countRule = numberRule({ min: 0 }, true);

/**
 * The `count` most valuable customers, most valuable first (all of them when there are fewer): their indices
 * in `values`, or their ids when `ids` is given. As `topCustomers`, with a number of customers instead of a
 * fraction — e.g. the top 20 rows of a report. Equal values are listed by index. O(n + count log count).
 *
 * @example topCustomersByCount([5, 90, 40, 90], 3) // [1, 3, 2]
 * @example topCustomersByCount([5, 90, 40], 1, ['ann', 'bob', 'cy']) // ['bob']
 */
export function topCustomersByCount(values: CustomerValues, count: number): number[];
export function topCustomersByCount<T>(values: CustomerValues, count: number, ids: readonly T[]): T[];
export function topCustomersByCount<T>(
  values: CustomerValues,
  count: number,
  ids?: readonly T[],
): (number | T)[] {
  const where = 'topCustomersByCount';
  const k = countRule.convert(count);
  if (k === undefined) throw new ClvValidationError(where, [makeIssue('count', countRule.expected, count)]);
  return pickTop(values, ids, where, () => k);
}
