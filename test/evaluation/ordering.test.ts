import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { descendingOrder } from '../../src/evaluation/ordering.js';

/** The definition: indexes by value, highest first, ties in input order (a comparator sort). */
const byDefinition = (v: Float64Array) =>
  Array.from({ length: v.length }, (_, i) => i).sort((i, j) => (v[j] as number) - (v[i] as number) || i - j);

describe('descendingOrder', () => {
  it('is the comparator order (value descending, ties by index), on any finite values with many ties', () => {
    const values = fc.array(
      fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true, noDefaultInfinity: true })),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(values, (xs) => {
        const v = Float64Array.from(xs);
        expect(Array.from(descendingOrder(v))).toEqual(byDefinition(v));
      }),
      { numRuns: 300 },
    );
  });

  it('treats −0 and 0 as one value (input order), and handles the empty column', () => {
    expect(Array.from(descendingOrder(Float64Array.of(0, -0, 1, -0)))).toEqual([2, 0, 1, 3]);
    expect(Array.from(descendingOrder(new Float64Array(0)))).toEqual([]);
  });
});
