import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, decimalFromNumber, toDecimal } from '../../src/money.js';
import { decimalToNumber, exactSum } from '../../src/segments/decimalFloat.js';

/** Decimal strings of every size: digits, point, exponent. */
const decimalString = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^[0-9]{1,25}$/),
    fc.stringMatching(/^[0-9]{0,12}$/),
    fc.integer({ min: -40, max: 40 }),
  )
  .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}e${exp}`);

function naiveSum(values: readonly unknown[]): Decimal {
  let s = new Decimal(0);
  // Numbers as their shortest decimal, unbounded (model figures beyond the input bound are summed too).
  for (const v of values) s = s.add(typeof v === 'number' ? decimalFromNumber(v) : (toDecimal(v) as Decimal));
  return s;
}

describe('decimalToNumber', () => {
  it('equals toNumber() for any Decimal', () => {
    fc.assert(
      fc.property(decimalString, (s) => {
        const d = new Decimal(s);
        expect(Object.is(decimalToNumber(d), d.toNumber())).toBe(true);
      }),
      { numRuns: 2000 },
    );
    for (const s of [
      '0',
      '-0',
      '12345.67',
      '0.1',
      '9007199254740993',
      '1e-30',
      '123456789012345678901234567890',
    ]) {
      const d = new Decimal(s);
      expect(Object.is(decimalToNumber(d), d.toNumber())).toBe(true);
    }
    // A Decimal of another decimal.js copy.
    expect(decimalToNumber(new DecimalJs('19.99') as unknown as Decimal)).toBe(19.99);
  });
});

describe('exactSum', () => {
  it('equals the one-by-one Decimal sum while totals fit in 34 digits (cents, doubles, strings, Decimals)', () => {
    const small = fc
      .tuple(
        fc.boolean(),
        fc.stringMatching(/^[0-9]{1,8}$/),
        fc.stringMatching(/^[0-9]{0,6}$/),
        fc.integer({ min: -4, max: 4 }),
      )
      .map(([neg, int, frac, exp]) => `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}e${exp}`);
    const value = fc.oneof(
      fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => c / 100),
      fc.double({ noNaN: true, min: -1e6, max: 1e6 }).filter((x) => x === 0 || Math.abs(x) >= 0.01),
      fc.integer({ min: 0, max: 2 ** 40 }).map((c) => c / 1000),
      small,
      small.map((s) => new Decimal(s)),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (values) => {
        expect(exactSum(values).eq(naiveSum(values))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('is the correctly rounded exact sum for numbers of any size', () => {
    const Wide = Decimal.clone({ precision: 1000 });
    const value = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 }),
      fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => c / 100),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (values) => {
        let exact = new Wide(0);
        for (const v of values) exact = exact.add(new Wide(v));
        const rounded = new Decimal(exact.toString()).toSignificantDigits(34, Decimal.ROUND_HALF_EVEN);
        expect(exactSum(values).eq(rounded)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('is the correctly rounded exact sum for Decimals of any size', () => {
    const Wide = Decimal.clone({ precision: 1000 });
    const value = fc.oneof(
      decimalString.map((t) => new Decimal(t)),
      fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => new Decimal(c).div(100)),
      fc.integer({ min: -(2 ** 50), max: 2 ** 50 }).map((c) => new Decimal(c).div(1e8)),
      fc.integer({ min: -10_000_000, max: 10_000_000 }).map((c) => c / 100),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (values) => {
        let exact = new Wide(0);
        for (const v of values) exact = exact.add(new Wide(v));
        const rounded = new Decimal(exact.toString()).toSignificantDigits(34, Decimal.ROUND_HALF_EVEN);
        expect(exactSum(values).eq(rounded)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    // 17 digits: the digit integer exceeds 2^53, so it must not take the integer path.
    expect(exactSum([new Decimal('1000000000.0000039')]).toString()).toBe('1000000000.0000039');
    expect(exactSum([new Decimal('12345.67'), new Decimal('-0.01'), new Decimal(0), '1e-9']).toString()).toBe(
      '12345.660000001',
    );
  });

  it('sums a subset, and crosses the float64 integer range exactly', () => {
    expect(exactSum([0.1, 0.2, 0.3]).toString()).toBe('0.6');
    expect(exactSum([1, 2, 4, 8], [1, 3]).toString()).toBe('10');
    expect(exactSum(Float64Array.of(0.1, 0.7, 1e-8)).toString()).toBe('0.80000001');
    const big = Array.from({ length: 1000 }, () => 4.5e13 - 0.01);
    expect(exactSum(big).eq(naiveSum(big))).toBe(true);
    expect(exactSum([]).toString()).toBe('0');
    // Model figures with 9–17 decimals take the BigInt path; mixed with cents and an exponent form.
    const figures = [56201.804487015484, 0.1234567890123, -3.000000000001, 12.5, 1e-7, 1e21 + 0.5];
    expect(exactSum(figures).eq(naiveSum(figures))).toBe(true);
  });
});
