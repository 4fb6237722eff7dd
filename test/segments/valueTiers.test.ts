import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { paretoShare, topCustomers, topCustomersByCount, valueTiers } from '../../src/segments/index.js';
import { messageOf } from '../messageOf.js';

describe('valueTiers', () => {
  const values = [500, 40, 120, 90, 10, 75, 300, 20, 60, 15];

  it('cuts top 20% / next 30% / rest by default', () => {
    // Sorted: 10 15 20 40 60 75 90 120 300 500. High: below ≥ 8 → 300, 500; mid: below ≥ 5 → 75, 90, 120.
    expect(valueTiers(values)).toEqual([
      'high',
      'low',
      'mid',
      'mid',
      'low',
      'mid',
      'high',
      'low',
      'low',
      'low',
    ]);
  });

  it('puts a tie group straddling a boundary in the lower tier', () => {
    // Quotas: high ⌊0.2·5⌋ = 1, high+mid ⌊0.5·5⌋ = 2. The two 9s would straddle the high quota → both mid.
    expect(valueTiers([9, 9, 1, 2, 3])).toEqual(['mid', 'mid', 'low', 'low', 'low']);
    expect(valueTiers([0, 0, 0, 0])).toEqual(['low', 'low', 'low', 'low']);
    // Everyone high when the high share is 1.
    expect(valueTiers([3, 1], { cutoffs: { by: 'share', high: 1, mid: 0 } })).toEqual(['high', 'high']);
    // 0.7 + 0.3 is 1 despite binary rounding: nobody is low.
    expect(
      valueTiers([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { cutoffs: { by: 'share', high: 0.7, mid: 0.3 } }),
    ).toEqual(['mid', 'mid', 'mid', 'high', 'high', 'high', 'high', 'high', 'high', 'high']);
  });

  it('cuts by fixed values, exactly', () => {
    const cutoffs = { by: 'value', high: '100', mid: 50 } as const;
    expect(valueTiers([100, 99.99, 50, 49.99, -5], { cutoffs })).toEqual([
      'high',
      'mid',
      'mid',
      'low',
      'low',
    ]);
    // Equal as float64 (both round to 100), not equal exactly.
    expect(valueTiers(['99.99999999999999999', '100.00000000000000001'], { cutoffs })).toEqual([
      'mid',
      'high',
    ]);
    expect(valueTiers(Float64Array.of(120, 10), { cutoffs })).toEqual(['high', 'low']);
  });

  it('names invalid input', () => {
    expect(messageOf(() => valueTiers([1, 'x']))).toContain(
      'values[1]: expected a finite number, received "x"',
    );
    expect(messageOf(() => valueTiers([]))).toContain(
      'values: expected at least one value, received "an empty list"',
    );
    expect(messageOf(() => valueTiers([1], { cutoffs: { by: 'share', high: 0.6, mid: 0.5 } }))).toContain(
      'cutoffs.mid: expected a share of at most 0.4 (high + mid ≤ 1), received 0.5',
    );
    expect(messageOf(() => valueTiers([1], { cutoffs: { by: 'share', high: 1.2, mid: 0 } }))).toContain(
      'cutoffs.high: expected a finite number in [0, 1], received 1.2',
    );
    expect(messageOf(() => valueTiers([1], { cutoffs: { by: 'value', high: 10, mid: 20 } }))).toContain(
      'cutoffs.mid: expected a value of at most cutoffs.high (10), received 20',
    );
    expect(messageOf(() => valueTiers([1], { cutoffs: { by: 'rank' } as never }))).toContain(
      `cutoffs.by: expected one of 'share', 'value', received "rank"`,
    );
  });
});

describe('paretoShare', () => {
  it('reads the Lorenz curve from the top, exactly', () => {
    expect(paretoShare([50, 30, 10, 5, 5]).toString()).toBe('0.5');
    // 1.5 customers: 50 + ½ × 30 = 65 of 100.
    expect(paretoShare([5, 30, 10, 50, 5], 0.3).toString()).toBe('0.65');
    expect(paretoShare([50, 30, 10, 5, 5], 1).toString()).toBe('1');
    // Equal values hold exactly their share.
    expect(paretoShare([7, 7, 7], '0.2').toString()).toBe('0.2');
    // Three customers, top 20% = 0.6 of the largest: 0.6 × 0.10 / 0.30 = 0.2 exactly in Decimal.
    expect(paretoShare(['0.1', '0.1', new Decimal('0.1')]).toString()).toBe('0.2');
    expect(paretoShare(['0.1', '0.2', '0.3']).toString()).toBe('0.3'); // 0.6 × 0.3 / 0.6
    expect(paretoShare(Float64Array.of(0, 0, 10), 0.2).toString()).toBe('0.6');
  });

  it('names invalid input', () => {
    expect(messageOf(() => paretoShare([0, 0]))).toContain('values: expected a total above 0, received 0');
    expect(messageOf(() => paretoShare([1, -1]))).toContain(
      'values[1]: expected an amount of 0 or more, received -1',
    );
    expect(messageOf(() => paretoShare([1], 0))).toContain(
      'topFraction: expected a fraction in (0, 1], received 0',
    );
    expect(messageOf(() => paretoShare([1], 1.5))).toContain(
      'topFraction: expected a fraction in (0, 1], received 1.5',
    );
  });
});

describe('topCustomers', () => {
  it('lists the top ⌈fraction·n⌉, most valuable first, ties by index', () => {
    expect(topCustomers([5, 90, 40, 90], 0.5)).toEqual([1, 3]);
    expect(topCustomers([5, 90, 40], 0.5, ['ann', 'bob', 'cy'])).toEqual(['bob', 'cy']);
    expect(topCustomers([3, 3, 3, 3], 0.5)).toEqual([0, 1]);
    expect(topCustomers([-1, -5, 2], 0.01)).toEqual([2]);
    expect(topCustomers(Float64Array.of(1, 4, 2, 3), 1)).toEqual([1, 3, 2, 0]);
    // 0.3 × 10 is exactly 3 (no binary rounding up to 4).
    expect(topCustomers([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.3)).toEqual([9, 8, 7]);
  });

  it('names invalid input', () => {
    expect(messageOf(() => topCustomers([1, 2], 0.5, ['a']))).toContain(
      'ids: expected an array of 2 ids (one per value), received an array of 1',
    );
    expect(messageOf(() => topCustomers([1, Number.POSITIVE_INFINITY], 0.5))).toContain(
      'values[1]: expected a finite number, received Infinity',
    );
  });
});

describe('topCustomersByCount', () => {
  it('lists the top `count`, most valuable first, ties by index, as topCustomers does', () => {
    expect(topCustomersByCount([5, 90, 40, 90], 3)).toEqual([1, 3, 2]);
    expect(topCustomersByCount([5, 90, 40], 1, ['ann', 'bob', 'cy'])).toEqual(['bob']);
    expect(topCustomersByCount([3, 3, 3, 3], 2)).toEqual([0, 1]);
    expect(topCustomersByCount([1, 2], 5)).toEqual([1, 0]);
    expect(topCustomersByCount([1, 2], 0)).toEqual([]);
    expect(topCustomersByCount([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3)).toEqual(
      topCustomers([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.3),
    );
  });
  it('names invalid input', () => {
    expect(messageOf(() => topCustomersByCount([1, 2], 1.5))).toContain('count: expected');
    expect(messageOf(() => topCustomersByCount([1, 2], -1))).toContain('count: expected');
    expect(messageOf(() => topCustomersByCount([1, 2], 1, ['a']))).toContain(
      'ids: expected an array of 2 ids',
    );
  });
});

describe('sumMoney', () => {
  it('adds amounts exactly, any sign, and names bad ones', async () => {
    const { sumMoney, Decimal, ClvValidationError } = await import('../../src/index.js');
    expect(sumMoney([0.1, '0.2', new Decimal('0.3'), -0.05]).toString()).toBe('0.55');
    expect(sumMoney([]).toString()).toBe('0');
    expect(sumMoney(Float64Array.of(0.1, 0.2, 1e-7)).toString()).toBe('0.3000001');
    expect(() => sumMoney([1, Number.NaN, 'x'] as never)).toThrow(ClvValidationError);
    try {
      sumMoney([1, Number.NaN] as never);
    } catch (e) {
      expect((e as InstanceType<typeof ClvValidationError>).issues[0]?.message).toBe(
        'values[1]: expected a finite amount, received NaN',
      );
    }
  });
});
