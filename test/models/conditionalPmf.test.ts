import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { betaGeoFamilyConditionalPmf } from '../../src/models/betaGeo/conditionalPmf.js';
import {
  betaGeoFamilyExpectedPurchases,
  betaGeoFamilyProbabilityOfPurchases,
  betaGeoParams,
} from '../../src/models/betaGeo/predictions.js';
import { betaGeoBetaBinomConditionalPmf } from '../../src/models/betaGeoBetaBinom/conditionalPmf.js';
import { betaGeoBetaBinomModel } from '../../src/models/betaGeoBetaBinom.js';
import type { CustomerColumns } from '../../src/models/data/customers.js';
import { paretoNbdConditionalPmf } from '../../src/models/paretoNbd/conditionalPmf.js';
import { paretoNbdModel } from '../../src/models/paretoNbd.js';
import { lgamma } from '../../src/models/special/lgamma.js';

const one = (x: number, tx: number, T: number): CustomerColumns => ({
  frequency: Float64Array.of(x),
  recency: Float64Array.of(tx),
  T: Float64Array.of(T),
  weights: undefined,
});

/**
 * How many terms make the neglected tail negligible (< 1e-12) for a gamma–Poisson count with shape r and scale α
 * over t: the terms decay like (t/(α+t))^n once past the mean r t/α.
 */
const termsFor = (r: number, alpha: number, t: number) =>
  Math.ceil(3 * ((r * t) / alpha) + (40 + 3 * r) / -Math.log(t / (alpha + t)));

/** Σ_n P(n) and Σ_n n P(n) over n = 0 … N−1 for a one-customer PMF. */
function moments(pmf: (n: number) => number, N: number) {
  let total = 0;
  let mean = 0;
  for (let n = 0; n < N; n++) {
    const v = pmf(n);
    total += v;
    mean += n * v;
  }
  return { total, mean };
}

const positive = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });

/** A continuous-time customer: x, t_x ≤ T (t_x = 0 when x = 0). */
const customer = fc
  .tuple(fc.integer({ min: 0, max: 12 }), positive(0.5, 60), positive(0, 1))
  .map(([x, T, u]) => ({ x, T, tx: x === 0 ? 0 : u * T }));

/** ∫_{−∞}^{∞} f(e^y) e^y dy by the midpoint rule on a log grid: E over a density on (0, ∞) written in y = ln v. */
function logGrid(lo: number, hi: number, steps: number) {
  const h = (hi - lo) / steps;
  return Array.from({ length: steps }, (_, k) => {
    const y = lo + (k + 0.5) * h;
    return { v: Math.exp(y), dy: h, y };
  });
}
/** Gamma(shape, rate) log density in y = ln v (includes the Jacobian v). */
const logGammaY = (shape: number, rate: number, y: number) =>
  shape * Math.log(rate) - lgamma(shape) + shape * y - rate * Math.exp(y);
/** Poisson probabilities P(0 … count−1) of mean m, by recurrence. */
function poisson(m: number, count: number): Float64Array {
  const out = new Float64Array(count);
  let v = Math.exp(-m);
  for (let j = 0; j < count; j++) {
    out[j] = v;
    v *= m / (j + 1);
  }
  return out;
}

describe('BG family conditional PMF, P(X(T, T+t] = n | x, t_x, T)', () => {
  it.each([0, 1] as const)('sums to 1 and has mean expectedPurchases (shift %i, property)', (shift) => {
    fc.assert(
      fc.property(
        positive(0.1, 3),
        positive(2, 20),
        positive(0.2, 4),
        positive(0.2, 6),
        customer,
        positive(0.5, 40),
        (r, alpha, a, b, c, t) => {
          const p = { r, alpha, a, b };
          const cols = one(c.x, c.tx, c.T);
          const { total, mean } = moments(
            (n) => betaGeoFamilyConditionalPmf(shift, p, n, t, cols)[0] as number,
            termsFor(r + c.x, alpha + c.T, t),
          );
          const expected = betaGeoFamilyExpectedPurchases(shift, p, t, cols)[0] as number;
          expect(total).toBeCloseTo(1, 9);
          expect(Math.abs(mean - expected)).toBeLessThan(1e-7 * Math.max(1, expected));
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each([0, 1] as const)(
    'is the new-customer PMF (FHL 2005 eq. 8) for a customer just acquired, x = t_x = T = 0 (shift %i)',
    (shift) => {
      const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
      for (const t of [1, 39, 78])
        for (let n = 0; n < 12; n++)
          expect(betaGeoFamilyConditionalPmf(shift, p, n, t, one(0, 0, 0))[0]).toBeCloseTo(
            betaGeoFamilyProbabilityOfPurchases(shift, p, n, t),
            13,
          );
    },
  );

  it('stays exact for a heavy buyer whose NB_0 underflows (x = 3,000)', () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.01, b: 2.426 };
    const cols = one(3000, 38.9, 39);
    let total = 0;
    let mean = 0;
    for (let n = 0; n < 12_000; n++) {
      const v = betaGeoFamilyConditionalPmf(0, p, n, 39, cols)[0] as number;
      total += v;
      mean += n * v;
    }
    const expected = betaGeoFamilyExpectedPurchases(0, p, 39, cols)[0] as number;
    expect(expected).toBeGreaterThan(2000);
    expect(total).toBeCloseTo(1, 9);
    expect(mean / expected).toBeCloseTo(1, 9);
  });

  it('agrees with direct integration over (λ, p) of the individual-level model (BG/NBD and MBG/NBD)', () => {
    const p = { r: 0.8, alpha: 5, a: 1.6, b: 2.5 };
    const t = 20;
    for (const shift of [0, 1] as const)
      for (const [x, tx, T] of [
        [0, 0, 30],
        [3, 20, 35],
        [7, 10, 38],
      ] as const) {
        // P(data, future = n | λ, p): alive branch λ^x e^{−λT} (1−p)^{x+s} · P(n | λ, p, alive) + dropped-at-last-purchase branch.
        const lambdas = logGrid(-40, 4, 2500);
        const ps = Array.from({ length: 400 }, (_, k) => (k + 0.5) / 400);
        const joint = new Float64Array(6);
        let evidence = 0;
        for (const { v: lam, dy, y } of lambdas) {
          const wl = Math.exp(logGammaY(p.r, p.alpha, y)) * dy;
          const pois = poisson(lam * t, 6);
          for (const q of ps) {
            const wp =
              (Math.exp(
                (p.a - 1) * Math.log(q) +
                  (p.b - 1) * Math.log1p(-q) -
                  (lgamma(p.a) + lgamma(p.b) - lgamma(p.a + p.b)),
              ) /
                400) *
              wl;
            const aliveL = lam ** x * Math.exp(-lam * T) * (1 - q) ** (x + shift);
            const deadL = x + shift > 0 ? lam ** x * Math.exp(-lam * tx) * q * (1 - q) ** (x + shift - 1) : 0;
            evidence += wp * (aliveL + deadL);
            let below = 0;
            for (let n = 0; n < 6; n++) {
              // Alive: n purchases if the first n−1 survived and [dropped after the n-th with N ≥ n, or N = n].
              const pn =
                n === 0
                  ? (pois[0] as number)
                  : (1 - q) ** (n - 1) * (q * Math.max(0, 1 - below) + (1 - q) * (pois[n] as number));
              below += pois[n] as number;
              joint[n] = (joint[n] as number) + wp * (aliveL * pn + (n === 0 ? deadL : 0));
            }
          }
        }
        for (let n = 0; n < 6; n++) {
          const kernel = betaGeoFamilyConditionalPmf(shift, p, n, t, one(x, tx, T))[0] as number;
          expect(Math.abs(kernel - (joint[n] as number) / evidence)).toBeLessThan(2e-4);
        }
      }
  });

  it('is 1 at n = 0 and 0 above when t = 0, and reads published CDNOW parameters', () => {
    const p = betaGeoParams({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
    const c = one(2, 30.43, 38.86);
    expect(betaGeoFamilyConditionalPmf(0, p, 0, 0, c)[0]).toBe(1);
    expect(betaGeoFamilyConditionalPmf(0, p, 1, 0, c)[0]).toBe(0);
  });
});

describe('Pareto/NBD conditional PMF (Fader & Hardie, note 028)', () => {
  it('sums to 1 and has mean expectedPurchases (property)', () => {
    const expectedPurchases = paretoNbdModel.kernels.expectedPurchases as NonNullable<
      typeof paretoNbdModel.kernels.expectedPurchases
    >;
    fc.assert(
      fc.property(
        positive(0.2, 3),
        positive(2, 20),
        positive(0.2, 3),
        positive(0.5, 20),
        customer,
        positive(0.5, 40),
        (r, alpha, s, beta, c, t) => {
          const params = { r, alpha, s, beta };
          const cols = one(c.x, c.tx, c.T);
          const { total, mean } = moments(
            (n) => paretoNbdConditionalPmf(params, n, t, cols)[0] as number,
            termsFor(r + c.x, alpha + c.T, t),
          );
          const expected = expectedPurchases(params, t, cols)[0] as number;
          expect(total).toBeCloseTo(1, 8);
          expect(Math.abs(mean - expected)).toBeLessThan(1e-6 * Math.max(1, expected));
        },
      ),
      { numRuns: 15 },
    );
  });

  it('agrees with direct integration over (λ, μ) of the individual-level model', () => {
    const params = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
    const t = 39;
    const grid = logGrid(-35, 3, 700);
    for (const [x, tx, T] of [
      [0, 0, 38.86],
      [2, 30.43, 38.86],
      [5, 12, 38.86],
    ] as const) {
      const joint = new Float64Array(5);
      let evidence = 0;
      for (const { v: lam, dy: dl, y: yl } of grid) {
        const wl = Math.exp(logGammaY(params.r, params.alpha, yl)) * dl;
        const pois = poisson(lam * t, 5);
        for (const { v: mu, dy: dm, y: ym } of grid) {
          const w = wl * Math.exp(logGammaY(params.s, params.beta, ym)) * dm;
          const k = lam + mu;
          // Individual likelihood (Fader & Hardie 2005 note, eq. 3): alive through T, or died in (t_x, T].
          const aliveL = lam ** x * Math.exp(-k * T);
          const deadL = lam ** x * (mu / k) * (Math.exp(-k * tx) - Math.exp(-k * T));
          evidence += w * (aliveL + deadL);
          const total = poisson(k * t, 5);
          const survive = Math.exp(-mu * t);
          let upTo = 0;
          for (let n = 0; n < 5; n++) {
            // Alive at T: survive t (Poisson(λt)), or die at τ < t: μ λ^n/(λ+μ)^{n+1} P(Gamma(n+1, λ+μ) ≤ t).
            upTo += total[n] as number;
            const pn = survive * (pois[n] as number) + (mu / k) * (lam / k) ** n * Math.max(0, 1 - upTo);
            joint[n] = (joint[n] as number) + w * (aliveL * pn + (n === 0 ? deadL : 0));
          }
        }
      }
      for (let n = 0; n < 5; n++) {
        const kernel = paretoNbdConditionalPmf(params, n, t, one(x, tx, T))[0] as number;
        expect(Math.abs(kernel - (joint[n] as number) / evidence)).toBeLessThan(5e-4);
      }
    }
  });
});

describe('BG/BB conditional PMF, P(X(n, n+n*) = x* | x, t_x, n)', () => {
  const bgbb = (x: number, tx: number, n: number) => one(x, tx, n);
  const expectedPurchases = betaGeoBetaBinomModel.kernels.expectedPurchases as NonNullable<
    typeof betaGeoBetaBinomModel.kernels.expectedPurchases
  >;

  it('sums to 1 and has mean expectedPurchases (property)', () => {
    const history = fc
      .tuple(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
      )
      .map(([n, a, b]) => {
        const tx = Math.min(a, n);
        const x = tx === 0 ? 0 : 1 + (b % tx);
        return { x, tx, n };
      });
    fc.assert(
      fc.property(
        positive(0.2, 5),
        positive(0.2, 5),
        positive(0.2, 5),
        positive(0.2, 5),
        history,
        fc.integer({ min: 1, max: 20 }),
        (alpha, beta, gamma, delta, h, future) => {
          const params = { alpha, beta, gamma, delta };
          const cols = bgbb(h.x, h.tx, h.n);
          const { total, mean } = moments(
            (k) => betaGeoBetaBinomConditionalPmf(params, k, future, cols)[0] as number,
            future + 1,
          );
          const expected = expectedPurchases(params, future, cols)[0] as number;
          expect(total).toBeCloseTo(1, 12);
          expect(mean).toBeCloseTo(expected, 10);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('agrees with brute force: every dropout time, integrated over (p, θ) on a grid', () => {
    const params = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
    const future = 5;
    const steps = 300;
    // Midpoint rule in logit space for both Beta variables (integrable endpoint singularities).
    const nodes = Array.from({ length: steps }, (_, k) => {
      const u = -30 + ((k + 0.5) * 60) / steps;
      const v = 1 / (1 + Math.exp(-u));
      return { v, w: v * (1 - v) * (60 / steps) };
    });
    const betaPdf = (v: number, a: number, b: number) =>
      Math.exp((a - 1) * Math.log(v) + (b - 1) * Math.log1p(-v) - (lgamma(a) + lgamma(b) - lgamma(a + b)));
    const choose = (m: number, k: number) => Math.exp(lgamma(m + 1) - lgamma(k + 1) - lgamma(m - k + 1));
    for (const [x, tx, n] of [
      [0, 0, 6],
      [3, 6, 6],
      [2, 3, 6],
    ] as const) {
      const joint = new Float64Array(future + 1);
      let evidence = 0;
      for (const { v: p, w: wp } of nodes) {
        const fp = betaPdf(p, params.alpha, params.beta) * wp;
        for (const { v: th, w: wt } of nodes) {
          const w = fp * betaPdf(th, params.gamma, params.delta) * wt;
          // Alive for exactly m opportunities (m = t_x … n + future), each with probability θ(1−θ)^m or (1−θ)^{n+future}.
          for (let m = tx; m <= n + future; m++) {
            const pm = m < n + future ? th * (1 - th) ** m : (1 - th) ** m;
            const seen = Math.min(m, n);
            if (m < n && m < tx) continue;
            // The observed history: x transactions in the first t_x opportunities, the t_x-th one of them, none in (t_x, seen].
            const history = p ** x * (1 - p) ** (seen - x);
            const later = Math.max(0, m - n);
            evidence += w * pm * history;
            for (let k = 0; k <= later; k++)
              joint[k] =
                (joint[k] as number) + w * pm * history * choose(later, k) * p ** k * (1 - p) ** (later - k);
          }
        }
      }
      for (let k = 0; k <= future; k++) {
        const kernel = betaGeoBetaBinomConditionalPmf(params, k, future, bgbb(x, tx, n))[0] as number;
        expect(Math.abs(kernel - (joint[k] as number) / evidence)).toBeLessThan(1e-4);
      }
    }
  });
});

describe('BG family conditional PMF with t far beyond α (the purchase-count tail that falls like j^{r−1})', () => {
  it('gives P(X = 1 | alive) from the closed form 1 − NB₀ = −expm1(r ln(α/(α+t))), where the direct tail would need ~10⁹ terms', () => {
    // r = 0.01, α = 0.01 (+T = 2), a = 100, b = 1, t = 1e9: NB₀ = 0.78 > ½, so the tail is summed until the
    // 10⁵-term budget and then taken as 1 − Σ_{j<n} NB_j; at n = 1 that is exactly 1 − NB₀.
    const p = { r: 0.01, alpha: 0.01, a: 100, b: 1 };
    const t = 1e9;
    const [pmf1] = betaGeoFamilyConditionalPmf(0, p, 1, t, one(0, 0, 2));
    const ap = p.alpha + 2;
    const lq = Math.log(ap / (ap + t));
    const nb1 = p.r * Math.exp(p.r * lq) * (t / (ap + t));
    const bp = p.b; // x = 0, s = 0
    const stay = bp / (p.a + bp); // B(a, b'+1)/B(a, b') at n = 1
    const drop = p.a / (p.a + bp); // B(a+1, b')/B(a, b')
    // x = 0: P(alive at T) = 1 in the BG/NBD (no dropout chance before a first repeat purchase).
    expect(pmf1).toBeCloseTo(stay * nb1 + drop * -Math.expm1(p.r * lq), 14);
  });
});
