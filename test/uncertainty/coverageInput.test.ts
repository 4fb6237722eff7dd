import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { predictiveCoverage } from '../../src/uncertainty/coverage.js';

const pit = (below: number[], at: number[]) => ({
  below: Float64Array.from(below),
  at: Float64Array.from(at),
});

/** The issue paths of the ClvValidationError `f` throws. */
function issuePaths(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return (e as ClvValidationError).issues.map((i) => i.path);
  }
  throw new Error('did not throw');
}

describe('predictiveCoverage checks every pit entry', () => {
  it('names a NaN entry of pit.below or pit.at', () => {
    expect(issuePaths(() => predictiveCoverage(pit([0, Number.NaN], [0.5, 0.7])))).toEqual(['pit.below[1]']);
    expect(issuePaths(() => predictiveCoverage(pit([0, 0.2], [0.5, Number.NaN])))).toEqual(['pit.at[1]']);
  });

  it('names an entry with F(y − 1) above F(y), or outside [0, 1]', () => {
    expect(issuePaths(() => predictiveCoverage(pit([0.1, 0.6], [0.5, 0.4])))).toEqual(['pit.below[1]']);
    expect(issuePaths(() => predictiveCoverage(pit([-0.1], [0.5])))).toEqual(['pit.below[0]']);
    expect(issuePaths(() => predictiveCoverage(pit([0.1], [1.5])))).toEqual(['pit.at[0]']);
  });

  it('names pit.below when its length differs from pit.at', () => {
    expect(issuePaths(() => predictiveCoverage(pit([0.1], [0.5, 0.6])))).toEqual(['pit.below']);
  });

  it('still counts valid pairs: [0.1, 0.5] and [0.95, 0.99] at level 0.8 (lo 0.1, hi 0.9)', () => {
    const c = predictiveCoverage(pit([0.1, 0.95], [0.5, 0.99]), 0.8);
    // Customer 0: closed and open (F(y−1) = 0.1 ≥ lo), randomized share 1; customer 1: none.
    expect(c.closed).toBe(0.5);
    expect(c.open).toBe(0.5);
    expect(c.randomized).toBe(0.5);
  });
});
