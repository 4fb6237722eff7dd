import { describe, expect, it } from 'vitest';
import { ClvValidationError, fitGammaGamma, repeatSpenders } from '../../src/index.js';
import { loadCdnowSummary } from './cdnow.js';

describe('repeatSpenders', () => {
  it('picks repeat customers with spend, counts those without, keeps weights and indexes', () => {
    const r = repeatSpenders({
      frequency: [0, 2, 1, 3],
      monetaryValue: [0, 10, 0, 5],
      weights: [1, 2, 3, 4],
    });
    expect(Array.from(r.frequency)).toEqual([2, 3]);
    expect(Array.from(r.monetaryValue)).toEqual([10, 5]);
    expect(Array.from(r.weights ?? [])).toEqual([2, 4]);
    expect(Array.from(r.index)).toEqual([1, 3]);
    expect(r.withoutSpend).toBe(1);
  });
  it('gives Gamma-Gamma the 946 CDNOW repeat customers (published p 6.25, q 3.74, γ 15.44)', () => {
    const { frequency, zbar } = loadCdnowSummary();
    const picked = repeatSpenders({ frequency, monetaryValue: zbar });
    expect(picked.frequency.length).toBe(946);
    expect(fitGammaGamma(picked).params.p).toBeCloseTo(6.25, 1);
  });
  it('names columns of different lengths', () => {
    expect(() => repeatSpenders({ frequency: [1, 2], monetaryValue: [1] })).toThrow(ClvValidationError);
  });
});
