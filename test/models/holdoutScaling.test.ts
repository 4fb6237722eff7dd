import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { compareHoldout } from '../../src/models/holdout.js';

// Pareto/NBD with s = 1, for a customer with x = 0 and T = 0 (alive for sure): E[Y(t)] is the limit s → 1 of
// r(β+T)/((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] (Schmittlein, Morrison & Colombo 1987), i.e.
// (r/α) β ln(1 + t/β) = 1e300 · ln 2 at r = s = β = t = 1, α = 1e-300: finite, near float64's top.
const fit = fitFromParams({ model: 'paretoNbd', params: { r: 1, alpha: 1e-300, s: 1, beta: 1 } });
const PREDICTED = 1e300 * Math.LN2;
const one = { frequency: [0], recency: [0], T: [0] };

describe('compareHoldout with predictions near 1e300', () => {
  it('gives finite errors equal to |1 − E[Y(1)]| for one customer who bought once', () => {
    const cmp = compareHoldout({ fit, customers: one, holdoutPurchases: [1], holdoutLength: 1 });
    const rows = cmp.rows as readonly { predicted: number; actual: number }[];
    expect(Math.abs((rows[0]?.predicted ?? 0) / PREDICTED - 1)).toBeLessThan(1e-12);
    for (const v of [cmp.rmse, cmp.mae, cmp.groupRmse, cmp.groupMae, cmp.totalPredicted]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(Math.abs(v / (PREDICTED - 1) - 1)).toBeLessThan(1e-12);
    }
    expect(cmp.totalActual).toBe(1);
  });

  it('weights scale the totals but not the per-customer errors', () => {
    const cmp = compareHoldout({
      fit,
      customers: { ...one, weights: [1e6] },
      holdoutPurchases: [1],
      holdoutLength: 1,
    });
    expect(Math.abs(cmp.rmse / PREDICTED - 1)).toBeLessThan(1e-12);
    expect(Math.abs(cmp.totalPredicted / (1e6 * PREDICTED) - 1)).toBeLessThan(1e-12);
  });

  it('refuses a weighted predicted total beyond float64, naming customers', () => {
    const run = () =>
      compareHoldout({
        fit,
        customers: { ...one, weights: [1e14] },
        holdoutPurchases: [1],
        holdoutLength: 1,
      });
    expect(run).toThrow(ClvValidationError);
    try {
      run();
    } catch (e) {
      expect((e as ClvValidationError).issues[0]?.path).toBe('customers');
    }
  });
});
