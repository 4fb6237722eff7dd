import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, decimalFromNumber, moneyText, moneyUnits, roundMoney, toDecimal } from '../src/money.js';

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
    expect(() => moneyText(Number.NaN)).toThrow('moneyText: expected a finite number, received NaN');
    expect(() => moneyText(1, 7)).toThrow('places must be a whole number from 0 to 6');
  });
  it('moneyUnits is the same rounding as a whole number of units', () => {
    expect(moneyUnits(70.706)).toBe(7071);
    expect(moneyUnits(2.675)).toBe(268);
    expect(moneyUnits(-0.5, 0)).toBe(-1);
    expect(moneyUnits(-0.004)).toBe(0);
    expect(moneyUnits(1e300)).toBeUndefined();
    expect(() => moneyUnits(Number.POSITIVE_INFINITY)).toThrow('moneyUnits: expected a finite number');
  });
  it('agrees with roundMoney(toDecimal(x)) on any double, ties included (property)', () => {
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
          const exact = roundMoney(toDecimal(x) as Decimal, places);
          expect(moneyText(x, places)).toBe(exact.toFixed(places));
          const units = moneyUnits(x, places);
          if (units !== undefined) expect(units).toBe(exact.mul(10 ** places).toNumber() || 0);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
