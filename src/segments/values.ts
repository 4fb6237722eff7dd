import { ClvValidationError, IssueList, makeIssue } from '../errors.js';
import { Decimal, type DecimalInput, MAX_INPUT_MAGNITUDE, toDecimal, withinInputBound } from '../money.js';
import { decimalRule, expectedFor, type FieldRule, moneyRule } from '../schemas/field.js';
import { unreadableInput } from '../schemas/parse.js';
import { decimalToNumber } from './decimalFloat.js';
import { orderAllByValueDescending, orderByValueDescending } from './orderByValueDescending.js';
import { selectKth } from './orderStatistics.js';

/**
 * A list of per-customer values (CLV, spend…) for tiers and shares: Decimal inputs, or a float64 array when
 * speed matters more than exactness.
 */
export type CustomerValues = readonly DecimalInput[] | Float64Array;

/**
 * Reads a `Decimal` rule's values as float64, for ranking, with exactly the rule's messages. Numbers are
 * checked as floats and Decimal instances through their sign and digits (neither is copied or printed);
 * strings go through `rule`. Amounts that differ only beyond float64 precision (≈ 16 significant digits)
 * rank as equal.
 */
export function floatRule(rule: FieldRule<Decimal>, nonNegative: boolean): FieldRule<number> {
  const fromRule = (value: unknown) => rule.convert(value)?.toNumber();
  return {
    expected: rule.expected,
    ...(rule.explain === undefined ? {} : { explain: rule.explain }),
    convert: (value) => {
      if (typeof value === 'number')
        return Math.abs(value) < MAX_INPUT_MAGNITUDE && (!nonNegative || value >= 0) ? value : undefined;
      // The library's own Decimals are read through their digits; anything else (another decimal.js copy, a
      // Proxy, an object posing as a Decimal) goes through the rule, which reads it once and safely.
      try {
        if (value instanceof Decimal && Object.getPrototypeOf(value) === Decimal.prototype) {
          const d = value as Decimal;
          return withinInputBound(d) && !(nonNegative && d.isNeg() && !d.isZero())
            ? decimalToNumber(d)
            : undefined;
        }
      } catch {
        return undefined; // a Proxy whose traps throw is not a Decimal
      }
      return fromRule(value);
    },
  };
}

/** Any finite value, read as float64 (CLV may be negative). */
export const anyValueRule = floatRule(decimalRule({}, 'a finite number'), false);
/** An amount of money (0 or more), read as float64. */
export const moneyValueRule = floatRule(moneyRule, true);

/**
 * Whether a value is a Float64Array, without `instanceof` on anything else (a Proxy's trap could make it
 * throw): a Proxy is never a typed array view.
 */
export function isFloat64Array(value: unknown): value is Float64Array {
  return ArrayBuffer.isView(value) && value instanceof Float64Array;
}

/** Validated values: float64 copies for ranking and the raw inputs for exact sums. */
export interface ReadValues {
  readonly n: number;
  readonly x: Float64Array;
  readonly raw: ArrayLike<unknown>;
}

/** Validates a non-empty list of values under `rule` (paths `values[i]`), into float64. */
export function readValues(
  values: CustomerValues,
  rule: FieldRule<number>,
  where: string,
  name = 'values',
): ReadValues {
  if (!Array.isArray(values) && !isFloat64Array(values))
    throw new ClvValidationError(where, [makeIssue(name, 'an array of values or a Float64Array', values)]);
  const n = values.length;
  if (n === 0) throw new ClvValidationError(where, [makeIssue(name, 'at least one value', 'an empty list')]);
  const x = new Float64Array(n);
  const issues = new IssueList();
  try {
    for (let i = 0; i < n; i++) {
      const v = rule.convert(values[i]);
      if (v === undefined) issues.note(`${name}[${i}]`, expectedFor(rule, values[i]), values[i], i);
      else x[i] = v;
    }
  } catch (e) {
    throw unreadableInput(where, name, e); // a Proxy of an array whose traps throw
  }
  issues.throwIfAny(where);
  return { n, x, raw: values };
}

/** The exact Decimal of a validated raw value. */
export function exactValue(raw: ArrayLike<unknown>, i: number): Decimal {
  return toDecimal(raw[i]) as Decimal;
}

/**
 * Indices of the k largest values, largest first, equal values by ascending index (deterministic). Linear
 * expected time to find the k-th largest by selection, then a sort of the k chosen: O(n + k log k).
 */
export function topIndices(x: Float64Array, k: number): number[] {
  const n = x.length;
  if (k <= 0) return [];
  if (k >= n)
    // Every customer: nothing to select (no copy of the values), only to order.
    return Array.from(orderAllByValueDescending(x));
  const work = x.slice();
  selectKth(work, n - k);
  const t = work[n - k] as number; // the k-th largest value
  const out: number[] = [];
  let ties = k;
  for (let i = 0; i < n; i++) if ((x[i] as number) > t) ties--;
  for (let i = 0; i < n; i++) {
    const v = x[i] as number;
    if (v > t) out.push(i);
    else if (v === t && ties > 0) {
      out.push(i);
      ties--;
    }
  }
  return orderByValueDescending(x, out);
}
