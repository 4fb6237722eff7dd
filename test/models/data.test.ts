import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { customerColumns } from '../../src/models/data/customers.js';
import { groupCustomers } from '../../src/models/data/groupCustomers.js';
import { loadCdnowSummary } from './cdnow.js';

describe('customerColumns', () => {
  it('accepts rows, plain arrays and Float64Arrays alike', () => {
    const rows = customerColumns([
      { frequency: 2, recency: 30.43, T: 38.86 },
      { frequency: 0, recency: 0, T: 38.86 },
    ]);
    const arrays = customerColumns({ frequency: [2, 0], recency: [30.43, 0], T: [38.86, 38.86] });
    const typed = customerColumns({
      frequency: Float64Array.of(2, 0),
      recency: Float64Array.of(30.43, 0),
      T: Float64Array.of(38.86, 38.86),
    });
    for (const c of [rows, arrays, typed]) {
      expect(Array.from(c.frequency)).toEqual([2, 0]);
      expect(Array.from(c.recency)).toEqual([30.43, 0]);
      expect(c.weights).toBeUndefined();
    }
  });

  it('reports every bad value with its path and the rule message', () => {
    try {
      customerColumns({ frequency: [1, 2, -1, 1.5], recency: [1, 5, 0, 1], T: [2, 4, 1, Number.NaN] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ClvValidationError);
      const messages = (e as ClvValidationError).issues.map((i) => i.message);
      expect(messages).toContain('frequency[2]: expected a whole number of 0 or more, received -1');
      expect(messages).toContain('frequency[3]: expected a whole number of 0 or more, received 1.5');
      expect(messages).toContain('T[3]: expected a finite number of 0 or more, received NaN');
    }
    expect(() => customerColumns({ frequency: [1], recency: [5], T: [4] })).toThrow(
      'recency[0]: expected a finite number in [0, T = 4], received 5',
    );
    expect(() => customerColumns({ frequency: [0], recency: [1], T: [4] })).toThrow(
      'recency[0]: expected 0 when frequency is 0, received 1',
    );
    expect(() => customerColumns([{ frequency: 1, recency: 1, T: 'x' as unknown as number }])).toThrow(
      'customers[0].T: expected a finite number of 0 or more, received "x"',
    );
    expect(() => customerColumns({ frequency: [1, 2], recency: [1], T: [1, 2] })).toThrow(
      /recency: expected an array of length 2/,
    );
  });
});

describe('groupCustomers', () => {
  it('collapses identical triples, keeps weights and maps customers to groups', () => {
    const g = groupCustomers(
      customerColumns({
        frequency: [1, 1, 0, 1],
        recency: [5, 5, 0, 5],
        T: [9, 9, 9, 9],
        weights: [1, 2, 3, 4],
      }),
    );
    expect(Array.from(g.weights)).toEqual([7, 3]);
    expect(Array.from(g.groupOf)).toEqual([0, 0, 1, 0]);
    expect(g.count).toBe(10);
    expect(Array.from(g.frequencyLevels.values)).toEqual([0, 1]);
    expect(Array.from(g.frequencyLevels.weights)).toEqual([3, 7]);
  });

  it('preserves total weight and every customer’s triple (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 3 }),
          ),
          {
            maxLength: 200,
          },
        ),
        (triples) => {
          const rows = triples.map(([x, a, b]) => ({
            frequency: x,
            recency: x === 0 ? 0 : Math.min(a, b),
            T: Math.max(a, b),
          }));
          const c = customerColumns(rows);
          const g = groupCustomers(c);
          expect(g.count).toBe(rows.length);
          rows.forEach((r, i) => {
            const k = g.groupOf[i] as number;
            expect([g.frequency[k], g.recency[k], g.T[k]]).toEqual([r.frequency, r.recency, r.T]);
          });
          expect(new Set(rows.map((r) => `${r.frequency},${r.recency},${r.T}`)).size).toBe(g.weights.length);
        },
      ),
    );
  });

  it('past the first 1,024 groups (the per-group columns grow): 5,000 triples, each seen 1 to 3 times', () => {
    const frequency: number[] = [];
    const recency: number[] = [];
    const T: number[] = [];
    for (let k = 0; k < 5000; k++)
      for (let r = 0; r <= k % 3; r++) {
        frequency.push(1 + (k % 7));
        recency.push(k / 10);
        T.push(600 + k);
      }
    const g = groupCustomers(customerColumns({ frequency, recency, T }));
    expect(g.weights.length).toBe(5000);
    expect(g.count).toBe(frequency.length);
    for (let i = 0; i < frequency.length; i += 7) {
      const k = g.groupOf[i] as number;
      expect([g.frequency[k], g.recency[k], g.T[k]]).toEqual([frequency[i], recency[i], T[i]]);
      expect(g.weights[k]).toBe((((T[i] as number) - 600) % 3) + 1);
    }
  });

  it('CDNOW has fewer distinct triples than customers', () => {
    const d = loadCdnowSummary();
    const g = groupCustomers(customerColumns(d));
    expect(g.count).toBe(2357);
    expect(g.weights.length).toBeLessThan(2357);
  });
});

describe('millions of bad values make one bounded error', () => {
  it('keeps the first 1,000 issues and counts every one (2,000,001 customers whose recency exceeds T)', () => {
    const n = 2_000_001;
    const columns = {
      frequency: new Float64Array(n).fill(1),
      recency: new Float64Array(n).fill(9),
      T: new Float64Array(n).fill(5),
    };
    let error: unknown;
    try {
      customerColumns(columns);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClvValidationError);
    const e = error as ClvValidationError;
    expect(e.issues).toHaveLength(1000);
    expect(e.issueCount).toBe(n);
    expect(e.issues[999]?.path).toBe('recency[999]');
    expect(e.message).toMatch(
      /recency\[0\]: expected a finite number in \[0, T = 5\], received 9; .* … and 1999991 more$/,
    );
  });
});
