/**
 * A retention within a hair of 1, and a discount rate far below it: the period sums once lost every digit of
 * 1 − q at the library's 34 (references: Python's decimal module at 120 digits, rounded to 34).
 */
import { describe, expect, it } from 'vitest';
import { customerLifetimeValue, customerLifetimeValues, retentionSensitivity } from '../../src/index.js';
import { messageOf } from '../messageOf.js';

/** 1 − 1e-30, the retention closest to 1 a formula CLV takes (churn's MIN_RATE, from the other side). */
const NEAREST = `0.${'9'.repeat(30)}`;
/** 1 − 1e-40: a churn of 1e-40, which churnRate refuses. */
const TOO_NEAR = `0.${'9'.repeat(40)}`;
const base = { averagePurchaseValue: 100, purchaseFrequency: 1 };

describe('formula CLV with a retention close to 1', () => {
  it('a retention closer to 1 than 1 − 1e-30 names retentionRate, single and bulk (bulk gave NaN, single "overflowed")', () => {
    const expected =
      'retentionRate: expected 1, or 1 − 1e-30 or less (a retention closer to 1 is a churn below 1e-30, which the CLV does not take: see churnRate), received 0.9999999999999999999999999999999999999999';
    expect(
      messageOf(() => customerLifetimeValue({ ...base, retentionRate: TOO_NEAR, discountRate: '1e-40' })),
    ).toBe(`customerLifetimeValue: invalid input — ${expected}`);
    expect(
      messageOf(() =>
        customerLifetimeValues([
          { ...base, retentionRate: TOO_NEAR, serviceCostPerPeriod: 1, acquisitionCost: 1 },
        ]),
      ),
    ).toBe(`customerLifetimeValues: invalid input — rows[0].${expected}`);
    // With a horizon the figures were 0 (q^10 rounded to 1).
    expect(() => customerLifetimeValue({ ...base, retentionRate: TOO_NEAR, horizon: 10 })).toThrow(
      /retentionRate/,
    );
  });

  it('at 1 − 1e-30 with a horizon of 10 periods, revenue and lifespan keep their last digits (Σ r^k, k < 10)', () => {
    // 100 (1 − r^10)/(1 − r) = 999.99999999999999999999999999550000…
    const r = customerLifetimeValue({ ...base, retentionRate: NEAREST, horizon: 10 });
    expect(r.revenue?.toString()).toBe('999.9999999999999999999999999955');
    expect(r.clv.toString()).toBe('999.9999999999999999999999999955');
    expect(r.expectedLifespan?.toString()).toBe('9.999999999999999999999999999955');
    const [bulk] = customerLifetimeValues([{ ...base, retentionRate: NEAREST, horizon: 10 }]);
    expect(bulk?.revenue?.toString()).toBe('999.9999999999999999999999999955');
  });

  it('a discount rate of 9e-35 beside a churn of 1e-30 is not dropped: m r/(1 + d − r) (it was 1e36)', () => {
    // 100 (1 − 1e-30)/(1e-30 + 9e-35) = 99991000809927106560409563139217.4704…
    const input = { ...base, retentionRate: NEAREST, discountRate: '9e-35', timing: 'end' as const };
    expect(customerLifetimeValue(input).clv.toString()).toBe('99991000809927106560409563139217.47');
    expect(customerLifetimeValues([input])[0]?.clv.toString()).toBe('99991000809927106560409563139217.47');
  });

  it('an ordinary discounted horizon is exact to 34 digits: 100 (1 − q^10)/(1 − q), q = r/1.01', () => {
    const r = customerLifetimeValue({ ...base, retentionRate: NEAREST, discountRate: '0.01', horizon: 10 });
    expect(r.clv.toString()).toBe('956.601757600868798542334060654845');
  });

  it('retentionSensitivity reads the same rule: refused before, and a lift past 1 − 1e-30 names the lift', () => {
    // before.clv was 0 and relativeChange null at a retention of 1 − 1e-40 with a horizon.
    expect(() =>
      retentionSensitivity({ ...base, retentionRate: TOO_NEAR, horizon: 10 }, { lift: '1e-41' }),
    ).toThrow(/retentionRate: expected 1, or 1 − 1e-30 or less/);
    expect(
      messageOf(() =>
        retentionSensitivity(
          { ...base, retentionRate: `0.${'9'.repeat(29)}`, horizon: 10 },
          { lift: '9.5e-30' },
        ),
      ),
    ).toContain('lift: expected a lift that leaves the lifted retentionRate 1, or 1 − 1e-30 or less');
  });
});
