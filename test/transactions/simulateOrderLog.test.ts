import { describe, expect, it } from 'vitest';
import { fitBetaGeo } from '../../src/models/betaGeo.js';
import { simulateOrderLog, summarizeTransactions } from '../../src/transactions/index.js';

const spec = {
  customers: 4000,
  start: '2024-01-01',
  end: '2025-12-31',
  purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
  spend: { p: 6, q: 4, gamma: 60 },
  seed: 7,
};

describe('simulateOrderLog', () => {
  it('is deterministic for a seed and different across seeds', () => {
    const a = simulateOrderLog({ ...spec, customers: 50 });
    expect(simulateOrderLog({ ...spec, customers: 50 })).toEqual(a);
    expect(simulateOrderLog({ ...spec, customers: 50, seed: 8 })).not.toEqual(a);
  });

  it('stays inside its window, one first purchase per customer in the acquisition quarter, cents only', () => {
    const log = simulateOrderLog({ ...spec, customers: 300 });
    const first = new Map<string | number, string>();
    for (const t of log) {
      expect(t.date >= '2024-01-01' && t.date <= '2025-12-31').toBe(true);
      expect(Math.round((t.amount as number) * 100) / 100).toBe(t.amount);
      if (!first.has(t.customerId)) first.set(t.customerId, t.date as string);
    }
    expect(first.size).toBe(300);
    for (const d of first.values()) expect(d < '2024-03-31').toBe(true);
  });

  it('its summarized log gives back the BG/NBD parameters it was drawn from (rates per day → per week)', () => {
    const { columns } = summarizeTransactions(simulateOrderLog(spec), {
      timeUnit: 'week',
      observationEnd: '2025-12-31',
    });
    const fit = fitBetaGeo(columns);
    // Day-resolution purchases and weekly time: alpha per week = 40 / 7. Tolerances ±20% at 4,000 customers.
    expect(fit.params.r).toBeGreaterThan(0.75 * 0.8);
    expect(fit.params.r).toBeLessThan(0.75 * 1.2);
    expect(fit.params.alpha).toBeGreaterThan((40 / 7) * 0.8);
    expect(fit.params.alpha).toBeLessThan((40 / 7) * 1.2);
    expect(fit.params.a).toBeGreaterThan(0.8 * 0.6);
    expect(fit.params.a).toBeLessThan(0.8 * 1.4);
  });

  it('names bad parameters', () => {
    expect(() => simulateOrderLog({ ...spec, end: '2023-01-01' })).toThrow(
      'end: expected a date after start',
    );
    expect(() => simulateOrderLog({ ...spec, customers: 0 })).toThrow(
      'customers: expected a whole number in [1, 10000000], received 0',
    );
    expect(() => simulateOrderLog({ ...spec, purchases: { ...spec.purchases, r: -1 } })).toThrow(
      'purchases.r: expected a finite number in (0, 1000000], received -1',
    );
  });
});
