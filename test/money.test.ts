import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, decimalFromNumber } from '../src/money.js';

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
