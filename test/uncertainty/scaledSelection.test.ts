/**
 * `scaledSelection`: an order statistic of b_j + s x_j followed along increasing s, exactly the values a full
 * sort gives (also at and beside the lines' crossings); and `sortAscendingWith`, the sort of the customers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scaledSelection, sortAscendingWith } from '../../src/uncertainty/scaledSelection.js';

/** A history's draws: (x, g) pairs, b = g x (x the value per unit of scale, g the spend parameter γ). */
const historyDraws = fc.array(
  fc.tuple(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), fc.double({ min: 0.5, max: 60, noNaN: true })),
  { minLength: 1, maxLength: 400 },
);

/** The draws as columns. */
function loaded(draws: readonly (readonly [number, number])[]) {
  const m = draws.length;
  const x = Float64Array.from(draws, ([v]) => v);
  const b = Float64Array.from(draws, ([v, g]) => g * v);
  return { m, b, x };
}

/** The (idx + 1)-th smallest of b_j + s x_j by a full sort. */
function sorted(b: Float64Array, x: Float64Array, s: number, idx: number): number {
  return Float64Array.from(b, (v, j) => v + s * (x[j] as number)).sort()[idx] as number;
}

/** smallestAlong at ascending s, checked value by value against the full sort. */
function expectAlongIsSorted(b: Float64Array, x: Float64Array, scales: readonly number[], idx: number) {
  const selection = scaledSelection(b.length);
  selection.load(b, x, b.length);
  const s = Float64Array.from(scales).sort();
  const out = new Float64Array(s.length);
  selection.smallestAlong(s, s.length, idx, out);
  for (let p = 0; p < s.length; p++) expect(out[p]).toBe(sorted(b, x, s[p] as number, idx));
}

describe('scaledSelection', () => {
  it('smallestAlong gives the full sort’s (idx+1)-th smallest of b + s x at every s (b = g x, g > 0)', () => {
    fc.assert(
      fc.property(
        historyDraws,
        fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (draws, scales, u) => {
          const { m, b, x } = loaded(draws);
          expectAlongIsSorted(b, x, scales, Math.floor(u * m));
        },
      ),
      { seed: 16, numRuns: 400 },
    );
  });

  it('customers exactly at, a hair either side of, and densely between the crossings of the draws’ lines', () => {
    fc.assert(
      fc.property(historyDraws, fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (draws, u) => {
        const { m, b, x } = loaded(draws.slice(0, 40));
        const scales: number[] = [0];
        let latest = 0;
        for (let i = 0; i < m; i++)
          for (let j = i + 1; j < m; j++) {
            const t = ((b[i] as number) - (b[j] as number)) / ((x[j] as number) - (x[i] as number));
            if (Number.isFinite(t) && t >= 0) {
              scales.push(t, t * (1 - 1e-15), t * (1 + 1e-15), t * (1 + 1e-9));
              latest = Math.max(latest, t);
            }
          }
        // A customer every 1/500 of the way to the last crossing: a draw followed past its next crossing shows.
        for (let c = 1; c <= 500; c++) scales.push((latest * c) / 500);
        expectAlongIsSorted(b, x, scales, Math.floor(u * m));
      }),
      { seed: 23, numRuns: 200 },
    );
  });

  it('a history’s draws as they come, followed across a dense run of customers: every rank, every value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 150 }), (seed, m) => {
        // Draws like a history's: R log-normal, γ spread ±30 % (a small linear congruential generator).
        let z = seed;
        const uniform = () => {
          z = (Math.imul(z, 1103515245) + 12345) >>> 0;
          return (z + 0.5) / 2 ** 32;
        };
        const x = Float64Array.from({ length: m }, () =>
          Math.exp(2 * (uniform() + uniform() + uniform() - 1.5)),
        );
        const b = Float64Array.from(x, (v) => v * 15 * (0.7 + 0.6 * uniform()));
        const scales = Array.from({ length: 400 }, (_, c) => (c * c) / 400);
        for (const idx of [0, Math.floor(m / 2), Math.floor(0.95 * m), m - 1])
          expectAlongIsSorted(b, x, scales, idx);
      }),
      { seed: 31, numRuns: 60 },
    );
  });

  it('equal and parallel lines, repeated amounts, every rank, and a history of one draw', () => {
    const x = Float64Array.from({ length: 50 }, (_, j) => 1 + (j % 3));
    const b = Float64Array.from(x, (v, j) => v * (5 + (j % 2)));
    const scales = [0, 0, 1, 1, 1, 2.5, 7, 7, 1e3];
    for (let idx = 0; idx < 50; idx++) expectAlongIsSorted(b, x, scales, idx);
    expectAlongIsSorted(Float64Array.of(3), Float64Array.of(2), [10, 10, 20], 0);
  });
});

describe('sortAscendingWith', () => {
  it('sorts keys ascending and moves each value with its key', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 300 }), (keys) => {
        const k = Float64Array.from(keys);
        const v = Float64Array.from(keys, (key, j) => key * 1000 + j);
        sortAscendingWith(k, v, 0, k.length - 1);
        expect(Array.from(k)).toEqual([...keys].sort((a, c) => a - c));
        for (let j = 0; j < k.length; j++) expect(Math.floor((v[j] as number) / 1000)).toBe(k[j]);
        expect(Array.from(v).sort((a, c) => a - c)).toEqual(
          keys.map((key, j) => key * 1000 + j).sort((a, c) => a - c),
        );
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
