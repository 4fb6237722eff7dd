import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { amountValue, parseAmount } from '../../src/transactions/amount.js';
import { createSummarizer } from '../../src/transactions/index.js';

/** The exact total spend of one customer whose orders are `amounts`. */
function total(amounts: unknown[]): string {
  const s = createSummarizer();
  for (const a of amounts) s.add({ customerId: 1, date: '2024-01-01', amount: a as number });
  return s.finish().customers[0]?.totalSpend.toString() ?? '';
}

describe('order amounts', () => {
  it('short amounts parse to whole ten-thousandths, longer ones to Decimals', () => {
    expect(parseAmount('12.5')).toBe(125000);
    expect(parseAmount(0.1)).toBe(1000);
    expect(parseAmount('0.00001')).toBeInstanceOf(Decimal);
    expect(amountValue(parseAmount('0.00001') as Decimal)).toBe(0.00001);
    expect(amountValue(125000)).toBe(12.5);
  });
  it('rejects negative, non-numeric and non-finite amounts', () => {
    for (const bad of [-1, '-0.5', 'ten', Number.NaN, Number.POSITIVE_INFINITY, '0x10', null, {}]) {
      expect(parseAmount(bad)).toBeUndefined();
    }
  });
});

describe('exact totals of a customer', () => {
  it('0.1 + 0.2 is 0.3, from numbers and strings', () => {
    expect(total([0.1, '0.2'])).toBe('0.3');
  });
  it('amounts with more than four decimals and Decimals are carried exactly', () => {
    expect(total(['0.00001', new Decimal('1e-10'), 1.5])).toBe('1.5000100001');
  });
  it('a sum past 2^53 units moves into the Decimal part without losing a cent', () => {
    expect(total(['400000000000.01', '400000000000.01', '400000000000.01', '0.05'])).toBe('1200000000000.08');
  });
  it('large amounts with four decimals stay exact', () => {
    expect(total(['900719925474.0991', '0.0001'])).toBe('900719925474.0992');
    expect(total(['99999999999.9999', '0.0001'])).toBe('100000000000');
  });
  it('orders after the calibration end are kept apart from the calibration total', () => {
    const s = createSummarizer({ calibrationEnd: '2024-01-31', observationEnd: '2024-03-31' });
    s.add({ customerId: 'a', date: '2024-01-10', amount: '10.10' });
    s.add({ customerId: 'a', date: '2024-02-10', amount: '99.99' });
    expect(s.finish().customers[0]?.totalSpend.toString()).toBe('10.1');
  });
});
