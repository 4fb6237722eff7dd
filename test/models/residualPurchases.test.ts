import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  betaGeoFamilyExpectedPurchases,
  betaGeoFamilyProbabilityAlive,
} from '../../src/models/betaGeo/predictions.js';
import { betaGeoFamilyDiscountedResidualPurchases } from '../../src/models/betaGeo/residualPurchases.js';
import { betaGeoBetaBinomExpectedPurchases } from '../../src/models/betaGeoBetaBinom/predictions.js';
import { betaGeoBetaBinomDiscountedResidualPurchases } from '../../src/models/betaGeoBetaBinom/residualPurchases.js';
import type { CustomerColumns } from '../../src/models/data/customers.js';
import { paretoNbdDiscountedResidualPurchases } from '../../src/models/paretoNbd/residualPurchases.js';
import { paretoNbdModel } from '../../src/models/paretoNbd.js';
import { laplacePower } from '../../src/models/special/laplacePower.js';
import { lgamma } from '../../src/models/special/lgamma.js';
import { betaExpectation } from '../../src/models/special/tanhSinh.js';
import { loadCdnowSummary } from './cdnow.js';

const cols = (rows: readonly (readonly [number, number, number])[]): CustomerColumns => ({
  frequency: Float64Array.from(rows, (r) => r[0]),
  recency: Float64Array.from(rows, (r) => r[1]),
  T: Float64Array.from(rows, (r) => r[2]),
  weights: undefined,
});

/**
 * δ ∫_0^∞ e^{−δt} f(t) dt by the midpoint rule in u ∈ (0, 1), t = u/(δ(1−u)): the discounted residual purchases as
 * the Laplace transform of the conditional expectation E[Y(t)] (integration by parts of ∫ e^{−δt} dE[Y(t)]).
 */
function laplace(f: (t: number) => Float64Array, delta: number, size: number, steps = 4000): Float64Array {
  const out = new Float64Array(size);
  for (let k = 0; k < steps; k++) {
    const u = (k + 0.5) / steps;
    const t = u / (delta * (1 - u));
    const dt = 1 / (delta * (1 - u) * (1 - u) * steps);
    const v = f(t);
    for (let i = 0; i < size; i++)
      out[i] = (out[i] as number) + delta * Math.exp(-delta * t) * (v[i] as number) * dt;
  }
  return out;
}

const positive = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
/** Weekly continuous rate for a 15% annual discount rate (Fader, Hardie & Lee 2005, JMR). */
const WEEKLY = Math.log(1.15) / 52;
const CDNOW_ROWS = [
  [0, 0, 38.86],
  [2, 30.43, 38.86],
  [1, 1.71, 38.86],
  [6, 38, 38.86],
  [14, 35.71, 38.86],
  [3, 10, 32.14],
] as const;

describe('laplacePower G(s, z) = ∫_0^∞ e^{−zv}(1+v)^{−s} dv', () => {
  it('matches e^z E₁(z) at s = 1 and the recurrence z G(s) = 1 − s G(s+1) (property)', () => {
    // E₁(1) = 0.219383934395520…, so e · E₁(1) = 0.596347362323194…
    expect(laplacePower(1, 1)).toBeCloseTo(0.596347362323194, 13);
    fc.assert(
      fc.property(positive(0.05, 20), positive(0.001, 50), (s, z) => {
        const lhs = z * laplacePower(s, z);
        const rhs = 1 - s * laplacePower(s + 1, z);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-9 * Math.max(1, Math.abs(lhs)));
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with direct numerical integration', () => {
    for (const [s, z] of [
      [0.606, 0.13],
      [2.5, 0.01],
      [0.2, 3],
      [7, 0.5],
    ] as const) {
      // v = w/(1−w), midpoint rule with 200,000 nodes
      const steps = 200_000;
      let sum = 0;
      for (let k = 0; k < steps; k++) {
        const w = (k + 0.5) / steps;
        const v = w / (1 - w);
        sum += (Math.exp(-z * v) * (1 + v) ** -s) / ((1 - w) * (1 - w) * steps);
      }
      expect(laplacePower(s, z)).toBeCloseTo(sum, 6);
    }
  });
});

describe('laplacePower at small z (the series of E_s, where the continued fraction needs O(1/z) steps)', () => {
  it('matches e^z E_s(z) as mpmath gives it (40 digits, `exp(z) * expint(s, z)`, mpmath 1.3.0)', () => {
    for (const [s, z, value] of [
      [2.5, 1e-4, 0.6665356701730291],
      [1.01, 0.49, 0.927825535730214],
      [1.5, 1e-6, 1.9964590887559461],
      [2, 1e-9, 0.9999999798539498],
      [0.3, 0.1, 5.674093414168892],
      [19.9, 0.49, 0.05150241843591853],
      [1.0000001, 1e-3, 6.337871982305676],
      [7, 1e-4, 0.1666633334166639],
      [0.01, 1e-4, 9173.568744645765],
    ] as const)
      expect(Math.abs(laplacePower(s, z) / value - 1)).toBeLessThan(5e-15);
  });

  it('joins the continued fraction where they meet (z = ½, s = 20)', () => {
    for (const s of [0.2, 1, 1.7, 4, 19.99])
      expect(Math.abs(laplacePower(s, 0.4999999) / laplacePower(s, 0.5000001) - 1)).toBeLessThan(1e-6);
    for (const z of [1e-6, 0.01, 0.3])
      expect(Math.abs(laplacePower(19.9999999, z) / laplacePower(20.0000001, z) - 1)).toBeLessThan(1e-6);
  });

  it("gives the Pareto/NBD's E[1/(δ+μ)] at δ = 1e-12 (the continued fraction gave 102,111 where it is 1,194,340)", () => {
    // (β + T) e^z E_s(z) at s = 0.61, β + T = 50.67, z = ln(1 + 1e-12)(β + T): mpmath, 30 digits.
    const bT = 11.67 + 39;
    expect(bT * laplacePower(0.61, Math.log1p(1e-12) * bT)).toBeCloseTo(1194339.79193165, 6);
  });
});

describe('BG/NBD DERT at small δ(α + T)', () => {
  // At r = a = b = 1 and x = 0 (P_alive = 1, λ ~ Exp(α), p ~ U(0, 1)): E[λ/(δ + pλ)] = E[ln(1 + λ/δ)] = e^c E₁(c),
  // c = δα — a closed form, which the quadrature must reach down to c = 1e-12.
  const expE1 = (c: number) => {
    // E₁ by its series (c < 1) or continued fraction (c ≥ 1), A&S 5.1.11 and 5.1.22.
    if (c < 1) {
      let sum = 0;
      let term = 1;
      for (let k = 1; k < 60; k++) {
        term *= -c / k;
        sum -= term / k;
      }
      return Math.exp(c) * (-0.5772156649015329 - Math.log(c) + sum);
    }
    let f = 0;
    for (let k = 80; k >= 1; k--) f = k / (1 + k / (c + f));
    return 1 / (c + f);
  };
  const one = cols([[0, 0, 1e-300]]);
  it('matches e^c E₁(c) from c = 1 down to 1e-12', () => {
    for (const e of [0, 2, 4, 6, 8, 10, 12]) {
      const c = 10 ** -e;
      const delta = 0.01;
      const got = betaGeoFamilyDiscountedResidualPurchases(
        0,
        { r: 1, alpha: c / delta, a: 1, b: 1 },
        delta,
        one,
      )[0] as number;
      expect(Math.abs(got / expE1(c) - 1), `c = ${c}`).toBeLessThan(e <= 8 ? 1e-9 : 1e-6);
    }
  });
  it('refuses a δ(α + T) below 1e-12, naming discountRate, where it gave 612,099 for 27.05', () => {
    expect(() =>
      betaGeoFamilyDiscountedResidualPurchases(0, { r: 1, alpha: 1e-13 / 0.01, a: 1, b: 1 }, 0.01, one),
    ).toThrow(/discountRate: expected a rate with δ \(α \+ T\) ≥ 1e-12/);
  });
});

describe('betaExpectation (tanh-sinh rule)', () => {
  it('gives the Beta moments E[p^k] = B(a+k, b)/B(a, b), including singular densities (property)', () => {
    fc.assert(
      fc.property(positive(1e-4, 20), positive(1e-4, 20), fc.integer({ min: 0, max: 6 }), (a, b, k) => {
        const logB = lgamma(a) + lgamma(b) - lgamma(a + b);
        const exact = Math.exp(lgamma(a + k) + lgamma(a + b) - lgamma(a) - lgamma(a + b + k));
        expect(betaExpectation(a, b, (p) => p ** k, logB)).toBeCloseTo(exact, 10);
      }),
      { numRuns: 200 },
    );
  });

  it('gives them for concentrated Betas too (a, b up to 1e5), whose mass a fixed step of 1/16 fell between', () => {
    // The logit of Beta(100, 1,000) has a width of 0.1: the rule once used one step for every Beta, and gave the
    // BG/NBD DERT 4 % off there (see below). E[p⁶] of Beta(1e-4, 0.39) sits near p = 1, far from the mean.
    for (const [a, b] of [
      [100, 1000],
      [1e4, 1e5],
      [5, 2e5],
      [1e5, 3],
      [2e4, 2e4],
      [1e-4, 0.38870263599503363],
    ] as const)
      for (const k of [0, 1, 3, 6]) {
        const logB = lgamma(a) + lgamma(b) - lgamma(a + b);
        const exact = Math.exp(lgamma(a + k) + lgamma(a + b) - lgamma(a) - lgamma(a + b + k));
        expect(Math.abs(betaExpectation(a, b, (p) => p ** k, logB) / exact - 1)).toBeLessThan(1e-9);
      }
  });
});

describe('Pareto/NBD DERT (Fader, Hardie & Lee 2005, JMR)', () => {
  const params = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
  const expected = paretoNbdModel.kernels.expectedPurchases as NonNullable<
    typeof paretoNbdModel.kernels.expectedPurchases
  >;

  it('equals the Laplace transform of the conditional expectation on CDNOW customers (15% a year, weekly)', () => {
    const c = cols(CDNOW_ROWS);
    const dert = paretoNbdDiscountedResidualPurchases(params, WEEKLY, c);
    const numeric = laplace((t) => expected(params, t, c), WEEKLY, c.frequency.length);
    for (let i = 0; i < dert.length; i++) expect(dert[i]).toBeCloseTo(numeric[i] as number, 5);
  });

  it('equals the Laplace transform for random parameters and customers (property)', () => {
    fc.assert(
      fc.property(
        positive(0.1, 3),
        positive(1, 30),
        positive(0.1, 3),
        positive(1, 30),
        fc.integer({ min: 0, max: 20 }),
        positive(0, 1),
        positive(1, 80),
        positive(0.0005, 0.05),
        (r, alpha, s, beta, x, u, T, delta) => {
          const p = { r, alpha, s, beta };
          const c = cols([[x, x === 0 ? 0 : u * T, T]]);
          const dert = paretoNbdDiscountedResidualPurchases(p, delta, c)[0] as number;
          const numeric = laplace((t) => expected(p, t, c), delta, 1, 3000)[0] as number;
          expect(Math.abs(dert - numeric)).toBeLessThan(2e-5 * Math.max(1, numeric));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('tends to the undiscounted residual purchases P_alive (r+x)(β+T)/((α+T)(s−1)) as δ → 0 when s > 1', () => {
    const p = { r: 0.553, alpha: 10.578, s: 2.5, beta: 11.669 };
    const c = cols([[2, 30.43, 38.86]]);
    const alive = (
      paretoNbdModel.kernels.probabilityAlive as NonNullable<typeof paretoNbdModel.kernels.probabilityAlive>
    )(p, c)[0] as number;
    const limit = (alive * (p.r + 2) * (p.beta + 38.86)) / ((p.alpha + 38.86) * (p.s - 1));
    expect(paretoNbdDiscountedResidualPurchases(p, 1e-9, c)[0]).toBeCloseTo(limit, 5);
  });

  it('runs over the CDNOW sample and caches per distinct T', () => {
    const cdnow = loadCdnowSummary();
    const c = { ...cdnow, weights: undefined };
    const dert = paretoNbdDiscountedResidualPurchases(params, WEEKLY, c);
    expect(dert.length).toBe(2357);
    for (const v of dert) expect(v).toBeGreaterThan(0);
  });
});

describe('BG/NBD and MBG/NBD DERT (derived: docs/models/dert-bgnbd.md)', () => {
  const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it.each([0, 1] as const)(
    'equals the Laplace transform of FHL eq. 10 on CDNOW customers (shift %i)',
    (shift) => {
      const c = cols(CDNOW_ROWS);
      const dert = betaGeoFamilyDiscountedResidualPurchases(shift, params, WEEKLY, c);
      const numeric = laplace(
        (t) => betaGeoFamilyExpectedPurchases(shift, params, t, c),
        WEEKLY,
        c.frequency.length,
      );
      for (let i = 0; i < dert.length; i++) expect(dert[i]).toBeCloseTo(numeric[i] as number, 5);
    },
  );

  it.each([0, 1] as const)(
    'equals the Laplace transform of FHL eq. 10 for heavy buyers, whose Beta mass sits far from p = ½ (shift %i)',
    (shift) => {
      // b' = b + x ≥ 1,000: the Beta weight at the rule's first nodes underflows. The rule once stopped there
      // (DERT 0 at x = 2,000, and before that the subtracted line alone: 2,436 where it is 1,513).
      const c = cols([
        [1000, 299, 300],
        [2000, 299, 300],
        [20000, 299.9, 300],
      ]);
      const dert = betaGeoFamilyDiscountedResidualPurchases(shift, params, WEEKLY, c);
      const numeric = laplace(
        (t) => betaGeoFamilyExpectedPurchases(shift, params, t, c),
        WEEKLY,
        c.frequency.length,
        6000,
      );
      for (let i = 0; i < dert.length; i++)
        expect(Math.abs((dert[i] as number) / (numeric[i] as number) - 1)).toBeLessThan(1e-5);
    },
  );

  it.each([0, 1] as const)(
    'equals the Laplace transform of FHL eq. 10 when the dropout prior is concentrated (a = 100, b = 1,000; shift %i)',
    (shift) => {
      // Beta(a, b + x) has a logit width of about 0.1 here: the rule's fixed step of 1/16 once fell between its
      // mass, 4 % off for every customer (and 80 % for the heavy buyer, x = 200,000).
      const p = { r: 0.243, alpha: 4.414, a: 100, b: 1000 };
      const c = cols([
        [0, 0, 39],
        [2, 30, 39],
        [50, 38, 39],
        [200000, 299.9, 300],
      ]);
      const dert = betaGeoFamilyDiscountedResidualPurchases(shift, p, WEEKLY, c);
      const numeric = laplace(
        (t) => betaGeoFamilyExpectedPurchases(shift, p, t, c),
        WEEKLY,
        c.frequency.length,
        20000,
      );
      for (let i = 0; i < dert.length; i++)
        expect(Math.abs((dert[i] as number) / (numeric[i] as number) - 1)).toBeLessThan(1e-7);
    },
  );

  it('equals the Laplace transform for random parameters and customers (property)', () => {
    fc.assert(
      fc.property(
        positive(0.1, 3),
        positive(1, 30),
        positive(0.02, 4).filter((a) => Math.abs(a - 1) > 1e-3),
        positive(0.02, 6),
        fc.integer({ min: 0, max: 20 }),
        positive(0, 1),
        positive(1, 80),
        positive(0.0005, 0.05),
        fc.constantFrom(0 as const, 1 as const),
        (r, alpha, a, b, x, u, T, delta, shift) => {
          const p = { r, alpha, a, b };
          const c = cols([[x, x === 0 ? 0 : u * T, T]]);
          const dert = betaGeoFamilyDiscountedResidualPurchases(shift, p, delta, c)[0] as number;
          const numeric = laplace(
            (t) => betaGeoFamilyExpectedPurchases(shift, p, t, c),
            delta,
            1,
            3000,
          )[0] as number;
          expect(Math.abs(dert - numeric)).toBeLessThan(2e-5 * Math.max(1, numeric));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('is P_alive · E[λ]/δ when nobody drops out (a → 0), which bounds it otherwise', () => {
    const c = cols([[2, 30.43, 38.86]]);
    const tiny = { r: 0.243, alpha: 4.414, a: 1e-6, b: 2.426 };
    const alive = betaGeoFamilyProbabilityAlive(0, tiny, c)[0] as number;
    const bound = (alive * (tiny.r + 2)) / ((tiny.alpha + 38.86) * WEEKLY);
    expect(betaGeoFamilyDiscountedResidualPurchases(0, tiny, WEEKLY, c)[0]).toBeCloseTo(bound, 3);
    const real = betaGeoFamilyDiscountedResidualPurchases(0, params, WEEKLY, c)[0] as number;
    expect(real).toBeLessThan(
      ((betaGeoFamilyProbabilityAlive(0, params, c)[0] as number) * (params.r + 2)) /
        ((params.alpha + 38.86) * WEEKLY),
    );
  });
});

describe('BG/BB DERT (Fader, Hardie & Berger 2010)', () => {
  const params = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };

  it('equals Σ_k (1+d)^−k E[X(n+k−1, n+k) | x, t_x, n] from the conditional expectation (FHB eq. 13), every donations pattern', () => {
    const rows: [number, number, number][] = [];
    for (let tx = 0; tx <= 6; tx++) for (let x = tx === 0 ? 0 : 1; x <= tx; x++) rows.push([x, tx, 6]);
    const c = cols(rows);
    for (const d of [0.05, 0.1, 0.3]) {
      const dert = betaGeoBetaBinomDiscountedResidualPurchases(params, d, c);
      rows.forEach(([x, tx, n], i) => {
        let sum = 0;
        let previous = 0;
        for (let k = 1; k <= 800; k++) {
          const cumulative = betaGeoBetaBinomExpectedPurchases(params, k, {
            frequency: Float64Array.of(x),
            recency: Float64Array.of(tx),
            T: Float64Array.of(n),
            weights: undefined,
          })[0] as number;
          sum += (cumulative - previous) / (1 + d) ** k;
          previous = cumulative;
        }
        expect(dert[i]).toBeCloseTo(sum, 10);
      });
    }
  });
});

describe('BG/BB kernels over many donors (patterns memoised)', () => {
  it('give each row its own pattern’s value when histories of different lengths are mixed, 1,000,002 donors quickly', () => {
    const params = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
    const rows = [
      [0, 0, 6],
      [3, 6, 6],
      [3, 6, 10],
      [2, 4, 300],
      [0, 0, 10],
      [3, 5, 6],
    ] as const;
    const N = 1_000_002; // a multiple of the 6 patterns
    const big = cols(Array.from({ length: N }, (_, i) => rows[i % rows.length] as (typeof rows)[number]));
    const start = performance.now();
    const dert = betaGeoBetaBinomDiscountedResidualPurchases(params, 0.1, big);
    const elapsed = performance.now() - start;
    rows.forEach((row, k) => {
      const alone = betaGeoBetaBinomDiscountedResidualPurchases(params, 0.1, cols([row]))[0] as number;
      for (const i of [k, k + rows.length, N - rows.length + k]) expect(dert[i]).toBe(alone);
    });
    expect(elapsed).toBeLessThan(3000); // ~0.1 s alone; generous on shared cores
  });
});
