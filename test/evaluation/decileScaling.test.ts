import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { decileTable, topDecileCapture } from '../../src/evaluation/deciles.js';

describe('decile table and top-decile capture when the actual total passes 1.8e308', () => {
  it('topDecileCapture of two customers of 1e308 each is 1e308 / 2e308 = 0.5', () => {
    expect(topDecileCapture([1e308, 1e308], [2, 1])).toBe(0.5);
  });

  it('topDecileCapture of twenty equal customers of 1e308: the top 2 of 20 hold 0.1', () => {
    expect(topDecileCapture(Array(20).fill(1e308), Array(20).fill(1))).toBeCloseTo(0.1, 15);
  });

  it('decileTable gives the right shares and means where the decile totals fit but Σ actual does not', () => {
    const rows = decileTable([1e308, 1e308], [2, 1]);
    // Customer 0 in decile 1, customer 1 in decile 6: each holds 1e308 / 2e308 = 0.5.
    expect(rows.map((r) => r.decile)).toEqual([1, 6]);
    expect(rows.map((r) => r.shareOfActual)).toEqual([0.5, 0.5]);
    expect(rows.map((r) => r.meanActual)).toEqual([1e308, 1e308]);
    expect(rows.map((r) => r.totalActual)).toEqual([1e308, 1e308]);
    // And with unequal values: 1e308 / 1.5e308 = 2/3.
    expect(decileTable([1e308, 5e307], [2, 1])[0]?.shareOfActual).toBeCloseTo(2 / 3, 15);
  });

  it('decileTable refuses a decile total beyond float64, naming actual', () => {
    // Two customers of 1e308 per decile: a decile total of 2e308 cannot be reported.
    try {
      decileTable(Array(20).fill(1e308), Array(20).fill(1));
      throw new Error('did not throw');
    } catch (e) {
      expect(e).toBeInstanceOf(ClvValidationError);
      expect((e as ClvValidationError).issues[0]?.path).toBe('actual');
    }
  });

  it('ordinary inputs are unchanged: the documented example captures 0.5', () => {
    expect(topDecileCapture([5, 0, 0, 0, 0, 0, 0, 0, 0, 5], [9, 1, 1, 1, 1, 1, 1, 1, 1, 1])).toBe(0.5);
    const rows = decileTable([1, 2, 3], [3, 2, 1]);
    expect(rows.map((r) => r.shareOfActual)).toEqual([1 / 6, 2 / 6, 3 / 6]);
    expect(rows.map((r) => r.totalPredicted)).toEqual([3, 2, 1]);
  });
});
