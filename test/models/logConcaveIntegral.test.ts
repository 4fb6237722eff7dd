import { describe, expect, it } from 'vitest';
import { lgamma } from '../../src/models/special/lgamma.js';
import { logConcaveIntegral } from '../../src/models/special/logConcaveIntegral.js';

describe('logConcaveIntegral: log ∫ e^φ over (−∞, upper] for a concave φ', () => {
  it('∫ e^{−u²/2} du = √(2π), and half of it up to the peak', () => {
    const gauss = {
      phi: (u: number) => (-u * u) / 2,
      slope: (u: number) => -u,
      curvature: () => -1,
      peak: 0,
    };
    expect(logConcaveIntegral({ ...gauss, upper: 60 })).toBeCloseTo(0.5 * Math.log(2 * Math.PI), 13);
    expect(logConcaveIntegral({ ...gauss, upper: 0 })).toBeCloseTo(0.5 * Math.log(Math.PI / 2), 13);
  });

  it('∫_{−∞}^0 e^{ku} du = 1/k, steep or flat (a peak at the upper end)', () => {
    for (const k of [1e-3, 1, 40, 1e6]) {
      const got = logConcaveIntegral({
        phi: (u) => k * u,
        slope: () => k,
        curvature: () => 0,
        peak: 0,
        upper: 0,
      });
      expect(Math.abs(got + Math.log(k))).toBeLessThan(1e-13 * Math.max(1, Math.log(k)));
    }
  });

  it('∫ e^{ku − e^u} du = Γ(k): a long exponential tail on one side and a double-exponential one on the other', () => {
    for (const k of [0.05, 0.5, 5, 300, 1e5]) {
      const got = logConcaveIntegral({
        phi: (u) => k * u - Math.exp(u),
        slope: (u) => k - Math.exp(u),
        curvature: (u) => -Math.exp(u),
        peak: Math.log(k),
        upper: 800,
      });
      expect(Math.abs(got - lgamma(k))).toBeLessThan(1e-12 * Math.max(1, Math.abs(lgamma(k))));
    }
  });
});
