/**
 * `sharedSpendDraws`: each draw's running sums of standard purchase values, drawn as far as a history needs
 * them, keep their values when the stride grows for another draw, and have the Gamma(p⁽ᵈ⁾, 1) mean and variance.
 */
import { describe, expect, it } from 'vitest';
import { sharedSpendDraws } from '../../src/uncertainty/historyDraws.js';

/** A Gamma-Gamma valuation with fixed (p, q, γ) = (6.25, 3.74, 15.44), CDNOW's published estimates. */
const valuation = {
  kind: 'gammaGamma' as const,
  params: [6.25, 3.74, 15.44] as [number, number, number],
  draws: undefined,
  frequency: new Float64Array(0),
  spent: new Float64Array(0),
};

describe('sharedSpendDraws', () => {
  it('a draw’s sums are kept when the stride grows for another draw, and are drawn only as far as asked', () => {
    const spend = sharedSpendDraws(valuation, 4, 1);
    spend.cover(1, 5);
    const before = Array.from(spend.cumulative.subarray(spend.stride, spend.stride + 6));
    expect(before[0]).toBe(0);
    for (let j = 1; j <= 5; j++) expect(before[j] as number).toBeGreaterThan(before[j - 1] as number);
    spend.cover(2, 100); // stride 16 → 128
    expect(spend.stride).toBe(128);
    expect(Array.from(spend.cumulative.subarray(128, 128 + 6))).toEqual(before);
    // Draw 1 was asked for 5 values: nothing beyond them was drawn; covering further extends the same sums.
    expect(spend.cumulative[128 + 6]).toBe(0);
    spend.cover(1, 8);
    expect(Array.from(spend.cumulative.subarray(128, 128 + 6))).toEqual(before);
    expect(spend.cumulative[128 + 8] as number).toBeGreaterThan(spend.cumulative[128 + 7] as number);
    // Draws never asked for hold nothing.
    expect(spend.cumulative[3 * 128 + 1]).toBe(0);
  });

  it('the increments are Gamma(p, 1): mean p and variance p over 4,000 draws × 50 values', () => {
    const D = 4000;
    const spend = sharedSpendDraws(valuation, D, 7);
    let sum = 0;
    let squares = 0;
    for (let d = 0; d < D; d++) {
      spend.cover(d, 50);
      const at = d * spend.stride;
      for (let j = 1; j <= 50; j++) {
        const z = (spend.cumulative[at + j] as number) - (spend.cumulative[at + j - 1] as number);
        sum += z;
        squares += z * z;
      }
    }
    const n = D * 50;
    const mean = sum / n;
    const variance = squares / n - mean * mean;
    // Standard errors: √(p / n) = 0.0079 for the mean; √((2p² + 6p) / n) = 0.024 for the variance.
    expect(Math.abs(mean - 6.25)).toBeLessThan(5 * 0.0079);
    expect(Math.abs(variance - 6.25)).toBeLessThan(5 * 0.024);
  });
});
