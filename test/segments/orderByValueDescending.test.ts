import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  orderAllByValueDescending,
  orderByValueDescending,
} from '../../src/segments/orderByValueDescending.js';

/** Any finite double, with ties, zeros of both signs and the extremes common. */
const FINITE_VALUES = fc.oneof(
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, 1, -1, 1e-300, -1e-300, Number.MAX_VALUE, -Number.MAX_VALUE),
  fc.integer({ min: -3, max: 3 }),
);

/** The comparison sort it replaces: largest first, ties by ascending index. */
const byComparison = (x: Float64Array, indices: number[]) =>
  [...indices].sort((a, b) => (x[b] as number) - (x[a] as number) || a - b);

describe('orderByValueDescending', () => {
  it('orders largest first, ties by index (small lists)', () => {
    expect(orderByValueDescending(Float64Array.of(5, 90, 40, 90), [0, 1, 2, 3])).toEqual([1, 3, 2, 0]);
  });

  it('equals the comparison sort on large lists of any finite doubles, ties and −0 included (property)', () => {
    fc.assert(
      fc.property(
        fc.array(FINITE_VALUES, { minLength: 2048, maxLength: 6000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, share) => {
          const x = Float64Array.from(values);
          // A subset of the indices, ascending (as topIndices passes them).
          const indices = values
            .map((_, i) => i)
            .filter((i) => ((i * 2654435761) % 1000) / 1000 <= share || i < 2048);
          expect(orderByValueDescending(x, [...indices])).toEqual(byComparison(x, indices));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('sorts a million values as the comparison sort does', () => {
    let state = 7;
    const x = Float64Array.from({ length: 1_000_000 }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return Math.round((state / 2 ** 32) * 1e4) / 100 - 20; // money-like, many ties, some negative
    });
    const indices = Array.from({ length: x.length }, (_, i) => i);
    expect(orderByValueDescending(x, [...indices])).toEqual(byComparison(x, indices));
  });

  it('orders every index as a typed array, as the comparison sort does, below and above the radix threshold (property)', () => {
    fc.assert(
      fc.property(fc.array(FINITE_VALUES, { minLength: 0, maxLength: 5000 }), (values) => {
        const x = Float64Array.from(values);
        const all = values.map((_, i) => i);
        const order = orderAllByValueDescending(x);
        expect(order).toBeInstanceOf(Uint32Array);
        expect(Array.from(order)).toEqual(byComparison(x, all));
      }),
      { numRuns: 40 },
    );
  });
});
