import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, roundMoney } from '../../src/money.js';
import {
  MAX_TEXT_UNITS,
  tenThousandthsRatioText,
  tenThousandthsText,
} from '../../src/transactions/tenThousandths.js';

const UNIT = new Decimal('0.0001');
const units = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((u) => u % (MAX_TEXT_UNITS + 1)),
);

describe('ten-thousandths as text', () => {
  it('prints totals as Decimal does', () => {
    expect(tenThousandthsText(3535300)).toBe('353.53');
    expect(tenThousandthsText(5)).toBe('0.0005');
    expect(tenThousandthsText(0)).toBe('0');
    expect(tenThousandthsText(10000)).toBe('1');
    expect(tenThousandthsText(10500)).toBe('1.05');
    expect(tenThousandthsText(MAX_TEXT_UNITS)).toBe('112589990684.2624');
  });
  it('rounds averages half up to the requested places', () => {
    expect(tenThousandthsRatioText(3535300, 5)).toBe('70.71'); // 70.706
    expect(tenThousandthsRatioText(250, 2)).toBe('0.01'); // 0.0125
    expect(tenThousandthsRatioText(249, 2)).toBe('0.01'); // 0.01245
    expect(tenThousandthsRatioText(149, 3)).toBe('0.00'); // 0.00497
    expect(tenThousandthsRatioText(100000, 3)).toBe('3.33');
    expect(tenThousandthsRatioText(200000, 3)).toBe('6.67');
    expect(tenThousandthsRatioText(200000, 3, 0)).toBe('7');
    expect(tenThousandthsRatioText(200000, 3, 4)).toBe('6.6667');
    expect(tenThousandthsRatioText(0, 7)).toBe('0.00');
  });
  it('agrees with Decimal on any total (property)', () => {
    fc.assert(
      fc.property(units, (u) => {
        expect(tenThousandthsText(u)).toBe(new Decimal(u).mul(UNIT).toString());
      }),
      { numRuns: 5000 },
    );
  });
  it('agrees with roundMoney of the exact quotient on any total, count and places (property)', () => {
    fc.assert(
      fc.property(
        units,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 4 }),
        (u, n, places) => {
          const exact = roundMoney(new Decimal(u).mul(UNIT).div(n), places).toFixed(places);
          expect(tenThousandthsRatioText(u, n, places)).toBe(exact);
        },
      ),
      { numRuns: 5000 },
    );
  });
});
