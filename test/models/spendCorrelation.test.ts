import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { frequencySpendCorrelation } from '../../src/models/gammaGamma.js';

const column = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

// Reference values: the Pearson r of the same doubles computed exactly with Python's fractions.Fraction (means,
// sums of squared and crossed deviations as exact rationals), the square root by mpmath at 40 digits.
describe('frequencySpendCorrelation keeps its digits', () => {
  it('at spends of 1e14 that vary by units (n = 100,000)', () => {
    const n = 100_000;
    const r = frequencySpendCorrelation({
      frequency: column(n, (i) => 1 + (i % 5)),
      monetaryValue: column(n, (i) => 1e14 + (i % 7)),
    });
    expect(Math.abs(r / 3.535556004331687e-5 - 1)).toBeLessThan(1e-9);
  });

  it('at spends near 1e-300 that vary: no "does not vary" from underflowing squares', () => {
    const n = 1000;
    const r = frequencySpendCorrelation({
      frequency: column(n, (i) => 1 + (i % 5)),
      monetaryValue: column(n, (i) => 1e-300 * (1 + (i % 7) + (i % 3))),
    });
    expect(Math.abs(r / 0.001310245813511804 - 1)).toBeLessThan(1e-12);
  });

  it('the documented example, and spend that does not vary named as monetaryValue', () => {
    expect(frequencySpendCorrelation({ frequency: [1, 2, 3], monetaryValue: [10, 12, 11] })).toBeCloseTo(
      0.5,
      15,
    );
    try {
      frequencySpendCorrelation({ frequency: [1, 2, 3], monetaryValue: [1e-300, 1e-300, 1e-300] });
      throw new Error('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ClvValidationError);
      expect((e as ClvValidationError).issues[0]?.path).toBe('monetaryValue');
    }
  });
});
