/** `restrided`: the per-draw stores' rows moved to a longer stride, values kept and the rest of each row 0. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restrided } from '../../src/uncertainty/historyDraws.js';

describe('restrided', () => {
  it('row r, value j lands at r · to + j; the rest is 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        (rows, from, extra) => {
          const to = from + extra;
          const values = Float64Array.from({ length: rows * from }, (_, i) => i + 1);
          const out = restrided(values, rows, from, to);
          expect(out.length).toBe(rows * to);
          for (let r = 0; r < rows; r++)
            for (let j = 0; j < to; j++) expect(out[r * to + j]).toBe(j < from ? r * from + j + 1 : 0);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });
});
