import { describe, expect, it } from 'vitest';
import {
  cacPaybackPeriods,
  clvToCacRatio,
  customerLifetimeValue,
  customerLifetimeValues,
  lifespanFromChurn,
  retentionSensitivity,
} from '../../src/index.js';
import { messageOf } from '../messageOf.js';

const base = { averagePurchaseValue: 10, purchaseFrequency: 1 };

describe('formula CLV: bounded inputs, finite results', () => {
  it('a churn so small it rounds to none names churnRate (was Infinity)', () => {
    expect(messageOf(() => customerLifetimeValue({ ...base, churnRate: 1e-300 }))).toBe(
      'customerLifetimeValue: invalid input — churnRate: expected a churnRate of 1e-30 or more (a smaller churn is no churn at 34 significant digits, and the CLV would be infinite), received 1e-300',
    );
    expect(messageOf(() => customerLifetimeValue({ ...base, churnRate: '1e-35' }))).toContain(
      'churnRate: expected a churnRate of 1e-30 or more',
    );
    // At the bound the CLV is exact: 10 / 1e-30.
    expect(customerLifetimeValue({ ...base, churnRate: '1e-30' }).clv.eq('1e31')).toBe(true);
  });

  it('a tiny discount with retention 1 names discountRate', () => {
    expect(
      messageOf(() => customerLifetimeValue({ ...base, retentionRate: 1, discountRate: 1e-300 })),
    ).toContain('discountRate: expected a discountRate of 1e-30 or more when retentionRate is 1');
    // Retention below 1 makes a tiny discount harmless: 10 / (1 − 0.5) exactly.
    expect(
      customerLifetimeValue({ ...base, retentionRate: 0.5, discountRate: 1e-300 })
        .clv.toSignificantDigits(20)
        .toString(),
    ).toBe('20');
  });

  it('bulk rows name the row and the field', () => {
    expect(
      messageOf(() =>
        customerLifetimeValues([
          { ...base, churnRate: 0.5 },
          { ...base, churnRate: 1e-300 },
        ]),
      ),
    ).toContain('rows[1].churnRate: expected a churnRate of 1e-30 or more');
  });

  it('amounts at or above 1e15 are refused with the usual message', () => {
    expect(
      messageOf(() => customerLifetimeValue({ ...base, averagePurchaseValue: 1e308, churnRate: 0.5 })),
    ).toBe(
      'customerLifetimeValue: invalid input — averagePurchaseValue: expected an amount of 0 or more, of magnitude below 1e15 (and 0 or at least 1e-324), received 1e+308',
    );
    expect(
      messageOf(() =>
        customerLifetimeValue({ ...base, averagePurchaseValue: '1e100000000', churnRate: 0.5 }),
      ),
    ).toContain('averagePurchaseValue: expected an amount of 0 or more, of magnitude below 1e15');
    expect(
      messageOf(() =>
        customerLifetimeValue({ ...base, averagePurchaseValue: '1e9000000000000001', churnRate: 0.5 }),
      ),
    ).toContain('received "1e9000000000000001"');
    expect(messageOf(() => customerLifetimeValue({ ...base, lifespan: 1e300 }))).toContain(
      'lifespan: expected a number greater than 0, of magnitude below 1e15',
    );
    // The largest accepted figures still give a finite, exact CLV: (1e15 − 1)² × 1 / 1e-30.
    const big = 999999999999999;
    expect(
      customerLifetimeValue({
        averagePurchaseValue: big,
        purchaseFrequency: big,
        churnRate: '1e-30',
      }).clv.toString(),
    ).toBe('9.99999999999998000000000000001e+59');
  });

  it('the other formulas refuse what would overflow', () => {
    expect(messageOf(() => lifespanFromChurn('1e-400'))).toContain('churnRate: expected a number in (0, 1]');
    expect(lifespanFromChurn(5e-324).isFinite()).toBe(true);
    expect(messageOf(() => clvToCacRatio(1e300, 1))).toContain(
      'clv: expected a finite number, of magnitude below 1e15',
    );
    expect(clvToCacRatio(1, 5e-324).isFinite()).toBe(true);
    expect(
      messageOf(() =>
        cacPaybackPeriods({ acquisitionCost: 1e20, averagePurchaseValue: 1, purchaseFrequency: 1 }),
      ),
    ).toContain('acquisitionCost: expected an amount of 0 or more, of magnitude below 1e15');
    expect(messageOf(() => retentionSensitivity({ ...base, churnRate: 1e-300 }, { lift: 0.1 }))).toContain(
      'retentionSensitivity: invalid input — churnRate: expected a churnRate of 1e-30 or more',
    );
  });
});
