import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { aggregateBias, meanAbsoluteError, rootMeanSquaredError } from '../../src/evaluation/errorMetrics.js';

/** The path of the first issue of the ClvValidationError `f` throws. */
function refusedField(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return (e as ClvValidationError).issues[0]?.path;
  }
  throw new Error('did not throw');
}

describe('error metrics near the top of float64', () => {
  it('meanAbsoluteError: an error of 2e308 on one of two customers is an MAE of 1e308', () => {
    // (|1e308 − (−1e308)| + 0)/2 = 1e308 exactly in real numbers; 1e308 is a double.
    expect(meanAbsoluteError([1e308, 0], [-1e308, 0])).toBe(1e308);
    expect(meanAbsoluteError([1e308, 1e308, 0, 0], [0, 0, 1e308, 1e308])).toBe(1e308);
  });

  it('meanAbsoluteError and rootMeanSquaredError refuse a value beyond float64, naming predicted', () => {
    expect(refusedField(() => meanAbsoluteError([1e308], [-1e308]))).toBe('predicted');
    expect(refusedField(() => rootMeanSquaredError([1e308], [-1e308]))).toBe('predicted');
  });

  it('rootMeanSquaredError: an error of 2e308 among four is √(4e616/4) = 1e308; tiny errors do not underflow', () => {
    expect(rootMeanSquaredError([1e308, 0, 0, 0], [-1e308, 0, 0, 0])).toBe(1e308);
    // (1e-200)² underflows to 0 unscaled: √((0 + 1e-400)/2) = 1e-200/√2.
    expect(rootMeanSquaredError([1e10, 1e-200], [1e10, 0]) / (1e-200 / Math.SQRT2)).toBeCloseTo(1, 14);
  });

  it('ordinary inputs give the same values as the plain sums', () => {
    expect(meanAbsoluteError([0, 2, 4], [1, 2, 2])).toBe(1);
    expect(rootMeanSquaredError([0, 2, 4], [1, 2, 2])).toBe(Math.sqrt(5 / 3));
    expect(aggregateBias([1, 3], [2, 3])).toBe(0.25);
  });

  it('aggregateBias: totals past 1.8e308 still give their ratio', () => {
    expect(aggregateBias([1e308, 1e308], [1e308, 1e308])).toBe(0);
    // Σp / Σa − 1 = 1.5e308 / 2e308 − 1 = −0.25.
    expect(aggregateBias([1e308, 1e308], [1e308, 5e307])).toBe(-0.25);
    expect(aggregateBias([1e308, 1e308, 1e308], [1.5e308, 1.5e308, 1.5e308])).toBeCloseTo(0.5, 15);
  });

  it('aggregateBias: 1e308/1 − 1 is 1e308 (as documented); a ratio beyond float64 is refused, naming predicted', () => {
    // The real value 1e308 − 1 rounds to the double 1e308.
    expect(aggregateBias([1], [1e308])).toBe(1e308);
    expect(refusedField(() => aggregateBias([1e-10], [1e308]))).toBe('predicted');
  });
});
