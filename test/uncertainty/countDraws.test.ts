import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  betaBinomialDraw,
  betaGeometricInverse,
  negativeBinomialInverse,
} from '../../src/models/simulate/countDraws.js';
import { createRandom } from '../../src/models/simulate/random.js';
import { lgamma } from '../../src/models/special/lgamma.js';

/** B(a, b+k)/B(a, b) by log-gamma: the beta-geometric survival, independently of the sampler's product. */
const survival = (a: number, b: number, k: number) =>
  Math.exp(lgamma(b + k) - lgamma(a + b + k) - lgamma(b) + lgamma(a + b));

describe('betaGeometricInverse', () => {
  it('inverts the survival B(a, b+k)/B(a, b): S(K+1) < u ≤ S(K), or K = cap', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: 0.05, max: 50, noNaN: true }),
        fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }),
        fc.integer({ min: 0, max: 200 }),
        (a, b, u, cap) => {
          const k = betaGeometricInverse(u, a, b, cap);
          expect(k).toBeGreaterThanOrEqual(0);
          expect(k).toBeLessThanOrEqual(cap);
          expect(survival(a, b, k)).toBeGreaterThanOrEqual(u * (1 - 1e-9));
          if (k < cap) expect(survival(a, b, k + 1)).toBeLessThan(u * (1 + 1e-9));
        },
      ),
    );
  });

  it('a = b = 1: P(K ≥ k) = 1/(k+1), so u = 0.3 gives 2', () => {
    expect(betaGeometricInverse(0.3, 1, 1, 100)).toBe(2);
    expect(betaGeometricInverse(0.3, 1, 1, 1)).toBe(1);
    expect(betaGeometricInverse(0.3, 1, 1, 0)).toBe(0);
  });
});

describe('negativeBinomialInverse', () => {
  /** Mean and P(0) of N over a midpoint grid of u: a deterministic quadrature of the inverse CDF. */
  function gridMoments(shape: number, q: number, points: number) {
    const random = createRandom(1);
    let mean = 0;
    let zeros = 0;
    for (let j = 0; j < points; j++) {
      const n = negativeBinomialInverse((j + 0.5) / points, shape, q, q ** shape, random);
      mean += n;
      if (n === 0) zeros++;
    }
    return { mean: mean / points, zero: zeros / points };
  }

  it('by inversion (mean ≤ 60): the grid mean is shape (1−q)/q and P(0) = q^shape', () => {
    for (const [shape, q] of [
      [0.243, 43 / 82],
      [2.5, 0.5],
      [14.2, 0.6],
      [30, 0.4],
    ] as const) {
      const m = gridMoments(shape, q, 200_000);
      const mean = (shape * (1 - q)) / q;
      expect(Math.abs(m.mean - mean)).toBeLessThan(2e-3 * (1 + mean));
      expect(Math.abs(m.zero - q ** shape)).toBeLessThan(1e-5);
    }
  });

  it('as gamma–Poisson (mean > 60): mean and variance shape·o and shape·o(1+o), o = (1−q)/q, within MC error', () => {
    const shape = 40;
    const q = 0.25;
    const o = (1 - q) / q;
    const random = createRandom(3);
    const D = 20_000;
    let s = 0;
    let ss = 0;
    for (let d = 0; d < D; d++) {
      const n = negativeBinomialInverse(0.5, shape, q, q ** shape, random);
      s += n;
      ss += n * n;
    }
    const mean = s / D;
    const variance = ss / D - mean * mean;
    const trueVariance = shape * o * (1 + o);
    expect(Math.abs(mean - shape * o)).toBeLessThan(4 * Math.sqrt(trueVariance / D));
    expect(Math.abs(variance / trueVariance - 1)).toBeLessThan(0.05);
  });

  it('q = 1 (an empty window) is 0', () => {
    expect(negativeBinomialInverse(0.99, 3, 1, 1, createRandom(1))).toBe(0);
  });
});

describe('betaBinomialDraw', () => {
  it('has the beta-binomial mean n a/(a+b) and variance n a b (a+b+n)/((a+b)²(a+b+1)) within MC error', () => {
    const [n, a, b] = [6, 1.2, 0.75];
    const random = createRandom(9);
    const D = 40_000;
    let s = 0;
    let ss = 0;
    for (let d = 0; d < D; d++) {
      const y = betaBinomialDraw(n, a, b, random);
      s += y;
      ss += y * y;
    }
    const mean = s / D;
    const trueMean = (n * a) / (a + b);
    const trueVariance = (n * a * b * (a + b + n)) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean - trueMean)).toBeLessThan(4 * Math.sqrt(trueVariance / D));
    expect(Math.abs((ss / D - mean * mean) / trueVariance - 1)).toBeLessThan(0.05);
  });
});
