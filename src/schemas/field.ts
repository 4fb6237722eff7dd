import * as z from 'zod/mini';
import {
  Decimal,
  type DecimalInput,
  decimalFromNumber,
  INPUT_BOUND_WORDS,
  MAX_INPUT_MAGNITUDE,
  outsideInputBound,
  toDecimal,
} from '../money.js';

/**
 * A field rule: what a field must be (for messages) and how to convert a raw value,
 * `undefined` meaning "not acceptable". The zod schemas and the bulk validators are built
 * from the same rules, so both say exactly the same thing about the same value.
 */
export interface FieldRule<T> {
  /** Completes "expected …", e.g. `a number in (0, 1]`. */
  readonly expected: string;
  readonly convert: (value: unknown) => T | undefined;
  /** A more precise `expected` for one rejected value (e.g. one that broke only the input bound). */
  readonly explain?: (value: unknown) => string | undefined;
}

/** What a rule expects, in the words that fit the rejected value best. */
export function expectedFor(rule: FieldRule<unknown>, value: unknown): string {
  return rule.explain?.(value) ?? rule.expected;
}

/**
 * The `explain` of numeric rules: names the input bound when that is what the value broke (a number that
 * already breaks the field's own bounds is told those alone).
 */
function boundExplainer(expected: string, bounds: Bounds): (value: unknown) => string | undefined {
  return (value) =>
    outsideInputBound(value) && (typeof value !== 'number' || withinNumber(value, bounds))
      ? `${expected}, ${INPUT_BOUND_WORDS}`
      : undefined;
}

/** A zod schema carrying its field rule, so bulk validators can reuse it without calling zod per row. */
export type FieldSchema<T, I> = z.ZodMiniType<T, I> & { readonly clvRule: FieldRule<T> };

/** Builds the zod schema of one field from its rule; input type `I`, output type `T`. */
export function fieldSchema<T, I = unknown>(rule: FieldRule<T>): FieldSchema<T, I> {
  const schema = z.pipe(
    z.custom<I>(() => true),
    z.transform((value: I, ctx): T => {
      const converted = rule.convert(value);
      if (converted === undefined) {
        ctx.issues.push({ code: 'custom', message: `expected ${expectedFor(rule, value)}`, input: value });
        return z.NEVER;
      }
      return converted;
    }),
  );
  return Object.assign(schema, { clvRule: rule }) as unknown as FieldSchema<T, I>;
}

/** Bounds of a numeric field. */
export interface Bounds {
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
}

/** Describes bounds in words: `in (0, 1]`, `of 0 or more`, `greater than 0`. */
export function describeBounds(b: Bounds): string {
  const hasMin = b.min !== undefined;
  const hasMax = b.max !== undefined;
  if (hasMin && hasMax)
    return `in ${b.minExclusive ? '(' : '['}${b.min}, ${b.max}${b.maxExclusive ? ')' : ']'}`;
  if (hasMin) return b.minExclusive ? `greater than ${b.min}` : `of ${b.min} or more`;
  if (hasMax) return b.maxExclusive ? `less than ${b.max}` : `of ${b.max} or less`;
  return '';
}

/** Bounds as Decimals, built once per rule (comparisons against a number would build one per call). */
function decimalBounds(b: Bounds) {
  return {
    min: b.min === undefined ? undefined : new Decimal(b.min),
    max: b.max === undefined ? undefined : new Decimal(b.max),
  };
}

function withinDecimal(d: Decimal, b: Bounds, bd: ReturnType<typeof decimalBounds>): boolean {
  if (bd.min !== undefined && (b.minExclusive ? d.lte(bd.min) : d.lt(bd.min))) return false;
  if (bd.max !== undefined && (b.maxExclusive ? d.gte(bd.max) : d.gt(bd.max))) return false;
  return true;
}

function withinNumber(x: number, b: Bounds): boolean {
  if (b.min !== undefined && (b.minExclusive ? x <= b.min : x < b.min)) return false;
  if (b.max !== undefined && (b.maxExclusive ? x >= b.max : x > b.max)) return false;
  return true;
}

/**
 * A Decimal-valued rule: number, numeric string or Decimal, finite, within the input bound (|x| < 1e15,
 * `MAX_INPUT_MAGNITUDE`) and within `bounds`.
 */
export function decimalRule(bounds: Bounds, noun = 'a number'): FieldRule<Decimal> {
  const words = describeBounds(bounds);
  const bd = decimalBounds(bounds);
  const expected = words ? `${noun} ${words}` : noun;
  return {
    expected,
    explain: boundExplainer(expected, bounds),
    convert: (value) => {
      // A number is checked as a float: its Decimal is its shortest round-trip decimal, which lies on the
      // same side of any bound that is itself a double. Only then is the Decimal built.
      if (typeof value === 'number') {
        return Number.isFinite(value) && Math.abs(value) < MAX_INPUT_MAGNITUDE && withinNumber(value, bounds)
          ? decimalFromNumber(value)
          : undefined;
      }
      const d = toDecimal(value);
      return d !== undefined && withinDecimal(d, bounds, bd) ? d : undefined;
    },
  };
}

/**
 * A float64 rule for statistical inputs: a finite JavaScript number within the input bound (|x| < 1e15,
 * `MAX_INPUT_MAGNITUDE`) and within `bounds`.
 */
export function numberRule(bounds: Bounds, integer = false): FieldRule<number> {
  const words = describeBounds(bounds);
  const noun = integer ? 'a whole number' : 'a finite number';
  const expected = words ? `${noun} ${words}` : noun;
  return {
    expected,
    explain: boundExplainer(expected, bounds),
    convert: (value) =>
      typeof value === 'number' &&
      Math.abs(value) < MAX_INPUT_MAGNITUDE &&
      (!integer || Number.isInteger(value)) &&
      withinNumber(value, bounds)
        ? value
        : undefined,
  };
}

/** An amount of money: 0 or more, exact. */
/**
 * The most entries one list the library reads or makes may hold: 50,000,000 (survey responses, simulated
 * customers). A length past it is refused before a single entry is read or made: a typo (`{ length: 1e9 }`,
 * `customers: 1e9`) should not fill the memory or run for minutes.
 */
export const MAX_LIST_LENGTH = 50_000_000;

export const moneyRule = decimalRule({ min: 0 }, 'an amount');
/** A Decimal schema for money (number | string | Decimal → Decimal, ≥ 0). */
export const MoneySchema = fieldSchema<Decimal, DecimalInput>(moneyRule);

/** A Decimal schema within bounds. */
export function decimalSchema(bounds: Bounds, noun?: string): FieldSchema<Decimal, DecimalInput> {
  return fieldSchema<Decimal, DecimalInput>(decimalRule(bounds, noun));
}

/** A float64 schema within bounds. */
export function numberSchema(bounds: Bounds, integer = false): FieldSchema<number, number> {
  return fieldSchema<number, number>(numberRule(bounds, integer));
}

/** A rule for one of a fixed set of strings. */
export function enumRule<const T extends string>(values: readonly T[]): FieldRule<T> {
  const set = new Set<string>(values);
  return {
    expected: `one of ${values.map((v) => `'${v}'`).join(', ')}`,
    convert: (value) => (typeof value === 'string' && set.has(value) ? (value as T) : undefined),
  };
}

/** A zod schema for one of a fixed set of strings, with the library's message. */
export function enumSchema<const T extends string>(values: readonly T[]): FieldSchema<T, T> {
  return fieldSchema<T, T>(enumRule(values));
}
