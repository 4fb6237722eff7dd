import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PermutedColumns } from '../../src/cli/permutedColumns.js';

describe('PermutedColumns', () => {
  it('row k of the gathered blocks is row order[k] of every column, across block boundaries (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer(), (n, seed) => {
        const order = Uint32Array.from({ length: n }, (_, i) => i);
        let s = seed >>> 0;
        for (let i = n - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [order[i], order[j]] = [order[j] as number, order[i] as number];
        }
        const a = Float64Array.from({ length: n }, (_, i) => i * 1.5);
        const b = Float64Array.from({ length: n }, (_, i) => -i);
        const ids = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? i : `c${i}`));
        const rows = new PermutedColumns(order, [a, b], ids);
        for (let k = 0; k < n; k++) {
          const j = rows.row(k);
          const i = order[k] as number;
          expect([rows.values[0]?.[j], rows.values[1]?.[j], rows.labels[j]]).toEqual([i * 1.5, -i, ids[i]]);
        }
      }),
      { numRuns: 40 },
    );
  });
});
