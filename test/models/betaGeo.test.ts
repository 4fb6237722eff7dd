import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvFitError } from '../../src/errors.js';
import { betaGeoFamilyLogLikelihood } from '../../src/models/betaGeo/likelihood.js';
import { betaGeoModel, fitBetaGeo } from '../../src/models/betaGeo.js';
import { customerColumns } from '../../src/models/data/customers.js';
import { groupCustomers } from '../../src/models/data/groupCustomers.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { expectedPurchasesNewCustomer } from '../../src/models/predict.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';
import { lgamma } from '../../src/models/special/lgamma.js';
import { loadCdnowSummary } from './cdnow.js';

/** Rounds to `digits` significant digits. */
const sig = (v: number, digits = 3) => Number(v.toPrecision(digits));

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005)', () => {
  const cdnow = loadCdnowSummary();
  const fit = fitBetaGeo(cdnow);

  it('reproduces the published estimates to 3 significant digits and LL within 0.1', () => {
    expect(sig(fit.params.r as number)).toBe(0.243);
    expect(sig(fit.params.alpha as number)).toBe(4.41); // published 4.414
    expect(sig(fit.params.a as number)).toBe(0.793);
    expect(sig(fit.params.b as number)).toBe(2.43); // published 2.426
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.1);
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(2357);
  });

  it('gives the published log-likelihood at the published parameters (−9,582.43)', () => {
    const g = groupCustomers(customerColumns(cdnow));
    expect(betaGeoModel.logLikelihood(Float64Array.of(0.243, 4.414, 0.793, 2.426), g)).toBeCloseTo(
      -9582.43,
      2,
    );
  });

  it('has standard errors close to those of lifetimes (r 0.0126, α 0.378, a 0.186, b 0.705; within 2%)', () => {
    const se = fit.standardErrors as { r: number; alpha: number; a: number; b: number };
    expect(Math.abs(se.r / 0.0126 - 1)).toBeLessThan(0.02);
    expect(Math.abs(se.alpha / 0.378 - 1)).toBeLessThan(0.02);
    expect(Math.abs(se.a / 0.186 - 1)).toBeLessThan(0.02);
    expect(Math.abs(se.b / 0.705 - 1)).toBeLessThan(0.02);
  });

  it('is the same fit from rows, from plain arrays, and with weights', () => {
    const rows = Array.from(cdnow.frequency, (x, i) => ({
      frequency: x,
      recency: cdnow.recency[i] as number,
      T: cdnow.T[i] as number,
    }));
    const fromRows = fitBetaGeo(rows);
    expect(fromRows.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    const g = groupCustomers(customerColumns(cdnow));
    const weighted = fitBetaGeo({ frequency: g.frequency, recency: g.recency, T: g.T, weights: g.weights });
    expect(weighted.params.r).toBeCloseTo(fit.params.r as number, 6);
  });
});

describe('BG family log-likelihood gradient', () => {
  const arbParams = fc.tuple(
    fc.double({ min: -6, max: 6, noNaN: true }),
    fc.double({ min: -6, max: 6, noNaN: true }),
    fc.double({ min: -6, max: 6, noNaN: true }),
    fc.double({ min: -6, max: 6, noNaN: true }),
  );
  const arbCustomers = fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: 10_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 10_000, noNaN: true }),
    ),
    { minLength: 1, maxLength: 20 },
  );

  it.each([0, 1] as const)(
    'equals central finite differences (shift %s), params 1e-6..1e6, x and T up to 1e4',
    (shift) => {
      fc.assert(
        fc.property(arbParams, arbCustomers, (logs, rows) => {
          const data = groupCustomers(
            customerColumns(rows.map(([x, u, T]) => ({ frequency: x, recency: x === 0 ? 0 : u * T, T }))),
          );
          const theta = Float64Array.from(logs, (l) => 10 ** l);
          const grad = new Float64Array(4);
          const ll = betaGeoFamilyLogLikelihood(shift, theta, data, grad);
          // Size of the ln Γ terms that cancel inside ll (their rounding is what the differences see).
          let lgammaScale = 0;
          for (const [x] of rows)
            lgammaScale +=
              Math.abs(lgamma(theta.reduce((s, v) => s + v, 0) + x + 1)) + Math.abs(lgamma(1 + x));
          expect(Number.isFinite(ll)).toBe(true);
          for (let j = 0; j < 4; j++) {
            // Differences in ln θ_j: ∂/∂ln θ = θ ∂/∂θ.
            const h = 1e-4;
            const up = Float64Array.from(theta);
            const down = Float64Array.from(theta);
            up[j] = (theta[j] as number) * Math.exp(h);
            down[j] = (theta[j] as number) * Math.exp(-h);
            const numeric =
              (betaGeoFamilyLogLikelihood(shift, up, data) - betaGeoFamilyLogLikelihood(shift, down, data)) /
              (2 * h);
            const analytic = (theta[j] as number) * (grad[j] as number);
            // Rounding: ln Γ of arguments up to ~1e6 carries ~1e-11 absolute error, i.e. ~1e-7 after dividing by 2h.
            const tol = 1e-5 * Math.max(1, Math.abs(numeric)) + (1e-15 * lgammaScale) / h;
            expect(Math.abs(analytic - numeric)).toBeLessThanOrEqual(tol);
          }
        }),
        { numRuns: 200 },
      );
    },
  );
});

describe('BG/NBD parameter recovery from simulated customers', () => {
  const truth = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };
  it('recovers the parameters within their 95% intervals for at least 4 of 5 seeds (100,000 customers each)', () => {
    const covered: Record<string, number> = { r: 0, alpha: 0, a: 0, b: 0 };
    for (const seed of [1, 2, 3, 4, 5]) {
      // Cohort joining over 12 weeks, observed to week 39 (like CDNOW).
      const T = Float64Array.from({ length: 100_000 }, (_, i) => 27 + (i % 84) / 7);
      const sim = simulateCustomers(fitFromParams({ model: 'betaGeo', params: truth }), { T, seed });
      const fit = fitBetaGeo(sim);
      for (const [name, value] of Object.entries(truth)) {
        const [lo, hi] = fit.confidenceIntervals[name] as readonly [number, number];
        if (lo <= value && value <= hi) covered[name] = (covered[name] as number) + 1;
      }
    }
    for (const name of Object.keys(truth)) expect(covered[name]).toBeGreaterThanOrEqual(4);
  });

  it('draws heavy buyers count by count (λ·age > 10⁴): parameters recovered (2 of 3 seeds), the closed form’s mean', () => {
    // λ ~ Gamma(20, 0.001) (20,000 purchases per unit of time), p ~ Beta(3, 30,000), ages 0.5–1: λ·age from about
    // 5,000 to 30,000, so histories are walked purchase by purchase below 10⁴ and drawn whole above (Poisson
    // arrivals, a geometric drop-out, t_x as an order statistic). Walked, r = 10¹² ran without end.
    const heavy = { r: 20, alpha: 0.001, a: 3, b: 30_000 };
    const covered: Record<string, number> = { r: 0, alpha: 0, a: 0, b: 0 };
    const T = Float64Array.from({ length: 20_000 }, (_, i) => 0.5 + (i % 100) / 200);
    const model = fitFromParams({ model: 'betaGeo', params: heavy });
    let expected = 0;
    for (let k = 0; k < 100; k++) expected += expectedPurchasesNewCustomer(model, 0.5 + k / 200) / 100; // T's 100 ages, equally often
    for (const seed of [1, 2, 3]) {
      const sim = simulateCustomers(model, { T, seed });
      let mean = 0;
      let square = 0;
      for (const x of sim.frequency) {
        mean += x / T.length;
        square += (x * x) / T.length;
      }
      const standardError = Math.sqrt((square - mean * mean) / T.length);
      expect(Math.abs(mean - expected)).toBeLessThan(4 * standardError);
      const fit = fitBetaGeo(sim);
      for (const [name, value] of Object.entries(heavy)) {
        const [lo, hi] = fit.confidenceIntervals[name] as readonly [number, number];
        if (lo <= value && value <= hi) covered[name] = (covered[name] as number) + 1;
      }
    }
    for (const name of Object.keys(heavy)) expect(covered[name]).toBeGreaterThanOrEqual(2);
    const extreme = simulateCustomers(
      fitFromParams({ model: 'betaGeo', params: { r: 1e12, alpha: 1e-3, a: 1e-9, b: 1 } }),
      {
        T: [39, 39],
        seed: 1,
      },
    );
    for (const x of extreme.frequency) expect(x / 3.9e16).toBeCloseTo(1, 6); // nobody drops out: N ~ Poisson(λ·39)
  });
});

describe('BG/NBD failure modes', () => {
  it('throws ClvFitError (never NaN parameters) when no customer ever repeats', () => {
    expect(() => fitBetaGeo({ frequency: [0, 0, 0], recency: [0, 0, 0], T: [10, 20, 30] })).toThrow(
      ClvFitError,
    );
  });
  it('throws ClvValidationError naming the bad value', () => {
    expect(() => fitBetaGeo({ frequency: [1], recency: [2], T: [1] })).toThrow(
      'fitBetaGeo: invalid input — recency[0]: expected a finite number in [0, T = 1], received 2',
    );
  });
});
