/**
 * `LazyClvResult` is a runtime export of the main entry, as its declaration says: a user may test a bulk result
 * with `instanceof` (it type-checked before, and threw at runtime: the name was exported as a type only).
 */
import { describe, expect, it } from 'vitest';
import * as clvkit from '../../src/index.js';
import { customerLifetimeValue, customerLifetimeValues, LazyClvResult } from '../../src/index.js';

describe('LazyClvResult from the package entry', () => {
  it('is the class of every customerLifetimeValues result', () => {
    expect(typeof clvkit.LazyClvResult).toBe('function');
    const rows = [{ averagePurchaseValue: 50, purchaseFrequency: 4, churnRate: 0.25 }];
    const [r] = customerLifetimeValues(rows);
    expect(r instanceof LazyClvResult).toBe(true);
    expect(r?.clv.toString()).toBe('800');
    // The single call's result is a plain object, not a LazyClvResult.
    expect(customerLifetimeValue(rows[0] as (typeof rows)[0]) instanceof LazyClvResult).toBe(false);
  });
});
