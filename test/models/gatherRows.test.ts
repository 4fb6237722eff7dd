import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatherRows } from '../../src/models/data/gatherRows.js';

describe('gatherRows', () => {
  it('takes column[rows[j]] for every j, in the order of rows, repeats included (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        (values, picks) => {
          const rows = Uint32Array.from(picks, (p) => p % values.length);
          expect([...gatherRows(Float64Array.from(values), rows)]).toEqual([...rows].map((r) => values[r]));
        },
      ),
    );
    expect(gatherRows(Float64Array.of(10, 20, 30), Uint32Array.of(2, 0))).toEqual(Float64Array.of(30, 10));
  });
});
