import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  betaGeoBetaBinomExpectedPurchasesNewCustomer,
  betaGeoBetaBinomProbabilityOfPurchases,
} from '../../src/models/betaGeoBetaBinom/newCustomer.js';
import { fitBetaGeoBetaBinom } from '../../src/models/betaGeoBetaBinom.js';
import { fitFromParams } from '../../src/models/fitFromParams.js';
import { simulateCustomers } from '../../src/models/simulate/simulateCustomers.js';
import { lgamma } from '../../src/models/special/lgamma.js';
import { DATA_DIR } from './cdnow.js';

function loadDonations() {
  const rows = readFileSync(`${DATA_DIR}donations.csv`, 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(',').map(Number));
  const col = (j: number) => Float64Array.from(rows, (r) => r[j] as number);
  return { frequency: col(0), recency: col(1), periods: col(2), weights: col(3) };
}

const positive = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });

describe('BG/BB new customer (Fader, Hardie & Berger 2010)', () => {
  it('expected donors with x = 0 … 6 repeat donations in 1996–2001 match Hardie’s donations spreadsheet', () => {
    const fit = fitBetaGeoBetaBinom(loadDonations());
    const expected = Array.from(
      { length: 7 },
      (_, x) => 11104 * betaGeoBetaBinomProbabilityOfPurchases(fit.params, x, 6),
    );
    // "In-Sample Fit" sheet, cells C18 (x = 0) and C24 (x = 6), as quoted by lifetimes' tests.
    expect(expected[0]).toBeCloseTo(3454.9, 1);
    expect(expected[6]).toBeCloseTo(1253.1, 1);
    expect(expected.reduce((s, v) => s + v, 0)).toBeCloseTo(11104, 8);
    // and at the published (rounded) parameters, to the donor
    const published = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
    expect(Math.round(11104 * betaGeoBetaBinomProbabilityOfPurchases(published, 0, 6))).toBe(3456);
  });

  it('E[X(n)] equals FHB eq. 9 in Γ functions and the mean of P(X(n) = x) (property)', () => {
    fc.assert(
      fc.property(
        positive(0.1, 5),
        positive(0.1, 5),
        positive(0.1, 5).filter((g) => Math.abs(g - 1) > 1e-3),
        positive(0.1, 5),
        fc.integer({ min: 0, max: 60 }),
        (alpha, beta, gamma, delta, n) => {
          const params = { alpha, beta, gamma, delta };
          const e = betaGeoBetaBinomExpectedPurchasesNewCustomer(params, n);
          const closed =
            (alpha / (alpha + beta)) *
            (delta / (gamma - 1)) *
            (1 -
              Math.exp(
                lgamma(gamma + delta) - lgamma(1 + delta) + lgamma(1 + delta + n) - lgamma(gamma + delta + n),
              ));
          expect(e).toBeCloseTo(closed, 9);
          let total = 0;
          let mean = 0;
          for (let x = 0; x <= n; x++) {
            const p = betaGeoBetaBinomProbabilityOfPurchases(params, x, n);
            expect(p).toBeGreaterThanOrEqual(0);
            total += p;
            mean += x * p;
          }
          expect(total).toBeCloseTo(1, 12);
          expect(mean).toBeCloseTo(e, 10);
          expect(betaGeoBetaBinomProbabilityOfPurchases(params, n + 1, n)).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with a simulation of 200,000 new customers over 6 opportunities', () => {
    const params = { alpha: 1.204, beta: 0.75, gamma: 0.657, delta: 2.783 };
    const N = 200_000;
    const sim = simulateCustomers(fitFromParams({ model: 'betaGeoBetaBinom', params }), {
      customers: N,
      T: 6,
      seed: 15,
    });
    const counts = new Float64Array(7);
    let sum = 0;
    for (let i = 0; i < N; i++) {
      const x = sim.frequency[i] as number;
      counts[x] = (counts[x] as number) + 1;
      sum += x;
    }
    for (let x = 0; x <= 6; x++) {
      const p = betaGeoBetaBinomProbabilityOfPurchases(params, x, 6);
      expect(Math.abs((counts[x] as number) / N - p)).toBeLessThan(4.5 * Math.sqrt((p * (1 - p)) / N));
    }
    expect(Math.abs(sum / N - betaGeoBetaBinomExpectedPurchasesNewCustomer(params, 6))).toBeLessThan(0.015);
  });

  it('is continuous at γ = 1 and 0 at n = 0', () => {
    const at = (gamma: number) =>
      betaGeoBetaBinomExpectedPurchasesNewCustomer({ alpha: 1, beta: 1, gamma, delta: 2 }, 10);
    expect(at(1)).toBeCloseTo((at(1 - 1e-7) + at(1 + 1e-7)) / 2, 9);
    // γ = 1: Σ_{k=1}^{10} δ/(δ+k) with δ = 2, times E[p] = ½.
    let s = 0;
    for (let k = 1; k <= 10; k++) s += 2 / (2 + k);
    expect(at(1)).toBeCloseTo(s / 2, 12);
    expect(betaGeoBetaBinomExpectedPurchasesNewCustomer({ alpha: 1, beta: 1, gamma: 1, delta: 2 }, 0)).toBe(
      0,
    );
    expect(betaGeoBetaBinomProbabilityOfPurchases({ alpha: 1, beta: 1, gamma: 1, delta: 2 }, 0, 0)).toBe(1);
  });
});
