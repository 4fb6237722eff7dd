import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { amountValue, ExactSums, type ParsedAmount, parseAmount } from '../../src/transactions/exactSum.js';

const parsed = (a: unknown) => parseAmount(a) as ParsedAmount;

describe('exact sums of amounts', () => {
  it('0.1 + 0.2 is 0.3, from numbers and strings', () => {
    const s = new ExactSums();
    s.add(0, parsed(0.1));
    s.add(0, parsed('0.2'));
    expect(s.total(0).toString()).toBe('0.3');
    expect([amountValue(parsed(0.1)), amountValue(parsed('0.2'))]).toEqual([0.1, 0.2]);
  });
  it('amounts with more than four decimals and Decimals are carried exactly', () => {
    const s = new ExactSums();
    s.add(3, parsed('0.00001'));
    s.add(3, parsed(new Decimal('1e-10')));
    s.add(3, parsed(1.5));
    expect(s.total(3).toString()).toBe('1.5000100001');
    expect(s.total(0).toString()).toBe('0');
  });
  it('a sum past 2^53 units moves into the Decimal part without losing a cent', () => {
    const s = new ExactSums();
    for (let i = 0; i < 3; i++) s.add(0, parsed('400000000000.01'));
    expect(s.total(0).toString()).toBe('1200000000000.03');
    s.add(0, parsed('0.05'));
    expect(s.total(0).toString()).toBe('1200000000000.08');
  });
  it('slots are independent and grow on demand', () => {
    const s = new ExactSums();
    for (let slot = 0; slot < 5000; slot++) s.add(slot, parsed(slot / 100));
    expect(s.total(4999).toString()).toBe('49.99');
    expect(s.total(1).toString()).toBe('0.01');
  });
  it('rejects negative, non-numeric and non-finite amounts', () => {
    for (const bad of [-1, '-0.5', 'ten', Number.NaN, Number.POSITIVE_INFINITY, '0x10', null, {}]) {
      expect(parseAmount(bad)).toBeUndefined();
    }
  });
});
