import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/models/simulate/random.js';

const N = 200_000;

function moments(draw: () => number) {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < N; i++) {
    const x = draw();
    s += x;
    s2 += x * x;
  }
  const mean = s / N;
  return { mean, variance: s2 / N - mean * mean };
}

describe('createRandom', () => {
  it('is reproducible for a seed and differs between seeds', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const xs = [a.uniform(), a.uniform(), a.uniform()];
    expect([b.uniform(), b.uniform(), b.uniform()]).toEqual(xs);
    expect(c.uniform()).not.toBe(xs[0]);
  });

  it('uniform is in (0, 1) with mean ½ and variance 1/12', () => {
    const rng = createRandom(1);
    let min = 1;
    let max = 0;
    const m = moments(() => {
      const u = rng.uniform();
      min = Math.min(min, u);
      max = Math.max(max, u);
      return u;
    });
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    // Standard error of the mean is √(1/12/N) ≈ 6.5e-4; allow 5 of them.
    expect(Math.abs(m.mean - 0.5)).toBeLessThan(3.3e-3);
    expect(Math.abs(m.variance - 1 / 12)).toBeLessThan(2e-3);
  });

  it.each([
    [0.25, 2],
    [1, 1],
    [6.25, 3.74],
  ])('gamma(%s, %s) has mean k/λ and variance k/λ² (within 3%)', (k, rate) => {
    const rng = createRandom(2);
    const m = moments(() => rng.gamma(k, rate));
    expect(Math.abs(m.mean / (k / rate) - 1)).toBeLessThan(0.03);
    expect(Math.abs(m.variance / (k / rate ** 2) - 1)).toBeLessThan(0.05);
  });

  it('beta(a, b) has mean a/(a+b) (within 1%)', () => {
    const rng = createRandom(3);
    const m = moments(() => rng.beta(0.793, 2.426));
    expect(Math.abs(m.mean / (0.793 / (0.793 + 2.426)) - 1)).toBeLessThan(0.01);
  });

  it.each([0.5, 12, 80])('poisson(%s) has mean and variance equal to its mean (within 2%)', (mean) => {
    const rng = createRandom(4);
    const m = moments(() => rng.poisson(mean));
    expect(Math.abs(m.mean / mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(m.variance / mean - 1)).toBeLessThan(0.03);
  });
});
