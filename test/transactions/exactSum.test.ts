import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { addAmount, emptySum, mergeSum, sumToDecimal } from '../../src/transactions/exactSum.js';

describe('exact sums of amounts', () => {
  it('0.1 + 0.2 is 0.3, from numbers and strings', () => {
    const s = emptySum();
    expect(addAmount(s, 0.1)).toBe(0.1);
    expect(addAmount(s, '0.2')).toBe(0.2);
    expect(sumToDecimal(s).toString()).toBe('0.3');
  });
  it('amounts with more than four decimals and Decimals are carried exactly', () => {
    const s = emptySum();
    addAmount(s, '0.00001');
    addAmount(s, new Decimal('1e-10'));
    addAmount(s, 1.5);
    expect(sumToDecimal(s).toString()).toBe('1.5000100001');
  });
  it('a sum past 2^53 units moves into the Decimal part without losing a cent', () => {
    const s = emptySum();
    for (let i = 0; i < 3; i++) addAmount(s, '400000000000.01');
    expect(sumToDecimal(s).toString()).toBe('1200000000000.03');
    const t = emptySum();
    addAmount(t, '0.05');
    mergeSum(t, s);
    expect(sumToDecimal(t).toString()).toBe('1200000000000.08');
  });
  it('rejects negative, non-numeric and non-finite amounts', () => {
    for (const bad of [-1, '-0.5', 'ten', Number.NaN, Number.POSITIVE_INFINITY, '0x10']) {
      expect(addAmount(emptySum(), bad)).toBeUndefined();
    }
  });
});
