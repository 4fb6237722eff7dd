import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/money.js';
import { paretoShare, rfmScores, topCustomers, valueTiers } from '../../src/segments/index.js';

const customersArb = fc.array(
  fc.record({
    days: fc.integer({ min: 0, max: 60 }),
    orders: fc.integer({ min: 0, max: 12 }),
    spend: fc.integer({ min: 0, max: 5000 }).map((c) => c / 100),
  }),
  { minLength: 1, maxLength: 60 },
);
const binsArb = fc.integer({ min: 2, max: 9 });

function score(cs: { days: number; orders: number; spend: number }[], bins: number) {
  return rfmScores(
    {
      daysSinceLastPurchase: cs.map((c) => c.days),
      orderCount: cs.map((c) => c.orders),
      totalSpend: cs.map((c) => c.spend),
    },
    { bins },
  );
}

/**
 * The rule as documented, computed naively in exact rationals (BigInt): a value with B others worse, E equal
 * (itself included) and A better takes rank* = B + (E − 1)·B/(A + B) (the middle (E − 1)/2 when all are
 * equal) and scores min(bins, ⌊rank* × bins / n⌋ + 1); for distinct values ⌊#worse × bins / n⌋ + 1.
 */
function naive(values: number[], bins: number, lowerIsBetter = false): number[] {
  const n = values.length;
  return values.map((v) => {
    const worse = values.filter((w) => (lowerIsBetter ? w > v : w < v)).length;
    const equal = values.filter((w) => w === v).length;
    const better = n - worse - equal;
    const B = BigInt(worse);
    const E = BigInt(equal);
    const others = BigInt(worse + better);
    // rank* = p / q
    const [p, q] = others === 0n ? [E - 1n, 2n] : [B * others + (E - 1n) * B, others];
    const s = Number((p * BigInt(bins)) / (q * BigInt(n))) + 1;
    return Math.min(bins, s);
  });
}

describe('rfmScores properties', () => {
  it('equals the documented rule computed naively; scores in 1..bins', () => {
    fc.assert(
      fc.property(customersArb, binsArb, (cs, bins) => {
        const s = score(cs, bins);
        expect([...s.recency]).toEqual(
          naive(
            cs.map((c) => c.days),
            bins,
            true,
          ),
        );
        expect([...s.frequency]).toEqual(
          naive(
            cs.map((c) => c.orders),
            bins,
          ),
        );
        expect([...s.monetary]).toEqual(
          naive(
            cs.map((c) => c.spend),
            bins,
          ),
        );
        for (const col of [s.recency, s.frequency, s.monetary])
          for (const x of col) expect(x >= 1 && x <= bins).toBe(true);
      }),
    );
  });

  it('equal values share a score; strictly more orders never score lower; order does not matter', () => {
    fc.assert(
      fc.property(customersArb, binsArb, fc.nat(), (cs, bins, seed) => {
        const s = score(cs, bins);
        for (let i = 0; i < cs.length; i++)
          for (let j = 0; j < cs.length; j++) {
            const a = cs[i] as (typeof cs)[number];
            const b = cs[j] as (typeof cs)[number];
            if (a.orders === b.orders) expect(s.frequency[i]).toBe(s.frequency[j]);
            if (a.orders > b.orders)
              expect(s.frequency[i] as number).toBeGreaterThanOrEqual(s.frequency[j] as number);
            if (a.days < b.days)
              expect(s.recency[i] as number).toBeGreaterThanOrEqual(s.recency[j] as number);
            if (a.spend === b.spend) expect(s.monetary[i]).toBe(s.monetary[j]);
          }
        // A rotation of the customers rotates the scores.
        const k = seed % cs.length;
        const rotated = score([...cs.slice(k), ...cs.slice(0, k)], bins);
        expect([...rotated.score]).toEqual([...s.score.slice(k), ...s.score.slice(0, k)]);
      }),
    );
  });

  it('with distinct values, each score holds ⌊n/bins⌋ or ⌈n/bins⌉ customers', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 80 }),
        binsArb,
        (xs, bins) => {
          const s = rfmScores({ daysSinceLastPurchase: xs, orderCount: xs, totalSpend: xs }, { bins });
          const counts = new Array(bins).fill(0);
          for (const x of s.frequency) counts[x - 1]++;
          for (const c of counts)
            expect(c === Math.floor(xs.length / bins) || c === Math.ceil(xs.length / bins)).toBe(true);
        },
      ),
    );
  });
});

const valuesArb = fc.array(fc.integer({ min: -500, max: 5000 }), { minLength: 1, maxLength: 60 });
const shareArb = fc.integer({ min: 0, max: 100 }).map((p) => p / 100);

describe('value tier, Pareto and top-customer properties', () => {
  it('tiers partition the customers, respect quotas, and give equal values one tier', () => {
    fc.assert(
      fc.property(valuesArb, shareArb, shareArb, (xs, a, b) => {
        const high = Math.min(a, b);
        const mid = Math.max(a, b) - high;
        const tiers = valueTiers(xs, { cutoffs: { by: 'share', high, mid } });
        expect(tiers.length).toBe(xs.length);
        for (const t of tiers) expect(['high', 'mid', 'low']).toContain(t);
        const count = (t: string) => tiers.filter((x) => x === t).length;
        expect(count('high')).toBeLessThanOrEqual(Math.floor(high * xs.length + 1e-9));
        expect(count('high') + count('mid')).toBeLessThanOrEqual(Math.floor((high + mid) * xs.length + 1e-9));
        const rank = { high: 2, mid: 1, low: 0 } as const;
        for (let i = 0; i < xs.length; i++)
          for (let j = 0; j < xs.length; j++) {
            if (xs[i] === xs[j]) expect(tiers[i]).toBe(tiers[j]);
            if ((xs[i] as number) > (xs[j] as number))
              expect(rank[tiers[i] as 'high']).toBeGreaterThanOrEqual(rank[tiers[j] as 'high']);
          }
      }),
    );
  });

  it('paretoShare lies in [topFraction, 1] for non-negative values', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 60 })
          .filter((xs) => xs.some((x) => x > 0)),
        fc.integer({ min: 1, max: 100 }),
        (xs, p) => {
          const f = new Decimal(p).div(100);
          const share = paretoShare(
            xs.map((x) => new Decimal(x).div(100)),
            f,
          );
          expect(share.gte(f)).toBe(true);
          expect(share.lte(1)).toBe(true);
        },
      ),
    );
  });

  it('topCustomers picks ⌈f·n⌉ customers, none worth less than any left out', () => {
    fc.assert(
      fc.property(valuesArb, fc.integer({ min: 1, max: 100 }), (xs, p) => {
        const top = topCustomers(xs, p / 100);
        expect(top.length).toBe(Math.ceil((p * xs.length) / 100));
        expect(new Set(top).size).toBe(top.length);
        const chosen = new Set(top);
        const minChosen = Math.min(...top.map((i) => xs[i] as number));
        for (let i = 0; i < xs.length; i++)
          if (!chosen.has(i)) expect(xs[i] as number).toBeLessThanOrEqual(minChosen);
        for (let q = 1; q < top.length; q++)
          expect(xs[top[q - 1] as number] as number).toBeGreaterThanOrEqual(xs[top[q] as number] as number);
      }),
    );
  });
});

describe('selection (the quantile cuts without a full sort)', () => {
  it('matches a full sort on large arrays with many ties (the Floyd–Rivest sampling path)', async () => {
    const { quantileCuts } = await import('../../src/segments/quantileScore.js');
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 601, maxLength: 4000 }),
        fc.integer({ min: 2, max: 9 }),
        (xs, bins) => {
          const sorted = [...xs].sort((a, b) => a - b);
          const n = xs.length;
          const expected = Array.from(
            { length: bins - 1 },
            (_, s) => sorted[Math.ceil(((s + 1) * n) / bins) - 1],
          );
          expect([...quantileCuts(xs, bins)]).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
