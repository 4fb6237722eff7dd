import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatherPermuted } from '../../src/cli/permutedColumns.js';

describe('gatherPermuted', () => {
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
        const size = 1024;
        const values = [new Float64Array(size), new Float64Array(size)];
        const labels: (string | number)[] = [];
        for (let start = 0; start < n; start += size) {
          const m = gatherPermuted(order, [a, b], ids, start, size, values, labels);
          expect(m).toBe(Math.min(size, n - start));
          for (let j = 0; j < m; j++) {
            const i = order[start + j] as number;
            expect([values[0]?.[j], values[1]?.[j], labels[j]]).toEqual([i * 1.5, -i, ids[i]]);
          }
          // Ids that are keys: the label of each, made as it is gathered.
          const keys = Array.from({ length: n }, (_, i) => i);
          const ofKeys: (string | number)[] = [];
          gatherPermuted(
            order,
            [a, b],
            keys,
            start,
            size,
            values,
            ofKeys,
            (k) => ids[k as number] as string | number,
          );
          expect(ofKeys).toEqual(labels.slice(0, m));
        }
      }),
      { numRuns: 40 },
    );
  });
});
