import { describe, expect, it } from 'vitest';
import {
  assessClvToCac,
  averagePurchaseValue,
  cacPaybackPeriods,
  clvToCacRatio,
  customerLifetimeValue,
  customerValuePerPeriod,
  Decimal,
  lifespanFromChurn,
  purchaseFrequency,
  retentionSensitivity,
  roundMoney,
} from '../../src/index.js';
import { messageOf } from '../messageOf.js';

describe('purchase figures', () => {
  it('averagePurchaseValue = revenue / orders', () => {
    expect(averagePurchaseValue({ revenue: 1000, orders: 40 }).toString()).toBe('25');
    expect(averagePurchaseValue({ revenue: '0.3', orders: 3 }).toString()).toBe('0.1');
    expect(messageOf(() => averagePurchaseValue({ revenue: 10, orders: 0 }))).toContain(
      'orders: expected a number greater than 0, received 0',
    );
  });
  it('purchaseFrequency = orders / customers', () => {
    expect(purchaseFrequency({ orders: 40, customers: 10 }).toString()).toBe('4');
    expect(messageOf(() => purchaseFrequency({ orders: -1, customers: 10 }))).toContain(
      'orders: expected a number of 0 or more, received -1',
    );
  });
  it('customerValuePerPeriod = APV × frequency', () => {
    expect(customerValuePerPeriod({ averagePurchaseValue: '19.99', purchaseFrequency: 3 }).toString()).toBe(
      '59.97',
    );
  });
  it('lifespanFromChurn = 1 / churn', () => {
    expect(lifespanFromChurn(0.2).toString()).toBe('5');
    expect(lifespanFromChurn('0.25').toString()).toBe('4');
    expect(messageOf(() => lifespanFromChurn(0))).toContain(
      'churnRate: expected a number in (0, 1], received 0',
    );
  });
});

describe('CLV:CAC', () => {
  it('clvToCacRatio = clv / cac', () => {
    expect(clvToCacRatio(900, 300).toString()).toBe('3');
    expect(clvToCacRatio(-150, 300).toString()).toBe('-0.5');
    expect(messageOf(() => clvToCacRatio(900, 0))).toContain(
      'cac: expected an amount greater than 0, received 0',
    );
  });
  it('assessClvToCac reads the usual bands, boundaries included', () => {
    expect(assessClvToCac(0.99)).toBe('losing');
    expect(assessClvToCac(1)).toBe('thin');
    expect(assessClvToCac(2.999)).toBe('thin');
    expect(assessClvToCac(3)).toBe('healthy');
    expect(assessClvToCac(5)).toBe('healthy');
    expect(assessClvToCac(new Decimal('5.0001'))).toBe('underinvesting');
  });
  it("assessClvToCac reads clvToCacRatio's own result past the input bound (it refused 1e14 / 0.01 = 1e16)", () => {
    expect(assessClvToCac(clvToCacRatio(1e14, 0.01))).toBe('underinvesting');
    expect(assessClvToCac(clvToCacRatio(480, 1e-300))).toBe('underinvesting');
    expect(assessClvToCac(clvToCacRatio(5e-324, 80))).toBe('losing');
    expect(assessClvToCac(clvToCacRatio(-1e14, 0.01))).toBe('losing');
    // Text and numbers given as input keep the bound.
    expect(messageOf(() => assessClvToCac('1e16'))).toContain('ratio: expected a finite number');
  });
  it('thresholds are configurable and checked', () => {
    expect(assessClvToCac(3.5, { thin: 1, healthy: 4, underinvesting: 8 })).toBe('thin');
    expect(messageOf(() => assessClvToCac(3, { thin: 3, healthy: 2, underinvesting: 5 }))).toContain(
      'thresholds with thin ≤ healthy ≤ underinvesting',
    );
    expect(messageOf(() => assessClvToCac(Number.NaN))).toContain(
      'ratio: expected a finite number, received NaN',
    );
  });
});

describe('cacPaybackPeriods', () => {
  it('CAC / contribution per period', () => {
    expect(
      cacPaybackPeriods({
        acquisitionCost: 300,
        averagePurchaseValue: 50,
        purchaseFrequency: 2,
        grossMargin: 0.5,
      }).toString(),
    ).toBe('6');
    expect(
      cacPaybackPeriods({
        acquisitionCost: 100,
        averagePurchaseValue: 50,
        purchaseFrequency: 1,
        serviceCostPerPeriod: 10,
      }).toString(),
    ).toBe('2.5');
  });
  it('a contribution of 0 or less is an error, not Infinity', () => {
    expect(
      messageOf(() =>
        cacPaybackPeriods({
          acquisitionCost: 100,
          averagePurchaseValue: 10,
          purchaseFrequency: 1,
          grossMargin: 0.5,
          serviceCostPerPeriod: 5,
        }),
      ),
    ).toContain('contributionPerPeriod: expected a contribution per period above 0');
  });
  it('works the contribution exactly: a price and a cost of 35 digits that cancel are a contribution of 0', () => {
    const x = '1.0000000000000000000000000000000015';
    const zero = {
      acquisitionCost: 100,
      averagePurchaseValue: x,
      purchaseFrequency: 1,
      serviceCostPerPeriod: x,
    };
    expect(messageOf(() => cacPaybackPeriods(zero))).toContain(
      'contributionPerPeriod: expected a contribution per period above 0 (averagePurchaseValue × purchaseFrequency × grossMargin − serviceCostPerPeriod) — otherwise the acquisition cost is never earned back, received 0',
    );
    // A cost 1e-34 below the price: earned back in 1e36 periods (rounding the price first left 6e-34, 1.7e35).
    expect(
      cacPaybackPeriods({
        acquisitionCost: 100,
        averagePurchaseValue: x,
        purchaseFrequency: 1,
        serviceCostPerPeriod: '1.0000000000000000000000000000000014',
      }).toString(),
    ).toBe(`1${'0'.repeat(36)}`);
  });
});

describe('retentionSensitivity', () => {
  it('five more points of retention: 0.8 → 0.85 raises CLV by a third (start timing, no discount)', () => {
    const r = retentionSensitivity(
      { averagePurchaseValue: 100, purchaseFrequency: 1, retentionRate: 0.8 },
      { lift: 0.05 },
    );
    expect(r.before.clv.toString()).toBe('500');
    expect(r.after.clv.toString()).toBe('666.6666666666666666666666666666667');
    expect(r.clvChange.toString()).toBe('166.6666666666666666666666666666667');
    expect(roundMoney(r.relativeChange as Decimal, 4).toString()).toBe('0.3333');
  });
  it('works from a churn rate, with discount', () => {
    const r = retentionSensitivity(
      { averagePurchaseValue: 100, purchaseFrequency: 1, churnRate: 0.2, discountRate: 0.1 },
      { lift: 0.05 },
    );
    const expectedAfter = customerLifetimeValue({
      averagePurchaseValue: 100,
      purchaseFrequency: 1,
      retentionRate: 0.85,
      discountRate: 0.1,
    });
    expect(r.after.clv.toString()).toBe(expectedAfter.clv.toString());
    expect(r.before.clv.toString()).toBe('366.6666666666666666666666666666667'); // 100·1.1/0.3
  });
  it('rejects a lifespan input, a lift past 1, and a lift to an endless relationship', () => {
    expect(
      messageOf(() =>
        retentionSensitivity({ averagePurchaseValue: 1, purchaseFrequency: 1, lifespan: 3 }, { lift: 0.1 }),
      ),
    ).toContain('lifespan: expected no lifespan here');
    expect(
      messageOf(() =>
        retentionSensitivity(
          { averagePurchaseValue: 1, purchaseFrequency: 1, churnRate: 0.05 },
          { lift: 0.1 },
        ),
      ),
    ).toContain('lift: expected a lift of at most 0.05');
    expect(
      messageOf(() =>
        retentionSensitivity(
          { averagePurchaseValue: 1, purchaseFrequency: 1, churnRate: 0.1 },
          { lift: 0.1 },
        ),
      ),
    ).toContain('lift: expected a lift that leaves the lifted retentionRate less than 1');
  });
});

describe('roundMoney', () => {
  it('rounds half away from zero to cents', () => {
    expect(roundMoney(new Decimal('2.675')).toString()).toBe('2.68');
    expect(roundMoney(new Decimal('-2.675')).toString()).toBe('-2.68');
    expect(roundMoney(new Decimal('2.674999')).toString()).toBe('2.67');
  });
});
