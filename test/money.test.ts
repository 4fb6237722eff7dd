import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../src/errors.js';
import { Decimal, decimalFromNumber, moneyText, moneyUnits, roundMoney, toDecimal } from '../src/money.js';
import { sumMoney } from '../src/segments/sumMoney.js';
import { messageOf } from './messageOf.js';

describe('decimalFromNumber', () => {
  it('gives the shortest decimal of prices, rates and awkward doubles', () => {
    const cases: [number, string][] = [
      [20.37, '20.37'],
      [0.1 + 0.2, '0.30000000000000004'],
      [-1234.5678, '-1234.5678'],
      [0.000001, '0.000001'],
      [1e-7, '0.0000001'],
      [123456789.123456, '123456789.123456'],
      [99999999999999.98, '99999999999999.98'],
      [1 / 3, '0.3333333333333333'],
      [2 ** 60, '1152921504606847000'],
    ];
    for (const [x, text] of cases) expect(decimalFromNumber(x).toString()).toBe(text);
  });

  it('equals new Decimal(x) for any finite double (property)', () => {
    const price = fc
      .integer({ min: -1e9, max: 1e9 })
      .chain((c) => fc.constantFrom(c / 100, c / 1e4, c / 1e6, c / 7));
    fc.assert(
      fc.property(fc.oneof(price, fc.double({ noNaN: true, noDefaultInfinity: true })), (x) => {
        expect(decimalFromNumber(x).toString()).toBe(new Decimal(x).toString());
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('moneyText', () => {
  it('rounds the decimal of a double half up, as roundMoney does', () => {
    expect(moneyText(70.706)).toBe('70.71');
    expect(moneyText(2.675)).toBe('2.68'); // the double is 2.67499999…, its decimal 2.675
    expect(moneyText(1.005)).toBe('1.01');
    expect(moneyText(0)).toBe('0.00');
    expect(moneyText(12.3)).toBe('12.30');
    expect(moneyText(-0.5, 0)).toBe('-1');
    expect(moneyText(-0.004)).toBe(roundMoney(new Decimal(-0.004)).toFixed(2));
    expect(moneyText(123.456789, 4)).toBe('123.4568');
    expect(moneyText(1e300)).toBe(roundMoney(new Decimal(1e300)).toFixed(2));
    expect(() => moneyText(Number.NaN)).toThrow(
      'moneyText: invalid input — x: expected a finite number, received NaN',
    );
    expect(() => moneyText(1, 7)).toThrow(
      'moneyText: invalid input — places: expected a whole number from 0 to 6, received 7',
    );
  });
  it('moneyUnits is the same rounding as a whole number of units', () => {
    expect(moneyUnits(70.706)).toBe(7071);
    expect(moneyUnits(2.675)).toBe(268);
    expect(moneyUnits(-0.5, 0)).toBe(-1);
    expect(moneyUnits(-0.004)).toBe(0);
    expect(moneyUnits(1e300)).toBeUndefined();
    expect(() => moneyUnits(Number.POSITIVE_INFINITY)).toThrow(
      'moneyUnits: invalid input — x: expected a finite number, received Infinity',
    );
  });
  it('agrees with roundMoney(decimalFromNumber(x)) on any double, ties included (property)', () => {
    const ties = fc
      .tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 4 }))
      .map(([c, k]) => (c + 0.5) / 10 ** k);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          ties,
        ),
        fc.integer({ min: 0, max: 6 }),
        (x, places) => {
          const exact = roundMoney(decimalFromNumber(x), places);
          expect(moneyText(x, places)).toBe(exact.toFixed(places));
          const units = moneyUnits(x, places);
          if (units !== undefined) expect(units).toBe(exact.mul(10 ** places).toNumber() || 0);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});

describe('the input bound: finite, |x| < 1e15, non-zero text no smaller than 1e-324', () => {
  it('toDecimal never returns an infinite, NaN or absurdly long Decimal', () => {
    expect(toDecimal('1e9000000000000001')).toBeUndefined(); // decimal.js alone gives Infinity
    expect(toDecimal('1e100000000')).toBeUndefined(); // would print as a 100 MB string
    expect(toDecimal('1e9000000000000000')).toBeUndefined();
    expect(toDecimal('1e-9000000000000001')).toBeUndefined(); // would silently be 0
    expect(toDecimal('1e-400')).toBeUndefined();
    expect(toDecimal(1e308)).toBeUndefined();
    expect(toDecimal(1e15)).toBeUndefined();
    expect(toDecimal(-1e15)).toBeUndefined();
    expect(toDecimal('1000000000000000')).toBeUndefined();
    expect(toDecimal(new Decimal('1e15'))).toBeUndefined();
    expect(toDecimal(new Decimal(Number.POSITIVE_INFINITY))).toBeUndefined();
    expect(toDecimal('0x10')).toBeUndefined();
    expect(toDecimal('Infinity')).toBeUndefined();
    // Just inside: kept exactly.
    expect(toDecimal(999999999999999)?.toString()).toBe('999999999999999');
    expect(toDecimal('999999999999999.99')?.toString()).toBe('999999999999999.99');
    expect(toDecimal('1e-324')?.toString()).toBe('1e-324');
    expect(toDecimal(5e-324)?.toString()).toBe('5e-324');
    expect(toDecimal('0e999999')?.toString()).toBe('0');
  });

  it('objects posing as Decimals are not Decimals; Proxies and throwing getters give undefined', () => {
    expect(toDecimal(Object.create(Decimal.prototype))).toBeUndefined();
    const fake = { d: [1], e: 0, s: 1, toString: () => '5', constructor: { isDecimal: true } };
    expect(toDecimal(fake)).toBeUndefined();
    const trap = new Proxy(new Decimal(3), {
      get() {
        throw new Error('trap');
      },
    });
    expect(toDecimal(trap)).toBeUndefined();
    const throwing = Object.create(Decimal.prototype, {
      d: {
        get() {
          throw new Error('boom');
        },
      },
    });
    expect(toDecimal(throwing)).toBeUndefined();
  });

  it('holds a Decimal of a copy that prints plain numbers to the bound before printing it', () => {
    // A decimal.js copy set never to use exponent notation writes 1e100000000 as a hundred million digits (25 s).
    // (Printed, each would outlast the test's time limit.)
    const Plain = DecimalJs.clone({ toExpPos: 9e15, toExpNeg: -9e15 });
    expect(toDecimal(new Plain('1e100000000'))).toBeUndefined();
    expect(toDecimal(new Plain('-1e-100000000'))).toBeUndefined();
    expect(toDecimal(new Plain('1e15'))).toBeUndefined();
    expect(toDecimal(new Plain('1e-325'))).toBeUndefined();
    // And the message that refuses it prints it from its exponent, not through its own toString.
    expect(messageOf(() => sumMoney([new Plain('1e100000000')]))).toBe(
      'sumMoney: invalid input — values[0]: expected a finite amount, received 1e+100000000',
    );
    // Within the bound, its value is taken digit for digit.
    expect(toDecimal(new Plain('-999999999999999.123456789'))?.toString()).toBe('-999999999999999.123456789');
    expect(toDecimal(new Plain('1e-324'))?.toString()).toBe('1e-324');
    expect(toDecimal(new Plain('0'))?.toString()).toBe('0');
    expect(toDecimal(new DecimalJs('12.50'))?.toString()).toBe('12.5');
    // Digits that are no Decimal's (decimal.js keeps 7 per word) are not read as one.
    expect(toDecimal(Object.assign(new Plain(1), { d: [12345678] }))).toBeUndefined();
    expect(toDecimal(Object.assign(new Plain(1), { e: 0.5 }))).toBeUndefined();
  });

  it("roundMoney gives the library's Decimal for a Decimal of another decimal.js copy", () => {
    const Short = DecimalJs.clone({ precision: 5, toExpPos: 9e15, toExpNeg: -9e15 });
    const r = roundMoney(new Short('12.345'));
    expect(r.constructor).toBe(Decimal);
    expect(r.div(7).toString()).toBe('1.764285714285714285714285714285714');
    expect(() => roundMoney(new Short('1e20'))).toThrow(
      'roundMoney: invalid input — value: expected a finite amount, received 100000000000000000000',
    );
  });

  it('roundMoney takes any DecimalInput and throws only ClvValidationError', () => {
    expect(roundMoney(1.005).toString()).toBe('1.01'); // the decimal 1.005, not the double below it
    expect(roundMoney('2.675').toString()).toBe('2.68');
    expect(() => roundMoney(Number.NaN as unknown as Decimal)).toThrow(
      'roundMoney: invalid input — value: expected a finite amount, received NaN',
    );
    expect(() => roundMoney(new Decimal(1), 1.5)).toThrow(
      'roundMoney: invalid input — places: expected a whole number from 0 to 20, received 1.5',
    );
    expect(() => moneyUnits(true as unknown as number)).toThrow(
      'moneyUnits: invalid input — x: expected a finite number, received true',
    );
    expect(() => moneyText(1, '2' as unknown as number)).toThrow(ClvValidationError);
  });
});
