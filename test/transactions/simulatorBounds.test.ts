import { describe, expect, it } from 'vitest';
import { simulateOrderLog } from '../../src/transactions/index.js';
import { messageOf } from '../messageOf.js';

const spec = {
  customers: 5,
  start: '2024-01-01',
  end: '2024-12-31',
  seed: 1,
  purchases: { r: 0.75, alpha: 40, a: 0.8, b: 2.5 },
  spend: { p: 6, q: 4, gamma: 60 },
};

describe('simulateOrderLog bounds: no Infinity amount, no runaway parameter', () => {
  it('rejects parameters above 1e6 (1e308 gave Infinity amounts)', () => {
    expect(messageOf(() => simulateOrderLog({ ...spec, spend: { ...spec.spend, p: 1e308 } }))).toBe(
      'simulateOrderLog: invalid input — spend.p: expected a finite number in (0, 1000000], received 1e+308',
    );
    expect(
      messageOf(() => simulateOrderLog({ ...spec, purchases: { ...spec.purchases, r: 1e7 } })),
    ).toContain('purchases.r: expected a finite number in (0, 1000000], received 10000000');
  });

  it('an order beyond the amount bound is an error naming spend, never a huge or infinite amount', () => {
    expect(messageOf(() => simulateOrderLog({ ...spec, spend: { p: 1e6, q: 1e-6, gamma: 1e6 } }))).toContain(
      'spend: expected parameters whose orders stay below 1e13',
    );
  });

  it('every amount of an ordinary log is finite and within the bound', () => {
    for (const row of simulateOrderLog({ ...spec, customers: 200 })) {
      expect(Number.isFinite(row.amount as number)).toBe(true);
      expect(row.amount as number).toBeLessThan(1e13);
    }
  });
});
