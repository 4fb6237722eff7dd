import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { customerColumns } from '../../src/models/data/customers.js';
import { pairIndex } from '../../src/models/data/pairIndex.js';

const value = fc.oneof(
  fc.integer({ min: 0, max: 5 }),
  fc.double({ min: 0, max: 50, noNaN: true }),
  fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY, 0.5, -0, 1e16),
);

/** The columns or the error message: what a caller sees. */
function outcome(f: () => unknown): unknown {
  try {
    const c = f() as {
      frequency: Float64Array;
      recency: Float64Array;
      T: Float64Array;
      weights?: Float64Array;
    };
    return [
      Array.from(c.frequency),
      Array.from(c.recency),
      Array.from(c.T),
      c.weights && Array.from(c.weights),
    ];
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return (e as Error).message;
  }
}

describe('customerColumns on Float64Array columns (one tight pass) is the general reader', () => {
  it('gives the same columns, or the same error, as plain arrays (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, value, value, value), { minLength: 0, maxLength: 30 }),
        fc.boolean(),
        (rows, weighted) => {
          const cols = (make: (v: number[]) => ArrayLike<number>) => ({
            frequency: make(rows.map((r) => r[0])),
            recency: make(rows.map((r) => r[1])),
            T: make(rows.map((r) => r[2])),
            ...(weighted ? { weights: make(rows.map((r) => r[3])) } : {}),
          });
          const typed = outcome(() => customerColumns(cols((v) => Float64Array.from(v)) as never));
          const plain = outcome(() => customerColumns(cols((v) => v) as never));
          expect(typed).toEqual(plain);
        },
      ),
      { seed: 18, numRuns: 400 },
    );
  });

  it('copies the columns (the caller may reuse its arrays)', () => {
    const frequency = Float64Array.of(1, 0);
    const c = customerColumns({ frequency, recency: Float64Array.of(2, 0), T: Float64Array.of(3, 3) });
    frequency[0] = 7;
    expect(c.frequency[0]).toBe(1);
  });

  it('with shareArrays (predictions), reads plain arrays in place; anything another party could change is copied', () => {
    const plain = () => ({
      frequency: Float64Array.of(1, 0),
      recency: Float64Array.of(2, 0),
      T: Float64Array.of(3, 3),
    });
    const input = plain();
    const shared = customerColumns(input, 'customers', { shareArrays: true });
    expect(shared.frequency).toBe(input.frequency);
    expect(shared.T).toBe(input.T);
    // A buffer other threads can write, a subclass, an own length: copied.
    const sab = new Float64Array(new SharedArrayBuffer(16));
    sab.set([1, 0]);
    class Sub extends Float64Array {}
    const sub = Sub.from([1, 0]);
    const ownLength = Float64Array.of(1, 0);
    Object.defineProperty(ownLength, 'length', { value: 2 });
    for (const frequency of [sab, sub, ownLength]) {
      const c = customerColumns({ ...plain(), frequency }, 'customers', { shareArrays: true });
      expect(c.frequency).not.toBe(frequency);
      expect(Array.from(c.frequency)).toEqual([1, 0]);
    }
    // A Proxy is no typed array to the general reader: refused by name, as without sharing.
    const proxy = new Proxy(Float64Array.of(1, 0), {});
    expect(() =>
      customerColumns({ ...plain(), frequency: proxy }, 'customers', { shareArrays: true }),
    ).toThrow(ClvValidationError);
    // Invalid values still fail as without sharing.
    expect(() =>
      customerColumns({ ...plain(), recency: Float64Array.of(4, 0) }, 'customers', { shareArrays: true }),
    ).toThrow(/recency\[0\]/);
  });
});

describe('pairIndex', () => {
  it('numbers distinct pairs in order of first appearance (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(0, -0, 1, 2), fc.constantFrom(0, 1.5, 39, 38.86)), {
          maxLength: 60,
        }),
        (rows) => {
          const p = pairIndex(
            Float64Array.from(rows, (r) => r[0]),
            Float64Array.from(rows, (r) => r[1]),
          );
          const seen = new Map<string, number>();
          rows.forEach(([a, b], i) => {
            const key = `${a + 0},${b}`;
            if (!seen.has(key)) seen.set(key, seen.size);
            expect(p.code[i]).toBe(seen.get(key));
            expect([p.a[p.code[i] as number], p.b[p.code[i] as number]]).toEqual([a + 0, b]);
          });
          expect(p.a.length).toBe(seen.size);
        },
      ),
      { seed: 18, numRuns: 200 },
    );
  });
});
