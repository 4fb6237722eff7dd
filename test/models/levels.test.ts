import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levels } from '../../src/models/data/groupCustomers.js';

describe('levels (distinct values of a column, by typed-array sort and binary search)', () => {
  it('gives the ascending distinct values, each row the code of its value, and each level its total weight (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.constantFrom(0, -0, 1, 2.5, 39, 38.86, 1e-300, 7), fc.integer({ min: 1, max: 5 })),
          {
            maxLength: 60,
          },
        ),
        (rows) => {
          const column = Float64Array.from(rows, (r) => r[0]);
          const weights = Float64Array.from(rows, (r) => r[1]);
          const l = levels(column, weights);
          const distinct = [...new Set(rows.map((r) => (r[0] === 0 ? 0 : r[0])))].sort((a, b) => a - b);
          expect(Array.from(l.values)).toEqual(distinct);
          for (let i = 0; i < rows.length; i++)
            expect(l.values[l.code[i] as number]).toBe(column[i] === 0 ? 0 : column[i]);
          const total = new Map<number, number>();
          for (const [v, w] of rows) total.set(v === 0 ? 0 : v, (total.get(v === 0 ? 0 : v) ?? 0) + w);
          expect(Array.from(l.weights)).toEqual(distinct.map((v) => total.get(v)));
        },
      ),
      { seed: 18, numRuns: 300 },
    );
  });
});
