import { describe, expect, it } from 'vitest';
import { ClvValidationError } from '../../src/errors.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';
import { numberRule } from '../../src/schemas/field.js';
import { ruleColumn } from '../../src/schemas/ruleColumn.js';

const count = numberRule({ min: 0, max: 10 }, true);

/** The issues of what `f` throws, as `path: expected`; it must throw a ClvValidationError. */
function issuesOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ClvValidationError);
    return (e as ClvValidationError).issues.map((i) => `${i.path}: ${i.expected}`);
  }
  throw new Error('did not throw');
}

describe('ruleColumn: a list of numbers read through one rule', () => {
  it('reads an array or a typed array into a Float64Array, entry by entry', () => {
    expect(Array.from(ruleColumn('f', 'xs', count, [0, 3, 10]))).toEqual([0, 3, 10]);
    expect(Array.from(ruleColumn('f', 'xs', count, Int32Array.of(2, 4)))).toEqual([2, 4]);
    expect(ruleColumn('f', 'xs', count, []).length).toBe(0);
  });

  it('names every refused entry by its index in one error (the first 1,000 kept, all counted)', () => {
    expect(issuesOf(() => ruleColumn('f', 'xs', count, [1, 1.5, 11, 'a']))).toEqual([
      'xs[1]: a whole number in [0, 10]',
      'xs[2]: a whole number in [0, 10]',
      'xs[3]: a whole number in [0, 10]',
    ]);
    const e = (() => {
      try {
        ruleColumn('f', 'xs', count, new Array(1200).fill(-1));
      } catch (thrown) {
        return thrown as ClvValidationError;
      }
    })();
    expect(e?.issues.length).toBe(1000);
    expect(e?.issueCount).toBe(1200);
    expect(e?.issues[999]?.path).toBe('xs[999]');
  });

  it('refuses what is not a list, or a list of another length than asked, before reading an entry', () => {
    let read = 0;
    const counted = new Proxy([1, 2], {
      get: (t, k) => {
        if (typeof k === 'string' && /^\d+$/.test(k)) read++;
        return Reflect.get(t, k);
      },
    });
    expect(
      issuesOf(() => ruleColumn('f', 'xs', count, counted, { count: 3, expected: '3 entries' })),
    ).toEqual(['xs: 3 entries']);
    expect(read).toBe(0);
    for (const notAList of [3, 'abc', null, undefined, {}, { length: -1 }, { length: 1.5 }])
      expect(issuesOf(() => ruleColumn('f', 'xs', count, notAList))).toEqual([
        'xs: an array of numbers (at most 50,000,000)',
      ]);
    // A length past MAX_LIST_LENGTH is refused before anything is made (not a Float64Array of 8 TB).
    expect(issuesOf(() => ruleColumn('f', 'xs', count, { length: 1e12 }))).toEqual([
      'xs: an array of numbers (at most 50,000,000)',
    ]);
  });

  it('names the entry whose reading throws (an array Proxy), and the list when its length throws', () => {
    const trap = (key: string) =>
      new Proxy([1, 2], {
        get: (t, k) => {
          if (k === key) throw new Error('boom');
          return Reflect.get(t, k);
        },
      });
    expect(issuesOf(() => ruleColumn('f', 'xs', count, trap('1')))).toEqual([
      'xs[1]: an object whose fields can be read (reading it threw: boom)',
    ]);
    expect(issuesOf(() => ruleColumn('f', 'xs', count, trap('length')))).toEqual([
      'xs: an object whose fields can be read (reading it threw: boom)',
    ]);
  });
});

describe('simulateCustomers reads its list of T with ruleColumn, its issues beside the other options', () => {
  const bg = fitFromParams({ model: 'betaGeo', params: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 } });
  const bgbb = fitFromParams({
    model: 'betaGeoBetaBinom',
    params: { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 },
  });

  it('one error names the bad entries of T and a bad seed together', () => {
    expect(issuesOf(() => simulateCustomers(bg, { T: [39, -1, 2e9], seed: Number.NaN }))).toEqual([
      'T[1]: a finite number in [0, 1000000000]',
      'T[2]: a finite number in [0, 1000000000]',
      'seed: a finite number',
    ]);
    expect(issuesOf(() => simulateCustomers(bgbb, { T: [6, 6.5], seed: 1 }))).toEqual([
      'T[1]: a whole number in [0, 1000000000]',
    ]);
    expect(issuesOf(() => simulateCustomers(bg, { T: { length: 1e12 } as never, seed: 1 }))).toEqual([
      'T: an array of numbers (at most 50,000,000)',
    ]);
  });

  it('a typed array of T draws the same customers as the array', () => {
    const a = simulateCustomers(bg, { T: [39, 20, 5], seed: 7 });
    const b = simulateCustomers(bg, { T: Float64Array.of(39, 20, 5), seed: 7 });
    expect(Array.from(b.frequency)).toEqual(Array.from(a.frequency));
    expect(Array.from(b.recency)).toEqual(Array.from(a.recency));
  });
});
