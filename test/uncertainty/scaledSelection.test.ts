/**
 * `scaledSelection`: order statistics of b_j + s x_j from a few of the draws sorted by x, exactly the values a
 * full sort gives; and `sortDescendingWith`, the sort it uses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledSelection, sortDescendingWith } from '../../src/uncertainty/scaledSelection.js';

/** A history's draws: (x, g) pairs, b = g x (x the value per unit of scale, g the spend parameter γ). */
const historyDraws = fc.array(
  fc.tuple(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 0.5, max: 60, noNaN: true })),
  { minLength: 1, maxLength: 400 },
);

/** The draws as columns, loaded into a selection. */
function loaded(draws: readonly (readonly [number, number])[]) {
  const m = draws.length;
  const x = Float64Array.from(draws, ([v]) => v);
  const b = Float64Array.from(draws, ([v, g]) => g * v);
  const selection = scaledSelection(m);
  selection.load(b, x, m);
  return { m, b, x, selection };
}

describe('scaledSelection', () => {
  it('the (idx+1)-th smallest of b + s x is the full sort’s, for every s and idx (b = g x, g > 0)', () => {
    fc.assert(
      fc.property(
        historyDraws,
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), {
          minLength: 1,
          maxLength: 4,
        }),
        (draws, scales, ranks) => {
          const { m, b, x, selection } = loaded(draws);
          for (const s of scales) {
            const sorted = Float64Array.from(
              { length: m },
              (_, j) => (b[j] as number) + s * (x[j] as number),
            ).sort();
            for (const u of ranks) {
              const idx = Math.floor(u * m);
              expect(selection.smallest(s, idx)).toBe(sorted[idx]);
            }
          }
        },
      ),
      { seed: 16, numRuns: 300 },
    );
  });

  it('smallestNear, given the answer at a smaller s, is smallest’s answer (customers in increasing amount)', () => {
    fc.assert(
      fc.property(
        historyDraws,
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (draws, scales, u) => {
          const { m, selection } = loaded(draws);
          const idx = Math.floor(u * m);
          let previousS = -1;
          let previous = 0;
          for (const s of [...scales].sort((p, q) => p - q)) {
            const near = selection.smallestNear(s, idx, previousS, previous);
            expect(near).toBe(selection.smallest(s, idx));
            previousS = s;
            previous = near;
          }
        },
      ),
      { seed: 23, numRuns: 300 },
    );
  });

  it('ties in x and in the values, and a history of one draw', () => {
    const x = Float64Array.from({ length: 50 }, (_, j) => 1 + (j % 3));
    const b = Float64Array.from(x, (v, j) => v * (5 + (j % 2)));
    const selection = scaledSelection(50);
    selection.load(b, x, 50);
    const sorted = Float64Array.from(b, (v, j) => v + 7 * (x[j] as number)).sort();
    for (let idx = 0; idx < 50; idx++) expect(selection.smallest(7, idx)).toBe(sorted[idx]);
    selection.load(Float64Array.of(3), Float64Array.of(2), 1);
    expect(selection.smallest(10, 0)).toBe(23);
  });
});

describe('sortDescendingWith', () => {
  it('sorts keys descending and moves each value with its key', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300 }), (keys) => {
        const k = Float64Array.from(keys);
        const v = Float64Array.from(keys, (key, j) => key * 1000 + j);
        sortDescendingWith(k, v, 0, k.length - 1);
        expect(Array.from(k)).toEqual([...keys].sort((a, c) => c - a));
        for (let j = 0; j < k.length; j++) expect(Math.floor((v[j] as number) / 1000)).toBe(k[j]);
        expect(Array.from(v).sort((a, c) => a - c)).toEqual(
          keys.map((key, j) => key * 1000 + j).sort((a, c) => a - c),
        );
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
