/**
 * BG/NBD and MBG/NBD conditional expected purchases when the dropout prior Beta(a, b) is concentrated near p = 0
 * (b of 10⁸ and more: a fit where almost nobody drops out). The bracket (c/(a−1))[1 − q^A ₂F₁(A, B; c; z)] cancels
 * about log₁₀ c digits there; the kernel sums a series of positive terms instead.
 * References: mpmath 1.3.0 at 50 digits (the same series, checked against mpmath's hyp2f1 to 1e-44 where that
 * converges, b ≤ 10⁴), and the limit (r + x) t/(α + T) as b → ∞ (no dropout: Poisson purchases at a Gamma rate).
 */
import { describe, expect, it } from 'vitest';
import {
  betaGeoFamilyExpectedPurchases,
  betaGeoFamilyProbabilityAlive,
} from '../../src/models/betaGeo/predictions.js';

/** E[Y(t) | alive at T], the kernel's value divided by its P(alive). */
function aliveExpected(shift: 0 | 1, a: number, b: number, x: number, T: number, t: number): number {
  const p = { r: 0.243, alpha: 4.414, a, b };
  const c = {
    frequency: Float64Array.of(x),
    recency: Float64Array.of(x === 0 ? 0 : T - 1),
    T: Float64Array.of(T),
    weights: undefined,
  };
  return (
    (betaGeoFamilyExpectedPurchases(shift, p, t, c)[0] as number) /
    (betaGeoFamilyProbabilityAlive(shift, p, c)[0] as number)
  );
}

describe('conditional expected purchases with a concentrated dropout prior', () => {
  it.each([
    // shift, a, b, x, T, t, mpmath
    [0, 2, 1e8, 2, 38.86, 39, 2.021467796905955], // was 1.9755 (2.3 % low)
    [0, 2, 1e8, 50, 38.86, 39, 45.28067881583693],
    [0, 0.793, 1e14, 0, 38.86, 39, 0.21899986134861482], // was 0.2548
    [1, 2, 1e10, 2, 38.86, 1000, 51.832508739444414], // was 0
    [0, 0.793, 2.426, 2, 38.86, 39, 1.687399305805313], // CDNOW's a, b: the same series, as before within 1e-13
  ] as const)('shift %i, a = %d, b = %d, x = %i, T = %d, t = %d: %d', (shift, a, b, x, T, t, value) => {
    expect(Math.abs(aliveExpected(shift, a, b, x, T, t) / value - 1)).toBeLessThan(1e-13);
  });

  it('tends to (r + x) t/(α + T) as b grows (nobody drops out)', () => {
    const limit = ((0.243 + 2) * 39) / (4.414 + 38.86);
    expect(Math.abs(aliveExpected(0, 2, 1e15, 2, 38.86, 39) / limit - 1)).toBeLessThan(1e-13);
  });
});
